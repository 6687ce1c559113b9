"""The indexed matching engine behind :class:`~screener.matching.base.Matcher`.

Per query:

1. normalise (``normalize.py``); a query of unknown type is normalised twice, with legal forms
   rewritten (compared with organisation names) and without (compared with person names, so a
   Korean "Se" or a Chinese "Yu" is not taken for a legal form);
2. expand each query word to the list words it may be (fuzzy keys in ``index.py``, cached per
   word);
3. gather candidate names from the postings of the query's rarest words only (prefix filtering:
   a name that has none of them cannot align enough of the query to reach the threshold), plus
   names whose text starts with the whole query (a truncated field);
4. align and score the best few candidates (``_score``): IDF-weighted share of matched words,
   with role-aware costs for what is left unmatched on either side;
5. adjust for country, type and address; explain.

See docs/matching.md for the reasoning and the measurements.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from rigour._core import compare_address

from screener.events.control import WatchlistEntry, entry_key
from screener.matching.base import DEFAULT_HOLD_THRESHOLD, Matcher, MatchHit, PartyQuery
from screener.matching.index import IndexedName, NameIndex
from screener.matching.normalize import NormName, arabic_key, is_patronymic, normalize_name
from screener.matching.similarity import (
    MIN_TOKEN_SIM,
    PREFIX_SIM,
    deletes,
    fold,
    metaphone,
    skel,
    token_similarity,
)
from screener.matching.weights import DISTINCTIVE_WEIGHT, LEGAL_WEIGHT, STOPWORD_WEIGHT, weight_cap

# --- scoring parameters (see docs/matching.md) -------------------------------------------------
ALPHA_SYLLABLE = 0.5  # an unaligned syllable of a Han/Kana/Hangul word counts this much of a word
ALPHA_PATRONYMIC = 0.35  # a patronymic the list does not carry
INITIAL_WEIGHT = 0.6  # an unaligned initial (one-letter word) in the query
SHORT_UNKNOWN_WEIGHT = 1.0  # an unknown two-letter word in the query
THREE_LETTER_UNKNOWN_WEIGHT = 4.0
ARABIC_SIM = 0.9  # a word read from Arabic script whose consonant skeleton equals a list word's
ARABIC_SHORT_SIM = 0.85  # the same for two-consonant skeletons
PREFIX_TAU = 0.6  # a candidate must be able to align this share of the query's alignable weight
MAX_CANDIDATES = 24  # names fully scored per query
BETA_TRUNCATED = 0.1  # list words after the cut of a truncated query
TRUNCATION_MIN_CHARS = 10
TRUNCATION_CANDIDATES = 16
TRUNCATION_LONG_CHARS = 15  # a cut-off query this long needs no distinctive word ...
TRUNCATION_LONG_SHARE = 0.6  # ... when it covers this share of the list name
COMMON_ONLY_CAP = 0.75  # best score of a match that rests on common words only
# adjustments
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.03
TYPE_MISMATCH = -0.15  # person vs organisation
TYPE_OBJECT_MISMATCH = -0.05  # organisation vs vessel/aircraft
ADDRESS_MATCH = 0.05  # times the address similarity, when it is at least ADDRESS_MIN
ADDRESS_MIN = 0.5
MAX_BONUS = COUNTRY_MATCH + ADDRESS_MATCH

CACHE_SIZE = 50_000
EXPANSION_CACHE_SIZE = 200_000
PAIR_CACHE_SIZE = 200_000

_PERSON = {"person", "individual"}
_ORG = {"organization", "organisation", "company", "entity"}

Expansion = tuple[tuple[tuple[int, float], ...], str, str, str]


@dataclass(slots=True)
class _Query:
    norm: NormName
    tokens: tuple[str, ...]
    joined: str
    eff: list[float]  # effective weight of each token when left unaligned
    spans: list[tuple[str, int, int]]  # (text, start, end): words, joins, other spellings
    span_exps: list[tuple[tuple[int, float], ...]]  # list words each span may be
    qinv: dict[int, list[tuple[int, float]]]  # vocabulary id -> [(span index, similarity)]
    metas: list[str]
    skels: list[str]
    folds: list[str]
    alignable: int  # bit mask of positions some list word may align with
    contrib: list[float]  # most each position can add to an alignment (list weight x similarity)
    reach: float  # sum of contrib over non-legal positions
    lost: float  # unaligned cost of the non-legal positions nothing on the list may align with


def _bits(s: int, e: int) -> int:
    return ((1 << e) - 1) ^ ((1 << s) - 1)


class MatchingEngine(Matcher):
    """Indexed, incremental name matcher over watch-list entries."""

    def __init__(self, entries: Iterable[WatchlistEntry] = (), threshold: float | None = None,
                 cache_size: int = CACHE_SIZE):
        self.threshold = DEFAULT_HOLD_THRESHOLD if threshold is None else threshold
        self._idx = NameIndex()
        self._cache: OrderedDict[tuple, list[MatchHit]] = OrderedDict()
        self._cache_size = cache_size
        self._exp: dict[str, Expansion] = {}
        self._pairs: dict[tuple[str, str], float] = {}
        self.version = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self._idx.bulk_load(entries)
        self._changed()

    # -- list maintenance ---------------------------------------------------------------------
    def _changed(self) -> None:
        """Called after every change of the list: results cached for the old list are dropped."""
        self.version += 1
        self._cache.clear()
        if self._idx.vocab_grew:  # a new word may be a fuzzy match of a cached query word
            self._exp.clear()
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
        for k in [k for k, e in self._idx.entries.items() if e.list == list_name and k not in new_keys]:
            self._idx.remove(k)
        # Unchanged entries are kept as they are; changed and new ones are (re)indexed.
        self._idx.bulk_load(e for e in new if self._idx.entries.get(e.key) != e)
        self._changed()

    def __len__(self) -> int:
        return len(self._idx.entries)

    def entries(self) -> Iterable[WatchlistEntry]:
        return self._idx.entries.values()

    def clear_cache(self) -> None:
        """Drop the result cache (the per-word caches stay: they only depend on the list)."""
        self._cache.clear()

    def clear_all_caches(self) -> None:
        """Drop every cache, including per-word expansions (for cold-cache measurements)."""
        self._cache.clear()
        self._exp.clear()
        self._pairs.clear()

    # -- query preparation --------------------------------------------------------------------
    def _expand(self, text: str, single: bool) -> Expansion:
        """List words ``text`` may be: ((vocabulary id, similarity), ...) and its metaphone,
        skeleton and fold keys. Cached per word."""
        key = text if single else "+" + text
        hit = self._exp.get(key)
        if hit is not None:
            return hit
        idx = self._idx
        found: set[int] = set()
        v = idx.vid.get(text)
        if v is not None:
            found.add(v)
        m = s = f = ""
        if len(text) >= 4:
            dels = idx.dels
            lst = dels.get(text)
            if lst:
                found.update(lst)
            for d in deletes(text):
                lst = dels.get(d)
                if lst:
                    found.update(lst)
        if single:
            m = metaphone(text)
            s = skel(text)
            f = fold(text)
            for k, table in ((m, idx.metas), (s, idx.skels), (f, idx.folds)):
                if k:
                    lst = table.get(k)
                    if lst:
                        found.update(lst)
        out = []
        df = idx.df
        vstr = idx.vstr
        vmeta = idx.vmeta
        vskel = idx.vskel
        vfold = idx.vfold
        for v in found:
            if df[v] <= 0:
                continue
            sim = token_similarity(text, vstr[v], m, vmeta[v], s, vskel[v], f, vfold[v])
            if sim >= MIN_TOKEN_SIM:
                out.append((v, sim))
        out.sort(key=itemgetter(1), reverse=True)
        res = (tuple(out), m, s, f)
        if len(self._exp) >= EXPANSION_CACHE_SIZE:
            self._exp.clear()
        self._exp[key] = res
        return res

    def _expand_arabic(self, text: str) -> tuple[tuple[int, float], ...]:
        """List words whose Arabic key equals that of a word read from Arabic script."""
        key = "#" + text
        hit = self._exp.get(key)
        if hit is not None:
            return hit[0]
        idx = self._idx
        keys = {arabic_key(text)}
        if text.startswith("al") and len(text) > 4:  # the article written onto the word
            keys.add(arabic_key(text[2:]))
        out: dict[int, float] = {}
        for k in keys:
            if len(k) < 2:
                continue
            sim = ARABIC_SIM if len(k) >= 3 else ARABIC_SHORT_SIM
            for v in idx.akeys.get(k, ()):
                if idx.df[v] > 0 and out.get(v, 0.0) < sim:
                    out[v] = sim
        res = tuple(out.items())
        if len(self._exp) >= EXPANSION_CACHE_SIZE:
            self._exp.clear()
        self._exp[key] = (res, "", "", "")
        return res

    def _query_weight(self, t: str, legal: bool, syllabic: bool) -> float:
        idx = self._idx
        if legal:
            return LEGAL_WEIGHT
        n = len(t)
        if n == 1:
            return INITIAL_WEIGHT
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
            x *= ALPHA_SYLLABLE
        elif is_patronymic(t):
            x *= ALPHA_PATRONYMIC
        return x

    def _prepare(self, norm: NormName) -> _Query:
        toks = norm.tokens
        n = len(toks)
        legal = norm.legal
        syl = norm.syllabic
        eff = [self._query_weight(t, legal[i], syl[i]) for i, t in enumerate(toks)]
        spans: list[tuple[str, int, int]] = [(t, i, i + 1) for i, t in enumerate(toks) if len(t) > 1]
        for i in range(n - 1):
            if not legal[i] and not legal[i + 1]:
                spans.append((toks[i] + toks[i + 1], i, i + 2))
        if any(syl):  # Han/Kana/Hangul syllables: words of up to four syllables
            for i in range(n):
                if syl[i]:
                    for k in (3, 4):
                        if i + k <= n and all(syl[i:i + k]) and not any(legal[i:i + k]):
                            spans.append(("".join(toks[i:i + k]), i, i + k))
        spans.extend(norm.alts)  # other transliterations of non-Latin words
        qinv: dict[int, list[tuple[int, float]]] = {}
        metas = [""] * n
        skels = [""] * n
        folds = [""] * n
        arab = norm.arabic
        has_arabic = any(arab)
        span_exps = []
        alignable = 0
        contrib = [0.0] * n
        w = self._idx.w
        for j, (text, s, e) in enumerate(spans):
            single = e - s == 1
            exps, m, sk, f = self._expand(text, single)
            if single and text == toks[s]:
                metas[s] = m
                skels[s] = sk
                folds[s] = f
            if has_arabic and arab[s]:
                exps = exps + self._expand_arabic(text)
            span_exps.append(exps)
            if exps:
                alignable |= _bits(s, e)
            best = contrib[s]
            for v, sim in exps:
                x = w[v] * sim
                if x > best:
                    best = x
                lst = qinv.get(v)
                if lst is None:
                    qinv[v] = [(j, sim)]
                else:
                    lst.append((j, sim))
            contrib[s] = best
        reach = lost = 0.0
        for i in range(n):
            if not legal[i]:
                if (alignable >> i) & 1:
                    reach += contrib[i]
                else:
                    lost += eff[i]
        return _Query(norm, toks, norm.key, eff, spans, span_exps, qinv, metas, skels, folds,
                      alignable, contrib, reach, lost)

    # -- candidates ---------------------------------------------------------------------------
    def _candidates(self, q: _Query, floor: float) -> list[int]:
        """Names worth scoring: hit by the query's rarest alignable words, best first."""
        reach = q.reach
        if reach <= 0 or reach / (reach + q.lost) < floor * 0.9:
            return []  # too much of the query is unknown to the list for any name to reach floor
        toks = q.tokens
        legal = q.norm.legal
        contrib = q.contrib
        order = sorted((i for i in range(len(toks)) if contrib[i] > 0 and not legal[i] and len(toks[i]) > 1),
                       key=lambda i: -contrib[i])
        # Prefix filtering: a name with none of the generating words can align at most ``rem``,
        # while the generating words it misses cost at least as much: its score stays under TAU.
        rem = reach
        gen = 0
        for i in order:
            if rem < PREFIX_TAU * reach:
                break
            gen |= 1 << i
            rem -= contrib[i]
        if not gen:
            return []
        idx = self._idx
        post = idx.post
        w = idx.w
        span_exps = q.span_exps
        slots: dict[int, dict[int, float]] = {}
        for j, (_, s, e) in enumerate(q.spans):
            if not gen & _bits(s, e):
                continue
            loc = slots.get(s)
            if loc is None:
                loc = slots[s] = {}
            get = loc.get
            for v, sim in span_exps[j]:
                x = w[v] * sim
                for nid in post[v]:
                    if get(nid, 0.0) < x:
                        loc[nid] = x
        acc: dict[int, float] = {}
        for loc in slots.values():
            if not acc:
                acc = dict(loc)
                continue
            get = acc.get
            for nid, x in loc.items():
                acc[nid] = get(nid, 0.0) + x
        if not acc:
            return []
        need = 0.5 * (PREFIX_TAU * reach - rem)
        if len(acc) > MAX_CANDIDATES:
            # Best first; among equals, names with less left over (an exact name before the
            # longer names that contain it).
            nw = idx.name_weight
            best = heapq.nlargest(MAX_CANDIDATES, acc, key=lambda nid: 1.1 * acc[nid] - 0.1 * nw[nid])
        else:
            best = list(acc)
        return [nid for nid in best if acc[nid] >= need]

    # -- scoring ------------------------------------------------------------------------------
    def _pair_sim(self, q: _Query, i: int, rec: IndexedName, j: int) -> float:
        a = q.tokens[i]
        b = rec.norm.tokens[j]
        key = (a, b)
        s = self._pairs.get(key)
        if s is None:
            idx = self._idx
            v = rec.vids[j]
            if q.norm.legal[i] or rec.norm.legal[j]:
                s = 1.0 if a == b else 0.0
            elif (len(a) == 1 or len(b) == 1) and idx.w[v] <= STOPWORD_WEIGHT:
                s = 0.0  # an initial does not stand for "al" or "de"
            else:
                s = token_similarity(a, b, q.metas[i], idx.vmeta[v], q.skels[i], idx.vskel[v],
                                     q.folds[i], idx.vfold[v])
            if len(self._pairs) >= PAIR_CACHE_SIZE:
                self._pairs.clear()
            self._pairs[key] = s
        return s

    def _score(self, q: _Query, rec: IndexedName, explain: bool = False) -> tuple[float, dict | None]:
        """Align the query's words with the name's and score the alignment.

        score = M / (M + D) with M = sum(sim * w) over aligned pairs (w = the list word's
        weight) and D = sum((1 - sim) * w) over aligned pairs + the weights of unaligned query
        words + beta * the weights of unaligned list words (beta by the word's role).
        """
        idx = self._idx
        w = idx.w
        vids = rec.vids
        qinv = q.qinv
        spans = q.spans
        pairs = []
        for v, s, e in rec.spans:
            h = qinv.get(v)
            if h is None:
                continue
            if e - s == 1:
                wv = w[v]
                for j, sim in h:
                    pairs.append((sim * wv, sim, j, s, e, wv))
            else:  # a join: prefer the separate words when they align just as well
                wv = w[vids[s]] + w[vids[s + 1]]
                for j, sim in h:
                    pairs.append((sim * wv * 0.999, sim, j, s, e, wv))
        pairs.sort(reverse=True)
        qmask = nmask = 0
        m = d = 0.0
        distinctive = False
        aligned: list[tuple[int, int, int, int, float, float, str]] = []
        for _x, sim, j, s, e, wv in pairs:
            text, qs, qe = spans[j]
            qb = _bits(qs, qe)
            nb = _bits(s, e)
            if qmask & qb or nmask & nb:
                continue
            qmask |= qb
            nmask |= nb
            m += sim * wv
            d += (1.0 - sim) * wv
            if sim >= 0.8 and (w[vids[s]] >= DISTINCTIVE_WEIGHT or
                               (e - s > 1 and w[vids[s + 1]] >= DISTINCTIVE_WEIGHT)):
                distinctive = True
            aligned.append((qs, qe, s, e, sim, wv, text))
        nq = len(q.tokens)
        nn = len(vids)
        uq = [i for i in range(nq) if not (qmask >> i) & 1]
        un = [j for j in range(nn) if not (nmask >> j) & 1]
        if uq and un and len(uq) * len(un) <= 64:
            # Words the index did not pair (initials, distant spellings): compare directly.
            extra = []
            for i in uq:
                for j in un:
                    sim = self._pair_sim(q, i, rec, j)
                    if sim > 0.0:
                        wv = w[vids[j]]
                        extra.append((sim * wv, sim, i, j, wv))
            if extra:
                extra.sort(reverse=True)
                for _x, sim, i, j, wv in extra:
                    if (qmask >> i) & 1 or (nmask >> j) & 1:
                        continue
                    qmask |= 1 << i
                    nmask |= 1 << j
                    m += sim * wv
                    d += (1.0 - sim) * wv
                    if sim >= 0.8 and wv >= DISTINCTIVE_WEIGHT and len(q.tokens[i]) > 1 and len(
                            rec.norm.tokens[j]) > 1:
                        distinctive = True
                    aligned.append((i, i + 1, j, j + 1, sim, wv, q.tokens[i]))
                uq = [i for i in range(nq) if not (qmask >> i) & 1]
                un = [j for j in range(nn) if not (nmask >> j) & 1]
        eff = q.eff
        betas = rec.betas
        dq = 0.0
        for i in uq:
            dq += eff[i]
        dn = 0.0
        for j in un:
            dn += betas[j] * w[vids[j]]
        total = m + d + dq + dn
        score = m / total if total > 0 else 0.0
        legal_q = q.norm.legal
        legal_n = rec.norm.legal
        complete = all(legal_q[i] for i in uq) and all(legal_n[j] for j in un)
        capped = False
        if not distinctive and not complete and score > COMMON_ONLY_CAP:
            score = COMMON_ONLY_CAP
            capped = True
        if not explain:
            return score, None
        qt = q.tokens
        nt = rec.norm.tokens
        det = {
            "name_score": round(score, 4),
            "query_tokens": list(qt),
            "name_tokens": list(nt),
            "aligned": [
                {"query": text, "list": " ".join(nt[c:e]), "similarity": round(sim, 3), "weight": round(wv, 2)}
                for a, b, c, e, sim, wv, text in sorted(aligned, key=itemgetter(2))
            ],
            "unmatched_query": [qt[i] for i in uq],
            "unmatched_list": [nt[j] for j in un],
            "truncated": False,
            "common_words_only": capped,
        }
        return score, det

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
        m = d = 0.0
        distinctive = False
        for j in range(k):
            wv = self._plain_weight(nt[j])
            if qtoks[j] == nt[j]:
                sim = 1.0
            elif len(qtoks[j]) >= 3:
                sim = PREFIX_SIM
            else:
                sim = 0.0
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
            "unmatched_query": [],
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
    def _normalise(self, query: PartyQuery) -> tuple[NormName | None, NormName | None]:
        """(form for organisation names, form for person names); None when not wanted."""
        name = query.name or ""
        qtype = (query.type or "").strip().lower()
        if qtype in _PERSON:
            return None, normalize_name(name, org_forms=False)
        org = normalize_name(name, org_forms=True)
        if qtype in _ORG:
            return org, None
        plain = normalize_name(name, org_forms=False)
        return org, (org if plain.tokens == org.tokens else plain)

    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        org, plain = self._normalise(query)
        if not (org and org.tokens) and not (plain and plain.tokens):
            return []
        key = (org.key if org else None, plain.key if plain else None, org.legal if org else None,
               query.country, (query.type or "").strip().lower(), query.address, self.threshold)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.cache_hits += 1
            return cached[:limit]
        self.cache_misses += 1
        hits = self._match(org, plain, query)
        self._cache[key] = hits
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return hits[:limit]

    def match_many(self, queries: Sequence[PartyQuery], limit: int = 5) -> list[list[MatchHit]]:
        match = self.match
        return [match(q, limit) for q in queries]

    def _match(self, org: NormName | None, plain: NormName | None, query: PartyQuery,
               max_hits: int = 10) -> list[MatchHit]:
        floor = self.threshold - MAX_BONUS
        qo = self._prepare(org) if org is not None and org.tokens else None
        if plain is org:
            qp = qo
        else:
            qp = self._prepare(plain) if plain is not None and plain.tokens else None
        cands: dict[int, None] = {}
        if qo is not None:
            cands.update(dict.fromkeys(self._candidates(qo, floor)))
        if qp is not None and qp is not qo:
            cands.update(dict.fromkeys(self._candidates(qp, floor)))
        # Truncated fields: names whose text starts with the whole query.
        tnorm = plain if plain is not None else normalize_name(query.name or "", org_forms=False)
        trunc: set[int] = set()
        if len(tnorm.key) >= TRUNCATION_MIN_CHARS:
            trunc = set(self._idx.prefixed(tnorm.key, TRUNCATION_CANDIDATES))
            cands.update(dict.fromkeys(trunc))
        if not cands:
            return []
        idx = self._idx
        names = idx.names
        best: dict[str, tuple[float, int, bool]] = {}
        for nid in cands:
            rec = names[nid]
            if rec is None:  # pragma: no cover - postings never keep removed names
                continue
            q = qp if rec.person else qo
            if q is None:
                q = qo or qp
            s, _ = self._score(q, rec)
            is_trunc = False
            if nid in trunc and rec.plain_key != tnorm.key:
                ts, _ = self._truncation_score(tnorm.tokens, tnorm.key, rec)
                if ts > s:
                    s = ts
                    is_trunc = True
            if s < floor:
                continue
            cur = best.get(rec.key)
            if cur is None or s > cur[0]:
                best[rec.key] = (s, nid, is_trunc)
        hits: list[MatchHit] = []
        for key, (base, nid, is_trunc) in best.items():
            entry = idx.entries[key]
            adj = self._adjust(query, entry)
            score = base + sum(adj.values())
            score = 0.0 if score < 0.0 else 1.0 if score > 1.0 else score
            if score < self.threshold:
                continue
            rec = names[nid]
            if is_trunc:
                _, det = self._truncation_score(tnorm.tokens, tnorm.key, rec, explain=True)
            else:
                q = (qp if rec.person else qo) or qo or qp
                _, det = self._score(q, rec, explain=True)
            hits.append(self._hit(entry, rec, score, base, adj, det or {}))
        hits.sort(key=lambda h: (-h.score, h.list, h.entry_id))
        return hits[:max_hits]

    @staticmethod
    def _hit(entry: WatchlistEntry, rec: IndexedName, score: float, base: float,
             adj: dict[str, float], det: dict) -> MatchHit:
        parts = []
        for a in det.get("aligned", []):
            if a["similarity"] >= 0.999 and a["query"].replace(" ", "") == a["list"].replace(" ", ""):
                parts.append(a["list"])
            else:
                parts.append(f"{a['query']}~{a['list']} {a['similarity']:.2f}")
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
        for k, v in adj.items():
            text += f"; {k} {v:+.2f}"
        text += f" -> {score:.2f}"
        details = dict(det)
        details.update({
            "score": round(score, 4),
            "base_score": round(base, 4),
            "adjustments": adj,
            "alias_index": rec.alias,
            "entry_type": entry.type,
        })
        return MatchHit(entry.entry_id, entry.list, entry.names[0], rec.raw, round(score, 4), text, details)
