"""Enrichment: normalise what an order says (countries, HS codes) and attach risk facts.

``Enricher().enrich(order)`` returns an :class:`EnrichedOrder` whose ``parties`` are aligned 1:1
with ``order.parties`` and whose ``lines`` are aligned 1:1 with ``order.lines``:

* countries to ISO 3166-1 alpha-2, from ``party.country``, else ``party.address.country``
  (codes, alpha-3, English and other names); the raw value is kept, an unknown one is recorded
  in ``unresolved_countries`` and ``EnrichedOrder.issues`` and gives ``country=None``;
* occupied regions of Ukraine (Crimea incl. Sevastopol, Donetsk, Luhansk, and the occupied parts of
  Zaporizhzhia and Kherson) named by the address's fields as places -- towns, raions, oblasts,
  postcodes -- never by a street's name (:mod:`screener.enrichment.regions`);
* destination risk of each party: ``"embargoed"``, ``"transshipment_risk"`` or None;
* HS codes as digits only, and the item-risk tier of each line (longest table prefix wins);
* ECCNs normalised (``3A001.a.1``, ``5A992.c``, ``EAR99``); one that cannot be read is an issue.

The lists and the table come from an :class:`EnrichmentConfig`; its defaults mirror the shipped
policy file, and a :class:`screener.policy.Policy` builds its own (``policy.enricher``).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from screener.enrichment.countries import to_iso2
from screener.enrichment.eccn import Eccn, parse_eccn
from screener.enrichment.items import (
    ItemRiskEntry,
    ItemRiskError,
    ItemRiskTable,
    normalize_hs,
    normalize_tier,
    tier_matches,
    tier_number,
)
from screener.enrichment.regions import (
    DEFAULT_GAZETTEER,
    DEFAULT_OCCUPIED_REGIONS,
    OccupiedRegion,
    RegionHit,
    find_regions,
)
from screener.enrichment.yamlconf import ConfigError
from screener.events.orders import OrderEvent, Party

__all__ = [
    "ConfigError", "DEFAULT_EMBARGOED", "DEFAULT_OCCUPIED_REGIONS", "DEFAULT_TRANSSHIPMENT_RISK",
    "Eccn", "EnrichedLine", "EnrichedOrder", "EnrichedParty", "Enricher", "EnrichmentConfig", "ItemRiskEntry",
    "ItemRiskError", "ItemRiskTable", "OccupiedRegion", "RegionHit", "normalize_hs", "normalize_tier",
    "parse_eccn", "tier_matches", "tier_number", "to_iso2",
]

log = logging.getLogger(__name__)

EMBARGOED = "embargoed"
TRANSSHIPMENT_RISK = "transshipment_risk"

DEFAULT_EMBARGOED: frozenset[str] = frozenset({"RU", "BY", "IR", "KP", "SY", "CU"})
DEFAULT_TRANSSHIPMENT_RISK: frozenset[str] = frozenset(
    {"AM", "GE", "KZ", "KG", "TJ", "UZ", "TR", "AE", "CN", "HK"})


@dataclass(slots=True)
class EnrichedParty:
    role: str
    name: str
    type: str | None
    country: str | None  # ISO alpha-2 of the party (party.country, else its address's country)
    country_raw: str | None  # the value ``country`` came from (or the first given, when unresolved)
    address_text: str | None  # one line, for matching against list addresses
    regions: list[str] = field(default_factory=list)  # e.g. ["CRIMEA"] when the address names one
    address_country: str | None = None  # ISO alpha-2 of party.address.country
    address_country_raw: str | None = None
    countries: list[str] = field(default_factory=list)  # every ISO alpha-2 the party names, deduplicated
    unresolved_countries: list[str] = field(default_factory=list)  # raw values no country was found for
    region_terms: dict[str, str] = field(default_factory=dict)  # region -> the words that named it
    destination_risk: str | None = None  # "embargoed" | "transshipment_risk" | None
    index: int = 0  # position in order.parties
    # region -> how it was named (status "occupied" or "partly", the kind of evidence, its label)
    region_hits: dict[str, RegionHit] = field(default_factory=dict)

    @property
    def partly_regions(self) -> list[str]:
        """Regions named only by something that is partly occupied (an oblast alone): review."""
        return [name for name in self.regions if (h := self.region_hits.get(name)) is not None
                and h.status == "partly"]


@dataclass(slots=True)
class EnrichedLine:
    hs_code: str | None  # digits only, e.g. "854231"
    hs_raw: str | None
    risk_tier: str | None  # the item-risk tier label: "1", "2", "3.A", ...
    risk_label: str | None
    sku: str | None
    description: str | None
    risk_prefix: str | None = None  # the table prefix that gave the tier
    index: int = 0  # position in order.lines
    eccn: str | None = None  # normalised ECCN ("3A001.a.1", "5A992.c", "EAR99"); None when not given or unreadable
    eccn_raw: str | None = None
    eccn_base: str | None = None  # the five-character ECCN ("3A001") or "EAR99"

    @property
    def risk_tier_number(self) -> int | None:
        """The tier's number (3 for "3.A")."""
        return tier_number(self.risk_tier) if self.risk_tier else None


