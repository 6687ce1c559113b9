"""The indexed matching engine behind :class:`~screener.matching.base.Matcher`.

Per query:

1. normalise (``normalize.py``); a query of unknown type whose legal forms were rewritten is
   also kept in its person form (legal forms left as written) for comparison with person
   names, so a Korean "Se" or a Chinese "Yu" is not taken for a legal form;
2. look up each query word, each join of two adjacent words and each alternative spelling in
   the per-word cache: the list words it may be (fuzzy keys in ``index.py``), its weight, what
   it can add to an alignment, and whether it can align *distinctively*;
3. stop early when too much of the query is unknown to the list for any name to reach the
   threshold (most non-matching names end here);
4. candidates: names holding a word the query could align distinctively (short postings), or,
   when the query has no such word, names holding all of its words (set intersections); plus
   names whose text starts with the whole query (a truncated field);
5. bound each candidate cheaply (which query words can align with it at all) and fully align
   and score only those that can still reach the threshold (``_score``);
6. adjust for country, type and address; explain.

See docs/matching.md for the reasoning and the measurements.
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter

import cython
from rigour.addresses import compare_address

from screener.events.control import WatchlistEntry, entry_key
from screener.gcpause import freeze_long_lived, gc_paused
from screener.matching.base import DEFAULT_HOLD_THRESHOLD, Matcher, MatchHit, PartyQuery
from screener.matching.index import PREFIX_LEN, IndexedName, NameIndex
from screener.matching.lexicon import FULL_NAMES, NICKNAMES, PARTICLES, abbreviates, gender_pair, short_form
from screener.matching.normalize import (
    LEGAL_FORMS,
    NormName,
    _falses,
    _legal_flags,
    arabic_key,
    clear_word_cache,
    collapse_doubles,
    is_patronymic,
    normalize_both,
    normalize_name,
    replace_org_types,
)
from screener.matching.similarity import (
    BAG_SIZE,
    EDIT_FLOOR,
    FUZZY_MAX_LEN,
    INITIAL_SIM,
    MIN_TOKEN_SIM,
    PREFIX_SIM,
    canon,
    ckey,
    deletes,
    devowel,
    fold,
    letter_bag,
    metaphone,
    skel,
    token_similarity,
)
from screener.matching.structure import ALPHA_GENERIC, BLOCKED_SCORE, EXTRA_PERSON, R_GIVEN, R_GIVEN1, judge
from screener.matching.weights import (
    DISTINCTIVE_WEIGHT,
    GENERIC_BUSINESS_WORDS,
    LEGAL_WEIGHT,
    STOPWORD_WEIGHT,
    weight_cap,
)

# --- scoring parameters (see docs/matching.md) -------------------------------------------------
ALPHA_SYLLABLE = 0.5  # an unaligned syllable of a Han/Kana/Hangul word counts this much of a word
ALPHA_PATRONYMIC = 0.35  # a patronymic the list does not carry
INITIAL_WEIGHT = 0.6  # an unaligned initial (one-letter word) in the query
SHORT_UNKNOWN_WEIGHT = 1.0  # an unknown two-letter word in the query
THREE_LETTER_UNKNOWN_WEIGHT = 4.0
ARABIC_SIM = 0.9  # a word read from Arabic script whose consonant skeleton equals a list word's
ARABIC_SHORT_SIM = 0.75  # the same for two-consonant skeletons (too common to be distinctive)
ALPHA_UNREAD = 0.5  # a word read from Arabic, Hebrew, Kana, Hangul ... that no list word meets
CKEY_SIM = 0.86  # a word read from another script whose coarse consonant key (4+) equals a list word's
CKEY_SHORT_SIM = 0.85  # ... a three-consonant key
CKEY_NEAR_SIM = 0.82  # ... a key one consonant longer or shorter (four or more)
DISTINCT_SIM = 0.8  # a pair this alike, of two distinctive words, makes a match distinctive
MAX_CANDIDATES = 24  # names bounded per query
MAX_SCORED = 12  # names fully aligned per query
BETA_TRUNCATED = 0.1  # list words after the cut of a truncated query
TRUNCATION_MIN_CHARS = PREFIX_LEN
TRUNCATION_CANDIDATES = 16
TRUNCATION_LONG_CHARS = 15  # a cut-off query this long needs no distinctive word ...
TRUNCATION_LONG_SHARE = 0.6  # ... when it covers this share of the list name
COMMON_ONLY_CAP = 0.75  # best score of a match that rests on common words only
TITLE_WEIGHT = 0.4  # a title or name suffix in the query ("Mr", "Sheikh", "Jr.") weighs like a legal form ...
TITLE_COST = 0.25  # ... and costs a quarter of that when the listed name does not have it
NICK_SIM = 0.85  # a given name against its short form (Dima/Dmitry, Pepe/Jose)
ABBREV_SIM = 0.82  # a business word against its abbreviation (Shpg/Shipping)
DEVOWEL_SIM = 0.86  # a word against itself without vowels (Pnmryv/Ponomaryov)
# adjustments
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.03
TYPE_MISMATCH = -0.15  # person vs organisation
TYPE_OBJECT_MISMATCH = -0.05  # organisation vs vessel/aircraft
ADDRESS_MATCH = 0.05  # times the address similarity, when it is at least ADDRESS_MIN
ADDRESS_MIN = 0.5
MAX_BONUS = COUNTRY_MATCH + ADDRESS_MATCH

CACHE_SIZE = 50_000
WORD_CACHE_SIZE = 200_000
PAIR_CACHE_SIZE = 200_000
SET_CACHE_SIZE = 20_000

_PERSON = {"person", "individual"}
# legal forms rigour rewrites that are written onto a name ("SiemensAG", "ShippingCo")
_LEGAL_SUFFIXES = frozenset({"ag", "sa", "gmbh", "ltd", "llc", "inc", "co", "corp", "plc", "bv", "nv", "srl", "spa",
                             "kg", "oy", "ab", "as", "jsc", "ooo", "oao", "zao", "pao"})
_ORG = {"organization", "organisation", "company", "entity"}


# The per-word caches hold plain tuples (not classes) all the way down: tuples of atoms can be
# in no reference cycle, so the compiled engine takes them off the cyclic collector's lists as
# it makes them (``_settled``), and the caches, which grow to hundreds of thousands of entries,
# cost collections nothing (CPython would untrack them itself, but only after visiting each).
#
# _Span: what the list offers for one piece of query text (cached per text)
#   (exps: ((vocabulary id, similarity), ...) best first, ids: (vocabulary id, ...), metaphone,
#    skeleton, fold)
# _Tok: one query word in its context flags (cached)
#   (weight, cost when unaligned, _Span, most it can add to an alignment,
#    ((vocabulary id, x), ...) pairs that would be distinctive)
_Span = tuple
_Tok = tuple
EXPS, IDS, META, SKEL, FOLD = range(5)
WQ, EFF, SPAN, CONTRIB, RARE = range(5)


@cython.cfunc
@cython.inline
def _settled(x: object) -> object:
    """``x`` (a tuple or frozenset of atoms and other settled objects) taken off the cyclic
    collector's lists. The per-word caches take thousands of new entries per pass of uncached
    queries, and the first collection after a batch spent most of its time visiting them
    (cache misses on the index's ints). Interpreted, a no-op."""
    if cython.compiled:
        PyObject_GC_UnTrack(x)  # noqa: F821 - declared in engine.pxd
    return x


@cython.cclass
class _Query:
    """One prepared query form (see ``_prepare``). An extension type when compiled, so the
    scoring loops read its fields directly."""

    norm: NormName
    tokens: tuple  # tuple[str, ...]
    eff: list  # list[float]
    spans: list  # (text, start, end): words, joins, other spellings
    recs: list  # list[_Span]
    span_w: list  # query-side weight of each span (a pair weighs the lesser of both sides)
    span_wmax: list  # weight of the span's weightiest word (for "distinctive")
    span_mask: list  # query positions each span covers (bit mask)
    rare: dict  # query position -> [((vocabulary id, x), ...)]: pairs that would be distinctive
    contrib: list  # most each position can add (by span start)
    pos_sets: list  # (bit, contrib, eff, [id tuples])
    initials: list  # the query's one-letter words
    reach: cython.double
    lost: cython.double  # unaligned cost of the non-legal words nothing on the list may align with
    slack: cython.double  # what a person name may discount ``lost`` to (EXTRA_PERSON or 1)
    qinv: dict  # built when a name is scored (None until then)
    form: tuple  # built when names are bounded (None until then)

    def __init__(self, norm: NormName, tokens: tuple, eff: list, spans: list, recs: list, span_w: list,
                 span_wmax: list, span_mask: list, rare: dict, contrib: list, pos_sets: list,
                 initials: list, reach: float, lost: float, slack: float = 1.0):
        self.norm = norm
        self.tokens = tokens
        self.eff = eff
        self.spans = spans
        self.recs = recs
        self.span_w = span_w
        self.span_wmax = span_wmax
        self.span_mask = span_mask
        self.rare = rare
        self.contrib = contrib
        self.pos_sets = pos_sets
        self.initials = initials
        self.reach = reach
        self.lost = lost
        self.slack = slack
        self.qinv = None
        self.form = None


@cython.cclass
class _PersonForm:
    """The person form of a query (legal forms as written), prepared on first use: only
    queries that meet a person name need it."""

    engine: object
    norm: object
    q: object

    def __init__(self, engine: object, norm: object, q: object):
        self.engine = engine
        self.norm = norm
        self.q = q

    def __call__(self) -> _Query | None:
        if self.q is None and self.norm is not None:
            self.q = self.engine._prepare(self.norm)
        return self.q


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


# Bit masks of query and name positions are Python ints (any length): shifts start from this
# object, never from a literal, so that compiled code does not shift a C long.
_ONE = 1
_THREE = 3


@cython.cfunc
@cython.inline
def _bits(s: object, e: object) -> object:
    return ((_ONE << e) - 1) ^ ((_ONE << s) - 1)


def _form(q: _Query) -> tuple:
    """What bounding needs of a query: (unaligned cost of words nothing may align with,
    initials, [(most it adds, cost)] per query position, [vocabulary id tuples] per position).
    Cached on the query."""
    form = q.form
    if form is None:
        slots: list = []
        vsets: list = []
        for _b, c, e, vs in q.pos_sets:
            slots.append((c, e))
            vsets.append(vs)
        form = q.form = (q.lost, q.initials, slots, vsets)
    return form


MASK_BITS = 62  # query positions bounding tells apart; any further position counts as aligned


@cython.boundscheck(False)
@cython.wraparound(False)
def _kth_largest(a: cython.double[:], n: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.double:
    """The k-th largest of a[:n] (1 <= k <= n), as ``sorted(a[:n], reverse=True)[k - 1]``;
    reorders a[:n] (quickselect)."""
    lo: cython.Py_ssize_t = 0
    hi: cython.Py_ssize_t = n - 1
    want: cython.Py_ssize_t = k - 1
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    pivot: cython.double
    t: cython.double
    while lo < hi:
        pivot = a[(lo + hi) // 2]
        i = lo
        j = hi
        while i <= j:  # descending: larger values to the left
            while a[i] > pivot:
                i += 1
            while a[j] < pivot:
                j -= 1
            if i <= j:
                t = a[i]
                a[i] = a[j]
                a[j] = t
                i += 1
                j -= 1
        if want <= j:
            hi = j
        elif want >= i:
            lo = i
        else:
            break
    return a[want]


def _zeros(typecode: str, size: int) -> array:
    """A fresh array of ``size`` zero doubles ("d") or 64-bit ints ("q")."""
    return array(typecode, bytes(8 * size))


@cython.cclass
class _NameSums:
    """Candidate names of a query with distinctive words: per query position each name's best
    distinctive pair, summed over the positions, then the best MAX_CANDIDATES. Among equals,
    names with less left over (an exact name before the longer names that contain it), and
    names whose words start with the query's initials ("K. QADDAFI" among a family of Qaddafis).

    The sums live in flat arrays indexed by name id, stamped per query and position instead of
    cleared, so that the loops over postings are C loops when compiled (a dict per position
    cost 60 to 80 ns per posting). One per engine: not for concurrent use."""

    best: cython.double[:]  # a name's best pair at the current position
    acc: cython.double[:]  # its sum over the positions so far
    keys: cython.double[:]  # ranking keys, and a copy for selecting the cut-off
    work: cython.double[:]
    seen: cython.longlong[:]  # stamp of the last query that met the name
    here: cython.longlong[:]  # names met at the current position
    order: cython.longlong[:]  # names met by the query, in order
    slot_seen: cython.longlong[:]  # stamp of the last position that met it
    vbits0: cython.longlong[:]  # per vocabulary id: positions of the query it can align with
    vseen0: cython.longlong[:]
    vbits1: cython.longlong[:]  # the same for the query's person form
    vseen1: cython.longlong[:]
    stamp: cython.longlong
    qstamp: cython.longlong
    vstamp0: cython.longlong
    vstamp1: cython.longlong

    def __init__(self):
        self.stamp = 1
        self.qstamp = self.vstamp0 = self.vstamp1 = 0
        self.best = self.acc = self.keys = self.work = array("d")
        self.seen = self.slot_seen = self.here = self.order = self.vbits0 = self.vseen0 = self.vbits1 = self.vseen1 = array("q")

    def fit(self, names: cython.Py_ssize_t, vocabulary: cython.Py_ssize_t) -> None:
        """Room for name ids below ``names`` and vocabulary ids below ``vocabulary`` (fresh
        arrays when they grow: stamps only ever go up, so zeros are never taken for a mark)."""
        if names > len(self.acc):
            size = names + 1024
            self.best, self.acc, self.keys, self.work = (_zeros("d", size) for _ in range(4))
            self.seen, self.slot_seen, self.here, self.order = (_zeros("q", size) for _ in range(4))
        if vocabulary > len(self.vbits0):
            size = vocabulary + 4096
            self.vbits0, self.vseen0, self.vbits1, self.vseen1 = (_zeros("q", size) for _ in range(4))

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _load(self, form: tuple, which: cython.int) -> None:
        """Mark, per vocabulary id, the positions of ``form`` it can align with (bit masks in a
        flat array, stamped instead of cleared)."""
        vbits: cython.longlong[:] = self.vbits0 if which == 0 else self.vbits1
        vseen: cython.longlong[:] = self.vseen0 if which == 0 else self.vseen1
        self.stamp += 1
        st: cython.longlong = self.stamp
        if which == 0:
            self.vstamp0 = st
        else:
            self.vstamp1 = st
        bit: cython.longlong
        p: cython.Py_ssize_t = 0
        vi: cython.Py_ssize_t
        for vsets in form[3]:
            if p < MASK_BITS:
                bit = cython.cast(cython.longlong, 1) << p
                for vs in vsets:
                    for v in vs:
                        vi = v
                        if vseen[vi] != st:
                            vseen[vi] = st
                            vbits[vi] = bit
                        else:
                            vbits[vi] |= bit
            p += 1

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def bounded(self, cands: list, floor: cython.double, q: _Query, person_q: object, idx: NameIndex) -> list:
        """Keep the candidates that could still reach ``floor`` given which query words can
        align with them at all: one look-up per word of the name (``NameIndex.name_codes``)."""
        names: list = idx.names
        nw: list = idx.name_weight
        name_codes: list = idx.name_codes
        persons: bytearray = idx.name_person
        heads: list = idx.name_head
        firsts: list = idx.name_given1
        hv: cython.Py_ssize_t
        gv: cython.Py_ssize_t
        codes: bytes
        p4: cython.p_uchar
        k: cython.Py_ssize_t
        ni: cython.Py_ssize_t
        form_q: tuple = _form(q)
        slack: cython.double = q.slack
        form_p: tuple = None
        form: tuple
        self._load(form_q, 0)
        kept: list = []
        slots: list
        initials: list
        vbits: cython.longlong[:]
        vseen: cython.longlong[:]
        st: cython.longlong
        hit: cython.longlong
        vi: cython.Py_ssize_t
        p: cython.Py_ssize_t
        m: cython.double
        d: cython.double
        r: cython.double
        c: cython.double
        e: cython.double
        per: cython.double
        rest: cython.double
        wn: cython.double
        for nid in cands:
            ni = nid
            codes = name_codes[ni]
            if codes is None:  # pragma: no cover - postings never keep removed names
                continue
            if person_q is not None and persons[ni]:
                if form_p is None:
                    pq = person_q()
                    form_p = _form(pq) if pq is not None else form_q
                    self._load(form_p, 1)
                form = form_p
                vbits = self.vbits1
                vseen = self.vseen1
                st = self.vstamp1
            else:
                form = form_q
                vbits = self.vbits0
                vseen = self.vseen0
                st = self.vstamp0
            initials = form[1]
            slots = form[2]
            hit = 0
            p4 = codes
            for k in range(0, len(codes), 4):
                vi = p4[k] | (p4[k + 1] << 8) | (p4[k + 2] << 16) | (p4[k + 3] << 24)
                if vseen[vi] == st:
                    hit |= vbits[vi]
            m = 0.0
            d = form[0]
            p = 0
            for c, e in slots:
                if p >= MASK_BITS or (hit >> p) & 1:
                    m += c
                else:
                    d += e
                p += 1
            r = 0.0
            wn = nw[ni]
            if initials:
                rec = names[ni]
                ri = rec.initials
                per = INITIAL_SIM * wn / len(rec.vids)
                for ch in initials:
                    if ch in ri:
                        r += per
                    else:
                        d += INITIAL_WEIGHT
            if persons[ni] and slack < 1.0:
                # A person's extra names cost EXTRA_PERSON once the family name and the first
                # given name are met (structure.py): when both may be, and the query has room
                # for extra names (three words or more).
                hv = heads[ni]
                gv = firsts[ni]
                if hv >= 0 and vseen[hv] == st and (gv < 0 or vseen[gv] == st):
                    d *= EXTRA_PERSON
            if m > 0.0 and m >= floor * (m + d):
                # rank: the bound, with the name's own unmatched weight half counted
                rest = wn - m - r
                kept.append(((m + r) / (m + r + d + (0.5 * rest if rest > 0 else 0.0)), -wn, nid,
                             (m + r) / (m + r + d)))
        if len(kept) > MAX_SCORED:
            kept.sort(reverse=True)  # ties: the name with less weight of its own
            del kept[MAX_SCORED:]
        return [(nid, bound) for _, _, nid, bound in kept]

    def met(self, nid: cython.Py_ssize_t) -> bool:
        """The last ``distinctive`` call met this name."""
        return self.seen[nid] == self.qstamp

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def distinctive(self, rare: dict, initials: list, idx: NameIndex) -> list:
        """``rare``: query position -> [((vocabulary id, x), ...)] (see ``_Query.rare``).
        Names come out in the order they were first met when there are few enough."""
        post_codes: list = idx.post_codes
        best: cython.double[:] = self.best
        acc: cython.double[:] = self.acc
        seen: cython.longlong[:] = self.seen
        slot_seen: cython.longlong[:] = self.slot_seen
        here: cython.longlong[:] = self.here  # names met at this position
        order: cython.longlong[:] = self.order  # names met, in order
        qs: cython.longlong = self.stamp + 1
        ss: cython.longlong = qs
        nid: cython.Py_ssize_t
        vi: cython.Py_ssize_t
        k: cython.Py_ssize_t
        h: cython.Py_ssize_t
        nh: cython.Py_ssize_t
        n: cython.Py_ssize_t = 0
        x: cython.double
        codes: bytes
        p4: cython.p_uchar
        for groups in rare.values():
            ss += 1
            nh = 0
            for pairs in groups:
                for v, xo in pairs:
                    x = xo
                    vi = v
                    codes = post_codes[vi]
                    if codes is None:
                        codes = idx.packed_postings(vi)
                    p4 = codes
                    for k in range(0, len(codes), 4):
                        nid = p4[k] | (p4[k + 1] << 8) | (p4[k + 2] << 16) | (p4[k + 3] << 24)
                        if slot_seen[nid] != ss:
                            slot_seen[nid] = ss
                            best[nid] = x
                            here[nh] = nid
                            nh += 1
                        elif best[nid] < x:
                            best[nid] = x
            for h in range(nh):
                nid = here[h]
                if seen[nid] != qs:
                    seen[nid] = qs
                    acc[nid] = best[nid]
                    order[n] = nid
                    n += 1
                else:
                    acc[nid] += best[nid]
        self.stamp = ss
        self.qstamp = qs
        i: cython.Py_ssize_t
        if n <= MAX_CANDIDATES:
            return [order[i] for i in range(n)]
        nw: list = idx.name_weight
        names: list = idx.names
        keys: cython.double[:] = self.keys
        work: cython.double[:] = self.work
        nk: cython.int
        rk: cython.double
        for i in range(n):
            nid = order[i]
            rk = 1.1 * acc[nid] - 0.1 * cython.cast(cython.double, nw[nid])
            if initials:
                nk = 0
                ri = names[nid].initials
                for ch in initials:
                    if ch in ri:
                        nk += 1
                rk = rk + nk
            keys[i] = rk
            work[i] = rk
        cut: cython.double = _kth_largest(work, n, MAX_CANDIDATES)
        # The best MAX_CANDIDATES at or above the cut, best first (ties: the higher id), kept
        # as a short sorted run in the scratch arrays (a list of tuples sorted per query cost
        # a tenth of the time of names whose candidates end unbounded).
        top: cython.longlong[:] = here
        topk: cython.double[:] = work
        cap: cython.Py_ssize_t = MAX_CANDIDATES
        m: cython.Py_ssize_t = 0
        j: cython.Py_ssize_t
        kn: cython.longlong
        for i in range(n):
            rk = keys[i]
            if rk < cut:
                continue
            kn = order[i]
            if m == cap:
                if topk[m - 1] > rk or (topk[m - 1] == rk and top[m - 1] > kn):
                    continue
                j = m - 1  # (the last drops out)
            else:
                j = m
                m += 1
            while j > 0 and (topk[j - 1] < rk or (topk[j - 1] == rk and top[j - 1] < kn)):
                topk[j] = topk[j - 1]
                top[j] = top[j - 1]
                j -= 1
            topk[j] = rk
            top[j] = kn
        return [top[i] for i in range(m)]


class MatchingEngine(Matcher):
    """Indexed, incremental name matcher over watch-list entries."""

    def __init__(self, entries: Iterable[WatchlistEntry] = (), threshold: float | None = None,
                 cache_size: int = CACHE_SIZE, freeze_gc: bool = True):
        """``freeze_gc``: after a bulk build, move the (large, acyclic) index out of the cyclic
        garbage collector's reach with ``gc.freeze()``, so that full collections -- triggered by
        the caches growing -- do not walk a million index objects (a 200 ms pause each)."""
        self.threshold = DEFAULT_HOLD_THRESHOLD if threshold is None else threshold
        self._freeze_gc = freeze_gc
        self._idx = NameIndex()
        self._cache: OrderedDict[tuple, list[MatchHit]] = OrderedDict()
        self._cache_size = cache_size
        self._spans: dict[str, _Span] = {}
        self._toks: dict[tuple, _Tok] = {}
        self._pairs: dict[tuple[str, str], float] = {}
        self._sets: dict[tuple, frozenset[int]] = {}
        # each long query word (6 letters or more) -> (the list has it as a word, the two known
        # words it is written together from, or ()): one look-up per word and query
        self._splits: dict[str, tuple] = {}
        self._sums = _NameSums()
        self.version = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self._idx.bulk_load(entries)
        self._changed()
        self._freeze()

    def _freeze(self) -> None:
        if self._freeze_gc:
            freeze_long_lived()

    # -- list maintenance ---------------------------------------------------------------------
    def _changed(self) -> None:
        """Called after every change of the list: everything cached for the old list goes
        (results, and the per-word look-ups, whose weights and postings may have moved)."""
        self.version += 1
        self._sums.fit(len(self._idx.names), len(self._idx.vstr))
        self._cache.clear()
        self._spans.clear()
        self._toks.clear()
        self._sets.clear()
        self._splits.clear()
        self._idx.vocab_grew = False

    def upsert(self, entry: WatchlistEntry) -> None:
        self._idx.add(entry)
        self._changed()

    def delete(self, list_name: str, entry_id: str) -> bool:
        found = self._idx.remove(entry_key(list_name, entry_id))
        if found:
            self._changed()
        return found

    def replace_list(self, list_name: str, entries: Iterable[WatchlistEntry]) -> None:
        new = list(entries)
        new_keys = {e.key for e in new}
        for k in [k for k, e in self._idx.entries.items() if e.list_id == list_name and k not in new_keys]:
            self._idx.remove(k)
        # Unchanged entries are kept as they are; changed and new ones are (re)indexed.
        self._idx.bulk_load(e for e in new if self._idx.entries.get(e.key) != e)
        self._changed()
        self._freeze()

    def __len__(self) -> int:
        return len(self._idx.entries)

    def entries(self) -> Iterable[WatchlistEntry]:
        return self._idx.entries.values()

    def clear_cache(self) -> None:
        """Drop the result cache (the per-word caches stay: they only depend on the list)."""
        self._cache.clear()

    def clear_all_caches(self) -> None:
        """Drop every cache, including per-word look-ups and the normaliser's word cache (for
        cold-cache measurements; the libraries' own caches stay)."""
        self._cache.clear()
        self._spans.clear()
        self._toks.clear()
        self._pairs.clear()
        self._sets.clear()
        self._splits.clear()
        clear_word_cache()

    # -- per-word look-ups --------------------------------------------------------------------
    def _span(self, text: str, single: bool, arabic: int = 0) -> _Span:
        """List words ``text`` may be, with its phonetic keys. Cached per text."""
        idx = self._idx
        if len(text) > FUZZY_MAX_LEN:
            single = arabic = False  # (compared as written only: see similarity.FUZZY_MAX_LEN)
        if not single and not arabic and text not in idx.dels:
            return _EMPTY_SPAN  # a join the list has neither as it is nor one letter longer
        key = ("" if single else "+") + ("#" * arabic if arabic else "") + text
        hit = self._spans.get(key)
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
            sim = token_similarity(text, vstr[vi], m, vmeta[vi], s, vskel[vi], f, vfold[vi], qcanon, vcanon[vi])
            if sim >= MIN_TOKEN_SIM:
                # keyed by a fresh int (from vi), allocated next to the rest of this span,
                # not by the index's own int object somewhere in a heap of hundreds of MB:
                # every later loop over the span's ids reads these (x1.03 on the benchmark)
                sims[vi] = sim
        if arabic:
            self._arabic(text, sims, arabic, single)
        if single and text.isalpha():
            self._short_forms(text, sims)
        ranked: list = sorted(sims.items(), key=itemgetter(1), reverse=True)
        for pair in ranked:
            _settled(pair)
        res = _settled((_settled(tuple(ranked)), _settled(tuple(sims)), m, s, f))
        if len(self._spans) >= WORD_CACHE_SIZE:
            self._spans.clear()
        self._spans[key] = res
        return res

    def _short_forms(self, text: str, sims: dict) -> None:
        """Add the list words ``text`` may stand for though spelt unlike them: a given name's
        short form (Dima/Dmitry, Mohd/Muhammad, Alex/Alexander, and back), an abbreviated
        business word (Shpg/Shipping, Intl/International, Tech/Technology), the word without
        its vowels (Pnmryv/Ponomaryov)."""
        idx = self._idx
        vid: dict = idx.vid
        df: list = idx.df
        w: list = idx.w
        vstr: list = idx.vstr
        vcanon: list = idx.vcanon
        n: cython.Py_ssize_t = len(text)
        word: str
        for full in NICKNAMES.get(text, ()):
            v = vid.get(full)
            if v is not None and df[v] > 0 and sims.get(v, 0.0) < NICK_SIM:
                sims[v] = NICK_SIM
        for short in FULL_NAMES.get(text, ()):
            v = vid.get(short)
            if v is not None and df[v] > 0 and sims.get(v, 0.0) < NICK_SIM:
                sims[v] = NICK_SIM
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

    def _arabic(self, text: str, sims: dict[int, float], level: int = 2, single: bool = True) -> None:
        """Add list words whose consonants match those of a word read from a script that writes
        them otherwise: the Arabic key (``normalize.arabic_key``) and the coarse consonant key
        (``similarity.ckey``, one consonant more or fewer allowed from four on)."""
        idx = self._idx
        df = idx.df
        # (level: normalize.READ_*; 4: a Hangul word of four syllables or more)
        keys = {arabic_key(text)} if level == 2 else set()
        bare = text[2:] if text.startswith("al") and len(text) > 4 else ""  # the article written onto the word
        if bare and level == 2:
            keys.add(arabic_key(bare))
        for k in keys:
            if len(k) < 2:
                continue
            sim = ARABIC_SIM if len(k) >= 3 else ARABIC_SHORT_SIM
            for v in idx.akeys.get(k, ()):
                if df[v] > 0 and sims.get(v, 0.0) < sim:
                    sims[v] = sim
        if not single and level < 3:
            return  # (two words joined are compared by the Arabic key only: short keys meet too much)
        for t in (text, bare) if bare else (text,):
            c = ckey(t)
            if len(c) < (4 if level == 3 else 3):
                continue
            exact = CKEY_SIM if len(c) >= 4 else CKEY_SHORT_SIM
            near: list = []
            if len(c) >= 4:
                near.append(idx.ckey_dels.get(c, ()))  # a list word one consonant longer
                for d in deletes(c):
                    if len(d) >= 4:
                        near.append(idx.ckeys.get(d, ()))  # ... or one shorter
            for group, sim in ((idx.ckeys.get(c, ()), exact), *((g, CKEY_NEAR_SIM) for g in near)):
                for v in group:
                    if df[v] > 0 and sims.get(v, 0.0) < sim:
                        sims[v] = sim

    def _query_weight(self, t: str, legal: bool, syllabic: bool, title: bool = False) -> tuple[float, float]:
        """(weight of the word, its cost when left unaligned)."""
        idx = self._idx
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

    def _tok(self, t: str, legal: bool, syllabic: bool, arabic: int, title: bool = False) -> _Tok:
        # (most words carry no flag: they are cached under the word alone)
        key = (t, legal, syllabic, arabic, title) if legal or syllabic or arabic or title else t
        hit = self._toks.get(key)
        if hit is not None:
            return hit
        wq, eff = self._query_weight(t, legal, syllabic, title)
        span = self._span(t, True, arabic and not syllabic) if len(t) > 1 else _EMPTY_SPAN
        if arabic and not span[EXPS]:
            eff *= ALPHA_UNREAD  # (a word read back from another script that meets nothing: lossy)
        contrib, rare = self._reach(span, wq, wq)
        res = _settled((wq, eff, span, contrib, rare))
        if len(self._toks) >= WORD_CACHE_SIZE:
            self._toks.clear()
        self._toks[key] = res
        return res

    def _reach(self, span: tuple, sw: cython.double, swmax: cython.double) -> tuple[float, tuple[tuple[int, float], ...]]:
        """Most a span can add to an alignment, and its would-be distinctive pairs."""
        idx = self._idx
        w: list = idx.w
        vparts: list = idx.vparts
        best: cython.double = 0.0
        wv: cython.double
        x: cython.double
        sim: cython.double
        rare: list = []
        for v, sim in span[EXPS]:
            parts = vparts[v]
            wv = w[v] if parts is None else w[parts[0]] + w[parts[1]]
            x = sim * (wv if wv < sw else sw)
            if x > best:
                best = x
            if sim >= DISTINCT_SIM and swmax >= DISTINCTIVE_WEIGHT and w[v] >= DISTINCTIVE_WEIGHT:
                rare.append(_settled((v, x)))
        return best, _settled(tuple(rare))

    # -- query preparation --------------------------------------------------------------------
    def _prepare(self, norm: NormName, floor: float = 0.0) -> _Query | None:
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
        tok = self._tok
        tcache: dict = self._toks
        tk: list = []
        for i in range(n):
            t = toks[i]
            if legal[i] or syl[i] or arab[i] or title[i]:
                x = tok(t, legal[i], syl[i], arab[i], title[i])
            else:
                x = tcache.get(t)
                if x is None:
                    x = tok(t, False, False, False)
            tk.append(x)
        x: tuple
        xs: tuple
        rec: tuple
        sw: cython.double
        swmax: cython.double
        xw: cython.double
        reach: cython.double
        lost: cython.double
        eff: list = [x[EFF] for x in tk]
        if norm.alts:
            # A word whose other reading is a legal-form word ("Стоцк" read as "stock") costs
            # what a legal form costs when left unaligned.
            idx = self._idx
            for text, s, e in norm.alts:
                if text in LEGAL_FORMS or idx.is_legal_word(text):
                    for k in range(s, e):
                        eff[k] = min(eff[k], LEGAL_WEIGHT)
        contrib: list = [x[CONTRIB] for x in tk]
        # Joins of adjacent words, syllable runs and other spellings that the list knows.
        extra: list = []
        cand_extra: list = []
        span = self._span
        dels: dict = self._idx.dels
        for i in range(n - 1):
            if not legal[i] and not legal[i + 1] and len(toks[i]) > 1 and len(toks[i + 1]) > 1:
                text = toks[i] + toks[i + 1]
                cons = 0 if syl[i] else arab[i]
                if text in dels or cons:  # (a join the list has neither as it is nor one letter longer: nothing)
                    cand_extra.append((text, i, i + 2, cons))
        if any(syl):  # Han/Hangul syllables: words of up to four syllables
            for i in range(n):
                if syl[i]:
                    for k in (3, 4):
                        if i + k <= n and all(syl[i:i + k]) and not any(legal[i:i + k]):
                            cand_extra.append(("".join(toks[i:i + k]), i, i + k, 0))
        if norm.alts:
            for text, s, e in norm.alts:
                cons = arab[s]
                if cons == 3 and e - s >= 4:
                    cons = 4  # (a Hangul word of four syllables or more is a foreign name)
                cand_extra.append((text, s, e, cons))
        alignable = 0
        for i in range(n):
            if tk[i][SPAN][EXPS]:
                alignable |= _ONE << i
        for text, s, e, cons in cand_extra:
            rec = span(text, e - s == 1, cons)
            if not rec[EXPS]:
                continue
            sw = swmax = tk[s][WQ]
            if e - s > 1:
                for x in tk[s + 1:e]:
                    xw = x[WQ]
                    sw += xw
                    if xw > swmax:
                        swmax = xw
                if syl[s]:
                    swmax = sw  # (a word spelt in syllables weighs what its syllables weigh together)
            c, r = self._reach(rec, sw, swmax)
            extra.append((text, s, e, rec, sw, swmax, r))
            alignable |= _bits(s, e)
            if c > contrib[s]:
                contrib[s] = c
        reach = lost = 0.0
        for i in range(n):
            if not legal[i]:
                if (alignable >> i) & 1:
                    reach += contrib[i]
                elif len(toks[i]) > 1:
                    lost += eff[i]
        # A person's added middle names or second surname cost less once the listed name's key
        # parts are met (structure.EXTRA_PERSON): a query of three or more name words may have
        # some. (The early exit counts them in full: measured, discounting them there too found
        # nothing more on the tuning split and let 9% more names through.)
        slack: cython.double = 1.0
        if n >= 3 and True not in legal:
            slack = EXTRA_PERSON
        if reach <= 0.0 or reach < floor * (reach + lost):
            return None
        spans: list = []
        recs: list = []
        span_w: list = []
        span_wmax: list = []
        span_mask: list = []
        rare: dict = {}
        pos_vsets: list = [[] for _ in range(n)]
        for i, t in enumerate(toks):
            if len(t) < 2:
                continue
            x = tk[i]
            spans.append((t, i, i + 1))
            xs = x[SPAN]
            recs.append(xs)
            span_w.append(x[WQ])
            span_wmax.append(x[WQ])
            span_mask.append(_ONE << i)
            if xs[EXPS]:
                pos_vsets[i].append(xs[IDS])
            if x[RARE]:
                rare.setdefault(i, []).append(x[RARE])
        for text, s, e, rec, sw, swmax, r in extra:
            spans.append((text, s, e))
            recs.append(rec)
            span_w.append(sw)
            span_wmax.append(swmax)
            span_mask.append(_bits(s, e))
            for k in range(s, e):
                pos_vsets[k].append(rec[IDS])
            if r:
                rare.setdefault(s, []).append(r)
        pos_sets = []
        initials = []
        for i in range(n):
            if legal[i]:
                continue
            if pos_vsets[i]:  # (a one-letter word inside "K.A.L.A.S.H..." is covered by its run)
                pos_sets.append((_ONE << i, contrib[i], eff[i], pos_vsets[i]))
            elif len(toks[i]) == 1:  # an initial may still stand for a list word
                initials.append(toks[i])
        return _Query(norm, toks, eff, spans, recs, span_w, span_wmax, span_mask, rare, contrib, pos_sets,
                      initials, reach, lost, slack)

    @staticmethod
    def _qinv(q: _Query) -> dict[int, list[tuple[int, float]]]:
        qinv = q.qinv
        if qinv is None:
            qinv = {}
            for j, rec in enumerate(q.recs):
                for v, sim in rec[EXPS]:
                    lst = qinv.get(v)
                    if lst is None:
                        qinv[v] = [(j, sim)]
                    else:
                        lst.append((j, sim))
            q.qinv = qinv
        return qinv

    # -- candidates ---------------------------------------------------------------------------
    def _candidates(self, q: _Query | None, floor: float,
                    person_q: Callable[[], _Query | None] | None = None) -> list[tuple[int, float]]:
        """Names worth scoring, best first, with a bound on each one's score.

        A hit needs a distinctive aligned word, or else every word aligned on both sides
        (``COMMON_ONLY_CAP``). So when the query has words that could align distinctively, only
        names holding one of those are candidates (their postings are short by nature); when it
        has none, only names holding every one of its words are (set intersections in C).
        Each candidate is then bounded by which query words can align with it at all.
        """
        if q is None:
            return []
        reach = q.reach
        if reach <= 0 or reach < floor * (reach + q.lost):
            return []  # too much of the query is unknown to the list for any name to reach floor
        if q.rare:
            sums: _NameSums = self._sums
            cands = sums.distinctive(q.rare, q.initials, self._idx)
            if q.lost <= 0.0 and q.norm.alts:
                # A name of common words only can still be aligned word for word when a word
                # read from another script has an exact other spelling ("Елецтроницс" ->
                # "electronics") next to a fuzzy pair that is rare. (Doing this for every query
                # would also catch typos of such names, at a tenth of the engine's speed.)
                for nid in self._all_aligned(q, reach):
                    if not sums.met(nid):
                        cands.append(nid)
        else:
            # Common words only: a hit must align all of them, and nothing may be lost.
            if q.lost > 0:
                return []
            cands = self._all_aligned(q, reach)
            if not cands:
                return []
        return self._bounded(q, cands, floor, person_q)

    def _all_aligned(self, q: _Query, reach: float) -> list:
        """Names holding a word each query position can align with (set intersections in C,
        each position's set cached by its id sets), at most MAX_CANDIDATES, nearest in weight
        first."""
        if not q.pos_sets:
            return []
        post: list = self._idx.post
        cache: dict = self._sets
        sets: list = []
        for _bit, _c, _e, vsets in q.pos_sets:
            key = tuple(vsets)
            hit = cache.get(key)
            if hit is None:
                hit = _settled(frozenset().union(*(post[v] for vs in vsets for v in vs)))
                _settled(key)
                if len(cache) >= SET_CACHE_SIZE:
                    cache.clear()
                cache[key] = hit
            sets.append(hit)
        sets.sort(key=len)
        common = sets[0]
        for other in sets[1:]:
            common = common & other
            if not common:
                return []
        return self._nearest(common, reach)

    def _nearest(self, nids, reach: float) -> list:
        """At most MAX_CANDIDATES of ``nids``, nearest in total weight to the query's."""
        if len(nids) > MAX_CANDIDATES:
            nw = self._idx.name_weight
            return heapq.nsmallest(MAX_CANDIDATES, nids, key=lambda nid: abs(nw[nid] - reach))
        return list(nids)

    def _bounded(self, q: _Query, cands: list, floor: float,
                 person_q: Callable[[], _Query | None] | None = None) -> list[tuple[int, float]]:
        """Keep the candidates that could still reach ``floor`` given which query words can
        align with them at all, most promising first, at most MAX_SCORED, each with that bound
        on its score. ``person_q`` gives the person form of the query, used for person names."""
        sums: _NameSums = self._sums
        idx = self._idx
        return sums.bounded(cands, floor, q, person_q, idx)

    # -- scoring ------------------------------------------------------------------------------
    def _pair_sim(self, q: _Query, i: int, rec: IndexedName, j: int) -> float:
        a = q.tokens[i]
        b = rec.norm.tokens[j]
        given = rec.person and rec.roles[j] in (R_GIVEN1, R_GIVEN)
        key = (a, b, given)
        s = self._pairs.get(key)
        if s is None:
            idx = self._idx
            v = rec.vids[j]
            if a == b:
                s = 1.0
            elif q.norm.legal[i] or rec.norm.legal[j]:
                s = 0.0
            elif (len(a) == 1 or len(b) == 1) and (idx.w[v] <= STOPWORD_WEIGHT or not rec.person):
                s = 0.0  # an initial stands for a person's name, not for "al" or a company's word
            else:
                if len(a) > 1:
                    sp = self._span(a, True)
                    ma, sa, fa = sp[META], sp[SKEL], sp[FOLD]
                else:
                    ma = sa = fa = ""
                s = token_similarity(a, b, ma, idx.vmeta[v], sa, idx.vskel[v], fa, idx.vfold[v], "", idx.vcanon[v])
                if given and s < NICK_SIM and len(a) > 1 and short_form(a, b):
                    s = NICK_SIM  # a short form of the given name (Dima/Dmitry)
            if len(self._pairs) >= PAIR_CACHE_SIZE:
                self._pairs.clear()
            self._pairs[_settled(key)] = s
        return s

    def _score(self, q: _Query, rec: IndexedName, floor: float = 0.0, explain: bool = False) -> tuple[float, tuple]:
        """Align the query's words with the name's and score the alignment.

        score = M / (M + D) with M = sum(sim * w) over aligned pairs (w = the lesser of the two
        words' weights) and D = sum((1 - sim) * w) over aligned pairs + the costs of unaligned
        query words + beta * the weights of unaligned list words (beta by the word's role).
        Pairs that could only matter if the name can still reach ``floor`` are not tried.
        Returns (score, the alignment) -- ``_details`` explains it, for names that hit.
        """
        w: list = self._idx.w
        vparts: list = self._idx.vparts
        vids: tuple = rec.vids
        qinv: dict = q.qinv
        if qinv is None:
            qinv = self._qinv(q)
        span_w: list = q.span_w
        span_wmax: list = q.span_wmax
        span_mask: list = q.span_mask
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
        for v, s, e in rec.spans:
            h = qinv.get(v)
            if h is None:
                continue
            wv1 = w[v]
            # (a join weighs what its two words weigh; a run of initials, "A.B.C.", its own)
            wn = wv1 if e - s == 1 or vparts[v] is None else w[vids[s]] + w[vids[s + 1]]
            nb = _bits(s, e)
            for j, sim in h:
                sw = span_w[j]
                wv = wn if wn < sw else sw
                x = sim * wv
                dist = sim >= DISTINCT_SIM and wv1 >= DISTINCTIVE_WEIGHT and span_wmax[j] >= DISTINCTIVE_WEIGHT
                # a join: prefer the separate words when they align just as well
                pairs.append((x if e - s == 1 else x * 0.999, sim, j, nb, wv, s, e, dist))
        pairs.sort(reverse=True)
        qmask = nmask = 0
        m = d = 0.0
        distinctive = False
        aligned: list = []  # (query span, or -1 - query word; name start, end; similarity, weight)
        for _x, sim, j, nb, wv, s, e, dist in pairs:
            qb = span_mask[j]
            if qmask & qb or nmask & nb:
                continue
            qmask |= qb
            nmask |= nb
            m += sim * wv
            d += (1.0 - sim) * wv
            if dist:
                distinctive = True
            aligned.append((j, s, e, sim, wv))
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
                        sim = self._pair_sim(q, i, rec, j)
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
                if extra:
                    extra.sort(reverse=True)
                    for x, sim, i, j, wv in extra:
                        je = j + 1
                        if j < 0:  # particle + name
                            j = -j - 1
                            je = j + 2
                            nb = _THREE << j
                        else:
                            nb = _ONE << j
                        if (qmask >> i) & 1 or nmask & nb:
                            continue
                        qmask |= _ONE << i
                        nmask |= nb
                        m += x
                        d += (1.0 - sim) * wv
                        if (sim >= DISTINCT_SIM and wv >= DISTINCTIVE_WEIGHT and len(qtoks[i]) > 1
                                and len(rec.norm.tokens[j]) > 1):
                            distinctive = True
                        aligned.append((-1 - i, j, je, sim, wv))
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
        for j in un:
            dn += betas[j] * w[vids[j]]
        if not explain and m < floor * (m + d + dq + dn):
            return (m / (m + d + dq + dn) if m > 0.0 else 0.0), None
        lsim: list = [0.0] * nn
        lq: list = [-1] * nn
        ql: list = [-1] * nq
        qsim: list = [0.0] * nq
        spans = q.spans
        for j, s, e, sim, _wv in aligned:
            if j >= 0:
                qs = spans[j][1]
                qe = spans[j][2]
            else:
                qs = -1 - j
                qe = qs + 1
            for k in range(s, e):
                lsim[k] = sim
                lq[k] = qs
            for k in range(qs, qe):
                ql[k] = s
                qsim[k] = sim
        df: list = self._idx.df
        verdict = judge(rec.roles, rec.norm.tokens, vids, w, df, lsim, lq, qtoks,
                        q.norm.legal, q.norm.title, q.norm.arabic, eff, ql, qsim, q.norm.family_end or 0, rec.person,
                        DISTINCTIVE_WEIGHT, explain)
        dq = verdict.dq
        dn = verdict.dn
        total = m + d + dq + dn
        score = m / total if total > 0 else 0.0
        legal_q = q.norm.legal
        legal_n = rec.norm.legal
        capped = False
        if not distinctive and score > COMMON_ONLY_CAP and not (
                all(legal_q[i] for i in uq) and all(legal_n[j] for j in un)):
            score = COMMON_ONLY_CAP
            capped = True
        if verdict.blocked and score > BLOCKED_SCORE:
            score = BLOCKED_SCORE
        return score, (aligned, uq, un, capped, verdict, (lsim, lq, ql, qsim))

    def _details(self, q: _Query, rec: IndexedName, score: float, alignment: tuple) -> dict:
        """Why ``_score`` scored a name as it did: its alignment, word by word."""
        aligned, uq, un, capped, verdict, (lsim, lq, ql, qsim) = alignment
        if not verdict.notes:  # (the notes of a hit are only written for its explanation)
            idx = self._idx
            w = idx.w
            df = idx.df
            verdict = judge(rec.roles, rec.norm.tokens, rec.vids, w, df, lsim, lq,
                            q.tokens, q.norm.legal, q.norm.title, q.norm.arabic, q.eff, ql, qsim,
                            q.norm.family_end or 0, rec.person, DISTINCTIVE_WEIGHT, True)
        qtoks = q.tokens
        spans = q.spans
        nt = rec.norm.tokens
        return {
            "name_score": round(score, 4),
            "query_tokens": list(qtoks),
            "name_tokens": list(nt),
            "aligned": [  # (a query span, or -1 - a query word compared directly)
                {"query": spans[j][0] if j >= 0 else qtoks[-1 - j], "list": nt[c] if e == c + 1 else " ".join(nt[c:e]),
                 "similarity": _rounded(sim, 3), "weight": _rounded(wv, 2)}
                for j, c, e, sim, wv in sorted(aligned, key=itemgetter(1))
            ],
            "unmatched_query": [qtoks[i] for i in uq],
            "unmatched_list": [nt[j] for j in un],
            "truncated": False,
            "common_words_only": capped,
            "blocked": verdict.blocked,
            "structure": verdict.notes,
        }

    def _plain_weight(self, t: str) -> float:
        idx = self._idx
        v = idx.vid.get(t)
        if v is not None and idx.df[v] > 0:
            return idx.w[v]
        if len(t) <= 4 or idx.is_legal_word(t):
            return LEGAL_WEIGHT
        return min(idx.unknown_weight(), weight_cap(t))

    def _truncation_score(self, qtoks: tuple[str, ...], qkey: str, rec: IndexedName,
                          explain: bool = False) -> tuple[float, dict | None]:
        """The query is the start of this name (a field cut short): words after the cut count
        little, a cut-off last word counts as a near match."""
        nt = rec.plain
        k = len(qtoks)
        if k == 0 or k > len(nt):
            return 0.0, None
        if qtoks[k - 1] != nt[k - 1] and gender_pair(qtoks[k - 1], nt[k - 1]):
            return 0.0, None  # "Gabriel" is not "Gabriela" cut short
        if qtoks[k - 1] != nt[k - 1] and len(qtoks[k - 1]) < 3:
            k -= 1  # one or two letters of the cut-off word tell nothing: count it as cut
            if k == 0:
                return 0.0, None
        m = d = 0.0
        distinctive = False
        for j in range(k):
            wv = self._plain_weight(nt[j])
            sim = 1.0 if qtoks[j] == nt[j] else PREFIX_SIM
            m += sim * wv
            d += (1.0 - sim) * wv
            if wv >= DISTINCTIVE_WEIGHT and (sim == 1.0 or len(qtoks[j]) >= 4):
                distinctive = True
        rest = 0.0
        for j in range(k, len(nt)):
            rest += self._plain_weight(nt[j])
        d += BETA_TRUNCATED * rest
        score = m / (m + d) if m > 0 else 0.0
        long_enough = len(qkey) >= TRUNCATION_LONG_CHARS and len(qkey) >= TRUNCATION_LONG_SHARE * len(
            rec.plain_key)
        capped = False
        if not distinctive and not long_enough and score > COMMON_ONLY_CAP:
            score = COMMON_ONLY_CAP
            capped = True
        if not explain:
            return score, None
        det = {
            "name_score": round(score, 4),
            "query_tokens": list(qtoks),
            "name_tokens": list(nt),
            "aligned": [{"query": qtoks[j], "list": nt[j], "similarity": 1.0 if qtoks[j] == nt[j] else PREFIX_SIM,
                         "weight": round(self._plain_weight(nt[j]), 2)} for j in range(k)],
            "unmatched_query": list(qtoks[k:]),
            "unmatched_list": list(nt[k:]),
            "truncated": True,
            "common_words_only": capped,
        }
        return score, det

    # -- adjustments --------------------------------------------------------------------------
    @staticmethod
    def _adjust(query: PartyQuery, entry: WatchlistEntry) -> dict[str, float]:
        adj: dict[str, float] = {}
        if query.country and entry.countries:
            qc = query.country.strip().upper()
            if qc in {c.upper() for c in entry.countries}:
                adj["country"] = COUNTRY_MATCH
            else:
                adj["country"] = COUNTRY_MISMATCH
        if query.type and entry.type != "unknown":
            qt = query.type.strip().lower()
            et = entry.type
            if qt in _PERSON and et != "person" or qt in _ORG and et == "person":
                adj["type"] = TYPE_MISMATCH
            elif qt in _ORG and et in ("vessel", "aircraft"):
                adj["type"] = TYPE_OBJECT_MISMATCH
        if query.address and entry.addresses:
            best = 0.0
            for a in entry.addresses[:25]:
                try:
                    s = compare_address(query.address, a)
                except Exception:  # pragma: no cover - defensive
                    s = 0.0
                if s > best:
                    best = s
            if best >= ADDRESS_MIN:
                adj["address"] = round(ADDRESS_MATCH * best, 4)
        return adj

    # -- matching -----------------------------------------------------------------------------
    def _normalise(self, query: PartyQuery) -> tuple[NormName | None, NormName | None, NormName]:
        """(form for organisation names, form for person names, the name with legal forms as
        written -- for truncated fields); the first two are None when not wanted."""
        name = query.name or ""
        qtype = (query.type or "").strip().lower()
        if qtype in _PERSON:
            plain = normalize_name(name, org_forms=False)
            return None, plain, plain
        org, plain = normalize_both(name)
        # normalize_both's person form is the name as written, unless the legal forms were only
        # rewritten at an edge (then it hands the organisation form twice and keeps the written
        # one in .plain).
        written = org.plain if org.plain is not None else plain
        if qtype in _ORG:
            return org, None, written
        return org, plain, written

    def _long_word(self, t: str) -> tuple:
        """(``t`` is in the vocabulary, the two known words ``t`` is written together from, or
        ()) for a word of 6 letters or more, cached (see ``_split_joined``)."""
        splits: dict = self._splits
        info = splits.get(t)
        if info is None:
            idx = self._idx
            v = idx.vid.get(t)
            known = v is not None and idx.df[v] > 0
            parts = self._split_word(t) if not known and len(t) <= FUZZY_MAX_LEN else ()
            info = ((v is not None), parts)
            if len(splits) >= WORD_CACHE_SIZE:
                splits.clear()
            splits[t] = info
        return info

    def _split_joined(self, norm: NormName, org_forms: bool) -> NormName:
        """``norm`` with each word the list does not know, but which is two words it knows
        written together, split into them ("SiemensAG" -> siemens ag, "vanderbilt" -> van
        derbilt, "ABDERRAHMANEKIFANE" -> abderrahmane kifane). The word as written stays an
        other spelling of the pair."""
        toks: tuple = norm.tokens
        split: dict = None
        n: cython.Py_ssize_t = len(toks)
        i: cython.Py_ssize_t
        for i in range(n):
            t = toks[i]
            if len(t) < 6:
                continue
            parts = self._long_word(t)[1]
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
                a, b = split[i]
                if org_forms:
                    b = replace_org_types(b)
                alts.append((t, len(new), len(new) + 2))
                new.extend((a, b))
            else:
                new.append(t)
        tt = tuple(new)
        f = _falses(len(tt))
        out = NormName(tt, _legal_flags(tt) if org_forms else f, f, f, tuple(alts), 0)
        out.plain = norm.plain
        return out

    def _split_word(self, t: str) -> tuple:
        """Where ``t`` splits into two words the list knows (the longer first part wins); ()."""
        idx = self._idx
        vid: dict = idx.vid
        df: list = idx.df
        n: cython.Py_ssize_t = len(t)
        i: cython.Py_ssize_t
        for i in range(n - 2, 1, -1):
            a = t[:i]
            va = vid.get(a)
            if va is None or df[va] <= 0 or (i < 4 and a not in PARTICLES):
                continue
            b = t[i:]
            if b in LEGAL_FORMS or b in _LEGAL_SUFFIXES:
                return (a, b)  # "SiemensAG"
            # two words of one listed name ("ABDERRAHMANEKIFANE" for "KIFANE, Abderrahmane"; a
            # particle and a join, "vanderbilt"), never two words that merely exist somewhere
            if n >= 8 and n - i >= 4:
                vb = vid.get(b)
                if vb is not None and df[vb] > 0 and not idx.post[va].isdisjoint(idx.post[vb]):
                    return (a, b)
        return ()

    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        org, plain, written = self._normalise(query)
        okey = org.key if org is not None else None
        pkey = plain.key if plain is not None else None
        if not okey and not pkey:
            return []
        key = (okey, pkey, org.legal if org is not None else None, query.country, query.type,
               query.address, self.threshold)
        cache = self._cache
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
            self.cache_hits += 1
            return cached[:limit]
        self.cache_misses += 1
        hits = self._match(org, plain, written, query)
        cache[key] = hits or _NO_HITS
        if len(cache) > self._cache_size:
            cache.popitem(last=False)
        return hits[:limit]

    def match_many(self, queries: Sequence[PartyQuery], limit: int = 5) -> list[list[MatchHit]]:
        """``match`` for each query, with the cyclic garbage collector paused: matching makes
        only acyclic temporaries, which reference counting frees at once, and the collector's
        passes over them cost about a tenth of the time."""
        match = self.match
        with gc_paused():
            return [match(q, limit) for q in queries]

    def _match(self, org: NormName | None, plain: NormName | None, written: NormName, query: PartyQuery,
               max_hits: int = 10) -> list[MatchHit]:
        floor = self.threshold - MAX_BONUS
        # words the list does not know but two of its words written together are split
        # (after the result cache: the split depends on the list only)
        unknown = False  # (most names have no long word the list lacks)
        splits = False
        for t in (org if org is not None else plain).tokens:
            if len(t) >= 6:
                info = self._long_word(t)
                if not info[0]:
                    unknown = True
                if info[1]:
                    splits = True
        if unknown:
            if org is not None:
                if splits:
                    same = plain is org
                    org = self._split_joined(org, True)
                    if same:
                        plain = org
                if plain is not None and plain is not org:
                    plain = self._split_joined(plain, False)
            elif splits:
                plain = self._split_joined(plain, False)
        qo = self._prepare(org, floor) if org is not None and org.tokens else None
        qp: _Query | None = None
        have_plain = plain is not None and bool(plain.tokens)
        if have_plain:
            if plain is org:
                qp = qo
                have_plain = qo is not None
            elif org is None or qo is None:
                qp = self._prepare(plain, floor)  # type: ignore[arg-type]
                have_plain = qp is not None
        # Candidates come from the organisation form when there is one; the person form
        # (legal forms left as written) is only prepared if a person name is to be scored.
        base = qo if qo is not None else qp
        person_q: _PersonForm = None
        cands: list = []
        bounds: dict = {}
        if base is not None:  # (most names on no list stop here: neither form can reach the floor)
            person_q = _PersonForm(self, plain if have_plain else None, qp)
            bounded = self._candidates(base, floor, person_q if have_plain and base is qo else None)
            cands = [nid for nid, _ in bounded]
            bounds = dict(bounded)
            qp = person_q.q
        # Truncated fields: names whose text (legal forms as written) starts with the query's.
        tnorm = written
        trunc: list[int] = []
        if len(query.name or "") >= TRUNCATION_MIN_CHARS:
            if len(tnorm.key) >= TRUNCATION_MIN_CHARS:
                trunc = self._idx.prefixed(tnorm.key, TRUNCATION_CANDIDATES)
        if not cands and not trunc:
            return []
        idx = self._idx
        names = idx.names
        best: dict[str, tuple] = {}  # entry key -> (score, name id, truncated?, query form, alignment)
        for nid in dict.fromkeys(cands + trunc):
            rec = names[nid]
            if rec is None:  # pragma: no cover - postings never keep removed names
                continue
            cur = best.get(rec.key)
            if cur is not None and not trunc and cur[0] >= bounds.get(nid, 1.0):
                continue  # another name of this entry already scores what this one at most could
            if rec.person and have_plain:
                qp = person_q()
                q = qp
            else:
                q = qo if qo is not None else qp
            s = 0.0
            alignment = None
            if q is not None:
                s, alignment = self._score(q, rec, floor)
            is_trunc = False
            if trunc and rec.plain_key != tnorm.key and rec.plain_key.startswith(tnorm.key):  # type: ignore[union-attr]
                ts, _ = self._truncation_score(tnorm.tokens, tnorm.key, rec)
                if ts > s:
                    s = ts
                    is_trunc = True
            if s < floor:
                continue
            if cur is None or s > cur[0]:
                best[rec.key] = (s, nid, is_trunc, q, alignment)
        hits: list[MatchHit] = []
        for key, (base, nid, is_trunc, q, alignment) in best.items():
            entry = idx.entries[key]
            adj = self._adjust(query, entry)
            score = base + sum(adj.values())
            score = 0.0 if score < 0.0 else 1.0 if score > 1.0 else score
            if score < self.threshold:
                continue
            rec = names[nid]
            if is_trunc and tnorm is not None:
                _, det = self._truncation_score(tnorm.tokens, tnorm.key, rec, explain=True)
            else:
                det = self._details(q, rec, base, alignment) if alignment is not None else None
            hits.append(self._hit(entry, rec, score, base, adj, det or {}))
        hits.sort(key=lambda h: (-h.score, h.list, h.entry_id))
        return hits[:max_hits]

    @staticmethod
    def _hit(entry: WatchlistEntry, rec: IndexedName, score: float, base: float,
             adj: dict[str, float], det: dict) -> MatchHit:
        parts = []
        for a in det.get("aligned", []):
            sim = a["similarity"]
            if sim >= 0.999 and a["query"].replace(" ", "") == a["list"].replace(" ", ""):
                parts.append(a["list"])
            else:
                parts.append(f"{a['query']}~{a['list']} {_two_places(sim)}")
        which = f"alias '{rec.raw}'" if rec.alias else f"name '{rec.raw}'"
        text = f"name {base:.2f} on {which}: " + ", ".join(parts)
        if det.get("unmatched_query"):
            text += "; query-only: " + " ".join(det["unmatched_query"])
        if det.get("unmatched_list"):
            text += "; list-only: " + " ".join(det["unmatched_list"])
        if det.get("truncated"):
            text += "; query looks truncated (matches the start of the name)"
        if det.get("common_words_only"):
            text += "; only common words matched (capped)"
        if det.get("blocked"):
            text += "; ruled out: " + det["blocked"]
        if det.get("structure"):
            text += "; " + "; ".join(det["structure"])
        for k, v in adj.items():
            text += f"; {k} {v:+.2f}"
        text += f" -> {score:.2f}"
        # (``det`` is this hit's own: made by _details or _truncation_score for it alone)
        final = round(score, 4)
        det["score"] = final
        det["base_score"] = round(base, 4)
        det["adjustments"] = adj
        det["alias_index"] = rec.alias
        det["entry_type"] = entry.type
        return MatchHit(entry.entry_id, entry.list, entry.names[0], rec.raw, final, text, det, entry.list_id)


# Explanations round the same few similarities and word weights again and again, and
# ``round(x, n)`` on a float costs a decimal conversion each time: these remember them (floats
# only, and not zero, so that an int or a -0.0 still comes back exactly as round gives it).
_ROUNDED: dict = {2: {}, 3: {}}  # places -> {x: round(x, places)}
_TWO_PLACES: dict = {}


def _rounded(x: float, places: int) -> float:
    memo = _ROUNDED.get(places)
    if memo is None or type(x) is not float or x == 0.0:
        return round(x, places)
    r = memo.get(x)
    if r is None:
        if len(memo) >= 100_000:
            memo.clear()
        r = memo[x] = round(x, places)
    return r


def _two_places(x: float) -> str:
    if type(x) is not float or x == 0.0:
        return f"{x:.2f}"
    r = _TWO_PLACES.get(x)
    if r is None:
        if len(_TWO_PLACES) >= 100_000:
            _TWO_PLACES.clear()
        r = _TWO_PLACES[x] = f"{x:.2f}"
    return r


_NO_HITS: list[MatchHit] = []
_EMPTY_SPAN: _Span = ((), (), "", "", "")
