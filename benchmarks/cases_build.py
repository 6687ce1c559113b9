"""Write the matching-quality cases (``benchmarks/cases/*.jsonl``) from the real list files.

    .venv/bin/python benchmarks/cases_build.py [--data ../shared/data] [--per-class 200]
    .venv/bin/python benchmarks/cases_build.py --sample-for-check 12   # print cases to look at

Every case starts from a real listed entry (OFAC SDN 2019, UN, BIS DPL, CSL sample) and uses its
real structure -- SDN "SURNAME, Given Middle" order, aliases, type, programs -- to write the
variation one class of real-world difference makes: titles, dropped or added name parts,
abbreviations, dropped vowels, initials, joined or split words and particles, other scripts,
nicknames; and negatives that look close: relatives, same surname, a common word with a legal
form, numbered vessels and companies, the other gender's given name, clean names.

Deterministic: each case draws from ``random.Random`` seeded by (class, entry), so a change to
one writer does not reshuffle the others, and ids (a hash of class, query and expected entry)
stay stable. The split is by *group* -- the listed entity, joined with every entry that shares
one of its names (the same party on another list) and, for people, its family name, and for
numbered vessels and companies the name without its number -- hashed to tune/heldout
(``casefile.split_of``). The peer cases (``cases/peers/``) are converted here too.

``cases/handcheck.jsonl`` records the cases looked at by eye: ``ok`` marks a case
``checked: true``, ``reject`` drops it (with the reason).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import icu  # noqa: E402
from case_tables import (  # noqa: E402
    ABBREVIATIONS,
    ABD_SECOND,
    CLEAN_COMPANY_WORDS,
    CLEAN_GIVEN,
    CLEAN_REAL_COMPANIES,
    CLEAN_SURNAMES,
    CLEAN_TRADE_WORDS,
    COMPOUND_ENDINGS,
    FEMALE_GIVEN,
    GENDER_PAIRS,
    LEGAL_FORMS_FOR_NEGATIVES,
    NICKNAMES,
    NICKNAMES_BY_CULTURE,
    PATRONYMIC_M_TO_F,
    SPLITTABLE_PREFIXES,
    SURNAME_M_TO_F,
    TITLES_PREFIX,
    TITLES_SUFFIX,
    VOWELLESS_CONVENTIONAL,
    arabic_orthography_variant,
    arabic_to_hebrew,
    korean_to_hangul,
    russian_to_arabic,
    russian_to_greek,
    russian_to_hangul,
    russian_to_hebrew,
    russian_to_katakana,
)
from casefile import (  # noqa: E402
    CASES_DIR,
    NEGATIVE_CLASSES,
    POSITIVE_CLASSES,
    case_id,
    entry_key,
    split_of,
    validate,
    write_cases,
)
from rapidfuzz.distance import Levenshtein  # noqa: E402

from screener.watchlists import load_watchlists, weak_names  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def K(e) -> str:
    """An entry's key as the case files and the hits write it: ``list/entry_id``."""
    return f"{e.list}/{e.entry_id}" if hasattr(e, "entry_id") else e.key
SEED = "screener-cases-v1"

# ----------------------------------------------------------------------------------------------
# text helpers (self-contained: nothing from the engine's normaliser, so the cases do not share
# its blind spots)

LEGAL_WORDS = {
    "ltd", "limited", "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "gmbh", "ag",
    "sa", "s", "a", "de", "cv", "srl", "sarl", "bv", "nv", "plc", "jsc", "ojsc", "cjsc", "pjsc", "oao",
    "zao", "ooo", "pao", "ao", "llp", "lp", "fze", "fzc", "fzco", "pte", "pvt", "pty", "sdn", "bhd", "sl",
    "spa", "kg", "as", "ab", "oy", "oyj", "est", "establishment", "cia", "ltda", "sac", "sas", "eirl",
    "rl", "sal", "scs", "sapi", "sab", "ci", "saa", "sprl",
}
STOPWORDS = {"of", "the", "and", "for", "de", "del", "la", "el", "y", "e", "et", "in", "al", "des",
             "du", "di", "da", "do", "dos", "das", "le", "les", "an", "ash", "as", "at", "ad", "ar"}
PARTICLES = {"al", "el", "bin", "ibn", "ben", "abu", "abo", "abd", "bint", "van", "von", "der", "den", "de",
             "la", "del", "della", "da", "dos", "di", "le", "mac", "mc", "ould", "ul", "ud", "y", "e"}
ARABIC_NAME_TOKENS = {
    "muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "ahmad", "ahmed", "ali", "hasan",
    "hassan", "husayn", "hussein", "hussain", "husain", "ibrahim", "khalid", "khaled", "omar", "umar", "yusuf",
    "yousef", "abdullah", "abdallah", "abd", "abdul", "abdel", "abu", "bin", "ibn", "al", "mahmud", "mahmoud",
    "mustafa", "salim", "salem", "said", "saeed", "sa", "rahman", "aziz", "karim", "hamid", "hamad", "nasser",
    "nasir", "jamal", "kamal", "faisal", "fahd", "saad", "sultan", "khalil", "walid", "samir", "tariq",
    "osama", "usama", "ayman", "yasin", "yassin", "anwar", "bashar", "rami", "maher", "majid", "qasim",
    "qassem", "jaafar", "jafar", "hadi", "mahdi", "hamza", "hamzah", "zaid", "zayd", "ismail", "isma", "haji",
    "hajji", "sheikh", "shaykh", "muhsin", "mohsen", "hossein", "reza", "gholam", "sayyid", "seyed",
}
SPANISH_NAME_TOKENS = {
    "jose", "juan", "carlos", "luis", "jesus", "maria", "miguel", "francisco", "jorge", "manuel", "antonio",
    "pedro", "javier", "fernando", "alejandro", "rafael", "ricardo", "eduardo", "roberto", "alberto", "oscar",
    "hector", "sergio", "victor", "mario", "raul", "ramon", "enrique", "gustavo", "alfredo", "guillermo",
    "julio", "cesar", "jaime", "diego", "pablo", "andres", "hernan", "gonzalo", "rodrigo", "arturo", "hugo",
    "ruben", "edgar", "ivan", "fabio", "humberto", "gilberto", "armando", "orlando", "nelson", "wilson",
    "rodriguez", "gonzalez", "garcia", "martinez", "lopez", "hernandez", "perez", "sanchez", "ramirez", "gomez",
    "diaz", "torres", "flores", "rivera", "castro", "vargas", "moreno", "ortiz", "gutierrez", "ramos", "ruiz",
    "cardenas", "guzman", "zambada", "caro", "quintero", "ochoa", "escobar", "cali", "valencia", "mejia",
}
RUSSIAN_SURNAME = re.compile(r"(?i)(ov|ova|ev|eva|yev|yeva|in|ina|yn|yna|sky|skiy|skii|skaya|tsky|enko|uk|yuk|"
                             r"ich|vich|ko|yan|dze|shvili|ets|ik|au|ava)$")
PATRONYMIC = re.compile(r"(ovich|evich|yevich|ievich|ovitch|evitch|ovna|evna|yevna|ievna|ichna|"
                        r"ovych|evych|ivna|auna|avich|ich)$", re.I)
_ACRONYM_OK = re.compile(r"^[A-Za-z]+$")


def fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    t = fold(text).replace("'", "").replace("’", "").replace("`", "")
    t = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\.)", "", t)  # A.B.C. -> abc
    return [w for w in re.split(r"[^0-9a-z\u0080-\uffff]+", t) if w]


def nkey(text: str) -> str:
    return " ".join(sorted(tokens(text)))


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in LEGAL_WORDS and t not in STOPWORDS]


def tc(word: str) -> str:
    """Title-case one name word as people write it: AL-ASSAD -> al-Assad (not first), O'BRIEN."""
    parts = re.split(r"([\-'’])", word)
    out = []
    for k, p in enumerate(parts):
        if p in ("-", "'", "’"):
            out.append(p)
        elif k >= 2 and parts[k - 1] in ("'", "’") and len(parts[k - 2]) > 1:
            out.append(p.lower())  # Isma'il, Fu'ad (but O'Brien, 'Abd)
        elif p.lower() in ("al", "el", "ul", "ud", "ad", "ar", "as", "ash", "an") and len(parts) > 1:
            out.append(p.lower())
        else:
            out.append(p[:1].upper() + p[1:].lower())
    s = "".join(out)
    return s[:1].upper() + s[1:] if s[:1].islower() and "-" not in s else s


def is_latin(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            n = unicodedata.name(ch, "")
            for s, label in (("ARABIC", "arabic"), ("CYRILLIC", "cyrillic"), ("CJK", "chinese"),
                             ("HANGUL", "korean"), ("HEBREW", "hebrew"), ("GREEK", "greek"),
                             ("KATAKANA", "japanese"), ("HIRAGANA", "japanese")):
                if n.startswith(s):
                    return label
            return n.split()[0].lower() if n else "other"
    return "latin"


GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "junior", "senior", "phd"})


def _suffix_only(text: str) -> bool:
    """``text`` (what follows a name's comma) is nothing but generational suffixes ("JR", "Jr.")."""
    words = [w.strip(".").lower() for w in text.replace(",", " ").split()]
    return bool(words) and all(w in GENERATIONAL_SUFFIXES for w in words)


# ----------------------------------------------------------------------------------------------
# the lists, indexed


