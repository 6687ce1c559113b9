"""Query words the list does not know, read before the query is prepared.

Words written together: a word which is two words the list knows written as one ("SiemensAG" ->
siemens ag, "vanderbilt" -> van derbilt, "ABDERRAHMANEKIFANE" -> abderrahmane kifane), or three
or more words of one listed name ("FIRSTEASTEXPORTBANKPLC"), is split into them; the word as
written stays an other spelling of the words. And a legal form with a slip of one letter ("LTDAA",
"GMHB", "KORPORATION"), or with one in a word of a spelt-out legal form ("JOINT ZTOCK COMPANY",
"SOCIEDAD POR ACCIONEZ SIMPLIFICADA"), is read as that legal form (``legal_typos``)."""

from __future__ import annotations

from functools import lru_cache

import cython
from rapidfuzz.distance import OSA

from screener.matching.caches import WORD_CACHE_SIZE
from screener.matching.index import NameIndex
from screener.matching.lexicon import PARTICLES
from screener.matching.normalize import (
    LEGAL_FORMS,
    NormName,
    _falses,
    _legal_flags,
    baltic_stem,
    normalize_name,
    replace_org_types,
)
from screener.matching.similarity import m_for_rn
from screener.matching.weights import STOPWORD_WEIGHT, weight_cap

if cython.compiled:
    from cython.cimports.screener.matching.records import LongWord
else:
    from screener.matching.records import LongWord

# (a longer word is no name written together: a whole name of eight words is about this long)
SPLIT_MAX_LEN = 64

# legal forms rigour rewrites that are written onto a name ("SiemensAG", "ShippingCo")
LEGAL_SUFFIXES = frozenset({"ag", "sa", "gmbh", "ltd", "llc", "inc", "co", "corp", "plc", "bv", "nv", "srl", "spa",
                            "kg", "oy", "ab", "as", "jsc", "ooo", "oao", "zao", "pao",
                            "fze", "fzco", "fzc", "fzllc"})  # (UAE free-zone forms)


def long_word(idx: NameIndex, cache: dict, t: str) -> LongWord:
    """What the list makes of a word of 6 letters or more: whether it is in the vocabulary as a
    word, and the two known words ``t`` is written together from (or ()). Cached
    (``caches.long_words``)."""
    splits: dict = cache
    info = splits.get(t)
    if info is None:
        v = idx.vid.get(t)
        known = v is not None and idx.df[v] > 0
        joined = idx.vparts[v] if v is not None else None
        pair = (idx.vstr[joined[0]], idx.vstr[joined[1]]) if known and joined is not None else ()
        if pair and _splits_as_words(pair[0], pair[1]) and _only_joined(idx, v, t):
            # the list knows it only as two adjacent words written together: split it as well,
            # so that its words also meet names that hold them in the other order or apart
            # ("MohammedQasim": QASIM, Mohammed); the join stays an other spelling of the pair
            info = LongWord(False, pair)
        else:
            parts = split_word(idx, t) if not known and len(t) <= SPLIT_MAX_LEN else ()
            info = LongWord(v is not None, parts)
        if len(splits) >= WORD_CACHE_SIZE:
            splits.clear()
        splits[t] = info
    return info

def split_joined(idx: NameIndex, cache: dict, norm: NormName, org_forms: bool) -> NormName:
    """``norm`` with each word the list does not know, but which is two words it knows
    written together, split into them ("SiemensAG" -> siemens ag, "vanderbilt" -> van
    derbilt, "ABDERRAHMANEKIFANE" -> abderrahmane kifane). The word as written stays an
    other spelling of the pair."""
    toks: tuple = norm.tokens
    split: dict = None
    info: LongWord
    n: cython.Py_ssize_t = len(toks)
    i: cython.Py_ssize_t
    for i in range(n):
        t = toks[i]
        if len(t) < 6:
            continue
        info = long_word(idx, cache, t)
        parts = info.parts
        if parts and _joins_a_neighbour(idx, toks, i, n):
            parts = ()  # "INVESTCAPITAL BANK" is INVESTCAPITALBANK written apart, not invest capital bank
        if parts:
            if split is None:
                split = {}
            split[i] = parts
    if split is None or norm.alts:
        return norm
    new: list = []
    alts: list = []
    for i in range(n):
        t = toks[i]
        if i in split:
            words = split[i]
            # (the words as a legal form reads them: "COMPANYFOR" -> co for,
            # "AKTSIONERNOEOBSHCHESTVO" -> jsc, "CJSCSOVMORTRANS" -> jsc sovmortrans)
            pair = (tuple(replace_org_types(" ".join(words)).split()) or words) if org_forms else words
            alts.append((t, len(new), len(new) + len(pair)))
            new.extend(pair)
        else:
            new.append(t)
    tt = tuple(new)
    f = _falses(len(tt))
    out = NormName(tt, _legal_flags(tt) if org_forms else f, f, f, tuple(alts), 0)
    out.plain = norm.plain
    return out


