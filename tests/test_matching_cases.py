"""The matching-quality case files (benchmarks/cases/) are well-formed and split by entity.

Fast and offline: reads the JSON lines only (no lists, no engine).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

from casefile import (  # noqa: E402
    CASES_DIR,
    NEGATIVE_CLASSES,
    POSITIVE_CLASSES,
    entry_key,
    load_cases,
    split_of,
    validate,
)


def test_cases_are_well_formed_and_split_by_entity():
    cases = load_cases(CASES_DIR)
    assert cases
    problems = list(validate(cases))
    assert not problems, problems[:20]


def test_every_class_has_cases_in_both_splits():
    n = Counter((c["class"], c["split"]) for c in load_cases(CASES_DIR))
    for cls in POSITIVE_CLASSES + NEGATIVE_CLASSES:
        assert n[(cls, "tune")] >= 60 and n[(cls, "heldout")] >= 60, (cls, n[(cls, "tune")], n[(cls, "heldout")])


def test_no_listed_entity_in_both_splits():
    where: dict[str, set[str]] = {}
    for c in load_cases(CASES_DIR):
        if "pair" in c:
            continue
        keys = [entry_key(c["expect"]), entry_key(c.get("source_entry"))] + list(c["expect"].get("also") or [])
        for k in filter(None, keys):
            where.setdefault(k, set()).add(c["split"])
    both = [k for k, s in where.items() if len(s) > 1]
    assert not both, both[:10]


def test_split_is_a_function_of_the_group():
    for c in load_cases(CASES_DIR):
        assert split_of(c["group"]) == c["split"]
    assert {split_of(f"g{i}") for i in range(50)} == {"tune", "heldout"}


def test_hand_checked_sample_per_class():
    cases = {c["id"]: c for c in load_cases(CASES_DIR)}
    checked = Counter(c["class"] for c in cases.values() if c["checked"])
    for cls in POSITIVE_CLASSES + NEGATIVE_CLASSES:
        assert checked[cls] >= 10, (cls, checked[cls])
    records = [json.loads(x) for x in (CASES_DIR / "handcheck.jsonl").read_text(encoding="utf-8").splitlines() if x]
    for r in records:
        assert r["verdict"] in ("ok", "reject")
        if r["verdict"] == "reject":
            assert r["id"] not in cases, f"rejected case {r['id']} is still in the case files"
            assert r.get("note")
        else:
            assert cases[r["id"]]["checked"], r["id"]
