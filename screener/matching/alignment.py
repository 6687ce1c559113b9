"""Alignment and scoring: how well a query fits one listed name.

``score`` aligns the query's spans with the name's words, best pairs first (the pairs come
from the query's index by list word, ``query_index``: no comparison of strings here), then
compares the words left over on both sides directly (``pair_sim``: initials, distant
spellings, an initial for a particle and the name after it), and scores

    score = M / (M + D),  M = sum(sim * w) over aligned pairs (w = the lesser of the two
    words' weights), D = sum((1 - sim) * w) over aligned pairs + the costs of the query words
    left over + the costs of the listed words left over,

where what the listed words left over cost, and whether the match is ruled out, follow the
name's structure (``structure.judge``: family and given names, initials, numbers, common words,
legal forms). A match that rests on common words only is capped at COMMON_ONLY_CAP.

``truncation_score`` scores a query that is the start of a name (a field cut short).
"""

from __future__ import annotations

import cython

from screener.matching.caches import PAIR_CACHE_SIZE, EngineCaches
from screener.matching.index import NameIndex
from screener.matching.lexicon import (
    KOREAN_FAMILY_NAMES,
    PARTICLES,
    gender_pair,
    korean_syllables_alike,
    short_form,
)
from screener.matching.lookups import ABBREV_SIM, KOREAN_SYLLABLE_SIM, NICK_SIM, ROMANISATION_SIM, span
from screener.matching.normalize import ROMAN_NUMERALS, written_as_names
from screener.matching.query import DISTINCT_SIM
from screener.matching.records import ONE, THREE
from screener.matching.similarity import (
    INITIAL_SIM,
    MIN_TOKEN_SIM,
    NEAR_PHONETIC_SIM,
    PREFIX_SIM,
    has_vowel,
    sound_key,
    token_similarity,
)
from screener.matching.structure import (
    ALPHA_CONTAINED,
    ALPHA_GENERIC,
    BLOCKED_SCORE,
    EXTRA_PERSON,
    R_GIVEN,
    R_GIVEN1,
    R_NASAB,
    judge,
)
from screener.matching.weights import (
    DISTINCTIVE_WEIGHT,
    GENERIC_BUSINESS_WORDS,
    LEGAL_WEIGHT,
    STOPWORD_WEIGHT,
    weight_cap,
)

if cython.compiled:
    from cython.cimports.screener.matching.records import (
        AlignedPair,
        Alignment,
        IndexedName,
        Query,
        Span,
        aligned_pair,
        bits,
        settled,
    )
else:
    from screener.matching.records import (
        AlignedPair,
        Alignment,
        IndexedName,
        Query,
        Span,
        aligned_pair,
        bits,
        settled,
    )

COMMON_ONLY_CAP = 0.75  # best score of a match that rests on common words only
BETA_TRUNCATED = 0.1  # list words after the cut of a truncated query
TRUNCATION_LONG_CHARS = 15  # a cut-off query this long needs no distinctive word ...
TRUNCATION_LONG_SHARE = 0.6  # ... when it covers this share of the list name


def query_index(q: Query) -> dict[int, list[tuple[int, float]]]:
    """vocabulary id -> [(query span, similarity)]: the query's spans by the list words they may
    be. Built on first use and kept on the query."""
    rec: Span
    qinv = q.qinv
    if qinv is None:
        qinv = {}
        for j, rec in enumerate(q.span_rec):
            for v, sim in rec.exps:
                lst = qinv.get(v)
                if lst is None:
                    qinv[v] = [(j, sim)]
                else:
                    lst.append((j, sim))
        q.qinv = qinv
    return qinv

def _same_words(idx: NameIndex, q: Query, i: int, v: int) -> bool:
    """Query words i and i + 1 are the two listed words the join ``v`` is made of (and no
    particle with its name: al-, bin, van der weigh as one)."""
    parts = idx.vparts[v]
    qtoks: tuple = q.tokens
    return (qtoks[i] == idx.vstr[parts[0]] and qtoks[i + 1] == idx.vstr[parts[1]]
            and qtoks[i] not in PARTICLES)

