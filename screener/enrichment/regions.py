"""The occupied regions of Ukraine named in an address: Crimea (incl. Sevastopol), the so-called DNR
and LNR (Donetsk, Luhansk), and the occupied parts of Zaporizhzhia and Kherson oblasts.

What names a region comes from a gazetteer kept as data (``data/occupied_regions.yaml``, with its
sources and date): each region's names, ISO 3166-2 codes, oblast and raion names, towns, the
government-controlled towns of a partly occupied oblast, and postcode prefixes, in Latin (several
transliterations), Ukrainian and Russian Cyrillic. The ``rigour`` territories ``ua-cri``, ``ua-dpr``
and ``ua-lpr`` (and the oblasts ``ua-23``, ``ua-65``) name a region too when a region, oblast or
country field is exactly one of their names.

How an address is read:

* Every text is folded (transliterated to ASCII, case-folded, apostrophes dropped, punctuation made
  spaces) and each word reduced to a skeleton (``kh``->``h``, ``g``->``h``, ``w``->``v``, ``j`` and
  ``y``->``i``, doubled letters once), so "Henichesk", "Genichesk", "Генічеськ" and "Геническ" read
  alike. Names match whole words, the longest name first.
* Fields are split at commas, semicolons and line breaks. Words that are a street's name -- after a
  street marker ("vul. Donetska", "ул. Донецкая", "prospekt Myru") or before one ("Kherson Street",
  "Donetska vul. 5") -- are never read as a place: an address in Kyiv on "vul. Donetska" is in Kyiv.
* Place names, raions, oblasts, acronyms (DNR, LNR) and postcodes count only when the address is in
  Ukraine or Russia or gives no country; a German address on "Donezker Straße" or a US one of the
  Michigan DNR names no occupied region. A region's own names ("Crimea", "Donetsk People's
  Republic") and ISO codes count anywhere.
* Zaporizhzhia and Kherson oblasts are only partly occupied (the cities of Zaporizhzhia and Kherson
  are government-controlled): an occupied town or raion names the region (status ``occupied``); the
  oblast alone, a partly occupied raion or postcode, or a town whose name other places share, is a
  ``partly`` hit, which the policy holds for review with its own detail. A partly hit is dropped
  when the address also names a government-controlled town of that oblast ("Zaporizhzhia,
  Zaporizka oblast").

The policy file (``destinations.occupied_regions``) chooses the regions and may add words
(``terms``: whole words, a trailing ``*`` matches any word starting so) or leave gazetteer names
out (``exclude``). :func:`detect_regions` is the simple form (texts in, ``{region: words}`` out);
:func:`find_regions` reads an address field by field and says how sure it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rigour.text.translit import ascii_text

from screener.enrichment.yamlconf import ConfigError, validate_yaml

__all__ = [
    "OccupiedRegion", "Place", "RegionHit", "Gazetteer", "GazetteerError", "DEFAULT_GAZETTEER",
    "DEFAULT_OCCUPIED_REGIONS", "OCCUPIED", "PARTLY", "detect_regions", "find_regions", "fold",
    "skeleton", "compile_terms", "build_region", "regions_from_mapping",
]

log = logging.getLogger(__name__)

OCCUPIED = "occupied"
PARTLY = "partly"
CONTROLLED = "controlled"
Status = Literal["occupied", "partly"]

_APOSTROPHES = re.compile(r"['’ʼʹ`´\"]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SEGMENTS = re.compile(r"[,;\n\r|]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_NON_DIGITS = re.compile(r"\D+")


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


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """One folded word reduced so that the usual transliterations of one name meet:
    ``kh``->``h``, ``g``->``h``, ``w``->``v``, ``j``->``i``, ``y``->``i``, doubled letters once."""
    if word.isdigit():
        return word
    w = word.replace("kh", "h").replace("g", "h").replace("w", "v").replace("j", "i").replace("y", "i")
    return _DOUBLED.sub(r"\1", w)


def _words(text: str) -> tuple[str, ...]:
    return tuple(skeleton(w) for w in fold(text).split())


def compile_terms(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A regular expression for free-text terms over *folded* text (whole words; a trailing ``*``
    matches any word starting so). Kept for callers that match folded text themselves."""
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
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


