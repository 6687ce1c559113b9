"""Enrichment: country, HS-code and occupied-region normalisation, item-risk tiers."""

from __future__ import annotations

import textwrap

import pytest

from screener.enrichment import (
    DEFAULT_EMBARGOED,
    DEFAULT_TRANSSHIPMENT_RISK,
    EnrichedOrder,
    Enricher,
    EnrichmentConfig,
    ItemRiskError,
    ItemRiskTable,
    normalize_hs,
)
from screener.enrichment.countries import country_name, guess_iso2, is_iso2, to_iso2
from screener.enrichment.regions import DEFAULT_OCCUPIED_REGIONS, OccupiedRegion, detect_regions, fold
from screener.events.orders import OrderEvent


def make_order(parties: list[dict], lines: list[dict] | None = None) -> OrderEvent:
    return OrderEvent.model_validate({"order_id": "o-1", "parties": parties, "lines": lines or []})


def enrich(parties: list[dict], lines: list[dict] | None = None, enricher: Enricher | None = None) -> EnrichedOrder:
    return (enricher or Enricher()).enrich(make_order(parties, lines))


# --- countries -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    # alpha-2, any case and spacing
    ("RU", "RU"), ("ru", "RU"), (" de ", "DE"), ("Hk", "HK"),
    # alpha-3
    ("RUS", "RU"), ("are", "AE"), ("TUR", "TR"), ("PRK", "KP"), ("HKG", "HK"),
    # English names and variants
    ("Russian Federation", "RU"), ("Russia", "RU"), ("  RUSSIA  ", "RU"), ("russian   federation", "RU"),
    ("UAE", "AE"), ("U.A.E.", "AE"), ("United Arab Emirates", "AE"),
    ("Türkiye", "TR"), ("Turkiye", "TR"), ("Turkey", "TR"),
    ("Hong Kong", "HK"), ("Hong Kong SAR", "HK"),
    ("South Korea", "KR"), ("Korea, South", "KR"), ("Republic of Korea", "KR"),
    ("Korea, North", "KP"), ("North Korea", "KP"), ("DPRK", "KP"),
    ("Korea (Democratic People's Republic of)", "KP"),
    ("Iran (Islamic Republic of)", "IR"), ("Iran", "IR"),
    ("Czechia", "CZ"), ("Czech Republic", "CZ"),
    ("United Kingdom", "GB"), ("UK", "GB"), ("Great Britain", "GB"),
    ("USA", "US"), ("United States of America", "US"),
    ("Syrian Arab Republic", "SY"), ("Kyrgyz Republic", "KG"), ("Viet Nam", "VN"),
    ("Belarus", "BY"), ("Cuba", "CU"), ("Kazakhstan", "KZ"), ("Armenia", "AM"), ("Georgia", "GE"),
    # other languages / scripts
    ("Deutschland", "DE"), ("Россия", "RU"),
    # compound values
    ("Germany / DE", "DE"), ("Russian Federation (the)", "RU"), ("Kyiv, Ukraine", "UA"),
    # sub-national territories resolve to their country
    ("Crimea", "UA"), ("Region: Crimea", "UA"), ("Scotland", "GB"),
])
def test_to_iso2_codes_and_names(text, expected):
    assert to_iso2(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "Narnia", "XX", "EU", "Soviet Union", "Germnay", "12345"])
def test_to_iso2_unknown_is_none(text):
    assert to_iso2(text) is None


def test_is_iso2_and_helpers():
    assert is_iso2("RU") and is_iso2("ru") and is_iso2("XK")
    assert not is_iso2("RUS") and not is_iso2("UK") and not is_iso2("EU") and not is_iso2("Russia")
    assert not is_iso2(None) and not is_iso2("XX")
    assert country_name("DE") == "Germany"
    assert guess_iso2("Germnay") == "DE"  # for messages only
    assert guess_iso2("Freedonia") is None


def test_party_country_from_party_field_keeps_raw():
    e = enrich([{"role": "sold_to", "name": "A", "country": "Russian Federation"}])
    p = e.parties[0]
    assert (p.country, p.country_raw, p.countries) == ("RU", "Russian Federation", ["RU"])
    assert p.unresolved_countries == [] and e.issues == []


