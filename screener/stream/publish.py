"""Publishing to the control topic: watch-list snapshots, upserts and deletes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable

from aiokafka import AIOKafkaProducer

from screener.config import Settings
from screener.events.codec import dumps
from screener.events.control import (
    DeleteEntry,
    SnapshotBegin,
    SnapshotEnd,
    SnapshotEntry,
    UpsertEntry,
    WatchlistEntry,
    control_key,
)
from screener.stream.topics import ensure_topics


async def _producer(settings: Settings) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, linger_ms=10,
                                max_batch_size=1024 * 1024, acks="all",
                                max_request_size=4 * 1024 * 1024)
    await producer.start()
    return producer


async def publish_snapshots(settings: Settings, entries: Iterable[WatchlistEntry],
                            source: str | None = None,
                            progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Publish one snapshot per list found in ``entries``; returns entry counts by list.
    Each snapshot atomically replaces that list's entries on every worker when its end marker lands."""
    by_list: dict[str, dict[str, WatchlistEntry]] = defaultdict(dict)
    for e in entries:
        by_list[e.list][e.key] = e
    await ensure_topics(settings, give_up_after=settings.startup_timeout_s or 60.0)
    producer = await _producer(settings)
    topic = settings.control_topic
    try:
        for list_name, members in by_list.items():
            sid = uuid.uuid4().hex
            cmds = [SnapshotBegin(list=list_name, snapshot_id=sid, source=source)]
            cmds += [SnapshotEntry(snapshot_id=sid, entry=e) for e in members.values()]
            cmds.append(SnapshotEnd(list=list_name, snapshot_id=sid, count=len(members)))
            for i, cmd in enumerate(cmds):
                await producer.send(topic, dumps(cmd), key=control_key(cmd).encode(), partition=0)
                if progress and isinstance(cmd, SnapshotEntry) and i % 200 == 0:
                    progress(min(200, len(members)))
            await producer.flush()
        return {k: len(v) for k, v in by_list.items()}
    finally:
        await producer.stop()


async def publish_commands(settings: Settings, commands: Iterable[UpsertEntry | DeleteEntry]) -> int:
    await ensure_topics(settings, give_up_after=settings.startup_timeout_s or 60.0)
    producer = await _producer(settings)
    n = 0
    try:
        for cmd in commands:
            await producer.send(settings.control_topic, dumps(cmd), key=control_key(cmd).encode(),
                                partition=0)
            n += 1
        await producer.flush()
        return n
    finally:
        await producer.stop()
