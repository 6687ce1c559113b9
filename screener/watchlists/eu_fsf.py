"""The EU consolidated list of financial sanctions (Financial Sanctions Files, FSF), XML export.

Root ``<export>`` (namespace ``http://eu.europa.ec/fpi/fsd/export``) holding one
``<sanctionEntity>`` per listed person or entity, with attributes ``logicalId`` and
``euReferenceNumber`` (e.g. "EU.36.64", preferred as the id when present) and children:

- ``subjectType code="person|enterprise"``;
- ``nameAlias wholeName firstName middleName lastName nameLanguage strong``: one per name and
  language; ``strong="false"`` marks a weak alias; names in Cyrillic, Greek, Arabic, ... are
  further aliases;
- ``regulation programme publicationDate`` with ``publicationUrl``, ``citizenship`` and
  ``address`` (``countryIso2Code``, "00" meaning unknown), ``birthdate``, ``identification``,
  ``remark``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    iso_date,
    join_address,
    load_xml_records,
    make_entry,
    read_head,
    unique,
    unique_names,
    xml_root,
    xml_text,
)

LIST_NAME = "EU"
SOURCE = "EU Financial Sanctions Files"
ROOT_TAG = "export"

_TYPES: dict[str, EntryType] = {"person": "person", "p": "person", "enterprise": "organization", "e": "organization"}
_ADDRESS_PARTS = ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
_UNKNOWN = frozenset({"", "00", "unknown"})


def is_eu_fsf(path: Path) -> bool:
    """An .xml file whose root is ``<export>`` holding ``<sanctionEntity>`` records."""
    if path.suffix.lower() != ".xml" or xml_root(path) != ROOT_TAG:
        return False
    head = read_head(path)
    return "sanctionEntity" in head or "fpi/fsd/export" in head


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    return load_xml_records(path, "sanctionEntity", ROOT_TAG, lambda elem: _entry(elem, path))


def _entry(elem: ET.Element, path: Path) -> WatchlistEntry:
    entry_id = elem.get("euReferenceNumber") or elem.get("logicalId") or ""
    primary: list[str] = []
    strong: list[str] = []
    weak: list[str] = []
    for alias in elem.iterfind("nameAlias"):
        name = alias.get("wholeName") or " ".join(
            p for p in (alias.get("firstName"), alias.get("middleName"), alias.get("lastName")) if p
        )
        if alias.get("strong", "true").lower() == "false":
            weak.append(name)
        elif not primary and alias.get("nameLanguage", "").upper() in ("", "EN"):
            primary.append(name)
        else:
            strong.append(name)
    names = unique_names([*primary, *strong])
    if not entry_id or not names:
        raise WatchlistFormatError(path, f"<sanctionEntity> without id or name (logicalId={elem.get('logicalId')!r})")

    addresses = []
    countries = []
    for address in elem.iterfind("address"):
        parts = [address.get(part, "") for part in _ADDRESS_PARTS]
        parts[-1] = "" if parts[-1].lower() in _UNKNOWN else parts[-1]
        addresses.append(join_address(parts))
        countries.append(_country(address))
    countries.extend(_country(c) for c in elem.iterfind("citizenship"))

    regulations = elem.findall("regulation")
    subject = elem.find("subjectType")
    subject_code = "" if subject is None else subject.get("code") or subject.get("classificationCode") or ""
    return make_entry(
        entry_id=entry_id,
        list=LIST_NAME,
        names=names,
        type=_TYPES.get(subject_code.lower(), "unknown"),
        countries=countries_of(countries),
        addresses=unique(addresses),
        programs=unique(r.get("programme") for r in regulations),
        source=SOURCE,
        **entry_extras(
            listed_on=_listed_on(elem),
            source_url=next((xml_text(r, "publicationUrl") for r in regulations if xml_text(r, "publicationUrl")), ""),
            remarks=" ".join(xml_text(r) for r in elem.iterfind("remark")),
            weak=weak,
            names=names,
        ),
    )


def _country(elem: ET.Element) -> str:
    code = elem.get("countryIso2Code", "")
    if code.lower() not in _UNKNOWN:
        return code
    description = elem.get("countryDescription", "")
    return "" if description.lower() in _UNKNOWN else description


def _listed_on(elem: ET.Element) -> str | None:
    """The designation date when the file has one, else the earliest regulation it cites."""
    designated = iso_date(elem.get("designationDate"))
    if designated:
        return designated
    dates = [iso_date(r.get("publicationDate")) for r in elem.iter() if r.tag in ("regulation", "regulationSummary")]
    return min((d for d in dates if d), default=None)
