"""Country names and codes to ISO 3166-1 alpha-2, backed by rigour's territory index.

Watch lists write countries in many ways: OFAC uses short English names ("Korea, North",
"Burma", "Region: Crimea"), the UN uses formal names ("Iran (Islamic Republic of)"), the CSL
uses alpha-2 codes, and company lists hold whatever a person typed. rigour keeps those names
(and alpha-3 codes, Wikidata ids, common variants) up to date, so no hand table lives here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.territories import lookup_territory
from rigour.territories.territory import Territory

__all__ = ["to_iso2"]

# OFAC writes sanctioned regions as "Region: Crimea"; the label is not part of the name.
_LABEL = re.compile(r"^\s*(?:region|country|territory)\s*:\s*", re.IGNORECASE)


def to_iso2(text: str | None) -> str | None:
    """Map a country code or name to an upper-case ISO 3166-1 alpha-2 code.

    Accepts alpha-2 and alpha-3 codes in any case, English short and formal names and common
    variants ("Russia", "Russian Federation", "Korea, North", "Burma", "Türkiye"). Sub-national
    territories map to the country they belong to under ISO 3166-2 ("Crimea" -> "UA",
    "Moscow" -> "RU", "Netherlands Antilles" -> "NL"; "Hong Kong" stays "HK" because it has its
    own alpha-2 code). Returns None for empty input, dissolved states ("Soviet Union"),
    supranational bodies ("EU") and anything rigour does not know ("Region: Kafia Kingi"); it
    never raises on odd input.
    """
    if not text:
        return None
    cleaned = " ".join(str(text).split()).strip(" .;,")
    if not cleaned:
        return None
    return _lookup(cleaned)


@lru_cache(maxsize=8192)
def _lookup(text: str) -> str | None:
    territory = lookup_territory(text)
    if territory is None:
        unlabelled = _LABEL.sub("", text)
        if unlabelled and unlabelled != text:
            territory = lookup_territory(unlabelled)
    # Walk up from sub-national entries (ua-cri, ru-mow, gb-eng) to the ISO country.
    while territory is not None:
        if _is_iso_country(territory):
            return territory.code.upper()
        territory = territory.parent
    return None


def _is_iso_country(territory: Territory) -> bool:
    # rigour also indexes "eu", "zz" (global), "un" and withdrawn codes such as "an"; only
    # current codes with an alpha-3 counterpart are ISO 3166-1 countries (plus Kosovo's XK).
    code = territory.code
    return len(code) == 2 and code.isalpha() and bool(territory.alpha3) and not territory.is_historical
