"""Which re-screening state a worker owns, and how it gets it back from the changelog.

The state topic is compacted and co-partitioned with ``orders``: the record of an order lives in
the partition the order came from, so the worker that screens a partition owns its state. Each
record is written by the screening loop in the same produce burst as the decision (so state is in
step with screening, never minutes behind) and committed to the local file once the broker has it.

When partitions are assigned, the worker catches each one up from its local checkpoint (or from
the start, with a new data dir) to the end offset seen at assignment. Screening does not wait for
this: orders of a recovering partition are screened at once, and the keys written meanwhile are
remembered so that an older changelog record never overwrites them. Reviews and re-screening of a
partition wait until it has caught up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from screener import metrics
from screener.config import Settings
from screener.stream.retry import started, with_retries
from screener.stream.state_store import T_OCCURRED, StateStore

log = logging.getLogger(__name__)


class ScreeningState:
    def __init__(self, settings: Settings, store: StateStore):
        self.settings = settings
        self.store = store
        self.owned: set[int] = set()
        self.recovered: set[int] = set()
        self._fresh: dict[int, set[str]] = {}  # keys written while the partition catches up
        self._written: dict[int, int] = {}     # next changelog offset after our own writes
        self._tasks: set[asyncio.Task] = set()
        self._failure: BaseException | None = None
        self.on_recovered: Callable[[set[int]], None] = lambda parts: None
        self.recovery_seconds: list[float] = []

    # --- ownership (called by the rebalance listener) ---
    def assign(self, parts: Iterable[int]) -> None:
        new = set(parts) - self.owned
        if not new:
            return
        self.owned |= new
        for p in new:
            self._fresh[p] = set()
        task = asyncio.get_running_loop().create_task(self._recover(new), name=f"state-recovery-{sorted(new)}")
        self._tasks.add(task)
        task.add_done_callback(self._recovery_done)
        metrics.STATE_PARTITIONS.labels("recovering").set(len(self.owned - self.recovered))

    def revoke(self, parts: Iterable[int]) -> None:
        gone = set(parts) & self.owned
        self.owned -= gone
        self.recovered -= gone
        for p in gone:
            self._fresh.pop(p, None)
            self._written.pop(p, None)
        self._update_gauges()

    def _recovery_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._failure = task.exception()

    def check(self) -> None:
        """Raise the failure of a recovery task or of the state writer, if any (the worker's
        supervisor calls this)."""
        if self._failure is not None:
            raise self._failure
        self.store.check()

    async def stop(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- writes (after the broker acknowledged them) ---
    def written(self, rows: list[tuple[str, int, float | None, bytes | None]], upto: dict[int, int]) -> None:
        """Commit acknowledged state records to the local file; a recovered partition's checkpoint
        moves past them, a recovering one remembers their keys."""
        for oid, part, _, _ in rows:
            fresh = self._fresh.get(part)
            if fresh is not None:
                fresh.add(oid)
        checkpoints = {}
        for part, nxt in upto.items():
            self._written[part] = max(self._written.get(part, 0), nxt)
            if part in self.recovered:
                checkpoints[part] = nxt
        self.store.submit(rows, checkpoints)

    # --- recovery ---
    async def _recover(self, parts: set[int]) -> None:
        started = time.monotonic()
        await with_retries(f"recovering re-screening state of partitions {sorted(parts)}",
                           lambda: self._catch_up(parts), abandon=lambda: not (parts & self.owned))
        done = parts & self.owned
        if not done:
            return
        self.recovered |= done
        for p in done:
            self._fresh.pop(p, None)
        elapsed = time.monotonic() - started
        self.recovery_seconds.append(elapsed)
        metrics.STATE_RECOVERY_SECONDS.observe(elapsed)
        log.info("re-screening state of partitions %s recovered in %.2fs (%d orders held locally)",
                 sorted(done), elapsed, self.store.count(done))
        self._update_gauges()
        self.on_recovered(done)

    async def _catch_up(self, parts: set[int]) -> None:
        s = self.settings
        tps = {p: TopicPartition(s.state_topic, p) for p in sorted(parts)}
        consumer = await started(AIOKafkaConsumer(
            bootstrap_servers=s.kafka_bootstrap_servers, group_id=None, enable_auto_commit=False,
            auto_offset_reset="earliest", request_timeout_ms=s.request_timeout_ms,
            fetch_max_bytes=16 * 1024 * 1024, max_partition_fetch_bytes=4 * 1024 * 1024))
        try:
            consumer.assign(list(tps.values()))
            ends = await consumer.end_offsets(list(tps.values()))
            starts = await consumer.beginning_offsets(list(tps.values()))
            now = time.time()
            max_age = s.state_checkpoint_max_age_h * 3600
            for p, tp in tps.items():
                ck = self.store.checkpoint(p)
                if ck is not None and (now - ck.written_at > max_age or ck.next_offset < starts[tp]):
                    # Too old to trust (compaction may have dropped the tombstones since), or the
                    # log no longer reaches back to it: rebuild this partition from the start.
                    log.warning("local state of partition %d is stale (checkpoint %d, topic %d..%d): "
                                "rebuilding it from the changelog", p, ck.next_offset, starts[tp], ends[tp])
                    self.store.wipe(p)
                    ck = None
                if ck is None:
                    consumer.seek(tp, starts[tp])
                else:
                    consumer.seek(tp, ck.next_offset)
            remaining = {p for p, tp in tps.items() if await consumer.position(tp) < ends[tp]}
            applied = 0
            while remaining:
                remaining &= self.owned
                if not remaining:
                    return
                batch = await consumer.getmany(*(tps[p] for p in remaining), timeout_ms=500, max_records=5000)
                rows = []
                for tp, records in batch.items():
                    p = tp.partition
                    if p not in self.owned:
                        continue
                    fresh = self._fresh.get(p, set())
                    # Every record fetched is applied, also past the end offset read at the start:
                    # a fetch returns whole batches (and some brokers, Tansu among them, report the
                    # end of a multi-record batch as its first offset + 1).
                    for rec in records:
                        if rec.key is None:
                            continue
                        oid = rec.key.decode("utf-8", "replace")
                        if oid in fresh:
                            continue  # written by this worker since the assignment: newer
                        if rec.value is None:
                            rows.append((oid, p, None, None))
                        else:
                            try:
                                occurred = float(orjson.loads(rec.value)[T_OCCURRED])
                            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                                metrics.STATE_ERRORS.labels("bad_record").inc()
                                continue
                            rows.append((oid, p, occurred, rec.value))
                self.store.submit(rows)
                applied += len(rows)
                for p in list(remaining):
                    if await consumer.position(tps[p]) >= ends[tps[p]]:
                        remaining.discard(p)
                await asyncio.sleep(0)
            # Caught up: from here the checkpoint follows this worker's own writes.
            positions = {p: await consumer.position(tps[p]) for p in parts & self.owned}
            self.store.submit([], {p: max(pos, self._written.get(p, 0)) for p, pos in positions.items()})
            log.debug("applied %d changelog records for partitions %s", applied, sorted(parts))
        finally:
            await consumer.stop()

    def _update_gauges(self) -> None:
        metrics.STATE_PARTITIONS.labels("recovering").set(len(self.owned - self.recovered))
        metrics.STATE_PARTITIONS.labels("recovered").set(len(self.recovered))
