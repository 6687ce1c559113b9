"""Items: the whole Common High Priority List (every code, every tier), tier labels, and ECCNs."""

from __future__ import annotations

from collections import Counter

import pytest

from screener.enrichment import Enricher, ItemRiskError, ItemRiskTable
from screener.enrichment.eccn import parse_eccn
from screener.enrichment.items import normalize_tier, tier_matches, tier_number, tier_sort_key
from screener.events.orders import OrderEvent

# The February 2024 CHPL: 50 six-digit HS subheadings (BIS notice of 2024-02-23; EU "List of Common
# High Priority Items", version of February 2024).
CHPL = {
    "1": ["854231", "854232", "854233", "854239"],
    "2": ["851762", "852691", "853221", "853224", "854800"],
    "3.A": ["847150", "850440", "851769", "852589", "852910", "852990", "853669", "853690", "854110",
            "854121", "854129", "854130", "854149", "854151", "854159", "854160"],
    "3.B": ["848210", "848220", "848230", "848250", "880730", "901310", "901380", "901420", "901480"],
    "4.A": ["847180", "848610", "848620", "848640", "853400", "854320", "902750", "903020", "903032",
            "903039", "903082"],
    "4.B": ["845710", "845811", "845891", "845961", "846693"],
}
ALL = [(code, tier) for tier, codes in CHPL.items() for code in codes]


def test_the_packaged_table_is_the_whole_chpl():
    table = ItemRiskTable.load()
    assert len(ALL) == len({c for c, _ in ALL}) == 50
    assert sorted((e.prefix, e.tier) for e in table.entries) == sorted(ALL)
    assert Counter(e.tier for e in table.entries) == {"1": 4, "2": 5, "3.A": 16, "3.B": 9, "4.A": 11, "4.B": 5}
    assert table.tiers == ["1", "2", "3.A", "3.B", "4.A", "4.B"]
    assert table.source.startswith("Common High Priority List") and table.published == "2024-02-23"
    assert table.url and all(e.label for e in table.entries)
    assert "CNC" in table.tier_notes["4.B"]


@pytest.mark.parametrize("code,tier", ALL)
def test_every_chpl_code_gets_its_tier(code, tier):
    # written the way orders write them: dotted six digits, and a ten-digit national code
    e = Enricher().enrich(OrderEvent.model_validate({
        "order_id": "o", "parties": [{"role": "sold_to", "name": "A", "country": "DE"}],
        "lines": [{"hs_code": f"{code[:4]}.{code[4:]}"}, {"hs_code": code + "0090"}]}))
    assert [ln.risk_tier for ln in e.lines] == [tier, tier]
    assert e.lines[0].risk_tier_number == tier_number(tier) and e.lines[0].risk_prefix == code
    assert e.lines[0].risk_label


@pytest.mark.parametrize("raw", ["9403.20", "8471.30", "4819.10", "3926.90", "8542.90", "8482.80", "9013.90"])
def test_codes_outside_the_list_have_no_tier(raw):
    assert ItemRiskTable.load().lookup(raw.replace(".", "")) is None


@pytest.mark.parametrize("value,label", [
    (1, "1"), ("1", "1"), (" 2 ", "2"), ("3.A", "3.A"), ("3a", "3.A"), ("3 A", "3.A"), ("4.b", "4.B"), (12, "12"),
])
def test_tier_labels(value, label):
    assert normalize_tier(value) == label


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "one", "3.AB", "", "A", None, "3..A"])
def test_bad_tier_labels(value):
    with pytest.raises(ValueError):
        normalize_tier(value)


def test_tier_selection_and_order():
    assert tier_matches("3", "3.A") and tier_matches("3", "3.B") and tier_matches("3.A", "3.A")
    assert not tier_matches("3.A", "3.B") and not tier_matches("3", "30") and not tier_matches("1", "12")
    assert sorted(["4.B", "10", "2", "3.A", "1"], key=tier_sort_key) == ["1", "2", "3.A", "4.B", "10"]
    assert tier_number("4.B") == 4


def test_table_file_with_lettered_and_numbered_tiers(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text('source: mine\ntiers: {"3a": "third, A"}\nentries:\n'
                    '  - {prefix: "8482.10", tier: 3a}\n  - {prefix: "8542", tier: 1}\n')
    table = ItemRiskTable.load(path)
    assert [(e.prefix, e.tier) for e in table.entries] == [("848210", "3.A"), ("8542", "1")]
    assert table.tiers == ["1", "3.A"] and table.tier_notes == {"3.A": "third, A"}


@pytest.mark.parametrize("tier,line", [("0", 4), ("x", 4), ("true", 4), ("1.5", 4)])
def test_bad_tier_in_a_table_names_the_line(tmp_path, tier, line):
    path = tmp_path / "t.yaml"
    path.write_text(f'source: x\nentries:\n  - prefix: "8542"\n    tier: {tier}\n')
    with pytest.raises(ItemRiskError) as err:
        ItemRiskTable.load(path)
    assert err.value.line == line and "tier" in str(err.value)


def test_table_digest_follows_tiers():
    a = ItemRiskTable.from_entries([("8542.31", 1)])
    b = ItemRiskTable.from_entries([("8542.31", "1")])
    c = ItemRiskTable.from_entries([("8542.31", "1.A")])
    assert a.digest == b.digest != c.digest


# --- ECCNs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,code,base", [
    ("3A001", "3A001", "3A001"), ("3a001", "3A001", "3A001"), ("5A992.c", "5A992.c", "5A992"),
    ("5A992.C", "5A992.c", "5A992"), ("5A992c", "5A992.c", "5A992"), ("5A002.a.1", "5A002.a.1", "5A002"),
    ("5A002a1", "5A002.a.1", "5A002"), ("3A001.a.7", "3A001.a.7", "3A001"), (" 3A991.a.2 ", "3A991.a.2", "3A991"),
    ("0Y521", "0Y521", "0Y521"), ("9A610.x", "9A610.x", "9A610"), ("9A515.a", "9A515.a", "9A515"),
    ("ECCN 7A994", "7A994", "7A994"), ("ECCN: 4A994.b", "4A994.b", "4A994"),
    ("EAR99", "EAR99", "EAR99"), ("ear99", "EAR99", "EAR99"), ("EAR 99", "EAR99", "EAR99"), ("EAR-99", "EAR99", "EAR99"),
])
def test_parse_eccn(raw, code, base):
    e = parse_eccn(raw)
    assert (e.code, e.base) == (code, base)
    assert e.on_ccl == (base != "EAR99") and e.is_ear99 == (base == "EAR99")


@pytest.mark.parametrize("raw", [None, "", "NLR", "N/A", "TBD", "5A99", "3F001", "ABCDE", "35001", "EAR98", "3A0011"])
def test_not_an_eccn(raw):
    assert parse_eccn(raw) is None


def test_lines_carry_their_eccn_and_unreadable_ones_are_issues():
    e = Enricher().enrich(OrderEvent.model_validate({
        "order_id": "o", "parties": [{"role": "sold_to", "name": "A", "country": "DE"}],
        "lines": [{"eccn": "3a001.A.1"}, {"eccn": "EAR 99"}, {"eccn": "NLR"}, {}]}))
    assert [(ln.eccn, ln.eccn_base, ln.eccn_raw) for ln in e.lines] == [
        ("3A001.a.1", "3A001", "3a001.A.1"), ("EAR99", "EAR99", "EAR 99"), (None, None, "NLR"), (None, None, None)]
    assert e.issues == ["line 2: ECCN 'NLR' is not an ECCN"]
