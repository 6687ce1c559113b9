"""Address matching: is a party at the street address of a listed entry?

Shell companies that share a listed party's address are how diversion networks look, and a name
score never sees them. :class:`AddressIndex` holds the listed entries' addresses, kept in step with
the watch list exactly like the name matcher (``upsert``, ``delete``, ``replace_list``), and
:meth:`AddressIndex.match` finds the entries whose listed address a party's address is.

**Reading an address.** Listed addresses are one-line strings ("3, Derjabin Pr., Izhevsk, Udmurt
Republic 426006, Russia"); an order's address is structured (street, city, postal_code, region,
country) or one line. Both are read the same way:

- text is transliterated to ASCII (Cyrillic letter by letter, other scripts through rigour), case
  and punctuation are dropped, bracketed remarks ("(Head Office)") are ignored;
- the line is split at commas; the last part is the country when it names one ("Korea, North"
  too); a part introduced by "c/o" names someone else and is skipped;
- each part is read word by word. Street types (``St``/``Street``/``Str.``/``-strasse``,
  ``ul.``/``ulitsa``/``ул.``, ``pr.``/``prospekt``, ``Rd``/``Road``, ``Ave``, ``Blvd``, ``Cad.``,
  ``Sokak``, ``Calle``, ``Carrera``, ...) mark the words next to them as a street's name (before them,
  as in "Lenin St.", or after them, as in "ul. Tverskaya"); building words (``Bldg``, ``Tower``,
  ``korp.``, ``House``) mark a building's name or number; ``Office``/``Of.``/``Unit``/``Apt``/``kv.``
  a unit number; ``No.``/``Nr``/``№``/``#``/``d.``/``dom`` a house number; ``Floor``/``etazh``/``19/F``
  a floor, which is ignored; ``P.O. Box``/``a/ya``/``Postfach`` a PO box, which never identifies a
  place; ``raion``/``oblast``/``Mah.``/``District``/``City`` a locality;
- house numbers are compared by their parts: "15/56", "15 korp. 56" and "d. 15, k. 56" all give
  {15, 56}; "18A" and "18 a" are "18a"; leading zeros go;
- words are compared by a skeleton that absorbs transliteration variants (kh/h, y/i/j, w/v, ou/u,
  doubled letters, German oe/ue/ae) and a short inflected ending ("Derjabin" = "Deryabina");
  "Jin Cheng" = "Jincheng" (the words joined);
- a part with no street word and whose numbers look like a postcode (four digits or more, "CH-8022",
  "SW1H 0NE") is the locality: its words are place names (cities, districts, regions; a city's
  names in other languages meet through rigour's territory codes: Moscow = Moskva = Москва), its
  numbers postcodes.

**A hit** needs all of:
1. a street (or building) name of the listed address equal to one of the party's;
2. house numbers that agree: they share a number and one side's numbers are all among the
   other's (the party may give less, "30 Canton Road" for "Unit 503, 30 Canton Road"; a different
   number on each side -- 12 against 14, Office 301 against Office 405 -- is no hit);
3. the same locality: a postcode in common, or a place name in common (a city-state, such as
   Hong Kong or Singapore, is its own city);
4. the same country, or no country on one side.

A listed address that lacks any of these -- only a city and country ("Moscow, Russia", most of
the SDN list), only a PO box, a street without a house number, a street without a city -- is not
street-level and is never indexed. See :func:`address_stats` for the counts on a list.

Look-ups are cached per distinct address (orders come from repeat customers), and candidates come
from an index on (house number, street-word prefix), so a look-up costs microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rigour.addresses import address_fingerprint
from rigour.territories import lookup_territory
from rigour.text.translit import ascii_text

from screener.events.control import WatchlistEntry, entry_key

__all__ = ["AddressHit", "AddressIndex", "ParsedAddress", "parse_address", "address_stats", "split_address",
           "CITY_STATES"]

MAX_HITS = 10  # address hits per party at most
_CACHE_MAX = 65_536

# Written either way by the lists: "Kowloon, Hong Kong, China" is in HK.
_SAME_COUNTRY = frozenset({frozenset(("HK", "CN")), frozenset(("MO", "CN"))})
# Countries that are one city: the country is the city.
CITY_STATES = frozenset({"HK", "SG", "MO", "MC", "VA", "SM", "GI", "BH", "LI", "AD"})

# --- keywords (ASCII, lower case, without dots) ----------------------------------------------------

# Street types -> canonical form (the form matters only for numbered streets: "Carrera 7").
_STREET = {}
for _canon, _forms in {
    "st": "street st str strasse strase straat strada strade stradela ulitsa ulitsy ulica ulice ul vulitsa vulitsya "
          "vulytsia vulytsya vulica vul calle cl cll rue via jie dajie sokak sok sokagi sokaki gata gatan gade "
          "gasse vej vei veien weg utca ulicy",
    "rd": "road rd lu yol yolu marg jadeh jaddeh",
    "av": "avenue ave av avda avenida avinguda viale cadde caddesi cad cd khiyaban khiaban kheyaban",
    "blvd": "boulevard blvd bd bulvar bulvari bulevar bulevard bul",
    "pr": "prospekt prospect prosp prospekti pr prt pr-t pr-kt",
    "ln": "lane ln pereulok pereul per provulok prov lorong soi",
    "proezd": "proezd pr-d",
    "hwy": "highway hwy shosse sh trakt expressway expy freeway fwy motorway",
    "dr": "drive dr",
    "sq": "square sq ploshchad ploshad pl plaza platz piazza place plein maidan meydan meydani",
    "nab": "naberezhnaya nab embankment quay",
    "alley": "alley allee alleya aleya kuche kucheh koucheh kuy",
    "carrera": "carrera cra kra cr kr",
    "diagonal": "diagonal dg",
    "transversal": "transversal tv",
    "way": "way",
    "ct": "court ct",
    "ter": "terrace ter",
    "cres": "crescent cres",
    "close": "close",
    "pkwy": "parkway pkwy",
    "jalan": "jalan jln",
    "tupik": "tupik",
    "liniya": "liniya linia line",
    "spusk": "spusk",
    "shosse": "shosse",
}.items():
    for _f in _forms.split():
        _STREET.setdefault(_f, _canon)

# Words that end a compound street name: "Zweierstrasse" = "Zweier" + street.
_COMPOUND_SUFFIXES = ("strasse", "strase", "straat", "gasse", "gatan", "gata", "gade", "veien", "vei", "vej",
                      "weg", "allee", "platz", "str")

_BUILDING = frozenset("building bldg bld bldgs korpus korp k block blk blok bloklari tower towers twr torre "
                      "stroenie str-e stroen liter litera lit hse edificio gebaude complex sitesi plaza "
                      "center centre residence residences mansion mansions court house ho bod bodega "
                      "warehouse hangar villa structure".split())
# (building words that also work as a marker before a number: "Building 41", "korp. 2", "House 58")
_UNIT = frozenset("office of ofis oficina ofc unit unt suite ste room rm apt apartment apartamento apartments "
                  "appartement flat kv kvartira pom pomeshchenie pomeshch pomeshch kom komnata shop local loc "
                  "int interior depto dpto daire kab kabinet box-unit cabin".split())
_FLOOR = frozenset("floor fl flr etazh et level lvl piso andar kat storey story".split())
_HOUSE = frozenset("no nr nro num number numero nomer d dom plaque pelak plot house km".split())
_HOUSE_ABBREVIATIONS = frozenset("no nr nro num d km".split())
_POSTCODE_MARK = frozenset("zip zipcode postcode postal pc plz cep cp indeks".split())
_LOCALITY = frozenset("city town village district dist distt qu ku gu guyok dong-gu raion rayon r-n oblast obl "
                      "krai kray region reg republic resp province prov governorate muhafazat county prefecture "
                      "state municipality mun mah mahalle mahallesi mh mahallasi colonia col area sector sektor "
                      "zone zona mikrorayon mkr microrayan microrayon mikrorayan pos poselok posyolok selo "
                      "gorod township emirate kreis bezirk arrondissement quarter quartier barrio "
                      "urbanizacion urb".split())
_STOP = frozenset("of the de del dela la le les des du di da do dos das y e and et und van der den von al- at in "
                  "on near behind before after opposite opp corner cnr intersection next to inside beside "
                  "between off via- care".split())
_DIRECTIONS = {"north": "n", "south": "s", "east": "e", "west": "w", "n": "n", "s": "s", "e": "e", "w": "w",
               "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw", "severnaya": "n",
               "yuzhnaya": "s", "zapadnaya": "w", "vostochnaya": "e", "shomali": "n", "jonoubi": "s",
               "zhong": "c", "central": "c", "middle": "c", "bei": "n", "nan": "s", "xi": "w"}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_SAINT = {"saint": "st", "sankt": "st", "sainte": "st", "ste": "st", "st": "st", "san": "san", "santa": "santa"}
# Country prefixes written before a postcode: "CH-8022", "A-1040", "L-2418".
_PC_PREFIXES = frozenset("a b d e f i l n s ch cz dk fi fl gr h hr nl p pl ro sk sl si lv lt ee bg cy ua ru by md "
                         "lu no se at de fr it es pt be".split())

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
_LATIN_SPECIAL = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th", "ð": "d",
                  "№": " no ", "#": " no "}


# --- text --------------------------------------------------------------------------------------

@lru_cache(maxsize=_CACHE_MAX)
def _ascii_word(word: str) -> str:
    """One lower-case word in ASCII: Cyrillic and marked Latin letter by letter, anything else through
    rigour (about 0.4 ms per new word, so words, which repeat, are cached)."""
    out = []
    other = False
    for ch in word:
        if ch < "\x80":
            out.append(ch)
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        else:
            base = unicodedata.normalize("NFKD", ch)
            stripped = "".join(c for c in base if not unicodedata.combining(c))
            if stripped and stripped.isascii():
                out.append(stripped)
            elif unicodedata.category(ch)[0] in "PSZ":
                out.append(" ")
            else:
                other = True
                break
    if not other:
        return "".join(out)
    try:
        return ascii_text(word).lower()
    except Exception:  # noqa: BLE001 - a transliteration failure must never stop screening
        return ""


def _to_ascii(text: str) -> str:
    low = text.casefold()
    if low.isascii():
        return low
    return " ".join(_ascii_word(w) for w in low.split())


_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CARE_OF = re.compile(r"^\s*(?:c\s*/\s*o|care\s+of)\b")
_UK_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d(?!st|nd|rd|th)[a-z]{2})\b")
_CA_POSTCODE = re.compile(r"\b([a-z]\d[a-z])\s?(\d[a-z]\d)\b")
_PREFIXED_POSTCODE = re.compile(r"\b([a-z]{1,2})\s*-\s*(\d{4,6})\b")
_SLASH_FLOOR = re.compile(r"\b(\d+)\s*/\s*f\b")
_A_YA = re.compile(r"\ba\s*/\s*ya\b")
_POBOX = re.compile(r"\b(?:p\s*o\s*b(?:ox)?|p\s+o\s+b\s*o\s*x|post(?:al)?\s+(?:office\s+)?box|postbox|postfach|"
                    r"apartado(?:\s+postal)?|casilla(?:\s+postal)?|caixa\s+postal|private\s+bag|pmb|"
                    r"b\s+p|p\s+o|box|pobox)\b")
_ALNUM_POSTCODE = re.compile(r"^(?:\d{4}[a-z]{2}|[a-z]{2,3}\d{4})$")  # 6228CV (NL), VLT1185 (MT)
_CUSTODY = re.compile(r"\b(?:inmate|incarcerated|correctional|prison|penitentiary|detention center|"
                      r"register number|reg(?:ister)? no)\b")
_CP = re.compile(r"\bc\s+p\b")  # "C.P. 80100": codigo postal
_PUNCT = re.compile(r"[.:;'`\u2019\u2018\"!?*+=_~^|<>{}\\]")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*|\x00pc:[a-z0-9]+|\x00pobox")
_SPLIT = re.compile(r"[,;\n\r\t]+")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|-(?:ya|ia|yy|iy|oy|oi|aya|ja|j|i|e|o|a))$")
_MARKER_NUM = re.compile(r"^(no|nr|d|k|kv|of|korp|str|bldg|blk|apt|unit|lit|pom|rm|ste|h)(\d[\da-z/-]*)$")
_NUM_MARK_NUM = re.compile(r"^(\d+[a-z]?)(k|korp|str|s|c|kv|of|bldg|b)(\d+[a-z]?)$")
_LEADING_ZEROS = re.compile(r"(?<![\d])0+(?=\d)")


@lru_cache(maxsize=_CACHE_MAX)
def _prepare(part: str) -> str:
    """One comma-separated part, transliterated, with postcodes, PO boxes and floors marked."""
    text = _to_ascii(part)
    text = _A_YA.sub(" \x00pobox ", text)
    text = _SLASH_FLOOR.sub(r" \1 floor ", text)
    text = text.replace("&", " ").replace("#", " no ").replace("\u2116", " no ")
    text = _PUNCT.sub(" ", text)
    text = _CP.sub(" cp ", text)
    text = _POBOX.sub(" \x00pobox ", text)
    text = _UK_POSTCODE.sub(lambda m: f" \x00pc:{m.group(1)}{m.group(2)} ", text)
    text = _CA_POSTCODE.sub(lambda m: f" \x00pc:{m.group(1)}{m.group(2)} ", text)
    text = _PREFIXED_POSTCODE.sub(
        lambda m: f" \x00pc:{m.group(2)} " if m.group(1) in _PC_PREFIXES else m.group(0), text)
    return text


# --- skeletons ---------------------------------------------------------------------------------

_SKELETON_STEPS = (("shch", "s"), ("sch", "s"), ("kh", "h"), ("zh", "z"), ("ch", "c"), ("sh", "s"), ("ts", "c"),
                   ("tz", "c"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("j", "i"),
                   ("y", "i"), ("oe", "o"), ("ue", "u"), ("ae", "a"), ("ou", "u"), ("ee", "i"), ("ie", "e"))


@lru_cache(maxsize=_CACHE_MAX)
def skeleton(word: str) -> str:
    """A word with its transliteration variants folded together (Deryabin = Derjabin, Khimki = Himki)."""
    w = word
    for a, b in _SKELETON_STEPS:
        if a in w:
            w = w.replace(a, b)
    out = []
    for ch in w:
        if ch.isalnum() and (not out or out[-1] != ch or ch.isdigit()):
            out.append(ch)
    return "".join(out)


def _same_word(a: str, b: str) -> bool:
    """Equal skeletons, or one the other plus an inflected ending of at most two letters
    (Lenin / Lenina, Derjabin / Deryabina) when the shorter has five letters or more."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and len(long_) - len(short) <= 2 and long_.startswith(short)


