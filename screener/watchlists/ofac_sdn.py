"""OFAC Specially Designated Nationals list in OFAC's legacy headerless CSV files.

A folder holds ``sdn.csv`` (ent_num, name, type, program, title, call_sign, vess_type, tonnage,
grt, vess_flag, vess_owner, remarks), optionally ``alt.csv`` (ent_num, alt_num, alt_type,
alt_name, alt_remarks) and ``add.csv`` (ent_num, add_num, address, city_state_zip, country,
add_remarks). ``-0-`` means empty; aliases and addresses join to an entry on ``ent_num``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    join_address,
    make_entry,
    read_text,
    unique,
    unique_names,
)

LIST_NAME = "SDN"
SOURCE = "OFAC SDN"
# OFAC's public page for one entry; the id is the entry's ent_num.
DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid}"

_TYPES: dict[str, EntryType] = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}

# Weak ("low quality") aliases are written into the remarks as a.k.a. 'NAME'; the closing
# quote is the one followed by punctuation or the end, since names hold apostrophes (ABU-'UMAR).
_WEAK_AKA = re.compile(r"\b[afn]\.k\.a\.,?\s+'(.+?)'(?=\s*(?:[.;,)]|$))", re.IGNORECASE)
_NATIONALITY = re.compile(r"^(?:alt\.\s+)?(?:nationality|citizen)\s+(.+)$", re.IGNORECASE)


def find_member(folder: Path, name: str) -> Path | None:
    """``folder/name`` matched case-insensitively (OFAC has shipped both SDN.CSV and sdn.csv)."""
    if not folder.is_dir():
        return None
    exact = folder / name
    if exact.is_file():
        return exact
    for child in folder.iterdir():
        if child.name.lower() == name and child.is_file():
            return child
    return None


def is_sdn_folder(path: Path) -> bool:
    """A folder holding OFAC's ``sdn.csv``."""
    return find_member(path, "sdn.csv") is not None


def parse_programs(text: str) -> list[str]:
    """Program tags from "[UKRAINE-EO13661] [SYRIA]", "SDGT] [SDT" or "UKRAINE-EO13661".

    Tags may contain spaces ("CAATSA - RUSSIA"), so only the brackets separate them.
    """
    return unique(part.strip() for part in re.split(r"[\[\]]", _value(text)))


def load(path: str | Path) -> list[WatchlistEntry]:
    """Load an OFAC SDN folder (or its ``sdn.csv``; ``alt.csv``/``add.csv`` beside it are optional)."""
    path = Path(path)
    folder = path.parent if path.is_file() else path
    sdn_file = path if path.is_file() else find_member(folder, "sdn.csv")
    if sdn_file is None:
        raise WatchlistFormatError(path, "not an OFAC SDN folder: no sdn.csv in it")

    aliases: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    alt_file = find_member(folder, "alt.csv")
    if alt_file is not None:
        for row in _rows(alt_file, min_columns=4):
            remarks = _value(row[4]) if len(row) > 4 else ""
            aliases[row[0]].append((_value(row[2]), _value(row[3]), remarks))

    addresses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    add_file = find_member(folder, "add.csv")
    if add_file is not None:
        for row in _rows(add_file, min_columns=5):
            line = join_address(_value(v) for v in row[2:5])
            addresses[row[0]].append((line, _value(row[4])))

    entries: list[WatchlistEntry] = []
    for row in _rows(sdn_file, min_columns=4):
        ent_num = row[0]
        name = _value(row[1])
        if not name:
            continue
        remarks = _value(row[11]) if len(row) > 11 else ""
        vess_flag = _value(row[9]) if len(row) > 9 else ""

        strong = [name]
        weak: list[str] = []
        for _alt_type, alt_name, alt_remarks in aliases.get(ent_num, ()):
            (weak if "weak" in alt_remarks.lower() else strong).append(alt_name)
        weak.extend(_WEAK_AKA.findall(remarks))
        names = unique_names(strong)

        own_addresses = addresses.get(ent_num, ())
        countries = [country for _line, country in own_addresses]
        countries.append(vess_flag)
        countries.extend(nationalities_in_remarks(remarks))

        fields = entry_extras(source_url=DETAILS_URL.format(uid=ent_num), remarks=remarks, weak=weak, names=names)
        entries.append(
            make_entry(
                entry_id=ent_num,
                list=LIST_NAME,
                names=names,
                type=_TYPES.get(_value(row[2]).lower(), "organization"),
                countries=countries_of(countries),
                addresses=unique(line for line, _country in own_addresses),
                programs=parse_programs(row[3]),
                source=SOURCE,
                **fields,
            )
        )
    return entries


def _rows(path: Path, *, min_columns: int) -> list[list[str]]:
    text = read_text(path)
    rows: list[list[str]] = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        # Old exports end with a DOS end-of-file byte on its own line.
        if not row or not row[0].strip().strip("\x1a"):
            continue
        ent_num = row[0].strip()
        if len(row) < min_columns or not ent_num.isdigit():
            raise WatchlistFormatError(
                path,
                f"line {line_no}: expected OFAC's headerless legacy CSV "
                f"(at least {min_columns} columns, numeric ent_num first), got {row[:3]!r}",
            )
        row[0] = ent_num
        rows.append(row)
    return rows


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == "-0-" else cell


def nationalities_in_remarks(remarks: str) -> list[str]:
    found: list[str] = []
    for part in remarks.split(";"):
        match = _NATIONALITY.match(part.strip())
        if match:
            found.append(match.group(1))
    return found
