"""Policy: each reason code fires and stays quiet on near misses; policy files are validated with
line numbers; order -> decision end to end through Screener (no Kafka)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from screener.enrichment import Enricher
from screener.events.control import WatchlistEntry
from screener.events.decisions import Decision
from screener.events.orders import OrderEvent
from screener.matching.base import DEFAULT_HOLD_THRESHOLD, Matcher, MatchHit, PartyQuery
from screener.policy import REASON_CODES, Policy, PolicyError
from screener.screening import Screener

NOW = datetime(2025, 1, 1, tzinfo=UTC)


class FakeMatcher(Matcher):
    """Returns canned hits by exact party name; records the queries it saw."""

    def __init__(self, hits: dict[str, list[MatchHit]] | None = None):
        self.hits = hits or {}
        self.queries: list[PartyQuery] = []

    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        self.queries.append(query)
        return list(self.hits.get(query.name, []))[:limit]

    def upsert(self, entry: WatchlistEntry) -> None:
        pass

    def delete(self, list_name: str, entry_id: str) -> bool:
        return False

    def replace_list(self, list_name: str, entries: Iterable[WatchlistEntry]) -> None:
        pass

    def __len__(self) -> int:
        return len(self.hits)

    def entries(self) -> Iterable[WatchlistEntry]:
        return []


def hit(score: float = 0.95, entry_id: str = "sdn-1", list_name: str = "SDN", name: str = "Evil Corp",
        explanation: str = "token match") -> MatchHit:
    return MatchHit(entry_id=entry_id, list=list_name, entry_name=name, matched_name=name, score=score,
                    explanation=explanation)


def order(parties: list[dict], lines: list[dict] | None = None, **extra) -> OrderEvent:
    return OrderEvent.model_validate({"order_id": "o-1", "parties": parties, "lines": lines or [], **extra})


CLEAN_PARTIES = [
    {"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
    {"role": "ship_to", "name": "Acme GmbH", "address": {"city": "Berlin", "country": "Germany"}},
]
IC_LINE = {"sku": "IC-1", "hs_code": "8542.31.00", "quantity": 10}


def screen(o: OrderEvent, policy: Policy | None = None, hits: dict | None = None,
           enricher: Enricher | None = None) -> Decision:
    policy = policy or Policy.load()
    s = Screener(FakeMatcher(hits), policy, enricher or policy.enricher)
    return s.screen(o, watchlist_version=7, now=NOW)


def codes(d: Decision) -> list[str]:
    return [r.code for r in d.reasons]


def policy_from(tmp_path: Path, body: str, name: str = "policy.yaml") -> Policy:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return Policy.load(path)


# --- release -------------------------------------------------------------------------------------

def test_clean_order_is_released_with_no_reasons():
    d = screen(order(CLEAN_PARTIES, [IC_LINE, {"hs_code": "8471.30"}]))
    assert d.decision == "RELEASE" and d.reasons == []


def test_screener_with_default_policy_and_enricher():
    s = Screener(FakeMatcher())
    d = s.screen(order(CLEAN_PARTIES), watchlist_version=1, now=NOW)
    assert d.decision == "RELEASE"
    assert s.matcher.queries[1].country == "DE"  # enrichment normalised "Germany" for matching


# --- WATCHLIST_MATCH -----------------------------------------------------------------------------

def test_watchlist_match_fields():
    o = order([{"role": "sold_to", "name": "Evil Corp Ltd", "country": "DE"}])
    d = screen(o, hits={"Evil Corp Ltd": [hit(0.912345)]})
    assert d.decision == "HOLD"
    (r,) = d.reasons
    assert r.model_dump(exclude_none=True) == {
        "code": "WATCHLIST_MATCH", "party_role": "sold_to", "party_name": "Evil Corp Ltd",
        "entry_id": "sdn-1", "list": "SDN", "matched_name": "Evil Corp", "score": 0.9123,
        "detail": "token match"}


@pytest.mark.parametrize("score,fires", [(0.80, True), (0.7999, False), (1.0, True), (0.5, False)])
def test_watchlist_threshold(score, fires):
    o = order([{"role": "end_user", "name": "X Co", "country": "DE"}])
    d = screen(o, hits={"X Co": [hit(score)]})
    assert codes(d) == (["WATCHLIST_MATCH"] if fires else [])


def test_watchlist_threshold_and_lists_from_policy(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          WATCHLIST_MATCH:
            threshold: 0.9
            lists: [sdn, EL]
        """)
    o = order([{"role": "end_user", "name": "X Co", "country": "DE"}])
    hits = {"X Co": [hit(0.95, "a", "SDN"), hit(0.89, "b", "SDN"), hit(0.99, "c", "DPL"), hit(0.9, "d", "EL")]}
    d = screen(o, p, hits)
    assert [r.entry_id for r in d.reasons] == ["a", "d"]