# -- data ----------------------------------------------------------------------------------------

# Kinds of evidence. Region-level kinds name the region (or its oblast) as a whole.
REGION_LEVEL = frozenset({"region", "acronym", "code", "oblast", "rigour"})
_UNGATED = frozenset({"region", "code", "term"})


@dataclass(frozen=True)
class Place:
    """A named thing in the gazetteer: the region itself, an oblast, a raion, a town..."""
    label: str  # how reasons name it, e.g. "Melitopol", "Zaporizhzhia oblast"
    names: tuple[str, ...]  # every spelling (Latin, Ukrainian, Russian), as written
    kind: str  # region | acronym | code | oblast | raion | place | ambiguous | controlled
    status: str = OCCUPIED  # occupied | partly | controlled

    def canonical(self) -> list:
        return [self.label, self.kind, self.status, sorted({" ".join(_words(n)) for n in self.names})]


@dataclass(frozen=True)
class OccupiedRegion:
    """One occupied region and everything that names it.

    ``OccupiedRegion(name, country, terms)`` alone (no gazetteer data) matches ``terms`` as before:
    whole words anywhere in the address outside street names, a trailing ``*`` for a prefix."""
    name: str  # label reported in reasons, e.g. "CRIMEA"
    country: str  # ISO alpha-2 of the country the region belongs to (reported when the party has none)
    terms: tuple[str, ...] = ()  # extra words from the policy file (status occupied, any country)
    status: str = OCCUPIED  # of the region as a whole and of its oblast's name: occupied | partly
    places: tuple[Place, ...] = ()
    postcodes: tuple[tuple[str, str], ...] = ()  # Ukrainian five-digit prefixes: (prefix, status)
    russian_postcodes: tuple[tuple[str, str], ...] = ()  # six-digit Russian Post prefixes
    rigour: tuple[str, ...] = ()  # rigour territory codes whose names name the region
    not_with: tuple[str, ...] = ()  # words that make its place names mean somewhere else

    def pattern(self) -> re.Pattern[str] | None:
        return compile_terms(self.terms)

    def find(self, folded_text: str) -> str | None:
        """The words naming this region in already-folded text, or None (no street or country
        rules: see :func:`find_regions`)."""
        hit = find_regions([("other", folded_text)], (self,)).get(self.name)
        return hit.words if hit else None

    def canonical(self) -> dict:
        """Everything that decides what this region matches, for digests and policy versions."""
        return {
            "name": self.name, "country": self.country, "status": self.status,
            "terms": sorted(self.terms), "places": sorted(p.canonical() for p in self.places),
            "postcodes": sorted(self.postcodes), "russian_postcodes": sorted(self.russian_postcodes),
            "rigour": sorted(self.rigour), "not_with": sorted({" ".join(_words(w)) for w in self.not_with}),
        }


@dataclass(frozen=True)
class RegionHit:
    name: str  # region, e.g. "ZAPORIZHZHIA"
    words: str  # the folded words (or postcode) that named it
    status: str  # occupied | partly
    kind: str  # the evidence: region, acronym, code, rigour, oblast, raion, place, ambiguous, postcode, term
    label: str  # e.g. "Melitopol", "Zaporizhzhia oblast", "postcode 72312"


class GazetteerError(ConfigError):
    """The gazetteer file is unreadable or invalid (names the file and line)."""


class _Postcodes(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    occupied: list[str] = Field(default_factory=list)
    partly: list[str] = Field(default_factory=list)


class _RegionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    status: Literal["occupied", "partly"] = OCCUPIED
    rigour: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list)
    oblast: list[str] = Field(default_factory=list)
    places: list[list[str]] = Field(default_factory=list)
    ambiguous: list[list[str]] = Field(default_factory=list)
    raions: list[list[str]] = Field(default_factory=list)
    raions_partly: list[list[str]] = Field(default_factory=list)
    controlled: list[list[str]] = Field(default_factory=list)
    not_with: list[str] = Field(default_factory=list)
    postcodes: _Postcodes = Field(default_factory=_Postcodes)
    russian_postcodes: _Postcodes = Field(default_factory=_Postcodes)


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    oblast: list[str] = Field(min_length=1)
    raion: list[str] = Field(min_length=1)
    street_before: list[str] = Field(default_factory=list)
    street_after: list[str] = Field(default_factory=list)


