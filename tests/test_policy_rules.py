"""Issue 13's rules through the policy: ECCN licence checks (LICENSE_REQUIRED_ECCN,
EAR99_HIGH_PRIORITY), every CHPL tier on the reasons, SHIP_TO_MISMATCH and DIVERSION_RISK scoped by
item risk and per country, and the occupied regions (partly occupied oblasts held for review)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from test_policy import IC_LINE, codes, order, screen

from screener.events.decisions import Decision
from screener.policy import REASON_CODES, Policy, PolicyError

SOLD_DE = {"role": "sold_to", "name": "Acme GmbH", "country": "DE"}
SHELF = {"sku": "SHELF", "description": "office shelf", "hs_code": "9403.20", "eccn": "EAR99"}
CHIP_3A001 = {"sku": "FPGA", "hs_code": "8542.39", "eccn": "3A001.a.7"}


def policy_from(tmp_path: Path, body: str) -> Policy:
    path = tmp_path / "policy.yaml"
    path.write_text(textwrap.dedent(body))
    return Policy.load(path)


def by_code(d: Decision, code: str) -> list[dict]:
    return [r.model_dump(exclude_none=True) for r in d.reasons if r.code == code]


def test_new_reason_codes_are_registered():
    assert REASON_CODES[-2:] == ("LICENSE_REQUIRED_ECCN", "EAR99_HIGH_PRIORITY")


# --- LICENSE_REQUIRED_ECCN -----------------------------------------------------------------------

def test_3a001_to_russia_is_held_with_the_eccn_reason():
    d = screen(order([{"role": "ship_to", "name": "OOO Priborostroenie", "country": "RU"}], [CHIP_3A001]))
    assert d.decision == "HOLD"
    assert codes(d) == ["EMBARGOED_DESTINATION", "LICENSE_REQUIRED_ECCN"]
    # sold in Germany: the diverging ship-to is a reason too
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "OOO Priborostroenie", "country": "RU"}], [CHIP_3A001]))
    assert codes(d) == ["EMBARGOED_DESTINATION", "SHIP_TO_MISMATCH", "LICENSE_REQUIRED_ECCN"]
    (r,) = by_code(d, "LICENSE_REQUIRED_ECCN")
    assert (r["party_role"], r["country"], r["eccn"], r["hs_code"], r["sku"]) == (
        "ship_to", "RU", "3A001.a.7", "854239", "FPGA")
    assert "746.8" in r["detail"] and "region" not in r


@pytest.mark.parametrize("eccn", ["5A992", "5A992.c", "5a992c", "0Y521", "9A610.x", "3A991.a.2", "EAR99"])
def test_any_ccl_item_to_belarus(eccn):
    d = screen(order([SOLD_DE, {"role": "end_user", "name": "JSC Integral", "country": "Belarus"}],
                     [{"sku": "X", "hs_code": "8471.30", "eccn": eccn}]))
    assert d.decision == "HOLD"
    fired = by_code(d, "LICENSE_REQUIRED_ECCN")
    if eccn == "EAR99":
        assert fired == []
    else:
        assert [(r["country"], r["party_role"]) for r in fired] == [("BY", "end_user")]


def test_ccl_item_to_an_occupied_region_names_the_region():
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "Depot", "address": {"city": "Melitopol", "country": "UA"}}],
                     [CHIP_3A001]))
    (r,) = by_code(d, "LICENSE_REQUIRED_ECCN")
    assert (r["country"], r["region"]) == ("UA", "ZAPORIZHZHIA") and "746.6" in r["detail"]
    d = screen(order([{"role": "end_user", "name": "T", "address": {"city": "Sevastopol"}}], [CHIP_3A001]))
    assert [(r["country"], r["region"]) for r in by_code(d, "LICENSE_REQUIRED_ECCN")] == [("UA", "CRIMEA")]


@pytest.mark.parametrize("parties,lines", [
    ([SOLD_DE, {"role": "ship_to", "name": "T", "country": "DE"}], [CHIP_3A001]),  # 3A001 to Germany
    ([{"role": "ship_to", "name": "T", "country": "FR"}], [{"eccn": "5A992.c"}]),
    ([{"role": "ship_to", "name": "T", "country": "CN"}], [{"hs_code": "9403.20", "eccn": "3A001"}]),
    ([{"role": "ship_to", "name": "T", "country": "RU"}], [{"hs_code": "9403.20", "eccn": "NLR"}]),  # not an ECCN
    ([{"role": "ship_to", "name": "T", "country": "RU"}], [{"hs_code": "9403.20"}]),  # no ECCN
    ([{"role": "bill_to", "name": "Payer", "country": "RU"}], [CHIP_3A001]),  # the payer is no destination
])
def test_no_eccn_reason(parties, lines):
    d = screen(order(parties, lines))
    assert not by_code(d, "LICENSE_REQUIRED_ECCN") and not by_code(d, "EAR99_HIGH_PRIORITY")


def test_one_reason_per_party_and_ccl_line():
    parties = [{"role": "ship_to", "name": "S", "country": "RU"}, {"role": "end_user", "name": "E", "country": "RU"}]
    lines = [CHIP_3A001, {"sku": "L", "eccn": "5A992.c"}, SHELF]
    got = [(r["party_role"], r["sku"]) for r in by_code(screen(order(parties, lines)), "LICENSE_REQUIRED_ECCN")]
    assert got == [("ship_to", "FPGA"), ("ship_to", "L"), ("end_user", "FPGA"), ("end_user", "L")]


# --- EAR99_HIGH_PRIORITY -------------------------------------------------------------------------

@pytest.mark.parametrize("hs,tier,label", [("8542.31.0000", 1, "1"), ("8532.21", 2, "2"), ("8504.40", 3, "3.A"),
                                           ("8482.10", 3, "3.B"), ("9030.20", 4, "4.A"), ("8457.10", 4, "4.B")])
def test_ear99_with_a_chpl_hs_code_to_russia(hs, tier, label):
    d = screen(order([{"role": "end_user", "name": "T", "country": "Russian Federation"}],
                     [{"sku": "P", "hs_code": hs, "eccn": "EAR99"}]))
    assert codes(d) == ["EMBARGOED_DESTINATION", "EAR99_HIGH_PRIORITY"]
    (r,) = by_code(d, "EAR99_HIGH_PRIORITY")
    assert (r["country"], r["eccn"], r["tier"], r["tier_label"], r["sku"]) == ("RU", "EAR99", tier, label, "P")
    assert f"CHPL tier {label}" in r["detail"]


def test_ear99_furniture_to_russia_only_the_embargo_reason():
    d = screen(order([{"role": "ship_to", "name": "T", "country": "RU"}], [SHELF]))
    assert codes(d) == ["EMBARGOED_DESTINATION"]
    d = screen(order([{"role": "sold_to", "name": "T", "country": "RU"}], [{"hs_code": "9403.20"}]))
    assert codes(d) == ["EMBARGOED_DESTINATION"]


def test_ear99_to_an_occupied_region_and_hs_prefixes(tmp_path):
    depot = {"role": "ship_to", "name": "Depot", "address": {"city": "Donetsk", "country": "UA"}}
    d = screen(order([SOLD_DE, depot], [{"hs_code": "8536.69", "eccn": "EAR99"}]))
    assert [(r["region"], r["tier_label"]) for r in by_code(d, "EAR99_HIGH_PRIORITY")] == [("DONETSK", "3.A")]
    p = policy_from(tmp_path, """\
        rules:
          EAR99_HIGH_PRIORITY:
            tiers: [1, 2]
            hs_prefixes: ["9403", "8471.30"]
            missing_eccn: true
        """)
    ru = [{"role": "ship_to", "name": "T", "country": "RU"}]
    assert by_code(screen(order(ru, [{"hs_code": "8536.69", "eccn": "EAR99"}]), p), "EAR99_HIGH_PRIORITY") == []
    (r,) = by_code(screen(order(ru, [SHELF]), p), "EAR99_HIGH_PRIORITY")
    assert r["hs_prefix"] == "9403" and "tier" not in r
    (r,) = by_code(screen(order(ru, [{"hs_code": "8471.30.0100"}]), p), "EAR99_HIGH_PRIORITY")  # no ECCN: EAR99
    assert (r["hs_prefix"], r["eccn"]) == ("847130", "EAR99")
    assert by_code(screen(order(ru, [{"hs_code": "8471.30", "eccn": "5A992"}]), p), "EAR99_HIGH_PRIORITY") == []


def test_eccn_rules_countries_regions_roles_and_switches(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          LICENSE_REQUIRED_ECCN:
            countries: [RU]
            regions: [CRIMEA]
            roles: [end_user]
          EAR99_HIGH_PRIORITY:
            enabled: false
        """)
    chpl_ear99 = {"hs_code": "8542.31", "eccn": "EAR99"}

    def fired(party: dict, lines: list) -> list[str]:
        return [r.code for r in screen(order([party], lines), p).reasons if r.code != "EMBARGOED_DESTINATION"]

    assert fired({"role": "end_user", "name": "T", "country": "RU"}, [CHIP_3A001]) == ["LICENSE_REQUIRED_ECCN"]
    assert fired({"role": "end_user", "name": "T", "country": "BY"}, [CHIP_3A001]) == []
    assert fired({"role": "ship_to", "name": "T", "country": "RU"}, [CHIP_3A001]) == []
    assert fired({"role": "end_user", "name": "T", "address": {"city": "Kerch"}}, [CHIP_3A001]) == [
        "LICENSE_REQUIRED_ECCN"]
    assert fired({"role": "end_user", "name": "T", "address": {"city": "Luhansk"}}, [CHIP_3A001]) == []
    assert fired({"role": "end_user", "name": "T", "country": "RU"}, [chpl_ear99]) == []
    china = policy_from(tmp_path, "rules:\n  LICENSE_REQUIRED_ECCN: {countries: [CN]}\n")  # not embargoed
    d = screen(order([{"role": "end_user", "name": "T", "country": "CN"}], [CHIP_3A001]), china)
    assert [r["country"] for r in by_code(d, "LICENSE_REQUIRED_ECCN")] == ["CN"]
    off = policy_from(tmp_path, "rules:\n  LICENSE_REQUIRED_ECCN: {enabled: false}\n")
    assert codes(screen(order([{"role": "end_user", "name": "T", "country": "RU"}], [CHIP_3A001]), off)) == [
        "EMBARGOED_DESTINATION"]


