"""Word look-ups: which list words a piece of query text may be.

``span`` looks a query word (or two words joined, or another spelling) up in the index's fuzzy
keys (``index.py``: one-letter deletions, metaphone, skeleton, fold), drops the neighbours that
share too few letters to be alike (a letter-bag bound, in C when compiled) and scores the rest
with ``similarity.token_similarity``. Then the look-ups by other keys:

- ``short_forms``: a given name's short form (Dima/Dmitry, Alex/Alexander, Mando/Armando), a
  particle spelt otherwise (Ben/Bin), an abbreviated business word (Shpg/Shipping), a word
  written without its vowels (Pnmryv);
- ``arabic_forms``: words read back from a script that writes consonants only or otherwise
  (Arabic, Hebrew, Kana, Hangul): the Arabic consonant key and the coarse consonant key;
- ``french_forms``: a Maghrebi name in French spelling (Houcine/Husayn), by the Arabic
  consonant key and the long vowels.

The result, a ``records.Span``, is cached per text in the engine's ``caches.spans``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

import cython
from rapidfuzz.distance import OSA

from screener.matching.caches import WORD_CACHE_SIZE
from screener.matching.index import NameIndex
from screener.matching.lexicon import (
    COGNATES,
    CONVENTIONAL_ABBREVIATIONS,
    FULL_NAMES,
    KOREAN_FAMILY_NAMES,
    KOREAN_SYLLABLE_MAX,
    NICKNAMES,
    PARTICLE_GROUPS,
    PARTICLE_SPELLING,
    PARTICLES,
    abbreviates,
    gender_pair,
    mr_syllable,
)
from screener.matching.normalize import (
    LEGAL_FORMS,
    arabic_key,
    arabic_key_digraph_h,
    arabic_vowel_key,
    collapse_doubles,
    french_spelling,
)
from screener.matching.similarity import (
    BAG_SIZE,
    EDIT_FLOOR,
    FUZZY_MAX_LEN,
    MIN_TOKEN_SIM,
    PARTICLE_SPELLING_SIM,
    PHONETIC_SIM,
    canon,
    ckey,
    deletes,
    devowel,
    fold,
    has_vowel,
    letter_bag,
    liquid_key,
    m_for_rn,
    metaphone,
    skel,
    sound_key,
    token_similarity,
)
from screener.matching.weights import GENERIC_BUSINESS_WORDS_ANY_LANGUAGE, STOPWORD_WEIGHT

if cython.compiled:
    from cython.cimports.screener.matching.records import Span, settled
else:
    from screener.matching.records import Span, settled

ARABIC_SIM = 0.9  # a word read from Arabic script whose consonant skeleton equals a list word's
ARABIC_LONG_VOWELS_SIM = 0.92  # ... and its long vowels (normalize.arabic_vowel_key) agree too
ARABIC_SHORT_SIM = 0.75  # the same for two-consonant skeletons (too common to be distinctive)
ARABIC_VOWELS_SIM = 0.85  # ... and when the long vowels agree too (normalize.arabic_vowel_key)
LIQUID_SIM = 0.88  # a word read from Kana or Hangul equal to a list word but for l/r, b/v/f and i/y
CKEY_SIM = 0.86  # a word read from another script whose coarse consonant key (4+) equals a list word's
CKEY_SHORT_SIM = 0.85  # ... a three-consonant key
CKEY_NEAR_SIM = 0.82  # ... a key one consonant longer or shorter (four or more)
NICK_SIM = 0.85  # a given name against its short form (Dima/Dmitry, Pepe/Jose)
COGNATE_SIM = 0.9  # the same given name in another language's form (Volodymyr/Vladimir)
ROMANISATION_SIM = 0.9  # a Korean family name in another romanisation (Park/Pak, Lee/Ri, Jeong/Jong)
LOOK_ALIKE_SIM = 0.95  # a word with "rn" for the "m" of a list word (LIRNITED, SERNNAN)
KOREAN_SYLLABLE_SIM = 0.84  # a Korean given name's syllable in another romanisation (Eun/Un, Guk/Kuk)
FRENCH_SPELLING_SIM = 0.88  # a Maghrebi name in French spelling against the lists' (Houcine, Husayn)
ABBREV_SIM = 0.82  # a business word against its abbreviation (Shpg/Shipping)
DEVOWEL_SIM = 0.86  # a word against itself without vowels (Pnmryv/Ponomaryov)

EMPTY_SPAN = Span((), (), "", "", "")


@cython.cfunc
def _vowelless(text: str) -> cython.bint:
    """No vowel (a, e, i, o, u) after the run of letters that opens ``text``: only then can
    ``devowel(text)`` equal ``collapse_doubles(text)`` (a word written without its vowels)."""
    n: cython.Py_ssize_t = len(text)
    k: cython.Py_ssize_t = 1
    c0: cython.Py_UCS4 = text[0]
    ch: cython.Py_UCS4
    while k < n and text[k] == c0:
        k += 1
    while k < n:
        ch = text[k]
        if ch == "a" or ch == "e" or ch == "i" or ch == "o" or ch == "u":
            return False
        k += 1
    return True




def span(idx: NameIndex, cache: dict, text: str, single: bool, arabic: int = 0) -> Span:
    """List words ``text`` may be, with its phonetic keys. Cached per text."""
    if len(text) > FUZZY_MAX_LEN:
        single = arabic = False  # (compared as written only: see similarity.FUZZY_MAX_LEN)
    if not single and not arabic and text not in idx.dels:
        return EMPTY_SPAN  # a join the list has neither as it is nor one letter longer
    key = ("" if single else "+") + ("#" * arabic if arabic else "") + text
    hit = cache.get(key)
    if hit is not None:
        return hit
    found: set = set()
    dels: dict
    md: dict
    v = idx.vid.get(text)
    if v is not None:
        found.add(v)
    m = s = f = ""
    skel_peers: object = ()  # list words sharing the text's skeleton, and its fold
    fold_peers: object = ()
    if len(text) >= 4:
        dels = idx.dels
        lst = dels.get(text)
        if lst:
            found.update(lst)
        if single:  # (a join of two query words is only looked up as it is, or one letter short)
            for d in deletes(text):
                lst = dels.get(d)
                if lst:
                    found.update(lst)
    if single:
        m = metaphone(text)
        s = skel(text)
        f = fold(text)
        if m:
            lst = idx.metas.get(m)
            if lst:
                found.update(lst)
        if s:
            skel_peers = idx.skels.get(s, ())
            found.update(skel_peers)
        if f:
            fold_peers = idx.folds.get(f, ())
            found.update(fold_peers)
        if len(m) >= 4:
            md = idx.meta_dels
            for k in (m, *deletes(m)):
                lst = md.get(k)
                if lst:
                    found.update(lst)
    sims: dict = {}
    df: list = idx.df
    vstr: list = idx.vstr
    vmeta: list = idx.vmeta
    vskel: list = idx.vskel
    vfold: list = idx.vfold
    vcanon: list = idx.vcanon
    vperson: bytearray = idx.vperson
    vgiven: bytearray = idx.vgiven
    vi: cython.Py_ssize_t
    sim: cython.double
    # Most fuzzy-key neighbours share too few letters to score (two thirds of the pairs):
    # the letter-bag bound drops those before token_similarity, unless they share a fold
    # or skeleton key (the words found under those keys), which can make them alike
    # whatever their letters. The bound reads one small row per word, not its strings.
    keyed: set = set(fold_peers)
    keyed.update(skel_peers)
    # (token_similarity reads the canonical spelling only for equal skeletons)
    qcanon: str = canon(text) if skel_peers else ""
    qbag: bytes = letter_bag(text)
    qb: cython.p_uchar = qbag
    vb: cython.p_uchar = idx.vbag
    nbag: cython.Py_ssize_t = BAG_SIZE
    edit_floor: cython.double = EDIT_FLOOR
    la: cython.Py_ssize_t = len(text)
    lb: cython.Py_ssize_t
    longer: cython.Py_ssize_t
    common: cython.Py_ssize_t
    c: cython.Py_ssize_t
    o: cython.Py_ssize_t
    j: cython.Py_ssize_t
    x: cython.Py_ssize_t
    y: cython.Py_ssize_t
    letters = bytearray(nbag)  # the letters the text has (indices into the bags)
    ql: cython.p_uchar = letters
    nq: cython.Py_ssize_t = 0
    for c in range(nbag - 1):
        if qb[c]:
            ql[nq] = c
            nq += 1
    for v in found:
        vi = v
        if df[vi] <= 0:
            continue
        o = vi * nbag
        lb = vb[o + nbag - 1]
        if 1 < la < 255 and 1 < lb < 255 and v not in keyed:
            common = 0
            for j in range(nq):
                c = ql[j]
                x = qb[c]
                y = vb[o + c]
                common += x if x < y else y
            longer = la if la > lb else lb
            if common < longer and (la <= 3 or lb <= 3 or 1.0 - (longer - common) / (longer + 1.0) < edit_floor):
                continue
        word = vstr[vi]
        if word in LEGAL_FORMS and la > len(word) + 1 and not (
                text in GENERIC_BUSINESS_WORDS_ANY_LANGUAGE or idx.is_legal_word(text)):
            continue  # (a legal form's code is met by its letters or a business word: JESSICA is no jsc)
        sim = token_similarity(text, word, m, vmeta[vi], s, vskel[vi], f, vfold[vi], qcanon, vcanon[vi],
                               2 if vgiven[vi] else vperson[vi])
        if sim >= MIN_TOKEN_SIM:
            # keyed by a fresh int (from vi), allocated next to the rest of this span,
            # not by the index's own int object somewhere in a heap of hundreds of MB:
            # every later loop over the span's ids reads these (x1.03 on the benchmark)
            sims[vi] = sim
    if arabic:
        arabic_forms(idx, text, sims, arabic, single)
    elif single and len(text) >= 5 and ("ou" in text or text.endswith(("ine", "ane"))) and text.isalpha():
        french_forms(idx, text, sims)
    if single and text.isalpha():
        short_forms(idx, text, sims)
        if len(text) <= KOREAN_SYLLABLE_MAX:
            # a Korean syllable as the lists write it (McCune-Reischauer: JEONG EUN is JONG UN),
            # the listed word spelt as that reading or read so itself (RYOL for Yeol); alignment
            # keeps the pair only in names that open with a Korean family name
            mr = mr_syllable(text)
            spelt = idx.vid.get(mr) if mr != text else None
            for kv in ((spelt,) if spelt is not None else ()) + tuple(idx.korean_keys.get(mr, ())):
                if df[kv] > 0 and idx.vperson[kv] and sims.get(kv, 0.0) < KOREAN_SYLLABLE_SIM:
                    sims[kv] = KOREAN_SYLLABLE_SIM
        if len(text) >= 4:
            # one sound spelt otherwise (RAUPH, RAUF: ph for f moves two letters, too many for
            # the deletion keys when the word is short; w for v, y for i, z for s ...)
            sk = sound_key(text)
            written = idx.vid.get(sk) if sk != text else None
            for kv in ((written,) if written is not None else ()) + tuple(idx.sound_keys.get(sk, ())):
                if df[kv] > 0 and vstr[kv] != text and sims.get(kv, 0.0) < PHONETIC_SIM:
                    sims[kv] = PHONETIC_SIM
        elif len(text) == 3 and "h" not in text and text not in PARTICLES:
            # a three-letter word by ear (ALY, ALI; LUS, LUZ; WEY, WEI; IRAN AYR, IRAN AIR), too short
            # for the fuzzy keys: only with a vowel (no acronyms: MBZ is not MBS), no particle (WAN is
            # not VAN), nor pinyin's zh, sh and ch, which are other names (ZHU is not SHU)
            sk = sound_key(text)
            written = idx.vid.get(sk) if sk != text else None
            if has_vowel(sk):
                for kv in ((written,) if written is not None else ()) + tuple(idx.sound_keys3.get(sk, ())):
                    word = vstr[kv]
                    if df[kv] > 0 and word != text and len(word) == 3 and "h" not in word \
                            and idx.w[kv] > STOPWORD_WEIGHT and word not in PARTICLES \
                            and sims.get(kv, 0.0) < PHONETIC_SIM:
                        sims[kv] = PHONETIC_SIM
        m_read = m_for_rn(text)  # (r and n set close look like m: SERNNAN, IZHRNASH for SEMNAN, IZHMASH)
        if m_read is not text:
            v = idx.vid.get(m_read)
            if v is not None and df[v] > 0 and sims.get(v, 0.0) < LOOK_ALIKE_SIM:
                sims[v] = LOOK_ALIKE_SIM
    res = _ranked_span(sims, m, s, f)
    if len(cache) >= WORD_CACHE_SIZE:
        cache.clear()
    cache[key] = res
    return res


@cython.cfunc
def _ranked_span(sims: dict, m: str, s: str, f: str) -> Span:
    """The span of list words ``sims`` (vocabulary id -> similarity), most alike first, with the
    text's phonetic keys."""
    ranked: list = sorted(sims.items(), key=itemgetter(1), reverse=True)
    for pair in ranked:
        settled(pair)
    return Span(settled(tuple(ranked)), settled(tuple(sims)), m, s, f)


