"""The hot path: order events in, decisions out, a batch at a time.

Faust's per-event stream machinery tops out at a few thousand events/s on two cores (measured:
~3.7k/s for ``stream.take`` + ``send_soon``), so orders are consumed with aiokafka's batch API
inside a Faust service: one fetch, one screening call for every party of the batch, one produce
burst (decisions, dead letters and the orders' state records), then the offsets are committed
once everything of the batch is acknowledged (at-least-once; duplicates carry the same
decision_id). Review commands come through the same consumer: ``order-reviews`` is co-partitioned
with ``orders`` (range assignment), so the worker that owns an order's state applies its reviews.

What can go wrong, and what happens:
- one order fails to parse or to screen: it goes to the DLQ and gets a HOLD (fail closed), and the
  rest of the batch is decided normally;
- the broker stalls: delivery and commits are retried with backoff;
- a rebalance revokes partitions mid-batch: the revocation waits for the batch (bounded by
  ``revoke_wait_s``), then lets the partitions go; a batch it gave up on is screened again by the
  partitions' next owner, with the same decision ids.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from aiokafka.structs import OffsetAndMetadata

from screener import metrics
from screener.config import Settings
from screener.events.codec import InvalidInput, dead_letter, dumps, parse_order_data, readable_order_id
from screener.events.dlq import DeadLetter, excerpt
from screener.gcpause import freeze_long_lived, gc_paused
from screener.screening import INVALID_ORDER, SCREENING_ERROR, Screener, fail_closed
from screener.stream.delivery import Delivery, Outbox
from screener.stream.rescreen import order_record, order_time
from screener.stream.retry import is_transient, started, with_retries
from screener.stream.review import ReviewHandler
from screener.stream.state_changelog import ScreeningState
from screener.stream.watchlist_sync import WatchlistSync

log = logging.getLogger(__name__)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, owner: OrderScreening):
        self.owner = owner

    async def on_partitions_revoked(self, revoked):
        await self.owner.on_revoked(revoked)

    async def on_partitions_assigned(self, assigned):
        self.owner.on_assigned(assigned)


class OrderScreening:
    def __init__(self, settings: Settings, screener: Screener, sync: WatchlistSync, delivery: Delivery,
                 state: ScreeningState, reviews: ReviewHandler, beat: Callable[[], None]):
        self.settings = settings
        self.screener = screener
        self.sync = sync
        self.delivery = delivery
        self.state = state
        self.reviews = reviews
        self.beat = beat
        # One unit of work at a time: a batch, or a chunk of re-screening.
        self.lock = asyncio.Lock()
        self.consumer: AIOKafkaConsumer | None = None
        self.screened = 0
        self.dead_lettered = 0
        self._abandon = False
        self._paused: set = set()
        self.assigned_at: float | None = None
        self.first_decision_after_assign: float | None = None
        state.on_recovered = self._on_recovered

    # --- rebalancing ---
    async def on_revoked(self, revoked) -> None:
        parts = sorted(tp.partition for tp in revoked if tp.topic == self.settings.orders_topic)
        log.info("orders partitions revoked: %s", parts)
        if self.lock.locked():
            # Let the batch in flight finish: its offsets are committed under this generation.
            try:
                await asyncio.wait_for(self._idle(), self.settings.revoke_wait_s)
            except TimeoutError:
                self._abandon = True
                metrics.ABANDONED_BATCHES.inc()
                log.warning("batch in flight did not finish within %.0fs of the revocation: abandoned to the "
                            "partitions' next owner", self.settings.revoke_wait_s)
        self.state.revoke(parts)
        metrics.ASSIGNED.set(0)

    def on_assigned(self, assigned) -> None:
        s = self.settings
        parts = sorted(tp.partition for tp in assigned if tp.topic == s.orders_topic)
        log.info("orders partitions assigned: %s", parts)
        metrics.ASSIGNED.set(len(parts))
        self.assigned_at = time.monotonic()
        self.first_decision_after_assign = None
        self.state.assign(parts)
        self._apply_pauses()

    def _on_recovered(self, parts: set[int]) -> None:
        self._apply_pauses()

    def _apply_pauses(self) -> None:
        """Nothing is consumed while the worker is not ready (fail closed: orders wait in Kafka),
        and a partition's reviews wait until its state has caught up from the changelog."""
        if self.consumer is None:
            return
        assigned = self.consumer.assignment()
        if not self.sync.ready.is_set():
            paused = set(assigned)
        else:
            paused = {tp for tp in assigned
                      if tp.topic == self.settings.reviews_topic and tp.partition not in self.state.recovered}
        if paused != self._paused:
            if paused:
                self.consumer.pause(*paused)
            resumed = assigned - paused
            if resumed:
                self.consumer.resume(*resumed)
            self._paused = paused

    async def _idle(self) -> None:
        async with self.lock:
            pass

    # --- the loop ---
    async def run(self) -> None:
        s = self.settings
        if not self.sync.ready.is_set():
            # Fail closed: wait (orders stay in Kafka) rather than release unscreened orders.
            log.warning("not screening yet: %s", self.sync.not_ready_reason)
            while not self.sync.ready.is_set():
                self.beat()
                try:
                    await asyncio.wait_for(self.sync.ready.wait(), timeout=15)
                except TimeoutError:
                    log.warning("still not screening: %s (no order is decided until then)", self.sync.not_ready_reason)
        # The watch list, the policy and the index are loaded now and live as long as the worker:
        # keep the garbage collector from walking them again in every full collection.
        freeze_long_lived()
        self.consumer = await with_retries("starting the order consumer", self._start_consumer)
        self.consumer.subscribe([s.orders_topic, s.reviews_topic], listener=_Rebalance(self))
        log.info("screening orders from %r as group %r", s.orders_topic, s.group_id)
        try:
            while True:
                self.beat()
                self._apply_pauses()
                try:
                    batch = await self.consumer.getmany(timeout_ms=200, max_records=s.batch_max)
                except KafkaError as exc:
                    if not is_transient(exc):
                        raise
                    log.warning("fetching orders failed (%s: %s); retrying", type(exc).__name__, exc)
                    await asyncio.sleep(1.0)
                    continue
                if batch and not self.sync.ready.is_set():
                    # Fetched just before the lists became unusable: leave them to be read again.
                    for tp, recs in batch.items():
                        self.consumer.seek(tp, recs[0].offset)
                    continue
                if batch:
                    await self.process(batch)
        finally:
            await self.consumer.stop()

    async def _start_consumer(self) -> AIOKafkaConsumer:
        s = self.settings
        return await started(AIOKafkaConsumer(
            bootstrap_servers=s.kafka_bootstrap_servers,
            group_id=s.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=s.batch_max,
            fetch_max_bytes=s.fetch_max_bytes,
            # A short long-poll keeps latency low when orders trickle in; under load fetches
            # return full long before this.
            fetch_max_wait_ms=s.fetch_max_wait_ms,
            max_partition_fetch_bytes=max(1024 * 1024, s.fetch_max_bytes // 4),
            session_timeout_ms=s.session_timeout_ms,
            heartbeat_interval_ms=max(500, s.session_timeout_ms // 10),
            request_timeout_ms=s.request_timeout_ms,
            rebalance_timeout_ms=s.rebalance_timeout_ms,
            # Range assignment gives one worker the same partition numbers of orders and reviews.
            partition_assignment_strategy=(RangePartitionAssignor,),
        ))

    async def process(self, batch) -> None:
        s = self.settings
        async with self.lock:
            self._abandon = False
            order_records = {tp: recs for tp, recs in batch.items() if tp.topic == s.orders_topic}
            box, offsets = self.screen_batch(order_records)
            reviews = [rec.value for tp, recs in batch.items() if tp.topic == s.reviews_topic for rec in recs]
            if reviews:
                box.extend(self.reviews.apply(reviews))
            for tp, recs in batch.items():
                if tp.topic == s.reviews_topic:
                    offsets[tp] = OffsetAndMetadata(recs[-1].offset + 1, "")
            upto = await self.delivery.deliver(box, abandon=lambda: self._abandon)
            if upto is None:
                return  # abandoned: the partitions' next owner screens the batch again
            self.state.written(box.state, upto)
            if self.first_decision_after_assign is None and box.decisions and self.assigned_at is not None:
                self.first_decision_after_assign = time.monotonic()
                log.info("first decisions %.2fs after the partition assignment",
                         self.first_decision_after_assign - self.assigned_at)
            await self._commit(offsets)

    async def _commit(self, offsets: dict) -> None:
        assigned = self.consumer.assignment()
        mine = {tp: o for tp, o in offsets.items() if tp in assigned}
        if len(mine) < len(offsets):
            metrics.COMMIT_SKIPPED.labels("revoked").inc()
        if not mine or self._abandon:
            return
        try:
            await with_retries("committing offsets", lambda: self.consumer.commit(mine),
                               abandon=lambda: self._abandon)
        except (CommitFailedError, IllegalStateError) as exc:
            # The partitions moved on: their next owner screens the batch again (same decision ids).
            metrics.COMMIT_SKIPPED.labels("rebalanced").inc()
            log.warning("offsets not committed, the group rebalanced meanwhile: %s", exc)

    def screen_batch(self, batch) -> tuple[Outbox, dict]:
        """The CPU part of a batch, without a single await: the records to send and the offsets to
        commit once they are in.

        The cyclic garbage collector is paused meanwhile. A batch holds tens of thousands of
        short-lived objects (order models, enriched orders, reasons, decisions) for the few
        milliseconds it takes; with the collector running, each of its many passes over them
        would promote them towards the oldest generation and set off full collections over the
        whole heap, about one per batch. Paused, they are freed by reference counting as the
        batch ends, and only the returned bytes outlive it.
        """
        s = self.settings
        box = Outbox()
        offsets: dict = {}
        version = self.sync.state.version
        policy_version = self.screener.policy.version
        screen_key = self.screener.screen_key
        now = time.time()
        with gc_paused():
            orders, datas, parts = [], [], []
            for tp, records in batch.items():
                for rec in records:
                    try:
                        order, data = parse_order_data(rec.value, s.max_message_bytes)
                    except InvalidInput as exc:
                        self._reject(box, rec, tp, exc.error_type, str(exc), INVALID_ORDER, version, policy_version)
                    except Exception as exc:  # noqa: BLE001 - one bad record never stops the partition
                        self._reject(box, rec, tp, "parse_error", f"{type(exc).__name__}: {exc}", INVALID_ORDER,
                                     version, policy_version)
                    else:
                        orders.append(order)
                        datas.append(data)
                        parts.append((tp.partition, rec))
                offsets[tp] = OffsetAndMetadata(records[-1].offset + 1, "")
            if orders:
                try:
                    screened = self.screener.screen_many_json(orders, version)
                except Exception:  # noqa: BLE001 - find the order that fails, decide the others
                    screened = self._screen_one_by_one(orders, version)
                decided = []
                for order, data, (part, rec), row in zip(orders, datas, parts, screened, strict=True):
                    if row is None:
                        self._screening_failed(box, order, rec, part, version, policy_version)
                        continue
                    value, decision, _, reasons = row
                    decided.append(row)
                    box.decisions.append((order.order_id.encode(), value))
                    if order.event_type == "cancelled":
                        box.state.append((order.order_id, part, None, None))  # leaves the window
                    else:
                        occurred = order_time(order, rec.timestamp / 1000 if rec.timestamp else now)
                        box.state.append((order.order_id, part, occurred,
                                          order_record(order, data, occurred, decision, reasons, version,
                                                       policy_version, screen_key)))
                metrics.observe_screened(decided)
                metrics.BATCH_SIZE.observe(len(orders))
                self.screened += len(orders)
                del screened, decided
            del orders, datas  # freed by reference counting while the collector is still paused
        return box, offsets

    def _screen_one_by_one(self, orders, version: int) -> list:
        out = []
        for order in orders:
            try:
                out.append(self.screener.screen_many_json([order], version)[0])
            except Exception as exc:  # noqa: BLE001
                log.exception("screening order %r failed: %s", order.order_id, exc)
                out.append(None)
        return out

    def _screening_failed(self, box: Outbox, order, rec, part: int, version: int, policy_version) -> None:
        exc_text = "screening raised an error; the order is held until it can be screened"
        letter = DeadLetter(error_type="screening_error", error=exc_text, topic=self.settings.orders_topic,
                            partition=part, offset=rec.offset,
                            key_excerpt=excerpt(rec.key, 256) if rec.key is not None else None,
                            raw_excerpt=excerpt(rec.value), raw_size=len(rec.value or b""),
                            received_at=_utcnow())
        box.letters.append((rec.key, dumps(letter)))
        box.decisions.append((order.order_id.encode(),
                              fail_closed(order.order_id, SCREENING_ERROR, exc_text, version, policy_version, order)))
        # No state: re-screening must not release what could not be screened.
        box.state.append((order.order_id, part, None, None))
        metrics.DLQ.labels("screening_error").inc()
        metrics.ORDERS_SCREENED.labels("HOLD").inc()
        metrics.HOLD_REASONS.labels(SCREENING_ERROR).inc()
        self.dead_lettered += 1

    def _reject(self, box: Outbox, rec, tp, error_type: str, message: str, code: str, version: int,
                policy_version) -> None:
        exc = InvalidInput(error_type, message)
        letter = dead_letter(rec.value, exc, topic=tp.topic, partition=tp.partition, offset=rec.offset, key=rec.key)
        box.letters.append((rec.key, dumps(letter)))
        metrics.DLQ.labels(error_type).inc()
        self.dead_lettered += 1
        log.warning("DLQ %s@%d/%d: %s", tp.topic, tp.partition, rec.offset, message)
        order_id = readable_order_id(rec.value)
        if order_id is not None:
            # Fail closed: the latest event of this order could not be screened.
            box.decisions.append((order_id.encode(), fail_closed(
                order_id, code, f"the order event was rejected ({error_type}): {message}", version, policy_version)))
            box.state.append((order_id, tp.partition, None, None))
            metrics.ORDERS_SCREENED.labels("HOLD").inc()
            metrics.HOLD_REASONS.labels(code).inc()


def _utcnow():
    from datetime import UTC, datetime

    return datetime.now(UTC)