class _GazetteerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    source: str = Field(min_length=1)
    compiled: date | None = Field(default=None, strict=False)
    address_countries: list[str] = Field(min_length=1)
    words: _Words
    regions: dict[str, _RegionModel] = Field(min_length=1)


@dataclass(frozen=True)
class Gazetteer:
    source: str
    compiled: str | None
    address_countries: frozenset[str]
    street_before: frozenset[str]  # skeleton words
    street_after: frozenset[str]
    regions: dict[str, OccupiedRegion] = field(compare=False)
    digest: str = ""

    @classmethod
    def loads(cls, text: str, name: str = "<string>") -> Gazetteer:
        model = validate_yaml(_GazetteerModel, text, name, GazetteerError)
        return cls._from_model(model)

    @classmethod
    def _from_model(cls, m: _GazetteerModel) -> Gazetteer:
        def combos(adjectives: list[str], words: list[str]) -> tuple[str, ...]:
            return tuple(f"{a} {w}" for a in adjectives for w in words)

        regions: dict[str, OccupiedRegion] = {}
        for name, r in m.regions.items():
            places: list[Place] = []
            if r.names:
                places.append(Place(r.names[0], tuple(r.names), "region", r.status))
            if r.acronyms:
                places.append(Place(r.acronyms[0], tuple(r.acronyms), "acronym", r.status))
            for code in r.codes:
                places.append(Place(code, (code,), "code", r.status))
            if r.oblast:
                places.append(Place(f"{r.oblast[0]} oblast", combos(r.oblast, m.words.oblast), "oblast", r.status))
            for kind, entries, status in (("place", r.places, OCCUPIED), ("ambiguous", r.ambiguous, OCCUPIED),
                                          ("raion", r.raions, OCCUPIED), ("raion", r.raions_partly, PARTLY),
                                          ("controlled", r.controlled, CONTROLLED)):
                for entry in entries:
                    if not entry:
                        continue
                    if kind == "raion":
                        places.append(Place(f"{entry[0]} raion", combos(entry, m.words.raion), kind, status))
                    else:
                        places.append(Place(entry[0], tuple(entry), kind, status))
            postcodes = tuple([(p, OCCUPIED) for p in r.postcodes.occupied] + [(p, PARTLY) for p in r.postcodes.partly])
            russian = tuple([(p, OCCUPIED) for p in r.russian_postcodes.occupied]
                            + [(p, PARTLY) for p in r.russian_postcodes.partly])
            regions[name] = OccupiedRegion(name, r.country, (), r.status, tuple(places), postcodes, russian,
                                           tuple(c.lower() for c in r.rigour), tuple(r.not_with))
        # A marker is one word; "pr-t" (two words once folded) is caught by "pr".
        before = frozenset(w[0] for w in map(_words, m.words.street_before) if len(w) == 1)
        after = frozenset(w[0] for w in map(_words, m.words.street_after) if len(w) == 1)
        blob = json.dumps({"source": m.source, "compiled": str(m.compiled), "countries": sorted(m.address_countries),
                           "before": sorted(before), "after": sorted(after)}, sort_keys=True)
        return cls(m.source, m.compiled.isoformat() if m.compiled else None, frozenset(m.address_countries),
                   before, after, regions, hashlib.sha256(blob.encode()).hexdigest()[:16])


def _load_default() -> Gazetteer:
    res = resources.files("screener.enrichment").joinpath("data/occupied_regions.yaml")
    return Gazetteer.loads(res.read_text(encoding="utf-8"), "screener/enrichment/data/occupied_regions.yaml")


#: The packaged gazetteer (``screener/enrichment/data/occupied_regions.yaml``).
DEFAULT_GAZETTEER: Gazetteer = _load_default()
#: Every region of the packaged gazetteer, in its order: CRIMEA, DONETSK, LUHANSK, ZAPORIZHZHIA, KHERSON.
DEFAULT_OCCUPIED_REGIONS: tuple[OccupiedRegion, ...] = tuple(DEFAULT_GAZETTEER.regions.values())