@dataclass(frozen=True, slots=True)
class _Street:
    words: tuple[str, ...]  # skeletons, in order
    joined: str  # the skeletons joined ("jincheng" for "jin cheng")
    dirs: frozenset[str]  # direction words (north, west ...): optional on one side
    text: str  # for explanations

    def same(self, other: _Street) -> bool:
        if self.dirs and other.dirs and self.dirs != other.dirs:
            return False
        if _same_word(self.joined, other.joined):
            return True
        if len(self.words) == len(other.words) > 1:
            return sorted(self.words) == sorted(other.words)
        return False

    @property
    def prefixes(self) -> set[str]:
        return {w[:3] for w in self.words} | {self.joined[:3]}


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """An address as the matcher reads it."""
    streets: tuple[_Street, ...] = ()
    numbers: frozenset[str] = frozenset()  # house, building and unit numbers, by their parts
    postcodes: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # locality keys (city, district, region names; territory codes)
    country: str | None = None
    pobox: bool = False
    text: str = ""  # the address as one line
    custody: bool = False  # a prison or detention address (DPL): never an address of business

    @property
    def street_level(self) -> bool:
        """A street (or building) with a number and a place (city, postcode, or a city-state)."""
        return bool(self.streets and self.numbers and not self.custody
                    and (self.postcodes or self.places or self.country in CITY_STATES))

    @property
    def kind(self) -> str:
        """``street`` (street-level), ``pobox``, ``no_number``, ``no_place`` or ``place`` (a city or
        country only)."""
        if self.street_level:
            return "street"
        if self.custody:
            return "custody"
        if self.pobox and not self.streets:
            return "pobox"
        if self.streets and not self.numbers:
            return "no_number"
        if self.streets:
            return "no_place"
        return "place"


