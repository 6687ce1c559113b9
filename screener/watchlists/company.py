"""A company's own watch list: CSV with a header row, or JSON lines, with the same fields.

Fields (only ``name`` is required; header names are case-insensitive):

- ``id`` or ``entry_id``: the list's own id. Without one, a stable id is derived from the list
  and the name, so re-loading an edited file keeps ids (rows with the same name merge).
- ``name``; ``aliases`` (``;``-separated, or a JSON list).
- ``country`` / ``countries``: ``;``-separated alpha-2/alpha-3 codes or English names.
- ``address`` (one address) / ``addresses`` (``;``-separated, or a JSON list).
- ``list``: the list name; default is the ``list_name`` argument, else the file name stem
  upper-cased ("high-risk-parties.csv" -> "HIGH-RISK-PARTIES").
- ``type``: person, organization (company, entity), vessel, aircraft or unknown.
- ``programs``: ``;``-separated tags.

A ``.json`` file may also hold one JSON array of such objects.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    read_text,
    split,
    stable_id,
    unique,
    unique_names,
)
from screener.watchlists.countries import to_iso2

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".json"})

# Column name -> field; spreadsheets use singular and plural forms interchangeably.
_COLUMNS = {
    "id": "entry_id",
    "entry_id": "entry_id",
    "name": "name",
    "alias": "aliases",
    "aliases": "aliases",
    "country": "countries",
    "countries": "countries",
    "address": "address",
    "addresses": "addresses",
    "list": "list",
    "type": "type",
    "program": "programs",
    "programs": "programs",
}
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
    """A file with a company-list suffix; its content is checked when it is loaded."""
    return path.suffix.lower() in SUFFIXES


def default_list_name(path: Path) -> str:
    return path.stem.strip().upper()


def load(path: str | Path, *, list_name: str | None = None) -> list[WatchlistEntry]:
    path = Path(path)
    default_list = list_name or default_list_name(path)
    text = read_text(path)
    records = _csv_records(path, text) if path.suffix.lower() == ".csv" else _json_records(path, text)

    entries: dict[tuple[str, str], WatchlistEntry] = {}
    for where, record in records:
        entry = _entry(path, where, record, default_list)
        if entry is None:
            continue
        key = (entry.list, entry.entry_id)
        entries[key] = _merge(entries[key], entry) if key in entries else entry
    return list(entries.values())


def _csv_records(path: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    header = text.split("\n", 1)[0]
    # Spreadsheets saved in some locales separate with ";" or tabs; the header shows which.
    delimiter = ","
    if "," not in header:
        delimiter = "\t" if "\t" in header else ";" if ";" in header else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().lower() for c in reader.fieldnames or ()}
    if "name" not in columns:
        raise WatchlistFormatError(
            path, f"not a watch-list CSV: the header needs a 'name' column, found {sorted(columns)}"
        )
    # Line numbers count the header as line 1.
    return [(f"line {reader.line_num}", row) for row in reader]


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
        field = _COLUMNS.get(str(key or "").strip().lower())
        if field and value not in (None, ""):
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
    return WatchlistEntry(
        entry_id=entry_id,
        list=list_name,
        names=unique_names([name, *_many(row.get("aliases"))]),
        type=_TYPES[type_text],
        countries=countries,
        addresses=unique([*_many(row.get("address"), sep=None), *_many(row.get("addresses"))]),
        programs=unique(_many(row.get("programs"))),
        source=path.name,
    )


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