def _romanised_family(idx: NameIndex, q: Query, i: int, v: int) -> cython.bint:
    """Query word i and list word v are one Korean family name in two romanisations."""
    return idx.vstr[v] in KOREAN_FAMILY_NAMES.get(q.tokens[i], ())


def _written_as_a_name(q: Query, i: cython.Py_ssize_t, rec: IndexedName, s: cython.Py_ssize_t,
                       e: cython.Py_ssize_t) -> cython.bint:
    """Query word i, written as a name is in a name that mixes cases ("Hua", "Kami": a capital
    and small letters), against an acronym the index made of the listed words s..e (not a run
    of the listed name's own initials, A.B.C.): "DAS, Hua" is a person, not HUA (HARAKAT
    UL-ANSAR); "HUA" or "hua" may still be the acronym."""
    ntoks: tuple = rec.norm.tokens
    k: cython.Py_ssize_t
    for k in range(s, e):
        if len(ntoks[k]) < 2:
            return False
    return q.tokens[i] in written_as_names(q.norm.raw)


@cython.cfunc
def _short_by_ear(a: str, b: str) -> cython.bint:
    """Two short words of a company's name (three or four letters, too short for the look-ups'
    fuzzy keys) that are one word written by ear, y for i, v for w, z for s ... (RAV MATERIALS,
    AYR CONDITIONING, BYG GAME: ``similarity.sound_key``), with a vowel: not two acronyms (MBZ
    is not MBS)."""
    ka = sound_key(a)
    return ka == sound_key(b) and has_vowel(ka)


@cython.ccall
def pair_sim(idx: NameIndex, caches: EngineCaches, q: Query, i: cython.Py_ssize_t, rec: IndexedName,
             j: cython.Py_ssize_t) -> cython.double:
    """How alike query word i and listed word j are, compared directly. Cached per pair."""
    pairs: dict = caches.pairs
    sp: Span
    a = q.tokens[i]
    b = rec.norm.tokens[j]
    given = rec.person and rec.roles[j] in (R_GIVEN1, R_GIVEN, R_NASAB)
    # (what the comparison depends on besides the words: a given name, a company's word, a
    # query word written with a dot)
    kind: cython.int = 1 if given else 0 if rec.person else 2
    dotted: frozenset = q.norm.dotted
    if dotted and a in dotted:
        kind += 4
    key = (a, b, kind)
    s = pairs.get(key)
    if s is None:
        v = rec.vids[j]
        if a == b:
            s = 1.0
        elif q.norm.legal[i] or rec.norm.legal[j]:
            s = 0.0
        elif (len(a) == 1 or len(b) == 1) and (idx.w[v] <= STOPWORD_WEIGHT or not rec.person and len(b) == 1):
            s = 0.0  # an initial stands for a name or a company's word, not for "al" or "of"
        else:
            if len(a) > 1:
                sp = span(idx, caches.spans, a, True)
                ma, sa, fa = sp.meta, sp.skel, sp.fold
            else:
                ma = sa = fa = ""
            s = token_similarity(a, b, ma, idx.vmeta[v], sa, idx.vskel[v], fa, idx.vfold[v], "", idx.vcanon[v],
                                 2 if idx.vgiven[v] else idx.vperson[v])
            if given and s < NICK_SIM and len(a) > 1 and short_form(a, b):
                s = NICK_SIM  # a short form of the given name (Dima/Dmitry)
            if kind & 2 and s < NEAR_PHONETIC_SIM and 3 <= len(a) <= 4 and 3 <= len(b) <= 4 and _short_by_ear(a, b):
                s = NEAR_PHONETIC_SIM
            if kind & 4 and s < ABBREV_SIM and len(b) - len(a) >= 2 and b.startswith(a):
                # a word cut short with its dot, against a listed word it starts: the look-ups
                # pair only starts that begin few list words ("PRO." begins 69), a candidate's
                # own words are compared here whatever their number ("PRO. CITADEL" for
                # PROMOCIONES CITADEL)
                s = ABBREV_SIM
        if len(pairs) >= PAIR_CACHE_SIZE:
            pairs.clear()
        pairs[settled(key)] = s
    if s < KOREAN_SYLLABLE_SIM and i > 0 and j > 0 and rec.person and rec.norm.tokens[0] in KOREAN_FAMILY_NAMES \
            and korean_syllables_alike(a, b):
        # given names' syllables (after each name's first word, its family name in a Korean
        # name) in two romanisations; not cached: it depends on the name, a Korean one
        s = KOREAN_SYLLABLE_SIM
    return s

