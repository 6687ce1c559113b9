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
    return SimpleNamespace(offset=offset, value=value, key=key)


def test_screen_batch_decides_dead_letters_and_keeps_the_collector_on():
    policy = Policy.load()
    screener = Screener(OneNameMatcher(), policy, policy.enricher)
    sync = SimpleNamespace(state=SimpleNamespace(version=3))
    worker = OrderScreening(Settings(), screener, sync, producer=None)
    orders = [
        {"order_id": "o-1", "order_version": 2, "parties": [{"role": "sold_to", "name": "Evil Corp"}]},
        {"order_id": "o-2", "parties": [{"role": "sold_to", "name": "Good GmbH", "country": "DE"}]},
    ]
    tp0, tp1 = TopicPartition("orders", 0), TopicPartition("orders", 1)
    batch = {tp0: [rec(10, orjson.dumps(orders[0])), rec(11, b"{not json")],
             tp1: [rec(5, orjson.dumps(orders[1]), key=b"o-2")]}
    assert gc.isenabled()
    decided, letters, offsets = worker.screen_batch(batch)
    assert gc.isenabled()
    assert {tp: o.offset for tp, o in offsets.items()} == {tp0: 12, tp1: 6}
    assert [k for k, _ in decided] == [b"o-1", b"o-2"]
    got = [Decision.model_validate_json(v) for _, v in decided]
    expected = [Screener(OneNameMatcher(), policy, policy.enricher).screen(OrderEvent.model_validate(o), 3)
                for o in orders]
    assert [(d.decision, d.decision_id) for d in got] == [(d.decision, d.decision_id) for d in expected]
    assert [r.code for r in got[0].reasons] == ["WATCHLIST_MATCH"]
    assert len(letters) == 1 and letters[0][0] == b"k"
    letter = DeadLetter.model_validate_json(letters[0][1])
    assert (letter.error_type, letter.offset, letter.partition) == ("not_json", 11, 0)
    assert worker.screened == 2 and worker.dead_lettered == 1
