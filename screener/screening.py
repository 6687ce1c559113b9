"""One order in, one decision out: enrichment -> matching -> policy.

The stream worker and the offline ``screen`` command both call :class:`Screener`, so the same order
against the same list gets the same decision either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache

import orjson
from pydantic import TypeAdapter

from screener.enrichment import EnrichedOrder, Enricher
from screener.enrichment.names import NameCheck, check_name
from screener.events.codec import dumps
from screener.events.control import WatchlistEntry
from screener.events.decisions import Decision, Reason, make_decision_id
from screener.events.orders import OrderEvent
from screener.matching.addresses import AddressHit, AddressIndex
from screener.matching.base import Matcher, MatchHit, PartyQuery
from screener.matching.normalize import script_of, unreadable_words
from screener.policy import Policy

_DATETIME = TypeAdapter(datetime)
_NO_REASONS = orjson.Fragment(b"[]")

SCREENING_ERROR = "SCREENING_ERROR"
INVALID_ORDER = "INVALID_ORDER"
UNSCREENABLE_NAME = "UNSCREENABLE_NAME"
BIDI_CONTROL = "BIDI_CONTROL"
# Reasons that differ only in these fields are folded together when a decision has too many.
_FOLD_KEY = ("code", "party_role", "party_name", "entry_id", "list", "country", "region")
_FOLDED_VALUES = 20  # distinct HS codes / SKUs kept on a folded reason


class FaultDrill(RuntimeError):
    """Raised on purpose for a party named ``Settings.poison_name`` (fault drills only)."""


@lru_cache(maxsize=65_536)
def _unreadable(name: str) -> tuple[str, ...]:
    return unreadable_words(name)


def _name_reasons(party, check: NameCheck, unread: tuple[str, ...] = ()) -> list[Reason]:
    out = []
    if unread and check.screenable:
        scripts = ", ".join(sorted({script_of(w).title() for w in unread}))
        out.append(Reason(code=UNSCREENABLE_NAME, party_role=party.role, party_name=party.name,
                          detail=f"the {party.role} name is written, at least in part, in a script the screener "
                                 f"cannot read ({scripts}: {' '.join(unread)[:120]}), so it was not compared with "
                                 f"the lists; held until a reviewer checks it"))
    if not check.screenable:
        out.append(Reason(code=UNSCREENABLE_NAME, party_role=party.role, party_name=party.name,
                          detail=f"the {party.role} name has no letter or digit to screen (only invisible "
                                 f"characters, marks or punctuation: {party.name.encode('unicode_escape')[:120]!r})"))
    if check.bidi:
        out.append(Reason(code=BIDI_CONTROL, party_role=party.role, party_name=party.name,
                          displayed_name=check.displayed,
                          detail=f"the {party.role} name holds bidi control characters, so it displays as "
                                 f"{check.displayed!r}; screened both ways"))
    return out


def fold_reasons(reasons: list[Reason], limit: int) -> tuple[list[Reason], int]:
    """At most ``limit`` reasons and how many were left out.

    Reasons of the same party and code (and entry or country) are folded into the first of them,
    which says how many it stands for (``folded``) and lists the distinct HS codes and SKUs of
    those it absorbed; if that is still too many, the list is cut at ``limit`` (the decision is a
    HOLD either way). Fewer than ``limit`` reasons are returned untouched."""
    if len(reasons) <= limit:
        return reasons, 0
    groups: dict[tuple, list[Reason]] = {}
    for r in reasons:
        data = r.__dict__
        extra = r.__pydantic_extra__ or {}
        key = tuple(data.get(k, extra.get(k)) for k in _FOLD_KEY)
        groups.setdefault(key, []).append(r)
    out: list[Reason] = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first)
            continue
        fields = first.model_dump()
        fields["folded"] = len(members) - 1
        for name, plural in (("hs_code", "hs_codes"), ("sku", "skus")):
            values = list(dict.fromkeys(str(v) for m in members
                                        if (v := (m.__pydantic_extra__ or {}).get(name, getattr(m, name, None)))
                                        is not None))
            if len(values) > 1:
                fields[plural] = values[:_FOLDED_VALUES]
        fields["detail"] = f"{first.detail or first.code} (and {len(members) - 1} more like it)"
        out.append(Reason.model_validate(fields))
    folded = len(reasons) - len(out)
    if len(out) > limit:
        folded += len(out) - limit
        out = out[:limit]
    return out, folded


def order_version_token(order: OrderEvent, raw: bytes | None = None) -> str | int | None:
    """What distinguishes one event of an order from another for ``decision_id``: the producer's
    order_version when given, else the event time (a redelivered event keeps both)."""
    if order.order_version is not None:
        return order.order_version
    if order.occurred_at is not None:
        return order.occurred_at.isoformat()
    return None


class Screener:
    def __init__(self, matcher: Matcher, policy: Policy | None = None, enricher: Enricher | None = None,
                 *, max_reasons: int = 100, poison_name: str | None = None,
                 addresses: AddressIndex | None = None,
                 entry_lookup: Callable[[str], WatchlistEntry | None] | None = None):
        """``addresses``: the listed entries' addresses, kept in step with the list by the caller
        (the worker); ``entry_lookup``: a watch-list entry by its key (``<list_id>/<entry_id>``), for
        the reasons' explanations. Either, when not given, is derived from ``matcher.entries()``
        and rebuilt when the matcher's ``version`` (or size) changes."""
        self.matcher = matcher
        self.addresses = addresses
        self.entry_lookup = entry_lookup
        self._derived: tuple = (None, None, None)  # (matcher state, AddressIndex, lookup)
        self.policy = policy or Policy.load()
        self.enricher = enricher or Enricher()
        self.max_reasons = max_reasons
        self.poison_name = poison_name
        # The lists that decide, as {list id: {n, h}} (set by the worker when they change), and the
        # same already serialised for the decisions' bytes.
        self.watchlists: dict | None = None
        self._watchlists_json = orjson.Fragment(b"null")
        # Allow-list records ("party X is not entry Y"): an object with
        # ``suppress(name, country, hits) -> (hits kept, notes)`` (screener.stream.allowlist_sync).
        self.allow = None
        # What decisions are made against now: control version|policy version|allow-list offset.
        # Kept on each order's re-screening record, so a walk skips what needs no new look.
        self.screen_key = ""
        self._query_cache: dict[tuple, PartyQuery] = {}

    def set_watchlists(self, summary: dict | None) -> None:
        self.watchlists = summary
        self._watchlists_json = orjson.Fragment(orjson.dumps(summary))

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

    def reasons(self, enriched: EnrichedOrder, hits: Sequence[Sequence[MatchHit]],
                address_hits: Sequence[Sequence[AddressHit]] | None = None,
                entry_lookup: Callable[[str], WatchlistEntry | None] | None = None) -> list[Reason]:
        return self.policy.evaluate(enriched, hits, address_hits, entry_lookup)

    def list_view(self) -> tuple[AddressIndex | None, Callable[[str], WatchlistEntry | None] | None]:
        """The address index (None when the policy does not look addresses up) and the entry
        look-up to screen with: the ones given, else derived from the matcher's entries."""
        wanted = self.policy.wants_addresses
        addresses = self.addresses if wanted else None
        lookup = self.entry_lookup
        if (addresses is None and wanted) or lookup is None:
            m = self.matcher
            build = wanted and addresses is None
            state = (id(m), getattr(m, "version", None), len(m), build)
            if self._derived[0] != state:
                entries = list(m.entries())
                self._derived = (state, AddressIndex(entries) if build else None, {e.key: e for e in entries}.get)
            if addresses is None and wanted:
                addresses = self._derived[1]
            if lookup is None:
                lookup = self._derived[2]
        return addresses, lookup

    @staticmethod
    def address_hits(enriched: EnrichedOrder, index: AddressIndex) -> list[list[AddressHit]] | None:
        """Per party, the listed entries whose street address it is at (None: none at all)."""
        out = None
        raw = enriched.order.parties
        for p in enriched.parties:
            address = raw[p.index].address
            if address is None:
                continue
            hits = index.match(address, p.country)
            if hits:
                if out is None:
                    out = [[] for _ in enriched.parties]
                out[p.index] = hits
        return out

    def screen(self, order: OrderEvent, watchlist_version: int, now: datetime | None = None) -> Decision:
        return self.screen_many([order], watchlist_version, now)[0]

    def evaluate_many(self, orders: Sequence[OrderEvent],
                      suppressed: list[list[dict]] | None = None) -> list[list[Reason]]:
        """The reasons to hold each order of a batch (empty: release). All parties of all orders
        are matched in one ``match_many`` call. Hits an allow-list record suppresses are left out;
        when ``suppressed`` is given, it receives each order's notes about them."""
        if self.poison_name is not None:
            for o in orders:
                if any(p.name == self.poison_name for p in o.parties):
                    raise FaultDrill(f"fault drill: order {o.order_id!r} names the poison party")
        enriched = [self.enricher.enrich(o) for o in orders]
        queries: list[PartyQuery] = []
        for e in enriched:
            queries.extend(self.queries(e))
        # A name with bidi controls is screened as stored and as displayed (see enrichment.names);
        # a name with nothing to screen is held. Names are checked once (queries are per party).
        checks = [check_name(q.name) for q in queries]
        shown = [(i, PartyQuery(c.displayed, q.country, q.type, q.address))
                 for i, (q, c) in enumerate(zip(queries, checks, strict=True))
                 if c.displayed and c.displayed != q.name] if any(c.bidi for c in checks) else []
        all_hits = self.matcher.match_many(queries + [q for _, q in shown] if shown else queries)
        for (i, _), extra in zip(shown, all_hits[len(queries):], strict=True):
            known = {(h.list_id, h.entry_id) for h in all_hits[i]}
            all_hits[i] = list(all_hits[i]) + [h for h in extra if (h.list_id, h.entry_id) not in known]
        out = []
        pos = 0
        index, lookup = self.list_view()
        allow = self.allow
        for e in enriched:
            n = len(e.parties)
            notes: list[dict] = []
            if allow is not None and allow.records:
                for i in range(pos, pos + n):
                    if all_hits[i]:
                        all_hits[i], sup = allow.suppress(queries[i].name, queries[i].country, all_hits[i])
                        notes += sup
            if suppressed is not None:
                suppressed.append(notes)
            reasons = self.reasons(e, all_hits[pos:pos + n],
                                   self.address_hits(e, index) if index is not None else None, lookup)
            for party, check in zip(e.parties, checks[pos:pos + n], strict=True):
                unread = _unreadable(party.name) if not party.name.isascii() else ()
                if not check.screenable or check.bidi or unread:
                    reasons = reasons + _name_reasons(party, check, unread)
            out.append(reasons)
            pos += n
        return out

    def screen_many(self, orders: Sequence[OrderEvent], watchlist_version: int,
                    now: datetime | None = None) -> list[Decision]:
        """Screen a batch: all parties of all orders are matched in one ``match_many`` call."""
        notes: list[list[dict]] = []
        all_reasons = self.evaluate_many(orders, notes)
        now = now or datetime.now(UTC)
        version = self.policy.version
        out = []
        for order, reasons, sup in zip(orders, all_reasons, notes, strict=True):
            reasons, folded = fold_reasons(reasons, self.max_reasons)
            out.append(self.decide(order, reasons, watchlist_version, now, policy_version=version,
                                   reasons_folded=folded, watchlists=self.watchlists, suppressed=sup or None))
        return out

    def screen_many_json(self, orders: Sequence[OrderEvent], watchlist_version: int,
                         now: datetime | None = None) -> list[tuple[bytes, str, float | None, list[Reason]]]:
        """:meth:`screen_many` with each decision serialised: ``(dumps(decision), decision.decision,
        decision.latency_ms, decision.reasons)`` per order, without building the Decision models.

        The bytes are those of ``dumps(decision)``, byte for byte: the fields in the model's order,
        written by orjson, with the reasons and ``screened_at`` written by pydantic's own
        serialisers (tests compare the two on realistic and hostile inputs). An order whose values
        orjson cannot write goes through the models instead.
        """
        notes: list[list[dict]] = []
        all_reasons = self.evaluate_many(orders, notes)
        now = now or datetime.now(UTC)
        screened_at = orjson.Fragment(_DATETIME.dump_json(now))
        policy_version = self.policy.version
        fast = type(watchlist_version) is int and (policy_version is None or type(policy_version) is str)
        out = []
        limit = self.max_reasons
        for order, reasons, sup in zip(orders, all_reasons, notes, strict=True):
            folded = 0
            if len(reasons) > limit:
                reasons, folded = fold_reasons(reasons, limit)
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
                        watchlist_version, screened_at, latency, False, (), policy_version, folded,
                        self._watchlists_json, sup or None))
                except orjson.JSONEncodeError:
                    value = None
            if value is None:
                value = dumps(self.decide(order, reasons, watchlist_version, now, policy_version=policy_version,
                                          reasons_folded=folded, watchlists=self.watchlists, suppressed=sup or None))
            out.append((value, decision, latency, reasons))
        return out

    @staticmethod
    def decide(order: OrderEvent, reasons: list[Reason], watchlist_version: int, now: datetime,
               rescreen: bool = False, id_extra: Sequence[str] = (),
               policy_version: str | None = None, reasons_folded: int = 0,
               decision: str | None = None, watchlists: dict | None = None,
               suppressed: list[dict] | None = None) -> Decision:
        # (validating a dict is a little cheaper than keyword construction)
        return Decision.model_validate(_decision_fields(
            order, decision or ("HOLD" if reasons else "RELEASE"), reasons, watchlist_version, now,
            _latency_ms(order, now), rescreen, id_extra, policy_version, reasons_folded, watchlists, suppressed))