def build_region(name: str, country: str | None = None, *, gazetteer: bool = True, terms: Sequence[str] = (),
                 exclude: Sequence[str] = (), source: Gazetteer = DEFAULT_GAZETTEER) -> OccupiedRegion:
    """A region as a policy file describes it: the gazetteer's data for ``name`` (when ``gazetteer``
    and it has the region) without the places or postcode prefixes ``exclude`` names, plus
    ``terms``."""
    base = source.regions.get(name) if gazetteer else None
    if base is None:
        return OccupiedRegion(name, country or "UA", tuple(terms))
    drop_words = {" ".join(_words(x)) for x in exclude if not x.strip().isdigit()}
    drop_codes = {x.strip() for x in exclude if x.strip().isdigit()}

    def kept(place: Place) -> bool:
        return not any(" ".join(_words(n)) in drop_words for n in (place.label, *place.names))

    return OccupiedRegion(
        name, country or base.country, tuple(terms), base.status,
        tuple(p for p in base.places if kept(p)),
        tuple(pc for pc in base.postcodes if pc[0] not in drop_codes),
        tuple(pc for pc in base.russian_postcodes if pc[0] not in drop_codes),
        base.rigour, base.not_with)


def regions_from_mapping(spec: Mapping[str, tuple[str, Sequence[str]]]) -> tuple[OccupiedRegion, ...]:
    """Build term-only regions from ``{name: (country, terms)}``."""
    return tuple(OccupiedRegion(name, country, tuple(terms)) for name, (country, terms) in spec.items())


# -- matching ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Entry:
    words: tuple[str, ...]
    prefix_last: bool  # the last word matches any word starting with it
    region: str
    label: str
    kind: str
    status: str


@dataclass(slots=True)
class _Raw:
    region: str
    words: str
    status: str
    kind: str
    label: str
    gated: bool = True  # counts only in an address in address_countries (or without a country)


class _Compiled:
    def __init__(self, regions: tuple[OccupiedRegion, ...], gz: Gazetteer):
        self.index: dict[str, list[_Entry]] = {}
        self.wildcards: list[_Entry] = []
        self.postcodes: dict[str, list[tuple[str, str]]] = {}
        self.russian: dict[str, list[tuple[str, str]]] = {}
        self.rigour: dict[str, str] = {}
        self.not_with: dict[str, frozenset[str]] = {}
        seen: set[tuple] = set()

        def add(words: tuple[str, ...], prefix: bool, region: OccupiedRegion, label: str, kind: str,
                status: str) -> None:
            if not words or (words, prefix, region.name, kind) in seen:
                return
            seen.add((words, prefix, region.name, kind))
            e = _Entry(words, prefix, region.name, label, kind, status)
            if prefix and len(words) == 1:
                self.wildcards.append(e)
            else:
                self.index.setdefault(words[0], []).append(e)

        for r in regions:
            for p in r.places:
                for n in p.names:
                    add(_words(n), False, r, p.label, p.kind, p.status)
            for t in r.terms:
                t = t.strip()
                add(_words(t.rstrip("*")), t.endswith("*"), r, t.rstrip("*"), "term", OCCUPIED)
            for prefix, status in r.postcodes:
                self.postcodes.setdefault(prefix, []).append((r.name, status))
            for prefix, status in r.russian_postcodes:
                self.russian.setdefault(prefix, []).append((r.name, status))
            for code in r.rigour:
                self.rigour.setdefault(code, r.name)
            if r.not_with:
                self.not_with[r.name] = frozenset(w for t in r.not_with for w in _words(t))
        for entries in self.index.values():
            entries.sort(key=lambda e: (len(e.words), sum(map(len, e.words))), reverse=True)
        # One-word names of occupied places: a street's name after "ul." stops before one
        # ("ul. Lenina Sevastopol"); Slavic streets named after a town use its adjective.
        self.single_names = frozenset(e.words[0] for entries in self.index.values() for e in entries
                                      if len(e.words) == 1 and e.kind in ("region", "acronym", "place", "ambiguous"))
        self.markers = gz.street_before | gz.street_after
        self.before = gz.street_before
        self.after = gz.street_after
        self.countries = gz.address_countries

    def match_at(self, words: list[str], masked: list[bool], i: int) -> tuple[int, list[_Entry]]:
        """The longest names starting at word ``i`` (every region's entry of that length)."""
        best_n, best = 0, []
        for e in self.index.get(words[i], ()):
            n = len(e.words)
            if n < best_n or i + n > len(words):
                continue
            if any(masked[i + k] for k in range(n)):
                continue
            last = n - 1
            if all(words[i + k] == e.words[k] for k in range(last)) and (
                    words[i + last].startswith(e.words[last]) if e.prefix_last else words[i + last] == e.words[last]):
                if n > best_n:
                    best_n, best = n, [e]
                else:
                    best.append(e)
        if best_n <= 1 and not masked[i]:
            for e in self.wildcards:
                if words[i].startswith(e.words[0]):
                    if best_n == 0:
                        best_n = 1
                    best.append(e)
        return best_n, best

    def street_mask(self, words: list[str]) -> list[bool]:
        n = len(words)
        masked = [w in self.markers for w in words]

        def name_word(j: int) -> bool:
            return 0 <= j < n and words[j] not in self.markers and not any(c.isdigit() for c in words[j])

        def forward(i: int) -> int:
            k = 0
            while k < 3 and name_word(i + 1 + k) and words[i + 1 + k] not in self.single_names:
                masked[i + 1 + k] = True
                k += 1
            return k

        def backward(i: int) -> int:
            k = 0
            while k < 3 and name_word(i - 1 - k):
                masked[i - 1 - k] = True
                k += 1
            return k

        for i, w in enumerate(words):
            if w in self.before:
                if not forward(i):
                    backward(i)
            elif w in self.after:
                if not backward(i):
                    forward(i)
        return masked


