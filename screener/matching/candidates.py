"""Candidate search and bounding: which listed names are worth aligning with a query.

A hit needs a distinctive aligned word, or else every word aligned on both sides
(``alignment.COMMON_ONLY_CAP``). So:

- when the query has words that could align distinctively (``Query.rare``), the candidates are
  the names holding one of those (their postings are short by nature), ranked by the sum over
  the query's positions of each name's best distinctive pair (``NameSums.distinctive``);
- when it has none, the candidates are the names holding a word every query position can align
  with (``all_aligned``: set intersections in C).

Each candidate is then bounded (``NameSums.bounded``): which query positions can align with it
at all, read from one look-up per word of the name, gives the most its score can be; only the
names that can still reach the floor are aligned in full, at most MAX_SCORED, best bound first.

``NameSums`` keeps its sums and marks in flat arrays indexed by name id and vocabulary id,
stamped per query instead of cleared, so that its loops over postings are C loops when
compiled.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable

import cython

from screener.matching.caches import SET_CACHE_SIZE, EngineCaches
from screener.matching.index import NameIndex
from screener.matching.lexicon import abbreviates
from screener.matching.query import INITIAL_WEIGHT, may_reach
from screener.matching.similarity import INITIAL_SIM
from screener.matching.structure import ALPHA_CONTAINED, CONTAINED_MIN_WEIGHT, EXTRA_PERSON
from screener.matching.weights import DISTINCTIVE_WEIGHT

if cython.compiled:
    from cython.cimports.screener.matching.records import IndexedName, Query, Span, settled
else:
    from screener.matching.records import IndexedName, Query, Span, settled

MAX_CANDIDATES = 24  # names bounded per query
MAX_CANDIDATES_READ = 64  # ... when it was read from another script (fewer, and its look-ups looser)
MAX_SCORED = 12  # names fully aligned per query
COMMON_SPELLING_PLACES = 4  # ... of which kept for a common word a rare query word may spell
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
class NameSums:
    """Candidate names of a query with distinctive words: per query position each name's best
    distinctive pair, summed over the positions, then the best MAX_CANDIDATES. Among equals,
    names with less left over (an exact name before the longer names that contain it), and
    names whose words start with the query's initials ("K. QADDAFI" among a family of Qaddafis).

    The sums live in flat arrays indexed by name id, stamped per query and position instead of
    cleared, so that the loops over postings are C loops when compiled (a dict per position
    cost 60 to 80 ns per posting). One per engine: not for concurrent use."""

    best: cython.double[:]  # a name's best pair at the current position
    acc: cython.double[:]  # its sum over the positions so far
    short: cython.double[:]  # what its best pairs fall short of each position's best pair, summed
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
    dstamp: cython.longlong  # the ``seen`` stamp of the last distinctive search (-1: none for this query)
    vstamp0: cython.longlong
    vstamp1: cython.longlong

    def __init__(self):
        self.stamp = 1
        self.dstamp = -1
        self.vstamp0 = self.vstamp1 = 0
        self.best = self.acc = self.short = self.keys = self.work = array("d")
        self.seen = self.slot_seen = self.here = self.order = self.vbits0 = self.vseen0 = self.vbits1 = self.vseen1 = array("q")

    def fit(self, names: cython.Py_ssize_t, vocabulary: cython.Py_ssize_t) -> None:
        """Room for name ids below ``names`` and vocabulary ids below ``vocabulary`` (fresh
        arrays when they grow: stamps only ever go up, so zeros are never taken for a mark)."""
        if names > len(self.acc):
            size = names + 1024
            self.best, self.acc, self.short, self.keys, self.work = (_zeros("d", size) for _ in range(5))
            self.seen, self.slot_seen, self.here, self.order = (_zeros("q", size) for _ in range(4))
        if vocabulary > len(self.vbits0):
            size = vocabulary + 4096
            self.vbits0, self.vseen0, self.vbits1, self.vseen1 = (_zeros("q", size) for _ in range(4))

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _load(self, q: Query, which: cython.int) -> None:
        """Mark, per vocabulary id, the positions of ``q`` it can align with (bit masks in a
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
        for vsets in q.pos_vsets:
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
    def bounded(self, cands: list, floor: cython.double, q: Query, person_q: object, idx: NameIndex) -> list:
        """Keep the candidates that could still reach ``floor`` given which query words can
        align with them at all: one look-up per word of the name (``NameIndex.name_codes``)."""
        names: list = idx.names
        nw: list = idx.name_weight
        name_codes: list = idx.name_codes
        cores: list = idx.name_core
        core: bytes
        persons: bytearray = idx.name_person
        heads: list = idx.name_head
        firsts: list = idx.name_given1
        hv: cython.Py_ssize_t
        gv: cython.Py_ssize_t
        codes: bytes
        p4: cython.p_uchar
        k: cython.Py_ssize_t
        ni: cython.Py_ssize_t
        slack: cython.double
        short: cython.double[:] = self.short
        seen: cython.longlong[:] = self.seen
        dstamp: cython.longlong = self.dstamp
        sh: cython.double
        q_p: Query = None  # the person form, for person names
        qf: Query
        rec: IndexedName
        self._load(q, 0)
        kept: list = []
        gain: list
        cost: list
        initials: list
        npos: cython.Py_ssize_t
        vbits: cython.longlong[:]
        vseen: cython.longlong[:]
        st: cython.longlong
        hit: cython.longlong
        vi: cython.Py_ssize_t
        p: cython.Py_ssize_t
        m: cython.double
        d: cython.double
        dc: cython.double
        r: cython.double
        per: cython.double
        rest: cython.double
        wn: cython.double
        for nid in cands:
            ni = nid
            codes = name_codes[ni]
            if codes is None:  # pragma: no cover - postings never keep removed names
                continue
            if person_q is not None and persons[ni]:
                if q_p is None:
                    pq = person_q()
                    q_p = pq if pq is not None else q
                    self._load(q_p, 1)
                qf = q_p
                vbits = self.vbits1
                vseen = self.vseen1
                st = self.vstamp1
            else:
                qf = q
                vbits = self.vbits0
                vseen = self.vseen0
                st = self.vstamp0
            initials = qf.initials
            gain = qf.pos_gain
            # (a company's name lacking a generic word of the query costs what the score
            # charges: ALPHA_GENERIC of it; ARIZONA HOLDING S.A. for ARIZONA S.A.)
            cost = qf.pos_cost if persons[ni] else qf.pos_cost_org
            hit = 0
            p4 = codes
            for k in range(0, len(codes), 4):
                vi = p4[k] | (p4[k + 1] << 8) | (p4[k + 2] << 16) | (p4[k + 3] << 24)
                if vseen[vi] == st:
                    hit |= vbits[vi]
            m = 0.0
            d = qf.lost
            npos = len(gain)
            for p in range(npos):
                if p >= MASK_BITS or (hit >> p) & 1:
                    m += gain[p]
                else:
                    d += cost[p]
            r = 0.0
            wn = nw[ni]
            if initials or qf.run_initials:
                rec = names[ni]
                ri = rec.initials
                per = INITIAL_SIM * wn / len(rec.vids)
                for ch in initials:
                    if ch in ri:
                        r += per
                    else:
                        d += INITIAL_WEIGHT
                # a letter of a run the name does not hold as a word may still align as an
                # initial: not charged, and counted as one
                for pair in qf.run_initials:
                    p = pair[0]
                    if p < MASK_BITS and not (hit >> p) & 1 and pair[1] in ri:
                        d -= cost[p]
                        r += per
            slack = qf.slack  # (the person form's own: a legal form read in the organisation form sets none)
            if persons[ni] and slack < 1.0:
                # A person's extra names cost EXTRA_PERSON once the family name and the first
                # given name are met (structure.py): when both may be, and the query has room
                # for extra names (three words or more).
                hv = heads[ni]
                gv = firsts[ni]
                if hv >= 0 and vseen[hv] == st and (gv < 0 or vseen[gv] == st):
                    d *= EXTRA_PERSON
            # the query may hold the whole name (structure.ALPHA_CONTAINED): when its words can
            # meet every word of the name (``NameIndex.name_core``), its other words may cost that
            # little (the bound), though the rank counts them in full, so that such names do not
            # crowd out the ones the query's words meet as they are
            dc = d
            if not persons[ni] and m >= CONTAINED_MIN_WEIGHT:
                core = cores[ni]
                p4 = core
                for k in range(0, len(core), 4):
                    vi = p4[k] | (p4[k + 1] << 8) | (p4[k + 2] << 16) | (p4[k + 3] << 24)
                    if vseen[vi] != st:
                        break
                else:
                    dc = d * ALPHA_CONTAINED
            if m > 0.0 and m >= floor * (m + dc):
                # rank: the bound, with the name's own unmatched weight half counted, less what
                # its distinctive words fall short of the query's best look-up pairs (among the
                # many names an initial and a look-alike of the surname let through, the one
                # holding the surname as written first: A. A. AHMADIAN before HAMDAN, Ahmad)
                rest = wn - m - r
                sh = short[ni] if seen[ni] == dstamp else 0.0
                kept.append(((m + r - sh) / (m + r + d + (0.5 * rest if rest > 0 else 0.0)), -wn, nid,
                             (m + r) / (m + r + dc)))
        if len(kept) > MAX_SCORED:
            kept.sort(reverse=True)  # ties: the name with less weight of its own
            del kept[MAX_SCORED:]
        return [(nid, bound) for _, _, nid, bound in kept]

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def distinctive(self, rare: dict, initials: list, idx: NameIndex, cap: cython.Py_ssize_t = MAX_CANDIDATES) -> list:
        """``rare``: query position -> [((vocabulary id, x), ...)] (see ``Query.rare``).
        At most ``cap`` names; they come out in the order they were first met when there are
        few enough."""
        post_codes: list = idx.post_codes
        best: cython.double[:] = self.best
        acc: cython.double[:] = self.acc
        short: cython.double[:] = self.short
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
        top_x: cython.double
        codes: bytes
        p4: cython.p_uchar
        for groups in rare.values():
            ss += 1
            nh = 0
            top_x = 0.0
            for pairs in groups:
                for v, xo in pairs:
                    x = xo
                    if x > top_x:
                        top_x = x
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
                    short[nid] = top_x - best[nid]
                    order[n] = nid
                    n += 1
                else:
                    acc[nid] += best[nid]
                    short[nid] += top_x - best[nid]
        self.stamp = ss
        self.dstamp = qs
        i: cython.Py_ssize_t
        if n <= cap:
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
        cut: cython.double = _kth_largest(work, n, cap)
        # The best ``cap`` at or above the cut, best first (ties: the higher id), kept
        # as a short sorted run in the scratch arrays (a list of tuples sorted per query cost
        # a tenth of the time of names whose candidates end unbounded).
        top: cython.longlong[:] = here
        topk: cython.double[:] = work
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


def candidates(idx: NameIndex, caches: EngineCaches, sums: NameSums, q: Query | None, floor: float,
               person_q: Callable[[], Query | None] | None = None) -> list[tuple[int, float]]:
    """Names worth scoring, best first, with a bound on each one's score.

    A hit needs a distinctive aligned word, or else every word aligned on both sides
    (``COMMON_ONLY_CAP``). So when the query has words that could align distinctively, only
    names holding one of those are candidates (their postings are short by nature); when it
    has none, only names holding every one of its words are (set intersections in C).
    Each candidate is then bounded by which query words can align with it at all.
    """
    if q is None:
        return []
    sums.dstamp = -1  # (set by a distinctive search of this query, if any)
    reach = q.reach
    if not may_reach(reach, q.lost, floor):
        return []  # too much of the query is unknown to the list for any name to reach floor
    if q.rare:
        # A name read from Arabic, Hebrew or an East Asian script is looked up by looser keys
        # (consonants only), so more look-alikes compete for the places: it gets more of them
        # (such names are a small share of the traffic)
        read = any(q.norm.arabic)
        cands = sums.distinctive(q.rare, _all_initials(q), idx, MAX_CANDIDATES_READ if read else MAX_CANDIDATES)
        if read:
            sums.dstamp = -1  # (its look-up pairs are by consonants: the best of them is no better a guess)
        # (a word read from another script with an exact other spelling, or no distinctive word
        # on the list as written: the name may be one of common words only -- see below)
        common_only = q.lost <= 0.0 and (q.norm.alts or not exact_rare(idx, q))
        if q.lost <= 0.0 and not common_only and rare_spelling_of_common(idx, q):
            # The names of the common word it may spell are bounded apart and come after those
            # holding the rare spelling as written (on equal bounds they would come first,
            # lighter: MOHAMED, Mahmoud before MAHAMED, Mostafa for "MAHAMED, M."), in the
            # places those leave, and at least COMMON_SPELLING_PLACES
            first = sums.bounded(cands, floor, q, person_q, idx)
            chosen = set(cands)
            extra = [nid for nid in all_aligned(idx, caches, q) if nid not in chosen]
            if extra:
                room = max(MAX_SCORED - len(first), COMMON_SPELLING_PLACES)
                del first[MAX_SCORED - room:]
                first.extend(sums.bounded(extra, floor, q, person_q, idx)[:room])
            return first
        if common_only:
            # A name of common words only can still be aligned word for word when a word
            # read from another script has an exact other spelling ("Елецтроницс" ->
            # "electronics") next to a fuzzy pair that is rare. (Doing this for every query
            # would also catch typos of such names, at a tenth of the engine's speed.)
            # (not "met by the distinctive search": a name met there may have been cut from
            # its best MAX_CANDIDATES, as MUHAMMAD, Faysal by rarer look-alikes of فيصل)
            chosen = set(cands)
            for nid in all_aligned(idx, caches, q):
                if nid not in chosen:
                    cands.append(nid)
    else:
        # Common words only: a hit must align all of them, and nothing may be lost.
        if q.lost > 0:
            return []
        cands = all_aligned(idx, caches, q)
        if not cands:
            return []
    # Keep the candidates that could still reach ``floor`` given which query words can align
    # with them at all, most promising first, at most MAX_SCORED, each with that bound on its
    # score. ``person_q`` gives the person form of the query, used for person names.
    return sums.bounded(cands, floor, q, person_q, idx)

CLOSE_SPELLING_SIM = 0.88  # how alike a rare spelling and a common word must be to be one name


def rare_spelling_of_common(idx: NameIndex, q: Query) -> bool:
    """A query word that is on the list as written, and rare there, is also a close spelling of a
    common list word: HASSANE, rare as the lists spell it, is HASAN, one of the commonest. The
    name may then be of common words only, written otherwise ("HASSANE, Bilal" for HASAN,
    Bilal), and the distinctive search, led by the rare spelling's few names, would not reach
    it."""
    w: list = idx.w
    vid: dict = idx.vid
    span_text: list = q.span_text
    span_rec: list = q.span_rec
    j: cython.Py_ssize_t
    sp: Span
    for j in range(len(span_text)):
        v = vid.get(span_text[j])
        if v is None or w[v] < DISTINCTIVE_WEIGHT:
            continue
        sp = span_rec[j]
        for pair in sp.exps:
            if pair[1] >= CLOSE_SPELLING_SIM and w[pair[0]] < DISTINCTIVE_WEIGHT:
                return True
    return False


def exact_rare(idx: NameIndex, q: Query) -> bool:
    """Some distinctive word of the query is on the list as written, and stands for nothing
    else. When none is, the distinctive pairs are only look-alikes (an abbreviation "Hldg" is
    also like the rare "HLDP"), and the name may be one of common words only, aligned word for
    word. Nor does a short word the list holds as written count when it also abbreviates a
    common word of the list among other words of the name: "Shpg" is a rare word of its own on
    the list, and "Pacific Ocean Shpg Ltd" is PACIFIC OCEAN SHIPPING LIMITED. (A short word
    alone, legal forms aside, is read as the acronym it more likely is: "SERC", "IMT Co.")"""
    vstr: list = idx.vstr
    texts = set(q.span_text)
    found = False
    for groups in q.rare.values():  # (position -> one tuple of (word id, gain) per span there)
        for group in groups:
            for pair in group:
                text = vstr[pair[0]]
                if text in texts:
                    if len(text) <= 6 and len(q.pos_gain) >= 2 and _abbreviates_common(idx, q, text):
                        return False
                    found = True
    return found


def _abbreviates_common(idx: NameIndex, q: Query, text: str) -> bool:
    """The query word ``text`` may also be a common list word abbreviated (its look-ups say so)."""
    w: list = idx.w
    vstr: list = idx.vstr
    for k in range(len(q.span_text)):
        if q.span_text[k] != text:
            continue
        for pair in q.span_rec[k].exps:
            word = vstr[pair[0]]
            if w[pair[0]] < DISTINCTIVE_WEIGHT and len(word) > len(text) and abbreviates(text, word):
                return True
    return False


def all_aligned(idx: NameIndex, caches: EngineCaches, q: Query) -> list:
    """Names holding a word each query position can align with (set intersections in C,
    each position's set cached by its id sets), at most MAX_CANDIDATES, nearest in weight to
    the query's own words first (``own_weight``)."""
    if not q.pos_vsets:
        return []
    post: list = idx.post
    cache: dict = caches.sets
    sets: list = []
    optional: list = []  # (a generic word a company's name may lack: ... LOGISTICS SERVICES CO.)
    generic: list = q.pos_generic
    k: cython.Py_ssize_t = -1
    for vsets in q.pos_vsets:
        k += 1
        key = tuple(vsets)
        hit = cache.get(key)
        if hit is None:
            hit = settled(frozenset().union(*(post[v] for vs in vsets for v in vs)))
            settled(key)
            if len(cache) >= SET_CACHE_SIZE:
                cache.clear()
            cache[key] = hit
        if generic[k]:
            optional.append(hit)
        else:
            sets.append(hit)
    if len(sets) < 2:  # (two words of the name's own at least, or every word)
        if len(sets) + len(optional) >= 3:
            # a name of generic words only ("GOLDEN STAR SERVICES CO"): a listed name may lack
            # any one of them (GOLDEN STAR CO), as it may lack an added "Services" elsewhere
            found: set = set()
            for k in range(len(optional)):
                part = _intersection(sets + optional[:k] + optional[k + 1:])
                if part:
                    found.update(part)
            return nearest(idx, found, own_weight(q), _all_initials(q))
        sets.extend(optional)
        optional = []
    common = _intersection(sets)
    if not common:
        return []
    for other in optional:
        narrower = common & other
        if narrower:
            common = narrower
    return nearest(idx, common, own_weight(q), _all_initials(q))


def own_weight(q: Query) -> float:
    """What the query's positions weigh on the list's scale: each its word's weight, or what
    it can add when that is less (a misspelt word, unknown to the list, weighs as an unknown
    word, but can only add its look-alike's weight). Not ``Query.reach``, which counts a word
    once more for each join of it with a neighbour the list knows (AHMAD+ALI, ALI+AHMAD), and
    so would rank names heavier than the query first: AHMAD, Ahmad Ali Ahmad before the exact
    AHMAD, Ahmad Ali."""
    total: cython.double = 0.0
    gain: list = q.pos_gain
    cost: list = q.pos_cost
    g: cython.double
    c: cython.double
    p: cython.Py_ssize_t
    for p in range(len(gain)):
        g = gain[p]
        c = cost[p]
        total += g if g < c else c
    return total


def _all_initials(q: Query) -> list:
    """The query's initials, those a run of them covers too."""
    if not q.run_initials:
        return q.initials
    return q.initials + [pair[1] for pair in q.run_initials]


def _intersection(sets: list):
    """The names every set holds (smallest first, stopping at the first empty result)."""
    sets = sorted(sets, key=len)
    common = sets[0]
    for other in sets[1:]:
        common = common & other
        if not common:
            break
    return common


def nearest(idx: NameIndex, nids, weight: float, initials=None) -> list:
    """At most MAX_CANDIDATES of ``nids``, nearest in total weight to ``weight`` (the query's);
    names with more of the query's initials among their words' first letters first ("A. H.
    Mustafa": the Mustafas whose given names start with A and H, not the first Mustafas in
    weight)."""
    if len(nids) > MAX_CANDIDATES:
        nw = idx.name_weight
        if initials:
            names = idx.names

            def key(nid):
                ri = names[nid].initials
                return (-sum([1 for ch in initials if ch in ri]), abs(nw[nid] - weight))

            return heapq.nsmallest(MAX_CANDIDATES, nids, key=key)
        return heapq.nsmallest(MAX_CANDIDATES, nids, key=lambda nid: abs(nw[nid] - weight))
    return list(nids)