# --- reading one part --------------------------------------------------------------------------

def _number_parts(token: str) -> list[str]:
    """"15/56" -> [15, 56]; "603-609" -> [603, 609]; "18A" -> [18a]; "03" -> [3]."""
    parts = [p for p in re.split(r"[-/]", token) if p]
    out = []
    for p in parts:
        p = _LEADING_ZEROS.sub("", p)
        if p and not (p.isalpha() and len(p) > 2):  # "2-chome": the word is no number
            out.append(p)
    # "P-114", "F-109", "A-1": a letter with its number is one designation
    if len(out) == 2 and out[0].isalpha() and len(out[0]) <= 2 and out[1][0].isdigit():
        return [out[0] + out[1]]
    return out


def _place_keys(words: list[str]) -> set[str]:
    """Keys of a place name: the words joined, each long word, and its territory code (rigour)."""
    words = [_SAINT.get(w, w) for w in (w.lstrip("\x01") for w in words) if w]
    if not words:
        return set()
    keys = {"".join(skeleton(w) for w in words)}
    keys.update(skeleton(w) for w in words if len(w) >= 4)
    code = _territory_code(" ".join(words))
    if code:
        keys.add(code)
    return keys


@lru_cache(maxsize=_CACHE_MAX)
def _territory_code(text: str) -> str | None:
    """rigour's code for a place that is a territory (Moscow, Moskva, Москва -> "@ru-mow")."""
    try:
        fp = address_fingerprint(text)
    except Exception:  # noqa: BLE001
        return None
    if fp and " " not in fp and ("-" in fp or fp.upper() in CITY_STATES):
        return "@" + fp
    return None


