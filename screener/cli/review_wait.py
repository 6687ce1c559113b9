"""``screener review --wait``: send a review through a worker and read its outcome off the audit topic.

The audit topic's end offsets are taken *before* the review is sent, so the outcome cannot slip
past; records after them are read until the one with the review's id arrives or time runs out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaConnectionError

from screener.config import Settings


async def post_and_wait(settings: Settings, post: Callable[[], dict], timeout: float) -> tuple[dict, dict | None]:
    """(the endpoint's reply, the audit record of its review_id or None on timeout)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers, group_id=None,
                                enable_auto_commit=False, request_timeout_ms=15_000)
    try:
        await consumer.start()
    except KafkaConnectionError as exc:
        await consumer.stop()
        raise KafkaConnectionError(f"{exc}; nothing was sent (--no-wait sends without waiting for the outcome)") \
            from None
    try:
        topic = settings.audit_topic
        for _ in range(20):
            parts = consumer.partitions_for_topic(topic)
            if parts:
                break
            await consumer._client.force_metadata_update()  # noqa: SLF001 - no public equivalent
            await asyncio.sleep(0.1)
        else:
            raise KafkaConnectionError(f"the audit topic {topic!r} does not exist (SCREENER_AUDIT_TOPIC); "
                                       "nothing was sent")
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        for tp in tps:
            consumer.seek(tp, ends[tp])
        started = time.monotonic()
        reply = await asyncio.to_thread(post)
        review_id = reply.get("review_id")
        deadline = started + timeout
        while (left := deadline - time.monotonic()) > 0:
            batch = await consumer.getmany(timeout_ms=max(1, int(min(left, 0.5) * 1000)))
            for records in batch.values():
                for rec in records:
                    try:
                        data = orjson.loads(rec.value or b"")
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(data, dict) and review_id and data.get("review_id") == review_id:
                        return reply, data
        return reply, None
    finally:
        await consumer.stop()