class Lists:
    def __init__(self, entries: list) -> None:
        self.entries = [e for e in entries if e.names]
        self.by_key = {K(e): e for e in self.entries}
        self.name_owners: dict[str, set[str]] = defaultdict(set)  # nkey -> entry keys
        self.vocab: Counter = Counter()  # token -> number of entries carrying it
        for e in self.entries:
            toks: set[str] = set()
            for n in e.names + weak_names(e):
                k = nkey(n)
                if k:
                    self.name_owners[k].add(K(e))
                toks.update(tokens(n))
            self.vocab.update(toks)
        self.org_vocab: Counter = Counter()
        for e in self.entries:
            if e.type != "person":
                self.org_vocab.update(set(tokens(e.names[0])))
        self._culture_cache: dict[str, str] = {}
        # Latin words of the names the UN list also writes in Arabic script: Arabic names
        ar: Counter = Counter()
        for e in self.entries:
            if e.list == "UN" and any(script_of(n) == "arabic" for n in e.names):
                ar.update(set(tokens(" ".join(n for n in e.names if is_latin(n)))))
        self.arabic_tokens = ARABIC_NAME_TOKENS | {t for t, n in ar.items() if n >= 2 and len(t) > 2}
        self._groups()

    # -- split groups --------------------------------------------------------------------------
    def _groups(self) -> None:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        surname_members: dict[str, list[str]] = defaultdict(list)
        for e in self.entries:
            find(K(e))
            for n in e.names + weak_names(e):
                k = nkey(n)
                if k and len(self.name_owners[k]) <= 6:  # a name a few entries share: the same party
                    union(K(e), "name:" + k)
            if e.type == "person":
                sk = self.surname_key(e)
                if sk:
                    surname_members[sk].append(K(e))
            else:
                base = " ".join(t for t in tokens(e.names[0]) if not t.isdigit() and t not in LEGAL_WORDS)
                if base:
                    union(K(e), "base:" + base)
        self.surname_members = {k: v for k, v in surname_members.items()}
        for sk, members in surname_members.items():
            if len(members) <= 25:  # a family; a very common surname (KIM, ALI) is no family
                for m in members:
                    union(m, "sur:" + sk)
        comp: dict[str, list[str]] = defaultdict(list)
        for e in self.entries:
            comp[find(K(e))].append(K(e))
        self.group_of = {}
        for members in comp.values():
            g = min(members)
            for m in members:
                self.group_of[m] = g
        self.group_sizes = Counter(self.group_of.values())

    def group(self, key: str) -> str:
        return self.group_of.get(key, key)

    # -- people -----------------------------------------------------------------------------------
    @staticmethod
    def person_parts(name: str) -> tuple[list[str], list[str]] | None:
        """(surname words, given words) of a listed person name, as written."""
        name = re.sub(r"\s+", " ", name).strip()
        if "," in name and not _suffix_only(name.partition(",")[2]):
            sur, _, giv = name.partition(",")
            s, g = sur.split(), giv.replace(",", " ").split()
        else:
            # ("RUBEN PESTANO LAVILLA, JR": the comma sets off a suffix; the family name is last)
            name = name.partition(",")[0] if "," in name else name
            ws = name.split()
            if len(ws) < 2:
                return None
            s, g = ws[-1:], ws[:-1]
        if not s or not g:
            return None
        return s, g

    def parts(self, e, name: str | None = None) -> tuple[list[str], list[str]] | None:
        """person_parts, knowing the entry: Korean names with no comma put the family name first."""
        name = name if name is not None else e.names[0]
        if "," not in name and self.culture(e) == "ko":
            ws = name.split()
            return (ws[:1], ws[1:]) if len(ws) >= 2 else None
        return self.person_parts(name)

    def surname_key(self, e) -> str | None:
        parts = self.parts(e)
        if parts is None:
            return None
        sur = [t for w in parts[0] for t in tokens(w) if t not in PARTICLES]
        return " ".join(sur) or None

    def culture(self, e) -> str:
        c = self._culture_cache.get(K(e))
        if c is not None:
            return c
        progs = set(e.programs)
        cs = set(e.countries)
        name = e.names[0]
        words = name.replace(",", " ").split()
        if any(PATRONYMIC.search(w) for w in words[1:]) or (
                any(p.startswith(("UKRAINE", "RUSSIA", "CYBER", "BELARUS", "MAGNIT", "CAATSA")) for p in progs)
                or cs & {"RU", "UA", "BY", "KZ", "MD", "AM", "GE", "KG", "TJ", "UZ"}) and (
                RUSSIAN_SURNAME.search(words[0]) or fold(words[-1]) in NICKNAMES_BY_CULTURE["ru"]
                or any(fold(w) in NICKNAMES_BY_CULTURE["ru"] for w in words[1:2])):
            c = "ru"
        elif any(p.startswith("DPRK") for p in progs) or "KP" in cs:
            c = "ko"
        elif cs & {"MX", "CO", "VE", "CU", "NI", "PE", "EC", "BO", "AR", "CL", "PA", "GT", "HN", "SV", "ES", "PY",
                   "UY", "DO", "CR"} or progs & {"SDNTK", "SDNT", "VENEZUELA", "CUBA", "NICARAGUA"} and (
                any(t in SPANISH_NAME_TOKENS for t in tokens(name))
                or "," in name and len(name.split(",")[0].split()) == 2):
            c = "es"
        elif cs & {"IR", "AF"} or progs & {"IRAN", "IFSR", "IRGC", "IRAN-HR", "IRAN-TRA", "HRIT-IR"}:
            c = "fa"
        elif (cs & {"SY", "IQ", "LB", "YE", "SA", "AE", "QA", "KW", "BH", "OM", "JO", "EG", "LY", "SD",
                    "DZ", "MA", "TN", "PS", "SO", "MR", "PK"}
              or progs & {"SDGT", "SYRIA", "IRAQ2", "IRAQ3", "FTO", "SDT", "LIBYA2", "LIBYA3", "YEMEN", "LEBANON"}) \
                and (sum(t in self.arabic_tokens for t in tokens(name)) * 2 >= len(tokens(name))
                     or re.search(r"(?i)\b(al|el)-", name)) \
                or e.list == "UN" and any(script_of(n) == "arabic" for n in e.names):
            c = "ar"
        else:
            c = "en"
        self._culture_cache[K(e)] = c
        return c

    def female(self, e, given: list[str]) -> bool:
        g = [fold(w) for w in given]
        if any(w in FEMALE_GIVEN for w in g[:1]):
            return True
        if any(PATRONYMIC.search(w) and w.endswith(("na", "auna")) for w in g):
            return True
        fem = {f for _, f in GENDER_PAIRS}
        return bool(g and g[0] in fem)

    # -- checks -------------------------------------------------------------------------------
    def same_party(self, e) -> set[str]:
        """Other entries carrying one of e's names exactly (after folding), in e's split group."""
        out: set[str] = set()
        for n in e.names:
            ks = self.name_owners.get(nkey(n), set())
            if len(ks) <= 6:
                out |= {k for k in ks if k != K(e) and self.group(k) == self.group(K(e))}
        return out

    def owners(self, query: str) -> set[str]:
        return self.name_owners.get(nkey(query), set())

    def persons(self, lists: Iterable[str] = ("SDN", "UN", "PLC")) -> list:
        return [e for e in self.entries if e.type == "person" and e.list in lists]

    def orgs(self) -> list:
        return [e for e in self.entries if e.type == "organization"]


# ----------------------------------------------------------------------------------------------
# writing cases


class Writer:
    def __init__(self, lists: Lists, per_class: int) -> None:
        self.L = lists
        self.per_class = per_class
        self.cases: dict[str, dict] = {}
        self.skipped: Counter = Counter()

    def rng(self, *parts: object) -> random.Random:
        return random.Random("\x1f".join([SEED, *map(str, parts)]))

    def order(self, cls: str, items: list) -> list:
        items = sorted(items, key=K)  # independent of the order the loader returns entries in
        random.Random(f"{SEED}\x1forder\x1f{cls}").shuffle(items)
        return items

    def add(self, cls: str, sub: str, polarity: str, query: str, qtype: str | None, *, expect=None,
            also: Iterable[str] = (), nothing: bool = False, source=None, source_name: str | None = None,
            made: str = "rule", how: str = "", group: str | None = None, pair: dict | None = None,
            ok_owners: Iterable[str] = (), same_party: bool = True) -> bool:
        query = re.sub(r"\s+", " ", query).strip()
        if polarity == "positive" and expect is not None and same_party:
            # the same party listed again (UN and SDN, an entry written twice): a hit on it is a hit
            also = set(also) | self.L.same_party(expect)
        if not query or not re.search(r"\w", query):
            self.skipped[(cls, "empty")] += 1
            return False
        also = sorted(set(also) - ({K(expect)} if expect is not None else set()))
        if pair is None:
            owners = self.L.owners(query)
            if polarity == "positive":
                if K(expect) in owners:
                    self.skipped[(cls, "same as a listed name of the entry")] += 1
                    return False
                if owners - {K(expect)} - set(also) - set(ok_owners):
                    self.skipped[(cls, "exactly another entry's name")] += 1
                    return False
            else:
                bad = ({K(expect)} if expect is not None else set()) | set(also)
                if owners & bad or (nothing and owners):
                    self.skipped[(cls, "exactly a listed name")] += 1
                    return False
        exp: dict = {}
        if expect is not None:
            exp = {"list": expect.list, "entry_id": expect.entry_id}
        elif pair is not None:
            exp = {"list": pair["list"], "entry_id": pair["entry_id"]}
        if also:
            exp["also"] = list(also)
        if nothing:
            exp["nothing"] = True
        src = source if source is not None else expect
        if group is None:
            group = self.L.group(K(src)) if src is not None else "q:" + nkey(query)
            if expect is not None and self.L.group(K(expect)) != group:
                self.skipped[(cls, "source and expected entry in different split groups")] += 1
                return False
        case = {
            "class": cls, "sub": sub, "polarity": polarity,
            "query": {"name": query, **({"type": qtype} if qtype else {})},
            "expect": exp, "split": split_of(group), "group": group, "made": made, "how": how,
            "checked": False,
        }
        if src is not None:
            case["source_entry"] = {"list": src.list, "entry_id": src.entry_id,
                                    "name": source_name or src.names[0]}
        if pair is not None:
            case["pair"] = pair
        case["id"] = case_id(cls, query, (entry_key(exp) or ("nothing" if nothing else ""))
                             + (":" + pair["name"] if pair else ""))
        if case["id"] in self.cases:
            self.skipped[(cls, "duplicate")] += 1
            return False
        self.cases[case["id"]] = case
        return True

    def count(self, cls: str) -> int:
        return sum(1 for c in self.cases.values() if c["class"] == cls)

    def run_subs(self, cls: str, subs: list[tuple[str, Callable[[object, random.Random], bool]]],
                 pools: dict[str, list], per_entity: int = 1) -> None:
        """Round-robin over the sub-classes, one entity at a time, up to ``per_class`` cases."""
        iters = {name: iter(self.order(cls + name, pools[name])) for name, _ in subs}
        used: Counter = Counter()
        live = [s for s in subs if pools[s[0]]]
        while live and self.count(cls) < self.per_class:
            for name, fn in list(live):
                while True:
                    e = next(iters[name], None)
                    if e is None:
                        live.remove((name, fn))
                        break
                    if used[K(e)] >= per_entity:
                        continue
                    if fn(e, self.rng(cls, name, K(e))):
                        used[K(e)] += 1
                        break
                if self.count(cls) >= self.per_class:
                    break

    # -- rendering people -----------------------------------------------------------------------
    def person_query(self, rng: random.Random, sur: list[str], giv: list[str], styles=("natural", "list", "upper"),
                     weights=(0.55, 0.3, 0.15), family_first: bool = False) -> tuple[str, str]:
        style = rng.choices(styles, weights=weights[: len(styles)])[0]
        if family_first and style != "list":  # Korean, Chinese: "Kim Jong Un", family name first
            words = sur + giv
            return (" ".join(tc(w) for w in words) if style == "natural" else " ".join(w.upper() for w in words)), style
        if style == "natural":
            return " ".join(tc(w) for w in giv + sur), style
        if style == "list":
            return " ".join(w.upper() for w in sur) + ", " + " ".join(tc(w) for w in giv), style
        return " ".join(w.upper() for w in giv + sur), style

    def qtype(self, e) -> str | None:
        return e.type if e.type in ("person", "organization") else None


