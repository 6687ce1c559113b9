"""Seeded generator of name variants (evasions) and near-miss negatives from real list names.

Shared by ``benchmarks/matching_quality.py`` and the tests. Everything is driven by one
``random.Random(seed)``, so a seed names a sample: tune on one seed, report on another.

Positive classes (each a function ``name, entry -> variant or None`` when it does not apply):

========================  ===================================================================
``translit``              transliteration swaps: Yevgeniy/Evgeny, -iy/-y, -ov/-off, kh/h,
                          ts/tz, ya/ia, yu/iu, ks/x, w/v, ou/u, u/o, e/a ... (1-2 swaps)
``diacritics``            accents added (Muller -> Müller) or German ue/oe/ae spellings
``cyrillic``              the name in Cyrillic: ICU ``Latin-Cyrillic``, half of the time after
                          a phonetic digraph pass (sh->ш, kh->х, ts->ц, ya->я ...)
``greek``                 the name in Greek: ICU ``Latin-Greek`` (half after digraph mapping)
``arabic``                the name in Arabic: ICU ``Latin-Arabic``; half of the time without
                          the short-vowel marks (as Arabic is usually written)
``chinese``               the CJK aliases the UN list carries for a few entities, matched
                          against an index from which non-Latin names were removed
``legal_form``            legal form swapped for an equivalent (OOO/LLC/Limited Liability
                          Company/Obshchestvo s Ogranichennoi Otvetstvennostyu, AO/ZAO/OAO/
                          PAO/JSC/OJSC/CJSC, GmbH, Ltd, S.A. ...) or added, at either end
``name_order``            person names reordered (SURNAME, Given <-> Given Surname)
``missing_middle``        a middle name or patronymic dropped
``initials``              given/middle names reduced to initials
``homoglyphs``            Latin letters swapped for Cyrillic/Greek look-alikes
``invisible``             zero-width and other invisible characters inserted
``spacing_case``          odd spacing, punctuation and case
``typo``                  one letter replaced by a keyboard neighbour
``transposition``         two adjacent letters swapped
``ocr``                   OCR confusions (o/0, l/1, rn/m, cl/d, S/5, B/8, vv/w ...)
``dropped_vowels``        vowels dropped from a word
``doubling``              a letter doubled, or a double letter collapsed
``truncation``            a long name cut short, as a fixed-length field would
========================  ===================================================================

Negative classes (near misses that must not hit):

========================  ===================================================================
``neg_generic_company``   made-up distinctive word + common business words + legal form
``neg_common_words``      common business words only ("Global Electronics Trading LLC")
``neg_given_name``        a common given name from the list + an unrelated surname
``neg_given_business``    common given names + a business word ("Mohammed Ali Trading")
``neg_replaced``          a list name with its distinctive word replaced
========================  ===================================================================
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import icu
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from screener.events.control import WatchlistEntry
from screener.matching.normalize import normalize_name

POSITIVE_CLASSES = [
    "translit", "diacritics", "cyrillic", "greek", "arabic", "chinese", "legal_form", "name_order",
    "missing_middle", "initials", "homoglyphs", "invisible", "spacing_case", "typo",
    "transposition", "ocr", "dropped_vowels", "doubling", "truncation",
]
NEGATIVE_CLASSES = [
    "neg_generic_company", "neg_common_words", "neg_given_name", "neg_given_business", "neg_replaced",
]


@dataclass(slots=True)
class Case:
    cls: str
    query: str
    source: str = ""  # the list name the variant was made from ("" for negatives)
    expected: frozenset[str] = field(default_factory=frozenset)  # entry keys that count as a hit
    type: str | None = None


def _words(name: str) -> list[str]:
    return name.split()


def _is_latin_name(name: str) -> bool:
    for ch in name:
        if ch.isalpha() and not ch.isascii():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def _latin_part(name: str) -> str:
    """The name without its non-Latin letters ("Jin Tiesan (金铁三)" -> "Jin Tiesan")."""
    if _is_latin_name(name):
        return name
    kept = "".join(c for c in name if not c.isalpha() or _is_latin_name(c))
    kept = re.sub(r"\(\s*\)", " ", kept)
    return re.sub(r"\s+", " ", kept).strip(" ,;-")


def latin_only(entries: Iterable[WatchlistEntry]) -> list[WatchlistEntry]:
    """Entries with their non-Latin-script writing removed (cross-script tests need the query's
    script to be absent from the list): names in another script are dropped, Latin names that
    carry one in brackets keep their Latin part."""
    out = []
    for e in entries:
        names = []
        for n in e.names:
            part = _latin_part(n)
            if sum(c.isalpha() for c in part) >= 2 and part not in names:
                names.append(part)
        if names:
            out.append(e.model_copy(update={"names": names}) if names != e.names else e)
    return out


def _recase(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


# --- transliteration swaps -------------------------------------------------------------------
_TRANSLIT_RULES: list[tuple[str, str]] = [
    (r"^ye", "e"), (r"^e(?=[vlk])", "ye"), (r"iy$", "y"), (r"(?<=[^aeiouy])y$", "iy"), (r"ii$", "iy"),
    (r"iy$", "ii"), (r"ov$", "off"), (r"ev$", "eff"), (r"off$", "ov"), (r"kh", "h"), (r"(?<=[aeiou])h", "kh"),
    (r"ts", "tz"), (r"tz", "ts"), (r"ya", "ia"), (r"ia", "ya"), (r"yu", "iu"), (r"iu", "yu"),
    (r"ks", "x"), (r"x", "ks"), (r"w", "v"), (r"(?<=.)v", "w"), (r"ou", "u"), (r"(?<=[^aeiouy])u", "ou"),
    (r"(?<=.)u(?=[^aeiouy])", "o"), (r"(?<=.)o(?=[^aeiouy])", "u"), (r"(?<=.)e(?=[^aeiouy])", "a"),
    (r"(?<=.)a(?=[^aeiouy])", "e"), (r"zh", "j"), (r"sh", "ch"), (r"ch", "tch"), (r"ph", "f"),
    (r"ei", "ey"), (r"ey", "ei"), (r"ai", "ay"), (r"ay", "ai"), (r"j", "dzh"), (r"ck", "k"),
    (r"ee", "i"), (r"oo", "u"), (r"q", "k"), (r"dh", "d"), (r"gh", "g"), (r"ie", "i"),
    (r"(?<=[^aeiouy])i(?=[aeou])", "y"), (r"sch", "sh"), (r"c(?=[aou])", "k"), (r"k", "c"),
]
_TRANSLIT_COMPILED = [(re.compile(a), b) for a, b in _TRANSLIT_RULES]

_ACCENTS = {
    "a": "áàâäãå", "e": "éèêë", "i": "íìîï", "o": "óòôöõ", "u": "úùûü", "c": "çč", "s": "šş",
    "z": "žź", "n": "ñń", "g": "ğ", "l": "ł", "r": "ř", "y": "ýÿ",
}
_GERMAN = [("ue", "ü"), ("oe", "ö"), ("ae", "ä"), ("ss", "ß")]
_GERMAN_BACK = [("u", "ue"), ("o", "oe"), ("a", "ae")]

_HOMOGLYPHS = {
    "a": "аα", "o": "оο", "e": "е", "c": "с", "p": "рρ", "x": "хχ", "y": "у", "i": "іι", "j": "ј",
    "s": "ѕ", "A": "АΑ", "B": "ВΒ", "E": "ЕΕ", "K": "КΚ", "M": "МΜ", "H": "НΗ", "O": "ОΟ",
    "P": "РΡ", "C": "С", "T": "ТΤ", "X": "ХΧ", "Y": "УΥ", "I": "ІΙ", "N": "Ν", "Z": "Ζ",
}
_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u2063"]
_KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx", "d": "sfec", "f": "dgrv", "g": "fhtb",
    "h": "gjyn", "j": "hkum", "k": "jlim", "l": "kop", "z": "asx", "x": "zcs", "c": "xvd",
    "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
}
_OCR = [("o", "0"), ("0", "o"), ("l", "1"), ("i", "l"), ("I", "1"), ("l", "I"), ("s", "5"), ("S", "5"),
        ("b", "8"), ("B", "8"), ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("w", "vv"),
        ("vv", "w"), ("e", "c"), ("c", "e"), ("u", "v"), ("h", "b"), ("g", "q"), ("O", "0"), ("Z", "2")]

# Equivalent legal forms (rigour's generic classes llc / jsc), as people write them.
LLC_FORMS = ["LLC", "Ltd", "Ltd.", "Limited", "GmbH", "OOO", "Limited Liability Company", "L.L.C.",
             "Obshchestvo s Ogranichennoi Otvetstvennostyu", "Co., Ltd.", "Company Limited", "S.R.L.",
             "SARL", "Sp. z o.o.", "TOV", "Inc.", "B.V."]
JSC_FORMS = ["JSC", "AO", "ZAO", "OAO", "PAO", "OJSC", "CJSC", "PJSC", "Joint Stock Company",
             "Open Joint Stock Company", "Closed Joint Stock Company", "Public Joint Stock Company",
             "Aktsionernoe Obshchestvo", "Otkrytoe Aktsionernoe Obshchestvo", "S.A.", "AG", "PLC", "A.S."]
_LEGAL_RE = None


def _legal_regex() -> re.Pattern[str]:
    global _LEGAL_RE
    if _LEGAL_RE is None:
        forms = sorted(set(LLC_FORMS + JSC_FORMS + ["CO.", "CO", "LTD", "LIMITED", "INC", "CORP",
                                                   "CORPORATION", "COMPANY", "S.A. DE C.V.", "SA DE CV",
                                                   "C.A.", "S.A.C.", "SRL", "S.A.S.", "S.L."]),
                       key=len, reverse=True)
        alt = "|".join(re.escape(f) for f in forms)
        _LEGAL_RE = re.compile(rf"(?:^|(?<=[\s,]))(?:{alt})(?=$|[\s,])", re.IGNORECASE)
    return _LEGAL_RE


# --- script conversion -------------------------------------------------------------------------
_LAT_CYR = icu.Transliterator.createInstance("Latin-Cyrillic")
_LAT_GRK = icu.Transliterator.createInstance("Latin-Greek")
_LAT_ARB = icu.Transliterator.createInstance("Latin-Arabic")
_CYR_DIGRAPHS = [("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
                 ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("yy", "ый"), ("ck", "к"),
                 ("ph", "ф"), ("th", "т"), ("x", "кс"), ("w", "в"), ("q", "к"), ("j", "дж"),
                 ("ce", "це"), ("ci", "ци"), ("c", "к"), ("h", "х"), ("y", "ы"), ("e", "е")]
_GRK_DIGRAPHS = [("th", "θ"), ("ph", "φ"), ("ps", "ψ"), ("ch", "τσ"), ("kh", "χ"), ("sh", "σ"), ("zh", "ζ"),
                 ("x", "ξ"), ("ou", "ου"), ("b", "μπ"), ("d", "ντ"), ("j", "τζ"), ("v", "β"), ("h", ""),
                 ("c", "κ"), ("w", "β"), ("u", "ου"), ("y", "ι")]
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")


def _digraphs(text: str, table: list[tuple[str, str]]) -> str:
    out = text.lower()
    for a, b in table:
        out = out.replace(a, b)
    return out


def to_cyrillic(name: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _LAT_CYR.transliterate(name.title())
    return _LAT_CYR.transliterate(_digraphs(name, _CYR_DIGRAPHS)).title()


def to_greek(name: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _LAT_GRK.transliterate(name.title())
    return _LAT_GRK.transliterate(_digraphs(name, _GRK_DIGRAPHS)).title()


def to_arabic(name: str, rng: random.Random) -> str:
    out = _LAT_ARB.transliterate(name.lower())
    if rng.random() < 0.5:
        return out
    # Unvowelled, as Arabic is usually written: a short vowel is dropped, or written long.
    chars = []
    prev_space = True
    for ch in out:
        if _HARAKAT.match(ch):
            if prev_space:
                chars.append("ا")
            elif rng.random() < 0.4:
                chars.append({"\u064e": "ا", "\u0650": "ي", "\u064f": "و"}.get(ch, ""))
            prev_space = False
            continue
        prev_space = ch.isspace() or ch == "-"
        chars.append(ch)
    return "".join(chars)


# --- the generator ---------------------------------------------------------------------------
COMPANY_WORDS = """Global Electronics Trading International Group Holding Industries Technologies
Solutions Systems Logistics Services Engineering Manufacturing Precision Components Dynamics
Analytics Consolidated Partners Brothers Fabrication Robotics Instruments Semiconductor Optics
Photonics Aerospace Marine Freight Cargo Forwarding Packaging Plastics Textiles Pharma Medical
Energy Power Petroleum Chemicals Metals Steel Mining Agro Foods Supply Import Export Commerce
Capital Ventures Investments Resources Development Construction Consulting Networks Software
Digital Data Devices Machinery Equipment Tools Automotive Motors Transport Shipping Aviation
Bearings Hydraulics Sensors Controls Automation Circuits Microsystems Labs Research Innovations
United General National Universal Eastern Western Northern Southern Pacific Atlantic Asia Euro
Star Sun Golden Royal Prime Alpha Delta Omega Nova Unity Apex Summit Horizon Pioneer Liberty""".split()
COMPANY_FORMS = ["LLC", "Ltd", "Inc.", "GmbH", "Co., Ltd.", "S.A.", "Corp.", "Limited", "B.V.", "AG", "SRL",
                 "Pte Ltd", "FZE", "JSC", "OOO", "Sp. z o.o.", "S.R.L.", "Pty Ltd", "AB", "Oy", "A/S", ""]
SURNAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Thomas Taylor Moore Jackson
Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker
Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards
Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox
Richardson Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster
Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann
Schwarz Zimmermann Braun Hofmann Hartmann Lange Werner Krause Lehmann Kowalski Nowak Wisniewski
Wojcik Kaminski Lewandowski Zielinski Szymanski Dubois Durand Leroy Moreau Simon Laurent Lefebvre
Michel Garnier Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo
Conti Costa Giordano Mancini Rizzo Lombardi Moretti Jansen Visser Smit Bakker Janssen Mulder
Bos Vos Peters Hendriks Dekker Nakamura Tanaka Watanabe Suzuki Takahashi Kobayashi Yamamoto
Sato Ito Kato Yoshida Yamada Sasaki Okafor Adeyemi Mensah Owusu Kamau Otieno Nkosi Dlamini
Haddad Nasser Farouk Mansour Khoury Saleh Barakat Darwish Habib Karimi Rostami Ahmadi Moradi
Novak Horvat Kovac Babic Popescu Ionescu Dumitru Stan Nagy Toth Szabo Horvath Varga Kiss
Lindqvist Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Pedersen Nielsen Jensen
Andersen Virtanen Korhonen Makinen Silva Santos Oliveira Souza Pereira Ferreira Alves Lima
Gomes Ribeiro Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nunes Mendes
Patel Sharma Gupta Singh Kumar Reddy Iyer Nair Menon Chatterjee Banerjee Das Bose Mehta Shah
Joshi Kapoor Malhotra Agarwal Tran Nguyen Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly""".split()
_SYLLABLES = ["va", "ro", "lex", "tor", "ni", "qua", "zen", "mar", "dal", "fir", "bel", "cor", "ix", "on",
              "ver", "ta", "lio", "nex", "sol", "pra", "ka", "mo", "ri", "dex", "lum", "vo", "ster", "gan",
              "bri", "tel", "os", "ul", "fen", "quo", "zar", "mi", "tro", "plex", "yn", "dra", "ce", "vi"]


