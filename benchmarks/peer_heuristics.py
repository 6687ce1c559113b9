"""Recall on the name variations another project tests its matcher with, applied to real SDN names.

OpenSanctions' nomenklatura lists the variations its name benchmark makes
(``contrib/name_benchmark/README.md``: "Wrap in random letters/words", "Second name, last name",
"Replace spaces with some special character", "Append 's", "Remove all spaces", ...). They are
written afresh here, one function each, from that list alone (not from its code), and applied to
real SDN names: persons as "Given Middle FAMILY" from the list's "FAMILY, Given Middle", and
organisations as listed. Each variant is matched against the whole SDN list at the matcher's
default threshold, and counts as caught when the entry it came from is among the hits. There
are no negatives here (``matching_quality.py`` has them); this is evidence the project's own
case writers did not make, so it can disagree with them.

    .venv/bin/python benchmarks/peer_heuristics.py                 # 150 variants a heuristic, seed 11
    .venv/bin/python benchmarks/peer_heuristics.py --seed 7 --show 5 --only append_s,remove_spaces

Seed 11 is the report's; the rules were looked at on seed 7.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_quality import DEFAULT_DATA, load_lists  # noqa: E402

VOWELS = "aeiou"
CONSONANTS = "bcdfghjklmnpqrstvwxz"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
LEGAL_SPELT_OUT = {
    "ltd": "Limited", "ltd.": "Limited", "co": "Company", "co.": "Company", "inc": "Incorporated",
    "inc.": "Incorporated", "corp": "Corporation", "corp.": "Corporation", "llc": "Limited Liability Company",
    "gmbh": "Gesellschaft mit beschraenkter Haftung", "s.a.": "Sociedad Anonima", "sa": "Sociedad Anonima",
    "jsc": "Joint Stock Company", "plc": "Public Limited Company", "ag": "Aktiengesellschaft",
    "fze": "Free Zone Establishment", "bv": "Besloten Vennootschap", "srl": "Societa a responsabilita limitata",
    "s.r.l.": "Societa a responsabilita limitata", "ooo": "Obshchestvo s Ogranichennoi Otvetstvennostyu",
    "pjsc": "Public Joint Stock Company", "cjsc": "Closed Joint Stock Company",
}
LEGAL_WORDS = set(LEGAL_SPELT_OUT) | {"limited", "company", "corporation", "incorporated", "llp", "lp", "l.l.c.",
                                      "sal", "s.a.l.", "oao", "ltda", "ltda."}
TITLES = ["Mr", "Mr.", "Mrs", "Ms", "Dr", "Dr.", "Prof.", "Sir", "Sheikh", "Gen.", "Col.", "Haji"]


class Variants:
    """The heuristics, each ``(words, person parts or None) -> words or None`` (None: does not
    apply to this name)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # -- helpers --
    def _word_at(self, words: list[str], min_len: int = 4) -> int | None:
        idx = [i for i, w in enumerate(words) if len(re.sub(r"[^A-Za-z]", "", w)) >= min_len]
        return self.rng.choice(idx) if idx else None

    def _in_word(self, words: list[str], edit: Callable[[str], str | None]) -> list[str] | None:
        i = self._word_at(words)
        if i is None:
            return None
        w = edit(words[i])
        return None if w is None else words[:i] + [w] + words[i + 1:]

    def _letter(self, like: str, pool: str) -> str:
        c = self.rng.choice([p for p in pool if p != like.lower()])
        return c.upper() if like.isupper() else c

    def _replace_one(self, words: list[str], pool: str) -> list[str] | None:
        """One letter of ``pool`` in a word replaced by another of ``pool``."""
        def edit(w):
            at = [j for j, c in enumerate(w) if c.lower() in pool]
            if not at:
                return None
            j = self.rng.choice(at)
            return w[:j] + self._letter(w[j], pool) + w[j + 1:]
        return self._in_word(words, edit)

    def _random_word(self) -> str:
        return "".join(self.rng.choice(LETTERS) for _ in range(self.rng.randint(3, 6)))

    # -- the heuristics, in the README's order --
    def wrap_words(self, words, person):
        return [self._random_word(), *words, self._random_word()]

    def second_last(self, words, person):  # "Second name, last name"
        if person is None or len(person[0]) < 2:
            return None
        return person[0][1:] + person[1]

    def first_last_second(self, words, person):
        if person is None or len(person[0]) < 2:
            return None
        return [person[0][0], *person[1], *person[0][1:]]

    def space_special(self, words, person):
        return [self.rng.choice("-_./+").join(words)]

    def double_single(self, words, person):
        def edit(w):
            at = [j for j in range(len(w) - 1) if w[j].isalpha() and w[j].lower() == w[j + 1].lower()]
            if not at:
                return None
            j = self.rng.choice(at)
            return w[:j] + w[j + 1:]
        return self._in_word(words, edit)

    def remove_special(self, words, person):
        out = [x for x in (re.sub(r"[^\w\s]", "", w) for w in words) if x]
        return out if out != words else None

    def vowel_replace(self, words, person):
        return self._replace_one(words, VOWELS)

    def dup_char(self, words, person):
        def edit(w):
            j = self.rng.choice([j for j, c in enumerate(w) if c.isalpha()])
            return w[:j] + w[j] + w[j:]
        return self._in_word(words, edit)

    def expand_company(self, words, person):
        if person is not None:
            return None
        at = [j for j, w in enumerate(words) if w.lower().rstrip(",") in LEGAL_SPELT_OUT]
        if not at:
            return None
        j = at[-1]
        return words[:j] + [LEGAL_SPELT_OUT[words[j].lower().rstrip(",")]] + words[j + 1:]

    def no_middle(self, words, person):
        if person is None or len(person[0]) < 2:
            return None
        return [person[0][0], *person[1]]

    def append_s(self, words, person):
        return words[:-1] + [words[-1] + "'s"]

    def remove_char(self, words, person):
        def edit(w):
            at = [j for j, c in enumerate(w) if c.isalpha()]
            j = self.rng.choice(at[1:] or at)
            return w[:j] + w[j + 1:]
        return self._in_word(words, edit)

    def insert_letter(self, words, person):
        def edit(w):
            j = self.rng.randrange(1, len(w) + 1)
            c = self.rng.choice(LETTERS)
            return w[:j] + (c.upper() if w.isupper() else c) + w[j:]
        return self._in_word(words, edit)

    def remove_one_middle(self, words, person):
        if person is None or len(person[0]) < 3:
            return None
        k = self.rng.randrange(1, len(person[0]))
        return person[0][:k] + person[0][k + 1:] + person[1]

    def remove_company_type(self, words, person):
        if person is not None:
            return None
        out = [w for w in words if w.lower().rstrip(",") not in LEGAL_WORDS]
        return out if out and out != words else None

    def consonant_replace(self, words, person):
        return self._replace_one(words, CONSONANTS)

    def shorten_first(self, words, person):
        if person is None or len(person[0][0]) < 6:
            return None
        return [person[0][0][:self.rng.randint(3, 4)], *person[0][1:], *person[1]]

    def add_title(self, words, person):
        return None if person is None else [self.rng.choice(TITLES), *words]

    def transpose_letters(self, words, person):
        def edit(w):
            at = [j for j in range(len(w) - 1) if w[j].isalpha() and w[j + 1].isalpha() and w[j] != w[j + 1]]
            if not at:
                return None
            j = self.rng.choice(at)
            return w[:j] + w[j + 1] + w[j] + w[j + 2:]
        return self._in_word(words, edit)

    def transpose_words(self, words, person):
        if len(words) < 2:
            return None
        i = self.rng.randrange(len(words) - 1)
        out = list(words)
        out[i], out[i + 1] = out[i + 1], out[i]
        return out

    def leading_alnum(self, words, person):
        return ["".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(3)), *words]

    def remove_spaces(self, words, person):
        return ["".join(words)]

    def initials_first(self, words, person):
        return None if person is None else [f[0] + "." for f in person[0]] + person[1]


