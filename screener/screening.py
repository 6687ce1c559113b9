"""One order in, one decision out: enrichment -> matching -> policy.

The stream worker and the offline ``screen`` command both call :class:`Screener`, so the same order
against the same list gets the same decision either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from screener.enrichment import EnrichedOrder, Enricher
from screener.events.decisions import Decision, Reason, make_decision_id
from screener.events.orders import OrderEvent
from screener.matching.base import Matcher, MatchHit, PartyQuery
from screener.policy import Policy


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

    def screen_many(self, orders: Sequence[OrderEvent], watchlist_version: int,
                    now: datetime | None = None) -> list[Decision]:
        """Screen a batch: all parties of all orders are matched in one ``match_many`` call."""
        enriched = [self.enricher.enrich(o) for o in orders]
        queries: list[PartyQuery] = []
        for e in enriched:
            queries.extend(self.queries(e))
        all_hits = self.matcher.match_many(queries)
        now = now or datetime.now(UTC)
        decisions = []
        pos = 0
        for e in enriched:
            n = len(e.parties)
            reasons = self.reasons(e, all_hits[pos:pos + n])
            pos += n
            decisions.append(self.decide(e.order, reasons, watchlist_version, now,
                                         policy_version=self.policy.version))
        return decisions

    @staticmethod
    def decide(order: OrderEvent, reasons: list[Reason], watchlist_version: int, now: datetime,
               rescreen: bool = False, id_extra: Sequence[str] = (),
               policy_version: str | None = None) -> Decision:
        latency = None
        if order.occurred_at is not None:
            occurred = order.occurred_at
            if occurred.tzinfo is None:
                occurred = occurred.replace(tzinfo=UTC)
            latency = max(0.0, (now - occurred).total_seconds() * 1000.0)
        return Decision.model_validate({  # a little cheaper than keyword construction
            "order_id": order.order_id,
            "decision": "HOLD" if reasons else "RELEASE",
            "decision_id": make_decision_id(order.order_id, order_version_token(order), watchlist_version,
                                            order.event_type, *id_extra),
            "reasons": reasons,
            "watchlist_version": watchlist_version,
            "screened_at": now,
            "latency_ms": None if latency is None else round(latency, 3),
            "order_version": order.order_version,
            "event_type": order.event_type,
            "rescreen": rescreen,
            "policy_version": policy_version,
        })
