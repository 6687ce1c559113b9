"""Query preparation: each query word's weight, what it may be on the list and what it can add.

``prepare`` turns a normalised name into a ``records.Query``: per word a ``records.Token``
(``token``: its weight, its cost when left unaligned, its ``records.Span`` from ``lookups.span``,
the most it can add to an alignment and the pairs that would make a match distinctive),
then the joins of two adjacent words, runs of Han/Hangul syllables and other spellings the list
knows, as further spans. It returns None when too much of the query is unknown to the list for
any name to reach the floor: most names on no list end here.
"""

from __future__ import annotations

import cython

from screener.matching.caches import WORD_CACHE_SIZE, EngineCaches
from screener.matching.index import NameIndex
from screener.matching.lookups import EMPTY_SPAN, abbreviated_span, span
from screener.matching.normalize import (
    LEGAL_FORMS,
    READ_ARABIC,
    READ_FOREIGN,
    NormName,
    _falses,
    arabic_key,
    baltic_stem,
    cyrillic_respellings,
    is_patronymic,
)
from screener.matching.records import ONE
from screener.matching.structure import (
    ALPHA_CONTAINED,
    ALPHA_GENERIC,
    CONTAINED_MIN_SIM,
    CONTAINED_MIN_WEIGHT,
    EXTRA_PERSON,
)
from screener.matching.weights import DISTINCTIVE_WEIGHT, GENERIC_BUSINESS_WORDS, LEGAL_WEIGHT, weight_cap

if cython.compiled:
    from cython.cimports.screener.matching.records import Query, Span, Token, bits, settled
else:
    from screener.matching.records import Query, Span, Token, bits, settled

ALPHA_SYLLABLE = 0.5  # an unaligned syllable of a Han/Kana/Hangul word counts this much of a word
ALPHA_PATRONYMIC = 0.35  # a patronymic the list does not carry
INITIAL_WEIGHT = 0.6  # an unaligned initial (one-letter word) in the query
SHORT_UNKNOWN_WEIGHT = 1.0  # an unknown two-letter word in the query
THREE_LETTER_UNKNOWN_WEIGHT = 4.0
ALPHA_UNREAD = 0.5  # a word read from Arabic, Hebrew, Kana, Hangul ... that no list word meets
TITLE_WEIGHT = 0.4  # a title or name suffix in the query ("Mr", "Sheikh", "Jr.") weighs like a legal form ...
TITLE_COST = 0.25  # ... and costs a quarter of that when the listed name does not have it
DISTINCT_SIM = 0.8  # a pair this alike, of two distinctive words, makes a match distinctive


def query_weight(idx: NameIndex, t: str, legal: bool, syllabic: bool, title: bool = False) -> tuple[float, float]:
    """(weight of the word, its cost when left unaligned)."""
    if legal:
        return LEGAL_WEIGHT, LEGAL_WEIGHT
    if title:
        return TITLE_WEIGHT, TITLE_WEIGHT * TITLE_COST
    n = len(t)
    if n == 1:
        return INITIAL_WEIGHT, INITIAL_WEIGHT
    v = idx.vid.get(t)
    if v is not None and idx.df[v] > 0:
        x = idx.w[v]
    elif n == 2:
        x = SHORT_UNKNOWN_WEIGHT
    elif n == 3:
        x = min(THREE_LETTER_UNKNOWN_WEIGHT, weight_cap(t))
    elif idx.is_legal_word(t):
        x = LEGAL_WEIGHT
    else:
        x = min(idx.unknown_weight(), weight_cap(t))
    if syllabic:
        return x, x * ALPHA_SYLLABLE
    if is_patronymic(t):
        return x, x * ALPHA_PATRONYMIC
    return x, x