def fail_closed(order_id: str, code: str, detail: str, watchlist_version: int, policy_version: str | None,
                order: OrderEvent | None = None, now: datetime | None = None) -> bytes:
    """A HOLD for an order that could not be screened (``SCREENING_ERROR``) or whose event is
    invalid (``INVALID_ORDER``): fulfilment must not ship it, and must not be left waiting either.
    Built from as little as possible, since whatever failed may fail again."""
    now = now or datetime.now(UTC)
    reason = Reason(code=code, detail=detail[:2000])
    if order is not None:
        try:
            return dumps(Screener.decide(order, [reason], watchlist_version, now, policy_version=policy_version,
                                         id_extra=(code,)))
        except Exception:  # noqa: BLE001 - fall through to the order-less form
            pass
    return dumps(Decision(order_id=order_id, decision="HOLD",
                          decision_id=make_decision_id(order_id, None, watchlist_version, "unknown",
                                                       policy_version, code, detail[:200]),
                          reasons=[reason], watchlist_version=watchlist_version, screened_at=now,
                          event_type="unknown", policy_version=policy_version))


def _decision_fields(order: OrderEvent, decision: str, reasons, watchlist_version: int, screened_at,
                     latency: float | None, rescreen: bool, id_extra: Sequence[str],
                     policy_version: str | None, reasons_folded: int = 0, watchlists=None,
                     suppressed=None) -> dict:
    """A decision's fields in the model's order, for validating a Decision or for writing its
    bytes directly (then ``reasons`` and ``screened_at`` are already-serialised fragments)."""
    return {
        "order_id": order.order_id,
        "decision": decision,
        "decision_id": make_decision_id(order.order_id, order_version_token(order), watchlist_version,
                                        order.event_type, policy_version, *id_extra),
        "reasons": reasons,
        "watchlist_version": watchlist_version,
        "screened_at": screened_at,
        "latency_ms": latency,
        "order_version": order.order_version,
        "event_type": order.event_type,
        "rescreen": rescreen,
        "policy_version": policy_version,
        "reasons_folded": reasons_folded,
        "watchlists": watchlists,
        "suppressed": suppressed,
    }


def _latency_ms(order: OrderEvent, now: datetime) -> float | None:
    """Milliseconds from the order's event time to ``now`` (never negative, to the microsecond)."""
    occurred = order.occurred_at
    if occurred is None:
        return None
    if occurred.tzinfo is None:
        occurred = occurred.replace(tzinfo=UTC)
    return round(max(0.0, (now - occurred).total_seconds() * 1000.0), 3)