# ----------------------------------------------------------------------------------------------
# positive classes


def w_titles(W: Writer) -> None:
    L = W.L
    langs_for = {"ar": ["ar", "ar", "en", "fr"], "fa": ["fa", "ar", "en", "de"], "es": ["es", "es", "en", "pt"],
                 "ru": ["ru", "en", "de", "fr"], "ko": ["ko", "en", "en"], "en": ["en", "en", "de", "fr", "es"]}

    def make(kind: str):
        def fn(e, rng: random.Random) -> bool:
            parts = L.parts(e)
            if parts is None:
                return False
            sur, giv = parts
            if sum(len(t) for t in content_tokens(" ".join(sur + giv))) < 6:
                return False
            fem = L.female(e, giv)
            lang = rng.choice(langs_for[L.culture(e)])

            def pick(table: dict[str, list[tuple[str, str]]]) -> str | None:
                opts = [t for t, g in table.get(lang, []) if g in ("", "f" if fem else "m")]
                return rng.choice(opts) if opts else None

            pre, suf = pick(TITLES_PREFIX), pick(TITLES_SUFFIX)
            if kind == "prefix" and pre:
                name, style = W.person_query(rng, sur, giv, ("natural", "upper"), (0.75, 0.25), family_first=L.culture(e) == "ko")
                q = f"{pre} {name}"
            elif kind == "suffix" and suf:
                name, style = W.person_query(rng, sur, giv, ("natural", "list", "upper"), family_first=L.culture(e) == "ko")
                q = f"{name} {suf}"
            elif kind == "both" and pre and suf:
                name, style = W.person_query(rng, sur, giv, ("natural", "upper"), (0.8, 0.2), family_first=L.culture(e) == "ko")
                q = f"{pre} {name} {suf}"
            else:
                return False
            return W.add("titles", f"{kind}:{lang}", "positive", q, "person", expect=e, made="rule",
                         how=f"{kind} title(s) {pre if kind != 'suffix' else ''}{'/' if kind == 'both' else ''}"
                             f"{suf if kind != 'prefix' else ''} ({lang}) on the {style} form of the listed name")
        return fn

    pool = [e for e in L.persons() if L.parts(e)]
    W.run_subs("titles", [("prefix", make("prefix")), ("suffix", make("suffix")), ("both", make("both")),
                          ("prefix2", make("prefix"))],
               {"prefix": pool, "suffix": pool, "both": pool, "prefix2": pool})


GENERIC_ORG_WORDS = {"trading", "international", "general", "industrial", "group", "development", "engineering",
                     "industries", "commercial", "import", "export", "shipping", "services", "investment",
                     "technology", "company", "enterprise", "enterprises", "holding", "holdings", "co",
                     "construction", "equipment", "industry", "corporation", "management", "manufacturing",
                     "supply", "global", "national", "marine", "logistics", "technical"}


