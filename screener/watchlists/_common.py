"""Helpers shared by the watch-list loaders."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError
from rigour.names import extract_org_types

from screener.events.control import EntryType, WatchlistEntry
from screener.watchlists.countries import to_iso2

log = logging.getLogger(__name__)

# rigour reads the generation suffix in "KIM SONG II" as a legal form; it is not one here.
_NOT_ORG_TYPES = frozenset({"ii", "iii", "iv"})
# Windows-1252 text once decoded as latin-1 carries C1 controls (U+0092 where "’" was meant).
_C1 = re.compile("[\x80-\x9f]")
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


#: Entries a loader could not accept (too long, too many names, ...), as {entry_id, name, problem};
#: ``load_watchlists`` hands them to its caller (``watchlist load --rejects FILE``).
REJECTS: list[dict] = []


def make_entry(**fields) -> WatchlistEntry | None:
    """A ``WatchlistEntry``, or None (recorded in :data:`REJECTS`) when the source's record breaks
    an entry's limits (screener.events.control): one bad record never stops a load."""
    try:
        return WatchlistEntry(**fields)
    except ValidationError as exc:
        names = fields.get("names") or [""]
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        REJECTS.append({"entry_id": str(fields.get("entry_id", ""))[:200], "list": str(fields.get("list", ""))[:100],
                        "name": str(names[0])[:200], "problem": problem})
        log.warning("entry %s rejected: %s", str(fields.get("entry_id", ""))[:200], problem)
        return None


class WatchlistFormatError(ValueError):
    """A watch-list file that cannot be read or is not in the format it was taken for."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# Byte-order marks and the codec each one means; UTF-16 is what Excel writes for "Unicode text".
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
REMARKS_LIMIT = 1000


def text_encoding(data: bytes) -> str:
    """The encoding of a file's bytes: the one its BOM names, else UTF-8, else Windows-1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off by a partial read is still UTF-8.
        if exc.start < len(data) - 3:
            return "cp1252"
    return "utf-8"


def decode_bytes(data: bytes) -> str:
    """Text from bytes: UTF-8 or UTF-16 with a BOM, UTF-8 without one, else Windows-1252.

    Government exports are UTF-8 today but older OFAC and spreadsheet-made files are
    Windows-1252 (or UTF-16 when Excel saves "Unicode text"); guessing per file beats failing
    on one accented name.
    """
    encoding = text_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path) -> str:
    """Read a whole text file, decoded with :func:`decode_bytes`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WatchlistFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    return decode_bytes(data)


def read_head(path: Path, size: int = 4096) -> str:
    """The first bytes of a file as text, for format detection; empty when unreadable."""
    try:
        with path.open("rb") as fh:
            data = fh.read(size)
    except OSError:
        return ""
    return data.decode(text_encoding(data), errors="ignore")


def read_first_line(path: Path, limit: int = 50_000_000) -> str:
    """The first non-blank line of a UTF-8 text file (JSON lines can be long); empty if none."""
    try:
        with path.open("rb") as fh:
            for _ in range(1000):
                line = fh.readline(limit)
                if not line:
                    break
                if line.strip():
                    return line.decode("utf-8-sig", errors="replace")
    except OSError:
        pass
    return ""


def xml_root(path: Path) -> str | None:
    """The local name of an XML file's root element, read from its head; None if not XML."""
    head = read_head(path)
    # Skip the declaration, comments, processing instructions and a DOCTYPE.
    match = re.search(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)", re.sub(r"<!--.*?-->", "", head, flags=re.S))
    return match.group(1) if match else None


_LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: str) -> str:
    """An element's tag without its namespace: "{http://tempuri.org/sdnList.xsd}uid" -> "uid"."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1]
    return name


def load_xml_records(path: str | Path, record_tag: str, root_tag: str,
                     build: Callable[[ET.Element], WatchlistEntry | None]) -> list[WatchlistEntry | None]:
    """``build`` over every ``<record_tag>`` of an XML file rooted at ``<root_tag>``, streamed;
    a file without a single record is refused (loading it would empty the list)."""
    path = Path(path)
    entries = [build(elem) for elem in iter_xml_records(path, {record_tag: None}, expect_root=[root_tag])]
    if not entries:
        raise WatchlistFormatError(path, f"no <{record_tag}> records found: the file is empty or truncated")
    return entries


def iter_xml_records(
    path: Path,
    records: Mapping[str, str | Callable[[str], bool] | None],
    *,
    expect_root: Iterable[str] = (),
) -> Iterator[ET.Element]:
    """Stream an XML file, yielding each record element (namespaces stripped) once it is complete.

    ``records`` maps a record's local tag name to the local name of the parent it must have (or
    a test on that name, or None for any parent). Each record is removed from the tree after the
    caller has looked at it, so a 100+ MB export never becomes one big DOM. When ``expect_root``
    is given, a file whose root is not one of those names is rejected. XML and I/O errors become
    a WatchlistFormatError naming the file.
    """
    roots = set(expect_root)
    stack: list[ET.Element] = []
    try:
        for event, elem in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                if not stack and roots and local_name(elem.tag) not in roots:
                    expected = " or ".join(f"<{r}>" for r in sorted(roots))
                    raise WatchlistFormatError(
                        path, f"root element is <{local_name(elem.tag)}>, expected {expected}"
                    )
                stack.append(elem)
                continue
            stack.pop()
            tag = local_name(elem.tag)
            if tag not in records or not stack:
                continue
            parent = stack[-1]
            wanted = records[tag]
            parent_tag = local_name(parent.tag)
            if wanted is None or (parent_tag == wanted if isinstance(wanted, str) else wanted(parent_tag)):
                for node in elem.iter():
                    node.tag = local_name(node.tag)
                yield elem
                parent.remove(elem)
    except ET.ParseError as exc:
        raise WatchlistFormatError(path, f"invalid XML: {exc}") from exc
    except OSError as exc:
        raise WatchlistFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc


def xml_text(elem: ET.Element | None, path: str | None = None) -> str:
    """Whitespace-collapsed text of ``elem`` (or of its child at ``path``); empty when missing."""
    node = elem.find(path) if elem is not None and path else elem
    if node is None or node.text is None:
        return ""
    return " ".join(node.text.split())


def shorten(text: str | None, limit: int = REMARKS_LIMIT) -> str:
    """Whitespace-collapsed text cut to at most ``limit`` characters (ending in "…" when cut)."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_DATE_ORDERS = {"ymd": "%Y-%m-%d", "dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}