class _PartReader:
    """Reads the words of one comma-separated part into streets, numbers, places."""

    __slots__ = ("streets", "numbers", "postcodes", "pobox", "places", "loose", "loose_text", "keyword",
                 "has_number")

    def __init__(self) -> None:
        self.streets: list[tuple[list[str], str | None, list[str]]] = []  # (words, numbered, raw words)
        self.numbers: list[str] = []
        self.postcodes: list[str] = []
        self.pobox = False
        self.places: list[list[str]] = []
        self.loose: list[str] = []
        self.loose_text = ""
        self.keyword = False  # a street, building, unit or house word
        self.has_number = False


@lru_cache(maxsize=_CACHE_MAX)
def _classify(token: str) -> tuple[str, str]:
    """(kind, value) of one token: street/building/unit/floor/house/postmark/locality/stop/dir/
    ordinal/num/word."""
    if token.startswith("\x00pc:"):
        return "postcode", token[4:]
    if token == "\x00pobox":
        return "pobox", ""
    if not token.isalpha():
        m = _ORDINAL.match(token)
        if m:
            return "ordinal", m.group(1)
        return "num", token
    if token in _ORDINAL_WORDS:
        return "ordinal", str(_ORDINAL_WORDS[token])
    if token in _STREET:
        return "street", _STREET[token]
    if token in _FLOOR:
        return "floor", ""
    if token in _UNIT:
        return "unit", ""
    if token in _HOUSE:
        return "house", token
    if token in _BUILDING:
        return "building", token
    if token in _LOCALITY:
        return "locality", token
    if token in _POSTCODE_MARK:
        return "postmark", ""
    if token in _STOP:
        return "stop", ""
    if token in _DIRECTIONS and len(token) > 1:
        return "dir", _DIRECTIONS[token]
    if len(token) == 1:
        return "stop", ""
    return "word", token


@lru_cache(maxsize=_CACHE_MAX)
def _split_word(w: str) -> tuple[str, ...]:
    """A compound street name split: "zweierstrasse" -> ("zweier", "strasse")."""
    if w not in _STREET and len(w) > 6:
        for suf in _COMPOUND_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                return (w[:-len(suf)], suf)
    return (w,)


def _expand(tokens: list[str]) -> list[str]:
    """Tokens with glued markers split ("d24" -> d 24, "40k1" -> 40 k 1), compound street names split
    ("zweierstrasse" -> zweier strasse), letter words split at hyphens and slashes, a lone letter
    after a number joined to it ("8 a" -> 8a)."""
    out: list[str] = []
    for t in tokens:
        if t.startswith("\x00"):
            out.append(t)
            continue
        if t.isalpha():
            out.extend(_split_word(t))
            continue
        if not any(c.isdigit() for c in t):
            out.extend(w for part in re.split(r"[-/]", t) if part for w in _split_word(part))
            continue
        m = _MARKER_NUM.match(t)
        if m:
            out.extend((m.group(1), m.group(2)))
            continue
        m = _NUM_MARK_NUM.match(t)
        if m:
            out.extend((m.group(1), "korp", m.group(3)))
            continue
        out.append(t)
    # a lone letter after a number: "60 D" -> "60d" (not "D. 4", a marker before a number)
    merged: list[str] = []
    for i, t in enumerate(out):
        if (len(t) == 1 and t.isalpha() and merged and merged[-1][-1:].isdigit()
                and not merged[-1].startswith("\x00")
                and not (i + 1 < len(out) and out[i + 1][:1].isdigit())):
            merged[-1] += t
        else:
            merged.append(t)
    return merged


