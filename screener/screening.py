"""One order in, one decision out: enrichment -> matching -> policy.

The stream worker and the offline ``screen`` command both call :class:`Screener`, so the same order
against the same list gets the same decision either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
from pydantic import TypeAdapter

from screener.enrichment import EnrichedOrder, Enricher
from screener.events.codec import dumps
from screener.events.decisions import Decision, Reason, make_decision_id
from screener.events.orders import OrderEvent
from screener.matching.base import Matcher, MatchHit, PartyQuery
from screener.policy import Policy

_DATETIME = TypeAdapter(datetime)
_NO_REASONS = orjson.Fragment(b"[]")


def order_version_token(order: OrderEvent, raw: bytes | None = None) -> str | int | None:
    """What distinguishes one event of an order from another for ``decision_id``: the producer's
    order_version when given, else the event time (a redelivered event keeps both)."""
    if order.order_version is not None:
        return order.order_version
    if order.occurred_at is not None:
        return order.occurred_at.isoformat()
    return None


class Screener:
    def __init__(self, matcher: Matcher, policy: Policy | None = None, enricher: Enricher | None = None):
        self.matcher = matcher
        self.policy = policy or Policy.load()
        self.enricher = enricher or Enricher()
        self._query_cache: dict[tuple, PartyQuery] = {}

    def queries(self, enriched: EnrichedOrder) -> list[PartyQuery]:
        # Repeat customers make the same query again and again; a PartyQuery (frozen, so safe to
        # share) is built once per distinct party.
        cache = self._query_cache
        out = []
        for p in enriched.parties:
            key = (p.name, p.country, p.type, p.address_text)
            q = cache.get(key)
            if q is None:
                if len(cache) >= 65_536:
                    cache.clear()
                q = cache[key] = PartyQuery(p.name, p.country, p.type, p.address_text)
            out.append(q)
        return out

    def reasons(self, enriched: EnrichedOrder, hits: Sequence[Sequence[MatchHit]]) -> list[Reason]:
        return self.policy.evaluate(enriched, hits)

    def screen(self, order: OrderEvent, watchlist_version: int, now: datetime | None = None) -> Decision:
        return self.screen_many([order], watchlist_version, now)[0]

    def evaluate_many(self, orders: Sequence[OrderEvent]) -> list[list[Reason]]:
        """The reasons to hold each order of a batch (empty: release). All parties of all orders
        are matched in one ``match_many`` call."""
        enriched = [self.enricher.enrich(o) for o in orders]
        queries: list[PartyQuery] = []
        for e in enriched:
            queries.extend(self.queries(e))
        all_hits = self.matcher.match_many(queries)
        out = []
        pos = 0
        for e in enriched:
            n = len(e.parties)
            out.append(self.reasons(e, all_hits[pos:pos + n]))
            pos += n
        return out

    def screen_many(self, orders: Sequence[OrderEvent], watchlist_version: int,
                    now: datetime | None = None) -> list[Decision]:
        """Screen a batch: all parties of all orders are matched in one ``match_many`` call."""
        all_reasons = self.evaluate_many(orders)
        now = now or datetime.now(UTC)
        version = self.policy.version
        return [self.decide(order, reasons, watchlist_version, now, policy_version=version)
                for order, reasons in zip(orders, all_reasons, strict=True)]

    def screen_many_json(self, orders: Sequence[OrderEvent], watchlist_version: int,
                         now: datetime | None = None) -> list[tuple[bytes, str, float | None, list[Reason]]]:
        """:meth:`screen_many` with each decision serialised: ``(dumps(decision), decision.decision,
        decision.latency_ms, decision.reasons)`` per order, without building the Decision models.

        The bytes are those of ``dumps(decision)``, byte for byte: the fields in the model's order,
        written by orjson, with the reasons and ``screened_at`` written by pydantic's own
        serialisers (tests compare the two on realistic and hostile inputs). An order whose values
        orjson cannot write goes through the models instead.
        """
        all_reasons = self.evaluate_many(orders)
        now = now or datetime.now(UTC)
        screened_at = orjson.Fragment(_DATETIME.dump_json(now))
        policy_version = self.policy.version
        fast = type(watchlist_version) is int and (policy_version is None or type(policy_version) is str)
        out = []
        for order, reasons in zip(orders, all_reasons, strict=True):
            latency = _latency_ms(order, now)
            decision = "HOLD" if reasons else "RELEASE"
            value = None
            if fast and type(order.order_id) is str and type(order.event_type) is str and (
                    order.order_version is None or type(order.order_version) is int):
                try:
                    value = orjson.dumps(_decision_fields(
                        order, decision,
                        orjson.Fragment(b"[" + b",".join([dumps(r) for r in reasons]) + b"]")
                        if reasons else _NO_REASONS,
                        watchlist_version, screened_at, latency, False, (), policy_version))
                except orjson.JSONEncodeError:
                    value = None
            if value is None:
                value = dumps(self.decide(order, reasons, watchlist_version, now, policy_version=policy_version))
            out.append((value, decision, latency, reasons))
        return out

    @staticmethod
    def decide(order: OrderEvent, reasons: list[Reason], watchlist_version: int, now: datetime,
               rescreen: bool = False, id_extra: Sequence[str] = (),
               policy_version: str | None = None) -> Decision:
        # (validating a dict is a little cheaper than keyword construction)
        return Decision.model_validate(_decision_fields(
            order, "HOLD" if reasons else "RELEASE", reasons, watchlist_version, now, _latency_ms(order, now),
            rescreen, id_extra, policy_version))


def _decision_fields(order: OrderEvent, decision: str, reasons, watchlist_version: int, screened_at,
                     latency: float | None, rescreen: bool, id_extra: Sequence[str],
                     policy_version: str | None) -> dict:
    """A decision's fields in the model's order, for validating a Decision or for writing its
    bytes directly (then ``reasons`` and ``screened_at`` are already-serialised fragments)."""
    return {
        "order_id": order.order_id,
        "decision": decision,
        "decision_id": make_decision_id(order.order_id, order_version_token(order), watchlist_version,
                                        order.event_type, *id_extra),
        "reasons": reasons,
        "watchlist_version": watchlist_version,
        "screened_at": screened_at,
        "latency_ms": latency,
        "order_version": order.order_version,
        "event_type": order.event_type,
        "rescreen": rescreen,
        "policy_version": policy_version,
    }


def _latency_ms(order: OrderEvent, now: datetime) -> float | None:
    """Milliseconds from the order's event time to ``now`` (never negative, to the microsecond)."""
    occurred = order.occurred_at
    if occurred is None:
        return None
    if occurred.tzinfo is None:
        occurred = occurred.replace(tzinfo=UTC)
    return round(max(0.0, (now - occurred).total_seconds() * 1000.0), 3)
