"""US Consolidated Screening List (trade.gov) CSV export.

One row per listed party from many US lists; the ``source`` column names the list, e.g.
"Entity List (EL) - Bureau of Industry and Security", and the code in brackets becomes the
entry's list. ``alt_names``, ``addresses``, ``programs`` and the nationality columns are
``;``-separated; addresses end with an alpha-2 country code.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    infer_type,
    iso_date,
    make_entry,
    read_head,
    read_text,
    split,
    stable_id,
    unique,
    unique_names,
)

REQUIRED_COLUMNS = frozenset({"source", "name", "alt_names"})

_TYPES: dict[str, EntryType] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# "(EL)", "(CMIC)", "(NS-MBS List)": the code is the upper-case token in brackets.
_CODE = re.compile(r"\(([A-Z][A-Z0-9-]*)(?:\s+List)?\)")


def is_csl(path: Path) -> bool:
    """A CSV whose header has the CSL's ``source`` and ``alt_names`` columns."""
    return REQUIRED_COLUMNS <= _header(path)


def list_code(source: str) -> str:
    """Short list code for a CSL ``source`` value: "Entity List (EL) - Bureau ..." -> "EL".

    Sources without a bracketed code fall back to their name before " - ", upper-cased and
    hyphenated, so a list CSL adds later still gets a stable, readable code.
    """
    match = _CODE.search(source)
    if match:
        return match.group(1)
    name = source.split(" - ")[0]
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-") or "CSL"


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    reader = csv.DictReader(io.StringIO(read_text(path)))
    columns = {c.strip().lower() for c in reader.fieldnames or ()}
    if not REQUIRED_COLUMNS <= columns:
        missing = ", ".join(sorted(REQUIRED_COLUMNS - columns))
        raise WatchlistFormatError(path, f"not a Consolidated Screening List CSV: missing {missing}")

    entries: list[WatchlistEntry] = []
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        names = unique_names([row.get("name"), *split(row.get("alt_names"))])
        if not names:
            continue
        source = row.get("source") or "Consolidated Screening List"
        addresses = unique(split(row.get("addresses")))
        # entity_number is OFAC's ent_num for SDN/SSI rows, so those rows share an id with the
        # SDN file; BIS lists have no id, so name and addresses identify the row (the same way
        # the DPL loader does, which keeps DPL rows from both files under one id).
        entry_id = row.get("entity_number") or stable_id(names[0], "; ".join(addresses))
        countries = [a.rsplit(",", 1)[-1] for a in addresses if len(a.rsplit(",", 1)[-1].strip()) == 2]
        # These columns hold alpha-2 codes, so a comma cannot be part of a value.
        for column in ("citizenships", "nationalities"):
            countries += re.split(r"[;,]", row.get(column, ""))
        countries.append(row.get("vessel_flag"))
        entries.append(
            make_entry(
                entry_id=entry_id,
                list=list_code(source),
                names=names,
                type=_TYPES.get(row.get("type", "").lower()) or infer_type(names[0]),
                countries=countries_of(countries),
                addresses=addresses,
                programs=unique(split(row.get("programs"))),
                source=source,
                **entry_extras(
                    listed_on=iso_date(row.get("start_date")),
                    source_url=row.get("source_list_url") or row.get("source_information_url"),
                    remarks=row.get("remarks"),
                ),
            )
        )
    return entries


def _header(path: Path) -> set[str]:
    first = read_head(path).splitlines()[:1]
    if not first:
        return set()
    return {c.strip().lower() for c in next(csv.reader(first), [])}