def score(idx: NameIndex, caches: EngineCaches, q: Query, rec: IndexedName, floor: float = 0.0,
          explain: bool = False) -> tuple[float, Alignment | None]:
    """Align the query's words with the name's and score the alignment.

    score = M / (M + D) with M = sum(sim * w) over aligned pairs (w = the lesser of the two
    words' weights) and D = sum((1 - sim) * w) over aligned pairs + the costs of unaligned
    query words + beta * the weights of unaligned list words (beta by the word's role).
    Pairs that could only matter if the name can still reach ``floor`` are not tried.
    Returns (score, the alignment) -- ``explain.details`` explains it, for names that hit (the
    alignment is None for a name that cannot reach ``floor``).
    """
    w: list = idx.w
    vparts: list = idx.vparts
    vids: tuple = rec.vids
    qinv: dict = q.qinv
    if qinv is None:
        qinv = query_index(q)
    span_w: list = q.span_w
    span_wmax: list = q.span_wmax
    span_mask: list = q.span_mask
    q_start: list = q.span_start
    qlegal: tuple = q.norm.legal
    pairs: list = []
    h: list
    wv1: cython.double
    wn: cython.double
    sw: cython.double
    wv: cython.double
    x: cython.double
    sim: cython.double
    m: cython.double
    d: cython.double
    dq: cython.double
    dn: cython.double
    total: cython.double
    score: cython.double
    x_max: cython.double
    rsim: cython.double = ROMANISATION_SIM  # (read once: a module's global is an object)
    ksim: cython.double = KOREAN_SYLLABLE_SIM
    for v, s, e in rec.spans:
        h = qinv.get(v)
        if h is None:
            continue
        wv1 = w[v]
        # (a join weighs what its two words weigh; a run of initials, "A.B.C.", its own)
        wn = wv1 if e - s == 1 or vparts[v] is None else w[vids[s]] + w[vids[s + 1]]
        nb = bits(s, e)
        for j, sim in h:
            if e - s > 1 and qlegal[q_start[j]]:
                continue  # a legal form is no acronym of the name's words (S.L., Smart Logistics)
            if e - s > 1 and vparts[v] is None and q.span_end[j] - q_start[j] == 1 and q.norm.raw \
                    and _written_as_a_name(q, q_start[j], rec, s, e):
                continue  # a word written as a name is no acronym of the name's words ("DAS, Hua")
            if e - s == 2 and vparts[v] is not None and q.span_end[j] - q_start[j] == 2 and _same_words(
                    idx, q, q_start[j], v):
                continue  # two words written apart on both sides: aligned one by one, so that a
                # word the name holds twice meets the first (GOMEZ, Viviana: GOMEZ GOMEZ, Viviana)
            if sim == rsim and s > 0 and e - s == 1 and rec.person \
                    and q.span_end[j] - q_start[j] == 1 and _romanised_family(idx, q, q_start[j], v):
                # a Korean family name in another romanisation is that family name only where the
                # name holds it first, as the lists write Korean names ("JANG, Song Chol", "JANG
                # SONG CHOL"): elsewhere it is a given name's syllable, and the spellings compare
                # as they are (JANG is no CHOE, Chang Pong; Min-jun no MIN Byong Chun)
                sim = pair_sim(idx, caches, q, q_start[j], rec, s)
                if sim < MIN_TOKEN_SIM:
                    continue  # (as a span's look-ups keep no pair below it)
            elif sim == ksim and e - s == 1 and q.span_end[j] - q_start[j] == 1:
                # a Korean syllable read the lists' way: only in a Korean name's given names
                # (pair_sim says so); elsewhere the spellings compare as they are
                sim = pair_sim(idx, caches, q, q_start[j], rec, s)
                if sim < MIN_TOKEN_SIM:
                    continue
            sw = span_w[j]
            wv = wn if wn < sw else sw
            x = sim * wv
            dist = sim >= DISTINCT_SIM and wv1 >= DISTINCTIVE_WEIGHT and span_wmax[j] >= DISTINCTIVE_WEIGHT
            # a join: prefer the separate words when they align just as well; a word the name
            # holds twice: the first (GOMEZ GOMEZ, Viviana: the family name's head)
            pairs.append((x if e - s == 1 else x * 0.999, sim, j, -s, nb, wv, s, e, dist))
    pairs.sort(reverse=True)
    qmask = nmask = 0
    m = d = 0.0
    distinctive = False
    company_initial: cython.bint = False  # (a query initial met a company's word: "S CHERAGHI INDUSTRIES")
    aligned: list = []  # list[AlignedPair]
    for _x, sim, j, _first, nb, wv, s, e, dist in pairs:
        qb = span_mask[j]
        if qmask & qb or nmask & nb:
            continue
        qmask |= qb
        nmask |= nb
        m += sim * wv
        d += (1.0 - sim) * wv
        if dist:
            distinctive = True
        aligned.append(aligned_pair(j, s, e, sim, wv))
    qtoks: tuple = q.tokens
    nq = len(qtoks)
    nn = len(vids)
    uq: list = [i for i in range(nq) if not (qmask >> i) & 1]
    un: list = [j for j in range(nn) if not (nmask >> j) & 1]
    eff: list = q.eff
    if uq and un and len(uq) * len(un) <= 64:
        # Words the index did not pair (initials, distant spellings): compare directly,
        # when pairing them could still lift the name over the floor.
        x_max = 0.0
        for j in un:
            x_max += w[vids[j]]
        if m + x_max >= floor * (m + x_max + d):
            extra = []
            for i in uq:
                for j in un:
                    sim = pair_sim(idx, caches, q, i, rec, j)
                    if sim > 0.0:
                        wv = w[vids[j]]
                        if len(qtoks[i]) > 1 and eff[i] < wv:
                            wv = eff[i]
                        extra.append((sim * wv, sim, i, j, wv))
            if rec.person:
                # An initial may stand for a particle and the name after it ("A." for
                # "al-Khaliq", "B." for "bin Laden").
                ntoks = rec.norm.tokens
                for i in uq:
                    if len(qtoks[i]) != 1:
                        continue
                    for j in un:
                        if (j + 1 < nn and ntoks[j][0] == qtoks[i] and w[vids[j]] <= STOPWORD_WEIGHT
                                and not (nmask >> (j + 1)) & 1 and len(ntoks[j + 1]) > 1):
                            wv = w[vids[j]] + w[vids[j + 1]]
                            extra.append((INITIAL_SIM * wv, INITIAL_SIM, i, -j - 1, wv))
            else:
                # Two letters may stand for two of a company's words side by side, where those
                # words stand ("KK SHIPPING CO" for KALAN KISH SHIPPING CO, "FO OCTOBER ..." for
                # FIRST OF OCTOBER ...): initials, held to what one initial may carry
                ntoks = rec.norm.tokens
                nlegal: tuple = rec.norm.legal
                for i in uq:
                    t = qtoks[i]
                    if len(t) != 2 or not t.isalpha() or q.norm.legal[i]:
                        continue
                    for j in un:
                        if (j + 1 < nn and not (nmask >> (j + 1)) & 1 and ntoks[j][0] == t[0]
                                and ntoks[j + 1][0] == t[1] and len(ntoks[j]) > 1 and len(ntoks[j + 1]) > 1
                                and not nlegal[j] and not nlegal[j + 1]):
                            wv = w[vids[j]] + w[vids[j + 1]]
                            extra.append((INITIAL_SIM * wv, INITIAL_SIM, i, -j - 1, wv))
            if extra:
                extra.sort(reverse=True)
                for x, sim, i, j, wv in extra:
                    je = j + 1
                    if j < 0:  # particle + name; a company's two words
                        j = -j - 1
                        je = j + 2
                        nb = THREE << j
                    else:
                        nb = ONE << j
                    if (qmask >> i) & 1 or nmask & nb:
                        continue
                    initials: cython.bint = not rec.person and (len(qtoks[i]) == 1 and len(rec.norm.tokens[j]) > 1
                                                                or je - j == 2)
                    if initials and not _in_order(aligned, q.span_start, i, j):
                        continue  # (an initial for a company's word stands where that word stands)
                    qmask |= ONE << i
                    nmask |= nb
                    m += x
                    d += (1.0 - sim) * wv
                    if (sim >= DISTINCT_SIM and wv >= DISTINCTIVE_WEIGHT and len(qtoks[i]) > 1
                            and len(rec.norm.tokens[j]) > 1):
                        distinctive = True
                    elif initials:
                        company_initial = True
                    aligned.append(aligned_pair(-1 - i, j, je, sim, wv))
                uq = [i for i in range(nq) if not (qmask >> i) & 1]
                un = [j for j in range(nn) if not (nmask >> j) & 1]
    # What the words left over cost, by their role in the listed name, and whether its
    # structure rules the match out (structure.py). First, without reading the structure:
    # if even the least the query's leftover words can cost keeps the name under the
    # floor, it is not worth reading.
    dq = 0.0
    for i in uq:
        dq += eff[i] * ALPHA_GENERIC if qtoks[i] in GENERIC_BUSINESS_WORDS else eff[i]
    if rec.person and q.slack < 1.0:
        dq *= EXTRA_PERSON
    betas: tuple = rec.betas  # (the least each listed word can cost: index.name_betas)
    dn = 0.0
    whole: cython.bint = not rec.person and dq > 0.0
    legal_n: tuple = rec.norm.legal
    for j in un:
        dn += betas[j] * w[vids[j]]
        if whole and not legal_n[j] and w[vids[j]] > STOPWORD_WEIGHT:
            whole = False
    if whole:
        # the query may hold the whole listed name (structure.ALPHA_CONTAINED): its own words
        # may cost that little
        dq *= ALPHA_CONTAINED
    if not explain and m < floor * (m + d + dq + dn):
        return (m / (m + d + dq + dn) if m > 0.0 else 0.0), None
    lsim: list = [0.0] * nn
    lq: list = [-1] * nn
    ql: list = [-1] * nq
    qsim: list = [0.0] * nq
    span_start: list = q.span_start
    span_end: list = q.span_end
    ap: AlignedPair
    for ap in aligned:
        j = ap.span
        s = ap.start
        e = ap.end
        sim = ap.sim
        if j >= 0:
            qs = span_start[j]
            qe = span_end[j]
        else:
            qs = -1 - j
            qe = qs + 1
        for k in range(s, e):
            lsim[k] = sim
            lq[k] = qs
        for k in range(qs, qe):
            ql[k] = s
            qsim[k] = sim
    df: list = idx.df
    verdict = judge(rec.roles, rec.norm.tokens, vids, w, df, idx.vid, idx.vgiven, lsim, lq, qtoks,
                    q.norm.legal, q.norm.title, q.norm.arabic, eff, ql, qsim, q.norm.family_end or 0, rec.person,
                    DISTINCTIVE_WEIGHT, explain)
    dq = verdict.dq
    dn = verdict.dn
    total = m + d + dq + dn
    score = m / total if total > 0 else 0.0
    legal_q = q.norm.legal
    title_q = q.norm.title
    capped = False
    # (a company's leftover articles count as its legal forms do: THE NUCLEAR REACTORS FUEL
    # COMPANY is met in full by "N.R.F. Company", LA EMPRESA CUBANA DE FLETES by "E.C.F.")
    # (an initial for a company's word needs a distinctive word beside it: "B CONSULTING GROUP"
    # is no BARAKAT CONSULTING GROUP, though it covers every word)
    if not distinctive and score > COMMON_ONLY_CAP and (company_initial or not (
            all(legal_q[i] or title_q[i] or qtoks[i] in GENERIC_BUSINESS_WORDS for i in uq)
            and all(legal_n[j] or (not rec.person and w[vids[j]] <= STOPWORD_WEIGHT) for j in un))):
        score = COMMON_ONLY_CAP
        capped = True
    if verdict.blocked and score > BLOCKED_SCORE:
        score = BLOCKED_SCORE
    return score, Alignment(aligned, uq, un, capped, verdict, lsim, lq, ql, qsim)


