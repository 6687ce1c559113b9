"""OpenSanctions FollowTheMoney entities, JSON lines (``entities.ftm.json``).

One JSON object per line: ``{"id", "schema", "properties": {name: [values]}, "datasets",
"target", ...}``. Only sanctionable schemas become entries (Person, Organization, Company,
LegalEntity, PublicBody, Vessel, Airplane) and, when the line says, only ``"target": true``
ones: OpenSanctions also ships related companies and relatives that are not listed
themselves. ``Address`` and ``Sanction`` entities are not entries but enrich the entities they
point at (``addressEntity``, ``Sanction.entity``): full addresses and countries, programs,
listing dates and source URLs.

The list code is, in order: the ``list_name`` argument, the one dataset every entry belongs to
("eu_fsf" -> "EU_FSF"), else "OPENSANCTIONS" (a collection such as "default" or "sanctions").
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    iso_date,
    make_entry,
    read_first_line,
    shorten,
    unique,
    unique_names,
)
from screener.watchlists.countries import to_iso2

SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".ftm"})
COLLECTION_LIST = "OPENSANCTIONS"
SOURCE = "OpenSanctions"

_TYPES: dict[str, EntryType] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag", "mainCountry")
_ADDRESS_PARTS = ("street", "street2", "postOfficeBox", "city", "postalCode", "region", "state", "country")
_SANCTION_PROPS = ("programId", "program", "listingDate", "startDate", "sourceUrl")
_KEPT_PROPS = (
    "name",
    "alias",
    "previousName",
    "weakAlias",
    "address",
    "addressEntity",
    "programId",
    "sourceUrl",
    "notes",
    "createdAt",
    *_COUNTRY_PROPS,
)


def is_ftm(path: Path) -> bool:
    """A JSON-lines file whose first line is a FollowTheMoney entity (id, schema, properties)."""
    if not any(path.name.lower().endswith(s) for s in SUFFIXES):
        return False
    line = read_first_line(path).strip()
    if not line.startswith("{"):
        return False
    try:
        first = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(first, dict) and {"id", "schema", "properties"} <= first.keys()


def load(path: str | Path, *, list_name: str | None = None) -> list[WatchlistEntry]:
    path = Path(path)
    targets: list[dict[str, Any]] = []
    addresses: dict[str, tuple[str, list[str]]] = {}
    address_alias: dict[str, str] = {}  # referent id -> canonical address id
    sanctions: dict[str, list[dict[str, list[str]]]] = defaultdict(list)

    for line_no, entity in _entities(path):
        schema = entity.get("schema")
        props = entity.get("properties") or {}
        if not isinstance(props, dict):
            raise WatchlistFormatError(path, f"line {line_no}: 'properties' is not an object")
        if schema in _TYPES:
            if entity.get("target", True) is not False:
                targets.append(_slim(entity))
        elif schema == "Address":
            addresses[entity["id"]] = (_address_line(props), _values(props, "country"))
            for referent in entity.get("referents") or []:
                address_alias[referent] = entity["id"]
        elif schema == "Sanction":
            kept = {name: props[name] for name in _SANCTION_PROPS if name in props}
            for target_id in _values(props, "entity"):
                sanctions[target_id].append(kept)
    if not targets:
        raise WatchlistFormatError(path, "no sanctioned Person/Organization/Company/Vessel entities found")

    code = list_name or _common_dataset(targets) or COLLECTION_LIST
    return [_entry(entity, code, addresses, address_alias, sanctions) for entity in targets]


def _entities(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    entity = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise WatchlistFormatError(path, f"line {line_no}: invalid JSON: {exc}") from exc
                if not isinstance(entity, dict) or not entity.get("id") or not entity.get("schema"):
                    raise WatchlistFormatError(path, f"line {line_no}: not a FollowTheMoney entity (id, schema)")
                yield line_no, entity
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(path, f"not UTF-8 text: {exc}") from exc
    except OSError as exc:
        raise WatchlistFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc


def _entry(
    entity: dict[str, Any],
    code: str,
    addresses: dict[str, tuple[str, list[str]]],
    address_alias: dict[str, str],
    sanctions: dict[str, list[dict[str, list[str]]]],
) -> WatchlistEntry:
    props = entity["properties"]
    caption = entity.get("caption")
    names = unique_names([caption, *_values(props, "name"), *_values(props, "alias"), *_values(props, "previousName")])
    if not names:
        names = [entity["id"]]

    lines = list(_values(props, "address"))
    countries = [value for prop in _COUNTRY_PROPS for value in _values(props, prop)]
    for ref in _values(props, "addressEntity"):
        line, address_countries = addresses.get(address_alias.get(ref, ref), ("", []))
        countries.extend(address_countries)
        if not line:
            continue
        # The linked Address knows its country; write it into the line, replacing the same
        # address written without it in the entity's own "address" property.
        country = next(iter(countries_of(address_countries)), "")
        lines = [other for other in lines if other.casefold() != line.casefold()]
        names_country = to_iso2(line.rsplit(",", 1)[-1]) == country
        lines.append(f"{line}, {country}" if country and not names_country else line)

    own_sanctions = sanctions.get(entity["id"], [])
    programs = list(_values(props, "programId"))
    dates: list[str] = []
    urls = list(_values(props, "sourceUrl"))
    for sanction in own_sanctions:
        programs.extend(_values(sanction, "programId") or _values(sanction, "program"))
        dates.extend(_values(sanction, "listingDate") or _values(sanction, "startDate"))
        urls.extend(_values(sanction, "sourceUrl"))
    listed = sorted(d for d in (iso_date(v) for v in dates) if d)
    created = iso_date(next(iter(_values(props, "createdAt")), None))

    datasets = entity.get("datasets") or []
    return make_entry(
        entry_id=entity["id"],
        list=code,
        names=names,
        type=_TYPES[entity["schema"]],
        countries=countries_of(countries),
        addresses=unique(lines),
        programs=unique(programs),
        source=f"{SOURCE} {', '.join(datasets)}".strip(),
        **entry_extras(
            listed_on=listed[0] if listed else created,
            source_url=next(iter(urls), None),
            remarks="; ".join(_values(props, "notes")),
            weak=_values(props, "weakAlias"),
            names=names,
        ),
    )


def _slim(entity: dict[str, Any]) -> dict[str, Any]:
    """An entity with only the properties an entry uses, so a big export stays small in memory."""
    props = entity["properties"]
    kept = {name: props[name] for name in _KEPT_PROPS if name in props}
    if "notes" in kept:
        kept["notes"] = [shorten("; ".join(_values(props, "notes")))]
    return {key: entity.get(key) for key in ("id", "schema", "caption", "datasets")} | {"properties": kept}


def _values(props: dict[str, Any], name: str) -> list[str]:
    values = props.get(name) or []
    if isinstance(values, str):
        values = [values]
    return [str(v) for v in values if v not in (None, "")]


def _address_line(props: dict[str, Any]) -> str:
    full = _values(props, "full")
    if full:
        return full[0]
    return ", ".join(v for part in _ADDRESS_PARTS for v in _values(props, part)[:1])


def _common_dataset(entities: list[dict[str, Any]]) -> str | None:
    common: set[str] | None = None
    for entity in entities:
        datasets = set(entity.get("datasets") or [])
        common = datasets if common is None else common & datasets
        if not common:
            return None
    return sorted(common)[0].upper() if common and len(common) == 1 else None