ABBREVIATED_MAX = 60  # a start written with a dot that begins more list words than this says too little


def abbreviated_span(idx: NameIndex, cache: dict, text: str) -> Span:
    """``span`` of a query word written with a closing dot (TART., FAR., PRIV.: ``NormName.dotted``),
    which is also the start of any list word two letters longer or more (TARTOUS, FARMS, PRIVATE),
    unless that start begins too many list words to say which. Cached per text."""
    key = "." + text
    hit = cache.get(key)
    if hit is not None:
        return hit
    base: Span = span(idx, cache, text, True)
    res = base
    n = len(text)
    df: list = idx.df
    vstr: list = idx.vstr
    vparts: list = idx.vparts
    written: set = idx.written_joins
    found = [v for v in idx.word_pre3.get(text[:3], ())
             if df[v] > 0 and (vparts[v] is None or v in written) and len(vstr[v]) - n >= 2
             and vstr[v].startswith(text)]
    if found and len(found) <= ABBREVIATED_MAX:
        sims: dict = dict(base.exps)
        grown = False
        for v in found:
            if sims.get(v, 0.0) < ABBREV_SIM:
                sims[v] = ABBREV_SIM
                grown = True
        if grown:
            res = _ranked_span(sims, base.meta, base.skel, base.fold)
    if len(cache) >= WORD_CACHE_SIZE:
        cache.clear()
    cache[key] = res
    return res


