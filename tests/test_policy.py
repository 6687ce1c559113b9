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
