"""Enrichment: normalise what an order says (countries, HS codes) and attach risk facts.

PLACEHOLDER until the enrichment issue lands: the contract is ``Enricher().enrich(order)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.events.orders import OrderEvent


@dataclass(slots=True)
class EnrichedParty:
    role: str
    name: str
    type: str | None
    country: str | None  # ISO alpha-2 of the party (party.country, else its address's country)
    country_raw: str | None
    address_text: str | None  # one line, for matching against list addresses
    regions: list[str] = field(default_factory=list)  # e.g. ["CRIMEA"] when the address names one


@dataclass(slots=True)
class EnrichedLine:
    hs_code: str | None  # digits only, e.g. "854231"
    hs_raw: str | None
    risk_tier: int | None
    risk_label: str | None
    sku: str | None
    description: str | None


@dataclass(slots=True)
class EnrichedOrder:
    order: OrderEvent
    parties: list[EnrichedParty]
    lines: list[EnrichedLine]


class Enricher:
    def enrich(self, order: OrderEvent) -> EnrichedOrder:
        parties = []
        for p in order.parties:
            raw = p.country or (p.address.country if p.address else None)
            addr = None
            if p.address:
                addr = ", ".join(x for x in (p.address.street, p.address.city, p.address.postal_code,
                                             p.address.country) if x)
            parties.append(EnrichedParty(p.role, p.name, p.type, raw.upper() if raw else None, raw, addr))
        lines = [EnrichedLine(l.hs_code, l.hs_code, None, None, l.sku, l.description) for l in order.lines]
        return EnrichedOrder(order, parties, lines)
