"""The re-screening state: the local store, the re-screening rules, and recovery from the changelog
(through the real broker)."""

from __future__ import annotations

import asyncio
import time

import orjson
import pytest
from kafka_helpers import run

from screener.config import Settings
from screener.events.decisions import Reason
from screener.stream import state_store as F
from screener.stream.delivery import send_partitioned
from screener.stream.harness import demo_settings, producer_for
from screener.stream.rescreen import rescreen_outcome, updated_record
from screener.stream.state_changelog import ScreeningState
from screener.stream.state_store import StateStore, StateStoreError
from screener.stream.topics import ensure_topics


def hit(entry_id: str, code: str = "WATCHLIST_MATCH") -> Reason:
    return Reason(code=code, list="SDN", entry_id=entry_id, party_name="X", score=0.9)


def record(decision: str, codes=(), hits=(), cleared=()) -> dict:
    return {F.T_OCCURRED: time.time(), F.DECISION: decision, F.CODES: list(codes), F.HITS: list(hits),
            F.CLEARED: list(cleared), F.PARTIES: [{"role": "sold_to", "name": "X"}]}


class TestRescreenRules:
    def test_released_order_that_now_matches_is_held(self):
        assert rescreen_outcome(record("RELEASE"), [hit("1")]) == ("HOLD", [hit("1")])

    def test_nothing_changes_for_the_same_hit(self):
        assert rescreen_outcome(record("HOLD", ["WATCHLIST_MATCH"], ["SDN/1"]), [hit("1")]) is None

    def test_held_order_with_a_new_hit_is_held_again_naming_it(self):
        out = rescreen_outcome(record("HOLD", ["EMBARGOED_DESTINATION"]), [hit("7")])
        assert out == ("HOLD", [hit("7")])

    def test_hold_for_list_hits_only_is_released_when_they_are_gone(self):
        assert rescreen_outcome(record("HOLD", ["WATCHLIST_MATCH"], ["SDN/1"]), []) == ("RELEASE", [])

    def test_hold_with_other_reasons_stays(self):
        assert rescreen_outcome(record("HOLD", ["WATCHLIST_MATCH", "EMBARGOED_DESTINATION"], ["SDN/1"]), []) is None

    def test_cleared_hits_never_hold_again_but_a_new_one_does(self):
        cleared = record("RELEASE", ["MANUAL_RELEASE"], [], ["SDN/1"])
        assert rescreen_outcome(cleared, [hit("1")]) is None
        assert rescreen_outcome(cleared, [hit("1"), hit("2")]) == ("HOLD", [hit("2")])

    def test_updated_record_keeps_the_other_codes(self):
        rec = record("HOLD", ["EMBARGOED_DESTINATION"])
        out = updated_record(rec, "HOLD", [hit("7")], 42)
        assert out[F.CODES] == ["EMBARGOED_DESTINATION", "WATCHLIST_MATCH"] and out[F.HITS] == ["SDN/7"]
        assert out[F.WATCHLIST] == 42


class TestStore:
    def test_writes_are_read_back_in_order(self, tmp_path):
        store = StateStore(tmp_path / "s.sqlite", "id-1")
        store.submit([("a", 0, 1.0, b'{"t":1}'), ("b", 1, 2.0, b'{"t":2}')], {0: 5})
        store.submit([("a", 0, None, None), ("c", 0, 3.0, b'{"t":3}')])
        assert store.get("a") is None and store.get("c") == (0, {"t": 3})
        assert [oid for oid, _, _ in store.page([0, 1], "", 10, 0.0)] == ["b", "c"]
        assert store.expired([0, 1], 2.5, 10) == [("b", 1)]
        assert store.checkpoint(0).next_offset == 5
        store.close()

    def test_another_identity_starts_afresh(self, tmp_path):
        store = StateStore(tmp_path / "s.sqlite", "topic-a/6")
        store.apply([("a", 0, 1.0, b"{}")], {0: 3})
        store.close()
        again = StateStore(tmp_path / "s.sqlite", "topic-b/6")
        assert again.get("a") is None and again.checkpoint(0) is None
        again.close()

    def test_use_after_close_neither_blocks_nor_writes(self, tmp_path):
        # A batch that ends while the worker stops writes after the store was closed: waiting
        # for the writer thread, which is gone, blocked the event loop and the shutdown for good
        # (a graceful restart that never exited). The changelog holds the rows; the file is a cache.
        store = StateStore(tmp_path / "s.sqlite", "id")
        store.apply([("a", 0, 1.0, b"{}")])
        store.close()
        store.submit([("b", 0, 2.0, b"{}")], {0: 9})  # left out, without an error
        with pytest.raises(StateStoreError, match="closed"):
            store.drain()
        with pytest.raises(StateStoreError, match="closed"):
            store.count()
        store.close()  # twice is harmless
        again = StateStore(tmp_path / "s.sqlite", "id")
        assert again.get("a") == (0, {}) and again.get("b") is None
        again.close()

    def test_a_damaged_file_is_rebuilt_not_fatal(self, tmp_path):
        path = tmp_path / "s.sqlite"
        path.write_bytes(b"this is not a database" * 100)
        store = StateStore(path, "id")
        store.apply([("a", 0, 1.0, b"{}")])
        assert store.count() == 1
        store.close()


@pytest.mark.integration
def test_recovery_catches_up_from_the_changelog_without_overwriting_newer_writes(broker, tmp_path):
    settings = demo_settings(broker.bootstrap, partitions=2)
    run(ensure_topics(settings))

    async def write(records):
        p = await producer_for(settings)
        try:
            futures = await send_partitioned(p, settings.state_topic, records)
            await asyncio.gather(*(f for _, _, f in futures))
        finally:
            await p.stop()

    def rec(t: float) -> bytes:
        return orjson.dumps({F.T_OCCURRED: t, F.DECISION: "RELEASE"})

    # History: a, b, c in partition 0; b deleted later; d in partition 1.
    run(write([(0, b"a", rec(1)), (0, b"b", rec(2)), (0, b"c", rec(3)), (0, b"b", None), (1, b"d", rec(4))]))

    async def recover() -> ScreeningState:
        state = ScreeningState(Settings(**{**settings.model_dump(), "data_dir": tmp_path}),
                               StateStore(tmp_path / "s.sqlite", "t"))
        done = asyncio.Event()
        state.on_recovered = lambda parts: done.set() if state.recovered == {0, 1} else None
        state.assign([0, 1])
        # Screening goes on meanwhile: "c" is decided again before the catch-up reaches it.
        state.written([("c", 0, 9.0, rec(9))], {})
        await asyncio.wait_for(done.wait(), 30)
        return state

    state = run(recover())
    store = state.store
    assert store.get("a") == (0, {F.T_OCCURRED: 1, F.DECISION: "RELEASE"})
    assert store.get("b") is None
    assert store.get("c")[1][F.T_OCCURRED] == 9  # the newer local write survives the catch-up
    assert store.get("d") == (1, {F.T_OCCURRED: 4, F.DECISION: "RELEASE"})
    assert store.checkpoint(0).next_offset == 4 and store.checkpoint(1).next_offset == 1
    store.close()
