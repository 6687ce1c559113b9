"""The hot path: order events in, decisions out, a batch at a time.

Faust's per-event stream machinery tops out at a few thousand events/s on two cores (measured:
~3.7k/s for ``stream.take`` + ``send_soon``), so orders are consumed with aiokafka's batch API
inside a Faust service: one fetch, one screening call for every party of the batch, one produce
burst, then the offsets are committed once every decision of the batch is acknowledged
(at-least-once; duplicates carry the same decision_id).
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener
from aiokafka.structs import OffsetAndMetadata

from screener import metrics
from screener.config import Settings
from screener.events.codec import InvalidInput, dead_letter, dumps, parse_order
from screener.events.orders import OrderEvent
from screener.gcpause import freeze_long_lived, gc_paused
from screener.screening import Screener
from screener.stream.batch_produce import send_keyed
from screener.stream.watchlist_sync import WatchlistSync

log = logging.getLogger(__name__)


class _Rebalance(ConsumerRebalanceListener):
    async def on_partitions_revoked(self, revoked):
        log.info("orders partitions revoked: %s", sorted(tp.partition for tp in revoked))
        metrics.ASSIGNED.set(0)

    async def on_partitions_assigned(self, assigned):
        log.info("orders partitions assigned: %s", sorted(tp.partition for tp in assigned))
        metrics.ASSIGNED.set(len(assigned))


class OrderScreening:
    def __init__(self, settings: Settings, screener: Screener, sync: WatchlistSync,
                 producer: AIOKafkaProducer):
        self.settings = settings
        self.screener = screener
        self.sync = sync
        self.producer = producer
        self.consumer: AIOKafkaConsumer | None = None
        self.screened = 0
        self.dead_lettered = 0

    async def run(self) -> None:
        s = self.settings
        if not self.sync.ready.is_set():
            # Fail closed: wait (orders stay in Kafka) rather than release unscreened orders.
            log.warning("waiting for a watch list on %r before screening any order", s.control_topic)
            while not self.sync.ready.is_set():
                try:
                    await asyncio.wait_for(self.sync.ready.wait(), timeout=15)
                except TimeoutError:
                    log.warning("still no watch list on %r: no order is decided until one is loaded "
                                "(`screener watchlist load PATH`)", s.control_topic)
        # The watch list, the policy and the index are loaded now and live as long as the worker:
        # keep the garbage collector from walking them again in every full collection.
        freeze_long_lived()
        self.consumer = AIOKafkaConsumer(
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
            session_timeout_ms=10_000,
            heartbeat_interval_ms=1_000,
        )
        await self.consumer.start()
        self.consumer.subscribe([s.orders_topic], listener=_Rebalance())
        log.info("screening orders from %r as group %r", s.orders_topic, s.group_id)
        try:
            while True:
                batch = await self.consumer.getmany(timeout_ms=200, max_records=s.batch_max)
                if batch:
                    await self.process(batch)
        finally:
            await self.consumer.stop()

    async def process(self, batch) -> None:
        s = self.settings
        decided, letters, offsets = self.screen_batch(batch)
        pending = []
        for key, value in letters:
            pending.append(await self.producer.send(s.dlq_topic, value, key=key))
        pending += await send_keyed(self.producer, s.decisions_topic, decided)
        # Commit only what has been decided and acknowledged: a crash before this line means the
        # batch is screened again, producing the same decision_ids.
        await asyncio.gather(*pending)
        await self.consumer.commit(offsets)

    def screen_batch(self, batch) -> tuple[list[tuple[bytes, bytes]], list[tuple[bytes | None, bytes]], dict]:
        """The CPU part of a batch, without a single await: ``(decision records, dead letters,
        offsets to commit)``, each record already serialised as ``(key, value)`` bytes.

        The cyclic garbage collector is paused meanwhile. A batch holds tens of thousands of
        short-lived objects (order models, enriched orders, reasons, decisions) for the few
        milliseconds it takes; with the collector running, each of its many passes over them
        would promote them towards the oldest generation and set off full collections over the
        whole heap, about one per batch. Paused, they are freed by reference counting as the
        batch ends, and only the returned bytes outlive it.
        """
        s = self.settings
        with gc_paused():
            orders: list[OrderEvent] = []
            letters: list[tuple[bytes | None, bytes]] = []
            offsets: dict = {}
            for tp, records in batch.items():
                for rec in records:
                    try:
                        order = parse_order(rec.value, s.max_message_bytes)
                    except InvalidInput as exc:
                        letter = dead_letter(rec.value, exc, topic=tp.topic, partition=tp.partition,
                                             offset=rec.offset, key=rec.key)
                        letters.append((rec.key, dumps(letter)))
                        metrics.DLQ.labels(exc.error_type).inc()
                        self.dead_lettered += 1
                        log.warning("DLQ %s@%d/%d: %s", tp.topic, tp.partition, rec.offset, exc)
                    else:
                        orders.append(order)
                offsets[tp] = OffsetAndMetadata(records[-1].offset + 1, "")
            decided: list[tuple[bytes, bytes]] = []
            if orders:
                screened = self.screener.screen_many_json(orders, self.sync.state.version)
                decided = [(order.order_id.encode(), row[0]) for order, row in zip(orders, screened, strict=True)]
                metrics.observe_screened(screened)
                metrics.BATCH_SIZE.observe(len(orders))
                self.screened += len(orders)
                del screened
            del orders  # freed by reference counting while the collector is still paused
        return decided, letters, offsets