# --- SHIP_TO_MISMATCH and DIVERSION_RISK scoped by item risk -------------------------------------

HUBS = ["China", "Türkiye", "United Arab Emirates", "Kazakhstan"]


@pytest.mark.parametrize("hub", HUBS)
@pytest.mark.parametrize("line", [SHELF, {"hs_code": "4819.10"}, {"hs_code": "8471.30", "eccn": "5A992.c"},
                                  {"sku": "no HS code"}])
def test_low_risk_goods_to_trading_hubs_are_released(hub, line):
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "Hub Trading", "country": hub}], [line]))
    assert d.decision == "RELEASE" and d.reasons == []


@pytest.mark.parametrize("hub,iso", [("China", "CN"), ("Türkiye", "TR"), ("UAE", "AE"), ("Kazakhstan", "KZ")])
def test_tier_1_ics_to_trading_hubs_are_held(hub, iso):
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "Hub Trading", "country": hub}], [IC_LINE]))
    assert codes(d) == ["DIVERSION_RISK", "SHIP_TO_MISMATCH"]
    (s,) = by_code(d, "SHIP_TO_MISMATCH")
    assert (s["country"], s["sold_to_country"], s["tier"], s["tier_label"]) == (iso, "DE", 1, "1")


@pytest.mark.parametrize("hs,tier,label", [("8542.32", 1, "1"), ("8548.00", 2, "2"), ("8541.10", 3, "3.A"),
                                           ("9014.20", 3, "3.B"), ("8534.00", 4, "4.A"), ("8466.93", 4, "4.B")])