def test_watchlist_one_reason_per_party_and_entry_deduplicated():
    o = order([
        {"role": "sold_to", "name": "Evil Corp", "country": "DE"},
        {"role": "bill_to", "name": "Evil Corp", "country": "DE"},
        {"role": "bill_to", "name": "Evil Corp", "country": "DE"},  # same party twice
    ])
    d = screen(o, hits={"Evil Corp": [hit(0.97), hit(0.97)]})
    assert [(r.party_role, r.entry_id) for r in d.reasons] == [("sold_to", "sdn-1"), ("bill_to", "sdn-1")]


def test_reasons_deduplicated_exactly_when_their_json_is_equal():
    from screener.events.decisions import Reason
    from screener.policy import _dedupe

    def r(**kw):
        return Reason(code="X", **kw)

    same = [r(detail="a", tier=1), r(tier=1, detail="a"), r(detail="a", tier=1, party_role=None)]
    assert len(_dedupe(same)) == 1
    apart = [r(tier=1), r(tier=1.0), r(tier=True), r(tier="1"), r(tier=1, extra_x=None)]
    assert _dedupe(apart) == apart
    lists = [r(cleared=["a"]), r(cleared=["a"]), r(cleared=["b"])]  # unhashable values: compared as JSON
    assert [x.cleared for x in _dedupe(lists)] == [["a"], ["b"]]


# --- EMBARGOED_DESTINATION -----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee",
                                  "freight_forwarder"])
@pytest.mark.parametrize("country,iso", [("Russian Federation", "RU"), ("BY", "BY"), ("Iran (Islamic Republic of)", "IR"),
                                         ("Korea, North", "KP"), ("Syria", "SY"), ("CUB", "CU")])
