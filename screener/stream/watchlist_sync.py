"""Every worker's copy of the control topics: the watch lists, the policy, the allow-list.

Each worker reads *all* partitions of the compacted control topics without a consumer group,
from the beginning, and keeps tailing them, so every worker holds the same lists at the same
version and changes apply live. ``ready`` is set while the worker may screen: the topics are
replayed up to the end offsets seen at start-up, and the watch-list state has no objection
(``WatchlistState.not_ready``: open loads, inconsistent lists, required lists missing or empty).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from screener import metrics
from screener.stream.retry import is_transient, started, with_retries
from screener.stream.watchlist_state import ListStatus, WatchlistState, replay

__all__ = ["ControlSync", "ListStatus", "WatchlistState", "WatchlistSync", "replay"]

log = logging.getLogger(__name__)

Handler = Callable[[bytes | None, bytes | None, int], None]  # (key, value, offset)


class ControlSync:
    """Tails the control topics for one worker."""

    def __init__(self, bootstrap: str, topic: str, state: WatchlistState, beat: Callable[[], None] = lambda: None,
                 request_timeout_ms: int = 40_000, extra: dict[str, Handler] | None = None):
        self.bootstrap = bootstrap
        self.topic = topic
        self.state = state
        self.beat = beat
        self.request_timeout_ms = request_timeout_ms
        self.extra = dict(extra or {})  # other compacted topics replayed alongside (policy, allow-list)
        self.ready = asyncio.Event()
        self.caught_up = asyncio.Event()
        self.not_ready_reason: str | None = "replaying the watch-list control topic"
        self._listeners: list[Callable[[bool, str | None], None]] = []

    def on_readiness(self, fn: Callable[[bool, str | None], None]) -> None:
        self._listeners.append(fn)

    def check_ready(self) -> bool:
        """Re-evaluate readiness now (a list change, an expired load, a policy naming new
        required lists); returns it."""
        reason = self.state.not_ready()
        if not self.caught_up.is_set():
            reason = reason or "replaying the control topics"
        changed = reason != self.not_ready_reason
        self.not_ready_reason = reason
        if reason is None:
            if not self.ready.is_set():
                log.info("watch lists ready: %s", ", ".join(f"{k} {v['n']:,}" for k, v in self.state.summary().items()))
            self.ready.set()
        else:
            if self.ready.is_set() or changed:
                log.warning("not screening: %s", reason)
            self.ready.clear()
        metrics.WATCHLIST_READY.set(1 if reason is None else 0)
        if changed:
            for fn in self._listeners:
                fn(reason is None, reason)
        return reason is None

    async def _start(self) -> AIOKafkaConsumer:
        return await started(AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_bytes=16 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024, request_timeout_ms=self.request_timeout_ms,
        ))

    async def run(self) -> None:
        consumer = await with_retries("starting the control-topic consumer", self._start)
        try:
            topics = [self.topic, *self.extra]
            partitions = await with_retries("reading the control topics' partitions",
                                            lambda: self._partitions(consumer, topics))
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            targets = await with_retries("reading the control topics' end offsets",
                                         lambda: consumer.end_offsets(partitions))
            log.info("replaying %s up to %s", ", ".join(topics),
                     {f"{tp.topic}/{tp.partition}": o for tp, o in targets.items()})
            while True:
                self.beat()
                try:
                    batch = await consumer.getmany(timeout_ms=500, max_records=5000)
                except KafkaError as exc:
                    if not is_transient(exc):
                        raise
                    log.warning("reading the control topics failed (%s); retrying", exc)
                    await asyncio.sleep(1.0)
                    continue
                for tp, records in batch.items():
                    handler = self.extra.get(tp.topic)
                    for rec in records:
                        if handler is None:
                            self.state.apply_raw(rec.value, rec.offset + 1, rec.key)
                        else:
                            handler(rec.key, rec.value, rec.offset)
                    # Yield between chunks so a long replay doesn't starve the event loop.
                    await asyncio.sleep(0)
                if not self.caught_up.is_set():
                    positions = {tp: await consumer.position(tp) for tp in partitions}
                    if all(positions[tp] >= targets[tp] for tp in partitions):
                        self.state.caught_up = True
                        self.caught_up.set()
                        log.info("control topics replayed: %d entries in %d lists, version %d",
                                 len(self.state.entries), len(self.state.heads), self.state.version)
                self.check_ready()
        finally:
            await consumer.stop()

    async def _partitions(self, consumer: AIOKafkaConsumer, topics: list[str]) -> list[TopicPartition]:
        out = []
        for topic in topics:
            parts = consumer.partitions_for_topic(topic)
            if not parts:
                # The metadata of topics not asked for yet: a consumer that subscribes to nothing
                # fetches them through this public call.
                await consumer.topics()
                parts = consumer.partitions_for_topic(topic)
            if not parts:
                raise RuntimeError(f"control topic {topic!r} does not exist; create it first "
                                   "(`screener topics` or the README's kafka-topics commands)")
            out += [TopicPartition(topic, p) for p in sorted(parts)]
        return out


WatchlistSync = ControlSync  # the name the console and older code use
