"""Every worker's in-memory watch list, rebuilt from the compacted control topic.

Each worker reads *all* partitions of the control topic without a consumer group, from the
beginning, so every worker holds the same entries at the same version. The version is the offset
of the last applied record plus one: the same on every worker, and it grows with every change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from screener import metrics
from screener.events.control import (
    DeleteEntry,
    SnapshotBegin,
    SnapshotEnd,
    SnapshotEntry,
    UpsertEntry,
    WatchlistEntry,
    control_adapter,
    entry_key,
)
from screener.matching import Matcher, build_matcher
from screener.stream.retry import with_retries

log = logging.getLogger(__name__)


@dataclass
class _PendingSnapshot:
    list_name: str
    snapshot_id: str
    entries: dict[str, WatchlistEntry] = field(default_factory=dict)


class WatchlistState:
    """Applies control commands in order. Snapshots are staged and swapped in atomically at their end."""

    def __init__(self, threshold: float | None = None):
        self.threshold = threshold
        self.entries: dict[str, WatchlistEntry] = {}
        self.matcher: Matcher = build_matcher((), threshold=threshold)
        self.version = 0
        self._pending: dict[str, _PendingSnapshot] = {}  # by snapshot_id
        self._listeners: list[Callable[[int], None]] = []

    def on_change(self, fn: Callable[[int], None]) -> None:
        self._listeners.append(fn)

    def _changed(self, version: int) -> None:
        self.version = version
        metrics.WATCHLIST_VERSION.set(version)
        metrics.WATCHLIST_ENTRIES.set(len(self.entries))
        for fn in self._listeners:
            fn(version)

    def apply_raw(self, raw: bytes | None, version: int, key: bytes | None = None) -> bool:
        """Apply one control record; ``version`` is its offset + 1. Returns True if the list changed.
        A bad record is counted and skipped: it must never stop the worker."""
        if raw is None:  # a compaction tombstone: the key names the entry to drop
            if key and b"/" in key and not key.startswith(b"snapshot-"):
                list_name, _, entry_id = key.decode("utf-8", "replace").partition("/")
                return self.apply(DeleteEntry(list=list_name, entry_id=entry_id), version)
            return False
        try:
            cmd = control_adapter.validate_python(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError) as exc:
            metrics.CONTROL_ERRORS.labels(type(exc).__name__).inc()
            log.error("control record at version %s rejected: %s", version, str(exc)[:500])
            return False
        return self.apply(cmd, version)

    def apply(self, cmd, version: int) -> bool:
        if isinstance(cmd, UpsertEntry):
            self.entries[cmd.entry.key] = cmd.entry
            self.matcher.upsert(cmd.entry)
        elif isinstance(cmd, DeleteEntry):
            if self.entries.pop(entry_key(cmd.list, cmd.entry_id), None) is None:
                return False
            self.matcher.delete(cmd.list, cmd.entry_id)
        elif isinstance(cmd, SnapshotBegin):
            self._pending[cmd.snapshot_id] = _PendingSnapshot(cmd.list, cmd.snapshot_id)
            return False
        elif isinstance(cmd, SnapshotEntry):
            pending = self._pending.get(cmd.snapshot_id)
            if pending is None:
                # Compaction dropped this snapshot's begin marker (a newer snapshot superseded it):
                # the entry is still the latest word on its key, so it applies as an upsert.
                return self.apply(UpsertEntry(entry=cmd.entry), version)
            pending.entries[cmd.entry.key] = cmd.entry
            return False
        elif isinstance(cmd, SnapshotEnd):
            pending = self._pending.pop(cmd.snapshot_id, None)
            if pending is None:
                return False
            if len(pending.entries) != cmd.count:
                metrics.CONTROL_ERRORS.labels("snapshot_incomplete").inc()
                log.error("snapshot %s of %s has %d entries, expected %d: discarded",
                          cmd.snapshot_id, cmd.list, len(pending.entries), cmd.count)
                return False
            self.entries = {k: v for k, v in self.entries.items() if v.list != pending.list_name}
            self.entries.update(pending.entries)
            self.matcher.replace_list(pending.list_name, pending.entries.values())
        else:  # pragma: no cover - the adapter admits nothing else
            return False
        self._changed(version)
        return True


class WatchlistSync:
    """Tails the control topic for one worker. ``ready`` is set once the topic has been replayed up
    to the end offsets seen at start-up and at least one entry is held (fail closed until then)."""

    def __init__(self, bootstrap: str, topic: str, state: WatchlistState,
                 beat: Callable[[], None] = lambda: None, request_timeout_ms: int = 40_000):
        self.bootstrap = bootstrap
        self.topic = topic
        self.state = state
        self.beat = beat
        self.request_timeout_ms = request_timeout_ms
        self.ready = asyncio.Event()
        self.caught_up = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None

    async def _start(self) -> AIOKafkaConsumer:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_bytes=16 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024, request_timeout_ms=self.request_timeout_ms,
        )
        try:
            await consumer.start()
        except BaseException:
            await consumer.stop()
            raise
        return consumer

    async def run(self) -> None:
        consumer = await with_retries("starting the watch-list consumer", self._start)
        self._consumer = consumer
        try:
            partitions = await self._partitions(consumer)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            targets = await consumer.end_offsets(partitions)
            log.info("replaying %s up to %s", self.topic, {tp.partition: o for tp, o in targets.items()})
            while True:
                self.beat()
                batch = await consumer.getmany(timeout_ms=500, max_records=5000)
                for records in batch.values():
                    for rec in records:
                        self.state.apply_raw(rec.value, rec.offset + 1, rec.key)
                    # Yield between chunks so a long replay doesn't starve the event loop.
                    await asyncio.sleep(0)
                if not self.caught_up.is_set():
                    positions = {tp: await consumer.position(tp) for tp in partitions}
                    if all(positions[tp] >= targets[tp] for tp in partitions):
                        self.caught_up.set()
                        log.info("control topic replayed: %d entries, version %d",
                                 len(self.state.entries), self.state.version)
                if self.caught_up.is_set() and not self.ready.is_set() and self.state.entries:
                    self.ready.set()
                    metrics.WATCHLIST_READY.set(1)
        finally:
            await consumer.stop()

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        for _ in range(100):
            parts = consumer.partitions_for_topic(self.topic)
            if parts:
                return [TopicPartition(self.topic, p) for p in sorted(parts)]
            await consumer._client.force_metadata_update()  # noqa: SLF001 - no public equivalent
            await asyncio.sleep(0.1)
        raise RuntimeError(f"control topic {self.topic!r} does not exist; create it first "
                           "(`screener topics create` or the README's kafka-topics commands)")
