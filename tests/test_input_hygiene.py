"""Hostile input that parses: duplicate JSON keys, names with nothing to screen or in a script the
screener cannot read, bidi controls."""

from __future__ import annotations

import orjson
import pytest

from screener.enrichment.names import check_name, displayed_reading
from screener.events.codec import InvalidInput, duplicate_key, parse_order
from screener.events.orders import OrderEvent
from screener.matching import build_matcher
from screener.matching.normalize import unreadable_words
from screener.policy import Policy
from screener.screening import Screener
from screener.watchlists import load_watchlists, sample_path


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


# -- names in a script the screener cannot read ----------------------------------------------------
@pytest.mark.parametrize(("name", "unread"), [
    ("ប៉ុល ពត", ("ប៉ុល", "ពត")),  # Khmer: Pol Pot
    ("ලංකා Trading", ("ලංකා",)),  # Sinhala beside a Latin word
    ("ສະບາຍດີ", ("ສະບາຍດີ",)),  # Lao
])
def test_words_in_a_script_without_a_reading_are_found(name, unread):
    assert unreadable_words(name) == unread


@pytest.mark.parametrize("name", ["Pol Pot", "Шевченко", "محمد", "习近平", "მზიური", "Łódź Sp. z o.o.",
                                  "ဦးကျော်ဇော်ထွန်း"])
def test_words_the_matcher_reads_are_not(name):
    assert unreadable_words(name) == ()


def test_a_party_named_in_an_unreadable_script_is_held_not_released():
    policy = Policy.load()
    screener = Screener(build_matcher(load_watchlists([sample_path()]), threshold=policy.threshold), policy,
                        policy.enricher)
    order = OrderEvent.model_validate({"order_id": "KHMER", "parties": [
        {"role": "sold_to", "name": "Northwind Office Supplies GmbH", "country": "DE"},
        {"role": "end_user", "name": "ប៉ុល ពត", "country": "KH"}]})
    decision = screener.screen(order, 1)
    assert decision.decision == "HOLD"
    reason = next(r for r in decision.reasons if r.code == "UNSCREENABLE_NAME")
    assert reason.party_role == "end_user" and "Khmer" in reason.detail
    plain = OrderEvent.model_validate({"order_id": "PLAIN", "parties": [
        {"role": "sold_to", "name": "Northwind Office Supplies GmbH", "country": "DE"}]})
    assert screener.screen(plain, 1).decision == "RELEASE"
