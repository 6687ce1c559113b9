"""Re-screening: recent orders kept in a Faust table, screened again when the watch list changes.

The table ``recent-orders`` is keyed by order_id and fed by two Faust agents, one on the orders
topic (the order as last seen) and one on the decisions topic (the decision last emitted). Both
topics are keyed by order_id with the same partition count, so a worker holds an order and its
decision in the same table partition. When the watch list changes, each worker re-screens its own
partitions:

- released earlier and now matching a watch-list entry -> a new HOLD (``rescreen: true``);
- held earlier only because of watch-list hits that are all gone now -> a RELEASE.

Orders older than the window (default 72 h) are dropped from the table as they are visited.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import faust
from pydantic import ValidationError

from screener import metrics
from screener.config import Settings
from screener.events.codec import InvalidInput, parse_order
from screener.events.decisions import Decision, Reason
from screener.events.orders import OrderEvent
from screener.screening import Screener

log = logging.getLogger(__name__)

WATCHLIST = "WATCHLIST_MATCH"
MANUAL_RELEASE = "MANUAL_RELEASE"


def hit_keys(reasons: list[dict] | list[Reason]) -> list[str]:
    keys = []
    for r in reasons:
        r = r.model_dump() if isinstance(r, Reason) else r
        if r.get("code") == WATCHLIST:
            keys.append(f"{r.get('list')}/{r.get('entry_id')}")
    return sorted(set(keys))


def rescreen_one(record: dict, screener: Screener, version: int,
                 now: datetime) -> Decision | None:
    """The decision re-screening emits for one window record, or None when nothing changes."""
    try:
        order = OrderEvent.model_validate(record["order"])
    except (KeyError, ValidationError):
        return None
    previous = record.get("decision")
    if previous is None:
        return None  # never decided yet: the hot path will decide it
    decision = screener.screen_many([order], version, now)[0]
    new_hits = set(hit_keys(decision.reasons)) - set(record.get("cleared", []))
    if previous == "RELEASE" and new_hits:
        reasons = [r for r in decision.reasons if r.code == WATCHLIST
                   and f"{r.list}/{r.entry_id}" in new_hits]
        reasons += [r for r in decision.reasons if r.code != WATCHLIST]
        return Screener.decide(order, reasons, version, now, rescreen=True, id_extra=("rescreen",),
                               policy_version=decision.policy_version)
    only_watchlist = all(c == WATCHLIST for c in record.get("reason_codes", []))
    if previous == "HOLD" and only_watchlist and not decision.reasons:
        return Screener.decide(order, [], version, now, rescreen=True, id_extra=("rescreen",),
                               policy_version=decision.policy_version)
    return None


class RescreenWindow:
    def __init__(self, app: faust.App, settings: Settings, screener: Screener,
                 send_decision: Callable[[Decision], Awaitable[None]]):
        self.settings = settings
        self.screener = screener
        self.send_decision = send_decision
        self.window_s = settings.rescreen_window_hours * 3600
        self.table = app.Table("recent-orders", default=None, partitions=settings.order_partitions,
                               schema=faust.Schema(key_serializer="raw", value_serializer="json"))
        self._requested = asyncio.Event()
        self._emitted: dict[str, dict] = {}  # decisions sent but not yet seen by the decisions agent
        orders = app.topic(settings.orders_topic, key_serializer="raw", value_serializer="raw")
        decisions = app.topic(settings.decisions_topic, key_serializer="raw", value_serializer="raw")

        @app.agent(orders, name="record-orders")
        async def record_orders(stream):
            async for event in stream.events():
                self.on_order(event.key, event.value)

        @app.agent(decisions, name="record-decisions")
        async def record_decisions(stream):
            async for event in stream.events():
                self.on_decision(event.key, event.value)

    # --- feeding the table (called inside Faust agents, so table writes reach the changelog) ---
    def on_order(self, key: bytes | None, raw: bytes | None) -> None:
        try:
            order = parse_order(raw, self.settings.max_message_bytes)
        except InvalidInput:
            return  # the hot path sends it to the DLQ
        k = order.order_id.encode()
        if order.event_type == "cancelled":
            self.table.pop(k, None)
            return
        record = dict(self.table.get(k) or {})
        record["order"] = order.model_dump(mode="json")
        record["seen"] = time.time()
        self.table[k] = record

    def on_decision(self, key: bytes | None, raw: bytes | None) -> None:
        try:
            d = Decision.model_validate_json(raw or b"")
        except ValidationError:
            return
        k = d.order_id.encode()
        record = dict(self.table.get(k) or {"seen": time.time()})
        record["decision"] = d.decision
        record["reason_codes"] = sorted({r.code for r in d.reasons})
        if any(r.code == MANUAL_RELEASE for r in d.reasons):
            # A reviewer cleared these hits: re-screening must not hold the order for them again.
            record["cleared"] = sorted(set(record.get("cleared", [])) | set(record.get("hits", [])))
        else:
            record["hits"] = hit_keys(d.reasons)
        self.table[k] = record
        self._emitted.pop(d.order_id, None)

    def get(self, order_id: str) -> dict | None:
        return self.table.get(order_id.encode())

    # --- re-screening ---
    def request(self, version: int) -> None:
        self._requested.set()

    async def run(self, state_version: Callable[[], int], ready: asyncio.Event) -> None:
        await ready.wait()
        self._requested.clear()  # the start-up replay is not a change
        while True:
            await self._requested.wait()
            await asyncio.sleep(1.0)  # debounce a burst of upserts into one pass
            self._requested.clear()
            await self.rescreen(state_version())

    async def rescreen(self, version: int) -> int:
        now = datetime.now(UTC)
        cutoff = time.time() - self.window_s
        emitted = 0
        for k, record in list(self.table.items()):
            if not record:
                continue
            if record.get("seen", 0) < cutoff:
                continue  # outside the window (pruned by the agents' next write to the key)
            oid = k.decode() if isinstance(k, bytes) else str(k)
            merged = {**record, **self._emitted.get(oid, {})}
            decision = rescreen_one(merged, self.screener, version, now)
            if decision is None:
                continue
            await self.send_decision(decision)
            metrics.RESCREEN.labels(decision.decision).inc()
            metrics.observe_decision(decision)
            self._emitted[oid] = {"decision": decision.decision,
                                  "reason_codes": sorted({r.code for r in decision.reasons})}
            emitted += 1
            if emitted % 200 == 0:
                await asyncio.sleep(0)
        if emitted:
            log.info("re-screening at watch-list version %d emitted %d decision(s)", version, emitted)
        return emitted
