"""OFAC's "advanced" XML publication: ``SDN_ADVANCED.XML`` (and ``CONS_ADVANCED.XML``).

Root ``<Sanctions>`` with, in order: ``ReferenceValueSets`` (the code tables every other part
refers to by id: alias types, party sub-types, scripts, countries, feature types, lists, ...),
``Locations``, ``DistinctParties`` and ``SanctionsEntries``.

- A ``DistinctParty`` (``FixedRef`` = OFAC's ent_num, the id sdn.csv uses) has a ``Profile``
  whose ``PartySubTypeID`` gives the type, and ``Identity/Alias`` elements: the primary
  ``Alias`` holds the primary name, others are a.k.a./f.k.a. (``LowQuality="true"`` is OFAC's
  weak alias). Each alias has one ``DocumentedName`` per script; its ``DocumentedNamePart``
  values (``NamePartValue`` with ``ScriptID`` and a ``NamePartGroupID`` whose ``NamePartTypeID``
  says last/first name) make up the name. Names in other scripts become aliases.
- ``Feature`` elements carry locations (``VersionLocation`` -> ``Locations``), nationality,
  citizenship and vessel flag.
- A ``SanctionsEntry`` (``ProfileID``) gives the list (``ListID``), the listing date
  (``EntryEvent/Date``) and the programs (``SanctionsMeasure`` of type "Program", in ``Comment``).

The file is streamed: code tables, locations and parties are kept as small records and joined
at the end, so a 120 MB file never becomes a DOM.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    iter_xml_records,
    join_address,
    make_entry,
    unique,
    unique_names,
    xml_root,
    xml_text,
)
from screener.watchlists.countries import to_iso2
from screener.watchlists.csl import list_code
from screener.watchlists.ofac_sdn import DETAILS_URL

ROOT_TAG = "Sanctions"
SOURCE = "OFAC"

# OFAC's fixed ids, used when a file's ReferenceValueSets leaves them out (the published file
# always has them; trimmed copies may not).
_DEFAULT_SUBTYPES: dict[str, EntryType] = {"1": "vessel", "2": "aircraft", "3": "organization", "4": "person"}
_PRIMARY_ALIAS_TYPE = "1403"  # "Name"
_LATIN_SCRIPT = "215"
_LAST_NAME_PART = "1520"
_LOCATION_FEATURE = "25"
_PROGRAM_MEASURE = "1"
_SDN_LIST = "1550"
# Address parts in the order they are written: ADDRESS1..3, CITY, STATE/PROVINCE, POSTAL CODE, REGION.
_LOC_PART_ORDER = ("1451", "1452", "1453", "1454", "1455", "1456", "1450")
_COUNTRY_FEATURE_WORDS = ("nationality", "citizenship", "flag")
_PARTY_TYPES: dict[str, EntryType] = {"individual": "person", "entity": "organization"}
# The code tables the loader reads (the others are left alone), and the records it streams.
_REFERENCE_SETS = (
    "AliasType",
    "AreaCode",
    "Country",
    "DetailReference",
    "DocNameStatus",
    "EntryEventType",
    "FeatureType",
    "List",
    "LocPartType",
    "NamePartType",
    "PartySubType",
    "PartyType",
    "SanctionsType",
    "Script",
)
_RECORDS: dict[str, str | None] = {
    **{f"{name}Values": "ReferenceValueSets" for name in _REFERENCE_SETS},
    "Location": "Locations",
    "DistinctParty": "DistinctParties",
    "SanctionsEntry": "SanctionsEntries",
}
_LIST_CODES = (
    ("palestinian", "PLC"),
    ("sectoral", "SSI"),
    ("evaders", "FSE"),
    ("menu-based", "NS-MBS"),
    ("military-industrial", "CMIC"),
    ("payable-through", "CAP"),
)


def is_ofac_advanced(path: Path) -> bool:
    """An .xml file whose root element is ``<Sanctions>`` (OFAC's advanced format)."""
    return path.suffix.lower() == ".xml" and xml_root(path) == ROOT_TAG


@dataclass
class Location:
    line: str
    country: str | None  # ISO alpha-2


@dataclass
class _Party:
    entry_id: str
    profile_id: str
    subtype: str
    names: list[str]
    weak: list[str]
    remarks: str
    location_ids: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


@dataclass
class _Sanction:
    list_id: str = ""
    listed_on: str | None = None
    programs: list[str] = field(default_factory=list)


class _Refs:
    """The ReferenceValueSets code tables: {set name: {id: (text, attributes)}}."""

    def __init__(self) -> None:
        self.sets: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}

    def add(self, elem: ET.Element) -> None:
        values = self.sets.setdefault(elem.tag.removesuffix("Values"), {})
        for item in elem:
            if item.get("ID"):
                values[item.get("ID", "")] = (xml_text(item), dict(item.attrib))

    def text(self, name: str, ref_id: str | None) -> str:
        return self.sets.get(name, {}).get(ref_id or "", ("", {}))[0]

    def attr(self, name: str, ref_id: str | None, key: str) -> str:
        return self.sets.get(name, {}).get(ref_id or "", ("", {}))[1].get(key, "")

    def party_type(self, subtype_id: str) -> EntryType:
        subtype = self.text("PartySubType", subtype_id).lower()
        if subtype in ("vessel", "aircraft"):
            return subtype  # type: ignore[return-value]
        party_type = self.text("PartyType", self.attr("PartySubType", subtype_id, "PartyTypeID")).lower()
        if party_type in _PARTY_TYPES:
            return _PARTY_TYPES[party_type]
        return _DEFAULT_SUBTYPES.get(subtype_id, "unknown")

    def country(self, country_id: str | None) -> str | None:
        """ISO alpha-2 for a CountryID, from CountryValues (ISO2 attribute or name) or AreaCodeValues."""
        if not country_id:
            return None
        iso2 = self.attr("Country", country_id, "ISO2") or self.text("AreaCode", country_id)
        return to_iso2(iso2) or to_iso2(self.text("Country", country_id))

    def country_name(self, country_id: str | None) -> str:
        return self.text("Country", country_id) or self.attr("AreaCode", country_id, "Description")


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    refs = _Refs()
    raw_locations: dict[str, ET.Element] = {}
    parties: list[_Party] = []
    sanctions: dict[str, _Sanction] = {}

    for elem in iter_xml_records(path, _RECORDS, expect_root=[ROOT_TAG]):
        if elem.tag == "DistinctParty":
            parties.append(_party(elem, refs, path))
        elif elem.tag == "Location":
            raw_locations[elem.get("ID", "")] = elem  # detached from the tree, kept whole
        elif elem.tag == "SanctionsEntry":
            profile_id, sanction = _sanction(elem, refs)
            sanctions[profile_id] = sanction
        else:
            refs.add(elem)
    if not parties:
        raise WatchlistFormatError(path, "no <DistinctParty> records found: the file is empty or truncated")

    # Locations are read after all code tables (they refer to countries by id).
    locations = {loc_id: _location(elem, refs) for loc_id, elem in raw_locations.items()}
    return [_entry(party, sanctions.get(party.profile_id, _Sanction()), refs, locations) for party in parties]