@lru_cache(maxsize=_CACHE_MAX)
def _read_part(text: str, tail: bool = False, kind: str | None = None) -> _PartReader:
    """Read one prepared part (cached, since parts repeat: the result must not be changed).

    ``tail``: the part is the last before the country in a one-line address (where "Tokyo 103" is a
    city and its postcode). ``kind``: "street", "city", "postcode", "region" when the field says
    what it is."""
    r = _PartReader()
    tokens = _expand(_TOKEN.findall(text))
    kinds = [_classify(t) for t in tokens]
    if kind == "postcode":
        code = "".join(t for t in tokens if not t.startswith("\x00")).replace("-", "").replace("/", "")
        if code:
            r.postcodes.append(code)
        return r
    if kind in ("city", "region"):
        for k, v in kinds:
            if k == "postcode":
                r.postcodes.append(v)
            elif k == "num" and sum(c.isdigit() for c in v) >= 3:
                r.postcodes.append(v.replace("-", "").replace("/", ""))
        # "St. Petersburg": here "St" is a saint, not a street
        words = [_SAINT.get(t, t) for t, (k, _v) in zip(tokens, kinds, strict=True)
                 if k in ("word", "dir") or t in _SAINT]
        if words:
            r.places.append(words)
        return r
    if len(tokens) > 1 and tokens[0] in ("st", "ste") and kinds[1][0] == "word":
        tokens[0], kinds[0] = "saint", ("word", "st")  # "St. Petersburg", "St. Lucia Street": a saint
    # A house or floor word is one only next to a number ("d. 4", "4 etazh"; not the D of "Bogota D.C.").
    has_keyword = any(
        k in ("street", "building", "unit")
        or (k in ("house", "floor") and any(kk in ("num", "ordinal") for kk, _ in kinds[max(0, j - 1):j + 2]))
        for j, (k, _) in enumerate(kinds))
    r.keyword = has_keyword
    # Numbers that are postcodes: in a part without street words, four digits or more (three in
    # the tail), when every number of the part is one.
    postcode_like = []
    for k, v in kinds:
        if k == "num":
            digits = sum(c.isdigit() for c in v)
            plain = v.replace("-", "").replace("/", "")
            postcode_like.append((plain.isdigit() and (digits >= 4 or (tail and digits >= 3)))
                                 or bool(_ALNUM_POSTCODE.match(plain)))
    numbers_are_postcodes = (kind != "street" and not has_keyword and postcode_like and all(postcode_like))
    pending: list[str] = []  # name words since the last keyword or number
    pending_raw: list[str] = []
    marker: str | None = None  # what the next number is: house, unit, floor, pobox, postcode
    last_num: int | None = None  # index in r.numbers of the last number, for "4 etazh" and "1523 Sokak"
    street_open: tuple[str, int] | None = None  # a prefix street type waiting for its name ("ul. Tverskaya")
    locality_open = False

    def flush_place() -> None:
        nonlocal pending, pending_raw
        if pending:
            r.places.append(pending)
            pending, pending_raw = [], []

    i = 0
    n = len(tokens)
    while i < n:
        k, v = kinds[i]
        t = tokens[i]
        if k == "postcode":
            r.postcodes.append(v)
            marker = None
        elif k == "pobox":
            r.pobox = True
            marker = "pobox"
        elif k in ("word", "ordinal") or (k == "dir"):
            # a direction ("North", "Zhong") is kept apart: optional in a street's name
            word = v if k == "word" else (v + "o" if k == "ordinal" else "\x01" + t)
            if k == "ordinal" and i + 1 < n and kinds[i + 1][0] == "floor":
                marker = None  # "4th floor": a floor
                i += 2
                continue
            pending.append(word)
            pending_raw.append(t)
            marker = None
        elif k == "street" and t in _SAINT and not pending and i + 1 < n and kinds[i + 1][0] == "word":
            pending.append("st")  # "St. Petersburg", "St. James Street": a saint
            pending_raw.append(t)
        elif k == "street" and t == "str" and not pending and i + 1 < n and kinds[i + 1][0] == "num":
            marker = "house"  # "d. 12, str. 1": stroenie, a building
        elif k == "street":
            if pending and street_open is None and not locality_open:
                r.streets.append((pending, None, pending_raw))  # "Lenin St."
                pending, pending_raw = [], []
            elif pending and locality_open:
                flush_place()
                street_open = (v, len(r.streets))
            else:
                if street_open is not None and pending:
                    r.streets.append((pending, None, pending_raw))
                    pending, pending_raw = [], []
                street_open = (v, len(r.streets))  # "ul. Tverskaya": the name follows
            locality_open = False
            marker = None
        elif k == "house" and t in _HOUSE_ABBREVIATIONS and not (i + 1 < n and kinds[i + 1][0] == "num"):
            pass  # "D" of "Bogota D.C.": a house number marker only before a number
        elif k in ("building", "unit", "house"):
            # a name before it is a building's name ("Masarif Building", "Biniciler Apt.")
            if pending:
                if street_open is not None:
                    r.streets.append((pending, None, pending_raw))
                    street_open = None
                elif locality_open:
                    r.places.append(pending)
                    locality_open = False
                else:
                    r.streets.append((pending, None, pending_raw))
                pending, pending_raw = [], []
            marker = "unit" if k == "unit" else "house"
        elif k == "floor":
            if last_num is not None and i > 0 and kinds[i - 1][0] == "num" and marker != "floor":
                del r.numbers[last_num:]  # "4 etazh": that number was a floor
                last_num = None
                marker = None
            else:
                marker = "floor"
        elif k == "locality":
            if pending:
                if street_open is not None:
                    r.streets.append((pending, None, pending_raw))
                    street_open = None
                    pending, pending_raw = [], []
                else:
                    flush_place()  # "Kulebakski raion"
                    locality_open = False
                    i += 1
                    continue
            locality_open = True  # "g. Moskva", "pos. Vanino"
            street_open = None
        elif k == "postmark":
            marker = "postcode"
        elif k == "num":
            if street_open is not None and pending:
                r.streets.append((pending, None, pending_raw))
                pending, pending_raw = [], []
                street_open = None
            elif street_open is not None and not pending and marker is None:
                # "Carrera 7", "Street 327": the number names the street
                canon = street_open[0]
                r.streets.append(([f"{canon}{_number_parts(t)[0] if _number_parts(t) else t}"], canon, [t]))
                street_open = None
                i += 1
                continue
            elif locality_open and pending:
                flush_place()
                locality_open = False
            if marker == "pobox":
                pass
            elif marker == "postcode" or (numbers_are_postcodes and marker is None):
                r.postcodes.append(t.replace("-", "").replace("/", ""))
            elif marker == "floor":
                pass
            else:
                if locality_open:
                    # "District 929", "Area 3": part of a place's name
                    r.places.append([t])
                else:
                    parts = _number_parts(t)
                    last_num = len(r.numbers) if parts else None
                    r.numbers.extend(parts)
                    r.has_number = True
                    # "1523 Sokak": a street type right after, with no name, takes the number
                    after = next((kk for kk, _ in kinds[i + 2:] if kk != "stop"), None)
                    if (i + 1 < n and kinds[i + 1][0] == "street" and not pending
                            and after not in ("word", "ordinal", "dir")):
                        canon = kinds[i + 1][1]
                        del r.numbers[len(r.numbers) - len(parts):]
                        r.streets.append(([f"{canon}{parts[0] if parts else t}"], canon, [t]))
                        last_num = None
                        i += 2
                        continue
            marker = None if marker not in ("pobox",) else marker
        # stop words are skipped
        i += 1
    # what is left
    if pending:
        if street_open is not None:
            r.streets.append((pending, None, pending_raw))
        elif locality_open:
            r.places.append(pending)
        else:
            r.loose = pending
            r.loose_text = " ".join(pending_raw)
    return r


def _street(words: list[str], raw: list[str]) -> _Street | None:
    names = [w for w in words if w[:1] != "\x01"]
    if names:
        dirs = frozenset(_DIRECTIONS[w[1:]] for w in words if w[:1] == "\x01")
    else:  # "North Street": the direction is the name
        names, dirs = [w[1:] for w in words], frozenset()
    skel = tuple(w for w in (skeleton(_SAINT.get(n, n)) for n in names) if w)
    if not skel:
        return None
    return _Street(skel, "".join(skel), dirs, " ".join(raw))


def _strict_country(text: str) -> str | None:
    """The ISO code when ``text`` names a country itself (not a city or region in one)."""
    cleaned = " ".join(text.replace(".", " ").split()).strip(" ,;:-")
    if not cleaned or len(cleaned) > 80:
        return None
    return _country_lookup(cleaned.casefold())