def test_every_chpl_tier_on_the_diversion_reason(hs, tier, label):
    d = screen(order([{"role": "end_user", "name": "T", "country": "KG"}], [{"sku": "S", "hs_code": hs}]))
    (r,) = by_code(d, "DIVERSION_RISK")
    assert (r["tier"], r["tier_label"], r["country"]) == (tier, label, "KG")
    assert f"CHPL tier {label}" in r["detail"]


def test_embargoed_ship_to_still_mismatches_whatever_the_items():
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "T", "country": "RU"}], [SHELF]))
    assert codes(d) == ["EMBARGOED_DESTINATION", "SHIP_TO_MISMATCH"]
    d = screen(order([SOLD_DE, {"role": "ship_to", "name": "T", "address": {"city": "Yalta", "country": "UA"}}],
                     [SHELF]))
    assert codes(d) == ["EMBARGOED_DESTINATION", "SHIP_TO_MISMATCH"]


def test_ship_to_mismatch_per_country_and_any_item(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          SHIP_TO_MISMATCH:
            tiers: [1, 2]
            countries:
              AM: {any_item: true}
              TR: {enabled: false}
              AE: {tiers: ["3.A"]}
        """)

    def mismatch(country: str, line: dict) -> bool:
        d = screen(order([SOLD_DE, {"role": "ship_to", "name": "T", "country": country}], [line]), p)
        return "SHIP_TO_MISMATCH" in codes(d)

    power = {"hs_code": "8504.40"}  # tier 3.A
    assert mismatch("AM", SHELF) and mismatch("AM", IC_LINE)
    assert not mismatch("TR", IC_LINE)
    assert mismatch("AE", power) and not mismatch("AE", IC_LINE)
    assert mismatch("CN", IC_LINE) and not mismatch("CN", power)  # the rule's own tiers
    old = policy_from(tmp_path, "rules:\n  SHIP_TO_MISMATCH: {any_item: true}\n")
    assert codes(screen(order([SOLD_DE, {"role": "ship_to", "name": "T", "country": "TR"}], [SHELF]), old)) == [
        "SHIP_TO_MISMATCH"]


def test_diversion_per_country_and_tier_groups(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          DIVERSION_RISK:
            tiers: [1, 3]
            countries:
              TR: {tiers: [1]}
              GE: {enabled: false}
        """)

    def diversion(country: str, hs: str) -> bool:
        return "DIVERSION_RISK" in codes(screen(order([{"role": "end_user", "name": "T", "country": country}],
                                                      [{"hs_code": hs}]), p))

    assert diversion("TR", "8542.31") and not diversion("TR", "8504.40")
    assert not diversion("GE", "8542.31")
    assert diversion("CN", "8504.40") and diversion("CN", "8482.10")  # 3 selects 3.A and 3.B
    assert not diversion("CN", "8517.62") and not diversion("CN", "9030.20")  # tiers 2, 4.A