_COMPILED: dict[int, tuple[tuple[OccupiedRegion, ...], _Compiled]] = {}


def _compiled(regions: tuple[OccupiedRegion, ...]) -> _Compiled:
    # Keyed by identity first: hashing every region's places on each call would cost more than
    # the matching. The tuple is kept in the entry, so its id cannot be reused while cached.
    hit = _COMPILED.get(id(regions))
    if hit is not None and hit[0] is regions:
        return hit[1]
    comp = _compiled_by_value(regions)
    if len(_COMPILED) >= 64:
        _COMPILED.clear()
    _COMPILED[id(regions)] = (regions, comp)
    return comp


@lru_cache(maxsize=64)
def _compiled_by_value(regions: tuple[OccupiedRegion, ...]) -> _Compiled:
    return _Compiled(regions, DEFAULT_GAZETTEER)


@lru_cache(maxsize=8192)
def _territory(text: str) -> str | None:
    """The rigour territory code a whole field names ("Donetska oblast" -> "ua-dpr"), if any."""
    try:
        from rigour.territories import lookup_territory
        t = lookup_territory(text)
    except Exception:  # noqa: BLE001 - a lookup must never take the worker down
        return None
    return t.code if t is not None else None


def _postcode(digits: str, comp: _Compiled, countries: Sequence[str]) -> list[tuple[str, str, str]]:
    """(region, status, digits) for a five-digit Ukrainian or six-digit Russian-imposed postcode."""
    in_country = any(c in comp.countries for c in countries)
    if len(digits) == 5 and in_country:
        table = comp.postcodes
    elif len(digits) == 6 and digits[0] == "2" and (in_country or not countries):
        table = comp.russian
    else:
        return []
    for n in range(len(digits) - 1, 1, -1):
        hits = table.get(digits[:n])
        if hits:
            return [(region, status, digits) for region, status in hits]
    return []


FieldKind = Literal["street", "city", "postal_code", "region", "country", "other"]