# Legal forms of four letters or more, as written in names: a word one slip away from one, that
# the list does not know, is that form misspelt ("ORIMAR LTDAA", "ELEVENTH OCEAN GMHB"). (Shorter
# forms are a slip away from too many words: LTD from LTE, LID, LAD.)
_LEGAL_FORMS_SPELT = ("ltda", "gmbh", "sarl", "sprl", "pjsc", "cjsc", "fzco", "fzllc", "bvba", "kgaa",
                      "limited", "corporation", "incorporated", "company")
# First letters that sound alike, which a slip keeps: KOMPANY, KORPORATION, ZTOCK
_SOUND_ALIKE = {"c": "k", "k": "c", "s": "z", "z": "s"}


@cython.cfunc
def _starts_alike(a: str, b: str) -> cython.bint:
    # (the first letter kept, or one that sounds alike: KARL and CARL are names, not SARL)
    return a[0] == b[0] or _SOUND_ALIKE.get(a[0]) == b[0]


@lru_cache(maxsize=4096)
def _legal_form_misspelt(t: str) -> str | None:
    """The legal form (as names write it: "ltda", "corporation") ``t`` is one slip from, or None
    ("rn" set close for an "m" counts as none: LIRNITED, CORNPANY)."""
    if "rn" in t:
        t = m_for_rn(t)
        if t in _LEGAL_FORMS_SPELT:
            return t if " " not in replace_org_types(t) else None
    for form in _LEGAL_FORMS_SPELT:
        if _starts_alike(t, form) and abs(len(form) - len(t)) <= 1 and OSA.distance(t, form, score_cutoff=1) <= 1:
            return form if " " not in replace_org_types(form) else None
    return None


@cython.cfunc
def _legal_phrase_word(idx: NameIndex, t: str) -> str:
    """The word of a spelt-out legal form (``NameIndex.legal_words``: JOINT STOCK, SOCIEDAD POR
    ACCIONES) that ``t`` (five letters or more) is one slip from, starting alike; or "".
    Remembered per word (``NameIndex.legal_near``, cleared when the list teaches a new legal
    form's word): most words are looked at again and again."""
    near: dict = idx.legal_near
    found = near.get(t)
    if found is None:
        found = ""
        n: cython.Py_ssize_t = len(t)
        for c in (t[0], _SOUND_ALIKE.get(t[0], "")):
            for w in idx.legal_starts.get(c, ()):
                if abs(len(w) - n) <= 1 and w != t and OSA.distance(t, w, score_cutoff=1) <= 1:
                    found = w
                    break
            if found:
                break
        if len(near) >= WORD_CACHE_SIZE:
            near.clear()
        near[t] = found
    return found


