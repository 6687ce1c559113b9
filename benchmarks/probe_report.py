"""The tally both SDN probes print (``added_words.py``, ``surname_slips.py``): per sub-class, the
share of positives that hit their entry (recall) or of negatives that did (FP rate)."""

from __future__ import annotations

from collections import Counter


def report(todo, hits, subs: tuple[str, ...], show: int = 0) -> tuple[Counter, Counter]:
    """``todo``: ``(sub-class, query, entry key, listed name, positive)`` per query; ``hits`` the
    matcher's hits for each. Prints a line per sub-class (and up to ``show`` wrong queries) and
    returns (queries, right answers) per sub-class."""
    n: Counter = Counter()
    right: Counter = Counter()
    positive_sub: dict[str, bool] = {}
    wrong: dict[str, list[tuple[str, str]]] = {s: [] for s in subs}
    for (sub, query, key, name, positive), hs in zip(todo, hits, strict=True):
        hit = any(f"{h.list_id}/{h.entry_id}" == key for h in hs)
        n[sub] += 1
        positive_sub[sub] = positive
        if hit == positive:
            right[sub] += 1
        else:
            wrong[sub].append((query, name))
    for sub in subs:
        positive = positive_sub.get(sub, True)
        value = right[sub] / max(1, n[sub]) if positive else 1 - right[sub] / max(1, n[sub])
        print(f"  {sub:13s} {n[sub]:4d}  {'recall' if positive else 'FP rate'} {value:.3f}")
        for query, name in wrong[sub][:show]:
            print(f"      {query!r} ~ {name!r}")
    return n, right
