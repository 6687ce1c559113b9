"""Matching quality on written cases: recall per class of real-world variation, false positives
per class of near miss, on a split of listed entities the tuning never saw.

    .venv/bin/python benchmarks/matching_quality.py                      # held-out split
    .venv/bin/python benchmarks/matching_quality.py --split tune --show-failures 5
    .venv/bin/python benchmarks/matching_quality.py --split all --by-sub --json
    .venv/bin/python benchmarks/matching_quality.py --lists sdn,un       # fewer lists
    .venv/bin/python benchmarks/matching_quality.py --legacy ...         # the old generator report

The cases are in ``benchmarks/cases/*.jsonl`` (written by ``cases_build.py`` from the real list
files, format in ``casefile.py``, provenance in ``cases/README.md``). The lists are loaded from
``../shared/data`` with the same loader a worker uses, the production matcher is built once over
all of them (``screener.matching.build_matcher``), and every case's query is matched:

* a positive is caught when the entry it names (or one listed in ``expect.also``: the same party)
  is among the hits at the threshold (up to ``--limit`` hits);
* a negative is a false positive when it hits the entry it names or one in ``expect.also``, or,
  for ``expect.nothing`` cases, when it hits anything at all.

Peer cases (``peer:*``: other projects' labelled name pairs) are matched against a one-entry
list holding the pair's listed name, and reported apart: they are someone else's opinion.

Targets (issue 12), judged on the held-out split: overall recall >= 0.97 with an FP rate <= 0.02;
each positive class >= 0.90 (vowel_dropped >= 0.80); each negative class <= 0.05.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from casefile import CASES_DIR, NEGATIVE_CLASSES, POSITIVE_CLASSES, entry_key, load_cases  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LIST_FILES = {
    "sdn": "ofac-sdn-2019",
    "un": "un/UN_consolidated.xml",
    "dpl": "bis-dpl/dpl.txt",
    "csl": "csl-sample/csl.csv",
}
TARGET_RECALL, TARGET_FP = 0.97, 0.02
TARGET_CLASS_RECALL = {c: 0.90 for c in POSITIVE_CLASSES} | {"vowel_dropped": 0.80}
TARGET_CLASS_FP = 0.05


def _progress(total: int, quiet: bool):
    """A rich progress bar on stderr (nothing when quiet or rich is missing)."""
    if quiet:
        return None
    try:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    except ImportError:  # pragma: no cover
        return None
    p = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                 console=Console(stderr=True), transient=True)
    return p


def load_lists(data: Path, which: list[str]):
    from screener.watchlists import load_watchlists

    paths = [data / LIST_FILES[w] for w in which]
    return load_watchlists(paths)


def hit_keys(hits) -> list[str]:
    return [f"{h.list}/{h.entry_id}" for h in hits]


def judge(case: dict, keys: list[str]) -> bool:
    """True when the case came out right (caught, or no false positive)."""
    e = case["expect"]
    want = {entry_key(e)} | set(e.get("also") or [])
    want.discard(None)
    if case["polarity"] == "positive":
        return bool(want & set(keys))
    if e.get("nothing"):
        return not keys
    return not (want & set(keys))


def run(args: argparse.Namespace) -> dict:
    from screener.events.control import WatchlistEntry
    from screener.matching import PartyQuery, build_matcher

    t0 = time.perf_counter()
    cases = load_cases(args.cases, args.split, args.classes.split(",") if args.classes else None)
    if args.no_peers:
        cases = [c for c in cases if not c["class"].startswith("peer:")]
    which = [w.strip().lower() for w in args.lists.split(",") if w.strip()]
    entries = load_lists(args.data, which)
    present = {f"{e.list}/{e.entry_id}" for e in entries}
    t1 = time.perf_counter()
    matcher = build_matcher(entries, threshold=args.threshold)
    threshold = matcher.threshold
    t2 = time.perf_counter()

    list_cases = [c for c in cases if "pair" not in c]
    pair_cases = [c for c in cases if "pair" in c]
    # positives whose entry is not on the lists loaded cannot be judged
    skipped = [c for c in list_cases if c["polarity"] == "positive" and entry_key(c["expect"]) not in present]
    list_cases = [c for c in list_cases if not (c["polarity"] == "positive" and entry_key(c["expect"]) not in present)]

    def q(c: dict) -> PartyQuery:
        qq = c["query"]
        return PartyQuery(qq["name"], country=qq.get("country"), type=qq.get("type"), address=qq.get("address"))

    results: dict[str, list] = {}
    prog = _progress(len(list_cases) + len(pair_cases), args.json_only)
    chunk = 500
    if prog:
        prog.start()
        task = prog.add_task("matching", total=len(list_cases) + len(pair_cases))
    try:
        for i in range(0, len(list_cases), chunk):
            part = list_cases[i: i + chunk]
            for c, hits in zip(part, matcher.match_many([q(c) for c in part], limit=args.limit), strict=True):
                results[c["id"]] = hits
            if prog:
                prog.advance(task, len(part))
        t3 = time.perf_counter()
        pair_matchers: dict[tuple[str, str], object] = {}
        for c in pair_cases:
            p = c["pair"]
            k = (p["name"], p.get("type", "unknown"))
            m = pair_matchers.get(k)
            if m is None:
                m = build_matcher([WatchlistEntry(entry_id=p["entry_id"], list=p["list"], names=[p["name"]],
                                                  type=p.get("type", "unknown"))], threshold=args.threshold)
                pair_matchers[k] = m
            results[c["id"]] = m.match(q(c), limit=args.limit)
            if prog:
                prog.advance(task, 1)
    finally:
        if prog:
            prog.stop()
    t4 = time.perf_counter()

    per: dict[str, dict] = {}
    per_sub: dict[tuple[str, str], Counter] = defaultdict(Counter)
    failures: dict[str, list] = defaultdict(list)
    for c in list_cases + pair_cases:
        keys = hit_keys(results[c["id"]])
        ok = judge(c, keys)
        r = per.setdefault(c["class"], {"polarity": c["polarity"], "n": 0, "ok": 0, "pos": 0, "neg": 0,
                                        "caught": 0, "fp": 0})
        r["n"] += 1
        r["ok"] += ok
        if c["polarity"] == "positive":
            r["pos"] += 1
            r["caught"] += ok
        else:
            r["neg"] += 1
            r["fp"] += not ok
        s = per_sub[(c["class"], c.get("sub") or "")]
        s["n"] += 1
        s["ok"] += ok
        if not ok:
            failures[c["class"]].append(c)

    def rate(r: dict) -> float:
        return r["caught"] / r["pos"] if r["polarity"] == "positive" else r["fp"] / r["neg"]

    pos = [k for k in POSITIVE_CLASSES if k in per]
    neg = [k for k in NEGATIVE_CLASSES if k in per]
    peers = sorted(k for k in per if k.startswith("peer:"))
    tp = sum(per[k]["caught"] for k in pos)
    npos = sum(per[k]["pos"] for k in pos)
    fp = sum(per[k]["fp"] for k in neg)
    nneg = sum(per[k]["neg"] for k in neg)
    out: dict = {
        "split": args.split,
        "lists": which,
        "threshold": threshold,
        "limit": args.limit,
        "entries": len(entries),
        "cases": len(list_cases) + len(pair_cases),
        "skipped_not_on_lists": len(skipped),
        "classes": {},
        "overall_recall": round(tp / npos, 4) if npos else None,
        "overall_fp_rate": round(fp / nneg, 4) if nneg else None,
        "positives": npos,
        "negatives": nneg,
        "macro_recall": round(sum(rate(per[k]) for k in pos) / len(pos), 4) if pos else None,
        "load_s": round(t1 - t0, 2), "build_s": round(t2 - t1, 2), "match_s": round(t4 - t2, 2),
        "matches_per_s": round(len(list_cases) / (t3 - t2)) if list_cases and t3 > t2 else None,
    }
    for k in pos + neg + peers:
        r = per[k]
        d = {"polarity": r["polarity"] if not k.startswith("peer:") else "pairs", "n": r["n"]}
        if r["pos"]:
            d["recall"] = round(r["caught"] / r["pos"], 4)
            d["n_pos"] = r["pos"]
        if r["neg"]:
            d["fp_rate"] = round(r["fp"] / r["neg"], 4)
            d["n_neg"] = r["neg"]
        d["subs"] = {sub: {"n": s["n"], "ok": s["ok"]} for (cls, sub), s in sorted(per_sub.items()) if cls == k}
        out["classes"][k] = d
    checks = []
    if npos:
        checks.append(("overall recall", out["overall_recall"] >= TARGET_RECALL))
    if nneg:
        checks.append(("overall FP rate", out["overall_fp_rate"] <= TARGET_FP))
    for k in pos:
        checks.append((f"{k} recall", rate(per[k]) >= TARGET_CLASS_RECALL[k]))
    for k in neg:
        checks.append((f"{k} FP rate", rate(per[k]) <= TARGET_CLASS_FP))
    out["targets_met"] = {name: ok for name, ok in checks}

    if args.show_failures:
        # for missed positives: the expected entry's own score, found with the threshold lowered
        saved = matcher.threshold
        matcher.threshold = 0.3
        try:
            show: dict[str, list] = {}
            for cls, cs in failures.items():
                rows = []
                for c in cs[: args.show_failures]:
                    hits = results[c["id"]]
                    top = [(h.list + "/" + h.entry_id, h.matched_name, round(h.score, 3)) for h in hits[:2]]
                    row = {"id": c["id"], "sub": c.get("sub"), "query": c["query"]["name"],
                           "expect": c.get("pair", {}).get("name") or (c.get("source_entry") or {}).get("name"),
                           "expect_key": entry_key(c["expect"]), "top_hits": top}
                    if c["polarity"] == "positive" and "pair" not in c:
                        low = matcher.match(q(c), limit=50)
                        own = [h for h in low if f"{h.list}/{h.entry_id}" == entry_key(c["expect"])]
                        row["expected_score"] = round(own[0].score, 3) if own else None
                    rows.append(row)
                show[cls] = rows
            out["failures"] = show
        finally:
            matcher.threshold = saved
    return out


def print_report(res: dict, by_sub: bool) -> None:
    print(f"Matching quality on the {res['split']} split: {res['cases']} cases, {res['entries']} entries "
          f"({'+'.join(res['lists'])}), threshold {res['threshold']}, up to {res['limit']} hits a query")
    if res["skipped_not_on_lists"]:
        print(f"  ({res['skipped_not_on_lists']} positives skipped: their entry is not on the lists loaded)")
    print(f"{'class':<28}{'polarity':<10}{'n':>6}{'recall':>9}{'FP rate':>9}  target")
    for k, d in res["classes"].items():
        if k.startswith("peer:"):
            continue
        if "recall" in d:
            tgt = TARGET_CLASS_RECALL.get(k, 0.9)
            mark = "ok" if d["recall"] >= tgt else f"MISS (>= {tgt:.2f})"
            print(f"{k:<28}{'positive':<10}{d['n']:>6}{d['recall']:>9.3f}{'':>9}  {mark}")
        else:
            mark = "ok" if d["fp_rate"] <= TARGET_CLASS_FP else f"MISS (<= {TARGET_CLASS_FP:.2f})"
            print(f"{k:<28}{'negative':<10}{d['n']:>6}{'':>9}{d['fp_rate']:>9.3f}  {mark}")
        if by_sub:
            for sub, s in d["subs"].items():
                label = "recall" if "recall" in d else "FP"
                val = s["ok"] / s["n"] if "recall" in d else 1 - s["ok"] / s["n"]
                print(f"    {sub:<34}{s['n']:>6}  {label} {val:.3f}")
    if res["overall_recall"] is not None:
        ok = "ok" if res["overall_recall"] >= TARGET_RECALL else f"MISS (>= {TARGET_RECALL})"
        print(f"{'OVERALL recall':<38}{res['positives']:>6}{res['overall_recall']:>9.3f}{'':>9}  {ok}"
              f"   (mean of classes {res['macro_recall']:.3f})")
    if res["overall_fp_rate"] is not None:
        ok = "ok" if res["overall_fp_rate"] <= TARGET_FP else f"MISS (<= {TARGET_FP})"
        print(f"{'OVERALL FP rate':<38}{res['negatives']:>6}{'':>9}{res['overall_fp_rate']:>9.3f}  {ok}")
    peers = {k: d for k, d in res["classes"].items() if k.startswith("peer:")}
    if peers:
        print("peer pair sets (each pair against a one-entry list; the peers' own labels):")
        for k, d in peers.items():
            parts = []
            if "recall" in d:
                parts.append(f"recall {d['recall']:.3f} of {d['n_pos']}")
            if "fp_rate" in d:
                parts.append(f"FP rate {d['fp_rate']:.3f} of {d['n_neg']}")
            print(f"  {k:<30}{d['n']:>6}  " + ", ".join(parts))
            if by_sub:
                for sub, s in d["subs"].items():
                    print(f"    {sub:<34}{s['n']:>6}  agree {s['ok'] / s['n']:.3f}")
    met = res["targets_met"]
    print(f"targets met: {sum(met.values())} of {len(met)}"
          + (f"; missed: {', '.join(k for k, v in met.items() if not v)}" if not all(met.values()) else ""))
    print(f"load {res['load_s']} s, build {res['build_s']} s, match {res['match_s']} s"
          + (f" ({res['matches_per_s']} matches/s on the lists)" if res["matches_per_s"] else ""))
    for cls, rows in res.get("failures", {}).items():
        print(f"-- {cls} failures")
        for r in rows:
            extra = f" expected entry scored {r['expected_score']}" if "expected_score" in r else ""
            print(f"   [{r['sub']}] {r['query']!r} ~ {r['expect']!r} ({r['expect_key']}) "
                  f"top={r['top_hits']}{extra}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--legacy" in argv:
        argv.remove("--legacy")
        import legacy_quality

        return legacy_quality.main(argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("heldout", "tune", "all"), default="heldout")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--lists", default="sdn,un,dpl,csl", help="which lists to load: sdn,un,dpl,csl")
    ap.add_argument("--cases", type=Path, default=CASES_DIR, help="folder of case files")
    ap.add_argument("--classes", default="", help="comma-separated classes (default all)")
    ap.add_argument("--no-peers", action="store_true", help="leave out the peer pair sets")
    ap.add_argument("--threshold", type=float, default=None, help="default: the matcher's own (0.80)")
    ap.add_argument("--limit", type=int, default=10, help="hits kept per query")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N", help="list up to N failures per class")
    ap.add_argument("--by-sub", action="store_true", help="break each class down by sub-class")
    ap.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    ap.add_argument("--json-only", action="store_true", help="print only the JSON summary")
    ap.add_argument("--legacy", action="store_true", help="run the old generator-based report instead")
    args = ap.parse_args(argv)
    res = run(args)
    if not args.json_only:
        print_report(res, args.by_sub)
    if args.json or args.json_only:
        print(json.dumps(res, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
