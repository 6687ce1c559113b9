"""Topic declarations. Tansu and many clusters auto-create topics on first use with default
settings, so screener declares its own (partition counts, compaction) before anything produces."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from screener.config import Settings
from screener.stream.retry import with_retries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    compact: bool = False

    def new_topic(self) -> NewTopic:
        configs = {"cleanup.policy": "compact"} if self.compact else {}
        if self.compact:
            # Tombstones stay a day: a worker whose local state is older rebuilds it from the start.
            configs["delete.retention.ms"] = str(24 * 3600 * 1000)
        return NewTopic(self.name, self.partitions, 1, topic_configs=configs)


def topic_specs(settings: Settings) -> list[TopicSpec]:
    n = settings.order_partitions
    return [
        TopicSpec(settings.orders_topic, n),
        # Decisions and reviews are keyed by order_id with the orders' partition count, so they are
        # co-partitioned with orders (the re-screening table relies on it).
        TopicSpec(settings.decisions_topic, n),
        TopicSpec(settings.reviews_topic, n),
        # The re-screening state of each order, in the partition its order came from.
        TopicSpec(settings.state_topic, n, compact=True),
        TopicSpec(settings.dlq_topic, 1),
        TopicSpec(settings.audit_topic, 1),
        # One partition each: every worker applies control records in one total order.
        TopicSpec(settings.control_topic, 1, compact=True),
        TopicSpec(settings.policy_topic, 1, compact=True),
        TopicSpec(settings.allowlist_topic, 1, compact=True),
        TopicSpec(settings.status_topic, 1, compact=True),
    ]


async def ensure_topics(settings: Settings, give_up_after: float | None = None) -> list[str]:
    """Create missing topics, retrying while the cluster is unreachable (``give_up_after``
    seconds, 0 for ever; None: one attempt). Returns the names created."""
    if give_up_after is None:
        return await _ensure_topics(settings)
    return await with_retries(f"reaching Kafka at {settings.kafka_bootstrap_servers}",
                              lambda: _ensure_topics(settings), give_up_after=give_up_after)


async def _ensure_topics(settings: Settings) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers,
                                request_timeout_ms=settings.request_timeout_ms)
    try:
        await admin.start()
        existing = set(await admin.list_topics())
        missing = [s.new_topic() for s in topic_specs(settings) if s.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:  # another worker won the race
                pass
        return [t.name for t in missing]
    finally:
        await admin.close()
