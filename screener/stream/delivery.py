"""Delivering what a batch produced: decisions, dead letters, audit records and state records.

Everything of one batch is queued at once and awaited together; offsets are committed only after
that, so a crash means the batch is screened again (at-least-once, the same decision ids).
Transient broker errors are retried with backoff until the records are in, or until the batch's
partitions move to another worker, which then screens it again.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer

from screener.config import Settings
from screener.stream.batch_produce import send_keyed
from screener.stream.retry import with_retries


@dataclass
class Outbox:
    """The records one unit of work (a batch, a re-screening chunk) sends."""

    decisions: list[tuple[bytes, bytes]] = field(default_factory=list)
    letters: list[tuple[bytes | None, bytes]] = field(default_factory=list)
    audits: list[tuple[bytes, bytes]] = field(default_factory=list)
    # (order_id, state partition, order time, record bytes or None for a tombstone)
    state: list[tuple[str, int, float | None, bytes | None]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.decisions or self.letters or self.audits or self.state)

    def extend(self, other: Outbox) -> None:
        self.decisions += other.decisions
        self.letters += other.letters
        self.audits += other.audits
        self.state += other.state


class Delivery:
    def __init__(self, settings: Settings, producer: AIOKafkaProducer):
        self.settings = settings
        self.producer = producer

    async def deliver(self, box: Outbox, abandon: Callable[[], bool] | None = None,
                      what: str = "delivering a batch") -> dict[int, int] | None:
        """Send everything in ``box`` and wait for the broker to have it. Returns the next
        changelog offset per state partition written, or None when abandoned."""
        if not box:
            return {}
        return await with_retries(what, lambda: self._once(box), abandon=abandon)

    async def _once(self, box: Outbox) -> dict[int, int]:
        s = self.settings
        pending: list[asyncio.Future] = []
        for key, value in box.letters:
            pending.append(await self.producer.send(s.dlq_topic, value, key=key))
        for key, value in box.audits:
            pending.append(await self.producer.send(s.audit_topic, value, key=key))
        pending += await send_keyed(self.producer, s.decisions_topic, box.decisions)
        state_futures = await send_partitioned(
            self.producer, s.state_topic, [(part, oid.encode(), rec) for oid, part, _, rec in box.state])
        results = await asyncio.gather(*pending, *(f for _, _, f in state_futures))
        state_results = results[len(pending):]
        upto: dict[int, int] = {}
        for (part, count, _), meta in zip(state_futures, state_results, strict=True):
            upto[part] = max(upto.get(part, 0), meta.offset + count)
        return upto


async def send_partitioned(producer: AIOKafkaProducer, topic: str,
                           records: Sequence[tuple[int, bytes, bytes | None]]
                           ) -> list[tuple[int, int, asyncio.Future]]:
    """Queue ``(partition, key, value)`` records as one batch per partition (value None: a
    tombstone). Returns ``(partition, records in the batch, future)``; the future's metadata
    gives the batch's first offset."""
    groups: dict[int, list[tuple[bytes, bytes | None]]] = defaultdict(list)
    for part, key, value in records:
        groups[part].append((key, value))
    out = []
    for part, items in groups.items():
        batch, n = producer.create_batch(), 0
        for key, value in items:
            if batch.append(key=key, value=value, timestamp=None) is None:  # batch full
                out.append((part, n, await producer.send_batch(batch, topic, partition=part)))
                batch, n = producer.create_batch(), 0
                batch.append(key=key, value=value, timestamp=None)
            n += 1
        out.append((part, n, await producer.send_batch(batch, topic, partition=part)))
    return out
