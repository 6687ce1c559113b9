"""Address matching (screener/matching/addresses.py): reading addresses, real listed addresses
written differently found, near misses and city-only addresses never found, the index kept in step
with the list, and the counts on the real lists."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from screener.events.control import WatchlistEntry
from screener.events.orders import Address
from screener.matching.addresses import AddressIndex, address_stats, parse_address, split_address
from screener.watchlists import load_watchlists, sample_path


def entry(entry_id: str, *addresses: str, name: str = "LISTED CO", list_code: str = "SDN",
          origin: str | None = "ofac", **extra) -> WatchlistEntry:
    return WatchlistEntry(entry_id=entry_id, list=list_code, origin=origin, names=[name], type="organization",
                          addresses=list(addresses), **extra)


@pytest.fixture(scope="module")
def sdn(shared_data: Path) -> list[WatchlistEntry]:
    return load_watchlists([shared_data / "ofac-sdn-2019"])


@pytest.fixture(scope="module")
def sdn_index(sdn) -> AddressIndex:
    return AddressIndex(sdn)


# --- reading addresses ----------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    # abbreviations, case, order of street type and name
    ("ul. Tverskaya 12, Moscow 125009, Russia", "ULITSA TVERSKAYA, D. 12, MOSKVA, 125009, RU"),
    # other script
    ("ul. Tverskaya 12, Moscow 125009, Russia", "ул. Тверская, д. 12, Москва 125009, Россия"),
    # compound street name, postcode with its country prefix, diacritics
    ("Zweierstrasse 35, Zurich CH-8022, Switzerland", "Zweierstr. 35, 8022 Zürich, CH"),
    # house and building numbers in any notation
    ("15/56 Rochdelskaya Street, Moscow 123022, Russia", "15 Korp. 56 D. 4 Etazh ul. Rochdelskaya, Moscow 123022"),
    ("pr. Mira 5, Moscow", "Prospekt Mira, No. 5, Moskva"),
    ("Office 301, Bldg 4, 10 Main Road, Dubai, UAE", "Of. 301, Building 4, No. 10 Main Rd, Dubai, United Arab Emirates"),
    ("Carrera 7 No. 115-60, Bogota, Colombia", "Cra. 7 # 115-60, Bogotá D.C., Colombia"),
    # transliteration variants and inflected endings
    ("3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia", "проезд Дерябина, 3, Ижевск"),
    ("22 Jin Cheng Jie, Dalian City, China", "No. 22 Jincheng Street, Dalian, CN"),
])
def test_the_same_address_written_differently(a, b):
    pa, pb = parse_address(a), parse_address(b)
    assert pa.street_level and pb.street_level
    index = AddressIndex([entry("1", a)])
    assert [h.entry_id for h in index.match(b)] == ["1"], (pa, pb)


def test_what_an_address_is_read_as():
    p = parse_address("Unit 503, 5th Floor, Silvercord Tower 2, 30, Canton Road, Tsim Sha Tsui, Kowloon, Hong Kong")
    assert p.country == "HK" and {"30", "503", "2"} == set(p.numbers)  # the floor is not a number
    assert {s.joined for s in p.streets} == {"silvercord", "canton"}
    p = parse_address("47 Queen Anne Street, London W1G 9JG, United Kingdom")
    assert p.postcodes == {"w1g9jg"} and p.country == "GB"
    p = parse_address("ул. Тверская, д. 12, стр. 1, Москва 125009, Россия")
    assert p.numbers == {"12", "1"} and p.postcodes == {"125009"} and "@ru-mow" in p.places
    p = parse_address({"street": "Lenin St. 2", "city": "Alushta", "postal_code": "29850", "country": "Ukraine"})
    assert p.country == "UA" and p.numbers == {"2"} and p.postcodes == {"29850"}


@pytest.mark.parametrize("text,kind", [
    ("Moscow, Russia", "place"),
    ("Pyongyang, Korea, North", "place"),
    ("Russia", "place"),
    ("P.O. Box 39948, Dubai, AE", "pobox"),
    ("a/ya 12, Moscow, Russia", "pobox"),
    ("Jamal street, Al-Dahima alley, Al-Hudaydah, Yemen", "no_number"),
    ("INMATE NUMBER 68370-097, 1800 INDUSTRIAL DRIVE, RAYMONDVILLE, TX, 78580, US", "custody"),
    ("3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia", "street"),
    ("40, Malaya Ordynka, Moscow 115184, Russia", "street"),
    ("Room 1104, North Tower Yueziu City Plaza, No. 445 Dong Feng Zhong Rd., Guangzhou, CN", "street"),
])
def test_kinds_of_listed_address(text, kind):
    assert parse_address(text).kind == kind


def test_split_address_gives_order_fields():
    assert split_address("3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia") == {
        "street": "3, Derjabin Pr.", "city": "Izhevsk", "postal_code": "426006", "country": "RU"}


# --- hits and near misses on a small list ---------------------------------------------------------

LISTED = entry("16911", "3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia", name="KALASHNIKOV CONCERN")
CITY_ONLY = entry("99", "Moscow, Russia", "Izhevsk, Russia", "P.O. Box 39948, Dubai, AE", name="CITY ONLY CO")


@pytest.mark.parametrize("address,country", [
    ({"street": "proezd Deryabina, d. 3", "city": "Izhevsk", "postal_code": "426006", "country": "RU"}, None),
    ({"street": "3 Derjabin proezd", "postal_code": "426006"}, "RU"),  # postcode instead of city
    ({"street": "3 DERYABIN PROEZD", "city": "IZHEVSK"}, None),  # no country on one side
    ("3 Deryabina proezd, Izhevsk, Russian Federation", None),
    ("Ижевск, проезд Дерябина, 3, 426006", "RU"),  # another order of the parts
    ("3 Deryabin Proezd Izhevsk 426006 Russia", None),  # no commas
])
def test_listed_address_written_differently_is_a_hit(address, country):
    index = AddressIndex([LISTED, CITY_ONLY])
    hits = index.match(address, country)
    assert [(h.entry_id, h.list, h.list_id, h.entry_name) for h in hits] == [
        ("16911", "SDN", "ofac:SDN", "KALASHNIKOV CONCERN")]
    assert hits[0].matched_address == LISTED.addresses[0]
    assert "number 3" in hits[0].detail and "agree" in hits[0].detail


@pytest.mark.parametrize("address,country", [
    ({"street": "proezd Deryabina, d. 5", "city": "Izhevsk", "postal_code": "426006"}, "RU"),  # other number
    ({"street": "ul. Pushkinskaya 3", "city": "Izhevsk", "postal_code": "426006"}, "RU"),  # other street
    ({"street": "3 Deryabin proezd", "city": "Votkinsk", "postal_code": "427430"}, "RU"),  # other city
    ({"street": "3 Deryabin proezd", "city": "Izhevsk"}, "KZ"),  # other country
    ({"street": "proezd Deryabina", "city": "Izhevsk", "postal_code": "426006"}, "RU"),  # no number
    ({"city": "Izhevsk", "postal_code": "426006", "country": "RU"}, None),  # the city alone
    ("Izhevsk, Russia", None),
    ("Russia", None),
    ({"street": "P.O. Box 39948", "city": "Dubai"}, "AE"),  # a listed PO box is no address
    ({"street": "ul. Lenina 1", "city": "Moscow"}, "RU"),  # a listed city is no address
])
def test_near_misses_are_no_hit(address, country):
    assert AddressIndex([LISTED, CITY_ONLY]).match(address, country) == []


def test_units_must_not_conflict_but_may_be_left_out():
    index = AddressIndex([entry("1", "Unit 503, 5th Floor, Silvercord Tower 2, 30, Canton Road, Tsim Sha Tsui, "
                                     "Kowloon, Hong Kong, China")])
    assert index.match({"street": "30 Canton Rd", "city": "Kowloon"}, "HK")  # the building
    assert index.match({"street": "Unit 503, 30 Canton Road", "city": "Tsim Sha Tsui"}, "HK")
    assert not index.match({"street": "Unit 1201, 30 Canton Road", "city": "Kowloon"}, "HK")  # another unit
    assert not index.match({"street": "28 Canton Road", "city": "Kowloon"}, "HK")
    # the same building name and street in another city
    assert not index.match({"street": "Silvercord Tower 2, 30 Canton Road", "city": "Shenzhen"}, "CN")


def test_one_hit_per_entry_in_a_stable_order():
    a = "16 Panteli Katelari Street, Nicosia 1097, Cyprus"
    index = AddressIndex([entry("b", a), entry("a", a, "Diagoras House, 16 Panteli Katelari Str., Nicosia 1097"),
                          entry("c", a, list_code="EL", origin="csl")])
    hits = index.match({"street": "16 Panteli Katelari St", "city": "Nicosia"}, "CY")
    assert [(h.list_id, h.entry_id) for h in hits] == [("csl:EL", "c"), ("ofac:SDN", "a"), ("ofac:SDN", "b")]
    assert len(index.match({"street": "16 Panteli Katelari St", "city": "Nicosia"}, "CY", limit=2)) == 2


def test_order_address_model_and_country_from_the_party():
    index = AddressIndex([LISTED])
    address = Address(street="proezd Deryabina 3", city="Izhevsk")
    assert index.match(address, "RU") and index.match(address, None)
    assert not index.match(address, "BY")


# --- kept in step with the list ---------------------------------------------------------------------

def test_upsert_delete_replace_list_like_the_matcher():
    index = AddressIndex()
    query = {"street": "3 Derjabin Pr.", "city": "Izhevsk", "country": "RU"}
    assert len(index) == 0 and index.match(query) == []
    v = index.version
    index.upsert(LISTED)
    assert index.version > v and [h.entry_id for h in index.match(query)] == ["16911"]
    assert index.entry(LISTED.key) is LISTED and len(index) == 1
    # an upsert that moves the entry: the old address goes (and the cached answer with it)
    moved = entry("16911", "27 Stromynka ul., Moscow 107076, Russia", name="KALASHNIKOV CONCERN")
    index.upsert(moved)
    assert index.match(query) == [] and index.match("Stromynka ul. 27, Moscow")
    assert index.delete("ofac:SDN", "16911") and not index.delete("ofac:SDN", "16911")
    assert index.match("Stromynka ul. 27, Moscow") == [] and index.entry(LISTED.key) is None
    # replace_list swaps one list and leaves the others
    other = entry("7", "3 Derjabin Pr., Izhevsk, Russia", list_code="EL", origin="csl")
    index.upsert(other)
    index.replace_list("ofac:SDN", [LISTED, CITY_ONLY])
    assert {h.list_id for h in index.match(query)} == {"ofac:SDN", "csl:EL"}
    index.replace_list("ofac:SDN", [])
    assert [h.list_id for h in index.match(query)] == ["csl:EL"]
    assert len(index) == 1


# --- the real lists ---------------------------------------------------------------------------------

def test_counts_of_street_level_addresses_on_the_real_lists(shared_data):
    entries = load_watchlists([shared_data / "ofac-sdn-2019", shared_data / "un", shared_data / "csl-sample"])
    stats = address_stats(entries)
    sdn, un = stats["ofac:SDN"], stats["un:UN"]
    # SDN 2019: 9,474 addresses; about 40% are street-level, half are only a city or a country
    assert sdn["addresses"] == 9474
    assert 3600 <= sdn["street"] <= 4100 and sdn["place"] >= 4500 and sdn["pobox"] >= 200
    assert 2300 <= sdn["entries_street"] <= 2500
    assert 100 <= un["street"] <= 140 and un["place"] >= 500
    index = AddressIndex(entries)
    assert len(index) == sum(s["street"] for s in stats.values())


@pytest.mark.parametrize("entry_id,address,country", [
    ("16911", {"street": "proezd Deryabina, d. 3", "city": "Izhevsk", "postal_code": "426006"}, "RU"),
    ("16911", {"street": "проезд Дерябина, 3", "city": "Ижевск", "country": "Россия"}, None),
    ("306", "Zweierstr. 35, 8022 Zürich", "CH"),  # Banco Nacional de Cuba
    ("16809", {"street": "Sevastopolsky prospekt 47a, office 304", "city": "Moskva"}, "RU"),
    ("16029", {"street": "15 Palizvani St.", "city": "Tehran"}, "IR"),
    ("10955", "Cra. 7 # 115-60, Local F-109, Bogotá D.C., Colombia", None),
    ("16812", {"street": "Rochdelskaya ul. 15 str. 56", "city": "Moscow"}, "RU"),  # listed "15/56"
    ("15122", {"street": "16 Panteli Katelari Str, 7th floor", "city": "Nicosia", "postal_code": "1097"}, "CY"),
    ("23769", "30 Canton Rd, Tsim Sha Tsui, Kowloon", "HK"),  # listed "..., Kowloon, Hong Kong, China"
])
def test_real_sdn_addresses_written_differently(sdn_index, entry_id, address, country):
    assert entry_id in [h.entry_id for h in sdn_index.match(address, country, limit=100)]


@pytest.mark.parametrize("address,country", [
    ({"street": "proezd Deryabina, d. 5", "city": "Izhevsk", "postal_code": "426006"}, "RU"),
    ({"street": "ul. Pushkinskaya 3", "city": "Izhevsk", "postal_code": "426006"}, "RU"),
    ({"street": "16 Panteli Katelari Street", "city": "Limassol", "postal_code": "3035"}, "CY"),
    ({"street": "Zweierstrasse 35", "city": "Basel", "postal_code": "4001"}, "CH"),
    ({"street": "Office 402, Structure 1, Building 1, Chermyanskaya Street", "city": "Moscow"}, "RU"),
    ({"street": "ul. Tverskaya 1", "city": "Moscow", "postal_code": "125009"}, "RU"),
    ({"street": "P.O. Box 39948", "city": "Dubai"}, "AE"),
])
def test_real_near_misses(sdn_index, address, country):
    assert sdn_index.match(address, country) == []


def test_listed_addresses_that_are_only_a_place_never_hit(sdn, sdn_index):
    place_only = {e.key for e in sdn if e.addresses and all(parse_address(a).kind == "place" for a in e.addresses)}
    assert len(place_only) > 1500
    held = {r.key for r in sdn_index._records.values()}
    assert not (place_only & held)
    for q in ({"street": "ul. Lenina 1", "city": "Moscow"}, {"street": "1 Main Street", "city": "Tehran"},
              {"street": "Calle 1 No. 1-1", "city": "Bogota"}, {"street": "1 Sheikh Zayed Road", "city": "Dubai"}):
        assert not {h.entry_key for h in sdn_index.match(q)} & place_only


def test_every_listed_street_address_finds_its_entry(sdn_index):
    """Each street-level SDN address, read back as an order would send it (street, city, postcode,
    country fields), finds its own entry."""
    records = list(sdn_index._records.values())
    found = sum(any(h.entry_key == r.key for h in sdn_index.match(split_address(r.address), limit=1000))
                for r in records)
    assert found / len(records) > 0.98


def test_lookups_are_cached_and_fast():
    entries = load_watchlists([sample_path()])
    index = AddressIndex(entries)
    queries = [{"street": f"{n} Stromynka ul.", "city": "Moscow", "country": "RU"} for n in range(20, 30)]
    assert [q for q in queries if index.match(q)] == [queries[7]]  # 27 Stromynka ul. (Rosoboronexport)
    start = time.perf_counter()
    for _ in range(1000):
        for q in queries:
            index.match(q)
    per_lookup = (time.perf_counter() - start) / 10_000
    assert per_lookup < 50e-6, per_lookup  # a few microseconds when cached
