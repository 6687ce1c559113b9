"""The indexed matching engine behind :class:`~screener.matching.base.Matcher`.

Per query: normalise (``normalize.py``) -> expand each query word to the list words it may be
(fuzzy keys in ``index.py``, cached per word) -> gather candidate names from the postings of the
query's rarest words only (prefix filtering: a name that has none of them cannot reach the
threshold) -> align and score the best few candidates (``_score``) -> adjust for country, type
and address -> explain. See docs/matching.md for the reasoning and the measurements.
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
    metaphone,
    skel,
    token_similarity,
)
from screener.matching.weights import DISTINCTIVE_WEIGHT, LEGAL_WEIGHT, weight_cap

# --- scoring parameters (see docs/matching.md) -------------------------------------------------
ALPHA_SYLLABLE = 0.5  # an unaligned syllable of a Han/Kana/Hangul word counts this much of a word
ALPHA_PATRONYMIC = 0.35  # a patronymic the list does not carry
INITIAL_WEIGHT = 1.0  # an unaligned initial in the query
ARABIC_SIM = 0.9  # a word read from Arabic script whose consonant skeleton equals a list word's
ARABIC_SHORT_SIM = 0.85  # the same for two-consonant skeletons
PREFIX_TAU = 0.6  # a candidate must be able to align this share of the query's weight
MAX_CANDIDATES = 24  # names fully scored per query
BETA_TRUNCATED = 0.1  # list words after the cut of a truncated query
TRUNCATION_MIN_CHARS = 10
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


@dataclass(slots=True)
class _Query:
    norm: NormName
    tokens: tuple[str, ...]
    joined: str
    eff: list[float]  # effective weight of each token when left unaligned
    spans: list[tuple[str, int, int]]  # (text, start, end)
    span_exps: list[tuple[tuple[int, float], ...]]  # list words each span may be
    qinv: dict[int, list[tuple[int, float]]]  # vocabulary id -> [(span index, similarity)]
    metas: list[str]
    skels: list[str]
    total: float


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
        self._exp: dict[str, tuple[tuple[tuple[int, float], ...], str, str]] = {}
        self._pairs: dict[tuple[str, str], float] = {}
        self.version = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self._idx.bulk_load(entries)
        self._changed()

    # -- list maintenance ---------------------------------------------------------------------
    def _changed(self) -> None:
        self.version += 1
        self._cache.clear()
        if self._idx.vocab_grew:
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
        self._idx.bulk_load(e for e in new if self._idx.entries.get(e.key) != e)
        self._changed()

    def __len__(self) -> int:
        return len(self._idx.entries)

    def entries(self) -> Iterable[WatchlistEntry]:
        return self._idx.entries.values()

    def clear_cache(self) -> None:
        """Drop the result cache (the per-word caches stay: they only depend on the list)."""
        self._cache.clear()

    # -- query preparation --------------------------------------------------------------------
    def _expand(self, text: str, single: bool) -> tuple[tuple[tuple[int, float], ...], str, str]:
        """List words ``text`` may be: ((vocabulary id, similarity), ...), metaphone, skeleton."""
        key = text if single else "+" + text
        hit = self._exp.get(key)
        if hit is not None:
            return hit
        idx = self._idx
        found: set[int] = set()
        v = idx.vid.get(text)
        if v is not None:
            found.add(v)
        m = s = ""
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
                if m:
                    lst = idx.metas.get(m)
                    if lst:
                        found.update(lst)
                if s:
                    lst = idx.skels.get(s)
                    if lst:
                        found.update(lst)
        out = []
        df = idx.df
        vstr = idx.vstr
        vmeta = idx.vmeta
        vskel = idx.vskel
        for v in found:
            if df[v] <= 0:
                continue
            sim = token_similarity(text, vstr[v], m, vmeta[v], s, vskel[v])
            if sim >= MIN_TOKEN_SIM:
                out.append((v, sim))
        res = (tuple(out), m, s)
        if len(self._exp) >= EXPANSION_CACHE_SIZE:
            self._exp.clear()
        self._exp[key] = res
        return res

    def _expand_arabic(self, text: str) -> tuple[tuple[int, float], ...]:
        """List words whose consonant skeleton equals that of a word read from Arabic script."""
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
        self._exp[key] = (res, "", "")
        return res

    def _prepare(self, norm: NormName) -> _Query:
        idx = self._idx
        toks = norm.tokens
        n = len(toks)
        legal = norm.legal
        syl = norm.syllabic
        vid = idx.vid
        w = idx.w
        df = idx.df
        unknown = idx.unknown_weight()
        eff: list[float] = []
        for i, t in enumerate(toks):
            if legal[i]:
                eff.append(LEGAL_WEIGHT)
                continue
            if len(t) == 1:
                eff.append(INITIAL_WEIGHT)
                continue
            v = vid.get(t)
            x = w[v] if v is not None and df[v] > 0 else min(unknown, weight_cap(t))
            if syl[i]:
                x *= ALPHA_SYLLABLE
            elif is_patronymic(t):
                x *= ALPHA_PATRONYMIC
            eff.append(x)
        spans: list[tuple[str, int, int]] = []
        for i, t in enumerate(toks):
            if len(t) > 1:
                spans.append((t, i, i + 1))
        for i in range(n - 1):
            if not legal[i] and not legal[i + 1]:
                spans.append((toks[i] + toks[i + 1], i, i + 2))
        # Han/Kana/Hangul syllables: words of up to four syllables.
        if any(syl):
            for i in range(n):
                if not syl[i]:
                    continue
                for k in (3, 4):
                    if i + k <= n and all(syl[i:i + k]) and not any(legal[i:i + k]):
                        spans.append(("".join(toks[i:i + k]), i, i + k))
        # Other transliterations of non-Latin words ("Цонцерн": kontsern, and concern).
        spans.extend(norm.alts)
        qinv: dict[int, list[tuple[int, float]]] = {}
        metas = [""] * n
        skels = [""] * n
        arab = norm.arabic
        has_arabic = any(arab)
        span_exps = []
        for j, (text, s, e) in enumerate(spans):
            single = e - s == 1
            exps, m, sk = self._expand(text, single)
            if single and not metas[s]:
                metas[s] = m
                skels[s] = sk
            if has_arabic and arab[s]:
                exps = exps + self._expand_arabic(text)
            span_exps.append(exps)
            for v, sim in exps:
                lst = qinv.get(v)
                if lst is None:
                    qinv[v] = [(j, sim)]
                else:
                    lst.append((j, sim))
        total = sum(eff[i] for i in range(n) if not legal[i])
        return _Query(norm, toks, norm.key, eff, spans, span_exps, qinv, metas, skels, total)

    # -- candidates ---------------------------------------------------------------------------
    def _candidates(self, q: _Query) -> list[int]:
        idx = self._idx
        toks = q.tokens
        legal = q.norm.legal
        eff = q.eff
        order = sorted((i for i in range(len(toks)) if not legal[i] and len(toks[i]) > 1),
                       key=lambda i: -eff[i])
        total = q.total
        rem = total
        gen = 0
        for i in order:
            if rem < PREFIX_TAU * total:
                break
            gen |= 1 << i
            rem -= eff[i]
        if not gen:
            return []
        acc: dict[int, float] = {}
        get = acc.get
        post = idx.post
        w = idx.w
        span_exps = q.span_exps
        for j, (_, s, e) in enumerate(q.spans):
            if not gen & _bits(s, e):
                continue
            for v, sim in span_exps[j]:
                x = w[v] * sim
                for nid in post[v]:
                    acc[nid] = get(nid, 0.0) + x
        if not acc:
            return []
        floor = 0.5 * (PREFIX_TAU * total - rem)
        if len(acc) > MAX_CANDIDATES:
            best = heapq.nlargest(MAX_CANDIDATES, acc.items(), key=itemgetter(1))
        else:
            best = sorted(acc.items(), key=itemgetter(1), reverse=True)
        return [nid for nid, a in best if a >= floor]

    # -- scoring ------------------------------------------------------------------------------
    def _pair_sim(self, q: _Query, i: int, rec: IndexedName, j: int) -> float:
        a = q.tokens[i]
        b = rec.norm.tokens[j]
        key = (a, b)
        s = self._pairs.get(key)
        if s is None:
            v = rec.vids[j]
            idx = self._idx
            if q.norm.legal[i] or rec.norm.legal[j]:
                s = 1.0 if a == b else 0.0
            else:
                s = token_similarity(a, b, q.metas[i], idx.vmeta[v], q.skels[i], idx.vskel[v])
            if len(self._pairs) >= PAIR_CACHE_SIZE:
                self._pairs.clear()
            self._pairs[key] = s
        return s

    def _score(self, q: _Query, rec: IndexedName, explain: bool = False) -> tuple[float, dict | None]:
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
        aligned: list[tuple[int, int, int, int, float, float]] = []
        for _x, sim, j, s, e, wv in pairs:
            _, qs, qe = spans[j]
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
            aligned.append((qs, qe, s, e, sim, wv))
        nq = len(q.tokens)
        nn = len(vids)
        uq = [i for i in range(nq) if not (qmask >> i) & 1]
        un = [j for j in range(nn) if not (nmask >> j) & 1]
        if uq and un and len(uq) * len(un) <= 64:
            extra = []
            for i in uq:
                for j in un:
                    sim = self._pair_sim(q, i, rec, j)
                    if sim > 0.0:
                        wv = w[vids[j]]
                        extra.append((sim * wv, sim, i, j, wv))
            if extra:
                extra.sort(reverse=True)
                for x, sim, i, j, wv in extra:
                    if (qmask >> i) & 1 or (nmask >> j) & 1:
                        continue
                    qmask |= 1 << i
                    nmask |= 1 << j
                    m += x
                    d += (1.0 - sim) * wv
                    if sim >= 0.8 and wv >= DISTINCTIVE_WEIGHT and len(q.tokens[i]) > 1 and len(
                            rec.norm.tokens[j]) > 1:
                        distinctive = True
                    aligned.append((i, i + 1, j, j + 1, sim, wv))
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
        truncated = False
        if un and len(q.joined) >= TRUNCATION_MIN_CHARS and rec.joined.startswith(q.joined):
            tscore, tdet = self._truncation_score(q, rec)
            if tscore > score:
                score = tscore
                truncated = True
                distinctive = distinctive or tdet
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
                {"query": " ".join(qt[a:b]), "list": " ".join(nt[c:e]), "similarity": round(sim, 3),
                 "weight": round(wv, 2)}
                for a, b, c, e, sim, wv in sorted(aligned, key=itemgetter(2))
            ],
            "unmatched_query": [qt[i] for i in uq],
            "unmatched_list": [nt[j] for j in un],
            "truncated": truncated,
            "common_words_only": capped,
        }
        return score, det

    def _truncation_score(self, q: _Query, rec: IndexedName) -> tuple[float, bool]:
        """The query is a prefix of this name (a field cut short): words after the cut count
        little; a cut-off last word counts as a near match."""
        w = self._idx.w
        vids = rec.vids
        nt = rec.norm.tokens
        qt = q.tokens
        k = len(qt)
        m = d = 0.0
        distinctive = False
        for j in range(k):
            wv = w[vids[j]]
            sim = 1.0 if qt[j] == nt[j] else PREFIX_SIM
            m += sim * wv
            d += (1.0 - sim) * wv
            if wv >= DISTINCTIVE_WEIGHT and (sim == 1.0 or len(qt[j]) >= 4):
                distinctive = True
        for j in range(k, len(nt)):
            d += BETA_TRUNCATED * w[vids[j]]
        return (m / (m + d) if m > 0 else 0.0), distinctive

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
    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        qtype = (query.type or "").strip().lower()
        norm = normalize_name(query.name or "", org_forms=qtype not in _PERSON)
        if not norm.tokens:
            return []
        key = (norm.key, norm.legal, query.country, qtype, query.address, self.threshold)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.cache_hits += 1
            return cached[:limit]
        self.cache_misses += 1
        hits = self._match(norm, query)
        self._cache[key] = hits
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return hits[:limit]

    def match_many(self, queries: Sequence[PartyQuery], limit: int = 5) -> list[list[MatchHit]]:
        match = self.match
        return [match(q, limit) for q in queries]

    def _match(self, norm: NormName, query: PartyQuery, max_hits: int = 10) -> list[MatchHit]:
        q = self._prepare(norm)
        cands = self._candidates(q)
        if not cands:
            return []
        idx = self._idx
        names = idx.names
        floor = self.threshold - MAX_BONUS
        best: dict[str, tuple[float, int]] = {}
        for nid in cands:
            rec = names[nid]
            if rec is None:  # pragma: no cover - postings never keep removed names
                continue
            s, _ = self._score(q, rec)
            if s < floor:
                continue
            cur = best.get(rec.key)
            if cur is None or s > cur[0]:
                best[rec.key] = (s, nid)
        hits: list[MatchHit] = []
        for key, (base, nid) in best.items():
            entry = idx.entries[key]
            adj = self._adjust(query, entry)
            score = base + sum(adj.values())
            score = 0.0 if score < 0.0 else 1.0 if score > 1.0 else score
            if score < self.threshold:
                continue
            rec = names[nid]
            _, det = self._score(q, rec, explain=True)
            hits.append(self._hit(entry, rec, score, base, adj, det or {}))
        hits.sort(key=lambda h: (-h.score, h.entry_id))
        return hits[:max_hits]

    @staticmethod
    def _hit(entry: WatchlistEntry, rec: IndexedName, score: float, base: float,
             adj: dict[str, float], det: dict) -> MatchHit:
        parts = []
        for a in det.get("aligned", []):
            if a["similarity"] >= 0.999 and a["query"] == a["list"]:
                parts.append(a["list"])
            else:
                parts.append(f"{a['query']}~{a['list']} {a['similarity']:.2f}")
        text = f"name {base:.2f} via {'alias' if rec.alias else 'name'} '{rec.raw}': " + ", ".join(parts)
        if det.get("unmatched_query"):
            text += "; query-only: " + " ".join(det["unmatched_query"])
        if det.get("unmatched_list"):
            text += "; list-only: " + " ".join(det["unmatched_list"])
        if det.get("truncated"):
            text += "; query looks truncated"
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