def french_forms(idx: NameIndex, text: str, sims: dict) -> None:
    """Add the list words a Maghrebi name in French spelling stands for (Houcine, Redouane,
    Soufiane, Marouane for Husayn, Ridwan, Sufyan, Marwan): the consonants and long vowels
    Arabic writes agree (``normalize.arabic_key``, ``arabic_vowel_key``: ou is w or u, a closing
    e silent, ch sh and c s), three consonants and a long vowel at least, the first letter too
    (or both open with a vowel), and the two are not one name's masculine and feminine forms
    (Martin, Martine)."""
    spelt = french_spelling(text)
    k = arabic_key(spelt)
    vk = arabic_vowel_key(spelt)
    if len(k) < 3 or len(vk) == len(k):
        return  # (without a long vowel the key is the consonants alone: Hassane would be Ahsan)
    df: list = idx.df
    vstr: list = idx.vstr
    first = text[0]
    for v in idx.akeys.get(k, ()):
        if df[v] > 0 and sims.get(v, 0.0) < FRENCH_SPELLING_SIM:
            word = vstr[v]
            if ((word[0] == first or (word[0] in "aeiouy" and first in "aeiouy"))
                    and _vowel_key(word) == vk and not gender_pair(text, word)):
                sims[v] = FRENCH_SPELLING_SIM