def token(idx: NameIndex, caches: EngineCaches, t: str, legal: bool, syllabic: bool, arabic: int,
          title: bool = False, dotted: bool = False) -> Token:
    """One query word with its flags: its weight, cost, span and reach. Cached. ``dotted``: the
    word was written with a closing dot, as an abbreviation (``lookups.abbreviated_span``)."""
    tcache: dict = caches.tokens
    # (most words carry no flag: they are cached under the word alone)
    key = (t, legal, syllabic, arabic, title, dotted) if legal or syllabic or arabic or title or dotted else t
    hit = tcache.get(key)
    if hit is not None:
        return hit
    wq, eff = query_weight(idx, t, legal, syllabic, title)
    sp: Span
    if len(t) < 2 or syllabic and arabic == READ_FOREIGN:
        # (a syllable of a foreign name in Chinese characters is a sound, not a word: the name's
        # parts are met by their readings, normalize.han_foreign_readings)
        sp = EMPTY_SPAN
    elif dotted:
        sp = abbreviated_span(idx, caches.spans, t)
    else:
        sp = span(idx, caches.spans, t, True, 0 if syllabic else arabic)
    if legal and sp.exps:
        # a legal form pairs with a legal form, the same word or the word it abbreviates (CIA.,
        # COMPANIA): not with a company's word spelt like it (the query's S.A.R.L., read llc,
        # is not the ILC of "GRUPO ILC"), nor with the initials of company words (S.L. is no "Smart Logistics")
        n = len(t) + 1
        vstr: list = idx.vstr
        vparts: list = idx.vparts
        kept = tuple([p for p in sp.exps if vstr[p[0]] == t or idx.is_legal_word(vstr[p[0]])
                      or (len(vstr[p[0]]) > n and vparts[p[0]] is None)])
        if len(kept) != len(sp.exps):
            sp = Span(kept, tuple([p[0] for p in kept]), sp.meta, sp.skel, sp.fold)
    if syllabic and arabic == READ_FOREIGN:
        eff = wq  # (a part of the name met by no reading is a word missing, whatever its script)
    elif arabic and not sp.exps:
        eff *= ALPHA_UNREAD  # (a word read back from another script that meets nothing: lossy)
    contrib, rare = span_reach(idx, sp, wq, wq)
    res = Token(wq, eff, sp, contrib, rare)
    if len(tcache) >= WORD_CACHE_SIZE:
        tcache.clear()
    tcache[key] = res
    return res

def span_reach(idx: NameIndex, sp: Span, sw: cython.double, swmax: cython.double) -> tuple[float, tuple[tuple[int, float], ...]]:
    """Most a span can add to an alignment, and its would-be distinctive pairs."""
    w: list = idx.w
    vparts: list = idx.vparts
    best: cython.double = 0.0
    wv: cython.double
    x: cython.double
    sim: cython.double
    rare: list = []
    for v, sim in sp.exps:
        parts = vparts[v]
        wv = w[v] if parts is None else w[parts[0]] + w[parts[1]]
        x = sim * (wv if wv < sw else sw)
        if x > best:
            best = x
        if sim >= DISTINCT_SIM and swmax >= DISTINCTIVE_WEIGHT and w[v] >= DISTINCTIVE_WEIGHT:
            rare.append(settled((v, x)))
    return best, settled(tuple(rare))


@cython.ccall
def may_reach(reach: cython.double, lost: cython.double, floor: cython.double) -> cython.bint:
    """Whether a query whose words can add ``reach`` at most, and whose words no list word
    meets cost ``lost``, may still score ``floor`` against some name. Those words cost less when
    the query may hold a listed company's whole name (structure.ALPHA_CONTAINED): only a query
    whose other words can weigh that much may."""
    if reach <= 0.0:
        return False
    if reach >= CONTAINED_MIN_WEIGHT:
        lost *= ALPHA_CONTAINED
    return reach >= floor * (reach + lost)


