"""Producing a batch of keyed records as one aiokafka batch per partition.

``producer.send`` costs a coroutine, a partitioner call and accumulator bookkeeping per record; for
thousands of decisions per fetch, building one record batch per partition is markedly cheaper.
Records are partitioned exactly as ``send`` would (murmur2 of the key), so decisions stay
co-partitioned with their orders.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

_partitioner = DefaultPartitioner()


async def send_keyed(producer: AIOKafkaProducer, topic: str,
                     records: Sequence[tuple[bytes, bytes]]) -> list[asyncio.Future]:
    """Queue ``(key, value)`` records; returns futures that resolve when the broker has them."""
    if not records:
        return []
    partitions = sorted(await producer.partitions_for(topic))
    groups: dict[int, list[tuple[bytes, bytes]]] = defaultdict(list)
    for key, value in records:
        groups[_partitioner(key, partitions, partitions)].append((key, value))
    futures = []
    for partition, items in groups.items():
        batch = producer.create_batch()
        for key, value in items:
            if batch.append(key=key, value=value, timestamp=None) is None:  # batch full
                futures.append(await producer.send_batch(batch, topic, partition=partition))
                batch = producer.create_batch()
                batch.append(key=key, value=value, timestamp=None)
        futures.append(await producer.send_batch(batch, topic, partition=partition))
    return futures