# --- occupied regions through the policy ---------------------------------------------------------

def test_partly_occupied_oblast_is_held_for_review_with_its_own_detail():
    d = screen(order([{"role": "ship_to", "name": "T", "address": {"region": "Zaporizka oblast", "country": "UA"}}]))
    (r,) = d.reasons
    dumped = r.model_dump()
    assert (r.code, dumped["region"], dumped["partly_occupied"], dumped["place"]) == (
        "EMBARGOED_DESTINATION", "ZAPORIZHZHIA", True, "Zaporizka oblast")
    assert "only partly occupied" in r.detail and "review" in r.detail


def test_occupied_town_reason_names_the_place():
    d = screen(order([{"role": "ship_to", "name": "T", "address": {"city": "Мелитополь", "country": "UA"}}]))
    (r,) = d.reasons
    dumped = r.model_dump()
    assert (dumped["region"], dumped["place"], dumped.get("partly_occupied")) == ("ZAPORIZHZHIA", "Melitopol", None)
    assert "occupied region ZAPORIZHZHIA" in r.detail


@pytest.mark.parametrize("address", [
    {"street": "vul. Donetska 5", "city": "Kyiv", "country": "UA"},
    {"city": "Zaporizhzhia", "region": "Zaporizka oblast", "country": "UA"},
    {"city": "Kherson", "country": "UA"},
    {"street": "Kherson Street 12", "city": "Lviv", "country": "UA"},
])
def test_government_controlled_addresses_are_released(address):
    assert screen(order([SOLD_DE, {"role": "ship_to", "name": "T", "address": address}], [SHELF])).decision == "RELEASE"


