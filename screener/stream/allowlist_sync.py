"""The allow-list every worker applies: "party X is not listed entry Y" (``screener.events.allowlist``).

Records come from the compacted allow-list topic, replayed by every worker like the watch list.
Only records signed with the review key are applied (anyone else who can write to the topic
cannot clear a party). A record suppresses a hit when the party's name (transliterated, legal
form and case ignored) and country agree with the record, the hit is the record's entry, the
entry is unchanged since the record was made (same content hash: a changed entry is screened
again), and the record has not expired.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

import orjson
from pydantic import ValidationError

from screener import metrics
from screener.events.allowlist import AllowRecord, verify_allow
from screener.events.control import WatchlistEntry, entry_hash, entry_key
from screener.matching.base import MatchHit
from screener.policy import name_key

log = logging.getLogger(__name__)


class AllowListState:
    def __init__(self, signing_key: str | None, entry: Callable[[str], WatchlistEntry | None],
                 clock: Callable[[], float] = time.time):
        self.signing_key = signing_key
        self.entry = entry  # entry key "<list_id>/<entry_id>" -> the live entry
        self.clock = clock
        self.records: dict[str, AllowRecord] = {}
        self._by_party: dict[str, list[AllowRecord]] = {}
        self.refused = 0

    def handle(self, key: bytes | None, value: bytes | None, offset: int) -> None:
        allow_id = key.decode("utf-8", "replace") if key else ""
        if value is None:
            self._drop(allow_id)
            return
        try:
            rec = AllowRecord.model_validate(orjson.loads(value))
        except (orjson.JSONDecodeError, ValidationError) as exc:
            self.refused += 1
            metrics.CONTROL_ERRORS.labels("bad_allow_record").inc()
            log.error("allow-list record %r at offset %d rejected: %s", allow_id[:100], offset, str(exc)[:300])
            return
        if not verify_allow(rec, self.signing_key):
            self.refused += 1
            metrics.CONTROL_ERRORS.labels("unsigned_allow_record").inc()
            log.error("allow-list record %s at offset %d is not signed with the review key: ignored",
                      rec.allow_id, offset)
            return
        self._drop(rec.allow_id)
        self.records[rec.allow_id] = rec
        self._by_party.setdefault(name_key(rec.party_name), []).append(rec)
        metrics.ALLOW_RECORDS.set(len(self.records))

    def _drop(self, allow_id: str) -> None:
        old = self.records.pop(allow_id, None)
        if old is not None:
            recs = self._by_party.get(name_key(old.party_name), [])
            recs[:] = [r for r in recs if r.allow_id != allow_id]
        metrics.ALLOW_RECORDS.set(len(self.records))

    def suppress(self, name: str, country: str | None, hits: Sequence[MatchHit]
                 ) -> tuple[list[MatchHit], list[dict]]:
        """The hits that stand, and a note for each one an allow-list record suppresses."""
        if not self.records or not hits:
            return list(hits), []
        candidates = self._by_party.get(name_key(name))
        if not candidates:
            return list(hits), []
        now = self.clock()
        kept, notes = [], []
        for h in hits:
            rec = self._applies(candidates, h, country, now)
            if rec is None:
                kept.append(h)
            else:
                notes.append({"allow_id": rec.allow_id, "list": h.list, "list_id": h.list_id, "entry_id": h.entry_id,
                              "party_name": name, "score": round(h.score, 4), "reviewer": rec.reviewer,
                              "expires_at": rec.expires_at.isoformat()})
        return kept, notes

    def _applies(self, candidates: list[AllowRecord], h: MatchHit, country: str | None,
                 now: float) -> AllowRecord | None:
        for rec in candidates:
            if rec.entry_id != h.entry_id or rec.list not in (h.list_id, h.list):
                continue
            if rec.expires_at.timestamp() <= now:
                continue
            if rec.party_country and country and rec.party_country.upper() != country.upper():
                continue
            entry = self.entry(entry_key(h.list_id or h.list, h.entry_id))
            if entry is None or entry_hash(entry) != rec.entry_hash:
                continue  # the entry changed since the review: screen it again
            return rec
        return None