@dataclass(slots=True)
class EnrichedOrder:
    order: OrderEvent
    parties: list[EnrichedParty]
    lines: list[EnrichedLine]
    issues: list[str] = field(default_factory=list)  # what could not be normalised, for humans
    config_digest: str | None = None  # the EnrichmentConfig that produced it

    def parties_with_role(self, *roles: str) -> list[EnrichedParty]:
        return [p for p in self.parties if p.role in roles]


@dataclass(frozen=True)
class EnrichmentConfig:
    item_risk: ItemRiskTable = field(default_factory=ItemRiskTable.load)
    embargoed: frozenset[str] = DEFAULT_EMBARGOED
    transshipment_risk: frozenset[str] = DEFAULT_TRANSSHIPMENT_RISK
    occupied_regions: tuple[OccupiedRegion, ...] = DEFAULT_OCCUPIED_REGIONS
    digest: str = field(default="", init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "embargoed", frozenset(c.upper() for c in self.embargoed))
        object.__setattr__(self, "transshipment_risk", frozenset(c.upper() for c in self.transshipment_risk))
        object.__setattr__(self, "occupied_regions", tuple(self.occupied_regions))
        blob = json.dumps({
            "item_risk": self.item_risk.canonical(),
            "embargoed": sorted(self.embargoed),
            "transshipment_risk": sorted(self.transshipment_risk),
            "occupied_regions": [r.canonical() for r in self.occupied_regions],
            "gazetteer": DEFAULT_GAZETTEER.digest,  # address countries and street markers
        }, sort_keys=True, separators=(",", ":"))
        object.__setattr__(self, "digest", hashlib.sha256(blob.encode()).hexdigest()[:16])