@lru_cache(maxsize=1 << 16)
def _vowel_key(word: str) -> str:
    """``normalize.arabic_vowel_key`` of a list word, remembered: the same words of a key's
    group are compared again and again."""
    return arabic_vowel_key(word)


_NAME_TABLES = ((NICKNAMES, NICK_SIM), (FULL_NAMES, NICK_SIM), (COGNATES, COGNATE_SIM))


def short_forms(idx: NameIndex, text: str, sims: dict) -> None:
    """Add the list words ``text`` may stand for though spelt unlike them: a given name's
    short form (Dima/Dmitry, Mohd/Muhammad, Alex/Alexander, and back), a Korean family name in
    another romanisation (Park/Pak, Lee/Ri), a particle spelt otherwise (Ben/Bin, El/Al), an
    abbreviated business word (Shpg/Shipping, Intl/International, Tech/Technology; MANAGEM.),
    the word without its vowels (Pnmryv/Ponomaryov)."""
    vid: dict = idx.vid
    df: list = idx.df
    w: list = idx.w
    vstr: list = idx.vstr
    vcanon: list = idx.vcanon
    n: cython.Py_ssize_t = len(text)
    word: str
    sim: cython.double
    # a short form and its full name both ways (Dima, Dmitry), a cognate (Volodymyr, Uladzimir:
    # Vladimir)
    for table, sim in _NAME_TABLES:
        for other in table.get(text, ()):
            v = vid.get(other)
            if v is not None and df[v] > 0 and sims.get(v, 0.0) < sim:
                sims[v] = sim
    others = KOREAN_FAMILY_NAMES.get(text)
    if others is not None:  # (only a listed person's word: PARK is also a company's)
        vperson: bytearray = idx.vperson
        for other in others:
            v = vid.get(other)
            if v is not None and df[v] > 0 and vperson[v] and sims.get(v, 0.0) < ROMANISATION_SIM:
                sims[v] = ROMANISATION_SIM
    p = PARTICLE_SPELLING.get(text)
    if p is not None:  # (bin for ben or ibn, al for el)
        for other in PARTICLE_GROUPS[p]:
            v = vid.get(other)
            if v is not None and other != text and df[v] > 0 and sims.get(v, 0.0) < PARTICLE_SPELLING_SIM:
                sims[v] = PARTICLE_SPELLING_SIM
    if n >= 3 and _vowelless(text):
        dv = devowel(text)
        if dv == collapse_doubles(text):  # written without vowels
            for v in idx.devowels.get(dv, ()):
                if df[v] > 0 and sims.get(v, 0.0) < DEVOWEL_SIM:
                    sims[v] = DEVOWEL_SIM
    if 3 <= n <= 6:  # a given name's start (Alex/Alexander, Vlad/Vladislav)
        ctext: str = None
        for v in idx.given_pre3.get(text[:3], ()):
            word = vstr[v]
            if df[v] > 0 and len(word) - n >= 2 and w[v] >= STOPWORD_WEIGHT:
                if not word.startswith(text):
                    if ctext is None:
                        ctext = canon(text)
                    cw = vcanon[v] or canon(word)  # (the index keeps it for words with a skeleton)
                    if not cw.startswith(ctext):
                        continue
                if sims.get(v, 0.0) < NICK_SIM:
                    sims[v] = NICK_SIM
    if n >= 4:  # a given name's end (Mando/Armando, Reza/Gholamreza, Enzo/Vincenzo)
        for v in idx.given_suf3.get(text[-3:], ()):
            word = vstr[v]
            if df[v] > 0 and len(word) - n >= 2 and word.endswith(text) and sims.get(v, 0.0) < NICK_SIM:
                sims[v] = NICK_SIM
    if 2 <= n <= 6:  # an abbreviated common word (Shpg/Shipping, Tech/Technology)
        if n >= 3:
            for v in idx.abbr_pre3.get(text[:3], ()):
                if df[v] > 0 and sims.get(v, 0.0) < ABBREV_SIM and abbreviates(text, vstr[v]):
                    sims[v] = ABBREV_SIM
        for v in idx.abbr_firstlast.get(text[0] + text[-1], ()):
            if df[v] > 0 and sims.get(v, 0.0) < ABBREV_SIM and abbreviates(text, vstr[v]):
                sims[v] = ABBREV_SIM
    elif n <= 9:  # a longer start of a common word (MANAGEM., INTERNAT.: abbreviated, or cut short)
        for v in idx.abbr_pre3.get(text[:3], ()):
            word = vstr[v]
            if df[v] > 0 and len(word) - n >= 2 and sims.get(v, 0.0) < ABBREV_SIM and word.startswith(text):
                sims[v] = ABBREV_SIM
    for short in CONVENTIONAL_ABBREVIATIONS.get(text, ()):  # (Sanayi: SAN., Comércio: COM.)
        v = vid.get(short)
        if v is not None and df[v] > 0 and sims.get(v, 0.0) < ABBREV_SIM:
            sims[v] = ABBREV_SIM
    if n >= 6 and text in GENERIC_BUSINESS_WORDS_ANY_LANGUAGE:  # the list abbreviates it (Mfg, Bros., Intl, Hnos., F.lli)
        # (a start of four letters or more, a contraction of three only without vowels: MAN,
        # MAG and SER are names of their own, not Manufacturing or Services)
        for k in range(4, min(6, n - 2) + 1):
            v = vid.get(text[:k])
            if v is not None and df[v] > 0 and sims.get(v, 0.0) < ABBREV_SIM:
                sims[v] = ABBREV_SIM
        for v in idx.short_firstlast.get(text[0] + text[-1], ()):
            word = vstr[v]
            if df[v] > 0 and sims.get(v, 0.0) < ABBREV_SIM and (len(word) >= 4 or _vowelless(word)) \
                    and abbreviates(word, text):
                sims[v] = ABBREV_SIM

