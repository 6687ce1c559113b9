"""Explanations: why a listed name scored as it did, in a dict (``details``,
``truncation_details``) and in words (``hit``, which makes the ``MatchHit``)."""

from __future__ import annotations

import cython

from screener.events.control import WatchlistEntry
from screener.matching.alignment import plain_weight
from screener.matching.base import MatchHit
from screener.matching.index import NameIndex
from screener.matching.similarity import PREFIX_SIM
from screener.matching.structure import judge
from screener.matching.weights import DISTINCTIVE_WEIGHT

if cython.compiled:
    from cython.cimports.screener.matching.records import AlignedPair, Alignment, IndexedName, Query
else:
    from screener.matching.records import AlignedPair, Alignment, IndexedName, Query


def details(idx: NameIndex, q: Query, rec: IndexedName, score: float, alignment: Alignment) -> dict:
    """Why ``alignment.score`` scored a name as it did: its alignment, word by word."""
    verdict = alignment.verdict
    if not verdict.notes:  # (the notes of a hit are only written for its explanation)
        verdict = judge(rec.roles, rec.norm.tokens, rec.vids, idx.w, idx.df, idx.vid, idx.vgiven, alignment.lsim, alignment.lq,
                        q.tokens, q.norm.legal, q.norm.title, q.norm.arabic, q.eff, alignment.ql, alignment.qsim,
                        q.norm.family_end or 0, rec.person, DISTINCTIVE_WEIGHT, True)
    qtoks: tuple = q.tokens
    span_text: list = q.span_text
    nt: tuple = rec.norm.tokens
    aligned: list = []
    ap: AlignedPair
    for ap in sorted(alignment.pairs, key=_start):
        j = ap.span
        c = ap.start
        e = ap.end
        aligned.append({
            "query": span_text[j] if j >= 0 else qtoks[-1 - j],  # (a query span, or a query word compared directly)
            "list": nt[c] if e == c + 1 else " ".join(nt[c:e]),
            "similarity": rounded(ap.sim, 3), "weight": rounded(ap.weight, 2)})
    return {
        "name_score": round(score, 4),
        "query_tokens": list(qtoks),
        "name_tokens": list(nt),
        "aligned": aligned,
        "unmatched_query": [qtoks[i] for i in alignment.unaligned_query],
        "unmatched_list": [nt[j] for j in alignment.unaligned_name],
        "truncated": False,
        "common_words_only": alignment.capped,
        "blocked": verdict.blocked,
        "structure": verdict.notes,
    }


def _start(ap: AlignedPair) -> int:
    return ap.start


def truncation_details(idx: NameIndex, qtoks: tuple[str, ...], rec: IndexedName, score: float, k: int,
                       capped: bool) -> dict:
    """Why ``alignment.truncation_score`` scored a name as it did: the query covers its first
    ``k`` words."""
    nt = rec.plain
    return {
        "name_score": round(score, 4),
        "query_tokens": list(qtoks),
        "name_tokens": list(nt),
        "aligned": [{"query": qtoks[j], "list": nt[j], "similarity": 1.0 if qtoks[j] == nt[j] else PREFIX_SIM,
                     "weight": round(plain_weight(idx, nt[j]), 2)} for j in range(k)],
        "unmatched_query": list(qtoks[k:]),
        "unmatched_list": list(nt[k:]),
        "truncated": True,
        "common_words_only": capped,
    }


def hit(entry: WatchlistEntry, rec: IndexedName, score: float, base: float, adj: dict[str, float],
        det: dict) -> MatchHit:
    """The hit for a listed name, with its explanation in words and in ``det``."""
    parts = []
    for a in det.get("aligned", []):
        sim = a["similarity"]
        if sim >= 0.999 and a["query"].replace(" ", "") == a["list"].replace(" ", ""):
            parts.append(a["list"])
        else:
            parts.append(f"{a['query']}~{a['list']} {two_places(sim)}")
    which = f"alias '{rec.raw}'" if rec.alias else f"name '{rec.raw}'"
    given = entry.names[rec.alias] if rec.alias < len(entry.names) else rec.raw
    if given != rec.raw:  # another name the listed one gives ("DUNAV PIONIR (ex DANUBE PIONEER)")
        which = f"'{rec.raw}', another name in the listed '{given}'"
        det["listed_as"] = given
    text = f"name {base:.2f} on {which}: " + ", ".join(parts)
    if "query_part" in det:
        text = f"on '{det['query_part']}' of the query ({det['set_aside']}): " + text
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
    # (``det`` is this hit's own: made by details or truncation_details for it alone)
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


@cython.ccall
def rounded(x: float, places: int) -> float:
    memo = _ROUNDED.get(places)
    if memo is None or type(x) is not float or x == 0.0:
        return round(x, places)
    r = memo.get(x)
    if r is None:
        if len(memo) >= 100_000:
            memo.clear()
        r = memo[x] = round(x, places)
    return r


def two_places(x: float) -> str:
    if type(x) is not float or x == 0.0:
        return f"{x:.2f}"
    r = _TWO_PLACES.get(x)
    if r is None:
        if len(_TWO_PLACES) >= 100_000:
            _TWO_PLACES.clear()
        r = _TWO_PLACES[x] = f"{x:.2f}"
    return r