def _close_reach(idx: NameIndex, tk: list, extra: list, legal: tuple, n: cython.Py_ssize_t) -> float:
    """What the query's words can add when each meets a word of a listed company's name at
    CONTAINED_MIN_SIM or better, one of them distinctive (else 0): the most a query that holds a
    listed company's whole name can add (structure.ALPHA_CONTAINED)."""
    w: list = idx.w
    company: bytearray = idx.vcompany
    vparts: list = idx.vparts
    best: list = [0.0] * n
    distinctive: cython.bint = False
    i: cython.Py_ssize_t
    sim: cython.double
    wv: cython.double
    x: Token
    sp: Span
    for i in range(n):
        if legal[i]:
            continue
        x = tk[i]
        sp = x.span
        for v, sim in sp.exps:
            if sim < CONTAINED_MIN_SIM or not company[v]:
                continue
            parts = vparts[v]
            wv = w[v] if parts is None else w[parts[0]] + w[parts[1]]
            if wv >= DISTINCTIVE_WEIGHT:
                distinctive = True
            wv = sim * (wv if wv < x.weight else x.weight)
            if wv > best[i]:
                best[i] = wv
    for _text, s, _e, rec, sw, _swmax, _r in extra:
        sp = rec
        for v, sim in sp.exps:
            if sim < CONTAINED_MIN_SIM or not company[v]:
                continue
            parts = vparts[v]
            wv = w[v] if parts is None else w[parts[0]] + w[parts[1]]
            if wv >= DISTINCTIVE_WEIGHT or (parts is not None and (w[parts[0]] >= DISTINCTIVE_WEIGHT
                                                                   or w[parts[1]] >= DISTINCTIVE_WEIGHT)):
                distinctive = True
            wv = sim * (wv if wv < sw else sw)
            if wv > best[s]:
                best[s] = wv
    return sum(best) if distinctive else 0.0


def _foreign_hangul(toks, s: int, e: int) -> bool:
    """Hangul syllables ``toks[s:e]`` (one word) write a foreign name (see ``prepare``)."""
    return e - s >= 4 or (e - s == 3 and any(toks[k].endswith("eu") for k in range(s, e)))


