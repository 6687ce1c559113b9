"""The UK Sanctions List (FCDO) XML, ``UK-Sanctions-List.xml``.

Root ``<Designations>`` holding one ``<Designation>`` per designated person, entity or ship:
``UniqueID`` (e.g. "RUS0251", the list's own id), ``Names/Name`` (``Name1``..``Name5`` given
names, ``Name6`` the surname or whole entity name; ``NameType`` "Primary Name", "Primary name
variation" or "Alias", whose ``AliasStrength`` may say "Low quality a.k.a"),
``NonLatinNames/NonLatinName/NameNonLatinScript``, ``RegimeName``, ``IndividualEntityShip``,
``DateDesignated`` (dd/mm/yyyy), ``OtherInformation``, ``UKStatementofReasons``,
``Addresses/Address`` (``AddressLine1``..``AddressLine6``, ``AddressPostalCode``,
``AddressCountry``), and per type ``IndividualDetails`` (nationalities) or ``ShipDetails`` (flag).
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
    unique,
    unique_names,
    xml_root,
    xml_text,
)

LIST_NAME = "UK"
SOURCE = "UK Sanctions List"
ROOT_TAG = "Designations"

_TYPES: dict[str, EntryType] = {"individual": "person", "entity": "organization", "ship": "vessel"}
_NAME_PARTS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
_ADDRESS_PARTS = tuple(f"AddressLine{i}" for i in range(1, 7)) + ("AddressPostalCode", "AddressCountry")


def is_uk_sanctions_list(path: Path) -> bool:
    """An .xml file whose root element is ``<Designations>``."""
    return path.suffix.lower() == ".xml" and xml_root(path) == ROOT_TAG


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    return load_xml_records(path, "Designation", ROOT_TAG, lambda elem: _entry(elem, path))


def _entry(elem: ET.Element, path: Path) -> WatchlistEntry:
    unique_id = xml_text(elem, "UniqueID")
    primary: list[str] = []
    strong: list[str] = []
    weak: list[str] = []
    for name_elem in elem.iterfind("Names/Name"):
        name = " ".join(p for p in (xml_text(name_elem, part) for part in _NAME_PARTS) if p)
        # The list spells NameType inconsistently ("Primary Name", "Primary name", "ALias").
        name_type = xml_text(name_elem, "NameType").lower()
        if name_type == "primary name":
            primary.append(name)
        elif "low" in xml_text(name_elem, "AliasStrength").lower():
            weak.append(name)
        else:
            strong.append(name)
    strong.extend(xml_text(n) for n in elem.iterfind("NonLatinNames/NonLatinName/NameNonLatinScript"))
    names = unique_names([*primary, *strong])
    if not unique_id or not names:
        raise WatchlistFormatError(path, f"<Designation> without UniqueID or name: UniqueID={unique_id!r}")

    addresses = []
    countries = []
    for address in elem.iterfind("Addresses/Address"):
        addresses.append(join_address(xml_text(address, part) for part in _ADDRESS_PARTS))
        countries.append(xml_text(address, "AddressCountry"))
    countries.extend(xml_text(n) for n in elem.iter("Nationality"))
    countries.extend(xml_text(n) for n in elem.iter("CurrentBelievedFlagOfShip"))

    remarks = " ".join(
        text for text in (xml_text(elem, "OtherInformation"), xml_text(elem, "UKStatementofReasons")) if text
    )
    return make_entry(
        entry_id=unique_id,
        list=LIST_NAME,
        names=names,
        type=_TYPES.get(xml_text(elem, "IndividualEntityShip").lower(), "unknown"),
        countries=countries_of(countries),
        addresses=unique(addresses),
        programs=unique([xml_text(elem, "RegimeName")]),
        source=SOURCE,
        **entry_extras(
            listed_on=iso_date(xml_text(elem, "DateDesignated"), "dmy"),
            remarks=remarks,
            weak=weak,
            names=names,
        ),
    )
