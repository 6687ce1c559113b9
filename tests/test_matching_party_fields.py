"""Party fields that hold more than a name, legal forms and numbers written more than one way, and
patronymics that tell two people apart -- the kinds of variation other screening projects' test
pairs carry (moov-io/watchman's cascade pairs, nomenklatura's name checks; benchmarks/cases/peers).

Matched against the 2019 SDN list, so the weights and the neighbours are real."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.events.control import WatchlistEntry
from screener.matching.annotations import name_parts
from screener.matching.base import PartyQuery
from screener.matching.engine import MatchingEngine
from screener.matching.normalize import normalize_name, numbers_written
from screener.matching.similarity import VOWEL_SPELLING_SIM, token_similarity
from screener.watchlists import load_watchlists

SDN = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac-sdn-2019"


@pytest.fixture(scope="module")
def sdn() -> MatchingEngine:
    if not SDN.is_dir():
        pytest.skip("shared/data/ofac-sdn-2019 not present")
    return MatchingEngine(load_watchlists([SDN]), freeze_gc=False)


def _ids(engine: MatchingEngine, name: str, typ: str | None = None) -> list[str]:
    return [h.entry_id for h in engine.match(PartyQuery(name, type=typ), limit=10)]


# -- what a field holds besides the name ---------------------------------------------------------
@pytest.mark.parametrize(("field", "part"), [
    ("BENEFICIARY: Sarikaya Hububat Ltd. Sti.", "Sarikaya Hububat Ltd. Sti."),  # a payment field's label
    ("FIELD 59: BLACKWOOD CATTLE CO PTY LTD", "BLACKWOOD CATTLE CO PTY LTD"),
    ("MV SIAM ORCHID 7, Bangkok", "SIAM ORCHID 7"),  # vessel prefix and port
    ("M/V MZIURI (Batumi)", "MZIURI"),
    ("Ocean Pioneer (ex-Cape Diamond)", "Cape Diamond"),  # the vessel's former name
    ("Ocean Pioneer (ex-Cape Diamond)", "Ocean Pioneer"),
    ("Sindh Agro Chemicals (Pvt) Ltd, Sukkur Branch", "Sindh Agro Chemicals (Pvt) Ltd"),  # a branch
    ("Tidewell Process Equipment Inc, 12250 Brevard Ln, Pasadena TX 77506", "Tidewell Process Equipment Inc"),
    ("Alpha Trading Ltd a.k.a. Beta Shipping Corp", "Beta Shipping Corp"),
    ("John Smith c/o ACME Trading Ltd", "ACME Trading Ltd"),  # another party in the field
    # every way of writing "also known as" and its kin splits the field
    ("Alpha Trading Ltd a/k/a Beta Shipping Corp", "Beta Shipping Corp"),
    ("Alpha Trading Ltd also known as Beta Shipping Corp", "Beta Shipping Corp"),
    ("Alpha Trading Ltd, formerly known as Beta Shipping Corp", "Beta Shipping Corp"),
    ("Alpha Trading Ltd doing business as Beta Shipping", "Beta Shipping"),
    ("John Smith dba Smith Tools", "John Smith"),
    ("Alpha Trading Ltd fka Beta Shipping Corp", "Alpha Trading Ltd"),
    ("Mary Jones care of Gamma Logistics LLC", "Gamma Logistics LLC"),
])
def test_a_field_yields_the_names_it_holds(field, part):
    parts = dict(name_parts(field))
    assert part in parts
    assert parts[part]  # and says what was set aside


@pytest.mark.parametrize("name", [
    "MARZUK, Musa A.",  # "SURNAME, Given": the comma is the name's own
    "MADURO MOROS, Nicolas",
    "Sunrise Electronics Co., Ltd.",  # only a legal form after the comma
    "Bank Melli Iran",
    "3:16 Ministries",  # a colon inside a name, no label before it
    "AKAKIY Petrov",  # a marker's letters inside a word
    "Formerlyn Trading Co",
])
def test_a_plain_name_is_not_taken_apart(name):
    assert name_parts(name) == []


@pytest.mark.parametrize(("field", "part"), [
    # a former name written every way shipping and company registers write it
    ("Nordbryggen Marine Coatings AS (f.k.a. Bryggen Paint AS)", "Bryggen Paint AS"),
    ("Beirut Cedar Trading SAL, f.k.a. Lebanon Cedar Import Export SAL", "Lebanon Cedar Import Export SAL"),
    ("Theodosia K (ex-Lindos Harrier until 2019)", "Lindos Harrier"),  # when it was that name, set aside
    ("MV Apapa Falcon (ex Warri Osprey, 2020)", "Warri Osprey"),
    ("MV Karachi Crescent (ex Mandvi Bay, ex Wanshan Pearl)", "Wanshan Pearl"),  # two in one bracket
    ("MV Karachi Crescent (ex Mandvi Bay, ex Wanshan Pearl)", "Mandvi Bay"),
    ("Kalliopi Dawn ex Orion Tanager", "Orion Tanager"),  # no brackets
    ("Kalliopi Dawn ex Orion Tanager", "Kalliopi Dawn"),
    ("Qamar Al Khaleej ex-Rimal Star", "Rimal Star"),
    ("Barka NOGAT 12 (ex WARTA 7)", "WARTA 7"),  # a number alone is the name's own
    ("DAY EXCHANGE COMPANY TEHRAN BRANCH", "DAY EXCHANGE COMPANY"),  # a branch without a comma
    ("FIRST EAST EXPORT BANK KUALA LUMPUR BRANCH", "FIRST EAST EXPORT BANK"),  # (a place of two words)
    ("Bank Melli Iran Hamburg Filiale", "Bank Melli Iran"),
    ("MTS RIJNKREKEL (Rotterdam)", "RIJNKREKEL"),  # other vessel prefixes: a motor tanker, a fishing vessel
    ("FV KIM HOCK LEONG 33", "KIM HOCK LEONG 33"),
])
def test_a_field_yields_the_former_names_it_gives(field, part):
    parts = dict(name_parts(field))
    assert part in parts
    assert parts[part]


@pytest.mark.parametrize("name", ["EX-35011", "Ex Libris Ltd", "Rex Trading", "Alex Exports Ltd", "Apex Ex"])
def test_ex_inside_a_name_is_no_former_name(name):
    assert not [p for p, why in name_parts(name) if "another name" in why or "name now" in why]


def test_a_listed_name_gives_its_former_names_not_other_parties_nor_a_companys_first_word():
    from screener.matching.annotations import other_names, prefix_words

    assert other_names("John Smith c/o ACME Trading Ltd") == []  # another party, not another name
    assert other_names("Baltic Trade OOO f.k.a. Nordic Parts OOO") == ["Baltic Trade OOO", "Nordic Parts OOO"]
    # MTS, FV ... open a vessel's listed name; a company's (MTS BANK, FV HOLDINGS) keeps them
    assert prefix_words("MTS RIJNKREKEL", vessel=True) == 1 and prefix_words("FV KIM SOON 23", vessel=True) == 1
    assert prefix_words("MTS BANK") == 0 and prefix_words("FV HOLDINGS LTD") == 0
    assert prefix_words("MV HELLENIC SPIRIT") == 1  # (the long-standing ones either way)


def test_a_listed_former_name_is_found_and_said(sdn):
    # a private list's line that gives the vessel's former name beside its name
    engine = MatchingEngine([WatchlistEntry(entry_id="1", list="X", names=["Dunav Pionir (ex Danube Pioneer)"],
                                            type="vessel")], freeze_gc=False)
    hit = engine.match(PartyQuery("Danube Pioneer"))[0]
    assert hit.entry_id == "1" and hit.matched_name == "Danube Pioneer"
    assert hit.details["listed_as"] == "Dunav Pionir (ex Danube Pioneer)"
    assert "another name in the listed 'Dunav Pionir (ex Danube Pioneer)'" in hit.explanation
    assert engine.match(PartyQuery("Dunav Pionir"))[0].entry_id == "1"
    assert engine.match(PartyQuery("Danube Explorer")) == []
    # and the list's own former name, by any of its markers
    engine.upsert(WatchlistEntry(entry_id="2", list="X", names=["Ostrowski Grain Partners LLC f.k.a. Bryggen Feed LLC"],
                                 type="organization"))
    assert [h.entry_id for h in engine.match(PartyQuery("Bryggen Feed LLC"))] == ["2"]


def test_a_vessels_former_name_finds_the_listed_vessel(sdn):
    assert "19590" in _ids(sdn, "NEW HORIZON (f.k.a. VICTORY 2)")  # VICTORY 2
    assert "19590" in _ids(sdn, "NEW HORIZON (ex VICTORY 2, until 2016)")
    assert "19590" in _ids(sdn, "New Horizon ex Victory 2")
    assert "19590" not in _ids(sdn, "NEW HORIZON (ex VICTORY 3, until 2016)")  # another number


def test_a_vessel_behind_a_prefix_and_a_port_is_found(sdn):
    assert "19590" in _ids(sdn, "MV VICTORY 2, Bandar Abbas")  # VICTORY 2
    assert "19590" in _ids(sdn, "NEW HORIZON (ex-VICTORY 2)")


def test_a_bank_behind_a_label_or_with_its_branch_is_found(sdn):
    assert "25681" in _ids(sdn, "BENEFICIARY: FIRST EAST EXPORT BANK PLC")
    assert "25681" in _ids(sdn, "First East Export Bank PLC, Kuala Lumpur Branch", "organization")
    assert "25681" in _ids(sdn, "FIRST EAST EXPORT BANK PLC KUALA LUMPUR BRANCH")  # (no comma)
    hit = next(h for h in sdn.match(PartyQuery("FIRST EAST EXPORT BANK PLC LABUAN BRANCH"), limit=10)
               if h.entry_id == "25681")
    assert "a branch set aside: 'LABUAN BRANCH'" in hit.explanation


@pytest.mark.parametrize("name", ["Olive Branch", "Green Branch", "Olive Branch Trading Ltd"])
def test_a_name_that_is_a_branch_of_a_tree_is_not_taken_apart(name):
    assert name_parts(name) == []


def test_a_hit_on_part_of_the_field_says_so(sdn):
    hit = next(h for h in sdn.match(PartyQuery("MV VICTORY 2, Bandar Abbas"), limit=10) if h.entry_id == "19590")
    assert hit.details["query_part"] == "VICTORY 2"
    assert "Bandar Abbas" in hit.details["set_aside"] and "MV" in hit.details["set_aside"]
    assert hit.explanation.startswith("on 'VICTORY 2' of the query")


def test_parts_add_no_hit_the_words_do_not_make(sdn):
    # the port alone, or a different number, is no listed vessel
    assert "19590" not in _ids(sdn, "MV VICTORY 3, Bandar Abbas")
    assert _ids(sdn, "MV Northern Light, Bandar Abbas") == []


# -- one legal form, written several ways -------------------------------------------------------
@pytest.mark.parametrize(("a", "b"), [
    ("XYZ Co.", "XYZ Company"),
    ("Deccan Agro Traders Pvt. Ltd.", "Deccan Agro Traders Private Limited"),
    ("Sindh Agro Chemicals (Pvt) Ltd", "Sindh Agro Chemicals (Private) Limited"),
    ("Senat Shipping Pte. Ltd.", "Senat Shipping Private Limited"),
    ("Zenith Trading Corporation", "ZENITH TRADING CORP."),
    ("Siam Nice CompanyLtd.", "SIAM NICE COMPANY LTD."),
])
def test_spellings_of_one_legal_form_are_one(a, b):
    assert normalize_name(a).tokens == normalize_name(b).tokens


def test_company_inside_a_name_is_a_word():
    # only a closing "Company" is the legal form: ZARJMIL COMPANY HAWALA keeps its word
    assert "company" in normalize_name("HAJI BASIR AND ZARJMIL COMPANY HAWALA").tokens


@pytest.mark.parametrize(("query", "listed"), [
    ("ABC Co.", "A.B.C. Company"),  # initials with the legal form written short
    ("Deccan Agro Traders Pvt. Ltd.", "Deccan Agro Traders Private Limited"),
])
def test_a_company_is_found_whatever_the_spelling_of_its_legal_form(query, listed):
    engine = MatchingEngine([WatchlistEntry(entry_id="1", list="X", names=[listed], type="organization")],
                            freeze_gc=False)
    assert [h.entry_id for h in engine.match(PartyQuery(query, type="organization"))] == ["1"]


# -- numbers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b"), [
    ("brigade forty-four", "brigade 44"),
    ("three percenters", "3 percenters"),
    ("1st international bank", "first international bank"),
    ("sea star iii", "sea star 3"),
])
def test_numbers_are_written_one_way(a, b):
    assert numbers_written(a) == numbers_written(b)


def test_a_persons_generational_suffix_stays_a_suffix():
    assert normalize_name("John Smith III", org_forms=False).tokens == ("john", "smith", "iii")


def test_numbered_names_agree_however_the_number_is_written(sdn):
    assert "25802" in _ids(sdn, "1st Islamic Investment Bank Limited")  # FIRST ISLAMIC INVESTMENT BANK
    assert "7142" in _ids(sdn, "1st of October Antifascist Resistance Group")
    assert "15076" in _ids(sdn, "SEA STAR 3")  # SEA STAR III
    assert "15076" not in _ids(sdn, "SEA STAR II")  # another ship
    assert "18618" in _ids(sdn, "Shelimar Real Estate Holdings 3, Inc.")
    assert "18618" not in _ids(sdn, "Shelimar Real Estate Holdings II, Inc.")  # HOLDINGS III is another


# -- patronymics --------------------------------------------------------------------------------
def test_another_patronymic_is_another_person(sdn):
    assert "24183" in _ids(sdn, "Igor Arkadievich Rotenberg", "person")  # ROTENBERG, Igor Arkadyevich
    assert "24183" not in _ids(sdn, "Igor Borisovich Rotenberg", "person")
    hits = sdn.match(PartyQuery("Igor Borisovich Rotenberg", type="person"), limit=10)
    assert all("24183" != h.entry_id for h in hits)


# -- a legal form is a word of its own ------------------------------------------------------------
@pytest.mark.parametrize("name", ["EP-GOM", "YK-AGE", "RIYADH-AS-SALIHEEN"])
def test_a_word_joined_by_a_hyphen_is_no_legal_form(name):
    # rigour's table reads EP, YK and AS alone as legal forms; joined to a name they are part of it
    assert True not in normalize_name(name).legal


def test_a_common_word_with_a_legal_form_is_not_a_hyphenated_listed_name(sdn):
    assert "15746" not in _ids(sdn, "Age GmbH", "organization")  # YK-AGE
    assert "15431" not in _ids(sdn, "GOM Ltd", "organization")  # the aircraft EP-GOM
    assert "15431" in _ids(sdn, "EP-GOM")


# -- one name's vowels and j written differently -------------------------------------------------
@pytest.mark.parametrize(("a", "b"), [
    ("osama", "usama"), ("othman", "uthman"), ("nasir", "naser"), ("mahmoud", "mahmud"),
    ("zavyalov", "zavjalov"), ("jurij", "yuriy"), ("sergej", "sergey"),
])
def test_vowel_and_j_spellings_of_one_name_are_alike(a, b):
    assert token_similarity(a, b) >= VOWEL_SPELLING_SIM


@pytest.mark.parametrize(("a", "b"), [("antonio", "antonia"), ("hassan", "hussein"), ("yusuf", "yosef")])
def test_other_vowels_are_other_names(a, b):
    assert token_similarity(a, b) < VOWEL_SPELLING_SIM


def test_a_name_in_other_vowel_spellings_is_found(sdn):
    assert "6950" in _ids(sdn, "Omer Mahmud Othman", "person")  # UTHMAN, Omar Mahmoud