def test_party_country_falls_back_to_address_country():
    e = enrich([{"role": "ship_to", "name": "A", "address": {"city": "Dubai", "country": "United Arab Emirates"}}])
    p = e.parties[0]
    assert p.country == "AE" and p.country_raw == "United Arab Emirates"
    assert p.address_country == "AE" and p.address_country_raw == "United Arab Emirates"
    assert p.destination_risk == "transshipment_risk"


def test_party_and_address_countries_both_kept():
    e = enrich([{"role": "ship_to", "name": "A", "country": "DE", "address": {"country": "Belarus"}}])
    p = e.parties[0]
    assert p.country == "DE"  # party.country first
    assert p.countries == ["DE", "BY"]  # but both are known to the policy
    assert p.destination_risk == "embargoed"


def test_unknown_country_is_none_and_recorded():
    e = enrich([{"role": "ship_to", "name": "A", "country": "Narnia"}])
    p = e.parties[0]
    assert p.country is None and p.country_raw == "Narnia"
    assert p.unresolved_countries == ["Narnia"]
    assert any("Narnia" in issue for issue in e.issues)


def test_unknown_party_country_uses_known_address_country():
    e = enrich([{"role": "ship_to", "name": "A", "country": "Narnia", "address": {"country": "DE"}}])
    p = e.parties[0]
    assert p.country == "DE" and p.country_raw == "DE" and p.unresolved_countries == ["Narnia"]


def test_parties_aligned_with_order_and_matching_fields():
    parties = [
        {"role": "sold_to", "name": "Acme GmbH", "country": "DE", "type": "organization"},
        {"role": "ship_to", "name": "Jane Doe", "type": "person",
         "address": {"street": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "USA"}},
    ]
    e = enrich(parties)
    assert [(p.role, p.name, p.type, p.index) for p in e.parties] == [
        ("sold_to", "Acme GmbH", "organization", 0), ("ship_to", "Jane Doe", "person", 1)]
    assert e.parties[0].address_text is None
    assert e.parties[1].address_text == "1 Main St, Springfield, 12345, USA"
    assert e.parties[1].country == "US"


def test_repeat_places_are_enriched_alike_and_independently():
    # The enricher caches what it derives from a party's place; every party still gets its own
    # issues (with its own index and role) and its own lists.
    enricher = Enricher()
    place = {"country": "Narnia", "address": {"city": "Sevastopol", "country": "Ukraine"}}
    first = enrich([{"role": "sold_to", "name": "A", **place}], enricher=enricher)
    second = enrich([{"role": "bill_to", "name": "X", "country": "DE"},
                     {"role": "ship_to", "name": "B", **place}], enricher=enricher)
    a, b = first.parties[0], second.parties[1]
    assert (b.role, b.name, b.index) == ("ship_to", "B", 1)
    for p in (a, b):
        assert (p.country, p.regions, p.unresolved_countries) == ("UA", ["CRIMEA"], ["Narnia"])
        assert p.destination_risk == "embargoed"
    assert first.issues == ["party 0 (sold_to): unknown country 'Narnia'"]
    assert second.issues == ["party 1 (ship_to): unknown country 'Narnia'"]
    a.regions.append("X")
    a.region_terms.clear()
    assert b.regions == ["CRIMEA"] and b.region_terms == {"CRIMEA": "sevastopol"}


def test_extra_address_fields_distinguish_places():
    enricher = Enricher()
    plain = enrich([{"role": "ship_to", "name": "A", "address": {"line2": 1, "country": "UA"}}], enricher=enricher)
    named = enrich([{"role": "ship_to", "name": "A", "address": {"line2": "Horlivka", "country": "UA"}}],
                   enricher=enricher)
    assert plain.parties[0].regions == [] and named.parties[0].regions == ["DONETSK"]


# --- HS codes and item risk ----------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("8542.31", "854231"), ("854231", "854231"), ("8542310000", "8542310000"),
    ("8542 31 00", "85423100"), ("8542.31.00.00", "8542310000"), ("HS 8542-31", "854231"),
    (" 8517.62 ", "851762"), (None, None), ("", None), ("n/a", None),
])
def test_normalize_hs(raw, expected):
    assert normalize_hs(raw) == expected


