"""Country normalisation to ISO 3166-1 alpha-2, on top of ``rigour.territories``.

Accepts alpha-2 and alpha-3 codes, common alternative codes ("UK", "EL"), English names and their
variants ("Russian Federation", "Korea, North", "Iran (Islamic Republic of)", "UAE", "Türkiye"),
many other-language names, case- and whitespace-insensitively. A sub-national territory resolves to
its country ("Crimea" -> "UA", "Moscow" -> "RU", "Canary Islands" -> "ES"); a territory with its own
ISO code stays itself ("Hong Kong" -> "HK"). Historical states (USSR, Yugoslavia), supranational
codes (EU, UN) and anything unknown give ``None``: the caller records the raw value.

No fuzzy matching: "Iraq" and "Iran" are one letter apart. :func:`guess_iso2` offers a fuzzy guess
for messages only.

When the shared ``screener.watchlists.countries.to_iso2`` is importable it is asked first, so watch
lists and orders resolve names the same way; this module adds the compound-value fallback
("Germany / DE", "Russian Federation (the)", "Region: Crimea") and works without it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.territories import get_territory, lookup_territory
from rigour.territories.territory import Territory

__all__ = ["to_iso2", "is_iso2", "country_name", "guess_iso2"]

_SPACES = re.compile(r"\s+")
# Separators between parts of a compound value: "Germany / DE", "Russian Federation (the)".
_PARTS = re.compile(r"[,;:/|()\[\]]+|\s+-\s+")

try:  # the watch-list loaders' resolver, when that package is present
    from screener.watchlists.countries import to_iso2 as _shared_to_iso2
except Exception:  # noqa: BLE001 - optional
    _shared_to_iso2 = None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().strip(".,;:-").strip()


def _iso2_of(territory: Territory | None) -> str | None:
    """The ISO alpha-2 code of a territory, climbing to its parent for sub-national ones."""
    seen = 0
    while territory is not None and seen < 5:
        code = territory.code
        if len(code) == 2 and territory.alpha3 and not territory.is_historical:
            return code.upper()
        territory = territory.parent
        seen += 1
    return None


def _lookup(text: str) -> str | None:
    try:
        if _shared_to_iso2 is not None:
            found = _shared_to_iso2(text)
            if found:
                return found
        return _iso2_of(lookup_territory(text))
    except Exception:  # noqa: BLE001 - a lookup must never take the worker down
        return None


@lru_cache(maxsize=8192)
def _to_iso2(text: str) -> str | None:
    found = _lookup(text)
    if found is not None:
        return found
    # Compound values: accept when every part that names a country names the same one.
    parts = [p.strip() for p in _PARTS.split(text) if p and p.strip()]
    if len(parts) > 1:
        codes = {c for c in (_lookup(p) for p in parts) if c}
        if len(codes) == 1:
            return codes.pop()
    return None


def to_iso2(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 (upper case) for a country code or name, or ``None`` when unknown."""
    if text is None:
        return None
    cleaned = _clean(str(text))
    if not cleaned or len(cleaned) > 200:
        return None
    return _to_iso2(cleaned.casefold())


def is_iso2(code: str | None) -> bool:
    """True when ``code`` is itself a current ISO alpha-2 code (any case), not a name or alias."""
    if not code or len(code.strip()) != 2:
        return False
    territory = get_territory(code.strip())
    return territory is not None and _iso2_of(territory) == code.strip().upper()


def country_name(iso2: str | None) -> str | None:
    if not iso2:
        return None
    territory = get_territory(iso2)
    return territory.name if territory is not None else None


def guess_iso2(text: str | None) -> str | None:
    """A fuzzy guess (edit distance) for an unknown value: for messages, never for decisions."""
    if not text:
        return None
    exact = to_iso2(text)
    if exact:
        return exact
    try:
        return _iso2_of(lookup_territory(_clean(str(text)), fuzzy=True))
    except Exception:  # noqa: BLE001
        return None
