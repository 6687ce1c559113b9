"""The worker's per-batch CPU step (``OrderScreening.screen_batch``), without a broker."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from types import SimpleNamespace

import orjson
from aiokafka.structs import TopicPartition

from screener.config import Settings
from screener.events.control import WatchlistEntry
from screener.events.decisions import Decision
from screener.events.dlq import DeadLetter
from screener.events.orders import OrderEvent
from screener.matching.base import Matcher, MatchHit, PartyQuery
from screener.policy import Policy
from screener.screening import Screener
from screener.stream.order_screening import OrderScreening
from screener.stream.state_changelog import ScreeningState
from screener.stream.state_store import StateStore


class OneNameMatcher(Matcher):
    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        if query.name == "Evil Corp":
            return [MatchHit("sdn-1", "SDN", "EVIL CORP", "EVIL CORP", 0.97)]
        return []

    def upsert(self, entry: WatchlistEntry) -> None: ...
    def delete(self, list_name: str, entry_id: str) -> bool: return False
    def replace_list(self, list_name: str, entries: Iterable[WatchlistEntry]) -> None: ...
    def __len__(self) -> int: return 0
    def entries(self) -> Iterable[WatchlistEntry]: return []


def rec(offset: int, value: bytes | None, key: bytes | None = b"k"):
    return SimpleNamespace(offset=offset, value=value, key=key, timestamp=1_700_000_000_000)


def worker_for(tmp_path, screener: Screener, **settings) -> OrderScreening:
    cfg = Settings(data_dir=tmp_path, **settings)
    state = ScreeningState(cfg, StateStore(tmp_path / "state.sqlite", "test"))
    sync = SimpleNamespace(state=SimpleNamespace(version=3))
    return OrderScreening(cfg, screener, sync, delivery=None, state=state, reviews=None, beat=lambda: None)


def test_screen_batch_decides_dead_letters_and_keeps_the_collector_on(tmp_path):
    policy = Policy.load()
    screener = Screener(OneNameMatcher(), policy, policy.enricher)
    worker = worker_for(tmp_path, screener)
    orders = [
        {"order_id": "o-1", "order_version": 2, "parties": [{"role": "sold_to", "name": "Evil Corp"}]},
        {"order_id": "o-2", "parties": [{"role": "sold_to", "name": "Good GmbH", "country": "DE"}]},
    ]
    tp0, tp1 = TopicPartition("orders", 0), TopicPartition("orders", 1)
    batch = {tp0: [rec(10, orjson.dumps(orders[0])), rec(11, b"{not json")],
             tp1: [rec(5, orjson.dumps(orders[1]), key=b"o-2")]}
    assert gc.isenabled()
    box, offsets = worker.screen_batch(batch)
    assert gc.isenabled()
    assert {tp: o.offset for tp, o in offsets.items()} == {tp0: 12, tp1: 6}
    assert [k for k, _ in box.decisions] == [b"o-1", b"o-2"]
    got = [Decision.model_validate_json(v) for _, v in box.decisions]
    expected = [Screener(OneNameMatcher(), policy, policy.enricher).screen(OrderEvent.model_validate(o), 3)
                for o in orders]
    assert [(d.decision, d.decision_id) for d in got] == [(d.decision, d.decision_id) for d in expected]
    assert [r.code for r in got[0].reasons] == ["WATCHLIST_MATCH"]
    assert len(box.letters) == 1 and box.letters[0][0] == b"k"
    letter = DeadLetter.model_validate_json(box.letters[0][1])
    assert (letter.error_type, letter.offset, letter.partition) == ("not_json", 11, 0)
    assert worker.screened == 2 and worker.dead_lettered == 1
    # Each decided order leaves a compact state record in its own partition: parties, no lines.
    state = {oid: (part, orjson.loads(value)) for oid, part, _, value in box.state}
    assert state["o-1"][0] == 0 and state["o-2"][0] == 1
    assert state["o-1"][1]["d"] == "HOLD" and state["o-1"][1]["h"] == ["SDN/sdn-1"]
    assert state["o-2"][1]["p"] == [{"role": "sold_to", "name": "Good GmbH", "country": "DE"}]


def test_one_failing_order_is_held_and_dead_lettered_the_rest_decided(tmp_path):
    policy = Policy.load()
    screener = Screener(OneNameMatcher(), policy, policy.enricher, poison_name="Poison Pill AG")
    worker = worker_for(tmp_path, screener)
    good = [{"order_id": f"g-{i}", "parties": [{"role": "sold_to", "name": "Good GmbH", "country": "DE"}]}
            for i in range(3)]
    poison = {"order_id": "p-1", "parties": [{"role": "sold_to", "name": "Poison Pill AG"}]}
    tp = TopicPartition("orders", 0)
    batch = {tp: [rec(i, orjson.dumps(o)) for i, o in enumerate([good[0], poison, good[1], good[2]])]}
    box, offsets = worker.screen_batch(batch)
    assert offsets[tp].offset == 4
    decisions = {Decision.model_validate_json(v).order_id: Decision.model_validate_json(v) for _, v in box.decisions}
    assert set(decisions) == {"g-0", "g-1", "g-2", "p-1"}
    assert decisions["p-1"].decision == "HOLD" and [r.code for r in decisions["p-1"].reasons] == ["SCREENING_ERROR"]
    assert all(decisions[f"g-{i}"].decision == "RELEASE" for i in range(3))
    [letter] = [DeadLetter.model_validate_json(v) for _, v in box.letters]
    assert letter.error_type == "screening_error" and letter.offset == 1
    # The poison order leaves no state behind: re-screening must never release it.
    assert ("p-1", 0, None, None) in box.state


def test_invalid_event_with_a_readable_order_id_is_held(tmp_path):
    policy = Policy.load()
    worker = worker_for(tmp_path, Screener(OneNameMatcher(), policy, policy.enricher))
    tp = TopicPartition("orders", 2)
    bad = orjson.dumps({"order_id": "bad-1", "parties": [{"role": "sold_to", "name": 42}]})
    box, _ = worker.screen_batch({tp: [rec(0, bad), rec(1, b"[1, 2]")]})
    [(key, value)] = box.decisions
    d = Decision.model_validate_json(value)
    assert key == b"bad-1" and d.decision == "HOLD" and d.reasons[0].code == "INVALID_ORDER"
    assert "invalid_order" in d.reasons[0].detail
    assert len(box.letters) == 2


def test_an_order_with_thousands_of_reasons_makes_a_bounded_decision(tmp_path):
    policy = Policy.load()
    worker = worker_for(tmp_path, Screener(OneNameMatcher(), policy, policy.enricher))
    chip = {"sku": "MCU", "hs_code": "8542.31", "quantity": 1, "unit_price": 1.0}
    big = {"order_id": "big-1",
           "parties": [{"role": "ship_to", "name": f"Depot {i}", "country": "KZ"} for i in range(50)],
           "lines": [{**chip, "sku": f"MCU-{j}"} for j in range(1000)]}
    raw = orjson.dumps(big)
    box, _ = worker.screen_batch({TopicPartition("orders", 0): [rec(0, raw)]})
    [(_, value)] = box.decisions
    d = Decision.model_validate_json(value)
    assert d.decision == "HOLD"
    assert len(d.reasons) <= worker.settings.max_reasons
    assert d.reasons_folded + len(d.reasons) >= 50 * 1000
    assert len(value) < 1_000_000  # Kafka's default message limit
    folded = [r for r in d.reasons if r.code == "DIVERSION_RISK"]
    assert folded and all((r.model_extra or {}).get("folded") == 999 for r in folded)