def w_dropped(W: Writer) -> None:
    L = W.L

    def second_surname(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None or "," not in e.names[0]:
            return False
        sur, giv = parts
        if len(sur) != 2 or any(fold(w) in PARTICLES for w in sur) or L.culture(e) != "es":
            return False
        q, style = W.person_query(rng, sur[:1], giv, ("natural", "list"), (0.7, 0.3), family_first=L.culture(e) == "ko")
        return W.add("dropped_token", "second_surname", "positive", q, "person", expect=e,
                     how=f"second (maternal) surname {sur[1]} dropped, {style} order")

    def patronymic(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        idx = [i for i, w in enumerate(giv) if i > 0 and PATRONYMIC.search(w) and len(w) > 6]
        if not idx:
            return False
        g2 = [w for i, w in enumerate(giv) if i not in idx]
        q, style = W.person_query(rng, sur, g2, ("natural", "list"), (0.7, 0.3), family_first=L.culture(e) == "ko")
        return W.add("dropped_token", "patronymic", "positive", q, "person", expect=e,
                     how=f"patronymic {giv[idx[0]]} dropped, {style} order")

    def middle_name(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        if "," not in e.names[0] and len(giv) >= 2:  # UN-style "GIVEN FATHER GRANDFATHER FAMILY"
            pass
        idx = [i for i, w in enumerate(giv) if i > 0 and not PATRONYMIC.search(w) and len(w) > 1
               and fold(w) not in PARTICLES and "." not in w]
        if not idx or L.culture(e) == "ko":
            return False
        i = rng.choice(idx)
        g2 = giv[:i] + giv[i + 1:]
        if fold(g2[-1]) in PARTICLES:
            return False
        q, style = W.person_query(rng, sur, g2, ("natural", "list"), (0.7, 0.3), family_first=L.culture(e) == "ko")
        return W.add("dropped_token", "middle_name", "positive", q, "person", expect=e,
                     how=f"middle name {giv[i]} dropped, {style} order")

    def company_word(e, rng) -> bool:
        name = e.names[0]
        words = name.replace(",", " ,").split()
        cidx = [i for i, w in enumerate(words) if fold(w.strip(".,()")) not in LEGAL_WORDS | STOPWORDS
                and re.search(r"[A-Za-z]{3}", w)]
        if len(cidx) < 3:
            return False
        middle = cidx[1:-1]
        rare = min(cidx, key=lambda i: L.vocab[fold(words[i]).strip(".,()")])
        # a common word people leave out, never the word that names the party
        common = [i for i in middle if i != rare and fold(words[i]).strip(".,") in GENERIC_ORG_WORDS
                  and fold(words[i - 1]) not in STOPWORDS and fold(words[i + 1]) not in STOPWORDS]  # "X AND Y"
        if not common:
            return False
        i = rng.choice(common)
        out = " ".join(words[:i] + words[i + 1:]).replace(" ,", ",")
        return W.add("dropped_token", "company_word", "positive", out, W.qtype(e), expect=e,
                     how=f"middle word {words[i]} of the company name dropped")

    persons = [e for e in L.persons() if L.parts(e)]
    orgs = [e for e in L.entries if e.type == "organization"]
    W.run_subs("dropped_token", [("second_surname", second_surname), ("patronymic", patronymic),
                                 ("middle_name", middle_name), ("company_word", company_word)],
               {"second_surname": persons, "patronymic": persons, "middle_name": persons, "company_word": orgs})


FATHER_NAMES_RU = ["Ivanovich", "Sergeyevich", "Vladimirovich", "Aleksandrovich", "Nikolayevich", "Viktorovich",
                   "Petrovich", "Mikhailovich", "Anatolyevich", "Yuryevich", "Borisovich", "Valeryevich"]
FATHER_NAMES_RU_F = ["Ivanovna", "Sergeyevna", "Vladimirovna", "Aleksandrovna", "Nikolayevna", "Viktorovna"]
SPANISH_SURNAMES = ["Garcia", "Lopez", "Martinez", "Gonzalez", "Rodriguez", "Hernandez", "Perez", "Sanchez",
                    "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Morales", "Vargas", "Castro"]
ARABIC_FATHER = ["Ali", "Hasan", "Ahmad", "Mahmud", "Abdullah", "Ibrahim", "Khalil", "Salim", "Yusuf", "Omar"]
ENGLISH_MIDDLE = ["James", "Michael", "Lee", "Ann", "Marie", "Edward", "Joseph", "Allen", "Ray", "Lynn"]
ORG_ADDED = ["Group", "Holding", "International", "Trading", "Company", "Enterprises", "Global", "Services",
             "Industries", "Co."]


BUSINESS_WORDS = {"trading", "company", "co", "industries", "industrial", "group", "shipping", "bank", "commercial",
                  "enterprise", "enterprises", "import", "export", "corporation", "corp", "international",
                  "investment", "investments", "holding", "holdings", "services", "technology", "engineering",
                  "development", "construction", "general", "ltd", "llc", "inc", "sa", "gmbh", "ooo", "jsc",
                  "establishment", "est", "exchange", "petroleum", "oil", "gas", "air", "airlines", "marine",
                  "maritime", "manufacturing", "products", "electronics", "chemical", "logistics", "agency",
                  "inversiones", "comercial", "comercializadora", "distribuidora", "servicios", "sociedad"}


def given_pools(L: Lists) -> dict[tuple[str, bool], list[str]]:
    """Given names frequent on the lists, by gender and by culture -- (culture, female) -- or by the
    sanctions program with the same culture -- ("program:culture", female): the Balkans program's
    names for a Balkan name, Zimbabwe's for a Zimbabwean one."""
    cnt: dict[tuple[str, bool], Counter] = defaultdict(Counter)
    for e in L.persons(("SDN", "UN", "PLC")):
        p = L.parts(e)
        if p and re.fullmatch(r"[A-Za-z]{3,}", p[1][0]) and not PATRONYMIC.search(p[1][0]):
            fem = L.female(e, p[1])
            cnt[(L.culture(e), fem)][tc(p[1][0])] += 1
            for prog in e.programs[:1]:
                cnt[(f"{prog}:{L.culture(e)}", fem)][tc(p[1][0])] += 1
                for cc in e.countries[:1]:
                    cnt[(f"{prog}:{cc}", fem)][tc(p[1][0])] += 1
    return {k: [g for g, n in c.most_common(150) if n >= 2] for k, c in cnt.items()}


def pool_for(pools: dict, L: Lists, e, fem: bool) -> list[str]:
    for prog in e.programs[:1]:
        p = pools.get((f"{prog}:{L.culture(e)}", fem), [])
        if len(p) >= 5:
            return p
    return pools.get((L.culture(e), fem), [])


def legal_tail(words: list[str]) -> int:
    """Index where a trailing run of legal-form words starts (len(words) when there is none)."""
    k = len(words)
    while k > 1 and tokens(words[k - 1]) and set(tokens(words[k - 1])) <= LEGAL_WORDS:
        k -= 1
    return k


def w_added(W: Writer) -> None:
    L = W.L
    pools = given_pools(L)

    def person(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        cul = L.culture(e)
        fem = L.female(e, giv)
        if cul == "ru":
            if any(PATRONYMIC.search(w) for w in giv) or len(giv) != 1:
                return False
            add = rng.choice(FATHER_NAMES_RU_F if fem else FATHER_NAMES_RU)
            giv2, sub = giv + [add], "patronymic_added"
            sur2 = sur
        elif cul == "es":
            if len(sur) != 1 or fold(giv[0]) not in SPANISH_NAME_TOKENS | {fold(g) for g in pools.get(("es", fem), [])}:
                return False  # a Lebanese or Basque name listed under a Latin American program gains no Gomez
            add = rng.choice(SPANISH_SURNAMES)
            giv2, sur2, sub = giv, sur + [add.upper()], "second_surname_added"
        elif cul in ("ar", "fa"):
            if len(giv) > 2 or not any(t in L.arabic_tokens for w in giv + sur for t in tokens(w)):
                return False  # "Dimitris Cambis" is on the Iran program but gains no "Omar"
            add = rng.choice(ARABIC_FATHER)
            k = 2 if len(giv) > 1 and fold(giv[0]) in ("abdul", "abd", "abdel", "abu", "abdal", "abo") else 1
            giv2, sur2, sub = giv[:k] + [add] + giv[k:], sur, "middle_name_added"  # after "Abdul Aziz" whole
        elif cul in ("en", "ko"):
            # a middle name from people of the same program and country (Balkan names for a Balkan
            # name); none when that pool is too small to say
            key = (f"{e.programs[0]}:{e.countries[0]}", fem) if e.programs and e.countries else None
            pool = [g for g in pools.get(key, []) if fold(g) not in {fold(x) for x in giv}] if key else []
            if len(giv) != 1 or len(pool) < 5 or cul == "ko":
                return False
            add = rng.choice(pool)
            giv2, sur2, sub = giv + [add], sur, "middle_name_added"
        else:
            return False
        q, style = W.person_query(rng, sur2, giv2, ("natural", "list"), (0.7, 0.3), family_first=L.culture(e) == "ko")
        return W.add("added_token", sub, "positive", q, "person", expect=e,
                     how=f"{add} added ({sub.replace('_', ' ')}), {style} order")

    def org(e, rng) -> bool:
        name = e.names[0]
        if len(content_tokens(name)) < 1 or len(name) > 60 or not set(tokens(name)) & BUSINESS_WORDS:
            return False  # a government body or an armed group does not gain "Trading"
        words = name.split()
        k = legal_tail(words)  # before a trailing legal form, else at the end
        opts = [a for a in ORG_ADDED if fold(a).strip("().") not in tokens(name)
                and not ((k < len(words) or {"co", "company", "companies"} & set(tokens(name)))
                         and fold(a).strip(".") in ("co", "company"))]
        if not opts:
            return False
        add = rng.choice(opts)
        word = add.upper() if name.isupper() else add
        if 0 < k < len(words) and words[k - 1].endswith(","):  # "GAZ-ALYANS, OOO": before the comma
            words = words[: k - 1] + [words[k - 1][:-1]] + words[k - 1:]
            words[k] = ","
            out = " ".join(words[:k] + [word] + words[k:]).replace(" ,", ",")
        else:
            out = " ".join(words[:k] + [word] + words[k:])
        return W.add("added_token", "company_word_added", "positive", out.replace(" ,", ","), W.qtype(e),
                     expect=e, how=f"generic word {add} added to the company name")

    persons = [e for e in L.persons() if L.parts(e)]
    orgs = [e for e in L.entries if e.type == "organization" and len(content_tokens(e.names[0])) >= 1
            and sum(len(t) for t in content_tokens(e.names[0])) >= 6]
    by_culture = {c: [e for e in persons if L.culture(e) == c] for c in ("ru", "es")}
    others = [e for e in persons if L.culture(e) not in ("ru", "es")]
    W.run_subs("added_token", [("ru", person), ("org", org), ("es", person), ("other", person), ("org2", org)],
               {"ru": by_culture["ru"], "es": by_culture["es"], "other": others, "org": orgs, "org2": orgs})


def w_abbreviation(W: Writer) -> None:
    L = W.L

    def fn(e, rng) -> bool:
        name = e.names[0]
        words = name.split()
        idx = [i for i, w in enumerate(words) if fold(w).strip(".,()") in ABBREVIATIONS
               and fold(w).strip(".,()") not in ("limited", "incorporated")]  # legal forms: another matter
        if not idx or len(content_tokens(name)) < 2:
            return False
        pick = idx if rng.random() < 0.4 else [rng.choice(idx)]
        title = name.isupper() and rng.random() < 0.4  # written out in title case, as people type it
        out = [tc(w) if title and "." not in w and fold(w).strip(",") not in LEGAL_WORDS else w for w in words]
        for i in pick:
            key = fold(words[i]).strip(".,()")
            ab = rng.choice(ABBREVIATIONS[key])
            tail = "," if words[i].endswith(",") else ""
            out[i] = (ab.upper() if words[i].isupper() and not title else ab) + tail
        q = " ".join(out)
        return W.add("abbreviation", "all" if len(pick) > 1 else "one", "positive", q, W.qtype(e), expect=e,
                     how="abbreviated " + ", ".join(f"{words[i]}->{out[i]}" for i in pick))

    orgs = [e for e in L.entries if e.type != "person"]
    W.run_subs("abbreviation", [("org", fn)], {"org": orgs})


def drop_vowels(word: str) -> str:
    if fold(word) in VOWELLESS_CONVENTIONAL:
        v = VOWELLESS_CONVENTIONAL[fold(word)]
        return v.upper() if word.isupper() else v
    out = word[0] + "".join(c for c in word[1:] if c.lower() not in "aeiou")
    return out


def w_vowels(W: Writer) -> None:
    L = W.L

    def fn(e, rng) -> bool:
        name = e.names[0]
        if e.type == "person":
            parts = L.parts(e, name)
            if parts is None:
                return False
            sur, giv = parts
            words = [tc(w) for w in giv + sur] if rng.random() < 0.7 else [w.upper() for w in giv + sur]
        else:
            words = name.split()
        cand = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{5,}", w)
                and fold(w) not in LEGAL_WORDS | STOPWORDS and len(drop_vowels(w)) >= 3]
        if not cand:
            return False
        if rng.random() < 0.3 and len(cand) > 1 and e.type != "person":  # nobody writes a whole name so
            pick, sub = cand, "all_words"
        else:
            # the rarest word on the lists: the one that identifies the party
            pick, sub = [min(cand, key=lambda i: (L.vocab[fold(words[i])], -len(words[i])))], "one_word"
        out = list(words)
        for i in pick:
            out[i] = drop_vowels(words[i])
        if sum(len(drop_vowels(words[i])) for i in pick) < 4:
            return False
        return W.add("vowel_dropped", sub, "positive", " ".join(out), W.qtype(e), expect=e,
                     how="vowels dropped from " + ", ".join(words[i] for i in pick))

    pool = [e for e in L.entries if e.list in ("SDN", "UN", "PLC", "DPL", "EL", "SSI")]
    W.run_subs("vowel_dropped", [("any", fn)], {"any": pool})


def w_initials(W: Writer) -> None:
    L = W.L

    def given(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        sur_letters = sum(len(t) for w in sur for t in tokens(w) if t not in PARTICLES)
        if sur_letters < 4 or not all(re.match(r"[A-Za-z]", g) for g in giv) or L.culture(e) == "ko":
            return False
        ini = [g[0].upper() for g in giv if fold(g) not in PARTICLES]
        S = " ".join(tc(w) for w in sur)
        forms = [" ".join(i + "." for i in ini) + " " + S,
                 "".join(i + "." for i in ini) + " " + S.upper(),
                 S.upper() + " " + "".join(i + "." for i in ini),
                 S.upper() + ", " + " ".join(i + "." for i in ini),
                 " ".join(ini) + " " + S]
        sub = "all_given"
        if len(giv) >= 2 and rng.random() < 0.4:
            forms = [tc(giv[0]) + " " + " ".join(g[0].upper() + "." for g in giv[1:]) + " " + S]
            sub = "middle_initials"
        q = rng.choice(forms)
        return W.add("initials", sub, "positive", q, "person", expect=e, how=f"given names as initials: {q}")

    def company(e, rng) -> bool:
        name = e.names[0]
        words = [w for w in re.split(r"\s+", name) if w]
        cont = [i for i, w in enumerate(words) if fold(w).strip(".,()") not in LEGAL_WORDS | STOPWORDS
                and _ACRONYM_OK.match(w.strip(".,()"))]
        if len(cont) < 3:
            return False
        generic_tail = [i for i in cont if fold(words[i]).strip(".,()") in GENERIC_ORG_WORDS | BUSINESS_WORDS]
        lead = [i for i in cont if i < (generic_tail[0] if generic_tail else len(words))]
        natural = len(lead) >= 2 and generic_tail and all(i in generic_tail for i in cont if i > lead[-1]) \
            and lead == cont[: len(lead)]
        if not natural or rng.random() < 0.25:
            if len(cont) < 3 or rng.random() < 0.5 or any(not re.fullmatch(r"[A-Za-z]+", w) for w in words
                                                          if fold(w).strip(".,()") not in LEGAL_WORDS):
                return False
            letters = "".join(words[i][0].upper() for i in cont)
            q = letters if rng.random() < 0.6 else ".".join(letters) + "."
            legal = [w for w in words if fold(w).strip(".,()") in LEGAL_WORDS - {"de", "s", "a"}]
            if legal and rng.random() < 0.5:
                q += " " + " ".join(legal)
            sub = "company_acronym"
        else:
            head = lead
            letters = "".join(words[i][0].upper() for i in head)
            if rng.random() < 0.3:
                letters = ".".join(letters) + "."
            rest = [w for j, w in enumerate(words) if j > head[-1]]
            if not rest:
                return False
            q = letters + " " + " ".join(rest)
            sub = "company_prefix"
        return W.add("initials", sub, "positive", q, W.qtype(e), expect=e,
                     how=f"company words as initials: {q}")

    persons = [e for e in L.persons(("SDN", "UN", "PLC")) if L.parts(e)]
    orgs = [e for e in L.entries if e.type == "organization"]
    W.run_subs("initials", [("given", given), ("company", company)], {"given": persons, "company": orgs})


def w_joined_split(W: Writer) -> None:
    L = W.L

    def particle_join(e, rng) -> bool:
        name = e.names[0]
        words = name.replace(",", " , ").split()
        idx = [i for i, w in enumerate(words[:-1]) if fold(w) in ("al", "el", "bin", "ibn", "abu", "abd", "abdul",
                                                                  "abdel", "van", "der", "de", "la", "del", "da",
                                                                  "mac", "ould", "ben")
               and words[i + 1] != "," and not set(tokens(words[i + 1])) <= LEGAL_WORDS]
        hyph = [i for i, w in enumerate(words) if re.match(r"(?i)^(al|el|ad|ar|as|ash|an|az|at|ul|ud)-\w{3,}", w)]
        if not idx and not hyph:
            return False
        out = list(words)
        if hyph and (not idx or rng.random() < 0.5):
            i = rng.choice(hyph)
            out[i] = out[i].replace("-", "", 1)
            what = words[i]
        else:
            i = rng.choice(idx)
            j = i + 1
            while j < len(words) - 1 and fold(words[j]) in ("der", "den", "la") and words[j + 1] != ",":
                j += 1
            joined = words[i] + "".join(w.lower() if words[i].istitle() or words[i].islower() else w
                                        for w in words[i + 1: j + 1])
            out[i: j + 1] = [joined]
            what = " ".join(words[i: j + 1])
        q = " ".join(out).replace(" , ", ", ").replace(" ,", ",")
        if e.type == "person" and "," in q and rng.random() < 0.5:
            sur, _, giv = q.partition(",")
            q = " ".join(tc(w) for w in giv.split() + sur.split())
        return W.add("joined_split", "particle_joined", "positive", q, W.qtype(e), expect=e,
                     how=f"particle joined: {what}")

    def particle_split(e, rng) -> bool:
        name = e.names[0]
        words = name.replace(",", " , ").split()
        for i, w in enumerate(words):
            f = fold(w)
            for p in SPLITTABLE_PREFIXES:
                if f.startswith(p) and len(f) - len(p) >= 3 and f != p:
                    rest = f[len(p):]
                    if p in ("abdul", "abdel", "abdal", "abdol", "abdur", "abdus") and rest not in ABD_SECOND:
                        continue
                    if p in ("al", "el") and (rest[0] in "aeiou" or L.vocab[rest] == 0 and L.vocab[f] > 0
                                              and len(rest) < 4):
                        continue
                    if p in ("al", "el") and not any(fold(x).startswith(("al-", "el-")) for x in [w]) \
                            and L.vocab[rest] == 0:
                        continue
                    if p in ("abu", "bin", "ben", "ibn", "van", "mac", "mc", "ould", "bou") and (
                            L.vocab[rest] == 0 or e.type != "person"):
                        continue  # Benghazi is no "Ben Ghazi"
                    if p in ("al", "el") and e.type != "person" and not w.lower().startswith(("al-", "el-")):
                        continue
                    sep = rng.choice([" ", "-"]) if p in ("al", "el") else " "
                    out = list(words)
                    out[i] = w[: len(p)] + sep + (w[len(p):] if not w.isupper() else w[len(p):])
                    if w.istitle():
                        out[i] = w[: len(p)] + sep + w[len(p)].upper() + w[len(p) + 1:]
                    q = " ".join(out).replace(" , ", ", ").replace(" ,", ",")
                    return W.add("joined_split", "particle_split", "positive", q, W.qtype(e), expect=e,
                                 how=f"joined prefix split: {w} -> {out[i]}")
        return False

    def korean(e, rng) -> bool:
        if L.culture(e) != "ko":
            return False
        name = e.names[0]
        if e.type == "person":
            parts = L.parts(e, name)
            if parts is None or "," not in name:
                return False
            sur, giv = parts
            sylls = [s for g in giv for s in re.split(r"-", g) if s]
            if len(sylls) < 2:
                return False
            form = rng.choice(["joined", "hyphen"]) if "-" not in " ".join(giv) else rng.choice(["joined", "space"])
            if form == "joined":
                g2 = sylls[0].capitalize() + "".join(s.lower() for s in sylls[1:])
            elif form == "hyphen":
                g2 = sylls[0].capitalize() + "-" + "-".join(s.lower() for s in sylls[1:])
            else:
                g2 = " ".join(s.capitalize() for s in sylls)
            q = f"{tc(sur[0])} {g2}" if rng.random() < 0.6 else f"{sur[0].upper()}, {g2}"
            return W.add("joined_split", "korean_syllables", "positive", q, "person", expect=e,
                         how=f"Korean given-name syllables {form}: {' '.join(giv)} -> {g2}")
        words = name.split()
        idx = [i for i in range(len(words) - 1) if re.fullmatch(r"[A-Z]{1,5}", words[i])
               and re.fullmatch(r"[A-Z]{1,5}", words[i + 1]) and fold(words[i + 1]) not in LEGAL_WORDS]
        if not idx:
            return False
        i = rng.choice(idx)
        out = words[:i] + [words[i] + words[i + 1]] + words[i + 2:]
        return W.add("joined_split", "korean_syllables", "positive", " ".join(out), W.qtype(e), expect=e,
                     how=f"Korean syllables joined: {words[i]} {words[i + 1]}")

    def compound(e, rng) -> bool:
        name = e.names[0]
        words = name.split()
        for i, w in enumerate(words):
            f = fold(w)
            for end in sorted(set(COMPOUND_ENDINGS), key=len, reverse=True):
                if f.endswith(end) and len(f) - len(end) >= 4 and re.fullmatch(r"[a-z]+", f):
                    head = w[: len(w) - len(end)]
                    tail = w[len(w) - len(end):]
                    if L.vocab[fold(head)] == 0 and L.vocab[end] == 0 and end not in ("bank", "oil", "air", "trans"):
                        continue
                    sep = rng.choice([" ", "-"])
                    out = words[:i] + [head + sep + (tail if w.isupper() else tail.capitalize())] + words[i + 1:]
                    return W.add("joined_split", "compound_split", "positive", " ".join(out), W.qtype(e),
                                 expect=e, how=f"compound word split: {w}")
        return False

    def words_joined(e, rng) -> bool:
        name = e.names[0]
        if e.type == "person":
            parts = L.parts(e, name)
            if parts is None:
                return False
            sur, giv = parts
            if len(giv) + len(sur) != 2 or L.culture(e) == "ko" or not re.fullmatch(r"[A-Za-z]+", giv[0] + sur[0]):
                return False
            q = tc(giv[0]) + tc(sur[0]) if rng.random() < 0.7 else (giv[0] + sur[0]).upper()
            return W.add("joined_split", "words_joined", "positive", q, "person", expect=e,
                         how="given name and surname written together")
        words = name.split()
        legal_end = len(words) >= 2 and fold(words[-1]).strip(".,") in LEGAL_WORDS and len(words[-1]) <= 5
        if legal_end and rng.random() < 0.6:
            out = words[:-2] + [words[-2].rstrip(",") + words[-1]]
            how = f"legal form joined to the name: {words[-2]}{words[-1]}"
        else:
            idx = [i for i in range(len(words) - 1) if re.fullmatch(r"[A-Za-z]{3,}", words[i])
                   and re.fullmatch(r"[A-Za-z]{3,}", words[i + 1]) and fold(words[i + 1]) not in LEGAL_WORDS]
            if not idx or len(content_tokens(name)) < 2:
                return False
            i = rng.choice(idx)
            out = words[:i] + [words[i] + (words[i + 1] if words[i].isupper() else words[i + 1].capitalize())] \
                + words[i + 2:]
            how = f"two words written together: {words[i]} {words[i + 1]}"
        return W.add("joined_split", "words_joined", "positive", " ".join(out), W.qtype(e), expect=e, how=how)

    def dotted(e, rng) -> bool:
        name = e.names[0]
        m = re.search(r"\b((?:[A-Z]\.){2,})", name)
        if m and (set(tokens(m.group(1))) <= LEGAL_WORDS | {"sa", "cv", "eu", "sl", "sc", "ca", "srl", "sas", "sarl",
                                                          "rl", "pr", "spr", "en", "p", "ci"}
                  or len(name[: m.start()].split()) >= legal_tail(name.split())):
            m = None  # S.A., C.V.: legal forms, another matter
        if m:
            letters = m.group(1).replace(".", "")
            rep = letters if rng.random() < 0.6 else " ".join(letters)
            q = name[: m.start()] + rep + name[m.end():]
            return W.add("joined_split", "dotted_initials", "positive", re.sub(r"\s+", " ", q), W.qtype(e),
                         expect=e, how=f"dotted initials {m.group(1)} -> {rep}")
        words = name.split()
        idx = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Z]{2,4}", w) and fold(w) not in LEGAL_WORDS
               and i < len(words) - 1 and e.type != "person"]
        if not idx or len(words) < 2:
            return False
        i = idx[0]
        out = list(words)
        out[i] = ".".join(words[i]) + "."
        return W.add("joined_split", "dotted_initials", "positive", " ".join(out), W.qtype(e), expect=e,
                     how=f"letters of {words[i]} written with dots")

    allents = [e for e in L.entries if e.list in ("SDN", "UN", "PLC", "DPL", "EL", "SSI")]
    W.run_subs("joined_split", [("particle_joined", particle_join), ("particle_split", particle_split),
                                ("korean", korean), ("compound", compound), ("words_joined", words_joined),
                                ("dotted", dotted)],
               {k: allents for k in ("particle_joined", "particle_split", "korean", "compound", "words_joined",
                                     "dotted")})


_BGN = icu.Transliterator.createInstance("Latin-Russian/BGN")


def latin_to_russian(text: str) -> str:
    """An SDN-style romanised Russian name back to Cyrillic: ICU's reverse BGN/PCGN after fixing
    the spellings it does not expect (final -y, -ei, x, -tch, -lyo)."""
    out = []
    for w in text.split():
        f = fold(w)
        f = re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])y$", "iy", f)
        f = re.sub(r"ei$", "ey", f)
        f = re.sub(r"ai$", "ay", f)
        f = re.sub(r"oi$", "oy", f)
        f = f.replace("x", "ks").replace("tch", "ch").replace("w", "v")
        f = re.sub(r"(?<![kzcsg])h", "kh", f)  # Belarusian/Ukrainian h (Halavanau): BGN would drop it
        c = _BGN.transliterate(f)
        c = c.replace("ыо", "ё").replace("ыа", "я").replace("ыу", "ю")
        out.append(c[:1].upper() + c[1:])
    return " ".join(out)


