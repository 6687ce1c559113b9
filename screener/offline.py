"""Offline screening with no broker: the same enrichment, matching and policy as the stream.

Used by ``screener screen`` (back-testing, re-screening a file) and ``screener match``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from screener.events.codec import InvalidInput, dumps, parse_order
from screener.events.control import WatchlistEntry, entry_key
from screener.events.orders import OrderEvent
from screener.matching.addresses import AddressIndex
from screener.matching.base import Matcher, PartyQuery
from screener.policy import entry_facts
from screener.screening import Screener

BATCH = 500


@dataclass
class ScreenSummary:
    lines: int = 0
    decided: int = 0
    rejected: int = 0
    decisions: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)


def _reject(out, line_no: int, raw: bytes, exc: InvalidInput) -> None:
    out.write(orjson.dumps({"line": line_no, "error_type": exc.error_type, "error": str(exc),
                            "raw_excerpt": raw[:2048].decode("utf-8", "replace")}) + b"\n")


def screen_file(screener: Screener, input_path: Path, output_path: Path, rejects_path: Path,
                watchlist_version: int, max_bytes: int = 256 * 1024,
                progress: Callable[[int], None] | None = None) -> ScreenSummary:
    """One decision line per valid order, one reject line per invalid input line; never raises on
    bad lines. Blank lines are skipped (and counted as neither)."""
    summary = ScreenSummary()
    with open(input_path, "rb") as src, open(output_path, "wb") as out, open(rejects_path, "wb") as rej:
        batch: list[OrderEvent] = []

        def flush() -> None:
            for d in screener.screen_many(batch, watchlist_version):
                out.write(dumps(d) + b"\n")
                summary.decisions[d.decision] += 1
                summary.reasons.update(r.code for r in d.reasons)
            summary.decided += len(batch)
            batch.clear()

        for line_no, raw in enumerate(src, start=1):
            if progress:
                progress(len(raw))
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            summary.lines += 1
            try:
                batch.append(parse_order(raw, max_bytes))
            except InvalidInput as exc:
                summary.rejected += 1
                _reject(rej, line_no, raw, exc)
                continue
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return summary


@dataclass
class PartyRow:
    id: str
    query: PartyQuery | None
    error: str | None = None
    address: str | dict | None = None  # as given: one line, or {street, city, postal_code, region, country}


# CSV header (compared loosely: case, spaces, "_", "-" and "/" do not matter) -> field, as the
# company-list loader reads them.
_CSV_COLUMNS = {
    "id": ("id", "customer id", "customer number", "party id", "entity id", "record id"),
    "name": ("name", "full name", "customer name", "company name", "party name", "entity name", "legal name",
             "organisation name", "organization name"),
    "country": ("country", "country code", "country name"),
    "type": ("type", "entity type", "party type"),
    "address": ("address", "full address"),
    "street": ("street", "street address", "address line 1", "address 1", "address1", "address line"),
    "street2": ("address line 2", "address 2", "address2"),
    "city": ("city", "town"),
    "postal_code": ("postal code", "postcode", "post code", "zip", "zip code", "zipcode"),
    "region": ("state", "region", "province"),
}
_CSV_FIELDS = {name: field for field, names in _CSV_COLUMNS.items() for name in names}
_ADDRESS_PARTS = ("street", "street2", "city", "postal_code", "region", "country")


def _column_key(column: object) -> str:
    return " ".join(re.sub(r"[_/-]", " ", str(column or "")).lower().split())


def read_parties(path: Path) -> Iterator[PartyRow]:
    """Parties from JSON lines or CSV. A JSON line is ``{"id", "name", "country"?, "type"?,
    "address"?}``, the address one line or an object (street, city, postal_code, region, country);
    ``street``, ``city``, ``postal_code`` may also be top-level keys. A CSV needs a name column
    (``name``, ``Company Name``, ``Customer Name``, ...) and may have ``id``, ``country``, ``type``,
    ``address`` or its parts (``street``/``Address Line 1``, ``city``, ``postal code``/``zip``,
    ``state``); UTF-8, UTF-16 or Windows-1252, separated by ``,`` ``;`` tab or ``|``. A row without
    a usable name yields an error row instead of stopping the run."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv(path)
        return
    with open(path, "rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                row = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield PartyRow(str(i), None, f"line {i}: not valid JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield PartyRow(str(i), None, f"line {i}: expected a JSON object")
                continue
            yield _party_row(row, str(i))


def _read_csv(path: Path) -> Iterator[PartyRow]:
    from screener.watchlists._common import text_encoding
    from screener.watchlists.company import sniff_delimiter

    with open(path, "rb") as fh:
        head = fh.read(65536)
    encoding = text_encoding(head)
    with open(path, newline="", encoding=encoding, errors="replace") as fh:
        first = fh.readline()
        delimiter = sniff_delimiter(first.lstrip("\ufeff"))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, None)
        fields = [_CSV_FIELDS.get(_column_key(c.lstrip("\ufeff"))) for c in header or ()]
        if "name" not in fields:
            raise ValueError(f"{path}: a CSV of parties needs a 'name' column (has {header})")
        for i, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            row: dict = {}
            for field, value in zip(fields, cells, strict=False):
                if field is not None and value.strip() and field not in row:
                    row[field] = value.strip()
            yield _party_row(row, str(i))


