"""UN Security Council Consolidated List XML (``CONSOLIDATED_LIST`` with INDIVIDUALS/ENTITIES).

A person's name is spread over FIRST_NAME..FOURTH_NAME; an entity's whole name is in
FIRST_NAME. NAME_ORIGINAL_SCRIPT (Arabic, Cyrillic, Korean, ...) is kept as one more name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists._common import (
    WatchlistFormatError,
    countries_of,
    entry_extras,
    iso_date,
    join_address,
    make_entry,
    read_head,
    unique,
    unique_names,
)

LIST_NAME = "UN"
SOURCE = "UN Security Council Consolidated List"
ROOT_TAG = "CONSOLIDATED_LIST"

_KINDS: dict[str, tuple[EntryType, str, str]] = {
    # record tag: (type, alias tag, address tag)
    "INDIVIDUAL": ("person", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS"),
    "ENTITY": ("organization", "ENTITY_ALIAS", "ENTITY_ADDRESS"),
}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
# "Low" is the UN's weak alias quality: too thin to screen on alone (OFAC's "weak" a.k.a.).
_WEAK_QUALITY = "low"
# Placeholders the UN writes where a nationality is not known ("na" is not Namibia here).
_NO_COUNTRY = frozenset({"na", "n/a", "unknown"})


def is_un_xml(path: Path) -> bool:
    """An XML file whose root element is CONSOLIDATED_LIST."""
    return path.suffix.lower() == ".xml" and re.search(rf"<{ROOT_TAG}\b", read_head(path)) is not None


def load(path: str | Path) -> list[WatchlistEntry]:
    path = Path(path)
    entries: list[WatchlistEntry] = []
    try:
        # iterparse lets each record be dropped once read, so large lists stay cheap.
        context = ET.iterparse(path, events=("start", "end"))
        _event, root = next(context)
        if root.tag != ROOT_TAG:
            raise WatchlistFormatError(path, f"not a UN consolidated list: root is <{root.tag}>, expected <{ROOT_TAG}>")
        for event, elem in context:
            if event == "end" and elem.tag in _KINDS:
                entry = _entry(elem, path)
                if entry is not None:
                    entries.append(entry)
                elem.clear()
    except ET.ParseError as exc:
        raise WatchlistFormatError(path, f"invalid XML: {exc}") from exc
    except OSError as exc:
        raise WatchlistFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    return entries


def _entry(elem: ET.Element, path: Path) -> WatchlistEntry | None:
    entry_type, alias_tag, address_tag = _KINDS[elem.tag]
    parts = [_text(elem, tag) for tag in _NAME_PARTS]
    primary = " ".join(p for p in parts if p)
    # Entities sometimes list two names in one field: "COMPAGNIE ... (CAGL) ; GREAT LAKES ...".
    names_in = primary.split(";") if entry_type == "organization" else [primary]
    names_in.append(_text(elem, "NAME_ORIGINAL_SCRIPT"))

    weak: list[str] = []
    for alias in elem.iter(alias_tag):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            is_weak = _text(alias, "QUALITY").lower() == _WEAK_QUALITY
            (weak if is_weak else names_in).append(alias_name)
    names = unique_names(names_in)
    if not names:
        return None

    countries = [_text(v) for n in elem.iter("NATIONALITY") for v in n.iter("VALUE")]
    addresses: list[str] = []
    for address in elem.iter(address_tag):
        countries.append(_text(address, "COUNTRY"))
        addresses.append(join_address(_text(address, tag) for tag in _ADDRESS_PARTS))

    entry_id = _text(elem, "REFERENCE_NUMBER") or _text(elem, "DATAID")
    if not entry_id:
        raise WatchlistFormatError(path, f"{elem.tag} {names[0]!r} has neither REFERENCE_NUMBER nor DATAID")
    fields = entry_extras(
        listed_on=iso_date(_text(elem, "LISTED_ON")),
        remarks=_text(elem, "COMMENTS1"),
        weak=weak,
        names=names,
    )
    return make_entry(
        entry_id=entry_id,
        list=LIST_NAME,
        names=names,
        type=entry_type,
        countries=countries_of(c for c in countries if c.lower() not in _NO_COUNTRY),
        addresses=unique(addresses),
        programs=unique([_text(elem, "UN_LIST_TYPE")]),
        source=SOURCE,
        **fields,
    )


def _text(elem: ET.Element, tag: str | None = None) -> str:
    node = elem.find(tag) if tag else elem
    if node is None or node.text is None:
        return ""
    return " ".join(node.text.split())