@pytest.mark.parametrize("raw", ["8542.31", "854231", "8542310000", "8542 31 00", 8542310000])
def test_hs_forms_are_the_same_tier_1_heading(raw):
    e = enrich([{"role": "sold_to", "name": "A", "country": "DE"}], [{"sku": "IC-1", "hs_code": raw}])
    line = e.lines[0]
    assert line.hs_code.startswith("854231")
    assert (line.risk_tier, line.risk_tier_number, line.risk_prefix, line.sku) == ("1", 1, "854231", "IC-1")
    assert line.hs_raw == str(raw)
    assert "processors" in line.risk_label


@pytest.mark.parametrize("raw,tier", [
    ("8542.32", "1"), ("8542.33.0001", "1"), ("8542.39", "1"), ("8517.62.00", "2"), ("8526.91", "2"),
    ("8471.50", "3.A"), ("8482.10.5000", "3.B"), ("9030.20", "4.A"), ("8457.10", "4.B"),
    # near misses
    ("8542.90", None), ("8542", None), ("8517.61", None), ("8526.92", None), ("8471.30", None), (None, None),
])
def test_default_table_tiers(raw, tier):
    e = enrich([{"role": "sold_to", "name": "A", "country": "DE"}], [{"hs_code": raw}])
    assert e.lines[0].risk_tier == tier


def test_default_table_records_source_and_date():
    table = ItemRiskTable.load()
    assert "Common High Priority List" in table.source and "BIS" in table.source
    assert table.published == "2024-02-23"
    assert table.tiers == ["1", "2", "3.A", "3.B", "4.A", "4.B"]
    assert len(table.entries) == 50  # the whole CHPL (tests/test_items.py checks every code)
    assert set(table.tier_notes) == set(table.tiers)


def test_longest_prefix_wins():
    table = ItemRiskTable.from_entries([("85", 3, "chapter"), ("8542", 2, "heading"), ("8542.31", 1, "sub")])
    assert table.lookup("8542310000").tier == "1"
    assert table.lookup("854290").tier == "2"
    assert table.lookup("8501").tier == "3"
    assert table.lookup("8401") is None
    assert table.lookup("8") is None
    assert table.lookup(None) is None


def test_replaced_item_risk_table_via_path(tmp_path):
    path = tmp_path / "risk.yaml"
    path.write_text(textwrap.dedent("""\
        source: In-house list
        published: 2025-01-31
        entries:
          - {prefix: "8471", tier: 3, label: computers}
          - {prefix: "8471.50", tier: 2}
        """))
    enricher = Enricher(item_risk_path=path)
    e = enrich([{"role": "sold_to", "name": "A"}],
               [{"hs_code": "8471.50.01"}, {"hs_code": "8471.30"}, {"hs_code": "8542.31"}], enricher)
    assert [ln.risk_tier for ln in e.lines] == ["2", "3", None]  # the CHPL default is replaced, not merged
    assert enricher.item_risk.source == "In-house list" and enricher.item_risk.published == "2025-01-31"
    assert e.config_digest != Enricher().config.digest


@pytest.mark.parametrize("body,line,words", [
    ('source: x\nentries:\n  - prefix: 8542.30\n    tier: 1\n', 3, ["quoted"]),
    ('source: x\nentries:\n  - prefix: "8542"\n    tier: 1\n  - prefix: "8542"\n    tier: 2\n', 2, ["twice"]),
    ('source: x\nentries:\n  - prefix: "8542"\n    tier: one\n', 4, ["tier"]),
    ('source: x\nentries:\n  - prefix: "8542"\n    tier: 1\n    colour: red\n', 5, ["unknown key 'colour'"]),
    ('entries: []\n', 1, ["source", "required"]),
])
def test_bad_item_risk_table_names_the_line(tmp_path, body, line, words):
    path = tmp_path / "risk.yaml"
    path.write_text(body)
    with pytest.raises(ItemRiskError) as err:
        ItemRiskTable.load(path)
    assert err.value.line == line
    assert str(path) in str(err.value) and f"line {line}" in str(err.value)
    for w in words:
        assert w in str(err.value)


# --- occupied regions ----------------------------------------------------------------------------

