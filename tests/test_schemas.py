"""The JSON Schemas in schemas/ and the code's models agree, in both directions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from screener.events.control import control_adapter
from screener.events.decisions import Decision
from screener.events.orders import OrderEvent
from screener.events.schemas import SCHEMAS, generate

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_what_the_model_generates(name):
    committed = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    assert committed == generate(name), f"schemas/{name}.schema.json is stale: run `make schemas`"
    jsonschema.Draft202012Validator.check_schema(committed)


def _validator(name):
    return jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text()))


GOOD_ORDERS = [
    {"order_id": "A1", "parties": [{"role": "sold_to", "name": "Acme"}]},
    {"order_id": "A2", "event_type": "updated", "order_version": 3, "occurred_at": "2026-01-01T00:00:00Z",
     "warehouse_id": "W", "parties": [{"role": "end_user", "name": "X", "country": "Germany",
                                       "address": {"street": "1 Main", "city": "Berlin", "country": "DE"}}],
     "lines": [{"sku": "S", "hs_code": "8542.31", "quantity": 2, "unit_price": 1.5}], "currency": "EUR",
     "custom_field": {"carried": True}},
]
BAD_ORDERS = [
    {"parties": [{"role": "sold_to", "name": "Acme"}]},
    {"order_id": "A3"},
    {"order_id": "A4", "parties": []},
    {"order_id": "A5", "parties": [{"role": "buyer", "name": "Acme"}]},
    {"order_id": "A6", "parties": [{"role": "sold_to"}]},
    {"order_id": 7, "parties": [{"role": "sold_to", "name": "Acme"}]},
    {"order_id": "A8", "event_type": "deleted", "parties": [{"role": "sold_to", "name": "Acme"}]},
]


@pytest.mark.parametrize("doc", GOOD_ORDERS)
def test_valid_orders_pass_both(doc):
    _validator("order-event").validate(doc)
    OrderEvent.model_validate(doc)


@pytest.mark.parametrize("doc", BAD_ORDERS)
def test_invalid_orders_fail_both(doc):
    assert list(_validator("order-event").iter_errors(doc))
    with pytest.raises(ValidationError):
        OrderEvent.model_validate(doc)


def test_unknown_fields_are_carried():
    o = OrderEvent.model_validate(GOOD_ORDERS[1])
    assert o.model_dump()["custom_field"] == {"carried": True}


def test_decisions_and_control_commands_validate_against_their_schemas():
    d = Decision(order_id="A", decision="HOLD", decision_id="x" * 32, watchlist_version=3,
                 screened_at="2026-01-01T00:00:00Z",
                 reasons=[{"code": "WATCHLIST_MATCH", "party_role": "sold_to", "party_name": "n",
                           "entry_id": "1", "list": "SDN", "matched_name": "N", "score": 0.9}])
    _validator("order-decision").validate(json.loads(d.model_dump_json()))
    for cmd in (
        {"op": "entry", "generation": "g1", "entry": {"entry_id": "1", "list": "SDN", "names": ["A"], "type": "person",
                                                     "origin": "ofac"}},
        {"op": "list", "list_id": "ofac:SDN", "generation": "g1", "count": 1, "hash": "00ff"},
        {"op": "load", "load_id": "l1", "state": "open", "lists": {"ofac:SDN": "g1"},
         "started_at": "2026-01-01T00:00:00Z"},
    ):
        _validator("watchlist-control").validate(cmd)
        control_adapter.validate_python(cmd)
    for bad in ({"op": "entry", "generation": "g1", "entry": {"entry_id": "1", "list": "SDN", "names": []}},
                {"op": "entry", "generation": "g1", "entry": {"entry_id": "1", "list": "SDN", "names": ["x" * 501]}},
                {"op": "entry", "generation": "g/1", "entry": {"entry_id": "1", "list": "SDN", "names": ["A"]}}):
        assert list(_validator("watchlist-control").iter_errors(bad)), bad
        with pytest.raises(ValidationError):
            control_adapter.validate_python(bad)