def w_script(W: Writer) -> None:
    L = W.L
    sdn_by_name: dict[str, set[str]] = defaultdict(set)
    for e in L.entries:
        if e.list == "SDN":
            for n in e.names + weak_names(e):
                sdn_by_name[nkey(n)].add(K(e))

    def shares_word(name: str, others: list[str]) -> bool:
        words = {w for w in re.split(r"[^A-Z]+", fold(name).upper()) if len(w) > 2}
        return any(words & set(re.split(r"[^A-Z]+", fold(o).upper())) for o in others)

    def counterpart(e) -> object | None:
        keys: set[str] = set()
        for n in e.names:
            if is_latin(n):
                keys |= sdn_by_name.get(nkey(n), set())
        cands = [L.by_key[k] for k in keys if L.by_key[k].type == e.type]
        return cands[0] if len(cands) == 1 else None

    # Arabic word dictionary from the UN list's own pairs (Latin name <-> Arabic original)
    ar_dict: dict[str, Counter] = defaultdict(Counter)
    for e in L.entries:
        if e.list != "UN":
            continue
        ar = [n for n in e.names if script_of(n) == "arabic"]
        la = [n for n in e.names if is_latin(n)]
        if not ar or not la:
            continue
        lw = [w for w in re.split(r"[\s]+", la[0].upper()) if w]
        aw = ar[0].split()
        if len(lw) == len(aw):
            for a, b in zip(lw, aw, strict=True):
                ar_dict[fold(a)][b] += 1

    def arabic_from_dict(words: list[str]) -> str | None:
        out = []
        for w in words:
            c = ar_dict.get(fold(w))
            if not c:
                return None
            out.append(c.most_common(1)[0][0])
        return " ".join(out)

    def real_other_script(e, rng) -> bool:
        if e.list != "UN":
            return False
        orig = [n for n in e.names if not is_latin(n)]
        if not orig:
            return False
        n = orig[0]
        scr = script_of(n)
        cp = counterpart(e)
        # (linked through an alias only -- the SDN entry shares no word with the name the original
        # script spells, e.g. ISAM ALI MOHAMED ALOUCHE listed on SDN as THAER, Mansour: no name
        # matcher can make that link, so it is no case of reading a script)
        if cp is not None and shares_word(e.names[0], cp.names):
            return W.add("script", f"{scr}:real->sdn", "positive", n, W.qtype(e), expect=cp, source=e,
                         source_name=n, made="real", ok_owners=[K(e)], same_party=False,
                         how=f"the UN list's {scr} original of {e.names[0]!r}, matched against the SDN entry of "
                             f"the same party (whose names are all Latin)")
        if scr == "arabic":
            v = arabic_orthography_variant(n)
            if v != n:
                return W.add("script", "arabic:real-orthography", "positive", v, W.qtype(e), expect=e,
                             source_name=n, made="real",
                             how="the UN list's Arabic original as commonly typed (hamza/alef forms, ta marbuta, "
                                 "alif maqsura folded)")
            if len(n.split()) < 2:
                return False
            he = arabic_to_hebrew(n)
            return W.add("script", "hebrew:from-real-arabic", "positive", he, W.qtype(e), expect=e, source_name=n,
                         made="machine", how="the UN list's Arabic original written in Hebrew letters, letter by "
                                             "letter")
        return False

    def hebrew_from_arabic(e, rng) -> bool:
        if e.list != "UN":
            return False
        orig = [n for n in e.names if script_of(n) == "arabic"]
        if not orig:
            return False
        if len(orig[0].split()) < 2:
            return False
        cp = counterpart(e) or e
        he = arabic_to_hebrew(orig[0])
        return W.add("script", "hebrew:from-real-arabic", "positive", he, W.qtype(e), expect=cp, source=e,
                     source_name=orig[0], made="machine",
                     how="the UN list's Arabic original written in Hebrew letters, letter by letter")

    def russian(kind: str):
        def fn(e, rng) -> bool:
            if L.culture(e) != "ru" or e.list not in ("SDN", "PLC"):
                return False
            parts = L.parts(e)
            if parts is None or not all(re.fullmatch(r"[A-Za-z\-']+", w) for w in parts[0] + parts[1]):
                return False
            sur, giv = parts
            giv = [g for g in giv if len(g) > 2]  # "Andrey I." -> no initials
            if not giv:
                return False
            cyr_sur, cyr_giv = latin_to_russian(" ".join(sur)), latin_to_russian(" ".join(giv))
            if kind == "cyrillic":
                q = f"{cyr_sur} {cyr_giv}" if rng.random() < 0.5 else f"{cyr_giv} {cyr_sur}"
                q = q.upper() if rng.random() < 0.2 else q
                how = "Cyrillic by reverse BGN/PCGN (ICU Latin-Russian/BGN after spelling fixes)"
            else:
                cyr = f"{cyr_giv.split()[0]} {cyr_sur}"  # foreign media: given name + surname
                q = {"arabic": russian_to_arabic, "hebrew": russian_to_hebrew, "greek": russian_to_greek,
                     "japanese": russian_to_katakana, "korean": russian_to_hangul}[kind](cyr)
                how = f"{kind} rendering of the Russian name by letter rules from the Cyrillic {cyr!r}"
            return W.add("script", f"{kind}:ru-rules", "positive", q, "person", expect=e, made="machine", how=how)
        return fn

    def korean_names(e, rng) -> bool:
        if L.culture(e) != "ko" or e.list not in ("SDN", "UN"):
            return False
        name = e.names[0]
        if e.type == "person":
            h = korean_to_hangul(name)
        else:
            words = [w for w in name.split() if not w.isdigit()]
            nums = [w for w in name.split() if w.isdigit()]
            if len(words) > 4 or any(fold(w) in LEGAL_WORDS | GENERIC_ORG_WORDS for w in words):
                return False
            h = korean_to_hangul(" ".join(words))
            if h and nums:
                h = h + " " + " ".join(nums)
        if not h:
            return False
        return W.add("script", "korean:dprk-syllables", "positive", h, W.qtype(e), expect=e, made="machine",
                     how="Korean name in Hangul from a hand-written McCune-Reischauer syllable table")

    def arabic_names(e, rng) -> bool:
        if e.list != "SDN" or L.culture(e) not in ("ar", "fa") or e.type != "person":
            return False
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        words = [w for w in giv + sur]
        a = arabic_from_dict(words)
        if not a:
            return False
        return W.add("script", "arabic:un-word-dictionary", "positive", a, "person", expect=e, made="machine",
                     how="Arabic spelling of each word taken from the UN list's own Latin/Arabic name pairs")

    un = [e for e in L.entries if e.list == "UN"]
    ru = [e for e in L.entries if e.type == "person" and e.list in ("SDN", "PLC")]
    ko = [e for e in L.entries if e.list in ("SDN", "UN")]
    subs = [("real", real_other_script), ("cyrillic", russian("cyrillic")), ("arabic_ru", russian("arabic")),
            ("hebrew_ru", russian("hebrew")), ("greek_ru", russian("greek")), ("japanese_ru", russian("japanese")),
            ("korean_ru", russian("korean")), ("korean", korean_names), ("arabic_dict", arabic_names),
            ("hebrew_ar", hebrew_from_arabic), ("real2", real_other_script), ("real3", real_other_script)]
    pools = {"real": un, "real2": un, "real3": un, "cyrillic": ru, "arabic_ru": ru, "hebrew_ru": ru, "greek_ru": ru,
             "japanese_ru": ru, "korean_ru": ru, "korean": ko, "arabic_dict": [e for e in L.entries if e.list == "SDN"],
             "hebrew_ar": un}
    saved = W.per_class
    W.per_class = int(saved * 1.5)  # eleven kinds of script: room for ~25 of each
    W.run_subs("script", subs, pools, per_entity=2)
    W.per_class = saved