# -- query preparation --------------------------------------------------------------------
def prepare(idx: NameIndex, caches: EngineCaches, norm: NormName, floor: float = 0.0) -> Query | None:
    """The query's words, joins and other spellings with what each may align with; None
    when too much of the query is unknown to the list for any name to reach ``floor``."""
    toks: tuple = norm.tokens
    n: cython.Py_ssize_t = len(toks)
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    s: cython.Py_ssize_t
    e: cython.Py_ssize_t
    legal: tuple = norm.legal
    syl: tuple = norm.syllabic
    arab: tuple = norm.arabic or _falses(n)
    title: tuple = norm.title
    tcache: dict = caches.tokens
    dotted: frozenset = norm.dotted
    x: Token
    tk: list = []
    for i in range(n):
        t = toks[i]
        if legal[i] or syl[i] or arab[i] or title[i]:
            x = token(idx, caches, t, legal[i], syl[i], arab[i], title[i])
        elif dotted and t in dotted:  # (three letters or more: normalize._dotted_words)
            x = token(idx, caches, t, False, False, False, False, True)
        else:
            x = tcache.get(t)
            if x is None:
                x = token(idx, caches, t, False, False, False)
        tk.append(x)
    xs: Span
    rec: Span
    sw: cython.double
    swmax: cython.double
    xw: cython.double
    reach: cython.double
    lost: cython.double
    eff: list = []
    contrib: list = []
    for x in tk:
        eff.append(x.eff)
        contrib.append(x.contrib)
    if norm.alts:
        # A word whose other reading is a legal-form word ("Стоцк" read as "stock") costs
        # what a legal form costs when left unaligned.
        for text, s, e in norm.alts:
            if text in LEGAL_FORMS or idx.is_legal_word(text):
                for k in range(s, e):
                    eff[k] = min(eff[k], LEGAL_WEIGHT)
    # Joins of adjacent words, syllable runs and other spellings that the list knows.
    extra: list = []
    cand_extra: list = []
    scache: dict = caches.spans
    dels: dict = idx.dels
    for i in range(n - 1):
        if not legal[i] and not legal[i + 1] and len(toks[i]) > 1 and len(toks[i + 1]) > 1:
            text = toks[i] + toks[i + 1]
            cons = 0 if syl[i] else arab[i]
            if cons == READ_ARABIC and arabic_key(text) in (arabic_key(toks[i]), arabic_key(toks[i + 1])):
                # (one of the two words adds no consonant to the join's: ایوب بشیر, "aywb bshyr",
                # joins to the consonants of bshyr alone, which are PISHRO's; read as written only)
                cons = 0
            if text in dels or cons:  # (a join the list has neither as it is nor one letter longer: nothing)
                cand_extra.append((text, i, i + 2, cons))
    # a run of initials is also one word, in a company's name -- one with a legal form or a
    # generic business word ("F.C. GROUP, S.A." for FEDERAL CAPITAL GROUP, "A.E.E.G. MANAGEMENT")
    # -- or when the name is nothing else ("E.D.D."); a person's initials stay initials of given
    # names ("J.K. CHUOL")
    company = True in legal or any(t in GENERIC_BUSINESS_WORDS for t in toks)
    i = n if not (company or all(len(t) == 1 for t in toks)) else 0
    while i < n:
        k = i
        while k < n and len(toks[k]) == 1 and toks[k].isalpha() and not legal[k]:
            k += 1
        if k - i >= 2:
            cand_extra.append(("".join(toks[i:k]), i, k, 0))
        i = k + 1 if k == i else k
    if any(syl):  # Han/Hangul syllables: words of up to four syllables
        for i in range(n):
            if syl[i]:
                for k in (3, 4):
                    if i + k <= n and all(syl[i:i + k]) and not any(legal[i:i + k]):
                        cand_extra.append(("".join(toks[i:i + k]), i, i + k, 0))
    if norm.alts:
        # A Hangul word of four syllables or more is a foreign name, and so is one of three with
        # a syllable Korean names do not use: 르 leu, 프 peu, 크 keu ..., the vowel Hangul adds
        # after a lone consonant (아르템, Artem). Beside one, a word of two or three syllables is
        # a foreign given name too (발레리 볼로토프, Valery Bolotov; 무사, Musa): Korean names
        # are written as one word, or with a space after the one-syllable family name.
        foreign_name = False
        for _text, s, e in norm.alts:
            if arab[s] == 3 and _foreign_hangul(toks, s, e):
                foreign_name = True
                break
        for text, s, e in norm.alts:
            cons = arab[s]
            if cons == 3:
                if _foreign_hangul(toks, s, e) or (foreign_name and e - s >= 2):
                    cons = READ_FOREIGN
                elif e - s == 2:
                    continue  # (a two-syllable Korean word: its syllables are matched)
                else:
                    # (a Korean syllable, or word of three, is looked up as written, not by
                    # consonants: 최성일, Choe Song Il, has the consonants of SENEGAL)
                    cons = 0
            cand_extra.append((text, s, e, cons))
    for i in range(n):
        t = toks[i]
        if len(t) < 4 or legal[i] or syl[i] or arab[i] or title[i] or not t.isascii():
            continue
        exps = tk[i].span.exps
        # a word the list meets nothing for, with a Baltic nominative ending: its stem is looked
        # up as another spelling, alike words too (Sergejs: sergej, SERGEY). (A stem the list
        # holds as a person's word was read in its place already: joined.split_word.)
        if not exps and len(t) >= 6 and t[-1] == "s":
            stem = baltic_stem(t)
            if stem:
                cand_extra.append((stem, i, i + 1, 0))
        # ... or a Russian name as German, Polish, Dutch or Hungarian spelling writes it: each
        # reading is looked up, alike words too (Poetin: putin; Vlagyimir: vladimir); for a word
        # the list holds only as look-alikes, a reading the list holds as written (Arkadij meets
        # ARKADIY but not ARKADY, which its reading arkadiy does; Abdurachmanow meets ABDURAKHMAN)
        if not exps or exps[0][1] < 1.0:
            for text in cyrillic_respellings(t):
                if not exps or text in idx.vid:
                    cand_extra.append((text, i, i + 1, 0))
    alignable = 0
    for i in range(n):
        x = tk[i]
        if x.span.exps:
            alignable |= ONE << i
    for text, s, e, cons in cand_extra:
        # (a foreign name's Hangul syllables read as one word are one word: fuzzy look-ups too)
        rec = span(idx, scache, text, e - s == 1 or cons == READ_FOREIGN, cons)
        if not rec.exps:
            continue
        x = tk[s]
        sw = swmax = x.weight
        if e - s > 1:
            for x in tk[s + 1:e]:
                xw = x.weight
                sw += xw
                if xw > swmax:
                    swmax = xw
            if syl[s]:
                swmax = sw  # (a word spelt in syllables weighs what its syllables weigh together)
        c, r = span_reach(idx, rec, sw, swmax)
        extra.append((text, s, e, rec, sw, swmax, r))
        alignable |= bits(s, e)
        if c > contrib[s]:
            contrib[s] = c
    reach = lost = 0.0
    for i in range(n):
        if not legal[i]:
            if (alignable >> i) & 1:
                reach += contrib[i]
            elif len(toks[i]) > 1 and not title[i]:  # (a title the list lacks is set aside)
                lost += eff[i]
    # A person's added middle names or second surname cost less once the listed name's key
    # parts are met (structure.EXTRA_PERSON): a query of three or more name words may have
    # some, and the early exit counts them at that, or it would cut names the score lets
    # through: a patronymic spelt by another language's rules, which no look-up finds and the
    # alignment's direct comparison meets ("Oleg Vladimirovitj Deripaska").
    slack: cython.double = 1.0
    if n >= 3 and True not in legal:
        slack = EXTRA_PERSON
    if not may_reach(reach, lost * slack, floor) or (
            reach < floor * (reach + lost * slack) and _close_reach(idx, tk, extra, legal, n) < CONTAINED_MIN_WEIGHT):
        return None  # (only the whole of a listed company's name, met closely, could still lift it)
    span_text: list = []
    span_start: list = []
    span_end: list = []
    span_rec: list = []
    span_w: list = []
    span_wmax: list = []
    span_mask: list = []
    rare: dict = {}
    pos_vsets: list = [[] for _ in range(n)]
    for i, t in enumerate(toks):
        if len(t) < 2:
            continue
        x = tk[i]
        xs = x.span
        span_text.append(t)
        span_start.append(i)
        span_end.append(i + 1)
        span_rec.append(xs)
        span_w.append(x.weight)
        span_wmax.append(x.weight)
        span_mask.append(ONE << i)
        if xs.exps:
            pos_vsets[i].append(xs.ids)
        if x.rare:
            rare.setdefault(i, []).append(x.rare)
    for text, s, e, rec, sw, swmax, r in extra:
        span_text.append(text)
        span_start.append(s)
        span_end.append(e)
        span_rec.append(rec)
        span_w.append(sw)
        span_wmax.append(swmax)
        span_mask.append(bits(s, e))
        for k in range(s, e):
            pos_vsets[k].append(rec.ids)
        if r:
            rare.setdefault(s, []).append(r)
    pos_gain: list = []
    pos_cost: list = []
    pos_cost_org: list = []
    pos_sets: list = []
    pos_generic: list = []
    initials: list = []
    run_initials: list = []
    for i in range(n):
        if legal[i] or title[i]:  # (names need not hold a legal form or title of the query)
            continue
        if pos_vsets[i]:  # (a one-letter word inside "K.A.L.A.S.H..." is covered by its run)
            if len(toks[i]) == 1:  # (... and may still be an initial: "K.C.D. MOHADI")
                run_initials.append((len(pos_gain), toks[i]))
            pos_gain.append(contrib[i])
            pos_cost.append(eff[i])
            pos_cost_org.append(eff[i] * ALPHA_GENERIC if toks[i] in GENERIC_BUSINESS_WORDS else eff[i])
            pos_sets.append(pos_vsets[i])
            pos_generic.append(toks[i] in GENERIC_BUSINESS_WORDS)
        elif len(toks[i]) == 1:  # an initial may still stand for a list word
            initials.append(toks[i])
    return Query(norm, toks, eff, span_text, span_start, span_end, span_rec, span_w, span_wmax, span_mask, rare,
                 contrib, pos_gain, pos_cost, pos_cost_org, pos_sets, pos_generic, initials, reach, lost, slack,
                 run_initials)


@cython.cclass
class PersonForm:
    """The person form of a query (legal forms as written), prepared on first use: only
    queries that meet a person name need it."""

    idx = cython.declare(object, visibility="public")
    caches = cython.declare(object, visibility="public")
    norm = cython.declare(object, visibility="public")
    q = cython.declare(object, visibility="public")

    def __init__(self, idx: object, caches: object, norm: object, q: object):
        self.idx = idx
        self.caches = caches
        self.norm = norm
        self.q = q

    def __call__(self) -> Query | None:
        if self.q is None and self.norm is not None:
            self.q = prepare(self.idx, self.caches, self.norm)
        return self.q
