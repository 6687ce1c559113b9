"""Token similarity and the fuzzy keys the index looks tokens up by.

``token_similarity`` is the one place that says how alike two normalised tokens are (0..1). It
takes the best of:

* edit similarity ``1 - d / (longer length + 1)`` with ``d`` the OSA distance (rapidfuzz; a
  transposition is one edit, so "Kalashnikvo" is one edit from "Kalashnikov"). The ``+ 1``
  makes one slip in a six-letter word score 0.86 and one in a four-letter word 0.8;
* sound: equal metaphone codes (rigour's Rust metaphone: Smirnov/Smirnoff, Muhammad/Mohammed)
  score ``PHONETIC_SIM``; codes one edit apart with the same first sound score
  ``NEAR_PHONETIC_SIM``;
* a transliteration-neutral consonant skeleton (``skel``: dzh/zh/j, kh/h, ts/tz/c, w/v, q/k,
  c before a/o/u = k, vowels dropped, doubled letters collapsed -- Yevgeniy/Evgeny,
  Mudzhakhid/Mujahid, Kontsern/Concern, "KLSHNKV"/Kalashnikov) scores ``SKELETON_SIM``;
* an OCR/doubling fold (``fold``: rn->m, vv->w, cl->d, 0->o, 1/i->l, 5->s, 8->b, doubled
  letters collapsed -- "Artern"/Artem, "Davvood"/Dawood, "Jiin"/Jin) scores ``FOLD_SIM``;
* an initial ("B") against a word with that first letter scores ``INITIAL_SIM``.

The masculine and feminine forms of a name (``lexicon.gender_pair``: Antonio/Antonia,
Ivanov/Ivanova) score 0, however alike they are spelt: they are two names. Against a word no
listed person has (``person`` false: a company's or a vessel's word) the same change is a slip
when it is one letter in a word of six or more (``SLIP_MIN_EDIT``: PANDOR SHIPPING is PANDORA
SHIPPING misspelt); a shorter or looser pair stays apart (AMIN is not the vessel AMINA, DORN not
DORENA).

Tokens of three letters or fewer, and numbers, must otherwise match exactly (a one-letter change
in "Ali" is a different name). Anything under ``MIN_TOKEN_SIM`` is 0.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cython
from rapidfuzz.distance import OSA
from rigour.text import metaphone as _metaphone

from screener.matching.lexicon import PARTICLE_SPELLING, gender_pair, surname_gender_pair
from screener.matching.normalize import collapse_doubles

MIN_TOKEN_SIM = 0.7
SLIP_MIN_EDIT = 0.85  # one letter in six or more: a gender-like pair of a company's word is a slip
PHONETIC_SIM = 0.9
NEAR_PHONETIC_SIM = 0.8
SKELETON_SIM = 0.88
SHORT_SKELETON_SIM = 0.82  # three-consonant skeletons
FOLD_SIM = 0.9
PARTICLE_SPELLING_SIM = 0.95  # one particle spelt two ways (bin / ben / ibn, al / el)
INITIAL_SIM = 0.8
PREFIX_SIM = 0.9  # a truncated last word against the word it starts
KEY_MIN_EDIT = 0.65  # least edit similarity for a phonetic or skeleton key to count ...
SHORT_KEY_MIN_EDIT = 0.7  # ... when the key is under four letters
# Two words of more than three letters whose fold and skeleton keys differ score 0 unless their
# edit similarity reaches this (every other route needs it): what lets a look-up skip pairs
# whose letters alone show they are too far apart (``letter_bag``).
EDIT_FLOOR = min(MIN_TOKEN_SIM, KEY_MIN_EDIT, SHORT_KEY_MIN_EDIT)
BAG_SIZE = 38  # a..z, 0..9, anything else; then the length
# Longer words are compared exactly only: no fuzzy keys (a word's one-deletion keys number its
# length and are each as long, so their cost grows with the square of it), no edit distance.
# No name has a real word this long; a 40,000-letter "word" once cost 4.9 s and 1.6 GB.
FUZZY_MAX_LEN = 40


def metaphone(token: str) -> str:
    if len(token) < 4 or not token.isalpha():
        return ""
    try:
        return _metaphone(token)
    except Exception:  # pragma: no cover - defensive: metaphone on odd input
        return ""


# Transliteration-neutral spelling: digraphs first (longest first), then single letters.
_CANON_PAIRS = [("shch", "sh"), ("sch", "sh"), ("tsch", "c"), ("tch", "c"), ("dzh", "j"), ("dj", "j"),
                ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ts", "c"), ("tz", "c"),
                ("cz", "c"), ("ck", "k"), ("q", "k"), ("w", "v"), ("x", "ks")]
_C_SOFT = re.compile(r"c(?=[eiy])")
_VOWELS = re.compile(r"[aeiouy]+")


def canon(token: str) -> str:
    """Transliteration-neutral spelling: dzh/zh/j, kh/h, ts/tz/ch/c, w/v, q/k, x/ks, hard c = k."""
    t = token
    for a, b in _CANON_PAIRS:
        if a in t:
            t = t.replace(a, b)
    if "c" in t:  # ch (ч) and ts (ц) meet as c; a hard c is k, a soft one s
        t = _C_SOFT.sub("s", t.replace("ch", "\x00")).replace("c", "k").replace("\x00", "c")
    return t


@cython.cfunc
@cython.inline
def _vowel(ch: cython.Py_UCS4) -> cython.bint:
    return ch == "a" or ch == "e" or ch == "i" or ch == "o" or ch == "u" or ch == "y"


def skel(token: str) -> str:
    """Transliteration-neutral consonant skeleton ('' when too short to mean anything). Three
    letters only count when they are all consonants ("Hsn", "Klm": vowels dropped)."""
    n = len(token)
    if n < 3 or not token.isalpha() or (n == 3 and _VOWELS.search(token)):
        return ""
    # the consonants of the canonical spelling, runs of one kept once (a loop: compiled, a
    # fraction of a regular expression's substitution and a second pass)
    kept: list = []
    last: cython.Py_UCS4 = 0
    ch: cython.Py_UCS4
    for ch in canon(token):
        if _vowel(ch) or ch == last:
            continue
        kept.append(ch)
        last = ch
    return "".join(kept) if len(kept) >= 3 else ""


_FOLD_PAIRS = [("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("i", "l"), ("5", "s"), ("8", "b")]


def m_for_rn(token: str) -> str:
    """``token`` with each "rn" read as the "m" it looks like (the first of ``fold``'s pairs, on
    its own: LIRNITED, SERNNAN), or ``token`` itself when it has none."""
    return token.replace("rn", "m") if "rn" in token else token


def fold(token: str) -> str:
    """OCR confusions and doubled letters folded away ('' for tokens under three characters)."""
    if len(token) < 3:
        return ""
    t = token
    for a, b in _FOLD_PAIRS:
        if a in t:
            t = t.replace(a, b)
    return collapse_doubles(t)


def _bare(token: str) -> bool:
    """A word written without vowels ("Mhmmd", "Hsn")."""
    ch: cython.Py_UCS4
    for ch in token:
        if _vowel(ch):
            return False
    return True


def has_vowel(token: str) -> bool:
    """A vowel (y too) in ``token``: a word, not an acronym (MBZ) -- of a ``sound_key``, which
    writes y as i, for the by-ear pairings of short words."""
    return not _bare(token)


# Letters that European spellings write one sound with (German sch and w, Greek-derived ph,
# Spanish qu, y for i, z for s, kh for h): "DELNAWAZ" is DELNAVAZ, "SCHIBA" SHIBA, "PARKWES"
# PARQUES, "MARYANA" MARIANA. Not ch (English ch, German kh) nor a soft c.
_SOUND_FOLDS = (("sch", "sh"), ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("kh", "h"), ("th", "t"),
                ("gh", "g"), ("w", "v"), ("y", "i"), ("z", "s"))


def sound_key(token: str) -> str:
    """``token`` with the spellings of one sound written one way (``_SOUND_FOLDS``) and doubled
    letters once: two words with one key are one word written by ear."""
    t = token
    for a, b in _SOUND_FOLDS:
        if a in t:
            t = t.replace(a, b)
    return collapse_doubles(t)


def devowel(token: str) -> str:
    """``token`` without the vowels after its first letter, doubled letters kept once
    ("ponomaryov" -> "pnmryv", "intelligence" -> "intlgnc"): how a vowel-dropping writer
    spells it."""
    if len(token) < 2:
        return token
    kept: list = [token[0]]
    last: cython.Py_UCS4 = token[0]
    ch: cython.Py_UCS4
    for ch in token[1:]:
        if ch == "a" or ch == "e" or ch == "i" or ch == "o" or ch == "u" or ch == last:
            continue
        kept.append(ch)
        last = ch
    return "".join(kept)


_CK_DIGRAPHS = (("shch", "S"), ("tsch", "C"), ("sch", "S"), ("tch", "C"), ("tsh", "C"), ("dzh", "J"), ("dj", "J"),
                ("zh", "J"), ("ch", "C"), ("sh", "S"), ("kh", "H"), ("gh", "G"), ("ph", "F"), ("th", "T"),
                ("ts", "C"), ("tz", "C"), ("ck", "K"), ("cz", "C"), ("x", "ks"), ("q", "k"))
_CK_CLASS = {"b": "b", "p": "b", "f": "b", "v": "b", "F": "b", "d": "t", "t": "t", "T": "t", "g": "k", "k": "k",
             "K": "k", "G": "k", "s": "s", "z": "s", "j": "s", "S": "s", "J": "s", "C": "s", "l": "r", "r": "r",
             "m": "m", "n": "n"}


def ckey(token: str) -> str:
    """A coarse consonant key, for words read back from a script that writes a Latin name with
    vowels and consonants of its own: Arabic and Hebrew leave most vowels out and use one letter
    for v/w/o/u; Katakana and Hangul put a vowel after every consonant and have no l/r or v/b
    distinction (Kuznetsov, كوزنيتسوف, קוזנצוב, クズネツォフ, 쿠즈네초프 all give "ksnsb").
    Consonants by class (b p f v; d t; g k; s z j sh zh ch ts; l r; m; n), vowels, h, w and y
    dropped, repeats kept once."""
    t = token
    for a, b in _CK_DIGRAPHS:
        if a in t:
            t = t.replace(a, b)
    out: list = []
    n = len(t)
    last = ""
    for i in range(n):
        ch = t[i]
        if ch == "c":
            ch = "s" if i + 1 < n and t[i + 1] in "eiy" else "k"
        cls = _CK_CLASS.get(ch, "")
        if cls and cls != last:
            out.append(cls)
        if cls:
            last = cls
    return "".join(out)


_LIQUID_FOLD = str.maketrans({"l": "r", "v": "b", "f": "b", "p": "b", "y": "i"})


def liquid_key(token: str) -> str:
    """A word as Katakana and Hangul write it back: one letter for l and r, for b, v, f and p
    (the -ov of Russian names is -オフ, -fu; a closing b is said p, Ayub 아유프), i for y,
    doubled letters once (Valery and ヴァレリー "vareri" both give "bareri")."""
    return collapse_doubles(token.translate(_LIQUID_FOLD))


def deletes(token: str) -> list[str]:
    """Every string one deletion away from ``token`` (the symmetric-delete fuzzy key)."""
    return [token[:i] + token[i + 1:] for i in range(len(token))]


def letter_bag(token: str) -> bytes:
    """How often each letter occurs in ``token``: counts of a..z, 0..9 and anything else, then
    the length (each capped at 255; ``BAG_SIZE`` bytes). Of two words, the letters one has
    beyond the other (counted with repeats, the larger of the two ways) are at most their OSA
    distance: an edit adds or removes at most one letter on each side and a transposition none.
    So a look-up can drop hopeless pairs before ``token_similarity``."""
    counts = bytearray(BAG_SIZE)
    c: cython.p_uchar = counts  # (compiled: a pointer into the buffer; else the bytearray)
    i: cython.Py_ssize_t
    other: cython.Py_ssize_t = BAG_SIZE - 2
    ch: cython.Py_UCS4
    for ch in token:
        if "a" <= ch <= "z":
            i = ord(ch) - 97
        elif "0" <= ch <= "9":
            i = ord(ch) - 22
        else:
            i = other
        if c[i] < 255:
            c[i] += 1
    c[BAG_SIZE - 1] = min(len(token), 255)
    return bytes(counts)


def token_similarity(a: str, b: str, ma: str = "", mb: str = "", sa: str = "", sb: str = "",
                     fa: str = "", fb: str = "", ca: str = "", cb: str = "", person: cython.int = 2) -> float:
    """How alike two normalised tokens are, 0..1. Metaphone (``ma``/``mb``), skeleton
    (``sa``/``sb``) and fold (``fa``/``fb``) keys and canonical spellings (``ca``/``cb``,
    ``canon``; only read when the skeletons are equal) may be passed in when precomputed.
    ``person``: 2 when ``b`` is some listed person's given name, 1 when it is only ever another
    word of a person's name, 0 when of no person's. The masculine and feminine forms of a given
    name are two names; of a family name only where family names change with the bearer
    (Ivanov/Ivanova): elsewhere, as in a company's word, a feminine-looking ending of one letter
    in six or more is a slip (Macrone for Macron)."""
    if a == b:
        return 1.0
    la = len(a)
    lb = len(b)
    if la > FUZZY_MAX_LEN or lb > FUZZY_MAX_LEN:
        return 0.0
    if la == 1 or lb == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    s = 0.0
    if fa and fa == fb:
        s = FOLD_SIM
    if la <= 3 or lb <= 3 or a.isdigit() or b.isdigit():
        p = PARTICLE_SPELLING.get(a)
        if p is not None and p == PARTICLE_SPELLING.get(b):
            return PARTICLE_SPELLING_SIM
        # Short words: only a vowel-less form against its vowelled word ("Hsn" / Hasan).
        if sa and sa == sb and s < SHORT_SKELETON_SIM and (_bare(a) or _bare(b)):
            s = SHORT_SKELETON_SIM
        return s
    longer = la if la > lb else lb
    d = OSA.distance(a, b)
    e = 1.0 - d / (longer + 1)
    if e > s:
        s = e
    # Sound and skeleton keys only vouch for words that are also spelt alike (short codes
    # such as metaphone "RS" are shared by Rizzo, Rosa and Russia).
    if s < PHONETIC_SIM and ma and ma == mb and e >= (KEY_MIN_EDIT if len(ma) >= 4 else SHORT_KEY_MIN_EDIT):
        s = PHONETIC_SIM
    if sa and sa == sb:
        if not ca:
            ca = canon(a)
        if not cb:
            cb = canon(b)
        if ca != a or cb != b:  # judge the spelling once transliteration differences are gone
            ec = 1.0 - OSA.distance(ca, cb) / ((len(ca) if len(ca) > len(cb) else len(cb)) + 1)
            if ec > e:
                e = ec
        if len(sa) >= 4:
            if s < SKELETON_SIM and (e >= KEY_MIN_EDIT or _bare(a) or _bare(b)):
                s = SKELETON_SIM
        elif s < SHORT_SKELETON_SIM and (e >= SHORT_KEY_MIN_EDIT or _bare(a) or _bare(b)):
            s = SHORT_SKELETON_SIM
    if (s < NEAR_PHONETIC_SIM and len(ma) >= 4 and len(mb) >= 4 and ma[0] == mb[0] and e >= KEY_MIN_EDIT
            and OSA.distance(ma, mb, score_cutoff=1) <= 1):
        s = NEAR_PHONETIC_SIM
    if s < VOWEL_SPELLING_SIM and e >= VOWEL_SPELLING_MIN_EDIT and vowel_spelling(a) == vowel_spelling(b):
        s = VOWEL_SPELLING_SIM
    if s < MIN_TOKEN_SIM:
        return 0.0
    if a[0] == b[0] and ((person == 2 or e < SLIP_MIN_EDIT) and gender_pair(a, b)
                         or person == 1 and (a[-1] in "aiy" or b[-1] in "aiy") and surname_gender_pair(a, b)):
        return 0.0  # (the masculine and feminine forms of a name are two names: Antonio/Antonia)
    return s


# How the Latin lists write one name's vowels and j differently: o/u and e/i (Osama, Usama;
# Nasir, Naser; Othman, Uthman), ou and oo for u (Mahmoud), j for y (Zavjalov, Jurij) and a
# closing -iy/-ij/-ii for -i (Yuriy, Jurij).
VOWEL_SPELLING_SIM = 0.9
VOWEL_SPELLING_MIN_EDIT = 0.6  # (two changes in five letters, Jurij/Yuriy: only then is the key read)
_J_AS_Y = re.compile(r"j(?=[aeiou]|$)|(?<=[aeiou])j")
_CLOSING_I = re.compile(r"(?:iy|ij|ii|yi)$")


@lru_cache(maxsize=100_000)
def vowel_spelling(token: str) -> str:
    """``token`` with the vowel and j spellings of one name written one way (see above)."""
    t = token.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    if "j" in t:
        t = _J_AS_Y.sub("y", t)
    return collapse_doubles(_CLOSING_I.sub("i", t.replace("o", "u").replace("e", "i")))


def keyed_similarity(a: str, b: str) -> float:
    """``token_similarity`` computing the keys itself."""
    return token_similarity(a, b, metaphone(a), metaphone(b), skel(a), skel(b), fold(a), fold(b))
