"""Recall on the UN list's own names in other scripts, matched against Latin names only.

The UN Security Council list gives many of its persons and organisations a name in Arabic (and
a few in Cyrillic or Chinese) beside the Latin ones. Those are real names in the script a party
writes itself, transliterated by the UN's own editors, not by us: each is matched against the
UN list with every non-Latin name removed, together with the whole SDN list (which has none),
and it counts when its own entry is among the hits at the matcher's default threshold. A name
whose script has no Latin name to meet (none here) would be held by screening anyway.

The cases are written by the list's editors; the rules for Arabic business words and for "X
al-Din" written apart were looked at on them (2026-12-02), so this is not a held-out figure.

    .venv/bin/python benchmarks/script_aliases.py
    .venv/bin/python benchmarks/script_aliases.py --show 20
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import DEFAULT_DATA, load_lists  # noqa: E402
from probe_report import report  # noqa: E402

SUBS = ("arabic_person", "arabic_organization", "other_script")


def _script(name: str) -> str | None:
    """The first non-Latin script of the name's letters (ARABIC, CYRILLIC, CJK ...), or None."""
    for ch in name:
        if ch.isalpha() and not ch.isascii():
            script = unicodedata.name(ch, "").split(" ")[0]
            if script != "LATIN":
                return script
    return None


def cases(un_entries):
    """``(sub-class, query, entry key, a Latin name, positive)`` per non-Latin name, and the UN
    entries with their Latin names only."""
    todo = []
    latin_only = []
    for e in un_entries:
        latin = [n for n in e.names if _script(n) is None]
        if not latin:
            continue
        latin_only.append(e.model_copy(update={"names": latin}))
        for name in e.names:
            script = _script(name)
            if script is None:
                continue
            if script == "ARABIC":
                sub = "arabic_person" if e.type == "person" else "arabic_organization"
            else:
                sub = "other_script"
            todo.append((sub, name, e.key, latin[0], True))
    return todo, latin_only


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list up to N misses per sub-class")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)

    from screener.matching import PartyQuery, build_matcher

    todo, latin_only = cases(load_lists(args.data, ["un"]))
    matcher = build_matcher(latin_only + list(load_lists(args.data, ["sdn"])))
    hits = matcher.match_many([PartyQuery(q) for _, q, _, _, _ in todo], limit=10)
    print(f"UN names in other scripts against the UN list's Latin names and the SDN list; "
          f"threshold {matcher.threshold}")
    n, right = report(todo, hits, SUBS, args.show)
    print(f"  {'ALL':13s} {sum(n.values()):4d}  recall {sum(right.values()) / max(1, sum(n.values())):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
