"""Re-screening: recent orders screened again when the watch list changes.

Every decided order leaves a compact state record (``state_store``). When the watch list changes,
after a restart (the list may have changed while no worker was running) and after a partition
moves to this worker, the worker walks the records of its partitions whose order time is inside
the window (default 72 h, counted from the order's ``occurred_at``) and screens their parties
against the current list:

- released earlier, and now matching an entry -> a new HOLD (``rescreen: true``);
- held, and now matching an entry it was not held for -> a HOLD naming the new hits;
- held only for watch-list hits that are all gone now -> a RELEASE (``rescreen: true``).

Hits a reviewer cleared never hold the order again; a new hit does. Records older than the window
are deleted, here and on the changelog (tombstones). The walk works in chunks under the worker's
batch lock and yields between them, so screening and heartbeats go on meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import orjson
from pydantic import ValidationError

from screener import metrics
from screener.config import Settings
from screener.events.codec import dumps
from screener.events.decisions import Reason
from screener.events.orders import OrderEvent
from screener.screening import Screener
from screener.stream import state_store as F
from screener.stream.delivery import Delivery, Outbox
from screener.stream.state_changelog import ScreeningState

log = logging.getLogger(__name__)

WATCHLIST = "WATCHLIST_MATCH"
ADDRESS = "ADDRESS_MATCH"
MANUAL_RELEASE = "MANUAL_RELEASE"
# Reasons that come from the watch list, and so may change when it does.
LIST_CODES = frozenset({WATCHLIST, ADDRESS})
_PARTY_FIELDS = frozenset({"role", "name", "country", "type", "address"})


def hit_key(r: Reason | dict) -> str:
    """``<list_id>/<entry_id>`` of a list hit (the code when a reason has no list id)."""
    data = r if isinstance(r, dict) else {**r.__dict__, **(r.__pydantic_extra__ or {})}
    return f"{data.get('list_id') or data.get('list')}/{data.get('entry_id')}"


def list_hits(reasons: Sequence[Reason]) -> list[str]:
    return sorted({hit_key(r) for r in reasons if r.code in LIST_CODES})


def order_time(order: OrderEvent, fallback: float) -> float:
    """The order's own time (the window counts from it), else when the worker saw it."""
    occurred = order.occurred_at
    if occurred is None:
        return fallback
    if occurred.tzinfo is None:
        occurred = occurred.replace(tzinfo=UTC)
    return occurred.timestamp()


def order_record(order: OrderEvent, data: dict, occurred: float, decision: str, reasons: Sequence[Reason],
                 watchlist_version: int, policy_version: str | None, screen_key: str = "") -> bytes:
    """The state record of a freshly screened order (the parties as sent; no lines)."""
    parties = []
    for p in data.get("parties") or ():
        # (validated already: a dict; extra fields, which producers may add, are left out)
        parties.append(p if p.keys() <= _PARTY_FIELDS else {k: p[k] for k in _PARTY_FIELDS if k in p})
    occurred_at = data.get("occurred_at")
    return orjson.dumps({
        F.T_OCCURRED: occurred,
        F.OCCURRED_AT: occurred_at if isinstance(occurred_at, str) else None,
        F.VERSION: order.order_version,
        F.EVENT: order.event_type,
        F.DECISION: decision,
        F.CODES: sorted({r.code for r in reasons}) if reasons else [],
        F.HITS: list_hits(reasons) if reasons else [],
        F.PARTIES: parties,
        F.WATCHLIST: watchlist_version,
        F.POLICY: policy_version,
        F.SCREEN_KEY: screen_key,
    })


def record_order(order_id: str, record: dict) -> OrderEvent | None:
    """The order as re-screening sees it: its parties and identity, no lines."""
    try:
        return OrderEvent.model_validate({
            "order_id": order_id, "event_type": record.get(F.EVENT) or "created",
            "order_version": record.get(F.VERSION), "occurred_at": record.get(F.OCCURRED_AT),
            "parties": record.get(F.PARTIES) or []})
    except ValidationError:
        return None


def rescreen_outcome(record: dict, reasons: Sequence[Reason]) -> tuple[str, list[Reason]] | None:
    """``(decision, reasons)`` re-screening emits for an order whose parties now give ``reasons``,
    or None when nothing changes."""
    current = [r for r in reasons if r.code in LIST_CODES]
    cleared = set(record.get(F.CLEARED) or ())
    known = set(record.get(F.HITS) or ()) | cleared
    live = [r for r in current if hit_key(r) not in cleared]
    new = [r for r in live if hit_key(r) not in known]
    previous = record.get(F.DECISION)
    if new:
        return "HOLD", live
    codes = set(record.get(F.CODES) or ())
    if previous == "HOLD" and codes and codes <= LIST_CODES and not live:
        return "RELEASE", []
    return None