def iso_date(text: str | None, order: str = "ymd") -> str | None:
    """An ISO date (YYYY-MM-DD) from ``text`` written in ``order`` ("ymd" also takes a timestamp).

    Returns None for empty or partial dates ("dd/mm/1945") rather than guessing a day.
    """
    text = (text or "").strip()
    if order == "ymd":
        text = text[:10]
    try:
        return dt.datetime.strptime(text, _DATE_ORDERS[order]).date().isoformat()
    except ValueError:
        return None


def entry_extras(
    *,
    listed_on: str | None = None,
    source_url: str | None = None,
    remarks: str | None = None,
    weak: Iterable[str] = (),
    names: Iterable[str] = (),
) -> dict[str, object]:
    """The optional WatchlistEntry fields that have a value: listed_on, source_url, remarks, weak_names."""
    fields: dict[str, object] = {}
    if listed_on:
        fields["listed_on"] = listed_on
    if source_url and source_url.strip():
        fields["source_url"] = source_url.strip()
    remarks = shorten(remarks)
    if remarks:
        fields["remarks"] = remarks
    weak_names = unique_names(weak, exclude=names)
    if weak_names:
        fields["weak_names"] = weak_names
    return fields


def clean_name(name: str | None) -> str:
    """Collapse whitespace, repair stray C1 controls, drop quotes around the whole name ('"KOMID"')."""
    if not name:
        return ""
    name = " ".join(name.split())
    if _C1.search(name):
        name = _C1.sub(lambda m: m.group().encode("latin-1").decode("cp1252", errors="ignore"), name)
    while len(name) >= 2 and _QUOTES.get(name[0]) == name[-1]:
        name = name[1:-1].strip()
    return name


def unique_names(names: Iterable[str | None], *, exclude: Iterable[str] = ()) -> list[str]:
    """Cleaned, non-empty names in first-seen order, deduplicated case-insensitively."""
    seen = {n.casefold() for n in exclude}
    out: list[str] = []
    for raw in names:
        name = clean_name(raw)
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def unique(values: Iterable[str | None]) -> list[str]:
    """Stripped, non-empty strings in first-seen order, exact duplicates removed."""
    out: list[str] = []
    for raw in values:
        value = " ".join(raw.split()) if raw else ""
        if value and value not in out:
            out.append(value)
    return out


def countries_of(values: Iterable[str | None]) -> list[str]:
    """ISO alpha-2 codes for the recognisable values, deduplicated in first-seen order."""
    return unique(to_iso2(v) for v in values)


def split(value: str | None, sep: str = ";") -> list[str]:
    """Split a separated cell, dropping blanks."""
    if not value:
        return []
    return [part.strip() for part in value.split(sep) if part.strip()]


def join_address(parts: Iterable[str | None]) -> str:
    """One-line address from its non-empty parts."""
    return ", ".join(p for p in (" ".join(x.split()) if x else "" for x in parts) if p)


def stable_id(*parts: str) -> str:
    """A short id that stays the same across loads for lists that have no id column.

    Case and spacing are ignored so that a re-typed row keeps its id.
    """
    text = "\x1f".join(" ".join(p.split()).casefold() for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def infer_type(name: str) -> EntryType:
    """Return "organization" when the name carries a legal form (LTD, GMBH, LLC), else "unknown".

    For lists that mix people and companies without saying which (DPL, BIS rows of the CSL);
    a name without a legal form may still be a company, so that stays "unknown".
    """
    forms = extract_org_types(name.casefold())
    return "organization" if any(m.strip() not in _NOT_ORG_TYPES for m, _ in forms) else "unknown"