def test_old_style_region_terms_still_work_and_add_to_the_gazetteer(tmp_path):
    p = policy_from(tmp_path, """\
        destinations:
          occupied_regions:
            CRIMEA:
              country: UA
              terms: [crimea*, krym*, tavrida]
            TRANSNISTRIA:
              country: MD
              terms: [tiraspol, pridnestrovie]
        """)
    assert [r.name for r in p.enrichment_config.occupied_regions] == ["CRIMEA", "TRANSNISTRIA"]

    def region(address: dict) -> list:
        return [r.model_dump().get("region") for r in screen(order([{"role": "ship_to", "name": "T",
                                                                     "address": address}]), p).reasons]

    assert region({"city": "Tavrida"}) == ["CRIMEA"]  # a term
    assert region({"city": "Yalta"}) == ["CRIMEA"]  # the gazetteer
    assert region({"city": "Tiraspol", "country": "MD"}) == ["TRANSNISTRIA"]
    assert region({"city": "Donetsk"}) == []  # DONETSK is not configured


def test_exclude_and_gazetteer_switch(tmp_path):
    p = policy_from(tmp_path, """\
        destinations:
          occupied_regions:
            ZAPORIZHZHIA: {exclude: [Vasylivka, "70"]}
            KHERSON: {gazetteer: false, terms: [skadovsk]}
        """)

    def held(address: dict) -> bool:
        return screen(order([{"role": "ship_to", "name": "T", "address": {**address, "country": "UA"}}]), p).decision \
            == "HOLD"

    assert not held({"city": "Vasylivka"}) and not held({"postal_code": "70002"}) and held({"city": "Melitopol"})
    assert held({"city": "Skadovsk"}) and not held({"city": "Henichesk"})
    assert p.version != Policy.load().version


# --- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body,line,words", [
    ("rules:\n  DIVERSION_RISK:\n    tiers: [1, 5]\n", 3, ["tier '5' is not in the item-risk table", "3.A"]),
    ("rules:\n  DIVERSION_RISK:\n    tiers: [0]\n", 3, ["tier"]),
    ("rules:\n  SHIP_TO_MISMATCH:\n    countries:\n      FR: {any_item: true}\n", 4,
     ["FR is not in destinations.transshipment_risk"]),
    ("rules:\n  SHIP_TO_MISMATCH:\n    countries:\n      XX: {any_item: true}\n", 4, ["'XX' is not an ISO"]),
    ("rules:\n  LICENSE_REQUIRED_ECCN:\n    regions: [CRIMEA, ATLANTIS]\n", 3,
     ["'ATLANTIS' is not one of destinations.occupied_regions"]),
    ("rules:\n  EAR99_HIGH_PRIORITY:\n    hs_prefixes: [9403]\n", 3, ["quoted"]),
    ("destinations:\n  occupied_regions:\n    ATLANTIS: {country: UA}\n", 3, ["no terms", "gazetteer has no region"]),
    ("destinations:\n  occupied_regions:\n    CRIMEA: {gazetteer: false}\n", 3, ["no terms"]),
    ("destinations:\n  occupied_regions:\n    CRIMEA: {terms: [x], exlude: [y]}\n", 3, ["unknown key 'exlude'"]),
])
def test_bad_settings_name_the_line(tmp_path, body, line, words):
    path = tmp_path / "p.yaml"
    path.write_text(body)
    with pytest.raises(PolicyError) as err:
        Policy.load(path)
    assert err.value.line == line, str(err.value)
    for w in words:
        assert w in str(err.value)


def test_tier_labels_in_settings_are_normalised(tmp_path):
    p = policy_from(tmp_path, "rules:\n  DIVERSION_RISK:\n    tiers: [\"3a\", 1]\n")
    assert p.model.rules.DIVERSION_RISK.tiers == ["3.A", "1"]
    assert p.version == policy_from(tmp_path, "rules:\n  DIVERSION_RISK:\n    tiers: [\"3.A\", \"1\"]\n").version


def test_version_and_describe_cover_the_new_data():
    p = Policy.load()
    described = p.describe()
    assert described["item_risk"]["tiers"] == ["1", "2", "3.A", "3.B", "4.A", "4.B"]
    assert len(described["item_risk"]["entries"]) == 50
    assert set(described["gazetteer"]["regions"]) == {"CRIMEA", "DONETSK", "LUHANSK", "ZAPORIZHZHIA", "KHERSON"}
    assert described["rules"]["LICENSE_REQUIRED_ECCN"]["countries"] == ["BY", "RU"]
