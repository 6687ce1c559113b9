"""Every listed name, queried exactly as the list writes it, against the lists it came from.

    .venv/bin/python benchmarks/exact_names.py [--lists sdn,un,dpl,csl] [--show N] [--json]

The least a screener owes: a party named exactly as a listed name or alias is held. Each name
and alias of every entry of SDN, UN, DPL and the CSL sample is sent as written, without a type
(as an order's party name usually arrives), and must hit its own entry among the hits. Reported
for all names, by entry type, and for the names made of the lists' common words only (no word
that could align distinctively: ALI, Ahmad; IS BANK, AO; KB LINES LTD.), where the candidate
search has the least to go on. Names of one generic business word and a legal form
(TRANSPORTES LC) are ruled out by design and counted as misses here.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matching_quality as mq  # noqa: E402

from screener.matching.base import PartyQuery  # noqa: E402
from screener.matching.engine import MatchingEngine  # noqa: E402
from screener.matching.weights import DISTINCTIVE_WEIGHT  # noqa: E402


def run(data: Path, lists: list[str], show: int) -> dict:
    entries = mq.load_lists(data, lists)
    t0 = time.perf_counter()
    engine = MatchingEngine(entries)
    build_s = time.perf_counter() - t0
    idx = engine._idx
    common_only: set[tuple[str, str]] = set()
    for rec in idx.names:
        if rec is not None and len(rec.vids) >= 2 and all(idx.w[v] < DISTINCTIVE_WEIGHT for v in rec.vids):
            common_only.add((rec.key, rec.raw))
    found = collections.Counter()
    total = collections.Counter()
    misses: list[tuple[str, str, str]] = []
    names = [(e, n) for e in entries for n in e.names if n.strip()]
    progress = mq._progress(len(names), False)
    t0 = time.perf_counter()
    task = progress.add_task("exact names", total=len(names)) if progress else None
    if progress:
        progress.start()
    try:
        for e, name in names:
            hits = engine.match(PartyQuery(name), limit=50)
            ok = any(h.entry_id == e.entry_id and h.list == e.list for h in hits)
            groups = ["all", f"type:{e.type}"] + (["common words only"] if (e.key, name) in common_only else [])
            for g in groups:
                total[g] += 1
                found[g] += ok
            if not ok:
                misses.append((name, e.key, e.type))
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()
    match_s = time.perf_counter() - t0
    return {
        "lists": lists,
        "entries": len(entries),
        "recall": {g: round(found[g] / total[g], 4) for g in total},
        "n": dict(total),
        "misses": [list(m) for m in misses[:show]],
        "missed": len(misses),
        "build_s": round(build_s, 2),
        "match_s": round(match_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=mq.DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--lists", default="sdn,un,dpl,csl", help="which lists to load: sdn,un,dpl,csl")
    ap.add_argument("--show", type=int, default=20, help="list up to N missed names")
    ap.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    args = ap.parse_args(argv)
    res = run(args.data, args.lists.split(","), args.show)
    print(f"Exact listed names against {res['entries']} entries ({','.join(res['lists'])}), no type given")
    for g in sorted(res["n"], key=lambda g: (g != "all", g)):
        print(f"  {g:<24} {res['n'][g]:>7} names  recall {res['recall'][g]:.4f}")
    print(f"  missed {res['missed']}:")
    for name, key, typ in res["misses"]:
        print(f"    {name!r} ({key}, {typ})")
    print(f"build {res['build_s']} s, match {res['match_s']} s")
    if args.json:
        print(json.dumps(res, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
