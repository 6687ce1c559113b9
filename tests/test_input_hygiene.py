"""Hostile input that parses: duplicate JSON keys, names with nothing to screen, bidi controls."""

from __future__ import annotations

import orjson
import pytest

from screener.enrichment.names import check_name, displayed_reading
from screener.events.codec import InvalidInput, duplicate_key, parse_order


@pytest.mark.parametrize("raw", [
    b'{"order_id": "a", "parties": [{"role": "sold_to", "name": "X"}], "parties": []}',
    b'{"order_id": "a", "parties": [{"role": "sold_to", "name": "X", "name": "Y"}]}',
    b'{"order_id": "a", "parties": [{"role": "sold_to", "name": "X", "address": {"city": "A", "city" :"B"}}]}',
    b'{"order_id" : "a", "order_id": "b", "parties": [{"role": "sold_to", "name": "X"}]}',
])
def test_duplicate_keys_are_ambiguous(raw):
    with pytest.raises(InvalidInput) as exc:
        parse_order(raw)
    assert exc.value.error_type == "duplicate_keys"


def test_key_like_text_inside_strings_is_not_a_duplicate():
    data = {"order_id": "a", "note": 'he said "x": "y", "order_id": "z"',
            "parties": [{"role": "sold_to", "name": 'ACME "order_id": Ltd'}]}
    raw = orjson.dumps(data)
    assert duplicate_key(raw, orjson.loads(raw)) is None
    assert parse_order(raw).order_id == "a"


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\u200d\ufeff", "\u202a\u202c", "\u0301\u0302", "\x00",
                                  "\u3164", "\uffa0", "\u2800", "...", "-/-", "\u00a0"])
def test_names_with_nothing_to_screen(name):
    assert not check_name(name).screenable


@pytest.mark.parametrize("name", ["Ivan", "李", "محمد", "7", "Ab\u200bc", "x\u0301"])
def test_names_with_something_to_screen(name):
    assert check_name(name).screenable


def test_bidi_overrides_are_read_as_displayed():
    assert displayed_reading("\u202eNRECNOC VOKINHSALAK") == "KALASHNIKOV CONCERN"
    assert displayed_reading("ACME \u202eDTL\u202c Trading") == "ACME LTD Trading"
    assert displayed_reading("plain") == "plain"
    check = check_name("\u202eNRECNOC\u202c")
    assert check.bidi and check.displayed == "CONCERN"
    assert not check_name("\u200fمحمد").bidi  # a right-to-left mark is legitimate