def legal_typos(idx: NameIndex, norm: NormName) -> NormName:
    """``norm`` (an organisation form) with the slips in its legal forms read through, or ``norm``
    itself when there is none (nearly always). Matched as written, the slip is a distinctive word
    the listed company lacks, and a company with another distinctive word is another company.
    Only words the list does not know are read so:

    - each of its last three words (never the first) that is a legal form misspelt by one
      letter ("ORIMAR LLTDA.", "GENERAL PETROLEUM KORPORATION");
    - a word anywhere that is a word of a spelt-out legal form misspelt by one letter, where the
      name then holds that legal form ("JOINT ZTOCK COMPANY X" is JSC X; where it does not, the
      word stays as written).

    The corrected name is normalised again, so the legal forms are read as in the list's names."""
    toks: tuple = norm.tokens
    legal: tuple = norm.legal
    vid: dict = idx.vid
    df: list = idx.df
    fixes: dict = None  # position -> the word as the legal form writes it
    phrase: list = []  # ... of those, the words of spelt-out forms
    n: cython.Py_ssize_t = len(toks)
    i: cython.Py_ssize_t
    last: cython.Py_ssize_t = max(1, n - 3)
    # (a spelt-out legal form to complete needs another of its words in the name: most names
    # have none, and only their last words are looked at)
    words: set = idx.legal_words
    phrases: cython.bint = False
    for i in range(n):
        if toks[i] in words:
            phrases = True
            break
    for i in range(0 if phrases else last, n):
        t = toks[i]
        if legal[i] or len(t) < 4 or len(t) > 13 or not t.isalpha():
            continue
        v = vid.get(t)
        if v is not None and df[v] > 0:
            continue
        form = _legal_form_misspelt(t) if i >= last else None
        if form is None:
            if not phrases or len(t) < 5:
                continue
            form = _legal_phrase_word(idx, t)
            if not form:
                continue
            phrase.append(i)
        if fixes is None:
            fixes = {}
        fixes[i] = form
    if fixes is None:
        return norm
    if not norm.alts and True not in norm.arabic and True not in norm.syllabic:
        corrected = list(toks)
        for i, w in fixes.items():
            corrected[i] = w
        read = normalize_name(" ".join(corrected), org_forms=True)
        rt: tuple = read.tokens
        # (each corrected word became a legal form, or a part of one)
        if all(w not in rt or read.legal[rt.index(w)] for w in fixes.values()):
            out = NormName(rt, read.legal, read.syllabic, read.arabic, (), norm.family_end, norm.dotted, norm.raw)
            out.plain = norm.plain
            return out
    # otherwise (a name read from another script, or a phrase word the corrected name does not
    # read as a legal form): the single-word forms alone, as names are compared
    new = list(toks)
    for i, w in fixes.items():
        if i not in phrase:
            new[i] = replace_org_types(w)
    tt = tuple(new)
    if tt == toks:
        return norm
    out = NormName(tt, _legal_flags(tt), norm.syllabic, norm.arabic, norm.alts, norm.family_end, norm.dotted, norm.raw)
    out.plain = norm.plain
    return out