def read_locations(path: str | Path) -> dict[str, Location]:
    """The ``Locations`` of an advanced file as one-line addresses with their country, by LocationID."""
    path = Path(path)
    refs = _Refs()
    raw: dict[str, ET.Element] = {}
    for elem in iter_xml_records(path, _RECORDS, expect_root=[ROOT_TAG]):
        if elem.tag == "Location":
            raw[elem.get("ID", "")] = elem
        elif elem.tag.endswith("Values"):
            refs.add(elem)
    return {loc_id: _location(elem, refs) for loc_id, elem in raw.items()}


def _party(elem: ET.Element, refs: _Refs, path: Path) -> _Party:
    entry_id = elem.get("FixedRef", "")
    profile = elem.find("Profile")
    if not entry_id or profile is None:
        raise WatchlistFormatError(path, f"<DistinctParty> without FixedRef or Profile (FixedRef={entry_id!r})")

    primary: list[str] = []
    strong: list[str] = []
    weak: list[str] = []
    for identity in profile.iterfind("Identity"):
        part_types = {
            group.get("ID", ""): group.get("NamePartTypeID", "")
            for group in identity.iterfind("NamePartGroups/MasterNamePartGroup/NamePartGroup")
        }
        for alias in identity.iterfind("Alias"):
            documented = [(_status_rank(doc, refs), _documented_name(doc, part_types)) for doc in alias.iter("DocumentedName")]
            documented = [(rank, name) for rank, name in documented if name]
            if not documented:
                continue
            is_primary = alias.get("Primary") == "true" or alias.get("AliasTypeID") == _PRIMARY_ALIAS_TYPE
            if is_primary and identity.get("Primary", "true") == "true" and not primary:
                documented.sort(key=lambda item: item[0])
                primary.append(documented[0][1])
                strong.extend(name for _rank, name in documented[1:])
            elif alias.get("LowQuality") == "true":
                weak.extend(name for _rank, name in documented)
            else:
                strong.extend(name for _rank, name in documented)
    names = unique_names([*primary, *strong])
    if not names:
        raise WatchlistFormatError(path, f"<DistinctParty FixedRef={entry_id!r}> has no name")

    party = _Party(
        entry_id=entry_id,
        profile_id=profile.get("ID", entry_id),
        subtype=profile.get("PartySubTypeID", ""),
        names=names,
        weak=weak,
        remarks=" ".join(t for t in (xml_text(elem, "Comment"), xml_text(profile, "Comment")) if t),
    )
    for feature in profile.iterfind("Feature"):
        feature_type = feature.get("FeatureTypeID", "")
        type_name = refs.text("FeatureType", feature_type).lower()
        for version in feature.iterfind("FeatureVersion"):
            location_ids = [loc.get("LocationID", "") for loc in version.iterfind("VersionLocation")]
            if feature_type == _LOCATION_FEATURE or type_name == "location":
                party.location_ids.extend(location_ids)
            elif any(word in type_name for word in _COUNTRY_FEATURE_WORDS):
                # A country feature points at a location, a lookup value or holds the name itself.
                party.location_ids.extend(f"country:{loc_id}" for loc_id in location_ids)
                for detail in version.iterfind("VersionDetail"):
                    party.countries.append(refs.text("DetailReference", detail.get("DetailReferenceID")))
                    party.countries.append(xml_text(detail))
    return party


