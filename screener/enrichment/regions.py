"""Occupied regions named in an address: Crimea (incl. Sevastopol), Donetsk, Luhansk.

Text and terms are folded the same way before comparing: transliterated to ASCII (so Cyrillic
"Донецк" reads "donetsk"), case-folded, apostrophes dropped ("Donets'k" -> "donetsk"), every other
non-alphanumeric character made a space. A term matches whole words; a term ending in ``*`` matches
any word starting with it ("donetsk*" matches "Donetskaya"). Terms are configuration (the policy
file's ``destinations.occupied_regions``); the defaults below mirror the shipped policy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rigour.text.translit import ascii_text

__all__ = ["OccupiedRegion", "DEFAULT_OCCUPIED_REGIONS", "detect_regions", "fold", "compile_terms"]

_APOSTROPHES = re.compile(r"['’ʼʹ`´\"]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """ASCII, case-folded, punctuation-free, single-spaced form of ``text`` for term matching."""
    text = unicodedata.normalize("NFKC", text)
    try:
        text = ascii_text(text)
    except Exception:  # noqa: BLE001 - transliteration is best effort
        pass
    text = _APOSTROPHES.sub("", text.casefold())
    return _NON_ALNUM.sub(" ", text).strip()


def compile_terms(terms: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for term in terms:
        term = term.strip()
        prefix = term.endswith("*")
        folded = fold(term.rstrip("*"))
        if not folded:
            continue
        parts.append(re.escape(folded) + (r"[a-z0-9]*" if prefix else ""))
    if not parts:
        return None
    # Longest alternatives first so a multi-word term wins over its first word.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


@dataclass(frozen=True)
class OccupiedRegion:
    name: str  # label reported in reasons, e.g. "CRIMEA"
    country: str  # ISO alpha-2 of the country the region belongs to (reported when the party has none)
    terms: tuple[str, ...]

    def pattern(self) -> re.Pattern[str] | None:
        return _pattern(self.terms)

    def find(self, folded_text: str) -> str | None:
        """The matched words in already-folded text, or None."""
        pat = self.pattern()
        if pat is None:
            return None
        m = pat.search(folded_text)
        return m.group(0) if m else None


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_terms(terms)


# ISO 3166-2: UA-43 Crimea, UA-40 Sevastopol, UA-14 Donetsk oblast, UA-09 Luhansk oblast.
DEFAULT_OCCUPIED_REGIONS: tuple[OccupiedRegion, ...] = (
    OccupiedRegion("CRIMEA", "UA", (
        "crimea*", "krym*", "krim", "sevastopol*", "simferopol*", "kerch",
        "yevpatori*", "evpatori*", "feodosi*", "ua-43", "ua-40",
        "крым*", "крим", "севастопол*", "сімферопол*", "симферопол*",
    )),
    OccupiedRegion("DONETSK", "UA", (
        "donetsk*", "doneck*", "donezk*", "dnr", "makiivka", "makeevka", "makeyevka",
        "horlivka", "gorlovka", "ua-14",
        "донецк*", "донецьк*", "днр",
    )),
    OccupiedRegion("LUHANSK", "UA", (
        "luhansk*", "lugansk*", "louhansk*", "lougansk*", "lnr", "alchevsk*", "ua-09",
        "луганск*", "луганськ*", "лнр",
    )),
)


def detect_regions(texts: Iterable[str | None],
                   regions: Sequence[OccupiedRegion] = DEFAULT_OCCUPIED_REGIONS) -> dict[str, str]:
    """Regions named in any of ``texts``: ``{region name: the words that named it}``, in the
    order of ``regions``."""
    folded = " | ".join(fold(t) for t in texts if t)
    if not folded.strip(" |"):
        return {}
    found: dict[str, str] = {}
    for region in regions:
        hit = region.find(folded)
        if hit is not None:
            found[region.name] = hit
    return found


def regions_from_mapping(spec: Mapping[str, tuple[str, Sequence[str]]]) -> tuple[OccupiedRegion, ...]:
    """Build regions from ``{name: (country, terms)}``."""
    return tuple(OccupiedRegion(name, country, tuple(terms)) for name, (country, terms) in spec.items())
