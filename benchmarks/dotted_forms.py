"""Recall on real SDN company names with their legal form written in dotted letters.

Every SDN name or alias that holds one of the common legal-form abbreviations (ZAO, OOO, PJSC,
FZE, FZCO, LLC, LLP, KFT, EIRL, SRL, GMBH, DOO ...) undotted is written with that form dotted
("ALPHA TRADING F.Z.E.", "Z.A.O. ..."), as order systems often type it, and matched against the
whole SDN list at the matcher's default threshold. The variation is ours, so this is weaker
evidence than a third party's cases; the rule (2026-12-02) was written on these names.

    .venv/bin/python benchmarks/dotted_forms.py [--show 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import DEFAULT_DATA, load_lists  # noqa: E402
from probe_report import report  # noqa: E402

FORMS = ("FZE", "FZCO", "ZAO", "OOO", "OAO", "PAO", "PJSC", "OJSC", "CJSC", "JSC", "LLC", "LLP", "KFT",
         "EIRL", "SRL", "SAS", "SPA", "GMBH", "DOO", "SARL", "SNC", "LTD", "TOV", "PLC", "INC")
SUBS = ("dotted_form",)


def cases(entries):
    """``(sub-class, query, entry key, listed name, positive)``: each name with its first legal
    form dotted."""
    out = []
    for e in entries:
        for name in e.names:
            words = name.replace(",", "").split()
            for i, w in enumerate(words):
                if w.upper().strip(".") in FORMS and "." not in w:
                    dotted = ".".join(w.upper()) + "."
                    out.append(("dotted_form", " ".join([*words[:i], dotted, *words[i + 1:]]), e.key, name, True))
                    break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list up to N misses")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)

    from screener.matching import PartyQuery, build_matcher

    entries = load_lists(args.data, ["sdn"])
    matcher = build_matcher(entries)
    todo = cases(entries)
    hits = matcher.match_many([PartyQuery(q) for _, q, _, _, _ in todo], limit=10)
    print(f"SDN names with their legal form in dotted letters; threshold {matcher.threshold}")
    report(todo, hits, SUBS, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