@pytest.mark.parametrize("address,region", [
    ({"city": "Simferopol", "region": "Republic of Crimea"}, "CRIMEA"),
    ({"region": "Crimea"}, "CRIMEA"),
    ({"city": "Sevastopol"}, "CRIMEA"),
    ({"street": "ul. Lenina 5", "city": "Krym"}, "CRIMEA"),
    ({"city": "Севастополь"}, "CRIMEA"),
    ({"region": "Республика Крым"}, "CRIMEA"),
    ({"region": "Автономна Республіка Крим"}, "CRIMEA"),
    ({"city": "Donetsk"}, "DONETSK"),
    ({"region": "Donetskaya oblast"}, "DONETSK"),
    ({"region": "Donets'ka oblast"}, "DONETSK"),
    ({"region": "DNR"}, "DONETSK"),
    ({"city": "Донецк"}, "DONETSK"),
    ({"city": "Luhansk"}, "LUHANSK"),
    ({"city": "Lugansk"}, "LUHANSK"),
    ({"region": "Luganskaya obl."}, "LUHANSK"),
    ({"region": "LNR"}, "LUHANSK"),
    ({"city": "Луганск"}, "LUHANSK"),
    ({"city": "Луганськ"}, "LUHANSK"),
    ({"street": "Lenina 1, Luhansk People's Republic"}, "LUHANSK"),
])
def test_occupied_region_detected_in_address(address, region):
    e = enrich([{"role": "ship_to", "name": "A", "address": {**address, "country": "Ukraine"}}])
    p = e.parties[0]
    assert p.regions == [region]
    assert p.country == "UA"
    assert p.destination_risk == "embargoed"


def test_occupied_region_in_country_field_and_extra_address_fields():
    e = enrich([
        {"role": "ship_to", "name": "A", "country": "Crimea"},
        {"role": "end_user", "name": "B", "address": {"line2": "Horlivka district", "country": "UA"}},
    ])
    assert e.parties[0].regions == ["CRIMEA"] and e.parties[0].country == "UA"
    assert e.parties[1].regions == ["DONETSK"]


@pytest.mark.parametrize("address", [
    {"city": "Kyiv"}, {"city": "Dnipro"}, {"city": "Kharkiv"}, {"city": "Odesa"},
    {"street": "Crimson Lane 4"}, {"street": "Kriminalstrasse 4"}, {"street": "Donegal Road"},
    {"city": "Sebastopol", "region": "CA"}, {"street": "LNRX Park"},
])
def test_occupied_region_near_misses(address):
    e = enrich([{"role": "ship_to", "name": "A", "address": {**address, "country": "Ukraine"}}])
    assert e.parties[0].regions == []
    assert e.parties[0].destination_risk is None


def test_party_name_is_not_an_address():
    e = enrich([{"role": "ship_to", "name": "Crimea Trading GmbH", "country": "DE"}])
    assert e.parties[0].regions == []


def test_region_terms_fold():
    assert fold("Donets'ka  Oblast") == "donetska oblast"
    assert fold("Севастополь") == "sevastopol"
    found = detect_regions(["Sevastopol", "Luhansk"], DEFAULT_OCCUPIED_REGIONS)
    assert list(found) == ["CRIMEA", "LUHANSK"]


def test_custom_regions_and_destinations():
    enricher = Enricher(embargoed=["CN"], transshipment_risk=["DE"],
                        occupied_regions=[OccupiedRegion("KHERSON", "UA", ("kherson*",))])
    e = enrich([
        {"role": "ship_to", "name": "A", "address": {"city": "Khersonska oblast", "country": "UA"}},
        {"role": "sold_to", "name": "B", "country": "China"},
        {"role": "bill_to", "name": "C", "country": "Germany"},
        {"role": "end_user", "name": "D", "address": {"city": "Sevastopol"}},
        {"role": "freight_forwarder", "name": "E", "country": "RU"},
    ], enricher=enricher)
    assert [p.destination_risk for p in e.parties] == [
        "embargoed", "embargoed", "transshipment_risk", None, None]
    assert e.parties[0].regions == ["KHERSON"] and e.parties[3].regions == []


def test_default_destination_lists():
    assert DEFAULT_EMBARGOED == {"RU", "BY", "IR", "KP", "SY", "CU"}
    assert DEFAULT_TRANSSHIPMENT_RISK == {"AM", "GE", "KZ", "KG", "TJ", "UZ", "TR", "AE", "CN", "HK"}


def test_config_digest_stable_and_sensitive():
    assert Enricher().config.digest == Enricher().config.digest
    assert EnrichmentConfig().digest == Enricher().config.digest
    assert Enricher(embargoed=["RU"]).config.digest != Enricher().config.digest