def test_embargoed_destination_any_role(role, country, iso):
    parties = [{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
               {"role": role, "name": "Target LLC", "country": country}]
    d = screen(order(parties))
    assert d.decision == "HOLD"
    r = next(r for r in d.reasons if r.code == "EMBARGOED_DESTINATION")
    assert (r.party_role, r.party_name, r.country) == (role, "Target LLC", iso)
    assert "region" not in r.model_dump()


@pytest.mark.parametrize("country", ["Ukraine", "DE", "Kazakhstan", "Romania", "Iraq"])
def test_embargoed_destination_near_misses(country):
    d = screen(order([{"role": "ship_to", "name": "T", "country": country}]))
    assert "EMBARGOED_DESTINATION" not in codes(d)


def test_embargo_from_address_country_even_if_party_country_differs():
    d = screen(order([{"role": "ship_to", "name": "T", "country": "DE", "address": {"country": "Belarus"}}]))
    assert [(r.code, r.country) for r in d.reasons] == [("EMBARGOED_DESTINATION", "BY")]


@pytest.mark.parametrize("address,region", [
    ({"city": "Sevastopol", "country": "Ukraine"}, "CRIMEA"),
    ({"city": "Симферополь", "region": "Крым", "country": "UA"}, "CRIMEA"),
    ({"city": "Donetsk", "region": "DNR", "country": "UA"}, "DONETSK"),
    ({"city": "Lugansk", "country": "UA"}, "LUHANSK"),
    ({"city": "Луганськ", "country": "UA"}, "LUHANSK"),
])
def test_embargoed_occupied_region(address, region):
    d = screen(order([{"role": "ship_to", "name": "T", "address": address}]))
    (r,) = d.reasons
    assert (r.code, r.party_role, r.country, r.model_dump()["region"]) == (
        "EMBARGOED_DESTINATION", "ship_to", "UA", region)


def test_occupied_region_without_country_reports_the_regions_country():
    d = screen(order([{"role": "end_user", "name": "T", "address": {"city": "Simferopol"}}]))
    (r,) = d.reasons
    assert (r.country, r.model_dump()["region"]) == ("UA", "CRIMEA")


def test_occupied_region_near_miss():
    d = screen(order([{"role": "ship_to", "name": "T", "address": {"city": "Kharkiv", "country": "Ukraine"}}]))
    assert d.decision == "RELEASE"


def test_embargo_lists_and_roles_configurable(tmp_path):
    p = policy_from(tmp_path, """\
        destinations:
          embargoed: [ru, KP]
        rules:
          EMBARGOED_DESTINATION:
            roles: [ship_to, end_user]
        """)
    assert screen(order([{"role": "ship_to", "name": "T", "country": "Iran"}]), p).decision == "RELEASE"
    assert codes(screen(order([{"role": "ship_to", "name": "T", "country": "RU"}]), p)) == ["EMBARGOED_DESTINATION"]
    assert screen(order([{"role": "bill_to", "name": "T", "country": "RU"}]), p).decision == "RELEASE"


# --- DIVERSION_RISK ------------------------------------------------------------------------------

def test_diversion_risk_fields():
    parties = [{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
               {"role": "ship_to", "name": "Gulf Trading FZE", "address": {"city": "Dubai", "country": "UAE"}}]
    d = screen(order(parties, [IC_LINE]))
    (r,) = [r for r in d.reasons if r.code == "DIVERSION_RISK"]
    dumped = r.model_dump()
    assert (r.party_role, r.party_name, r.country) == ("ship_to", "Gulf Trading FZE", "AE")
    assert (dumped["hs_code"], dumped["tier"], dumped["tier_label"], dumped["sku"]) == ("85423100", 1, "1", "IC-1")


@pytest.mark.parametrize("country", ["AM", "Georgia", "KAZ", "Kyrgyzstan", "Tajikistan", "Uzbekistan",
                                     "Türkiye", "United Arab Emirates", "China", "Hong Kong"])
def test_diversion_risk_each_default_destination(country):
    d = screen(order([{"role": "end_user", "name": "T", "country": country}], [{"hs_code": "8526.91"}]))
    assert codes(d) == ["DIVERSION_RISK"]
    assert d.reasons[0].model_dump()["tier"] == 2


@pytest.mark.parametrize("parties,lines", [
    # risk item, safe destination
    ([{"role": "ship_to", "name": "T", "country": "FR"}], [IC_LINE]),
    # transshipment destination, item not in the table (parts of ICs, computers)
    ([{"role": "ship_to", "name": "T", "country": "AE"}], [{"hs_code": "8542.90"}, {"hs_code": "8471.30"}]),
    # transshipment destination, no lines / no HS code
    ([{"role": "ship_to", "name": "T", "country": "AE"}], [{"sku": "X"}]),
])
def test_diversion_risk_near_misses(parties, lines):
    assert screen(order(parties, lines)).decision == "RELEASE"


def test_diversion_risk_one_reason_per_party_and_line():
    parties = [{"role": "sold_to", "name": "S", "country": "CN"}, {"role": "ship_to", "name": "T", "country": "HK"}]
    lines = [IC_LINE, {"sku": "R-1", "hs_code": "851762"}, {"sku": "X", "hs_code": "9999"}]
    d = screen(order(parties, lines))
    got = [(r.party_role, r.model_dump()["sku"]) for r in d.reasons if r.code == "DIVERSION_RISK"]
    assert got == [("sold_to", "IC-1"), ("sold_to", "R-1"), ("ship_to", "IC-1"), ("ship_to", "R-1")]


def test_diversion_tiers_configurable(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          DIVERSION_RISK:
            tiers: [1]
        """)
    ship = [{"role": "ship_to", "name": "T", "country": "TR"}]
    assert screen(order(ship, [{"hs_code": "8517.62"}]), p).decision == "RELEASE"
    assert codes(screen(order(ship, [IC_LINE]), p)) == ["DIVERSION_RISK"]


def test_replaced_item_risk_table_via_policy_file(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "ours.yaml").write_text(textwrap.dedent("""\
        source: In-house high-risk items
        published: 2025-03-01
        entries:
          - {prefix: "8471.50", tier: 1, label: processing units}
        """))
    p = policy_from(tmp_path, """\
        item_risk:
          table: tables/ours.yaml
        """)
    assert p.item_risk.source == "In-house high-risk items"
    ship = [{"role": "ship_to", "name": "T", "country": "KZ"}]
    d = screen(order(ship, [{"sku": "PC", "hs_code": "8471.50.0150"}]), p)
    assert [(r.code, r.model_dump()["sku"]) for r in d.reasons] == [("DIVERSION_RISK", "PC")]
    assert screen(order(ship, [IC_LINE]), p).decision == "RELEASE"  # replaced, not merged
    assert p.version != Policy.load().version


def test_item_risk_path_argument_overrides_policy(tmp_path):
    table = tmp_path / "t.yaml"
    table.write_text('source: test\nentries:\n  - {prefix: "9013.20", tier: 1}\n')
    p = Policy.load(item_risk_path=table)
    d = screen(order([{"role": "ship_to", "name": "T", "country": "CN"}], [{"hs_code": "901320"}]), p)
    assert codes(d) == ["DIVERSION_RISK"]


def test_policy_uses_its_own_settings_even_with_another_enricher(tmp_path):
    """Screener(..., enricher=Enricher()) with a policy whose table differs: the policy decides."""
    table = tmp_path / "t.yaml"
    table.write_text('source: test\nentries:\n  - {prefix: "9013.20", tier: 1}\n')
    p = Policy.load(item_risk_path=table)
    d = screen(order([{"role": "ship_to", "name": "T", "country": "CN"}], [{"hs_code": "901320"}]),
               p, enricher=Enricher())
    assert codes(d) == ["DIVERSION_RISK"]


# --- FORWARDER_AS_END_USER -----------------------------------------------------------------------

def test_forwarder_as_end_user_same_name():
    parties = [{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
               {"role": "freight_forwarder", "name": "Baltic Star Ltd.", "country": "DE"},
               {"role": "end_user", "name": "BALTIC STAR LIMITED", "country": "DE"}]
    d = screen(order(parties))
    (r,) = d.reasons
    assert (r.code, r.party_role, r.party_name) == ("FORWARDER_AS_END_USER", "end_user", "BALTIC STAR LIMITED")
    assert r.model_dump()["forwarder_name"] == "Baltic Star Ltd."


@pytest.mark.parametrize("name", ["Fast Freight GmbH", "Nordic Logistics AB", "Spedition Müller",
                                  "Global Cargo Services"])
def test_forwarder_as_end_user_keyword(name):
    d = screen(order([{"role": "end_user", "name": name, "country": "DE"}]))
    assert codes(d) == ["FORWARDER_AS_END_USER"]


def test_forwarder_keyword_search_cached_per_name_gives_the_same_reasons():
    policy = Policy.load()
    s = Screener(FakeMatcher(), policy, policy.enricher)
    orders = [order([{"role": "end_user", "name": name, "country": "DE"}])
              for name in ("Nordic Logistics AB", "Acme Robotics", "Nordic Logistics AB", "Acme Robotics")]
    first, plain, again, plain_again = (s.screen(o, 7, NOW) for o in orders)
    assert codes(first) == ["FORWARDER_AS_END_USER"] and first.reasons[0].model_dump()["keyword"] == "logistics"
    assert again.reasons == first.reasons and plain.reasons == plain_again.reasons == []
    assert policy._forwarder_word_cache == {"Nordic Logistics AB": "logistics", "Acme Robotics": None}


@pytest.mark.parametrize("parties", [
    [{"role": "end_user", "name": "Freightliner Trucks Inc", "country": "US"}],  # keyword inside a word
    [{"role": "end_user", "name": "Acme Robotics", "country": "DE"},
     {"role": "freight_forwarder", "name": "Acme Logistics", "country": "DE"}],
    [{"role": "sold_to", "name": "Fast Freight GmbH", "country": "DE"}],  # not the end user
])
def test_forwarder_as_end_user_near_misses(parties):
    assert screen(order(parties)).decision == "RELEASE"


# --- SHIP_TO_MISMATCH ----------------------------------------------------------------------------

def test_ship_to_mismatch_fires():
    parties = [{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
               {"role": "ship_to", "name": "Acme Transit", "country": "Armenia"}]
    d = screen(order(parties, [IC_LINE]))
    (r,) = [r for r in d.reasons if r.code == "SHIP_TO_MISMATCH"]
    dumped = r.model_dump()
    assert (r.code, r.party_role, r.country, dumped["sold_to_country"]) == ("SHIP_TO_MISMATCH", "ship_to", "AM", "DE")
    assert (dumped["tier"], dumped["tier_label"], dumped["hs_code"]) == (1, "1", "85423100")
    # without a risky item a trading hub is not held (tests/test_policy_rules.py has more)
    assert screen(order(parties, [{"hs_code": "9403.20"}])).decision == "RELEASE"


@pytest.mark.parametrize("sold,ship", [("AM", "AM"), ("DE", "FR"), (None, "AM")])
def test_ship_to_mismatch_near_misses(sold, ship):
    parties = [{"role": "sold_to", "name": "S", "country": sold}, {"role": "ship_to", "name": "T", "country": ship}]
    assert "SHIP_TO_MISMATCH" not in codes(screen(order(parties)))


# --- UNRESOLVED_COUNTRY --------------------------------------------------------------------------

def test_unresolved_country_fires_with_hint():
    d = screen(order([{"role": "ship_to", "name": "T", "country": "Russsia"}]))
    (r,) = d.reasons
    assert (r.code, r.model_dump()["country_raw"]) == ("UNRESOLVED_COUNTRY", "Russsia")
    assert "RU" in r.detail


def test_unresolved_country_near_miss():
    assert screen(order([{"role": "ship_to", "name": "T"}])).decision == "RELEASE"  # none given: not flagged


# --- several reasons, enable/disable -------------------------------------------------------------

def test_every_reason_that_fired_is_reported():
    parties = [
        {"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
        {"role": "ship_to", "name": "Silk Road Freight", "country": "KG"},
        {"role": "end_user", "name": "Evil Corp", "address": {"city": "Sevastopol"}},
        {"role": "bill_to", "name": "Payer", "country": "Narnia"},
    ]
    d = screen(order(parties, [IC_LINE]), hits={"Evil Corp": [hit(0.93)]})
    assert d.decision == "HOLD"
    assert codes(d) == ["WATCHLIST_MATCH", "EMBARGOED_DESTINATION", "DIVERSION_RISK", "SHIP_TO_MISMATCH",
                        "UNRESOLVED_COUNTRY"]
    assert set(codes(d)) <= set(REASON_CODES)


def test_rules_can_be_disabled(tmp_path):
    p = policy_from(tmp_path, """\
        rules:
          WATCHLIST_MATCH: {enabled: false}
          EMBARGOED_DESTINATION: {enabled: false}
          DIVERSION_RISK: {enabled: false}
          FORWARDER_AS_END_USER: {enabled: false}
          SHIP_TO_MISMATCH: {enabled: false}
          UNRESOLVED_COUNTRY: {enabled: false}
        """)
    parties = [{"role": "sold_to", "name": "Acme", "country": "DE"},
               {"role": "ship_to", "name": "T", "country": "RU"},
               {"role": "end_user", "name": "Fast Freight", "country": "AE"},
               {"role": "bill_to", "name": "B", "country": "Narnia"}]
    assert screen(order(parties, [IC_LINE]), p, hits={"T": [hit()]}).decision == "RELEASE"


def test_party_hits_must_align_with_parties():
    p = Policy.load()
    e = p.enricher.enrich(order(CLEAN_PARTIES))
    with pytest.raises(ValueError, match="party_hits"):
        p.evaluate(e, [[]])


# --- policy file, version ------------------------------------------------------------------------

def test_default_policy_file_equals_built_in_defaults():
    p = Policy.load()
    assert p.version == Policy().version
    assert len(p.version) == 12
    assert p.threshold == DEFAULT_HOLD_THRESHOLD == 0.80
    assert p.enrichment_config.digest == Enricher().config.digest  # no re-enrichment by default
    assert set(p.model.destinations.embargoed) == {"RU", "BY", "IR", "KP", "SY", "CU"}


def test_version_follows_effective_content(tmp_path):
    base = Policy.load().version
    assert policy_from(tmp_path, "description: just words\n").version == base
    assert policy_from(tmp_path, "rules:\n  WATCHLIST_MATCH:\n    threshold: 0.9\n").version != base
    assert policy_from(tmp_path, "destinations:\n  embargoed: [RU, BY, IR, KP, SY]\n").version != base
    # same content, other order: same version
    assert policy_from(tmp_path, "destinations:\n  embargoed: [CU, SY, KP, IR, BY, RU]\n").version == base


def test_empty_policy_file_means_defaults(tmp_path):
    assert policy_from(tmp_path, "").version == Policy.load().version


BAD_POLICIES = [
    # unknown key, deep
    ("""\
     rules:
       WATCHLIST_MATCH:
         enabled: true
         treshold: 0.9
     """, 4, ["unknown key 'treshold'", "did you mean 'threshold'"]),
    # unknown key, top level
    ("""\
     # comment
     destinations:
       embargoed: [RU]
     rulez: {}
     """, 4, ["unknown key 'rulez'"]),
    # wrong type
    ("""\
     rules:
       WATCHLIST_MATCH:
         threshold: high
     """, 3, ["threshold", "valid number"]),
    ("""\
     rules:
       DIVERSION_RISK:
         enabled: "yes please"
     """, 3, ["enabled", "boolean"]),
    ("""\
     destinations:
       embargoed: RU
     """, 2, ["embargoed", "valid list"]),
    # out of range
    ("""\
     rules:
       WATCHLIST_MATCH:
         threshold: 1.5
     """, 3, ["threshold"]),
    # bad country codes, block and flow lists
    ("""\
     destinations:
       embargoed:
         - RU
         - BY
         - XX
     """, 5, ["'XX' is not an ISO 3166-1 alpha-2"]),
    ("""\
     destinations:
       embargoed: [RU]
       transshipment_risk: [AE, UK]
     """, 3, ["'UK'", "did you mean 'GB'"]),
    ("""\
     destinations:
       embargoed: [RU, Russia]
     """, 2, ["'Russia'"]),
    # bad role
    ("""\
     rules:
       EMBARGOED_DESTINATION:
         roles: [ship_to, shipper]
     """, 3, ["shipper"]),
    # duplicate key
    ("""\
     rules:
       WATCHLIST_MATCH: {threshold: 0.9}
       WATCHLIST_MATCH: {threshold: 0.5}
     """, 3, ["duplicate key 'WATCHLIST_MATCH'"]),
    # broken YAML
    ("""\
     rules:
       WATCHLIST_MATCH:
         threshold: [0.9
     """, 4, ["invalid YAML"]),
    # not a mapping
    ("- RU\n- BY\n", 1, ["mapping"]),
    # missing item-risk table
    ("""\
     description: x
     item_risk:
       table: missing.yaml
     """, 3, ["no such file", "missing.yaml"]),
]


@pytest.mark.parametrize("body,line,words", BAD_POLICIES)
def test_bad_policy_file_names_file_and_line(tmp_path, body, line, words):
    path = tmp_path / "bad_policy.yaml"
    path.write_text(textwrap.dedent(body))
    with pytest.raises(PolicyError) as err:
        Policy.load(path)
    e = err.value
    assert e.line == line, str(e)
    assert e.path == str(path)
    assert str(e).startswith(f"{path}, line {line}: ")
    for w in words:
        assert w in str(e)


def test_policy_error_lists_every_problem(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("rules:\n  WATCHLIST_MATCH:\n    threshold: x\ndestinations:\n  embargoed: [RU, QQ]\n")
    with pytest.raises(PolicyError) as err:
        Policy.load(path)
    assert [line for line, _ in err.value.errors] == [3, 5]
    assert isinstance(err.value, Exception)


def test_bad_item_risk_table_named_by_policy_error(tmp_path):
    (tmp_path / "t.yaml").write_text('source: x\nentries:\n  - prefix: "8542"\n    tier: 0\n')
    path = tmp_path / "p.yaml"
    path.write_text("item_risk:\n  table: t.yaml\n")
    with pytest.raises(PolicyError) as err:
        Policy.load(path)
    assert err.value.path == str(tmp_path / "t.yaml") and err.value.line == 4
    assert "tier" in str(err.value)


def test_unreadable_policy_file(tmp_path):
    with pytest.raises(PolicyError, match="cannot read"):
        Policy.load(tmp_path / "nope.yaml")


# --- ADDRESS_MATCH and the listed entry's facts on reasons (issue 13, items 4 and 5) ----------------

KALASHNIKOV = WatchlistEntry(
    entry_id="16911", list="SDN", origin="ofac", names=["KALASHNIKOV CONCERN", "CONCERN KALASHNIKOV"],
    type="organization", countries=["RU"], addresses=["3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia"],
    programs=["UKRAINE-EO13661"], source="OFAC SDN",
    source_url="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=16911", remarks="Registration ID 1111832003018.")
AT_KALASHNIKOV = {"street": "proezd Deryabina, d. 3", "city": "Izhevsk", "postal_code": "426006", "country": "RU"}


def screen_with_list(o: OrderEvent, entries: list[WatchlistEntry], policy: Policy | None = None,
                     hits: dict | None = None) -> Decision:
    from screener.matching.addresses import AddressIndex

    policy = policy or Policy.load()
    s = Screener(FakeMatcher(hits), policy, policy.enricher, addresses=AddressIndex(entries),
                 entry_lookup={e.key: e for e in entries}.get)
    return s.screen(o, watchlist_version=7, now=NOW)


def test_address_match_is_a_registered_reason_code():
    from screener.policy import ADDRESS_MATCH

    assert REASON_CODES[:2] == ("WATCHLIST_MATCH", ADDRESS_MATCH)


def test_a_different_name_at_a_listed_address_is_held():
    o = order([{"role": "sold_to", "name": "Acme GmbH", "country": "DE"},
               {"role": "end_user", "name": "OOO Udmurt Precision Tools", "address": AT_KALASHNIKOV}])
    d = screen_with_list(o, [KALASHNIKOV])
    assert d.decision == "HOLD"
    (r,) = [x for x in d.reasons if x.code == "ADDRESS_MATCH"]
    got = r.model_dump(exclude_none=True)
    assert got == {
        "code": "ADDRESS_MATCH", "party_role": "end_user", "party_name": "OOO Udmurt Precision Tools",
        "entry_id": "16911", "list": "SDN", "entry_name": "KALASHNIKOV CONCERN",
        "matched_address": "3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia",
        "party_address": "proezd Deryabina, d. 3, Izhevsk, 426006, RU",
        "detail": got["detail"],
        "list_id": "ofac:SDN", "programs": ["UKRAINE-EO13661"], "entry_type": "organization", "source": "OFAC SDN",
        "source_url": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=16911",
        "entry_addresses": ["3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia"],
        "remarks": "Registration ID 1111832003018."}
    assert got["detail"].startswith("end_user 'OOO Udmurt Precision Tools' is at the listed address of "
                                    "KALASHNIKOV CONCERN (SDN): ")
    assert "postcode 426006" in got["detail"]
    # the released sold-to: its address (none) is not the listed one
    assert {x.party_role for x in d.reasons if x.code == "ADDRESS_MATCH"} == {"end_user"}


@pytest.mark.parametrize("address", [
    {"street": "proezd Deryabina, d. 5", "city": "Izhevsk", "postal_code": "426006", "country": "RU"},
    {"street": "ul. Pushkinskaya 3", "city": "Izhevsk", "country": "RU"},
    {"city": "Izhevsk", "country": "RU"},
    {"street": "3 Deryabin proezd", "city": "Votkinsk", "country": "RU"},
])
def test_address_near_misses_are_released(address):
    o = order([{"role": "end_user", "name": "Udmurt Tools GmbH", "country": "DE", "address": {**address,
                                                                                              "country": "DE"}}])
    assert screen_with_list(o, [KALASHNIKOV]).decision == "RELEASE"
    o = order([{"role": "end_user", "name": "Udmurt Tools", "address": address}])
    assert codes(screen_with_list(o, [KALASHNIKOV])) in ([], ["EMBARGOED_DESTINATION"])


def test_a_city_only_listed_address_never_holds():
    city_only = WatchlistEntry(entry_id="1", list="SDN", origin="ofac", names=["SOMEONE"],
                               addresses=["Izhevsk, Russia", "Moscow, Russia"])
    o = order([{"role": "ship_to", "name": "Depot", "address": AT_KALASHNIKOV}])
    assert "ADDRESS_MATCH" not in codes(screen_with_list(o, [city_only]))


def test_name_and_address_of_the_same_entry_give_both_reasons():
    o = order([{"role": "end_user", "name": "Kalashnikov Concern", "address": AT_KALASHNIKOV}])
    h = MatchHit("16911", "SDN", "KALASHNIKOV CONCERN", "KALASHNIKOV CONCERN", 0.99, "exact", list_id="ofac:SDN")
    d = screen_with_list(o, [KALASHNIKOV], hits={"Kalashnikov Concern": [h]})
    assert codes(d) == ["WATCHLIST_MATCH", "ADDRESS_MATCH", "EMBARGOED_DESTINATION"]
    name, addr = d.reasons[0], d.reasons[1]
    assert (name.entry_id, addr.entry_id) == ("16911", "16911")
    # the name reason carries the entry's facts too
    dumped = name.model_dump(exclude_none=True)
    assert dumped["list_id"] == "ofac:SDN" and dumped["programs"] == ["UKRAINE-EO13661"]
    assert dumped["source_url"].endswith("id=16911") and dumped["entry_addresses"] == KALASHNIKOV.addresses


def test_address_match_switch_roles_and_lists(tmp_path):
    o = order([{"role": "ship_to", "name": "Depot", "address": AT_KALASHNIKOV}])
    off = policy_from(tmp_path, "rules:\n  ADDRESS_MATCH: {enabled: false}\n")
    assert "ADDRESS_MATCH" not in codes(screen_with_list(o, [KALASHNIKOV], off))
    assert off.version != Policy.load().version
    roles = policy_from(tmp_path, "rules:\n  ADDRESS_MATCH: {roles: [end_user]}\n")
    assert "ADDRESS_MATCH" not in codes(screen_with_list(o, [KALASHNIKOV], roles))
    for lists, fires in (("[EL]", False), ("[sdn]", True), ('["ofac:SDN"]', True), ('["csl:SDN"]', False)):
        p = policy_from(tmp_path, f"rules:\n  ADDRESS_MATCH: {{lists: {lists}}}\n")
        assert ("ADDRESS_MATCH" in codes(screen_with_list(o, [KALASHNIKOV], p))) is fires, lists
    with pytest.raises(PolicyError, match="line 3"):
        policy_from(tmp_path, "rules:\n  ADDRESS_MATCH:\n    role: [end_user]\n")


def test_offline_screener_finds_addresses_and_facts_from_the_matcher_alone():
    """Screener(matcher, ...) with no address index or entry look-up builds both from the matcher's
    entries (as `screener screen` does), and again when the matcher's list changes."""
    from screener.matching import build_matcher
    from screener.watchlists import load_watchlists, sample_path

    entries = load_watchlists([sample_path()])
    policy = Policy.load()
    matcher = build_matcher(entries, threshold=policy.threshold)
    s = Screener(matcher, policy, policy.enricher)
    # Rosoboronexport (UKRAINE-EO13662) by name; a shell at its listed address by address
    o = order([{"role": "sold_to", "name": "ROSOBORONEKSPORT OAO", "country": "RU"},
               {"role": "ship_to", "name": "Stromynka Logistic Services", "country": "RU",
                "address": {"street": "ul. Stromynka, d. 27", "city": "Moskva", "postal_code": "107076"}}])
    d = s.screen(o, 1, NOW)
    by = {(r.code, r.party_role): r.model_dump(exclude_none=True) for r in d.reasons}
    name = by[("WATCHLIST_MATCH", "sold_to")]
    assert name["entry_id"] == "18782" and name["list_id"] == "ofac:SDN"
    assert name["programs"] == ["SYRIA", "UKRAINE-EO13662"]
    assert name["source_url"] == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=18782"
    assert name["entry_addresses"] == ["27 Stromynka ul., Moscow 107076, Russia"]
    assert len(name["remarks"]) <= 300 and name["remarks"].endswith("\u2026")
    addr = by[("ADDRESS_MATCH", "ship_to")]
    assert addr["entry_id"] == "18782" and addr["programs"] == ["SYRIA", "UKRAINE-EO13662"]
    assert addr["matched_address"] == "27 Stromynka ul., Moscow 107076, Russia"
    # a new entry at another address: found once the matcher has it
    new = WatchlistEntry(entry_id="new-1", list="LETTERS", origin="company", names=["SOME SHELL"],
                         addresses=["Zweierstrasse 35, Zurich CH-8022, Switzerland"])
    o2 = order([{"role": "end_user", "name": "Helvetic Trading AG", "country": "CH",
                 "address": {"street": "Zweierstr. 35", "city": "Zürich", "postal_code": "8022"}}])
    assert s.screen(o2, 1, NOW).decision == "RELEASE"
    matcher.upsert(new)
    (r,) = s.screen(o2, 2, NOW).reasons
    assert (r.code, r.entry_id, r.list, r.model_dump()["list_id"]) == ("ADDRESS_MATCH", "new-1", "LETTERS",
                                                                       "company:LETTERS")


def test_listing_date_on_the_reason_where_the_source_has_one(shared_data):
    from screener.watchlists import load_watchlists

    entries = load_watchlists([shared_data / "un"])
    listed = next(e for e in entries if (e.model_extra or {}).get("listed_on") and e.type == "organization")
    h = MatchHit(listed.entry_id, listed.list, listed.names[0], listed.names[0], 0.95, "", list_id=listed.list_id)
    o = order([{"role": "end_user", "name": "Party", "country": "DE"}])
    (r,) = screen_with_list(o, entries, hits={"Party": [h]}).reasons
    got = r.model_dump(exclude_none=True)
    assert got["listed_on"] == listed.model_extra["listed_on"] and got["list_id"] == "un:UN"
    assert got["programs"] == listed.programs and got["source"] == listed.source


def test_entry_facts_are_compact():
    from screener.policy import entry_facts

    many = WatchlistEntry(entry_id="9", list="SDN", origin="ofac", names=["X"],
                          addresses=[f"{n} Long Street, Town {n}, Country" for n in range(1, 9)],
                          remarks="r " * 400, listed_on="2014-07-16")
    facts = entry_facts(many, first_address="7 Long Street, Town 7, Country")
    assert facts["entry_addresses"][0] == "7 Long Street, Town 7, Country"
    assert len(facts["entry_addresses"]) == 5 and facts["entry_addresses_total"] == 8
    assert len(facts["remarks"]) == 300 and facts["listed_on"] == "2014-07-16"
    assert "programs" not in facts and "source" not in facts  # empty values are left out
