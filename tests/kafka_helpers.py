"""Helpers for integration tests: publish, collect, wait — all against the real broker."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import orjson

from screener.config import Settings
from screener.stream.harness import producer_for, topic_reader


async def produce(settings: Settings, topic: str, items: list[tuple[bytes | None, bytes | None]]) -> None:
    p = await producer_for(settings)
    try:
        for key, value in items:
            await p.send(topic, value, key=key)
        await p.flush()
    finally:
        await p.stop()


async def produce_orders(settings: Settings, orders: list[dict]) -> None:
    await produce(settings, settings.orders_topic,
                  [(o["order_id"].encode(), orjson.dumps(o)) for o in orders])


async def collect(settings: Settings, topic: str, until, timeout: float = 60.0,
                  worker=None) -> list[dict]:
    """Read ``topic`` from the start until ``until(records)`` is true or the timeout passes."""
    reader = await topic_reader(settings, topic)
    out: list[dict] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not until(out):
            if worker is not None and not worker.alive():
                raise AssertionError(f"worker died:\n{worker.log_tail()}")
            batch = await reader.getmany(timeout_ms=300)
            for records in batch.values():
                out.extend(orjson.loads(r.value) for r in records)
        return out
    finally:
        await reader.stop()


def by_order(decisions: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for d in decisions:
        out.setdefault(d["order_id"], []).append(d)
    return out


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def order(order_id: str, *parties: tuple[str, str, str | None], lines=None, version: int = 1,
          event_type: str = "created", occurred_at: str | None = None) -> dict:
    """An order event happening now (inside the re-screening window); parties are (role, name, country)."""
    return {
        "order_id": order_id, "event_type": event_type, "order_version": version,
        "occurred_at": occurred_at or now_iso(), "warehouse_id": "WH-TEST",
        "parties": [{"role": r, "name": n, **({"country": c} if c else {})} for r, n, c in parties],
        "lines": lines if lines is not None else [{"sku": "SKU-1", "description": "shelf", "hs_code": "9403.20",
                                                   "quantity": 1, "unit_price": 10.0}],
        "currency": "USD",
    }


def run(coro):
    return asyncio.run(coro)
