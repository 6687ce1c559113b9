"""More tuning-split cases than the case files hold, to test a rule on before it meets the held-out split.

The benchmark's own case writers (``cases_build.WRITERS``) run again with a larger budget per
class; only cases whose entity group falls in the tuning split and that are not already in
``benchmarks/cases`` are kept, so nothing here ever reads or shows the held-out split. Each case
is matched against SDN + UN + DPL + CSL at the default threshold, and the wrong ones are listed.

    .venv/bin/python benchmarks/extra_tune_cases.py neg_gendered,nickname --per-class 3000 --show 40
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_build  # noqa: E402
from casefile import load_cases  # noqa: E402
from matching_quality import hit_keys, judge, load_lists  # noqa: E402

from screener.matching import PartyQuery, build_matcher  # noqa: E402
from screener.watchlists import load_watchlists  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("classes", help="comma-separated case classes (see benchmarks/cases/README.md)")
    ap.add_argument("--per-class", type=int, default=3000, help="cases each writer may make (before the split)")
    ap.add_argument("--show", type=int, default=40, help="wrong cases listed")
    ap.add_argument("--data", type=Path, default=cases_build.DEFAULT_DATA)
    args = ap.parse_args(argv)
    classes = [c for c in args.classes.split(",") if c]
    unknown = [c for c in classes if c not in cases_build.WRITERS]
    if unknown:
        ap.error(f"unknown classes: {', '.join(unknown)} (known: {', '.join(sorted(cases_build.WRITERS))})")
    writer = cases_build.Writer(cases_build.Lists(load_watchlists([args.data])), args.per_class)
    for cls in classes:
        cases_build.WRITERS[cls](writer)
    existing = {c["id"] for c in load_cases(split="all")}
    cases = [c for c in writer.cases.values() if c["split"] == "tune" and c["id"] not in existing]
    matcher = build_matcher(load_lists(args.data, ["sdn", "un", "dpl", "csl"]))
    total: Counter = Counter()
    wrong: Counter = Counter()
    shown = 0
    for case in cases:
        hits = matcher.match(PartyQuery(case["query"]["name"], type=case["query"].get("type")), limit=10)
        total[case["class"]] += 1
        if judge(case, hit_keys(hits)):
            continue
        wrong[case["class"]] += 1
        if shown < args.show:
            shown += 1
            source = (case.get("source_entry") or {}).get("name")
            print(f"  [{case['class']}:{case['sub']}] {case['query']['name']!r} ~ {source!r} -> "
                  f"{[(h.entry_name, round(h.score, 3)) for h in hits[:2]]}")
    print(f"{len(cases)} extra tuning-split cases")
    for cls in classes:
        n = total[cls]
        kind = "FP rate" if cls.startswith("neg_") else "wrong"
        print(f"{cls:24s} {n:6d}  {kind} {wrong[cls] / n if n else 0.0:.3f} ({wrong[cls]} of {n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
