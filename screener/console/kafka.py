"""What the console writes to Kafka: signed review commands and signed allow-list records."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from screener.config import Settings
from screener.events.allowlist import AllowRecord, sign_allow
from screener.events.codec import dumps
from screener.events.review import ReviewCommand, sign_command
from screener.stream.retry import with_retries

log = logging.getLogger(__name__)


class KafkaUnavailable(RuntimeError):
    pass


async def ensure_allowlist_topic(settings: Settings) -> bool:
    """Creates the compacted, one-partition allow-list topic when it is missing; True if created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers,
                                request_timeout_ms=settings.request_timeout_ms)
    await admin.start()
    try:
        if settings.allowlist_topic in set(await admin.list_topics()):
            return False
        try:
            await admin.create_topics([NewTopic(settings.allowlist_topic, 1, 1,
                                                topic_configs={"cleanup.policy": "compact"})])
        except TopicAlreadyExistsError:
            return False
        return True
    finally:
        await admin.close()


class ConsoleKafka:
    def __init__(self, settings: Settings):
        if not settings.review_signing_key:
            raise ValueError("SCREENER_REVIEW_SIGNING_KEY is not set: the console signs every review command "
                             "and allow-list record with the key it shares with the workers")
        self.settings = settings
        self.key = settings.review_signing_key
        self.producer: AIOKafkaProducer | None = None
        self.ready = asyncio.Event()

    async def _start(self) -> AIOKafkaProducer:
        p = AIOKafkaProducer(bootstrap_servers=self.settings.kafka_bootstrap_servers, acks="all",
                             request_timeout_ms=self.settings.request_timeout_ms)
        try:
            await p.start()
        except BaseException:
            await p.stop()
            raise
        return p

    async def run(self) -> None:
        """Connects (retrying while Kafka is away), creates the allow-list topic, then stays up."""
        self.producer = await with_retries("starting the console's producer", self._start)
        await with_retries("creating the allow-list topic", lambda: ensure_allowlist_topic(self.settings))
        self.ready.set()
        try:
            await asyncio.Event().wait()
        finally:
            await self.producer.stop()

    def _producer(self) -> AIOKafkaProducer:
        if self.producer is None or not self.ready.is_set():
            raise KafkaUnavailable(f"not connected to Kafka at {self.settings.kafka_bootstrap_servers} yet")
        return self.producer

    async def send_review(self, cmd: ReviewCommand) -> ReviewCommand:
        signed = sign_command(cmd, self.key)
        await self._producer().send_and_wait(self.settings.reviews_topic, dumps(signed), key=cmd.order_id.encode())
        return signed

    async def publish_allow(self, rec: AllowRecord) -> AllowRecord:
        signed = sign_allow(rec, self.key)
        await self._producer().send_and_wait(self.settings.allowlist_topic, dumps(signed), key=rec.allow_id.encode())
        return signed

    async def revoke_allow(self, allow_id: str) -> None:
        await self._producer().send_and_wait(self.settings.allowlist_topic, None, key=allow_id.encode())