def _dedupe(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _address_text(party: Party) -> str | None:
    a = party.address
    if a is None:
        return None
    parts = [a.street, a.city, a.postal_code, a.region, a.country]
    return ", ".join(x for x in parts if x) or None


_REGION_KEYS = ("region", "oblast", "state", "province", "area", "territory", "county")
_POSTAL_KEYS = ("postal", "postcode", "post_code", "zip")
_FIELD_KIND = {"street": "street", "city": "city", "postal_code": "postal_code", "region": "region",
               "country": "country"}


def _field_kind(key: str) -> str:
    kind = _FIELD_KIND.get(key)
    if kind is not None:
        return kind
    k = key.casefold()
    if any(x in k for x in _POSTAL_KEYS):
        return "postal_code"
    if any(x in k for x in _REGION_KEYS):
        return "region"
    return "other"


def _address_fields(party: Party) -> tuple[tuple[str, str], ...]:
    """Every text field of the address (declared and extra) and the party's country field, each
    with its kind (street, city, postal_code, region, country or other) for region detection."""
    out: list[tuple[str, str]] = []
    if party.country:
        out.append(("country", party.country))
    if party.address is not None:
        for key, value in party.address.model_dump().items():
            if isinstance(value, str) and value:
                out.append((_field_kind(key), value))
            elif isinstance(value, list):
                out.extend(("other", v) for v in value if isinstance(v, str) and v)
    return tuple(out)


_CACHE_MAX = 65_536  # entries per cache; a full cache is cleared, not evicted piecemeal


def _extra_strings(extra: dict) -> tuple:
    """The extra address fields as a hashable cache-key part: strings as themselves, anything else
    as its type and repr (so the string "1" and the number 1 stay distinct)."""
    return tuple((k, v if isinstance(v, str) else (type(v).__name__, repr(v))) for k, v in extra.items())


@dataclass(frozen=True, slots=True)
class _Place:
    country: str | None
    country_raw: str | None
    address_text: str | None
    regions: tuple[str, ...]
    address_country: str | None
    address_country_raw: str | None
    countries: tuple[str, ...]
    unresolved: tuple[str, ...]
    region_terms: dict[str, str]
    destination_risk: str | None
    unknown: tuple[tuple[str, str], ...]  # (raw value, field) of each value no country was found for
    region_hits: dict[str, RegionHit]


class Enricher:
    """Normalises orders. Stateless apart from its configuration; safe to share between tasks."""

    def __init__(self, config: EnrichmentConfig | None = None, *,
                 item_risk_path: str | Path | None = None,
                 embargoed: Iterable[str] | None = None,
                 transshipment_risk: Iterable[str] | None = None,
                 occupied_regions: Sequence[OccupiedRegion] | None = None):
        if config is None:
            config = EnrichmentConfig(
                item_risk=ItemRiskTable.load(item_risk_path),
                embargoed=frozenset(embargoed) if embargoed is not None else DEFAULT_EMBARGOED,
                transshipment_risk=(frozenset(transshipment_risk) if transshipment_risk is not None
                                    else DEFAULT_TRANSSHIPMENT_RISK),
                occupied_regions=(tuple(occupied_regions) if occupied_regions is not None
                                  else DEFAULT_OCCUPIED_REGIONS),
            )
        elif any(x is not None for x in (item_risk_path, embargoed, transshipment_risk, occupied_regions)):
            raise TypeError("give either config or the individual settings, not both")
        self.config = config
        self._region_cache: dict[tuple, dict[str, RegionHit]] = {}
        # Repeat customers and repeat items: a party's place and a line's HS code are enriched once.
        self._place_cache: dict[tuple, _Place] = {}
        self._hs_cache: dict[object, tuple[str | None, ItemRiskEntry | None]] = {}
        self._eccn_cache: dict[object, Eccn | None] = {}

    def _regions(self, fields: tuple[tuple[str, str], ...], countries: tuple[str, ...]) -> dict[str, RegionHit]:
        # Repeat customers ship to the same addresses: folding and matching them once is enough.
        key = (fields, countries)
        found = self._region_cache.get(key)
        if found is None:
            if len(self._region_cache) >= 65_536:
                self._region_cache.clear()
            found = find_regions(fields, self.config.occupied_regions, countries)
            self._region_cache[key] = found
        return dict(found)

    @property
    def item_risk(self) -> ItemRiskTable:
        return self.config.item_risk

    def enrich(self, order: OrderEvent) -> EnrichedOrder:
        issues: list[str] = []
        parties = [self._party(i, p, issues) for i, p in enumerate(order.parties)]
        lines = []
        hs_cache = self._hs_cache
        eccn_cache = self._eccn_cache
        for i, line in enumerate(order.lines):
            raw_hs = line.hs_code
            cached = hs_cache.get(raw_hs)
            if cached is None:
                digits = normalize_hs(raw_hs)
                cached = (digits, self.config.item_risk.lookup(digits))
                if len(hs_cache) >= _CACHE_MAX:
                    hs_cache.clear()
                hs_cache[raw_hs] = cached
            digits, hit = cached
            if raw_hs and not digits:
                issues.append(f"line {i}: HS code {raw_hs!r} has no digits")
            raw_eccn = line.eccn
            eccn = None
            if raw_eccn:
                try:
                    eccn = eccn_cache[raw_eccn]
                except KeyError:
                    if len(eccn_cache) >= _CACHE_MAX:
                        eccn_cache.clear()
                    eccn = eccn_cache[raw_eccn] = parse_eccn(raw_eccn)
                if eccn is None:
                    issues.append(f"line {i}: ECCN {raw_eccn!r} is not an ECCN")
            code, base = (eccn.code, eccn.base) if eccn is not None else (None, None)
            if hit is None:
                lines.append(EnrichedLine(digits, raw_hs, None, None, line.sku, line.description, None, i,
                                          code, raw_eccn, base))
            else:
                lines.append(EnrichedLine(digits, raw_hs, hit.tier, hit.label, line.sku, line.description,
                                          hit.prefix, i, code, raw_eccn, base))
        if issues:
            log.debug("order %s: %s", order.order_id, "; ".join(issues))
        return EnrichedOrder(order, parties, lines, issues, self.config.digest)

    def _place(self, party: Party) -> _Place:
        """Everything enrichment derives from where a party is (its country field and address),
        computed once per distinct place: repeat customers send the same values again and again."""
        a = party.address
        if a is None:
            key: tuple = (party.country,)
        else:
            extra = a.__pydantic_extra__
            key = (party.country, a.street, a.city, a.postal_code, a.region, a.country,
                   _extra_strings(extra) if extra else ())
        place = self._place_cache.get(key)
        if place is not None:
            return place
        raw_party = party.country or None
        raw_address = (a.country or None) if a is not None else None
        iso_party = to_iso2(raw_party)
        iso_address = to_iso2(raw_address)
        unknown = tuple((raw, where) for raw, iso, where in ((raw_party, iso_party, "country"),
                                                             (raw_address, iso_address, "address.country"))
                        if raw and iso is None)
        if iso_party:
            country, country_raw = iso_party, raw_party
        elif iso_address:
            country, country_raw = iso_address, raw_address
        else:
            country, country_raw = None, raw_party or raw_address
        countries = tuple(_dedupe([iso_party, iso_address]))
        hits = self._regions(_address_fields(party), countries)
        found = {name: h.words for name, h in hits.items()}
        cfg = self.config
        if found or any(c in cfg.embargoed for c in countries):
            risk = EMBARGOED
        elif any(c in cfg.transshipment_risk for c in countries):
            risk = TRANSSHIPMENT_RISK
        else:
            risk = None
        place = _Place(country, country_raw, _address_text(party), tuple(found), iso_address, raw_address,
                       countries, tuple(_dedupe([raw for raw, _ in unknown])), found, risk, unknown, hits)
        if len(self._place_cache) >= _CACHE_MAX:
            self._place_cache.clear()
        self._place_cache[key] = place
        return place

    def _party(self, index: int, party: Party, issues: list[str]) -> EnrichedParty:
        pl = self._place(party)
        for raw, where in pl.unknown:
            issues.append(f"party {index} ({party.role}): unknown {where} {raw!r}")
        # Fresh lists and dict per party: an EnrichedParty is the caller's to change.
        return EnrichedParty(party.role, party.name, party.type, pl.country, pl.country_raw, pl.address_text,
                             list(pl.regions), pl.address_country, pl.address_country_raw,
                             list(pl.countries), list(pl.unresolved), dict(pl.region_terms),
                             pl.destination_risk, index, dict(pl.region_hits))