def updated_record(record: dict, decision: str, reasons: Sequence[Reason], watchlist_version: int,
                   screen_key: str = "") -> dict:
    out = dict(record)
    out[F.SCREEN_KEY] = screen_key
    out[F.DECISION] = decision
    if decision == "RELEASE":
        out[F.CODES], out[F.HITS] = [], []
    else:
        kept = [c for c in record.get(F.CODES) or () if c not in LIST_CODES]
        out[F.CODES] = sorted(set(kept) | {r.code for r in reasons})
        out[F.HITS] = sorted(set(record.get(F.HITS) or ()) | set(list_hits(reasons)))
    out[F.WATCHLIST] = watchlist_version
    return out


class Rescreener:
    """Walks the owned, recovered state partitions when asked (list change, recovery)."""

    CHUNK = 500
    PRUNE_EVERY_S = 60.0

    def __init__(self, settings: Settings, screener: Screener, state: ScreeningState, delivery: Delivery,
                 lock: asyncio.Lock, version: Callable[[], int], beat: Callable[[], None]):
        self.settings = settings
        self.screener = screener
        self.state = state
        self.delivery = delivery
        self.lock = lock
        self.version = version
        self.beat = beat
        self.window_s = settings.rescreen_window_hours * 3600
        self._pending: set[int] = set()
        self._all = False
        self._wake = asyncio.Event()
        self.emitted = 0

    def request_all(self, _version: int | None = None) -> None:
        self._all = True
        self._wake.set()

    def request(self, parts: set[int]) -> None:
        self._pending |= parts
        self._wake.set()

    async def run(self, ready: asyncio.Event) -> None:
        await ready.wait()
        last_prune = 0.0
        while True:
            self.beat()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=5.0)
            except TimeoutError:
                pass
            if time.monotonic() - last_prune > self.PRUNE_EVERY_S:
                await self.prune()
                last_prune = time.monotonic()
            if not self._wake.is_set():
                continue
            await asyncio.sleep(1.0)  # debounce a burst of list changes into one walk
            self._wake.clear()
            parts = set(self.state.recovered) if self._all else (self._pending & self.state.recovered)
            self._all = False
            self._pending -= parts
            if parts:
                await self.walk(parts)

    async def walk(self, parts: set[int]) -> int:
        """Re-screen every record of ``parts`` inside the window; returns decisions emitted."""
        started = time.monotonic()
        version = self.version()
        emitted = seen = 0
        after = ""
        while True:
            self.beat()
            async with self.lock:
                live = sorted(parts & self.state.recovered)
                if not live:
                    break
                since = time.time() - self.window_s
                # Orders screened since the change (by the hot path, or earlier in this walk) are
                # skipped: they were screened against what holds now.
                page = self.state.store.page(live, after, self.CHUNK, since, self.screener.screen_key)
                if not page:
                    break
                after = page[-1][0]
                seen += len(page)
                box = self._screen_page(page, version)
                if box:
                    upto = await self.delivery.deliver(box, what="delivering re-screening decisions")
                    if upto is not None:
                        self.state.written(box.state, upto)
                        emitted += len(box.decisions)
            await asyncio.sleep(0)  # let screening and heartbeats in between chunks
        self.emitted += emitted
        if seen:
            log.info("re-screened %d orders of partitions %s at watch-list version %d in %.1fs: %d decision(s)",
                     seen, sorted(parts), version, time.monotonic() - started, emitted)
        return emitted

    def _screen_page(self, page: list[tuple[str, int, dict]], version: int) -> Outbox:
        box = Outbox()
        orders, records = [], []
        for oid, part, record in page:
            order = record_order(oid, record)
            if order is None:
                metrics.STATE_ERRORS.labels("unreadable_record").inc()
                continue
            orders.append(order)
            records.append((oid, part, record))
        if not orders:
            return box
        now = datetime.now(UTC)
        all_reasons = self.screener.evaluate_many(orders)
        policy_version = self.screener.policy.version
        for order, (oid, part, record), reasons in zip(orders, records, all_reasons, strict=True):
            outcome = rescreen_outcome(record, reasons)
            if outcome is None:
                continue
            decision_value, kept = outcome
            decision = Screener.decide(order, list(kept), version, now, rescreen=True, id_extra=("rescreen",),
                                       policy_version=policy_version)
            box.decisions.append((oid.encode(), dumps(decision)))
            metrics.RESCREEN.labels(decision_value).inc()
            metrics.observe_decision(decision)
            new_record = updated_record(record, decision_value, kept, version, self.screener.screen_key)
            box.state.append((oid, part, record[F.T_OCCURRED], orjson.dumps(new_record)))
        return box

    async def prune(self) -> int:
        """Delete records older than the window, locally and on the changelog."""
        if self.window_s <= 0:
            return 0
        removed = 0
        while True:
            self.beat()
            async with self.lock:
                parts = sorted(self.state.recovered)
                old = self.state.store.expired(parts, time.time() - self.window_s, 5000)
                if not old:
                    break
                box = Outbox(state=[(oid, part, None, None) for oid, part in old])
                upto = await self.delivery.deliver(box, what="pruning re-screening state")
                if upto is None:
                    break
                self.state.written(box.state, upto)
                removed += len(old)
            await asyncio.sleep(0)
        if removed:
            metrics.STATE_PRUNED.inc(removed)
            log.info("pruned %d orders older than the %g h re-screening window", removed, self.window_s / 3600)
        return removed