# "Abd al-" and a sun letter (t, th, d, dh, r, z, s, sh, n; l is the article's own)
_SUN_ARTICLE = re.compile(r"^(a?bd)a?l(?=[tdrzsn])")


def _liquids(t: str) -> str:
    """The l and r of a word in order, a run of one letter kept once."""
    out: list = []
    for ch in t:
        if (ch == "l" or ch == "r") and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def _liquids_agree(lr: str, word: str) -> cython.bint:
    """``word`` has the l and r of ``lr`` (one more or fewer allowed, as for the consonants)."""
    other = _liquids(word)
    if other == lr:
        return True
    if len(other) == len(lr) + 1:
        return lr in deletes(other)
    if len(lr) == len(other) + 1:
        return other in deletes(lr)
    return False


_OPEN_ENDS = frozenset("aeh")  # (a list word said with a closing a or e: Juma, Zadeh, Hamzah, Musa)


def arabic_forms(idx: NameIndex, text: str, sims: dict[int, float], level: int = 2, single: bool = True) -> None:
    """Add list words whose consonants match those of a word read from a script that writes
    them otherwise: the Arabic key (``normalize.arabic_key``) and the coarse consonant key
    (``similarity.ckey``, one consonant more or fewer allowed from four on)."""
    df = idx.df
    # (level: normalize.READ_*; 4: a Hangul word of four syllables or more)
    bare = text[2:] if text.startswith("al") and len(text) > 4 else ""  # the article written onto the word
    words = ((text, bare) if bare else (text,)) if level == 2 else ()
    if level == 2:
        said = _SUN_ARTICLE.sub(r"\1", text)
        if said != text:
            # the article's l is said as the sun letter after it (عبد الرحمن, Abderrahmane,
            # Abdurrahman): the Latin lists write what is said
            words = (*words, said)
    # (a word read to end in a vowel -- a closing alif, ta marbuta or he: حماده, Hamada -- meets
    # list words that end in one by its consonants, not those that end in a consonant: AHMAD)
    open_end = level == 2 and text[-1] == "a"
    keyed = [(t, arabic_key(t)) for t in words]
    for t in words:
        kept = arabic_key_digraph_h(t)
        if kept:
            keyed.append((t, kept))
    for t, k in keyed:
        if len(k) < 2:
            if len(k) == 1:  # one consonant (يحيى, Yahya): the long vowels must agree, three letters at least
                vk = arabic_vowel_key(t)
                if len(vk) >= 3:
                    for v in idx.avkeys.get(vk, ()):
                        if df[v] > 0 and sims.get(v, 0.0) < ARABIC_VOWELS_SIM:
                            sims[v] = ARABIC_VOWELS_SIM
                elif len(vk) == 2 and len(t) <= 3:
                    # ... or a consonant and a long vowel: after an opening ayn, which the reading
                    # drops (علي "ly", Ali), short list words that open with a vowel (Ali, Aly);
                    # else short words with that consonant and vowel (ضيا "zya", Zia, Ziya)
                    for v in idx.avkeys.get(vk, ()):
                        word = idx.vstr[v]
                        if (len(word) <= 4 and (len(t) == 3 or word[0] in "aeiou") and df[v] > 0
                                and sims.get(v, 0.0) < ARABIC_VOWELS_SIM):
                            sims[v] = ARABIC_VOWELS_SIM
            continue
        sim = ARABIC_SIM if len(k) >= 3 else ARABIC_SHORT_SIM
        # (the long vowels agreeing too tell the nearer of two names apart: محمود is Mahmoud
        # more than Muhammad, though both have the consonants m-h-m-d)
        qvk = arabic_vowel_key(t) if len(k) >= 3 else ""
        for v in idx.akeys.get(k, ()):
            if open_end and idx.vstr[v][-1] not in _OPEN_ENDS:
                continue
            s2 = ARABIC_LONG_VOWELS_SIM if qvk and _vowel_key(idx.vstr[v]) == qvk else sim
            if df[v] > 0 and sims.get(v, 0.0) < s2:
                sims[v] = s2
        if len(k) == 2:  # two consonants: the long vowels must agree too
            for v in idx.avkeys.get(arabic_vowel_key(t), ()):
                if df[v] > 0 and sims.get(v, 0.0) < ARABIC_VOWELS_SIM:
                    sims[v] = ARABIC_VOWELS_SIM
    if not single and level < 3:
        return  # (two words joined are compared by the Arabic key only: short keys meet too much)
    if level != 2 and len(text) >= 4:
        # Kana and Hangul have one letter for l and r and write v as b or f: a word equal but
        # for those is the word (ヴァレリー "vareri", Valery)
        for v in idx.lkeys.get(liquid_key(text), ()):
            if df[v] > 0 and sims.get(v, 0.0) < LIQUID_SIM:
                sims[v] = LIQUID_SIM
    for t in (text, bare) if bare else (text,):
        c = ckey(t)
        if len(c) < (4 if level == 3 else 3):
            continue
        exact = CKEY_SIM if len(c) >= 4 else CKEY_SHORT_SIM
        near: list = []
        if len(c) >= 4:
            near.append(idx.ckey_dels.get(c, ()))  # a list word one consonant longer
            if level != 1:
                # ... or one shorter (not for kana: read kana by kana, a word has consonants
                # of more, not fewer -- スヴェトラナ "suvuetorana" met BATTALION -- while a
                # consonant it lacks is common: ウラジーミル, Vladimir)
                for d in deletes(c):
                    if len(d) >= 4:
                        near.append(idx.ckeys.get(d, ()))
        # Arabic and Hebrew write l and r apart, as Latin does: only Katakana and Hangul, which
        # have one letter for both, may read one as the other (فيصل, Faysal, is not Fachry)
        lr = _liquids(t) if level == 2 else None
        for group, sim in ((idx.ckeys.get(c, ()), exact), *((g, CKEY_NEAR_SIM) for g in near)):
            for v in group:
                if open_end and idx.vstr[v][-1] not in _OPEN_ENDS:
                    continue
                if df[v] > 0 and sims.get(v, 0.0) < sim and (lr is None or _liquids_agree(lr, idx.vstr[v])):
                    sims[v] = sim


