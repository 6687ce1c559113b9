"""The listed entries, for the case pages: the console replays the control topic exactly as a
worker does (group-less, every partition, from the beginning) into a ``WatchlistState``.

The state lives in memory and is rebuilt at every start, like a worker's; the entries that held
a case are also kept in the database (``entry_snapshots``), so a case page can still show an
entry that has since left the list.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition

from screener.config import Settings
from screener.events.control import WatchlistEntry, entry_hash
from screener.stream.retry import started, with_retries
from screener.stream.watchlist_sync import WatchlistState

try:  # a matcher that indexes nothing: the console only reads the entries
    from screener.stream.watchlist_state import NullMatcher
except ImportError:  # pragma: no cover - older workers' module layout
    NullMatcher = None

log = logging.getLogger(__name__)


class ControlFollower:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.state = WatchlistState(matcher=NullMatcher()) if NullMatcher is not None else WatchlistState()
        self.ready = asyncio.Event()
        self._by_code: dict[tuple[str, str], WatchlistEntry] = {}
        self._by_code_version = -1

    def find(self, list_code: str | None, entry_id: str | None, list_id: str | None = None) -> WatchlistEntry | None:
        """The live entry a decision's reason names: by its ``list_id`` (``origin:code``) when the
        reason carries one, else by the list code (``SDN``) and entry id."""
        if not entry_id:
            return None
        entries = self.state.entries
        for lid in (list_id, list_code):
            if lid:
                found = entries.get(f"{lid}/{entry_id}")
                if found is not None:
                    return found
        if self._by_code_version != self.state.version:
            version = self.state.version
            for _ in range(5):  # the replay applies records in another thread
                try:
                    snapshot = list(entries.values())
                    break
                except RuntimeError:  # the dict changed size while it was copied
                    continue
            else:
                return None
            self._by_code = {(e.list, e.entry_id): e for e in snapshot}
            self._by_code_version = version
        return self._by_code.get((list_code or "", entry_id))

    def for_reason(self, reason: dict) -> WatchlistEntry | None:
        return self.find(reason.get("list"), reason.get("entry_id"), reason.get("list_id"))

    def hash_for(self, list_code: str | None, entry_id: str | None, list_id: str | None = None) -> str | None:
        entry = self.find(list_code, entry_id, list_id)
        return entry_hash(entry) if entry is not None else None

    @property
    def version(self) -> int:
        return self.state.version

    async def _start(self) -> AIOKafkaConsumer:
        return await started(AIOKafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap_servers, group_id=None,
                                    enable_auto_commit=False, auto_offset_reset="earliest",
                                    fetch_max_bytes=16 * 1024 * 1024, max_partition_fetch_bytes=16 * 1024 * 1024,
                                    request_timeout_ms=self.settings.request_timeout_ms))

    def _apply(self, records) -> None:
        for rec in records:
            self.state.apply_raw(rec.value, rec.offset + 1, rec.key)

    async def run(self) -> None:
        consumer = await with_retries("starting the console's watch-list consumer", self._start)
        try:
            topic = self.settings.control_topic
            while not consumer.partitions_for_topic(topic):
                await consumer._client.force_metadata_update()  # noqa: SLF001 - no public equivalent
                await asyncio.sleep(1.0)
            tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            targets = await consumer.end_offsets(tps)
            while True:
                batch = await consumer.getmany(timeout_ms=500, max_records=5000)
                for records in batch.values():
                    # Off the event loop: a snapshot's end re-indexes a whole list.
                    await asyncio.to_thread(self._apply, records)
                if not self.ready.is_set():
                    if all([await consumer.position(tp) >= targets[tp] for tp in tps]):
                        self.ready.set()
                        log.info("watch list replayed: %d entries, version %d", len(self.state.entries),
                                 self.state.version)
        finally:
            await consumer.stop()
