"""Recall on listed company names with words put around them, and false hits when the name is
not whole.

Branches and affiliates are named after their parent with a place or another word ("BANK MELLI
IRAN PARIS BRANCH"), and a party evading a screener adds a word that means nothing. This probe
writes such names from real SDN company, vessel and aircraft names of two words or more:

- ``branch``: a city of one of the entry's own listed addresses after the name, and "BRANCH";
- ``word_before``: a distinctive word of another listed company's name before it;
- ``made_up``: three to six random letters on both sides (nomenklatura's "wrap in random
  words", see ``peer_heuristics.py``).

and, as negatives, ``word_swapped``: the name's rarest word on the list replaced by a distinctive
word of another listed company, and a made-up word added: not the whole name, so no hit on the entry
(a name that is then exactly another entry's is skipped). Each query is matched against the
whole SDN list at the matcher's default threshold.

The variations are ours, so this is weaker evidence than a third party's cases; it checks the
whole-name rule (``structure.ALPHA_CONTAINED``) both ways.

    .venv/bin/python benchmarks/added_words.py                 # 150 per sub-class, seed 3
    .venv/bin/python benchmarks/added_words.py --seed 1 --show 20

Seed 3 is the report's; the rule was looked at on seed 1.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import DEFAULT_DATA, load_lists  # noqa: E402
from probe_report import report  # noqa: E402

SUBS = ("branch", "word_before", "made_up", "word_swapped")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _city(address: str) -> str | None:
    """The city of an OFAC address line ("street, City, Country"), letters only."""
    parts = [p.strip() for p in address.split(",")]
    if len(parts) < 3:
        return None
    city = re.sub(r"[^A-Za-z ]+", " ", parts[-2]).strip()
    words = [w for w in city.split() if len(w) >= 4]
    return words[0].upper() if len(words) == 1 else None


def _made_up(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 6)))


def cases(entries, per_sub: int, rng: random.Random) -> list[tuple[str, str, str, str, bool]]:
    """``(sub-class, query, entry key, listed name, positive)``."""
    pool = [e for e in entries if e.type not in ("person", "individual")
            and len(_WORD.findall(e.names[0])) >= 2 and len(e.names[0]) <= 60]
    listed = {n.upper() for e in entries for n in e.names}
    donors = [w.upper() for e in pool for w in _WORD.findall(e.names[0]) if len(w) >= 6]
    df = Counter(w.upper() for e in entries for n in e.names for w in set(_WORD.findall(n)))
    out: list[tuple[str, str, str, str, bool]] = []
    count: Counter = Counter()
    for e in rng.sample(pool, len(pool)):
        name = e.names[0]
        words = {w.upper() for w in _WORD.findall(name)}
        sub = min(SUBS, key=lambda s: count[s])
        if count[sub] >= per_sub:
            break
        donor = rng.choice(donors)
        if donor in words:
            continue
        if sub == "branch":
            cities = [c for c in map(_city, e.addresses) if c and c not in words]
            if not cities:
                continue
            query = f"{name} {rng.choice(cities)} BRANCH"
        elif sub == "word_before":
            query = f"{donor} {name}"
        elif sub == "made_up":
            query = f"{_made_up(rng)} {name} {_made_up(rng)}"
        else:
            rarest = min(_WORD.findall(name), key=lambda w: (df[w.upper()], -len(w)))
            query = f"{name.replace(rarest, donor, 1)} {_made_up(rng).upper()}"
        if query.upper() in listed:
            continue
        out.append((sub, query, e.key, name, sub != "word_swapped"))
        count[sub] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-sub", type=int, default=150, help="queries per sub-class (default 150)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list up to N wrong per sub-class")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)

    from screener.matching import PartyQuery, build_matcher

    entries = load_lists(args.data, ["sdn"])
    matcher = build_matcher(entries)
    todo = cases(entries, args.per_sub, random.Random(args.seed))
    hits = matcher.match_many([PartyQuery(q) for _, q, _, _, _ in todo], limit=10)
    print(f"SDN company, vessel and aircraft names with words around them; threshold {matcher.threshold}; "
          f"seed {args.seed}")
    n, right = report(todo, hits, SUBS, args.show)
    pos = [s for s in SUBS if s != "word_swapped"]
    caught = sum(right[s] for s in pos)
    print(f"  positives     {sum(n[s] for s in pos):4d}  recall {caught / max(1, sum(n[s] for s in pos)):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
