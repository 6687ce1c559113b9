"""Helpers shared by the watch-list loaders."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from rigour.names import extract_org_types

from screener.events.control import EntryType
from screener.watchlists.countries import to_iso2

# rigour reads the generation suffix in "KIM SONG II" as a legal form; it is not one here.
_NOT_ORG_TYPES = frozenset({"ii", "iii", "iv"})
# Windows-1252 text once decoded as latin-1 carries C1 controls (U+0092 where "’" was meant).
_C1 = re.compile("[\x80-\x9f]")
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


class WatchlistFormatError(ValueError):
    """A watch-list file that cannot be read or is not in the format it was taken for."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def read_text(path: Path) -> str:
    """Read a whole text file: UTF-8 (with or without BOM), else Windows-1252.

    Government exports are UTF-8 today but older OFAC and spreadsheet-made files are
    Windows-1252; guessing per file beats failing on one accented name.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WatchlistFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_head(path: Path, size: int = 4096) -> str:
    """The first bytes of a file as text, for format detection; empty when unreadable."""
    try:
        with path.open("rb") as fh:
            return fh.read(size).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


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
