"""The matching-quality case files: format, loading, validation, the entity split.

Shared by ``benchmarks/cases_build.py`` (writes them), ``benchmarks/matching_quality.py`` (runs
them) and ``tests/test_matching_cases.py`` (checks them). Imports nothing from ``screener``.

One case per line of ``benchmarks/cases/*.jsonl``::

    {"id": "titles-1a2b3c4d5e", "class": "titles", "sub": "prefix:ar", "polarity": "positive",
     "query": {"name": "Sheikh Muhammad Nasif Khayrbik", "type": "person"},
     "expect": {"list": "SDN", "entry_id": "17263"},
     "source_entry": {"list": "SDN", "entry_id": "17263", "name": "KHAYRBIK, Muhammad Nasif"},
     "split": "heldout", "group": "SDN/17263", "made": "rule", "how": "...", "checked": false}

``polarity`` says what ``expect`` means:

* positive -- the query must hit the entry ``expect`` names (``expect.also`` may list other
  entries that count as the same party, e.g. the same person on another list);
* negative -- the query must NOT hit ``expect`` (nor any entry in ``expect.also``); with
  ``expect.nothing`` true the query must hit nothing at all (a clean name).

Peer cases (class ``peer:<project>``) may carry ``pair``: the listed name of a one-entry list the
query is matched against, instead of the real lists; then ``expect`` names that one entry.

``split`` is decided by ``group`` alone (see :func:`split_of`), and the builder gives every case
that touches the same listed entity, family or vessel series the same group, so an entity held
out never appears in a tuning case.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"

POSITIVE_CLASSES = [
    "titles", "dropped_token", "added_token", "abbreviation", "vowel_dropped", "initials",
    "joined_split", "script", "nickname",
]
NEGATIVE_CLASSES = [
    "neg_relative", "neg_same_surname", "neg_common_word_legal", "neg_numbered", "neg_gendered",
    "neg_clean",
]
SPLITS = ("tune", "heldout")
MADE = ("rule", "machine", "real", "hand", "peer")
_REQUIRED = ("id", "class", "polarity", "query", "expect", "split", "group", "how", "checked")


def split_of(group: str) -> str:
    """``tune`` or ``heldout`` for a split group, about half each: a hash, so no list needed."""
    h = hashlib.sha256(("screener-quality-split-v1:" + group).encode()).digest()
    return "heldout" if h[0] & 1 else "tune"


def case_id(cls: str, query: str, expect_key: str) -> str:
    h = hashlib.sha1(f"{cls}\x1f{query}\x1f{expect_key}".encode()).hexdigest()[:10]
    return f"{cls.replace(':', '-')}-{h}"


def entry_key(d: dict | None) -> str | None:
    if not d or "list" not in d or "entry_id" not in d:
        return None
    return f"{d['list']}/{d['entry_id']}"


def iter_case_files(root: Path = CASES_DIR) -> list[Path]:
    return sorted(p for p in root.glob("*.jsonl") if not p.name.startswith("handcheck"))


def load_cases(root: Path = CASES_DIR, split: str = "all", classes: Iterable[str] | None = None) -> list[dict]:
    wanted = set(classes) if classes else None
    out = []
    for path in iter_case_files(root):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                c = json.loads(line)
                if split != "all" and c["split"] != split:
                    continue
                if wanted and c["class"] not in wanted and c["class"].split(":")[0] not in wanted:
                    continue
                out.append(c)
    return out


def write_cases(path: Path, cases: Iterable[dict]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for c in sorted(cases, key=lambda c: c["id"]):
            fh.write(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def validate(cases: Iterable[dict]) -> Iterator[str]:
    """Problems with a set of cases (empty when well-formed and split by group)."""
    seen: set[str] = set()
    group_split: dict[str, str] = {}
    entity_split: dict[str, str] = {}
    for c in cases:
        cid = c.get("id", "?")
        for k in _REQUIRED:
            if k not in c:
                yield f"{cid}: missing {k}"
        if cid in seen:
            yield f"{cid}: duplicate id"
        seen.add(cid)
        cls = c.get("class", "")
        if cls not in POSITIVE_CLASSES and cls not in NEGATIVE_CLASSES and not cls.startswith("peer:"):
            yield f"{cid}: unknown class {cls}"
        pol = c.get("polarity")
        if pol not in ("positive", "negative"):
            yield f"{cid}: bad polarity {pol}"
        if cls in POSITIVE_CLASSES and pol != "positive" or cls in NEGATIVE_CLASSES and pol != "negative":
            yield f"{cid}: polarity {pol} does not fit class {cls}"
        q = c.get("query") or {}
        if not isinstance(q.get("name"), str) or not q["name"].strip():
            yield f"{cid}: empty query name"
        e = c.get("expect") or {}
        if pol == "positive" and entry_key(e) is None:
            yield f"{cid}: a positive needs expect.list and expect.entry_id"
        if pol == "negative" and entry_key(e) is None and not e.get("nothing"):
            yield f"{cid}: a negative needs an entry it must not hit, or expect.nothing"
        if c.get("split") not in SPLITS:
            yield f"{cid}: bad split {c.get('split')}"
        elif c.get("group") and split_of(c["group"]) != c["split"]:
            yield f"{cid}: split {c['split']} does not follow group {c['group']}"
        if c.get("made") is not None and c["made"] not in MADE:
            yield f"{cid}: bad made {c['made']}"
        g = c.get("group")
        if g:
            if group_split.setdefault(g, c.get("split")) != c.get("split"):
                yield f"{cid}: group {g} in both splits"
        if "pair" in c:
            continue  # a one-entry list of its own: no listed entity to keep apart
        for k in [entry_key(e), entry_key(c.get("source_entry"))] + list(e.get("also") or []):
            if k and entity_split.setdefault(k, c.get("split")) != c.get("split"):
                yield f"{cid}: entity {k} appears in both splits"
