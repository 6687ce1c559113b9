"""A company's own watch list: CSV with a header row, or JSON lines, with the same fields.

Fields (only a name is required; header names are case-insensitive, and spaces, ``_``, ``-``
and ``/`` in them are all alike, so "Customer Name", "customer_name" and "CUSTOMER-NAME" match):

- id: ``id``, ``entry_id``, ``Customer ID``, ``Customer Number``, ``Party ID``, ``Entity ID``,
  ``Record ID``: the list's own id. Without one, a stable id is derived from the list and the
  name, so re-loading an edited file keeps ids (rows with the same name merge).
- name: ``name``, ``Full Name``, ``Customer Name``, ``Company Name``, ``Party Name``,
  ``Entity Name``, ``Legal Name``, ``Organisation Name``.
- aliases: ``aliases``, ``alias``, ``AKA``, ``Also Known As``, ``Other Names``, ``Alt Names``
  (``;``-separated, or a JSON list).
- countries: ``country``, ``countries``, ``Country Code``, ``Country Name``: ``;``-separated
  alpha-2/alpha-3 codes or English names.
- address: ``address`` (one address) / ``addresses`` (``;``-separated, or a JSON list), or its
  parts ``Street`` (``Street Address``, ``Address Line 1``, ``Address Line 2``), ``City``,
  ``State``/``Region``, ``Postal Code``/``Zip``/``Postcode``, joined into one line.
- ``list``: the list name; default is the ``list_name`` argument, else the file name stem
  upper-cased ("high-risk-parties.csv" -> "HIGH-RISK-PARTIES").
- ``type`` (``Entity Type``, ``Party Type``): person, organization (company, entity), vessel,
  aircraft or unknown.
- ``programs`` (``program``, ``programme``): ``;``-separated tags.

CSV files may be UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text") or
Windows-1252, separated by ``,``, ``;``, tab or ``|`` (read from the header line). A ``.txt`` or
``.tsv`` file is taken as a company list only when its header has a name column. A ``.json``
file may also hold one JSON array of such objects.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    join_address,
    make_entry,
    read_head,
    read_text,
    split,
    stable_id,
    unique,
    unique_names,
)
from screener.watchlists.countries import to_iso2

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".json"})
# Text exports (Excel's "Unicode text" is a tab-separated .txt) count when a name column is there.
TEXT_SUFFIXES = frozenset({".txt", ".tsv"})
DELIMITERS = (",", ";", "\t", "|")

# Column name (normalised by _column_key) -> field; spreadsheets use singular and plural forms
# interchangeably and name the same column in many ways.
_COLUMN_NAMES = {
    "entry_id": ("id", "entry id", "customer id", "customer number", "party id", "entity id", "record id"),
    "name": (
        "name",
        "full name",
        "customer name",
        "company name",
        "party name",
        "entity name",
        "legal name",
        "organisation name",
        "organization name",
    ),
    "aliases": ("alias", "aliases", "aka", "a.k.a.", "also known as", "other names", "alt names", "alternative names"),
    "countries": ("country", "countries", "country code", "country codes", "country name"),
    "address": ("address", "full address"),
    "addresses": ("addresses",),
    "street": ("street", "street address", "address line 1", "address 1", "address1"),
    "street2": ("address line 2", "address 2", "address2"),
    "city": ("city", "town", "city town"),
    "state": ("state", "region", "province", "state province"),
    "postal_code": ("postal code", "postcode", "post code", "zip", "zip code", "zipcode"),
    "list": ("list", "list name"),
    "type": ("type", "entity type", "party type"),
    "programs": ("program", "programs", "programme", "programmes"),
}
_COLUMNS = {name: field for field, names in _COLUMN_NAMES.items() for name in names}
_ADDRESS_PART_FIELDS = ("street", "street2", "city", "state", "postal_code")
_TYPES: dict[str, EntryType] = {
    "": "unknown",
    "unknown": "unknown",
    "person": "person",
    "individual": "person",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}


def is_company_list(path: Path) -> bool:
    """A file with a company-list suffix (its content is checked when it is loaded), or a
    .txt/.tsv file whose header line has a name column."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return True
    if suffix not in TEXT_SUFFIXES:
        return False
    header = read_head(path).lstrip("\ufeff").splitlines()[:1]
    if not header:
        return False
    columns = next(csv.reader(header, delimiter=sniff_delimiter(header[0])), [])
    return any(_COLUMNS.get(_column_key(c)) == "name" for c in columns)


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most columns (``,`` on a tie)."""
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts


def _column_key(column: object) -> str:
    """A header cell compared loosely: case, spaces, "_", "-" and "/" do not matter."""
    return " ".join(re.sub(r"[_/-]", " ", str(column or "")).lower().split())


def default_list_name(path: Path) -> str:
    return path.stem.strip().upper()


def load(path: str | Path, *, list_name: str | None = None) -> list[WatchlistEntry]:
    path = Path(path)
    default_list = list_name or default_list_name(path)
    text = read_text(path)
    if not text.strip():
        raise WatchlistFormatError(path, "file is empty")
    if "\x00" in text:
        text = _without_nul(path)
    is_json = path.suffix.lower() in SUFFIXES - {".csv"}
    records = _json_records(path, text) if is_json else _csv_records(path, text)

    entries: dict[tuple[str, str], WatchlistEntry] = {}
    for where, record in records:
        entry = _entry(path, where, record, default_list)
        if entry is None:
            continue
        key = (entry.list, entry.entry_id)
        entries[key] = _merge(entries[key], entry) if key in entries else entry
    return list(entries.values())


def _without_nul(path: Path) -> str:
    """Text of a file with NUL bytes: UTF-16 saved without a byte-order mark, else refused."""
    data = path.read_bytes()
    # In UTF-16 text the NULs sit on one side of each byte pair (ASCII is "x\0" little-endian).
    even, odd = data[0::2].count(0) / max(len(data) // 2, 1), data[1::2].count(0) / max(len(data) // 2, 1)
    codec = "utf-16-le" if odd > 0.3 and even < 0.05 else "utf-16-be" if even > 0.3 and odd < 0.05 else None
    if codec and len(data) % 2 == 0:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    raise WatchlistFormatError(
        path, "file holds NUL bytes, so it is not a text list (a spreadsheet such as .xlsx? save it as CSV)"
    )


def _csv_records(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    text = text.lstrip("\ufeff").lstrip("\r\n")
    header = text.splitlines()[0] if text else ""
    # Spreadsheets saved in some locales separate with ";", tabs or "|"; the header shows which,
    # unless Excel wrote its "sep=;" hint line first.
    hint = re.fullmatch(r"sep=(.)", header.strip())
    if hint:
        text = text.split("\n", 1)[1] if "\n" in text else ""
        header = text.splitlines()[0] if text else ""
    delimiter = hint.group(1) if hint else sniff_delimiter(header)
    offset = 1 if hint else 0
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        fieldnames = reader.fieldnames or []
        if not any(_COLUMNS.get(_column_key(c)) == "name" for c in fieldnames):
            accepted = ", ".join(f"'{n}'" for n in _COLUMN_NAMES["name"])
            found = ", ".join(repr(c) for c in fieldnames) or "nothing"
            raise WatchlistFormatError(
                path,
                f"not a watch-list CSV: the header needs a 'name' column (any of {accepted}, "
                f"case-insensitive); found {found} (read as {_DELIMITER_NAMES.get(delimiter, repr(delimiter))}-separated)",
            )
        # Line numbers count the header as line 1.
        return [(f"line {reader.line_num + offset}", row) for row in reader]
    except csv.Error as exc:
        raise WatchlistFormatError(path, f"line {reader.line_num + offset}: unreadable CSV: {exc}") from exc


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _json_records(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        if path.suffix.lower() == ".json" and text.lstrip().startswith("["):
            data = json.loads(text)
            records = [(f"item {i}", item) for i, item in enumerate(data, start=1)]
        else:
            records = [
                (f"line {i}", json.loads(line))
                for i, line in enumerate(text.splitlines(), start=1)
                if line.strip()
            ]
    except json.JSONDecodeError as exc:
        raise WatchlistFormatError(path, f"not JSON lines or a JSON array: {exc}") from exc
    for where, record in records:
        if not isinstance(record, dict):
            raise WatchlistFormatError(path, f"{where}: expected a JSON object with a 'name', got {record!r:.60}")
    return records


def _entry(path: Path, where: str, record: dict[str, Any], default_list: str) -> WatchlistEntry | None:
    row: dict[str, Any] = {}
    for key, value in record.items():
        field = _COLUMNS.get(_column_key(key))
        if isinstance(value, str):
            value = value.strip()
        # The first of two columns meaning the same field wins ("Name" before "Full Name").
        if field and value not in (None, "") and field not in row:
            row[field] = value
    if not row:
        return None  # blank spreadsheet row
    name = " ".join(str(row.get("name", "")).split())
    if not name:
        raise WatchlistFormatError(path, f"{where}: row has no name")

    list_name = str(row.get("list") or default_list).strip()
    type_text = str(row.get("type", "")).strip().lower()
    if type_text not in _TYPES:
        allowed = "person, organization, vessel, aircraft, unknown"
        raise WatchlistFormatError(path, f"{where}: unknown type {row['type']!r} (expected {allowed})")

    countries: list[str] = []
    for value in _many(row.get("countries")):
        code = to_iso2(value)
        if code is None:
            # The entry is still screened by name; a lost country only weakens scoring.
            log.warning("%s %s: unrecognised country %r for %r, ignored", path, where, value, name)
        elif code not in countries:
            countries.append(code)

    entry_id = str(row.get("entry_id", "")).strip() or stable_id(list_name, name)
    return make_entry(
        entry_id=entry_id,
        list=list_name,
        names=unique_names([name, *_many(row.get("aliases"))]),
        type=_TYPES[type_text],
        countries=countries,
        addresses=unique([*_many(row.get("address"), sep=None), *_many(row.get("addresses")), _address_from_parts(row)]),
        programs=unique(_many(row.get("programs"))),
        source=path.name,
    )


def _address_from_parts(row: dict[str, Any]) -> str:
    """One address line from street/city/state/postal-code columns (empty when there are none)."""
    return join_address(str(row.get(field, "")) for field in _ADDRESS_PART_FIELDS)


def _many(value: Any, sep: str | None = ";") -> list[str]:
    """A multi-valued field: a JSON list, or a string split on ``sep`` (kept whole if None)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    if sep is None:
        return [text] if text else []
    return split(text, sep)


def _merge(first: WatchlistEntry, other: WatchlistEntry) -> WatchlistEntry:
    """One entry from two rows with the same id (a party listed with several addresses)."""
    return first.model_copy(
        update={
            "names": unique_names([*first.names, *other.names]),
            "type": first.type if first.type != "unknown" else other.type,
            "countries": unique([*first.countries, *other.countries]),
            "addresses": unique([*first.addresses, *other.addresses]),
            "programs": unique([*first.programs, *other.programs]),
        }
    )