def find_regions(fields: Sequence[tuple[str, str | None]], regions: Sequence[OccupiedRegion] = DEFAULT_OCCUPIED_REGIONS,
                 countries: Sequence[str] = ()) -> dict[str, RegionHit]:
    """The regions an address names, ``{region: RegionHit}`` in the order of ``regions``.

    ``fields`` are ``(kind, text)``: kind ``region`` and ``country`` fields are also looked up whole
    in rigour's territories; a ``postal_code`` field is read as one code; every field is searched
    for names outside street names. ``countries`` are the ISO codes the party's country fields
    resolved to: place names and postcodes count only in Ukraine, Russia or when there are none."""
    regions = tuple(regions)
    if not regions:
        return {}
    comp = _compiled(regions)
    gate_open = not countries or any(c in comp.countries for c in countries)
    raw: list[_Raw] = []
    seen_words: set[str] = set()
    other_territory = False
    for kind, text in fields:
        if not text:
            continue
        if kind in ("region", "country"):
            for part in _SEGMENTS.split(text):
                code = _territory(part.strip()) if part.strip() else None
                if code is None:
                    continue
                name = comp.rigour.get(code)
                if name is not None:
                    # A country field that is a region ("Crimea") counts anywhere; a region field
                    # only in an address in Ukraine or Russia (or without a country).
                    raw.append(_Raw(name, fold(part), OCCUPIED, "rigour", part.strip(), gated=kind == "region"))
                elif kind == "region" and code not in ("ua", "ru"):
                    other_territory = True
        if kind == "postal_code":
            digits = _NON_DIGITS.sub("", text)
            for region, status, code in _postcode(digits, comp, countries):
                raw.append(_Raw(region, code, status, "postcode", f"postcode {code}"))
            continue
        for segment in _SEGMENTS.split(text):
            folded = fold(segment).split()
            if not folded:
                continue
            words = [skeleton(w) for w in folded]
            seen_words.update(words)
            masked = comp.street_mask(words)
            i = 0
            while i < len(words):
                w = words[i]
                if w.isdigit():
                    if len(w) in (5, 6):
                        for region, status, code in _postcode(w, comp, countries):
                            raw.append(_Raw(region, code, status, "postcode", f"postcode {code}"))
                    i += 1
                    continue
                if masked[i]:
                    i += 1
                    continue
                n, entries = comp.match_at(words, masked, i)
                if not entries:
                    i += 1
                    continue
                matched = " ".join(folded[i:i + n])
                for e in entries:
                    if e.kind == CONTROLLED and kind == "region":
                        # "Kherson" in a region field is the oblast, not the city
                        raw.append(_Raw(e.region, matched, PARTLY, "oblast", f"{e.label} (region field)"))
                    else:
                        raw.append(_Raw(e.region, matched, e.status, e.kind, e.label, e.kind not in _UNGATED))
                i += n
    if not raw:
        return {}
    # Region-level statuses come from the region (a rigour hit on Zaporizhzhia oblast is partly).
    status_of = {r.name: r.status for r in regions}
    out: dict[str, RegionHit] = {}
    for r in regions:
        hits = [h for h in raw if h.region == r.name]
        if not hits:
            continue
        if not gate_open:
            hits = [h for h in hits if not h.gated]
        elif r.name in comp.not_with and comp.not_with[r.name] & seen_words:
            hits = [h for h in hits if not h.gated and h.kind != "rigour"]
        for h in hits:
            if h.kind == "rigour":
                h.status = status_of[r.name]
        controlled = any(h.kind == CONTROLLED for h in hits)
        corroborated = controlled or any(h.kind in REGION_LEVEL or h.kind in ("raion", "postcode") for h in hits)
        kept: list[_Raw] = []
        for h in hits:
            if h.kind == CONTROLLED:
                continue
            if h.kind == "ambiguous":
                if other_territory:
                    continue
                h.status = OCCUPIED if corroborated else PARTLY
            kept.append(h)
        occupied = [h for h in kept if h.status == OCCUPIED]
        if occupied:
            best = occupied[0]
        else:
            # "Zaporizhzhia, Zaporizka oblast": a government-controlled town and only the oblast.
            partly = [] if controlled else [h for h in kept if h.status == PARTLY]
            if not partly:
                continue
            best = partly[0]
        out[r.name] = RegionHit(r.name, best.words, best.status, best.kind, best.label)
    return out


def detect_regions(texts: Iterable[str | None],
                   regions: Sequence[OccupiedRegion] = DEFAULT_OCCUPIED_REGIONS) -> dict[str, str]:
    """Regions named in any of ``texts`` (free text, no country known): ``{region name: the words
    that named it}``, in the order of ``regions``."""
    found = find_regions([("other", t) for t in texts if t], regions)
    return {name: hit.words for name, hit in found.items()}
