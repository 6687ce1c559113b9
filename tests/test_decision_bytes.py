"""``Screener.screen_many_json`` (the stream's path: decisions written straight to bytes) gives
byte for byte what serialising ``Screener.screen_many``'s Decision models gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from pydantic import TypeAdapter

from screener import metrics
from screener.events.codec import dumps
from screener.events.orders import OrderEvent
from screener.matching import build_matcher
from screener.policy import REASON_CODES, Policy
from screener.screening import Screener
from screener.synthetic import OrderGenerator
from screener.watchlists import load_watchlists, sample_path

NOW = datetime(2026, 11, 22, 10, 0, 0, 84_123, tzinfo=UTC)

# Orders that make every reason code fire, and values that are awkward to write as JSON.
CRAFTED = [
    {"order_id": "embargo", "occurred_at": "2026-11-22T09:59:59.5Z", "order_version": 3,
     "parties": [{"role": "end_user", "name": "OOO Izhmash", "country": "RU"},
                 {"role": "ship_to", "name": "Depot", "address": {"city": "Simferopol", "region": "Crimea"}}]},
    {"order_id": "diversion", "event_type": "updated", "occurred_at": "2026-11-22T11:00:00+02:00",
     "parties": [{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
                 {"role": "ship_to", "name": "Acme FZE", "country": "AE"},
                 {"role": "end_user", "name": "Nordic Freight Forwarding AB", "country": "AE"},
                 {"role": "freight_forwarder", "name": "Nordic Freight Forwarding AB", "country": "SE"}],
     "lines": [{"sku": "IC-1", "hs_code": 85423100, "quantity": 10}, {"sku": "GNSS", "hs_code": "8526.91"},
               {"sku": "box", "hs_code": "4819.10"}]},
    {"order_id": "unresolved", "order_version": 0, "occurred_at": "2026-11-22T10:00:00",
     "parties": [{"role": "end_user", "name": "Somebody", "country": "Atlantis"},
                 {"role": "ship_to", "name": "Somebody", "country": "Untied States"}]},
    {"order_id": "  Weird \"id\" \\ \u0001\u001f\u007f é 漢字 😀 \u2028 ", "order_version": -(2 ** 63),
     "event_type": "cancelled", "occurred_at": "1999-01-01T00:00:00.000001Z",
     "parties": [{"role": "sold_to", "name": "Ünïcødé “Quotes” \t Tab \u0000 Nul", "country": "kp",
                  "address": {"street": "1 \"Main\" St\n", "country": "North Korea", "floor": 3}}]},
    {"order_id": "max-version", "order_version": 2 ** 64 - 1, "occurred_at": "2100-01-01T00:00:00Z",
     "parties": [{"role": "sold_to", "name": "Future Orders Ltd", "country": "CN"}],
     "lines": [{"hs_code": "8542.39", "sku": None, "quantity": 1e300}]},
    {"order_id": "no-time", "parties": [{"role": "bill_to", "name": "X", "type": "person"}]},
    {"order_id": "ancient", "occurred_at": "0001-01-01T00:00:00Z",
     "parties": [{"role": "sold_to", "name": "Old Customer", "country": "IR"}]},
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    policy = Policy.load()
    entries = load_watchlists([sample_path()])
    return Screener(build_matcher(entries, threshold=policy.threshold), policy, policy.enricher)


@pytest.fixture(scope="module")
def orders() -> list[OrderEvent]:
    entries = load_watchlists([sample_path()])
    events = [e for e, _ in OrderGenerator(entries, seed=5, listed_share=0.3).orders(600)]
    return [OrderEvent.model_validate(e) for e in events + CRAFTED]


def test_same_bytes_as_the_models(screener, orders):
    models = screener.screen_many(orders, 7383, NOW)
    fast = screener.screen_many_json(orders, 7383, NOW)
    assert len(fast) == len(models) == len(orders)
    for d, (value, decision, latency, reasons) in zip(models, fast, strict=True):
        assert value == dumps(d)
        assert (decision, latency, reasons) == (d.decision, d.latency_ms, d.reasons)
    # the sample covers what it should: holds for every reason code and releases
    codes = {r.code for d in models for r in d.reasons}
    assert codes == set(REASON_CODES)
    assert {d.decision for d in models} == {"HOLD", "RELEASE"}


@pytest.mark.parametrize("now", [datetime(2026, 1, 1, tzinfo=UTC), datetime.now(UTC),
                                 datetime(2026, 3, 29, 1, 30, 0, 999_999, tzinfo=timezone(timedelta(hours=5)))])
def test_same_bytes_at_any_screening_time(screener, orders, now):
    models = screener.screen_many(orders[-len(CRAFTED):], 1, now)
    fast = screener.screen_many_json(orders[-len(CRAFTED):], 1, now)
    assert [v for v, *_ in fast] == [dumps(d) for d in models]


def test_values_orjson_cannot_write_go_through_the_models(screener):
    # Not reachable from Kafka (orjson parses no integer beyond 64 bits), but a Python caller can.
    o = OrderEvent.model_validate({"order_id": "big", "order_version": 2 ** 70,
                                   "parties": [{"role": "sold_to", "name": "Evil Corp"}]})
    (value, decision, latency, reasons), = screener.screen_many_json([o], 5, NOW)
    assert value == dumps(screener.screen_many([o], 5, NOW)[0])
    assert orjson.loads(value.replace(b"1180591620717411303424", b"0"))["order_version"] == 0
    assert (decision, latency) == ("RELEASE", None)


def test_orjson_writes_what_pydantic_writes():
    """The fast path's premise, for the pinned orjson and pydantic: strings, integers and the
    floats a latency can be (rounded to the microsecond) come out the same."""
    text = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert orjson.dumps(text) == TypeAdapter(str).dump_json(text)
    for n in (0, 1, -1, 2 ** 53 + 1, 2 ** 63 - 1, -(2 ** 63), 2 ** 64 - 1):
        assert orjson.dumps(n) == TypeAdapter(int).dump_json(n)
    rng = random.Random(3)
    floats = TypeAdapter(float)
    for e in range(-4, 22):
        for _ in range(500):
            x = round(rng.random() * 10 ** e, 3)
            assert orjson.dumps(x) == floats.dump_json(x), x
    for x in (0.0, 0.001, 1e15, 1e16, 1e21, 1e22, 5e-324, 1.7976931348623157e308):
        assert orjson.dumps(x) == floats.dump_json(x), x


def test_metrics_count_the_same(screener, orders):
    def counts():
        return {(s.name, tuple(s.labels.items())): s.value
                for metric in (metrics.ORDERS_SCREENED, metrics.HOLD_REASONS, metrics.HITS, metrics.LATENCY)
                for m in metric.collect() for s in m.samples if not s.name.endswith("_created")}

    before = counts()
    for decision in screener.screen_many(orders, 1, NOW):
        metrics.observe_decision(decision)
    via_models = {k: v - before.get(k, 0) for k, v in counts().items()}
    before = counts()
    metrics.observe_screened(screener.screen_many_json(orders, 1, NOW))
    via_bytes = {k: v - before.get(k, 0) for k, v in counts().items()}
    assert via_bytes == pytest.approx(via_models)
    assert any(k[0] == "screener_watchlist_hits_total" and v for k, v in via_bytes.items())