@lru_cache(maxsize=8192)
def _country_lookup(text: str) -> str | None:
    label = re.sub(r"^(?:region|country|territory)\s*:\s*", "", text)
    try:
        t = lookup_territory(label)
    except Exception:  # noqa: BLE001
        return None
    if t is None:
        return None
    code = t.code
    if len(code) == 2 and code.isalpha() and t.alpha3 and not t.is_historical:
        return code.upper()
    if label != text and t is not None:  # "Region: Crimea": OFAC's way to name a region as a country
        while t is not None and not (len(t.code) == 2 and t.alpha3):
            t = t.parent
        return t.code.upper() if t is not None else None
    return None


def _country_code(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    return _strict_country(v) or _lenient_country(v)


def _lenient_country(value: str) -> str | None:
    try:
        from screener.enrichment.countries import to_iso2
    except Exception:  # noqa: BLE001
        return None
    return to_iso2(value)


# --- whole addresses ---------------------------------------------------------------------------

class _Builder:
    def __init__(self) -> None:
        self.streets: list[_Street] = []
        self.numbers: set[str] = set()
        self.postcodes: set[str] = set()
        self.places: set[str] = set()
        self.pobox = False

    def add(self, r: _PartReader, *, loose_is_street: bool | None = None, places: bool = True) -> None:
        self.pobox |= r.pobox
        for words, _numbered, raw in r.streets:
            s = _street(words, raw)
            if s is not None:
                self.streets.append(s)
        self.numbers.update(r.numbers)
        self.postcodes.update(p for p in (_clean_postcode(x) for x in r.postcodes) if p)
        if places:
            for words in r.places:
                self.places.update(_place_keys(words))
        if r.loose:
            as_street = loose_is_street if loose_is_street is not None else bool(r.keyword or r.numbers)
            if as_street:
                s = _street(r.loose, r.loose_text.split())
                if s is not None:
                    self.streets.append(s)
            elif places:
                self.places.update(_place_keys(r.loose))

    def build(self, country: str | None, text: str) -> ParsedAddress:
        # the same street read twice (two parts) counts once
        seen = {}
        for s in self.streets:
            seen.setdefault((s.joined, s.dirs), s)
        return ParsedAddress(tuple(seen.values()), frozenset(self.numbers), frozenset(self.postcodes),
                             frozenset(self.places), country, self.pobox, text,
                             bool(_CUSTODY.search(text.casefold())))


def _clean_postcode(code: str) -> str:
    code = code.replace("-", "").replace("/", "").replace(" ", "").lower()
    return code if len(code) >= 3 else ""


def _parts(text: str) -> list[str]:
    text = _BRACKETS.sub(" ", _BRACKETS.sub(" ", text))
    return [p.strip() for p in _SPLIT.split(text) if p.strip()]


def _one_line(text: str, country: str | None, builder: _Builder) -> str | None:
    """Read a one-line address into ``builder``; returns its country (the given one, else the one
    the line ends with)."""
    parts = [p for p in _parts(text) if not _CARE_OF.match(_to_ascii(p))]
    if not parts:
        return country
    found = None
    if len(parts) >= 2:
        found = _strict_country(parts[-1])
        if found is not None:
            parts = parts[:-1]
        else:
            found = _strict_country(", ".join(parts[-2:]))  # "Korea, North"
            if found is not None and len(parts) > 2:
                parts = parts[:-2]
            else:
                found = None
    elif len(parts) == 1 and _strict_country(parts[0]):
        return country or _strict_country(parts[0])
    elif len(parts) == 1:
        return _no_commas(parts[0], country, builder)
    readers = [_read_part(_prepare(p), i == len(parts) - 1 and i > 0) for i, p in enumerate(parts)]
    # "40, Malaya Ordynka, Moscow": a part that is only a house number makes the words next to it
    # a street (the part after it, else the one before).
    streets_at: set[int] = set()
    if not any(r.streets or (r.loose and (r.keyword or r.numbers)) for r in readers):
        for i, r in enumerate(readers):
            if r.numbers and not (r.streets or r.loose or r.places or r.keyword):
                for j in (i + 1, i - 1):
                    if 0 <= j < len(readers) - 1 and readers[j].loose and not readers[j].postcodes:
                        streets_at.add(j)
                        break
    for i, r in enumerate(readers):
        builder.add(r, loose_is_street=True if i in streets_at else None)
    return country or found


def _no_commas(text: str, country: str | None, builder: _Builder) -> str | None:
    """An address written without commas ("3 Derjabin proezd Izhevsk 426006 Russia"): the country is
    taken off its end, it is read as one street part, and each of its longer words may be the place
    (street, number and country must still agree, so this rarely says more than it should)."""
    words = text.split()
    found = None
    for k in (3, 2, 1):
        if len(words) > k + 1:
            found = _strict_country(" ".join(words[-k:]))
            if found is not None:
                words = words[:-k]
                break
    r = _read_part(_prepare(" ".join(words)), False)
    builder.add(r)
    if r.streets or r.loose:
        names = [w for ws, _n, _raw in r.streets for w in ws] + list(r.loose)
        for w in names:
            builder.places.update(_place_keys([w]))
    # a long number after the first one is the postcode ("... 5 Izhevsk 426006")
    first = True
    for t in _TOKEN.findall(_prepare(" ".join(words))):
        if t.isdigit():
            if not first and len(t) >= 4:
                builder.numbers.discard(t.lstrip("0") or t)
                builder.postcodes.add(t)
            first = False
    return country or found


_STREET_KEYS = ("street", "street1", "street2", "street3", "address", "address1", "address2", "address_line",
                "address_line_1", "address_line_2", "line1", "line2", "house", "building", "house_number")
_CITY_KEYS = ("city", "town", "locality", "district", "suburb")
_POSTAL_KEYS = ("postal_code", "postcode", "post_code", "zip", "zip_code", "zipcode", "postal")
_REGION_KEYS = ("region", "state", "province", "oblast", "county")


def _field_kind(key: str) -> str | None:
    k = key.casefold()
    if k in _POSTAL_KEYS or "zip" in k or "postal" in k or "postcode" in k:
        return "postcode"
    if k in _CITY_KEYS:
        return "city"
    if k in _REGION_KEYS or any(x in k for x in _REGION_KEYS):
        return "region"
    if k in _STREET_KEYS or "street" in k or "line" in k or "address" in k:
        return "street"
    if k == "country":
        return "country"
    return None


def _fields(address) -> dict[str, list[str]] | None:
    """The text fields of a structured address by kind (street, city, postcode, region, country)."""
    if isinstance(address, Mapping):
        items = address.items()
    elif hasattr(address, "model_dump"):
        items = address.model_dump().items()
    else:
        return None
    out: dict[str, list[str]] = {}
    for key, value in items:
        if not isinstance(value, str) or not value.strip():
            continue
        kind = _field_kind(str(key))
        if kind is not None:
            out.setdefault(kind, []).append(value)
    return out


def parse_address(address, country: str | None = None) -> ParsedAddress | None:
    """Read an address: one line of text, or a structured one (a mapping or an ``Address`` with
    street, city, postal_code, region, country). ``country`` (ISO alpha-2 or a name) is used when
    the address names none. None for an empty address."""
    if address is None:
        return None
    builder = _Builder()
    if isinstance(address, str):
        if not address.strip():
            return None
        c = _one_line(address, None, builder)
        c = c or _country_code(country)
        return builder.build(c, " ".join(address.split()))
    fields = _fields(address)
    if fields is None:
        return None
    c = _country_code(fields["country"][0]) if fields.get("country") else None
    c = c or _country_code(country)
    streets = fields.get("street", [])
    if not (fields.get("city") or fields.get("postcode")):
        # everything typed into the street field: read it as one line
        for s in streets:
            c = _one_line(s, c, builder) or c
    else:
        for s in streets:
            for p in _parts(s):
                if _CARE_OF.match(_to_ascii(p)):
                    continue
                builder.add(_read_part(_prepare(p), False, "street"), loose_is_street=True)
        for kind in ("city", "region", "postcode"):
            for value in fields.get(kind, []):
                for p in _parts(value) if kind != "postcode" else [value]:
                    # a region does not stand for the city, but its postcode counts
                    builder.add(_read_part(_prepare(p), False, kind), places=kind != "region")
    text = ", ".join(v for kind in ("street", "city", "postcode", "region", "country")
                     for v in fields.get(kind, []))
    return builder.build(c, " ".join(text.split()))


def split_address(text: str) -> dict[str, str]:
    """A one-line address split into ``street``, ``city``, ``postal_code`` and ``country`` (the
    ISO code) as this module reads it; for building test orders from listed addresses."""
    parts = [p for p in _parts(text) if not _CARE_OF.match(_to_ascii(p))]
    country = None
    if len(parts) >= 2 and _strict_country(parts[-1]):
        country = _strict_country(parts[-1])
        parts = parts[:-1]
    elif len(parts) > 2 and _strict_country(", ".join(parts[-2:])):
        country = _strict_country(", ".join(parts[-2:]))
        parts = parts[:-2]
    readers = [_read_part(_prepare(p), i == len(parts) - 1 and i > 0) for i, p in enumerate(parts)]
    last_street = max((i for i, r in enumerate(readers)
                       if r.streets or r.numbers or r.keyword or r.pobox or (r.loose and r.has_number)), default=-1)
    street = parts[:last_street + 1]
    city, postal = [], []
    for p, r in zip(parts[last_street + 1:], readers[last_street + 1:], strict=True):
        words = " ".join(w for w in p.split() if not any(c.isdigit() for c in w))
        if words.strip(" .,-"):
            city.append(words.strip(" ,"))
        postal.extend(r.postcodes)
    out = {"street": ", ".join(street), "city": city[0] if city else "", "postal_code": postal[0] if postal else ""}
    if country:
        out["country"] = country
    return {k: v for k, v in out.items() if v}


# --- agreement ---------------------------------------------------------------------------------

def _postcodes_agree(a: frozenset[str], b: frozenset[str]) -> str | None:
    common = a & b
    if common:
        return min(common)
    for x in a:
        for y in b:
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= 5 and short.isdigit() and long_.startswith(short):  # ZIP+4, old 5-digit codes
                return short
    return None


def _countries_agree(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b or frozenset((a, b)) in _SAME_COUNTRY


def agree(listed: ParsedAddress, party: ParsedAddress) -> str | None:
    """How the two addresses agree (for the explanation) when the party is at the listed address,
    else None."""
    if not _countries_agree(listed.country, party.country):
        return None
    numbers = listed.numbers & party.numbers
    if not numbers or not (listed.numbers <= party.numbers or party.numbers <= listed.numbers):
        return None
    street = next((s for s in listed.streets if any(s.same(t) for t in party.streets)), None)
    if street is None:
        return None
    postcode = _postcodes_agree(listed.postcodes, party.postcodes)
    places = listed.places & party.places
    country = listed.country or party.country
    if postcode:
        where = f"postcode {postcode.upper()}"
    elif places:
        where = "place " + min(places, key=lambda p: (p.startswith("@"), -len(p))).lstrip("@")
    elif country in CITY_STATES and (listed.country == party.country or not (listed.country and party.country)):
        where = f"city-state {country}"
    elif {listed.country, party.country} & CITY_STATES and "@" + (
            (listed.country if listed.country in CITY_STATES else party.country) or "").lower() in (
            listed.places | party.places):
        where = "city-state " + (listed.country if listed.country in CITY_STATES else party.country)
    else:
        return None
    nums = "/".join(sorted(numbers, key=lambda x: (len(x), x)))
    agreed = f"street {street.text!r} and number {nums}, {where}"
    if listed.country and party.country:
        agreed += f", country {listed.country}"
    return agreed + " agree"


# --- the index ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AddressHit:
    entry_id: str
    list: str  # the list's code (SDN, EL, ...)
    list_id: str  # <origin>:<code>
    entry_name: str  # the entry's primary name
    matched_address: str  # the listed address, as listed
    party_address: str  # the party's address, as one line
    detail: str  # what agreed: street and number, postcode or place, country

    @property
    def entry_key(self) -> str:
        return entry_key(self.list_id, self.entry_id)


@dataclass(frozen=True, slots=True)
class _Record:
    key: str  # entry key
    entry: WatchlistEntry
    address: str
    parsed: ParsedAddress
    postings: tuple[tuple[str, str], ...]


def _postings(p: ParsedAddress) -> set[tuple[str, str]]:
    return {(n, pre) for n in p.numbers for s in p.streets for pre in s.prefixes}


class AddressIndex:
    """The street-level addresses of watch-list entries, indexed for look-up by a party's address.

    Kept in step with the watch list like a :class:`~screener.matching.base.Matcher`:
    ``upsert(entry)``, ``delete(list_id, entry_id)``, ``replace_list(list_id, entries)``. ``version``
    bumps on every change; look-ups are cached per distinct address until then."""

    def __init__(self, entries: Iterable[WatchlistEntry] = ()):
        self._records: dict[int, _Record] = {}
        self._by_entry: dict[str, list[int]] = {}
        self._postings: dict[tuple[str, str], set[int]] = {}
        self._entries: dict[str, WatchlistEntry] = {}
        self._next = 0
        self._cache: dict[tuple, tuple[AddressHit, ...]] = {}
        self.version = 0
        for e in entries:
            self._add(e)
        self.version += 1

    # -- maintenance -------------------------------------------------------------------------------
    def _add(self, entry: WatchlistEntry) -> None:
        key = entry.key
        if key in self._entries:
            self._remove(key)
        self._entries[key] = entry
        ids = []
        for address in entry.addresses:
            parsed = _parse_listed(address)
            if parsed is None or not parsed.street_level:
                continue
            posts = tuple(sorted(_postings(parsed)))
            rid = self._next
            self._next += 1
            self._records[rid] = _Record(key, entry, address, parsed, posts)
            for p in posts:
                self._postings.setdefault(p, set()).add(rid)
            ids.append(rid)
        if ids:
            self._by_entry[key] = ids

    def _remove(self, key: str) -> bool:
        found = self._entries.pop(key, None) is not None
        for rid in self._by_entry.pop(key, ()):
            rec = self._records.pop(rid)
            for p in rec.postings:
                s = self._postings.get(p)
                if s is not None:
                    s.discard(rid)
                    if not s:
                        del self._postings[p]
        return found

    def _changed(self) -> None:
        self.version += 1
        self._cache.clear()

    def upsert(self, entry: WatchlistEntry) -> None:
        self._add(entry)
        self._changed()

    def delete(self, list_id: str, entry_id: str) -> bool:
        found = self._remove(entry_key(list_id, entry_id))
        if found:
            self._changed()
        return found

    def replace_list(self, list_id: str, entries: Iterable[WatchlistEntry]) -> None:
        new = {e.key: e for e in entries}
        for k in [k for k, e in self._entries.items() if e.list_id == list_id and k not in new]:
            self._remove(k)
        for k, e in new.items():
            if self._entries.get(k) != e:
                self._add(e)
        self._changed()

    def __len__(self) -> int:
        """Street-level addresses held."""
        return len(self._records)

    def entry(self, key: str) -> WatchlistEntry | None:
        """The entry with this key (``<list_id>/<entry_id>``), whether or not it has an address."""
        return self._entries.get(key)

    # -- look-up -----------------------------------------------------------------------------------
    def match(self, address, country: str | None = None, limit: int = MAX_HITS) -> list[AddressHit]:
        """Entries whose listed street address ``address`` is (one hit per entry, at most ``limit``,
        ordered by list and entry id). ``address``: one line, or a structured address (mapping or
        ``Address``); ``country``: the party's country, used when the address names none."""
        if address is None:
            return []
        try:
            ck = _cache_key(address, country)
        except TypeError:
            ck = None
        if ck is not None:
            found = self._cache.get(ck)
            if found is not None:
                return list(found[:limit])
        hits = self._match(address, country)
        if ck is not None:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[ck] = hits
        return list(hits[:limit])

    def _match(self, address, country: str | None) -> tuple[AddressHit, ...]:
        q = parse_address(address, country)
        if q is None or not q.street_level:
            return ()
        candidates: set[int] = set()
        postings = self._postings
        for p in _postings(q):
            ids = postings.get(p)
            if ids:
                candidates |= ids
        if not candidates:
            return ()
        best: dict[str, AddressHit] = {}
        for rid in sorted(candidates):
            rec = self._records[rid]
            if rec.key in best:
                continue
            how = agree(rec.parsed, q)
            if how is None:
                continue
            e = rec.entry
            best[rec.key] = AddressHit(e.entry_id, e.list, e.list_id, e.names[0], rec.address, q.text, how)
        return tuple(sorted(best.values(), key=lambda h: (h.list_id, h.entry_id)))

    def stats(self) -> dict[str, dict[str, int]]:
        """Per list id: entries, addresses, and how many addresses of each kind (street-level,
        PO box, no number, no place, place only)."""
        return address_stats(self._entries.values())


def _cache_key(address, country) -> tuple:
    if isinstance(address, str):
        return (address, country)
    if isinstance(address, Mapping):
        return (tuple(sorted((str(k), v) for k, v in address.items() if isinstance(v, str))), country)
    if hasattr(address, "model_dump"):  # an order's Address: its fields in declaration order
        extra = address.__pydantic_extra__
        if extra:
            return (tuple(address.__dict__.values()),
                    tuple((k, v) for k, v in extra.items() if isinstance(v, str)), country)
        return (tuple(address.__dict__.values()), country)
    raise TypeError


@lru_cache(maxsize=_CACHE_MAX)
def _parse_listed(address: str) -> ParsedAddress | None:
    return parse_address(address)


def address_stats(entries: Iterable[WatchlistEntry]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for e in entries:
        s = out.setdefault(e.list_id, {"entries": 0, "entries_street": 0, "addresses": 0, "street": 0,
                                        "pobox": 0, "no_number": 0, "no_place": 0, "place": 0, "custody": 0})
        s["entries"] += 1
        street = False
        for a in e.addresses:
            p = _parse_listed(a)
            s["addresses"] += 1
            kind = p.kind if p is not None else "place"
            s[kind] += 1
            street |= kind == "street"
        s["entries_street"] += street
    return out