@cython.cfunc
def _in_order(aligned: list, span_start: list, i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.bint:
    """Query word ``i`` and listed word ``j`` keep the order of the pairs aligned so far: each
    query word before ``i`` met a listed word before ``j``, each after it one after."""
    ap: AlignedPair
    qs: cython.Py_ssize_t
    for ap in aligned:
        qs = span_start[ap.span] if ap.span >= 0 else -1 - ap.span
        if (qs < i) != (ap.start < j):
            return False
    return True


def plain_weight(idx: NameIndex, t: str) -> float:
    """A listed word's weight as written (truncated fields compare the name as written)."""
    v = idx.vid.get(t)
    if v is not None and idx.df[v] > 0:
        return idx.w[v]
    if len(t) <= 4 or idx.is_legal_word(t):
        return LEGAL_WEIGHT
    return min(idx.unknown_weight(), weight_cap(t))

def truncation_score(idx: NameIndex, qtoks: tuple[str, ...], qkey: str, rec: IndexedName) -> tuple[float, int, bool]:
    """The query is the start of this name (a field cut short): words after the cut count
    little, a cut-off last word counts as a near match. Returns (score, how many of the name's
    words the query covers, the score was capped: common words only)."""
    nt = rec.plain
    k = len(qtoks)
    if k == 0 or k > len(nt):
        return 0.0, 0, False
    if qtoks[k - 1] != nt[k - 1] and gender_pair(qtoks[k - 1], nt[k - 1]):
        return 0.0, 0, False  # "Gabriel" is not "Gabriela" cut short
    if qtoks[k - 1] != nt[k - 1] and (qtoks[k - 1][:1].isdigit() or qtoks[k - 1] in ROMAN_NUMERALS):
        return 0.0, 0, False  # a number is not cut short: WATTLE STAR II is not WATTLE STAR III
    if qtoks[k - 1] != nt[k - 1] and len(qtoks[k - 1]) < 3:
        k -= 1  # one or two letters of the cut-off word tell nothing: count it as cut
        if k == 0:
            return 0.0, 0, False
    m = d = 0.0
    distinctive = False
    for j in range(k):
        wv = plain_weight(idx, nt[j])
        sim = 1.0 if qtoks[j] == nt[j] else PREFIX_SIM
        m += sim * wv
        d += (1.0 - sim) * wv
        if wv >= DISTINCTIVE_WEIGHT and (sim == 1.0 or len(qtoks[j]) >= 4):
            distinctive = True
    rest = 0.0
    for j in range(k, len(nt)):
        rest += plain_weight(idx, nt[j])
    d += BETA_TRUNCATED * rest
    score = m / (m + d) if m > 0 else 0.0
    long_enough = len(qkey) >= TRUNCATION_LONG_CHARS and len(qkey) >= TRUNCATION_LONG_SHARE * len(
        rec.plain_key)
    capped = False
    if not distinctive and not long_enough and score > COMMON_ONLY_CAP:
        score = COMMON_ONLY_CAP
        capped = True
    return score, k, capped
