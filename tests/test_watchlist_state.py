"""Applying control commands: upserts, deletes, atomic snapshots and what compaction leaves behind."""

from __future__ import annotations

import orjson

from screener.events.codec import dumps
from screener.events.control import (
    DeleteEntry,
    SnapshotBegin,
    SnapshotEnd,
    SnapshotEntry,
    UpsertEntry,
    WatchlistEntry,
)
from screener.matching import PartyQuery
from screener.stream.watchlist_sync import WatchlistState


def entry(eid: str, name: str, list_name: str = "SDN") -> WatchlistEntry:
    return WatchlistEntry(entry_id=eid, list=list_name, names=[name], type="organization")


def names(state: WatchlistState) -> set[str]:
    return {e.names[0] for e in state.entries.values()}


def test_upsert_and_delete_change_the_list_and_bump_the_version():
    s = WatchlistState()
    assert s.apply(UpsertEntry(entry=entry("1", "KALASHNIKOV CONCERN")), 1)
    assert s.version == 1 and names(s) == {"KALASHNIKOV CONCERN"}
    assert s.matcher.match(PartyQuery("Kalashnikov Concern"))
    assert s.apply(DeleteEntry(list="SDN", entry_id="1"), 2)
    assert s.version == 2 and not s.entries
    assert not s.matcher.match(PartyQuery("Kalashnikov Concern"))
    assert not s.apply(DeleteEntry(list="SDN", entry_id="1"), 3)  # unknown entry: no change
    assert s.version == 2


def test_snapshot_replaces_one_list_atomically_at_its_end():
    s = WatchlistState()
    s.apply(UpsertEntry(entry=entry("1", "OLD ENTRY ONE")), 1)
    s.apply(UpsertEntry(entry=entry("9", "COMPANY LIST PARTY", "ACME")), 2)
    s.apply(SnapshotBegin(list="SDN", snapshot_id="s1"), 3)
    s.apply(SnapshotEntry(snapshot_id="s1", entry=entry("2", "NEW ENTRY TWO")), 4)
    assert names(s) == {"OLD ENTRY ONE", "COMPANY LIST PARTY"}  # nothing changes mid-snapshot
    assert s.version == 2
    assert s.apply(SnapshotEnd(list="SDN", snapshot_id="s1", count=1), 5)
    assert names(s) == {"NEW ENTRY TWO", "COMPANY LIST PARTY"} and s.version == 5


def test_incomplete_snapshot_is_discarded():
    s = WatchlistState()
    s.apply(UpsertEntry(entry=entry("1", "OLD ENTRY ONE")), 1)
    s.apply(SnapshotBegin(list="SDN", snapshot_id="s1"), 2)
    s.apply(SnapshotEntry(snapshot_id="s1", entry=entry("2", "NEW ENTRY TWO")), 3)
    assert not s.apply(SnapshotEnd(list="SDN", snapshot_id="s1", count=2), 4)
    assert names(s) == {"OLD ENTRY ONE"}


def test_snapshot_entry_whose_begin_was_compacted_away_applies_as_upsert():
    s = WatchlistState()
    assert s.apply(SnapshotEntry(snapshot_id="gone", entry=entry("3", "SURVIVOR")), 7)
    assert names(s) == {"SURVIVOR"} and s.version == 7


def test_bad_records_are_counted_and_skipped_not_raised():
    s = WatchlistState()
    assert not s.apply_raw(b"not json", 1)
    assert not s.apply_raw(orjson.dumps({"op": "explode"}), 2)
    assert not s.apply_raw(orjson.dumps({"op": "upsert", "entry": {"entry_id": "1"}}), 3)
    assert s.apply_raw(dumps(UpsertEntry(entry=entry("1", "OK ENTRY"))), 4)
    # A compaction tombstone (null value) deletes the entry named by its key.
    assert s.apply_raw(None, 5, key=b"SDN/1")
    assert not s.entries and s.version == 5
