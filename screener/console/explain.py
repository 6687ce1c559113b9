"""A hold's reasons in plain words, for the case page.

A watch-list hit carries the matcher's explanation (``detail``), e.g.
``name 0.97 on alias 'CONCERN KALASHNIKOV': kontsern~concern 0.80, kalashnikov; query-only: jsc;
country +0.03 -> 1.00``. It is read back into which words matched (exactly or nearly), which
were on the order only (extra) or in the listed name only (missing), and what the country,
address and type comparisons added; the party and the entry themselves say what was compared.
A detail that cannot be read is shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from screener.enrichment.countries import country_name, to_iso2

_DETAIL = re.compile(r"^name (?P<base>\d+(?:\.\d+)?) on (?P<on>alias|name) '(?P<listed>.*?)': (?P<rest>.*) -> "
                     r"(?P<score>\d+(?:\.\d+)?)\s*$", re.S)
_PAIR = re.compile(r"^(?P<q>.+?)~(?P<l>.+?) (?P<sim>\d+(?:\.\d+)?)$")
_ADJ = re.compile(r"^(?P<what>[a-z_ ]+) (?P<delta>[+-]\d+(?:\.\d+)?)$")

CODE_TITLES = {
    "WATCHLIST_MATCH": "Watch-list match",
    "ADDRESS_MATCH": "Address of a listed party",
    "EMBARGOED_DESTINATION": "Embargoed destination",
    "DIVERSION_RISK": "Diversion risk",
    "FORWARDER_AS_END_USER": "Freight forwarder named as end user",
    "SHIP_TO_MISMATCH": "Ship-to country differs",
    "UNRESOLVED_COUNTRY": "Country not recognised",
    "LICENSE_REQUIRED_ECCN": "Licence required (ECCN)",
    "EAR99_HIGH_PRIORITY": "EAR99 high-priority item",
    "SCREENING_ERROR": "Screening error",
    "INVALID_ORDER": "Invalid order",
    "MANUAL_RELEASE": "Manual release",
}

ROLE_NAMES = {"sold_to": "sold-to", "ship_to": "ship-to", "bill_to": "bill-to", "end_user": "end user",
              "intermediate_consignee": "intermediate consignee", "freight_forwarder": "freight forwarder"}


def title(code: str) -> str:
    return CODE_TITLES.get(code, code.replace("_", " ").capitalize())


def role_name(role: str | None) -> str:
    return ROLE_NAMES.get(role or "", role or "party")


def country_label(code: str | None) -> str:
    if not code:
        return "—"
    name = country_name(code)
    return f"{name} ({code})" if name else code


@dataclass
class WordPair:
    order: str
    listed: str
    similarity: float | None  # None: the same word

    @property
    def exact(self) -> bool:
        return self.similarity is None


@dataclass
class Explanation:
    raw: str | None
    parsed: bool = False
    name_score: float | None = None
    on_alias: bool = False
    listed_name: str | None = None
    pairs: list[WordPair] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    adjustments: dict[str, float] = field(default_factory=dict)
    truncated: bool = False
    common_only: bool = False
    score: float | None = None
    sentences: list[str] = field(default_factory=list)


def parse_detail(detail: str | None) -> Explanation:
    ex = Explanation(raw=detail)
    m = _DETAIL.match((detail or "").strip())
    if not m:
        return ex
    ex.parsed = True
    ex.name_score = float(m["base"])
    ex.on_alias = m["on"] == "alias"
    ex.listed_name = m["listed"]
    ex.score = float(m["score"])
    parts = m["rest"].split("; ")
    words = parts[0]
    for w in (x.strip() for x in words.split(", ") if x.strip()):
        pm = _PAIR.match(w)
        ex.pairs.append(WordPair(pm["q"], pm["l"], float(pm["sim"])) if pm else WordPair(w, w, None))
    for part in parts[1:]:
        part = part.strip()
        if part.startswith("query-only: "):
            ex.extra = part[len("query-only: "):].split()
        elif part.startswith("list-only: "):
            ex.missing = part[len("list-only: "):].split()
        elif part.startswith("query looks truncated"):
            ex.truncated = True
        elif part.startswith("only common words"):
            ex.common_only = True
        else:
            am = _ADJ.match(part)
            if am:
                ex.adjustments[am["what"].strip()] = float(am["delta"])
    return ex


def _fmt(delta: float) -> str:
    return f"{delta:+.2f}".replace("-", "−")


def explain_hit(reason: dict[str, Any], party: dict | None, entry: Any | None,
                threshold: float | None = None) -> Explanation:
    """Plain sentences for one watch-list hit. ``party`` is the order's party (dict), ``entry`` the
    listed entry (WatchlistEntry or its dict) when the console knows it."""
    entry_d = entry.model_dump() if hasattr(entry, "model_dump") else (entry or {})
    if reason.get("code") == "ADDRESS_MATCH":
        return _explain_address(reason, entry_d)
    ex = parse_detail(reason.get("detail"))
    order_name = reason.get("party_name") or (party or {}).get("name") or "the party"
    listed = ex.listed_name or reason.get("matched_name") or "the listed name"
    what = f"{reason.get('list') or ''} entry {reason.get('entry_id') or ''}".strip()
    s = ex.sentences
    if ex.parsed:
        s.append(f"The {role_name(reason.get('party_role'))} “{order_name}” was compared with the "
                 f"{'alias' if ex.on_alias else 'primary name'} “{listed}” of {what}: the names alone "
                 f"score {ex.name_score:.2f}.")
        exact = [p.listed for p in ex.pairs if p.exact]
        near = [f"“{p.order}” is close to “{p.listed}” ({p.similarity:.0%} alike)"
                for p in ex.pairs if not p.exact]
        if exact:
            s.append(f"Words that match exactly: {', '.join(exact)}.")
        if near:
            s.append("Words that nearly match: " + "; ".join(near) + ".")
        if ex.extra:
            s.append(f"Extra words on the order, not in the listed name: {', '.join(ex.extra)}.")
        if ex.missing:
            s.append(f"Words of the listed name missing from the order: {', '.join(ex.missing)}.")
        if not ex.extra and not ex.missing:
            s.append("No word is missing on either side.")
        if ex.truncated:
            s.append("The order's name looks cut short: it matches the start of the listed name.")
        if ex.common_only:
            s.append("Only common words matched, so the score was capped.")
    elif reason.get("detail"):
        s.append(f"The matcher says: {reason['detail']}")
    # Country and address, from the adjustments and from the two sides.
    pc = None
    if party:
        addr = party.get("address") if isinstance(party.get("address"), dict) else {}
        pc = to_iso2(party.get("country")) or to_iso2((addr or {}).get("country"))
    ec = list(entry_d.get("countries") or [])
    delta = ex.adjustments.get("country")
    if delta is not None and delta > 0:
        s.append(f"Country agrees: the party is in {country_label(pc)}, a country of the entry ({_fmt(delta)}).")
    elif delta is not None:
        s.append(f"Country disagrees: the party is in {country_label(pc)}, the entry names "
                 f"{', '.join(country_label(c) for c in ec) or 'other countries'} ({_fmt(delta)}).")
    elif pc and ec:
        agree = pc in ec
        s.append(f"Country {'agrees' if agree else 'differs'}: the party is in {country_label(pc)}, the entry "
                 f"names {', '.join(country_label(c) for c in ec)}.")
    else:
        s.append("Country not compared: " + ("the entry names no country." if pc else
                                             "the order gives no country for the party."))
    delta = ex.adjustments.get("address")
    has_addr = bool(party and party.get("address"))
    if delta is not None:
        s.append(f"Address agrees with a listed address ({_fmt(delta)}).")
    elif has_addr and entry_d.get("addresses"):
        s.append("Addresses compared: not alike enough to count.")
    else:
        s.append("Address not compared: " + ("the entry lists no address." if has_addr else
                                             "the order gives no address for the party."))
    for k, v in ex.adjustments.items():
        if k not in ("country", "address"):
            s.append(f"{k.capitalize()} adjustment {_fmt(v)} (the party's type and the entry's differ).")
    score = reason.get("score") if reason.get("score") is not None else ex.score
    if score is not None:
        cmp = "at or above" if threshold is None or score >= threshold else "below"
        s.append(f"Final score {score:.2f}" + (f", {cmp} the hold threshold {threshold:.2f}." if threshold else "."))
    return ex


def _explain_address(reason: dict[str, Any], entry: dict) -> Explanation:
    ex = Explanation(raw=reason.get("detail"))
    names = entry.get("names") or []
    who = f"{names[0]} ({reason.get('list')} {reason.get('entry_id')})" if names else \
        f"{reason.get('list')} entry {reason.get('entry_id')}"
    party_addr = reason.get("party_address")
    listed_addr = reason.get("matched_address")
    ex.sentences.append(f"The {role_name(reason.get('party_role'))} “{reason.get('party_name') or 'party'}” is at an "
                        f"address listed for {who}, whatever its name.")
    if party_addr or listed_addr:
        ex.sentences.append(f"Order's address: “{party_addr or '—'}”; listed address: “{listed_addr or '—'}”.")
    if reason.get("detail"):
        ex.sentences.append(f"The matcher says: {reason['detail']}")
    return ex


def describe_reason(reason: dict[str, Any]) -> str:
    """One line for a reason that is not a watch-list hit."""
    code = reason.get("code", "")
    role = role_name(reason.get("party_role"))
    country = reason.get("country")
    if reason.get("detail"):
        text = str(reason["detail"])
    elif code == "EMBARGOED_DESTINATION":
        text = f"The {role} is in {country_label(country)}, an embargoed destination."
    elif code == "DIVERSION_RISK":
        text = (f"Item {reason.get('hs_code') or ''} goes to {country_label(country)}, a transshipment-risk "
                "country.")
    else:
        text = title(code)
    return text[:1].upper() + text[1:]
