"""Realistic synthetic order events for the demo, the benchmark and the tests.

A share of parties are listed names, or variants of them as real evasion produces (case, legal
form, punctuation, Cyrillic look-alikes, a typo); the rest are ordinary customers, many of them
repeat customers, as in a warehouse's real order flow.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from screener.events.control import WatchlistEntry
from screener.matching.addresses import agree, parse_address, split_address

_WORDS = ["Global", "Northern", "Pacific", "Atlas", "Summit", "Harbor", "Vertex", "Blue", "River",
          "Quantum", "Silver", "Prime", "Eastern", "Alpine", "Delta", "Sierra", "Orion", "Crescent",
          "Meridian", "Keystone", "Pioneer", "Cedar", "Granite", "Beacon", "Falcon", "Evergreen"]
_KINDS = ["Electronics", "Trading", "Logistics", "Components", "Industries", "Systems", "Supply",
          "Technologies", "Manufacturing", "Instruments", "Distribution", "Engineering"]
_FORMS = ["LLC", "Inc.", "Ltd", "GmbH", "S.A.", "Co.", "Corp.", "B.V.", "AB", "S.r.l."]
_GIVEN = ["James", "Maria", "Wei", "Anna", "Mohammed", "Olga", "John", "Fatima", "Carlos", "Yuki",
          "David", "Elena", "Ahmed", "Sofia", "Peter", "Ivan", "Laura", "Hassan", "Emma", "Luis"]
_FAMILY = ["Smith", "Garcia", "Chen", "Novak", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Dubois",
           "Larsen", "Silva", "Jensen", "Nguyen", "Moreau", "Fischer", "Bauer", "Costa", "Lindqvist"]
_COUNTRIES = ["US", "DE", "FR", "GB", "NL", "JP", "CA", "MX", "PL", "SE", "IT", "ES", "KR", "AU",
              "CN", "TR", "AE", "KZ", "IN", "BR"]
# (HS code, description, ECCN). Six of the ten HS codes are on the Common High Priority List
# (8542.31, 8542.39: tier 1; 8517.62, 8526.91: tier 2; 8504.40, 8536.69: tier 3.A).
_HS = [("8542.31.0000", "Microcontroller MCU 32-bit", "3A991.a.2"), ("8542.39", "FPGA", "3A001.a.7"),
       ("8471.30", "Laptop", "5A992.c"), ("8504.40", "Power supply", "EAR99"),
       ("8517.62", "Network switch", "5A992.c"), ("9403.20", "Office shelf", "EAR99"),
       ("8536.69", "Connector", "EAR99"), ("4819.10", "Cardboard boxes", "EAR99"),
       ("8526.91", "GNSS module", "7A994"), ("3926.90", "Plastic fittings", "EAR99")]
_HOMOGLYPHS = {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р", "A": "А", "O": "О", "E": "Е",
               "C": "С", "P": "Р"}


# Every ADDRESS_EVERY-th order (by its number, so the random sequence and every other order stay
# as they were), an ordinary customer's address is the street address of a listed entry: a shell
# company at a listed party's address.
ADDRESS_EVERY = 100
_ADDRESS_POOL = 50


def listed_street_addresses(entries: Sequence[WatchlistEntry], limit: int = _ADDRESS_POOL) -> list[tuple[str, dict]]:
    """Up to ``limit`` (entry key, order address) pairs: listed street addresses written as an order
    would write them (street, city, postal_code, country), each one that the address matcher finds."""
    out = []
    for e in entries:
        for a in e.addresses:
            listed = parse_address(a)
            if listed is None or not listed.street_level:
                continue
            fields = split_address(a)
            party = parse_address(fields)
            if "street" in fields and party is not None and agree(listed, party):
                out.append((e.key, fields))
                break
        if len(out) >= limit:
            break
    return out


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_WORDS)} {rng.choice(_KINDS)} {rng.choice(_FORMS)}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"


def variant(name: str, rng: random.Random) -> str:
    """A variant of a listed name of the kind real order data and evasion produce."""
    kind = rng.randrange(5)
    if kind == 0:
        return name.title()
    if kind == 1:
        return name.replace(",", "").replace(".", "") + " " + rng.choice(["LLC", "Ltd", "JSC"])
    if kind == 2:  # Cyrillic look-alike letters inside Latin text
        chars = list(name.lower())
        for i, ch in enumerate(chars):
            if ch in _HOMOGLYPHS and rng.random() < 0.5:
                chars[i] = _HOMOGLYPHS[ch]
        return "".join(chars)
    if kind == 3 and len(name) > 6:  # one typo: a swapped pair of letters
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return "  " + name.upper().replace(" ", "  ") + " "


class OrderGenerator:
    def __init__(self, entries: Sequence[WatchlistEntry], seed: int = 7, listed_share: float = 0.1,
                 repeat_share: float = 0.6, customers: int = 400):
        self.rng = random.Random(seed)
        self.listed = [e for e in entries if e.type in ("organization", "person", "unknown")]
        self.listed_share = listed_share if self.listed else 0.0
        self.repeat_share = repeat_share
        self.customers = [self._new_party() for _ in range(customers)]
        self.addressed = listed_street_addresses(self.listed)

    def _new_party(self) -> dict:
        rng = self.rng
        person = rng.random() < 0.3
        return {"name": _person(rng) if person else _company(rng), "country": rng.choice(_COUNTRIES),
                "type": "person" if person else "organization"}

    def _listed_party(self) -> tuple[dict, str]:
        e = self.rng.choice(self.listed)
        name = self.rng.choice(e.names)
        if self.rng.random() < 0.5:
            name = variant(name, self.rng)
        country = e.countries[0] if e.countries else self.rng.choice(_COUNTRIES)
        return {"name": name, "country": country}, e.key

    def order(self, i: int, parties: int | None = None) -> tuple[dict, bool]:
        """One order event and whether it names a listed party on purpose."""
        rng = self.rng
        n = parties or rng.choice((1, 2, 2, 3, 4))
        listed = rng.random() < self.listed_share
        roles = ["sold_to", "ship_to", "end_user", "freight_forwarder"]
        out = []
        for k in range(n):
            if listed and k == n - 1:
                party, _ = self._listed_party()
            elif rng.random() < self.repeat_share:
                party = dict(rng.choice(self.customers))
            else:
                party = self._new_party()
            party["role"] = roles[k % len(roles)]
            out.append(party)
        if self.addressed and i % ADDRESS_EVERY == ADDRESS_EVERY // 2:
            _key, address = self.addressed[(i // ADDRESS_EVERY) % len(self.addressed)]
            out[0]["address"] = dict(address)
            if "country" in address:
                out[0]["country"] = address["country"]
        hs, desc, eccn = rng.choice(_HS)
        event = {
            "order_id": f"ORD-{i:08d}",
            "event_type": "created",
            "order_version": 1,
            "occurred_at": datetime.now(UTC).isoformat(),
            "warehouse_id": rng.choice(["WH-NJ-01", "WH-TX-02", "WH-NL-01"]),
            "parties": out,
            "lines": [{"sku": f"SKU-{rng.randrange(10_000):05d}", "description": desc, "hs_code": hs,
                       "eccn": eccn, "quantity": rng.randrange(1, 500),
                       "unit_price": round(rng.uniform(0.5, 900), 2)}],
            "currency": "USD",
        }
        return event, listed

    def orders(self, n: int, start: int = 0) -> Iterator[tuple[dict, bool]]:
        for i in range(start, start + n):
            yield self.order(i)
