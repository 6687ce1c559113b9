"""Each worker says what it holds on the compacted status topic, keyed by worker id: its control
version, the lists with their counts and content hashes, its policy version, its readiness and
why not. ``screener watchlist status`` shows it, and ``watchlist load`` / ``policy publish`` wait
on it until every running worker has applied their change."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable

import orjson
from aiokafka import AIOKafkaProducer

from screener.config import Settings

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0


class StatusReporter:
    def __init__(self, settings: Settings, producer: Callable[[], AIOKafkaProducer | None],
                 snapshot: Callable[[], dict]):
        self.settings = settings
        self.producer = producer
        self.snapshot = snapshot
        self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.started = time.time()
        self._wake = asyncio.Event()

    def changed(self, *_args) -> None:
        self._wake.set()

    def record(self, stopped: bool = False) -> bytes:
        return orjson.dumps({"worker": self.worker_id, "host": socket.gethostname(), "pid": os.getpid(),
                             "group": self.settings.group_id, "started": self.started, "updated": time.time(),
                             "stopped": stopped, **self.snapshot()})

    async def run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), HEARTBEAT_S)
                await asyncio.sleep(0.2)  # gather a burst of changes into one record
            except TimeoutError:
                pass
            self._wake.clear()
            await self.send()

    async def send(self, stopped: bool = False) -> None:
        p = self.producer()
        if p is None:
            return
        try:
            await p.send(self.settings.status_topic, self.record(stopped), key=self.worker_id.encode())
        except Exception as exc:  # noqa: BLE001 - status is informative; screening goes on
            log.warning("could not publish the worker status: %s", exc)