def _status_rank(doc: ET.Element, refs: _Refs) -> int:
    """Sort key putting the primary Latin-script form of a name first."""
    status = refs.text("DocNameStatus", doc.get("DocNameStatusID")).lower()
    if status == "primary latin" or (not status and doc.get("DocNameStatusID") == "1"):
        return 0
    scripts = {value.get("ScriptID") for value in doc.iter("NamePartValue")}
    return 1 if scripts <= {_LATIN_SCRIPT, None} else 2


def _documented_name(doc: ET.Element, part_types: dict[str, str]) -> str:
    """One name from its parts; a typed last name goes first as "LAST, First Middle"."""
    last: list[str] = []
    rest: list[str] = []
    for value in doc.iter("NamePartValue"):
        text = xml_text(value)
        if text:
            is_last = part_types.get(value.get("NamePartGroupID", "")) == _LAST_NAME_PART
            (last if is_last else rest).append(text)
    if last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}"
    return " ".join(last or rest)


def _sanction(elem: ET.Element, refs: _Refs) -> tuple[str, _Sanction]:
    sanction = _Sanction(list_id=elem.get("ListID", ""))
    dates = []
    for event in elem.iterfind("EntryEvent"):
        date = _date(event.find("Date"))
        if date:
            created = refs.text("EntryEventType", event.get("EntryEventTypeID")).lower() in ("created", "")
            dates.append((not created, date))
    if dates:
        sanction.listed_on = min(dates)[1]
    for measure in elem.iterfind("SanctionsMeasure"):
        type_id = measure.get("SanctionsTypeID", "")
        type_name = refs.text("SanctionsType", type_id).lower()
        if type_name == "program" or (not type_name and type_id == _PROGRAM_MEASURE):
            sanction.programs.append(xml_text(measure, "Comment"))
    return elem.get("ProfileID", ""), sanction


def _date(elem: ET.Element | None) -> str | None:
    if elem is None:
        return None
    try:
        year, month, day = (int(xml_text(elem, part)) for part in ("Year", "Month", "Day"))
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _location(elem: ET.Element, refs: _Refs) -> Location:
    parts: dict[str, str] = {}
    for part in elem.iterfind("LocationPart"):
        values = part.findall("LocationPartValue")
        chosen = next((v for v in values if v.get("Primary") == "true"), values[0] if values else None)
        parts.setdefault(part.get("LocPartTypeID", ""), xml_text(chosen, "Value"))
    ordered = [parts.pop(key, "") for key in _LOC_PART_ORDER]
    ordered.extend(parts.values())
    country_elem = elem.find("LocationCountry")
    country_id = country_elem.get("CountryID") if country_elem is not None else None
    area = elem.find("LocationAreaCode")
    country = refs.country(country_id) or (refs.country(area.get("AreaCodeID")) if area is not None else None)
    ordered.append(refs.country_name(country_id))
    return Location(line=join_address(ordered), country=country)


def _entry(party: _Party, sanction: _Sanction, refs: _Refs, locations: dict[str, Location]) -> WatchlistEntry:
    addresses: list[str] = []
    countries = list(party.countries)
    for loc_id in party.location_ids:
        is_country_only = loc_id.startswith("country:")
        location = locations.get(loc_id.removeprefix("country:"))
        if location is None:
            continue
        if not is_country_only and location.line:
            addresses.append(location.line)
        countries.append(location.country)

    list_name = refs.text("List", sanction.list_id) or ("SDN List" if sanction.list_id in ("", _SDN_LIST) else "")
    code = _list_code(list_name)
    return make_entry(
        entry_id=party.entry_id,
        list=code,
        names=party.names,
        type=refs.party_type(party.subtype),
        countries=countries_of(countries),
        addresses=unique(addresses),
        programs=unique(sanction.programs),
        source=f"{SOURCE} {code}",
        **entry_extras(
            listed_on=sanction.listed_on,
            source_url=DETAILS_URL.format(uid=party.entry_id),
            remarks=party.remarks,
            weak=party.weak,
            names=party.names,
        ),
    )


def _list_code(list_name: str) -> str:
    """"SDN List" -> "SDN"; OFAC's non-SDN lists get the code the Consolidated Screening List uses."""
    lowered = list_name.lower()
    if lowered in ("", "sdn list"):
        return "SDN"
    for word, code in _LIST_CODES:
        if word in lowered:
            return code
    return list_code(list_name.removesuffix(" List"))
