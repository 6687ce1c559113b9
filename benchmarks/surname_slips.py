"""Recall on listed persons' family names typed with a letter that looks like a feminine ending,
and false hits on the feminine form where family names do change with the bearer.

A family name is typed with an extra letter as often as any word, and a or e at its end looks
like a feminine ending. Most languages' family names do not change with the bearer, so there it
is a slip; Russian, Polish, Czech ... family names do, and there the other form is a relative
(docs/matching.md section 4). This probe writes, from real SDN persons ("FAMILY, Given ..."):

- ``extra_letter``: a one-word family name ending in a consonant, not Slavic-looking, with A or
  E appended ("Terence MICALLEFA");
- ``last_vowel``: one ending in o, with a for o ("Matthieu NGUDJOLA");

and, as negatives, ``other_gender``: a family name ending -ov, -ev, -in, -yn or -sky in its
feminine form with a woman's given name ("Olga LEBEDEVA" for LEBEDEV, Dmitri): another person.
Each query is matched against the whole SDN list at the matcher's default threshold.

The variations are ours, so this is weaker evidence than a third party's cases.

    .venv/bin/python benchmarks/surname_slips.py                 # 150 per sub-class, seed 4
    .venv/bin/python benchmarks/surname_slips.py --seed 1 --show 20

Seed 4 is the report's; the rule was looked at on seed 1.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import DEFAULT_DATA, load_lists  # noqa: E402
from probe_report import report  # noqa: E402

SUBS = ("extra_letter", "last_vowel", "other_gender")
_WOMEN = ("Olga", "Anna", "Irina", "Elena", "Natalia", "Maria", "Tatiana", "Svetlana")
_INFLECTED = re.compile(r"(OV|EV|IN|YN)$")
_FEMININE_OF = (("SKIY", "SKAYA"), ("SKY", "SKAYA"), ("SKI", "SKA"))


def cases(entries, per_sub: int, rng: random.Random) -> list[tuple[str, str, str, str, bool]]:
    """``(sub-class, query, entry key, listed name, positive)``."""
    out: list[tuple[str, str, str, str, bool]] = []
    count: Counter = Counter()
    listed = {n.upper() for e in entries for n in e.names}
    persons = [e for e in entries if e.type in ("person", "individual") and "," in e.names[0]]
    for e in rng.sample(persons, len(persons)):
        family, given = (p.strip() for p in e.names[0].split(",", 1))
        if not given or not family.isalpha() or len(family) < 5:
            continue
        first = given.split()[0]
        f = family.upper()
        if _INFLECTED.search(f):
            sub, query = "other_gender", f"{rng.choice(_WOMEN)} {f}A"
        elif f.endswith(tuple(m for m, _ in _FEMININE_OF)):
            m, fem = next(p for p in _FEMININE_OF if f.endswith(p[0]))
            sub, query = "other_gender", f"{rng.choice(_WOMEN)} {f[:-len(m)]}{fem}"
        elif f.endswith("O"):
            sub, query = "last_vowel", f"{first} {f[:-1]}A"
        elif f[-1] not in "AEIOUY":
            sub, query = "extra_letter", f"{first} {f}{rng.choice('AE')}"
        else:
            continue
        if count[sub] >= per_sub or query.upper() in listed:
            continue
        out.append((sub, query, e.key, e.names[0], sub != "other_gender"))
        count[sub] += 1
        if all(count[s] >= per_sub for s in SUBS):
            break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-sub", type=int, default=150, help="queries per sub-class (default 150)")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list up to N wrong per sub-class")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)

    from screener.matching import PartyQuery, build_matcher

    entries = load_lists(args.data, ["sdn"])
    matcher = build_matcher(entries)
    todo = cases(entries, args.per_sub, random.Random(args.seed))
    hits = matcher.match_many([PartyQuery(q, type="person") for _, q, _, _, _ in todo], limit=10)
    print(f"SDN persons' family names with a feminine-looking letter; threshold {matcher.threshold}; "
          f"seed {args.seed}")
    report(todo, hits, SUBS, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
