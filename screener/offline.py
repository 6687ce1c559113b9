"""Offline screening with no broker: the same enrichment, matching and policy as the stream.

Used by ``screener screen`` (back-testing, re-screening a file) and ``screener match``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from screener.events.codec import InvalidInput, dumps, parse_order
from screener.events.orders import OrderEvent
from screener.matching.base import Matcher, PartyQuery
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


def read_parties(path: Path) -> Iterator[PartyRow]:
    """Parties from JSON lines ({"id", "name", "country"?, "type"?}) or CSV with a ``name`` column.
    A row without a usable name yields an error row instead of stopping the run."""
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
                raise ValueError(f"{path}: a CSV of parties needs a 'name' column (has {reader.fieldnames})")
            for i, row in enumerate(reader, start=1):
                row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                yield _party_row(row, str(i))
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
    return PartyRow(pid, PartyQuery(name=name.strip(), country=country, type=ptype))


def match_rows(matcher: Matcher, rows: list[PartyRow], limit: int = 5) -> list[bytes]:
    queries = [r.query for r in rows if r.query is not None]
    results = iter(matcher.match_many(queries, limit=limit))
    lines = []
    for r in rows:
        rec: dict = {"id": r.id}
        if r.query is None:
            rec["matches"] = []
            rec["error"] = r.error
        else:
            rec["matches"] = [{"entry_id": h.entry_id, "list": h.list, "name": h.matched_name,
                               "entry_name": h.entry_name, "score": round(h.score, 4),
                               "explanation": h.explanation} for h in next(results)]
        lines.append(orjson.dumps(rec))
    return lines


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(io.DEFAULT_BUFFER_SIZE * 64), b""))
