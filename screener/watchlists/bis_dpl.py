"""US Commerce BIS Denied Persons List, tab-separated with a quoted header row.

Columns: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation. The file has no id column
and mixes people and companies.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from screener.events.control import WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    infer_type,
    iso_date,
    join_address,
    make_entry,
    read_head,
    read_text,
    stable_id,
    unique_names,
)

LIST_NAME = "DPL"
SOURCE = "BIS Denied Persons List"
REQUIRED_COLUMNS = frozenset({"name", "street_address", "city", "state", "country", "postal_code"})
ADDRESS_COLUMNS = ("street_address", "city", "state", "postal_code", "country")


def is_dpl(path: Path) -> bool:
    """A tab-separated file whose header has the DPL's name and address columns."""
    first = read_head(path).splitlines()[:1]
    if not first or "\t" not in first[0]:
        return False
    columns = {c.strip().lower() for c in next(csv.reader(first, delimiter="\t"), [])}
    return REQUIRED_COLUMNS <= columns


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    reader = csv.DictReader(io.StringIO(read_text(path)), delimiter="\t")
    columns = {c.strip().lower() for c in reader.fieldnames or ()}
    if not REQUIRED_COLUMNS <= columns:
        missing = ", ".join(sorted(REQUIRED_COLUMNS - columns))
        raise WatchlistFormatError(path, f"not a BIS Denied Persons List file: missing {missing}")

    entries: dict[str, WatchlistEntry] = {}
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        names = unique_names([row.get("name")])
        if not names:
            continue
        address = join_address(row.get(c) for c in ADDRESS_COLUMNS)
        # One party may be listed at several addresses, one row each; name and address
        # together are what tells rows apart. Identical rows collapse into one entry.
        entry_id = stable_id(names[0], address)
        entries[entry_id] = make_entry(
            entry_id=entry_id,
            list=LIST_NAME,
            names=names,
            type=infer_type(names[0]),
            countries=countries_of([row.get("country")]),
            addresses=[address] if address else [],
            source=SOURCE,
            # The order's effective date (mm/dd/yyyy) is when the denial took effect.
            **entry_extras(listed_on=iso_date(row.get("effective_date"), "mdy")),
        )
    return list(entries.values())
