"""Make the demo watch-list sample bundled in ``screener/watchlists/sample/``.

The sample is a small subset of real, public-domain US government data from the shared data
folder (see its README.md), so the demo and quick tests screen against real names, aliases and
addresses without shipping whole lists:

- ``ofac_sdn/``: OFAC SDN legacy CSV rows (sdn.csv, alt.csv, add.csv) for Russia/Ukraine-related
  designations (program tags containing UKRAINE or RUSSIA) and a spread of the IRAN and DPRK
  programs. Rows are copied byte for byte, so the sample is in OFAC's own format.
- ``csl_entity_list.csv``: the Entity List (EL) rows of the Consolidated Screening List sample.

Run from the repository root: ``.venv/bin/python benchmarks/make_demo_sample.py``.
The selection is deterministic: the same input gives the same sample.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "screener" / "watchlists" / "sample"

# Entries the demo scenarios name; they must be in the sample whatever the caps.
MUST_INCLUDE = ("KALASHNIKOV CONCERN", "JOINT-STOCK COMPANY CONCERN ALMAZ-ANTEY", "BANK ROSSIYA")
RUSSIA_CAP = 300
IRAN_DPRK_CAP = 100
CSL_LIST = "Entity List (EL)"


def ofac_records(path: Path) -> Iterator[tuple[list[str], str]]:
    """Each CSV record with its raw text, so rows can be copied without re-quoting them."""
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        # latin-1 maps every byte to one character, so the copy is byte-exact.
        with path.open(encoding="latin-1", newline="") as fh:
            for line in fh:
                consumed.append(line)
                yield line

    for row in csv.reader(lines()):
        raw = "".join(consumed)
        consumed.clear()
        if row and row[0].strip():
            yield row, raw if raw.endswith("\n") else raw + "\n"


def programs(cell: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\[\]]", cell) if p.strip() and p.strip() != "-0-"]


def spread(items: list[str], count: int) -> list[str]:
    """``count`` items evenly spaced through ``items``: a cross-section, not just the oldest."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def select_sdn(sdn_rows: list[list[str]]) -> set[str]:
    by_name = {row[1].strip(): row[0].strip() for row in sdn_rows}
    missing = [name for name in MUST_INCLUDE if name not in by_name]
    if missing:
        raise SystemExit(f"sdn.csv lacks {missing}; is this the 2019 export?")
    must = [by_name[name] for name in MUST_INCLUDE]

    russia: list[str] = []
    russia_people: list[str] = []
    iran_dprk: list[str] = []
    for row in sorted(sdn_rows, key=lambda r: int(r[0])):
        ent_num, tags = row[0].strip(), programs(row[3])
        if any("UKRAINE" in t or "RUSSIA" in t for t in tags):
            # Companies first: they are what an export order ships to.
            (russia_people if row[2].strip() == "individual" else russia).append(ent_num)
        elif any(t == "IRAN" or t.startswith("DPRK") for t in tags):
            iran_dprk.append(ent_num)

    chosen = list(dict.fromkeys(must + russia))[:RUSSIA_CAP]
    chosen += spread(russia_people, RUSSIA_CAP - len(chosen))
    chosen += spread(iran_dprk, IRAN_DPRK_CAP)
    return set(chosen)


def write_sdn(src: Path, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    sdn = list(ofac_records(src / "sdn.csv"))
    chosen = select_sdn([row for row, _raw in sdn])
    counts = {}
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        records = sdn if name == "sdn.csv" else ofac_records(src / name)
        kept = [raw for row, raw in records if row[0].strip() in chosen]
        (out / name).write_text("".join(kept), encoding="latin-1", newline="")
        counts[name] = len(kept)
    return counts


def write_csl(src: Path, out: Path) -> int:
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [row for row in reader if row["source"].startswith(CSL_LIST)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


def write_readme(out: Path, sdn_counts: dict[str, int], csl_rows: int) -> None:
    (out / "README.md").write_text(
        f"""# Demo watch-list sample

A small subset of real, public-domain US government data, for the demo and quick tests.
It is an old snapshot (OFAC SDN export of January 2019): never use it for real screening.
Made by `benchmarks/make_demo_sample.py` from the shared data folder (`shared/data`):
re-run that script to rebuild it.

| path | what | from |
| --- | --- | --- |
| `ofac_sdn/` | {sdn_counts["sdn.csv"]} OFAC SDN entries with {sdn_counts["alt.csv"]} aliases and \
{sdn_counts["add.csv"]} addresses, in OFAC's legacy headerless CSV format | `ofac-sdn-2019/` |
| `csl_entity_list.csv` | {csl_rows} BIS Entity List (EL) rows of the Consolidated Screening List | \
`csl-sample/csl.csv` |

The SDN entries are Russia/Ukraine-related designations (program tags containing UKRAINE or
RUSSIA: all organizations and vessels, then people evenly spread, {RUSSIA_CAP} in all) and
{IRAN_DPRK_CAP} entries evenly spread through the IRAN and DPRK programs. They always include
{", ".join(MUST_INCLUDE)}.
Rows are copied unchanged from OFAC's files.

Load it with `screener.watchlists.load_watchlists([screener.watchlists.sample_path()])`.
""",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="sample folder to write")
    args = parser.parse_args()

    sdn_counts = write_sdn(args.data / "ofac-sdn-2019", args.out / "ofac_sdn")
    csl_rows = write_csl(args.data / "csl-sample" / "csl.csv", args.out / "csl_entity_list.csv")
    write_readme(args.out, sdn_counts, csl_rows)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {args.out}: {sdn_counts}, {csl_rows} CSL rows, {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
