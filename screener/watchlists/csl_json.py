"""US Consolidated Screening List (trade.gov) JSON download, ``consolidated.json``.

``{"results": [{...}, ...]}`` with one object per listed party, the same fields as the CSV export
(see :mod:`screener.watchlists.csl`) but typed: ``alt_names``, ``programs``, ``citizenships`` and
``nationalities`` are lists, ``addresses`` is a list of ``{address, city, state, postal_code,
country}`` objects, and each record has the CSL's own ``id`` (OFAC's ent_num for SDN rows).
Entries keep the CSL's list codes ("EL", "SDN", "ISN", ...), as the CSV loader does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

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
    unique,
    unique_names,
)
from screener.watchlists.csl import _TYPES, list_code

# Keys only the CSL's records have; one of them in the first records tells the format apart.
_CSL_KEYS = ("alt_names", "source_list_url", "source_information_url", "entity_number", "federal_register_notice")
_ADDRESS_PARTS = ("address", "city", "state", "postal_code", "country")


def is_csl_json(path: Path) -> bool:
    """A .json file holding ``{"results": [...]}`` with Consolidated Screening List records."""
    if path.suffix.lower() != ".json":
        return False
    head = read_head(path, 65536).lstrip()
    return head.startswith("{") and '"results"' in head and any(f'"{key}"' in head for key in _CSL_KEYS)


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise WatchlistFormatError(path, f"invalid JSON: {exc}") from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise WatchlistFormatError(path, 'not a Consolidated Screening List JSON: no "results" list')
    entries = []
    for number, record in enumerate(results, start=1):
        if not isinstance(record, dict):
            raise WatchlistFormatError(path, f"results item {number}: expected an object, got {record!r:.60}")
        entry = _entry(record)
        if entry is not None:
            entries.append(entry)
    if not entries:
        raise WatchlistFormatError(path, "no named records in results: the file is empty or truncated")
    return entries


def _entry(record: dict[str, Any]) -> WatchlistEntry | None:
    names = unique_names([_str(record.get("name")), *_strings(record.get("alt_names"))])
    if not names:
        return None
    source = _str(record.get("source")) or "Consolidated Screening List"
    addresses: list[str] = []
    countries: list[str] = []
    for address in record.get("addresses") or []:
        if isinstance(address, dict):
            addresses.append(join_address(_str(address.get(part)) for part in _ADDRESS_PARTS))
            countries.append(_str(address.get("country")))
    addresses = unique(addresses)
    for key in ("citizenships", "nationalities"):
        countries.extend(_strings(record.get(key)))
    countries.extend([_str(record.get("country")), _str(record.get("vessel_flag"))])

    entry_id = _str(record.get("entity_number")) or _str(record.get("id")) or stable_id(names[0], "; ".join(addresses))
    type_text = _str(record.get("type")).lower()
    return make_entry(
        entry_id=entry_id,
        list=list_code(source),
        names=names,
        type=_TYPES.get(type_text) or infer_type(names[0]),
        countries=countries_of(countries),
        addresses=addresses,
        programs=unique(_strings(record.get("programs"))),
        source=source,
        **entry_extras(
            listed_on=iso_date(_str(record.get("start_date"))),
            source_url=_str(record.get("source_list_url")) or _str(record.get("source_information_url")),
            remarks=_str(record.get("remarks")),
        ),
    )


def _str(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _strings(value: Any) -> list[str]:
    """A list field; older exports write some lists as one ";"-separated string."""
    if value is None:
        return []
    if isinstance(value, list):
        return [_str(v) for v in value if _str(v)]
    return [part.strip() for part in re.split(r";", str(value)) if part.strip()]