def _party_address(row: dict) -> str | dict | None:
    """The address of a party row: ``address`` (one line or an object), else its parts."""
    address = row.get("address")
    if isinstance(address, str) and address.strip():
        address = address.strip()
    elif isinstance(address, dict):
        address = {k: v.strip() for k, v in address.items() if isinstance(v, str) and v.strip()} or None
    else:
        address = None
    parts = {k: row[k].strip() for k in _ADDRESS_PARTS if k != "country" and isinstance(row.get(k), str)
             and row[k].strip()}
    if "street2" in parts:
        parts["street"] = ", ".join(x for x in (parts.get("street"), parts.pop("street2")) if x)
    if address is None and parts:
        return parts
    return address


def _party_row(row: dict, default_id: str) -> PartyRow:
    pid = str(row.get("id") or default_id)
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        return PartyRow(pid, None, "missing or empty 'name'")
    country = row.get("country") or None
    if country:
        from screener.enrichment.countries import to_iso2

        country = to_iso2(str(country)) or str(country).upper()
    ptype = row.get("type") or None
    address = _party_address(row)
    if isinstance(address, dict):
        text = ", ".join(str(address[k]) for k in ("street", "city", "postal_code", "region", "country")
                         if address.get(k)) or None
    else:
        text = address
    return PartyRow(pid, PartyQuery(name=name.strip(), country=country, type=ptype, address=text), address=address)


def _facts(entry: WatchlistEntry | None, list_id: str, first_address: str | None = None) -> dict:
    """The listed entry's programs, listing date, source URL and addresses, for a match line."""
    facts = entry_facts(entry, first_address) if entry is not None else {}
    return {"list_id": facts.get("list_id", list_id), "programs": facts.get("programs", []),
            "listed_on": facts.get("listed_on"), "source_url": facts.get("source_url"),
            "entry_addresses": facts.get("entry_addresses", [])}


def match_rows(matcher: Matcher, rows: list[PartyRow], limit: int = 5, addresses: AddressIndex | None = None,
               entry_lookup: Callable[[str], WatchlistEntry | None] | None = None) -> list[bytes]:
    """One JSON line per row: its name matches (``matches``) and, when ``addresses`` is given, the
    listed entries whose street address it is at (``address_matches``); each names the entry's
    list id, programs, listing date, source URL and addresses (``entry_lookup`` finds them)."""
    queries = [r.query for r in rows if r.query is not None]
    results = iter(matcher.match_many(queries, limit=limit))

    def lookup(list_id: str, list_code: str, entry_id: str) -> WatchlistEntry | None:
        return entry_lookup(entry_key(list_id or list_code, entry_id)) if entry_lookup is not None else None

    lines = []
    for r in rows:
        rec: dict = {"id": r.id}
        if r.query is None:
            rec["matches"] = []
            if addresses is not None:
                rec["address_matches"] = []
            rec["error"] = r.error
        else:
            rec["matches"] = [{"entry_id": h.entry_id, "list": h.list, "name": h.matched_name,
                               "entry_name": h.entry_name, "score": round(h.score, 4),
                               "explanation": h.explanation,
                               **_facts(lookup(h.list_id, h.list, h.entry_id), h.list_id)} for h in next(results)]
            if addresses is not None:
                found = addresses.match(r.address, r.query.country, limit=limit) if r.address else []
                rec["address_matches"] = [
                    {"entry_id": a.entry_id, "list": a.list, "entry_name": a.entry_name,
                     "matched_address": a.matched_address, "party_address": a.party_address, "detail": a.detail,
                     **_facts(lookup(a.list_id, a.list, a.entry_id), a.list_id, a.matched_address)}
                    for a in found]
        lines.append(orjson.dumps(rec))
    return lines


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(io.DEFAULT_BUFFER_SIZE * 64), b""))
