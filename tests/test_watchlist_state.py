"""The control topic under log compaction and loader crashes: a worker replaying the compacted
topic holds exactly what a live worker holds (a property test over random histories), and the
readiness rules fail closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.events.control import WatchlistEntry
from screener.stream.publish import LoadRefused, add_records, load_records, plan_load, remove_records
from screener.stream.watchlist_state import NullMatcher, WatchlistState

T0 = datetime(2026, 11, 1, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self) -> float:
        return self.now.timestamp()


def entry(lid: str, i: int, variant: int = 0) -> WatchlistEntry:
    origin, _, code = lid.partition(":")
    return WatchlistEntry(entry_id=f"E{i}", list=code, origin=origin, names=[f"Party {i} v{variant}"],
                          type="organization")


def state(clock) -> WatchlistState:
    return WatchlistState(matcher=NullMatcher(), clock=clock)


def compact(log: list[tuple[str, bytes | None]], drop_tombstones: bool) -> list[tuple[str, bytes | None]]:
    """Kafka's log compaction: the latest record of each key, in log order; tombstones removed
    once old enough (here: all of them, or none)."""
    last = {key: i for i, (key, _) in enumerate(log)}
    return [(k, v) for i, (k, v) in enumerate(log) if last[k] == i and not (drop_tombstones and v is None)]


def replay(log, clock) -> WatchlistState:
    s = state(clock)
    for i, (k, v) in enumerate(log):
        s.apply_raw(v, i + 1, k)
    s.caught_up = True
    return s


def view(s: WatchlistState) -> tuple:
    return ({k: e.model_dump() for k, e in s.entries.items()}, s.summary(), s.not_ready() is None)


LISTS = ["ofac:SDN", "csl:SDN", "company:LETTERS"]
op = st.one_of(
    st.tuples(st.just("load"), st.sets(st.sampled_from(LISTS), min_size=1), st.integers(0, 12), st.integers(0, 3),
              st.integers(0, 100)),  # lists, entries each, content variant, crash point (100: no crash)
    st.tuples(st.just("add"), st.sampled_from(LISTS), st.integers(0, 15), st.integers(0, 3)),
    st.tuples(st.just("remove"), st.sampled_from(LISTS), st.integers(0, 15)),
    st.tuples(st.just("wait"), st.integers(1, 20)),  # minutes pass
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=12), st.booleans())
def test_replay_of_the_compacted_topic_equals_the_live_state(ops, drop_tombstones):
    clock = Clock()
    live = state(clock)
    live.caught_up = True
    log: list[tuple[str, bytes | None]] = []

    def write(records):
        for k, v in records:
            log.append((k, v))
            live.apply_raw(v, len(log), k)

    for o in ops:
        seen = replay(log, clock)  # the loader reads the topic as a worker would
        if o[0] == "load":
            _, lists, n, variant, crash = o
            entries = [entry(lid, i, variant) for lid in sorted(lists) for i in range(n)]
            if not entries:
                continue
            records, cleanup = load_records(seen, entries, now=clock.now)
            if crash < 100:  # the loader dies part way: no clean-up either
                write(records[: crash * len(records) // 100])
            else:
                write(records + cleanup)
        elif o[0] == "add":
            _, lid, i, variant = o
            records, _ = add_records(seen, [entry(lid, i, variant)], now=clock.now)
            write(records)
        elif o[0] == "remove":
            _, lid, i = o
            try:
                records, _ = remove_records(seen, lid, [f"E{i}"], now=clock.now)
            except KeyError:
                continue
            write(records)
        else:
            clock.now += timedelta(minutes=o[1])
        assert view(replay(log, clock)) == view(live)
    assert view(replay(compact(log, drop_tombstones), clock)) == view(live)


def test_a_load_of_one_origin_never_touches_another():
    clock = Clock()
    s = state(clock)
    s.caught_up = True
    for lid in ("ofac:SDN", "csl:SDN"):
        records, cleanup = load_records(s, [entry(lid, i) for i in range(5)], now=clock.now)
        for k, v in records + cleanup:
            s.apply_raw(v, 1, k)
    records, cleanup = load_records(s, [entry("csl:SDN", 0)], now=clock.now)
    for k, v in records + cleanup:
        s.apply_raw(v, 1, k)
    assert {st_.list_id: st_.count for st_ in s.lists()} == {"ofac:SDN": 5, "csl:SDN": 1}


def test_a_load_that_removes_most_of_a_list_is_planned_as_such():
    s = state(Clock())
    records, _ = load_records(s, [entry("company:LETTERS", i) for i in range(10)])
    for k, v in records:
        s.apply_raw(v, 1, k)
    [ch] = plan_load(s, [entry("company:LETTERS", 0)]).values()
    assert (ch.before, ch.after, ch.removed) == (10, 1, 9)
    assert issubclass(LoadRefused, ValueError)


class TestReadiness:
    def loaded(self, clock, *lids, required=()) -> WatchlistState:
        s = state(clock)
        s.required = required
        for lid in lids:
            records, cleanup = load_records(s, [entry(lid, i) for i in range(3)], now=clock.now)
            for k, v in records + cleanup:
                s.apply_raw(v, 1, k)
        s.caught_up = True
        return s

    def test_not_ready_while_replaying_or_with_nothing_loaded(self):
        s = state(Clock())
        assert "replaying" in s.not_ready()
        s.caught_up = True
        assert s.not_ready() == "no watch list is loaded"

    def test_required_lists_must_be_there_and_not_empty(self):
        clock = Clock()
        s = self.loaded(clock, "company:LETTERS", required=("SDN",))
        assert "required list SDN is not loaded" in s.not_ready()
        s = self.loaded(clock, "company:LETTERS", "ofac:SDN", required=("SDN", "company:LETTERS"))
        assert s.not_ready() is None
        for i in range(3):
            records, _ = remove_records(s, "ofac:SDN", [f"E{i}"])
            for k, v in records:
                s.apply_raw(v, 1, k)
        assert "required list SDN is empty" in s.not_ready()

    def test_an_open_load_blocks_until_done_or_abandoned(self):
        clock = Clock()
        s = self.loaded(clock, "ofac:SDN")
        records, _ = load_records(s, [entry("ofac:SDN", i, 1) for i in range(3)], now=clock.now)
        for k, v in records[:2]:  # the marker and one entry: the loader died
            s.apply_raw(v, 1, k)
        assert "in progress" in s.not_ready()
        assert {e.names[0] for e in s.entries.values()} == {"Party 0 v0", "Party 1 v0", "Party 2 v0"}
        clock.now += timedelta(minutes=11)
        assert s.not_ready() is None and len(s.abandoned) == 1
        assert all(len(gens) == 1 for gens in s.gens.values())  # the staged generation was dropped

    def test_entries_that_disagree_with_their_head_fail_closed(self):
        clock = Clock()
        s = self.loaded(clock, "ofac:SDN")
        records, _ = add_records(s, [entry("ofac:SDN", 7)])
        s.apply_raw(records[0][1], 1, records[0][0])  # the entry, but not the head after it
        assert "inconsistent" in s.not_ready()
        s.apply_raw(records[1][1], 2, records[1][0])
        assert s.not_ready() is None

    def test_bad_records_are_counted_and_skipped(self):
        s = self.loaded(Clock(), "ofac:SDN")
        before = dict(s.entries)
        s.apply_raw(b"{not json", 1, b"list/x")
        s.apply_raw(orjson.dumps({"op": "entry", "generation": "g",
                                  "entry": {"entry_id": "1", "list": "SDN", "names": ["x" * 501]}}), 2, b"entry/x")
        assert s.rejected == 2 and s.entries == before