HEURISTICS = [name for name in vars(Variants) if not name.startswith("_")]


def main(argv: list[str] | None = None) -> int:
    from screener.matching import PartyQuery, build_matcher

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-heuristic", type=int, default=150)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--only", default="", help="comma-separated heuristics (default all)")
    ap.add_argument("--show", type=int, default=0, help="misses listed per heuristic")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    chosen = [h for h in args.only.split(",") if h] or HEURISTICS
    unknown = sorted(set(chosen) - set(HEURISTICS))
    if unknown:
        ap.error(f"unknown heuristics: {', '.join(unknown)} (known: {', '.join(HEURISTICS)})")
    entries = load_lists(args.data, ["sdn"])
    engine = build_matcher(entries)
    persons, orgs = [], []
    for e in entries:
        name = e.names[0]
        if not name.isascii():
            continue
        if e.type == "person" and "," in name:
            family, _, given = name.partition(",")
            if family.split() and given.split():
                persons.append((e, (given.split(), family.split())))
        elif e.type == "organization" and len(name.split()) >= 2:
            orgs.append((e, None))
    rng = random.Random(args.seed)
    make = Variants(rng)
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    print(f"{len(persons):,} persons and {len(orgs):,} organisations of the SDN list; "
          f"threshold {engine.threshold}; seed {args.seed}")
    for name in chosen:
        heuristic = getattr(make, name)
        tries = 0
        while caught[name][1] < args.per_heuristic and tries < args.per_heuristic * 20:
            tries += 1
            entry, person = rng.choice(persons if rng.random() < 0.5 else orgs)
            words = (person[0] + person[1]) if person else entry.names[0].split()
            variant = heuristic(words, person)
            if not variant:
                continue
            query = " ".join(variant)
            ok = any(h.entry_id == entry.entry_id for h in engine.match(PartyQuery(query), limit=10))
            caught[name][0] += ok
            caught[name][1] += 1
            if not ok:
                missed[name].append((query, entry.names[0]))
    total = [0, 0]
    print(f"{'heuristic':22s} {'caught':>9s}  recall")
    for name in chosen:
        ok, n = caught[name]
        total[0] += ok
        total[1] += n
        print(f"{name:22s} {ok:4d}/{n:<4d}  {ok / max(n, 1):.3f}")
        for query, listed in missed[name][:args.show]:
            print(f"      {query!r} ~ {listed!r}")
    print(f"{'ALL':22s} {total[0]}/{total[1]}  {total[0] / max(total[1], 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