def _joins_a_neighbour(idx: NameIndex, toks: tuple, i: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.bint:
    """Query word ``i`` and the next or the one before, written together, are a word of the list."""
    vid: dict = idx.vid
    df: list = idx.df
    v = vid.get(toks[i] + toks[i + 1]) if i + 1 < n else None
    if v is not None and df[v] > 0:
        return True
    v = vid.get(toks[i - 1] + toks[i]) if i > 0 else None
    return v is not None and df[v] > 0


def _short_before_legal(a: str, b: str) -> bool:
    """A three-letter word written onto a common legal form ("ARTLTD", "CECLIMITED"); not letters
    of a word written without its vowels ("HRMSLL" is not HRM SLL)."""
    return (b in LEGAL_SUFFIXES or b in LEGAL_FORMS) and any(ch in "aeiouy" for ch in a)


def _only_joined(idx: NameIndex, v: int, t: str) -> bool:
    """No listed name holds ``t`` as a word of its own (BLUEMARINE SA does; BLUE MARINE SHIPPING
    only joins two). Read from the names that hold it, at most a few dozen."""
    nids = idx.post[v]
    if len(nids) > 48:
        return False
    names: list = idx.names
    for nid in nids:
        rec = names[nid]
        if rec is not None and t in rec.norm.tokens:
            return False
    return True


def _splits_as_words(a: str, b: str) -> bool:
    """Two words a word may be read as when written together: each of four letters or more
    (a particle or a legal form may be shorter). Not "Rafaela" as RAFAEL A., nor "Munira" as
    MUNIR A.: another person's name."""
    return ((len(a) >= 4 or a in PARTICLES)
            and (len(b) >= 4 or b in LEGAL_FORMS or b in LEGAL_SUFFIXES))


def split_word(idx: NameIndex, t: str) -> tuple:
    """Where ``t`` splits into two words the list knows (the longer first part wins); (); or
    the one word it is with a Baltic nominative ending (``normalize.baltic_stem``)."""
    vid: dict = idx.vid
    df: list = idx.df
    n: cython.Py_ssize_t = len(t)
    i: cython.Py_ssize_t
    stem = baltic_stem(t)
    if stem:
        v = vid.get(stem)
        if v is not None and df[v] > 0 and idx.vperson[v]:
            # a word of a listed person's name with the nominative ending Lithuanian and Latvian
            # add to a foreign name (Putinas, Vladimiras, Lavrovs): that word, not it and a legal
            # form AS or IS (nor a company's word in the plural: CONTROLS)
            return (stem,)
    for i in range(n - 2, 1, -1):
        a = t[:i]
        b = t[i:]
        va = vid.get(a)
        if va is not None and df[va] > 0 and (i >= 4 or a in PARTICLES or (i == 3 and _short_before_legal(a, b))):
            if b in LEGAL_FORMS or b in LEGAL_SUFFIXES:
                return (a, b)  # "SiemensAG", "ARTLTD"
            # two words of one listed name ("ABDERRAHMANEKIFANE" for "KIFANE, Abderrahmane"; a
            # particle and a join, "vanderbilt"), never two words that merely exist somewhere
            if n >= 8 and n - i >= 4:
                vb = vid.get(b)
                if vb is not None and df[vb] > 0 and not idx.post[va].isdisjoint(idx.post[vb]):
                    return (a, b)
        elif i == 3 and n >= 8 and va is not None and df[va] > 0:
            # a three-letter word of one listed name before another of it ("AliMAMLUK")
            vb = vid.get(t[3:])
            if vb is not None and df[vb] > 0 and not idx.post[va].isdisjoint(idx.post[vb]):
                return (a, t[3:])
        # a legal form's word written onto the next word ("COMPANYFOR SPINNING",
        # "LIMITEDLIABILITY COMPANY", "AKTSIONERNOEOBSHCHESTVO", "CHARITYASSOCIATION")
        if i >= 4 and _legal_word(idx, a) and _after_legal_word(idx, b):
            return (a, b)
    return _split_many(idx, t) if n >= 10 else ()


# (look-ups a many-word split may make before it gives up: it runs for every long word the list
# does not know, once, and nearly all of them are no words written together)
_SPLIT_STEPS = 400


def _split_many(idx: NameIndex, t: str) -> tuple:
    """Where ``t`` is words of one listed name written together, when no two-word split
    reads it ("FIRSTEASTEXPORTBANKPLC", "TOPTECHNOLOGIESSARL"), the words; ().
    Each part is a word of that name of three letters or more, or a particle or stop word of
    two, or a legal form (of two or three letters, or one only rigour reads, at the end or a
    short one at the start); the longest first word wins, and the search is bounded."""
    vid: dict = idx.vid
    df: list = idx.df
    post: list = idx.post
    n: cython.Py_ssize_t = len(t)
    steps = [0]

    def part_ok(w: str, first: bool, last: bool) -> object:
        """The names holding ``w`` (a set), True for a legal form (the names spell theirs
        otherwise: "plc" is jsc), or None when ``w`` cannot be a part. A legal form of two or
        three letters only ends the word ("tobacco" holds no "co")."""
        # (rigour's reading is asked only of a part that ends the word, or of a short one that
        # opens it, CJSC: parts are tried at every length, and legal forms inside a name are the
        # common ones of the sets)
        if (w in LEGAL_FORMS or w in LEGAL_SUFFIXES) and (last or len(w) >= 4):
            return True
        if (last or (first and len(w) <= 6)) and replace_org_types(w) != w:
            return True
        v = vid.get(w)
        # (a join of two listed words counts as a part: "esteticay" carries the Y of ESTETICA Y
        # BELLEZA, which is too short to be a part of its own)
        if v is not None and df[v] > 0:
            if len(w) >= 3 or w in PARTICLES or weight_cap(w) <= STOPWORD_WEIGHT:
                return post[v]
        return None

    def go(start: cython.Py_ssize_t, names) -> tuple | None:
        if start == n:
            return ()
        end: cython.Py_ssize_t
        for end in range(n, start + 1, -1):
            steps[0] += 1
            if steps[0] > _SPLIT_STEPS:
                return None
            w = t[start:end]
            held = part_ok(w, start == 0, end == n)
            if held is None:
                continue
            if held is True:
                left = names
            elif names is None:
                left = held
            else:
                left = names & held if len(names) <= len(held) else held & names
                if not left:
                    continue
            rest = go(end, left)
            if rest is not None:
                return (w, *rest)
        return None

    found = go(0, None)
    return found if found is not None and len(found) >= 2 else ()


def _legal_word(idx: NameIndex, a: str) -> bool:
    """``a`` is a legal form or a word of one, exactly as written (company, limited, charity,
    aktsionernoe: not "companyf", which the longest split would try first). Set look-ups only:
    it is asked for every start of every long word the list does not know."""
    return a in LEGAL_FORMS or a in idx.legal_words


def _after_legal_word(idx: NameIndex, b: str) -> bool:
    """What may follow a legal form's word written onto it: another legal form or word of one,
    a word the list knows (four letters or more), or a stop word of three letters or more (for,
    and)."""
    if b in LEGAL_FORMS or b in LEGAL_SUFFIXES or b in idx.legal_words:
        return True
    vb = idx.vid.get(b)
    if vb is not None and idx.df[vb] > 0 and len(b) >= 4:
        return True
    return len(b) >= 3 and b.isalpha() and weight_cap(b) <= STOPWORD_WEIGHT
