"""OFAC's classic XML publication: ``SDN.XML`` (and the non-SDN ``CONSOLIDATED.XML``, same schema).

Root ``<sdnList>`` (namespace ``http://tempuri.org/sdnList.xsd``, or OFAC's Sanctions List Service
namespace since 2024) holding one ``<sdnEntry>`` per party: ``uid`` (OFAC's ent_num, the same id
as in sdn.csv), ``lastName``/``firstName``, ``sdnType`` (Individual, Entity, Vessel, Aircraft),
``remarks``, ``programList``, ``akaList`` (``category`` strong/weak), ``addressList``,
``nationalityList``, ``citizenshipList``, ``vesselInfo`` and dates/places of birth.

Names are written "LAST, First" like OFAC's CSV files, so an entry read from SDN.XML and the same
entry read from sdn.csv look alike (same list, same id).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    join_address,
    load_xml_records,
    make_entry,
    unique,
    unique_names,
    xml_root,
    xml_text,
)
from screener.watchlists.ofac_sdn import DETAILS_URL, nationalities_in_remarks

LIST_NAME = "SDN"
SOURCE = "OFAC SDN"
ROOT_TAG = "sdnList"

_TYPES: dict[str, EntryType] = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_ADDRESS_PARTS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
# OFAC's separate non-SDN XML files, named as OFAC published them, and the CSL code of each list.
_NON_SDN_FILES = {"fse": "FSE", "ssi": "SSI", "ns_plc": "PLC", "isa": "ISA", "part561": "561"}


def is_ofac_xml(path: Path) -> bool:
    """An .xml file whose root element is ``<sdnList>``."""
    return path.suffix.lower() == ".xml" and xml_root(path) == ROOT_TAG


def list_name_for(path: Path) -> tuple[str, str]:
    """(list code, source) for a file: SDN.XML is "SDN"; OFAC's non-SDN files get their CSL code."""
    stem = path.stem.lower()
    if stem in _NON_SDN_FILES:
        return _NON_SDN_FILES[stem], f"OFAC {_NON_SDN_FILES[stem]}"
    if stem.startswith("cons"):
        return "OFAC-NONSDN", "OFAC Consolidated (non-SDN) List"
    return LIST_NAME, SOURCE


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    list_name, source = list_name_for(path)
    return load_xml_records(path, "sdnEntry", ROOT_TAG, lambda elem: _entry(elem, path, list_name, source))


def _entry(elem: ET.Element, path: Path, list_name: str, source: str) -> WatchlistEntry:
    uid = xml_text(elem, "uid")
    name = _name(elem)
    if not uid or not name:
        raise WatchlistFormatError(path, f"<sdnEntry> without uid or lastName: uid={uid!r} name={name!r}")
    strong = [name]
    weak: list[str] = []
    for aka in elem.iterfind("akaList/aka"):
        (weak if xml_text(aka, "category").lower() == "weak" else strong).append(_name(aka))
    names = unique_names(strong)

    remarks = xml_text(elem, "remarks")
    addresses = []
    countries = []
    for address in elem.iterfind("addressList/address"):
        addresses.append(join_address(xml_text(address, part) for part in _ADDRESS_PARTS))
        countries.append(xml_text(address, "country"))
    for list_tag, item_tag in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
        countries.extend(xml_text(item, "country") for item in elem.iterfind(f"{list_tag}/{item_tag}"))
    countries.append(xml_text(elem, "vesselInfo/vesselFlag"))
    countries.extend(nationalities_in_remarks(remarks))

    return make_entry(
        entry_id=uid,
        list=list_name,
        names=names,
        type=_TYPES.get(xml_text(elem, "sdnType").lower(), "organization"),
        countries=countries_of(countries),
        addresses=unique(addresses),
        programs=unique(xml_text(p) for p in elem.iterfind("programList/program")),
        source=source,
        **entry_extras(source_url=DETAILS_URL.format(uid=uid), remarks=remarks, weak=weak, names=names),
    )


def _name(elem: ET.Element) -> str:
    last, first = xml_text(elem, "lastName"), xml_text(elem, "firstName")
    return f"{last}, {first}" if last and first else last or first