# -- a legal form's word, abbreviated in the query -------------------------------------------
_VOWELS = frozenset("aeiou")


class LegalAbbreviations:
    """The words of spelt-out legal forms the list knows (``NameIndex.legal_words``) by their
    consonants and by their starts, to read a query word that abbreviates one (``read``)."""

    def __init__(self, words: set) -> None:
        self.size = len(words)
        self.words = sorted(words)
        self.consonants: dict = {}
        self.starts: dict = {}
        self.skeletons: dict = {}
        self.respellings: dict = {}  # query word -> the legal-form word it spells, or None
        for word in self.words:
            self.consonants.setdefault(_consonants(word), []).append(word)
            for k in range(3, len(word)):
                self.starts.setdefault(word[:k], []).append(word)
            key = skel(word)
            if len(key) >= SPELLING_MIN_CONSONANTS:
                self.skeletons.setdefault(key, []).append(word)

    def read(self, idx: NameIndex, tok: str, dotted: bool) -> str | None:
        """The legal-form word that the query word ``tok``, unknown to the list, abbreviates: all
        its consonants (CHRTY, charity; OBSCHSTV, obschestvo), or its start (SOCIED., sociedad;
        ORGANIZ, organization) of five letters or more, or four with a dot. The list holds these
        words inside the legal form rigour reads (a charity as ngo), which no look-up of the word
        as written meets. None when none, or more than one, fits. (Fewer consonants or a shorter
        start read too many words: FDN as federalnoe, INST as institution, RES. as
        responsabilidad.)"""
        n = len(tok)
        if n < 3 or not tok.isalpha():
            return None
        v = idx.vid.get(tok)
        if v is not None and idx.df[v] > 0:
            return None  # (a word the list knows is that word)
        return self._abbreviated(tok, n, dotted)

    def respelt(self, idx: NameIndex, tok: str) -> str | None:
        """The legal-form word that ``tok``, unknown to the list, spells another way: the same
        transliteration-neutral skeleton of four consonants or more (OBSHESTVO and OBSCHESTVO,
        obshchestvo; AKCIONERNOE, aktsionernoe; LIMTADA, limitada; PRIVAT, private); of several,
        the nearest spelling. None when none fits, or several fit equally. (The caller keeps it
        only where rigour then reads a legal form: PRIVET TRADING is no private company.)"""
        memo = self.respellings
        if tok in memo:  # (most such words are a name's own, seen before: the same words come back)
            return memo[tok]
        if len(tok) < 5 or not tok.isalpha():
            return None
        v = idx.vid.get(tok)
        if v is not None and idx.df[v] > 0:
            return None
        found = self.skeletons.get(skel(tok))
        word = None
        if found and len(found) == 1:
            word = found[0]
        elif found:
            # (LIMTADA: limitada and limited; the nearer spelling, if one is nearest)
            ranked = sorted((OSA.distance(tok, w), w) for w in found)
            word = ranked[0][1] if ranked[0][0] < ranked[1][0] else None
        if len(memo) >= WORD_CACHE_SIZE:
            memo.clear()
        memo[tok] = word
        return word

    def _abbreviated(self, tok: str, n: int, dotted: bool) -> str | None:
        if not any(ch in _VOWELS for ch in tok[1:]):
            found = self.consonants.get(tok)
        elif n >= 5 or (dotted and n >= 4):  # (RES. is research as often as responsabilidad)
            found = self.starts.get(tok)
            if found and len(found) > 1:
                found = sorted(found, key=len)  # (ORG: organization, not organizatsiya)
                if len(found[0]) < len(found[1]):
                    return found[0]
        else:
            return None
        return found[0] if found and len(found) == 1 else None


SPELLING_MIN_CONSONANTS = 4  # a legal-form word read from another spelling has this many


def _consonants(word: str) -> str:
    return word[0] + "".join([ch for ch in word[1:] if ch not in _VOWELS])