class VariantGenerator:
    """Builds positive variant cases and near-miss negatives from ``entries``."""

    def __init__(self, entries: Sequence[WatchlistEntry], seed: int = 1):
        self.rng = random.Random(seed)
        self.entries = [e for e in entries if e.type in ("person", "organization", "unknown")]
        self._by_norm: dict[str, set[str]] = {}
        self._vocab: set[str] = set()
        given = Counter()
        for e in entries:
            person = e.type == "person"
            for n in e.names:
                norm = normalize_name(n, org_forms=not person)
                self._by_norm.setdefault(norm.key, set()).add(e.key)
                self._vocab.update(norm.tokens)
                if person and norm.family_end and norm.family_end < len(norm.tokens):
                    given[norm.tokens[norm.family_end]] += 1
        self._vocab_list = sorted(t for t in self._vocab if len(t) >= 3)
        self.common_given = [g for g, c in given.most_common(60) if len(g) > 2]
        self.surnames = [s for s in SURNAMES if not self._near_vocab(s.lower(), 0.8)]
        self._names = [(e, n) for e in self.entries for n in e.names if _is_latin_name(n)]
        self._made_up: set[str] = set()

    # -- helpers ------------------------------------------------------------------------------
    def _near_vocab(self, word: str, cutoff: float) -> bool:
        if word in self._vocab:
            return True
        hit = process.extractOne(word, self._vocab_list, scorer=Levenshtein.normalized_similarity,
                                 score_cutoff=cutoff)
        return hit is not None

    def made_up_word(self) -> str:
        """A pronounceable word that is not, nor is close to, any word on the list."""
        rng = self.rng
        while True:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            if len(w) < 5 or w in self._made_up:
                continue
            if self._near_vocab(w, 0.7):
                continue
            self._made_up.add(w)
            return w.capitalize()

    def expected(self, name: str, entry: WatchlistEntry) -> frozenset[str]:
        norm = normalize_name(name, org_forms=entry.type != "person")
        return frozenset(self._by_norm.get(norm.key, set()) | {entry.key})

    def _pick_word(self, words: list[str], min_len: int = 5) -> int | None:
        idx = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= min_len
               and not _legal_regex().fullmatch(w.strip(","))]
        return self.rng.choice(idx) if idx else None

    def _apply_in_word(self, name: str, fn: Callable[[str], str | None], min_len: int = 5) -> str | None:
        words = _words(name)
        i = self._pick_word(words, min_len)
        if i is None:
            return None
        new = fn(words[i])
        if new is None or new == words[i]:
            return None
        words[i] = new
        return " ".join(words)

    # -- positive classes ---------------------------------------------------------------------
    def v_translit(self, name: str, e: WatchlistEntry) -> str | None:
        words = _words(name)
        order = list(range(len(words)))
        self.rng.shuffle(order)
        changed = 0
        for i in order:
            w = words[i]
            core = w.strip(",.")
            if len(core) < 4 or not core.isalpha():
                continue
            low = core.lower()
            rules = [(r, b) for r, b in _TRANSLIT_COMPILED if r.search(low)]
            if not rules:
                continue
            r, b = self.rng.choice(rules)
            matches = list(r.finditer(low))
            m = self.rng.choice(matches)
            new = low[:m.start()] + b + low[m.end():]
            words[i] = w.replace(core, _recase(core, new))
            changed += 1
            if changed >= self.rng.choice((1, 1, 2)):
                break
        return " ".join(words) if changed else None

    def v_diacritics(self, name: str, e: WatchlistEntry) -> str | None:
        rng = self.rng
        if rng.random() < 0.3:
            def german(w: str) -> str | None:
                low = w.lower()
                opts = [(a, b) for a, b in _GERMAN_BACK if a in low[1:]]
                if not opts:
                    return None
                a, b = rng.choice(opts)
                pos = low.find(a, 1)
                return w[:pos] + _recase(w[pos], b) + w[pos + 1:] if w[pos].islower() else \
                    w[:pos] + b.upper() + w[pos + 1:]
            return self._apply_in_word(name, german, 4)
        chars = list(name)
        idx = [i for i, c in enumerate(chars) if c.lower() in _ACCENTS]
        if not idx:
            return None
        for i in rng.sample(idx, min(len(idx), rng.choice((1, 2, 3)))):
            c = chars[i]
            acc = rng.choice(_ACCENTS[c.lower()])
            chars[i] = acc.upper() if c.isupper() else acc
        return "".join(chars)

    def v_cyrillic(self, name: str, e: WatchlistEntry) -> str | None:
        return to_cyrillic(name, self.rng)

    def v_greek(self, name: str, e: WatchlistEntry) -> str | None:
        return to_greek(name, self.rng)

    def v_arabic(self, name: str, e: WatchlistEntry) -> str | None:
        return to_arabic(name, self.rng)

    def v_legal_form(self, name: str, e: WatchlistEntry) -> str | None:
        if e.type == "person":
            return None
        rng = self.rng
        m = list(_legal_regex().finditer(name))
        if m and rng.random() < 0.7:
            hit = rng.choice(m)
            cur = hit.group(0).lower().replace(".", "").replace(",", "")
            jsc_like = any(cur == f.lower().replace(".", "") for f in JSC_FORMS) or "sa" in cur.split()
            pool = JSC_FORMS if jsc_like else LLC_FORMS
            new = rng.choice([f for f in pool if f.lower().replace(".", "") != cur] or pool)
            out = name[:hit.start()] + new + name[hit.end():]
            if rng.random() < 0.3:  # and move it to the other end
                out = out.replace(new, "").strip(" ,")
                out = f"{new} {out}" if hit.start() > len(name) / 2 else f"{out} {new}"
            return re.sub(r"\s+", " ", out).strip()
        new = rng.choice(LLC_FORMS + JSC_FORMS)
        return f"{new} {name}" if rng.random() < 0.5 else f"{name}, {new}" if rng.random() < 0.3 else f"{name} {new}"

    def _person_parts(self, name: str) -> tuple[list[str], list[str]] | None:
        """(surname words, given words) of a person name."""
        if "," in name:
            fam, _, giv = name.partition(",")
            fw, gw = fam.split(), giv.split()
        else:
            ws = name.split()
            if len(ws) < 2:
                return None
            fw, gw = ws[-1:], ws[:-1]
        if not fw or not gw:
            return None
        return fw, gw

    def v_name_order(self, name: str, e: WatchlistEntry) -> str | None:
        if e.type != "person":
            return None
        parts = self._person_parts(name)
        if parts is None:
            return None
        fw, gw = parts
        r = self.rng.random()
        if "," in name:
            return " ".join(gw + fw) if r < 0.6 else " ".join(fw + gw) if r < 0.8 else " ".join(gw) + ", " + " ".join(fw)
        return " ".join(fw) + ", " + " ".join(gw) if r < 0.5 else " ".join(fw + gw)

    def v_missing_middle(self, name: str, e: WatchlistEntry) -> str | None:
        if e.type != "person":
            return None
        parts = self._person_parts(name)
        if parts is None:
            return None
        fw, gw = parts
        if len(gw) < 2:
            return None
        i = self.rng.randrange(1, len(gw))
        gw = gw[:i] + gw[i + 1:]
        if "," in name:
            return " ".join(fw) + ", " + " ".join(gw) if self.rng.random() < 0.5 else " ".join(gw + fw)
        return " ".join(gw + fw)

    def v_initials(self, name: str, e: WatchlistEntry) -> str | None:
        if e.type != "person":
            return None
        parts = self._person_parts(name)
        if parts is None:
            return None
        fw, gw = parts
        if len(gw) < 2 and sum(len(w) for w in fw) < 5:
            return None
        rng = self.rng
        keep_first = len(gw) >= 2 and rng.random() < 0.4
        ini = [g if (k == 0 and keep_first) else next((c for c in g if c.isalpha()), g[0]).upper() + "."
               for k, g in enumerate(gw)]
        if rng.random() < 0.5:
            return " ".join(ini + fw)
        return " ".join(fw) + " " + "".join(ini) if not keep_first else " ".join(fw) + ", " + " ".join(ini)

    def v_homoglyphs(self, name: str, e: WatchlistEntry) -> str | None:
        chars = list(name)
        idx = [i for i, c in enumerate(chars) if c in _HOMOGLYPHS]
        if not idx:
            return None
        for i in self.rng.sample(idx, min(len(idx), self.rng.choice((1, 2, 3)))):
            chars[i] = self.rng.choice(_HOMOGLYPHS[chars[i]])
        return "".join(chars)

    def v_invisible(self, name: str, e: WatchlistEntry) -> str | None:
        chars = list(name)
        for _ in range(self.rng.choice((1, 2, 3))):
            chars.insert(self.rng.randrange(1, len(chars)), self.rng.choice(_INVISIBLES))
        return "".join(chars)

    def v_spacing_case(self, name: str, e: WatchlistEntry) -> str | None:
        rng = self.rng
        out = name
        ops = rng.sample(range(7), rng.choice((1, 2)))
        for op in ops:
            if op == 0:
                out = out.lower()
            elif op == 1:
                out = out.title()
            elif op == 2:
                out = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in out)
            elif op == 3:
                out = re.sub(r" ", lambda _: rng.choice(["  ", " ", "\t", " - ", "-", " . "]), out)
            elif op == 4:
                out = "  " + out.replace(",", rng.choice([" ,", ";", "", " / "])) + rng.choice([".", " ", ",", ""])
            elif op == 5:
                out = out.replace("-", rng.choice([" ", "", "_"]))
            else:
                out = re.sub(r"(?<=\w)(?=\w)", lambda _: "." if rng.random() < 0.04 else "", out)
        return out if out != name else None

    def v_typo(self, name: str, e: WatchlistEntry) -> str | None:
        def typo(w: str) -> str | None:
            idx = [i for i, c in enumerate(w) if c.lower() in _KEYBOARD]
            if not idx:
                return None
            i = self.rng.choice(idx)
            r = self.rng.choice(_KEYBOARD[w[i].lower()])
            return w[:i] + (r.upper() if w[i].isupper() else r) + w[i + 1:]
        return self._apply_in_word(name, typo)

    def v_transposition(self, name: str, e: WatchlistEntry) -> str | None:
        def tr(w: str) -> str | None:
            idx = [i for i in range(1, len(w) - 1) if w[i].isalpha() and w[i + 1].isalpha() and w[i] != w[i + 1]]
            if not idx:
                return None
            i = self.rng.choice(idx)
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return self._apply_in_word(name, tr)

    def v_ocr(self, name: str, e: WatchlistEntry) -> str | None:
        def ocr(w: str) -> str | None:
            opts = [(a, b) for a, b in _OCR if a in w or a.upper() in w]
            if not opts:
                return None
            a, b = self.rng.choice(opts)
            if a not in w:
                a, b = a.upper(), b.upper()
            pos = [m.start() for m in re.finditer(re.escape(a), w)]
            p = self.rng.choice(pos)
            return w[:p] + b + w[p + len(a):]
        return self._apply_in_word(name, ocr)

    def v_dropped_vowels(self, name: str, e: WatchlistEntry) -> str | None:
        def drop(w: str) -> str | None:
            idx = [i for i, c in enumerate(w) if i > 0 and c.lower() in "aeiou"]
            if not idx:
                return None
            k = len(idx) if self.rng.random() < 0.4 else self.rng.randint(1, len(idx))
            kill = set(self.rng.sample(idx, k))
            return "".join(c for i, c in enumerate(w) if i not in kill)
        return self._apply_in_word(name, drop)

    def v_doubling(self, name: str, e: WatchlistEntry) -> str | None:
        def dbl(w: str) -> str | None:
            doubles = [i for i in range(len(w) - 1) if w[i] == w[i + 1] and w[i].isalpha()]
            if doubles and self.rng.random() < 0.5:
                i = self.rng.choice(doubles)
                return w[:i] + w[i + 1:]
            idx = [i for i in range(1, len(w)) if w[i].isalpha()]
            if not idx:
                return None
            i = self.rng.choice(idx)
            return w[:i] + w[i] + w[i:]
        return self._apply_in_word(name, dbl)

    def v_truncation(self, name: str, e: WatchlistEntry) -> str | None:
        if len(name) < 20:
            return None
        lo = max(12, int(len(name) * 0.6))
        hi = len(name) - 2
        if lo >= hi:
            return None
        cut = self.rng.randint(lo, hi)
        out = name[:cut].rstrip(" ,.-")
        return out if out != name else None

    # -- negatives ----------------------------------------------------------------------------
    def n_generic_company(self) -> str:
        rng = self.rng
        words = rng.sample(COMPANY_WORDS, rng.choice((1, 2)))
        parts = [self.made_up_word()] + words
        form = rng.choice(COMPANY_FORMS)
        return " ".join(parts + ([form] if form else []))

    def n_common_words(self) -> str:
        rng = self.rng
        words = rng.sample(COMPANY_WORDS, rng.choice((2, 3)))
        form = rng.choice(COMPANY_FORMS)
        return " ".join(words + ([form] if form else []))

    def n_given_name(self) -> str:
        rng = self.rng
        given = rng.choice(self.common_given).capitalize()
        if rng.random() < 0.3:
            given += " " + rng.choice(self.common_given).capitalize()
        sur = rng.choice(self.surnames)
        return f"{given} {sur}" if rng.random() < 0.6 else f"{sur.upper()}, {given}"

    def n_given_business(self) -> str:
        rng = self.rng
        names = [g.capitalize() for g in rng.sample(self.common_given, rng.choice((1, 2)))]
        word = rng.choice(COMPANY_WORDS)
        form = rng.choice(COMPANY_FORMS)
        return " ".join(names + [word] + ([form] if form and rng.random() < 0.5 else []))

    def n_replaced(self) -> str | None:
        rng = self.rng
        for _ in range(50):
            e, name = rng.choice(self._names)
            words = name.replace(",", " , ").split()
            norm = normalize_name(name, org_forms=e.type != "person")
            real = [t for t in norm.tokens if len(t) > 2]
            if len(real) < 2:
                continue
            if e.type == "person":
                parts = self._person_parts(name)
                if parts is None:
                    continue
                fw, gw = parts
                sur = rng.choice(self.surnames)
                out = (sur.upper() + ", " + " ".join(gw)) if "," in name else " ".join(gw + [sur])
                return out
            # the word rarest on the list is the distinctive one: replace it
            cand = [i for i, w in enumerate(words) if len(w.strip(",.'\"")) > 2 and w.isalpha()
                    and not _legal_regex().fullmatch(w)]
            if len(cand) < 2:
                continue
            i = min(cand, key=lambda k: (self._token_count(words[k]), -len(words[k])))
            words[i] = _recase(words[i], self.made_up_word())
            return " ".join(words).replace(" , ", ", ")
        return None

    _TOKEN_COUNTS: Counter | None = None

    def _token_count(self, w: str) -> int:
        if self._TOKEN_COUNTS is None:
            c: Counter = Counter()
            for e in self.entries:
                toks: set[str] = set()
                for n in e.names:
                    toks.update(normalize_name(n, org_forms=e.type != "person").tokens)
                c.update(toks)
            self._TOKEN_COUNTS = c
        toks = normalize_name(w).tokens
        return self._TOKEN_COUNTS.get(toks[0], 0) if toks else 0

    # -- sampling -----------------------------------------------------------------------------
    def positives(self, cls: str, n: int) -> list[Case]:
        fn = getattr(self, "v_" + cls)
        out: list[Case] = []
        seen: set[str] = set()
        tries = 0
        while len(out) < n and tries < n * 60:
            tries += 1
            e, name = self.rng.choice(self._names)
            if not self._usable(name, e):
                continue
            v = fn(name, e)
            if not v or v == name or v in seen:
                continue
            seen.add(v)
            out.append(Case(cls, v, name, self.expected(name, e)))
        return out

    def _usable(self, name: str, e: WatchlistEntry) -> bool:
        norm = normalize_name(name, org_forms=e.type != "person")
        real = [t for t in norm.tokens if len(t) > 1 and not t.isdigit()]
        letters = sum(len(t) for t in real)
        return (len(real) >= 2 and letters >= 8) or (len(real) == 1 and letters >= 7)

    def negatives(self, cls: str, n: int) -> list[Case]:
        fn = getattr(self, "n_" + cls.removeprefix("neg_"))
        out: list[Case] = []
        seen: set[str] = set()
        tries = 0
        while len(out) < n and tries < n * 20:
            tries += 1
            q = fn()
            if not q or q in seen:
                continue
            if normalize_name(q).key in self._by_norm or normalize_name(q, org_forms=False).key in self._by_norm:
                continue  # by chance exactly a list name
            seen.add(q)
            out.append(Case(cls, q))
        return out


def chinese_cases(entries: Iterable[WatchlistEntry]) -> list[Case]:
    """Entries that carry a name in Han script: the CJK name is the query, the entry's Latin
    names are what it must hit (run against ``latin_only(entries)``)."""
    out = []
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    for e in entries:
        for n in e.names:
            if not han.search(n):
                continue
            if _is_latin_name(re.sub(r"\(.*?\)", "", n)):  # "Jin Tiesan (金铁三)": the part in brackets
                inner = re.findall(r"\((.*?)\)", n)
                q = next((x for x in inner if han.search(x)), None)
            else:
                q = n
            if q:
                out.append(Case("chinese", q, n, frozenset({e.key})))
    return out