def w_nickname(W: Writer) -> None:
    L = W.L

    def fn(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        # Russian diminutives only for Russian names; the other tables' names carry their culture
        table = {k: v for c, t in NICKNAMES_BY_CULTURE.items() if c != "ru" for k, v in t.items()}
        if L.culture(e) == "ru":
            table |= NICKNAMES_BY_CULTURE["ru"]
        if fold(giv[0]) not in table:
            return False  # the name people call them by is the first given name
        i = 0
        nick = rng.choice(table[fold(giv[i])])
        g2 = list(giv)
        g2[i] = nick
        g2 = [g for g in g2 if not PATRONYMIC.search(g)] or g2  # a diminutive takes no patronymic
        q, style = W.person_query(rng, sur, g2, ("natural", "list"), (0.75, 0.25), family_first=L.culture(e) == "ko")
        return W.add("nickname", L.culture(e), "positive", q, "person", expect=e,
                     how=f"given name {giv[i]} -> {nick}, {style} order")

    pool = [e for e in L.entries if (e.type == "person" or e.list == "DPL") and L.parts(e)
            and not re.search(r"\b(INC|LTD|LLC|CORP|CO|COMPANY|GMBH|S\.A\.)\b", e.names[0], re.I)]
    W.run_subs("nickname", [("any", fn)], {"any": pool})


# ----------------------------------------------------------------------------------------------
# negative classes


_NICK_GROUP: dict[str, set[int]] = defaultdict(set)
for _i, (_full, _nicks) in enumerate(NICKNAMES.items()):
    for _n in [_full, *_nicks]:
        _NICK_GROUP[fold(_n)].add(_i)


def similar_given(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    if Levenshtein.normalized_similarity(a, b) >= 0.75:
        for m, f in GENDER_PAIRS:
            if {a, b} == {m, f}:
                return False  # Bashar / Bushra: alike, and not the same name
        return True
    return bool(_NICK_GROUP.get(a, set()) & _NICK_GROUP.get(b, set()))


def w_relative(W: Writer) -> None:
    L = W.L
    fam = {k: [L.by_key[m] for m in v] for k, v in L.surname_members.items() if 2 <= len(v) <= 25}

    def fn(e, rng) -> bool:
        if "," not in e.names[0]:
            return False  # the family name is only known where the list writes "SURNAME, Given"
        sk = L.surname_key(e)
        members = fam.get(sk or "")
        if not members:
            return False
        pe = L.parts(e)
        if pe is None:
            return False
        others = []
        for o in members:
            if K(o) == K(e) or L.group(K(o)) != L.group(K(e)):
                continue
            po = L.parts(o)
            if po is None or "," not in o.names[0]:
                continue
            # every name of the other entry must have a different first given name
            clash = False
            for n in o.names + weak_names(o):
                pn = L.parts(o, n)
                if pn and similar_given(pn[1][0], pe[1][0]):
                    clash = True
            if not clash:
                others.append(o)
        if not others:
            return False
        o = rng.choice(others)
        q, style = W.person_query(rng, pe[0], pe[1], ("natural", "list", "upper"), family_first=L.culture(e) == "ko")
        return W.add("neg_relative", L.culture(e), "negative", q, "person", expect=o, source=e,
                     how=f"a real listed relative ({e.names[0]!r}) queried; must not hit {o.names[0]!r}, "
                         f"who shares the family name, {style} order")

    pool = [e for e in L.persons(("SDN", "UN", "PLC"))]
    W.run_subs("neg_relative", [("any", fn)], {"any": pool})


def w_same_surname(W: Writer) -> None:
    L = W.L
    pools = given_pools(L)

    def fn(e, rng) -> bool:
        if "," not in e.names[0]:
            return False
        sk = L.surname_key(e)
        if not sk or len(L.surname_members.get(sk, [])) > 25:
            return False
        pe = L.parts(e)
        if pe is None or sum(len(t) for w in pe[0] for t in tokens(w)) < 4:
            return False
        members = [L.by_key[m] for m in L.surname_members[sk] if L.group(m) == L.group(K(e))]
        taken = []
        for m in members:
            for n in m.names + weak_names(m):
                p = L.parts(m, n)
                if p:
                    taken.extend(p[1])
        # a Russian surname has a gender (Dedov/Dedova): keep the given name's gender with it
        fem = L.female(e, pe[1]) if L.culture(e) == "ru" else rng.random() < 0.2
        cands = [g for g in pool_for(pools, L, e, fem) if not any(similar_given(g, t) for t in taken)]
        if not cands:
            return False
        g = rng.choice(cands)
        q, style = W.person_query(rng, pe[0], [g], ("natural", "list", "upper"), family_first=L.culture(e) == "ko")
        return W.add("neg_same_surname", L.culture(e), "negative", q, "person", expect=e,
                     also=[K(m) for m in members],
                     how=f"common given name {g} (frequent on the list) with the listed surname of "
                         f"{e.names[0]!r}; must hit no one of that surname, {style} order")

    pool = L.persons(("SDN", "UN", "PLC"))
    W.run_subs("neg_same_surname", [("any", fn)], {"any": pool})


def w_common_word(W: Writer) -> None:
    L = W.L
    # single-word org names (with legal forms stripped) are what such a query may rightly hit
    single = set()
    for e in L.entries:
        for n in e.names:
            ct = content_tokens(n)
            if len(ct) == 1:
                single.add(ct[0])
    by_word: dict[str, list] = defaultdict(list)
    for e in L.entries:
        if e.type != "organization":
            continue
        for t in set(content_tokens(e.names[0])):
            if re.fullmatch(r"[a-z]{3,}", t) and t not in single and t not in PARTICLES:
                by_word[t].append(e)
    words = [w for w, es in by_word.items() if len(es) >= 3]

    class WordItem:
        def __init__(self, w: str) -> None:
            self.key = "word:" + w
            self.word = w

    def fn(item, rng) -> bool:
        w = item.word
        src = sorted(by_word[w], key=lambda e: K(e))[0]
        src = rng.choice(sorted(by_word[w], key=lambda e: K(e)))
        legal = rng.choice(LEGAL_FORMS_FOR_NEGATIVES)
        q = f"{w.upper()} {legal}" if rng.random() < 0.5 else f"{w.capitalize()} {legal}"
        return W.add("neg_common_word_legal", "word+legal", "negative", q, "organization", expect=src, nothing=True,
                     how=f"one word ({w}) shared by {len(by_word[w])} listed companies, e.g. {src.names[0]!r}, "
                         f"with a legal form: must hit nothing")

    W.run_subs("neg_common_word_legal", [("any", fn)], {"any": [WordItem(w) for w in sorted(words)]})


def w_numbered(W: Writer) -> None:
    L = W.L

    def fn(e, rng) -> bool:
        name = e.names[0]
        nums = list(re.finditer(r"(?<![\w-])(\d{1,4})(?![\w-])", name))
        if not nums:
            return False
        m = rng.choice(nums)
        n = int(m.group(1))
        made = 0
        for new in rng.sample([n + 1, n - 1, n + 2, n + 10, n * 10 + 1, n + 7], 6):
            if new <= 0 or new == n:
                continue
            q = name[: m.start(1)] + str(new) + name[m.end(1):]
            if L.owners(q):
                continue
            if W.add("neg_numbered", e.type, "negative", q, W.qtype(e), expect=e, nothing=True,
                     how=f"listed {e.type} {name!r} with its number {n} changed to {new}: another "
                         f"vessel/company, must hit nothing"):
                made += 1
            if made >= 2:
                break
        return made > 0

    pool = [e for e in L.entries if e.type in ("vessel", "organization", "aircraft", "unknown")
            and re.search(r"(?<![\w-])\d{1,4}(?![\w-])", e.names[0])]
    W.run_subs("neg_numbered", [("any", fn)], {"any": pool})


def swap_gender(word: str, table: dict[str, str]) -> str | None:
    f = fold(word)
    if f in table:
        new = table[f]
        return new.upper() if word.isupper() else new.capitalize()
    return None


def w_gendered(W: Writer) -> None:
    L = W.L
    m2f = {m: f for m, f in GENDER_PAIRS}
    f2m = {f: m for m, f in GENDER_PAIRS}

    def fn(e, rng) -> bool:
        parts = L.parts(e)
        if parts is None:
            return False
        sur, giv = parts
        first = fold(giv[0])
        if first in m2f:
            table, direction = m2f, "m->f"
        elif first in f2m:
            table, direction = f2m, "f->m"
        else:
            return False
        g2 = list(giv)
        for k, g in enumerate(giv):
            if PATRONYMIC.search(g) and L.culture(e) == "ru":
                continue
            new = swap_gender(g, table)
            if new is None:
                return False  # "Julio Cesar" -> "Julia Cesar" is no name; every given name must turn
            g2[k] = new
        sur2 = list(sur)
        if L.culture(e) == "ru":
            pairs = PATRONYMIC_M_TO_F if direction == "m->f" else [(b, a) for a, b in PATRONYMIC_M_TO_F]
            for k, g in enumerate(g2[1:], 1):
                for a, b in pairs:
                    if fold(g).endswith(a):
                        g2[k] = g[: len(g) - len(a)] + (b.upper() if g.isupper() else b)
                        break
            spairs = SURNAME_M_TO_F if direction == "m->f" else [(b, a) for a, b in SURNAME_M_TO_F]
            for a, b in sorted(spairs, key=lambda p: -len(p[0])):
                if fold(sur2[-1]).endswith(a):
                    sur2[-1] = sur2[-1][: len(sur2[-1]) - len(a)] + (b.upper() if sur2[-1].isupper() else b)
                    break
        # other listed entries of that surname with the original given name must not be hit either
        q, style = W.person_query(rng, sur2, g2, ("natural", "list", "upper"), family_first=L.culture(e) == "ko")
        return W.add("neg_gendered", direction, "negative", q, "person", expect=e,
                     how=f"given name {giv[0]} -> {g2[0]} (the other gender's form"
                         f"{', patronymic and surname too' if L.culture(e) == 'ru' else ''}), {style} order")

    pool = L.persons(("SDN", "UN", "PLC"))
    W.run_subs("neg_gendered", [("any", fn)], {"any": pool})


def w_clean(W: Writer) -> None:
    L = W.L

    class Item:
        def __init__(self, key: str, name: str, kind: str) -> None:
            self.key, self.name, self.kind = key, name, kind

    items = []
    for s in CLEAN_SURNAMES:
        if any(L.vocab[t] for t in tokens(s)):
            continue
        for g in CLEAN_GIVEN:
            items.append(Item(f"p:{g}:{s}", f"{g} {s}", "person"))
    for w in CLEAN_COMPANY_WORDS:
        if any(L.vocab[t] for t in tokens(w)):
            continue
        for t in CLEAN_TRADE_WORDS:
            items.append(Item(f"c:{w}:{t}", f"{w} {t}", "company"))
    for c in CLEAN_REAL_COMPANIES:
        ct = content_tokens(c)
        if ct and L.vocab[ct[0]] == 0:
            items.append(Item(f"r:{c}", c, "real_company"))

    def fn(item, rng) -> bool:
        q = item.name
        if item.kind == "company":
            q += " " + rng.choice(LEGAL_FORMS_FOR_NEGATIVES)
        if item.kind == "person" and rng.random() < 0.3:
            g, s = item.name.split(" ", 1)
            q = f"{s.upper()}, {g}"
        return W.add("neg_clean", item.kind, "negative", q,
                     "person" if item.kind == "person" else "organization", nothing=True,
                     group="clean:" + nkey(q), made="hand" if item.kind == "real_company" else "rule",
                     how="a real-looking name on no list (its distinctive word is on no list): must hit nothing"
                         if item.kind != "real_company" else "a real company on none of these lists: must hit nothing")

    by_kind = {k: [i for i in items if i.kind == k] for k in ("person", "company", "real_company")}
    W.run_subs("neg_clean", [(k, fn) for k in by_kind], by_kind)


# ----------------------------------------------------------------------------------------------
# peer cases

PEERS = CASES_DIR / "peers"
_PEER_TYPE = {"Person": "person", "Company": "organization", "Organization": "organization",
              "LegalEntity": None, "Vessel": None}
_PEER_ENTRY_TYPE = {"Person": "person", "Company": "organization", "Organization": "organization",
                    "LegalEntity": "unknown", "Vessel": "vessel"}


def peer_cases(W: Writer) -> None:
    def add_pair(project: str, sub: str, query: str, listed: str, schema: str, match: bool, how: str) -> None:
        pair = {"list": "PEER", "entry_id": "1", "name": listed, "type": _PEER_ENTRY_TYPE.get(schema, "unknown")}
        W.add(f"peer:{project}", sub, "positive" if match else "negative", query, _PEER_TYPE.get(schema),
              pair=pair, group=f"peer:{project}:{nkey(listed) or listed}", made="peer", how=how)

    def add_csv(file: str, project: str, sub: str, source: str) -> None:
        """Every pair of a peer's CSV (name1 the query, name2 the listed name), ``sub`` its label column."""
        with (PEERS / file).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                add_pair(project, r[sub], r["name1"], r["name2"], r["schema"], r["is_match"] == "true",
                         f"{source} {r[sub]}" if sub == "category" else f"{source} (quality {r[sub]})")

    add_csv("nomenklatura_name_bench_nk_checks.csv", "nomenklatura", "quality",
            "opensanctions/nomenklatura contrib/name_bench/cases.csv, group nk_checks")
    add_csv("watchman_cascade_name_pairs.csv", "watchman-cascade", "category",
            "moov-io/watchman pkg/search/testdata/cascade-name-pairs.csv (Cascade Screening pairs), category")
    # lot 2's Latin-script rows: a vessel's or company's former names, written in and out of
    # brackets, with dates, and the traps beside them (its Hebrew and Burmese rows are not here)
    add_csv("watchman_cascade_name_pairs_2_former_names.csv", "watchman-cascade-2", "category",
            "moov-io/watchman pkg/search/testdata/cascade-name-pairs-2.csv (Cascade Screening lot 2), "
            "former-name rows, category")
    src = PEERS / "nomenklatura_putin_names.txt"
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.strip():
            add_pair("nomenklatura-putin", script_of(line), line.strip(), "PUTIN, Vladimir Vladimirovich", "Person",
                     True, "opensanctions/nomenklatura tests/fixtures/putin_names.txt (Wikidata labels) against "
                           "an SDN-style one-entry list")


# ----------------------------------------------------------------------------------------------

WRITERS: dict[str, Callable[[Writer], None]] = {
    "titles": w_titles, "dropped_token": w_dropped, "added_token": w_added, "abbreviation": w_abbreviation,
    "vowel_dropped": w_vowels, "initials": w_initials, "joined_split": w_joined_split, "script": w_script,
    "nickname": w_nickname, "neg_relative": w_relative, "neg_same_surname": w_same_surname,
    "neg_common_word_legal": w_common_word, "neg_numbered": w_numbered, "neg_gendered": w_gendered,
    "neg_clean": w_clean,
}
assert list(WRITERS) == POSITIVE_CLASSES + NEGATIVE_CLASSES


def load_handcheck(path: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if path.exists():
        import json

        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r
    return out


def build(data: Path, per_class: int) -> tuple[list[dict], Writer]:
    entries = load_watchlists([data])
    L = Lists(entries)
    W = Writer(L, per_class)
    for fn in WRITERS.values():
        fn(W)
    W.per_class = 10**9
    peer_cases(W)
    return list(W.cases.values()), W


def file_for(cls: str) -> str:
    return cls.replace(":", "_").replace("-", "_") + ".jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--per-class", type=int, default=200, help="cases written per class (before the split)")
    ap.add_argument("--out", type=Path, default=CASES_DIR)
    ap.add_argument("--sample-for-check", type=int, default=0,
                    help="print N not-yet-checked cases per class (half per split) to look at, write nothing")
    args = ap.parse_args(argv)

    cases, W = build(args.data, args.per_class)
    hc = load_handcheck(args.out / "handcheck.jsonl")
    kept = []
    stale = set(hc)
    for c in cases:
        r = hc.get(c["id"])
        if r is not None:
            stale.discard(c["id"])
            if r["verdict"] == "reject":
                continue
            c["checked"] = True
        kept.append(c)
    if args.sample_for_check:
        by_cls: dict[str, list[dict]] = defaultdict(list)
        for c in sorted(kept, key=lambda c: c["id"]):
            by_cls[c["class"]].append(c)
        for cls, cs in by_cls.items():
            want = [c for c in cs if not c["checked"]]
            pick = []
            for sp in ("tune", "heldout"):
                pick += [c for c in want if c["split"] == sp][: (args.sample_for_check + 1) // 2]
            print(f"== {cls} ({sum(1 for c in cs if c['checked'])} checked of {len(cs)})")
            for c in pick:
                e = c["expect"]
                print(f"{c['id']}\t{c['split']}\t{c.get('sub', '')}\t{c['query']['name']!r}\t"
                      f"<- {c.get('source_entry', {}).get('name', c.get('pair', {}).get('name'))!r}\t"
                      f"{'NOT ' if c['polarity'] == 'negative' else ''}{entry_key(e) or ''}"
                      f"{' nothing' if e.get('nothing') else ''}\t{c['how']}")
        return 0
    problems = list(validate(kept))
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    by_file: dict[str, list[dict]] = defaultdict(list)
    for c in kept:
        by_file[file_for(c["class"])].append(c)
    for old in args.out.glob("*.jsonl"):
        if old.name != "handcheck.jsonl" and old.name not in by_file:
            old.unlink()
    for name, cs in sorted(by_file.items()):
        write_cases(args.out / name, cs)
    table: dict[tuple[str, str], int] = Counter((c["class"], c["split"]) for c in kept)
    print(f"{'class':<28}{'tune':>6}{'heldout':>8}{'checked':>8}")
    for cls in sorted({c["class"] for c in kept}, key=lambda k: (k.startswith("peer"), k.startswith("neg"), k)):
        nck = sum(1 for c in kept if c["class"] == cls and c["checked"])
        print(f"{cls:<28}{table[(cls, 'tune')]:>6}{table[(cls, 'heldout')]:>8}{nck:>8}")
    if stale:
        print(f"{len(stale)} hand-check records name cases no longer written: {sorted(stale)[:10]}", file=sys.stderr)
    skipped = Counter()
    for (cls, why), n in W.skipped.items():
        skipped[f"{cls}: {why}"] += n
    print("skipped while writing: " + "; ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
