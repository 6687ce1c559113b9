"""Occupied regions of Ukraine in addresses: every region in Latin (several transliterations),
Ukrainian and Russian Cyrillic, by town, raion, oblast and postcode; the partly occupied oblasts;
and near misses -- street names, other countries, homonyms."""

from __future__ import annotations

import pytest

from screener.enrichment import EnrichedParty, Enricher
from screener.enrichment.regions import (
    DEFAULT_GAZETTEER,
    DEFAULT_OCCUPIED_REGIONS,
    OccupiedRegion,
    build_region,
    detect_regions,
    find_regions,
    skeleton,
)
from screener.events.orders import OrderEvent

ENRICHER = Enricher()


def party(address: dict, country: str | None = None, enricher: Enricher = ENRICHER) -> EnrichedParty:
    p = {"role": "ship_to", "name": "Recipient", "address": address}
    if country is not None:
        p["country"] = country
    return enricher.enrich(OrderEvent.model_validate({"order_id": "o", "parties": [p]})).parties[0]


def regions(address: dict, country: str | None = None) -> dict[str, str]:
    """{region: status}"""
    return {name: hit.status for name, hit in party(address, country).region_hits.items()}


# --- every region, every script ------------------------------------------------------------------

# (field, value, region). Latin: Ukrainian national romanization, Russian BGN/PCGN and common
# variants; then Ukrainian and Russian Cyrillic.
OCCUPIED = [
    # CRIMEA (incl. Sevastopol)
    ("city", "Sevastopol", "CRIMEA"), ("city", "Sewastopol", "CRIMEA"), ("city", "Севастополь", "CRIMEA"),
    ("city", "Simferopol", "CRIMEA"), ("city", "Сімферополь", "CRIMEA"), ("city", "Симферополь", "CRIMEA"),
    ("city", "Yalta", "CRIMEA"), ("city", "Jalta", "CRIMEA"), ("city", "Ялта", "CRIMEA"),
    ("city", "Kerch", "CRIMEA"), ("city", "Керч", "CRIMEA"), ("city", "Керчь", "CRIMEA"),
    ("city", "Yevpatoriia", "CRIMEA"), ("city", "Evpatoria", "CRIMEA"), ("city", "Євпаторія", "CRIMEA"),
    ("city", "Евпатория", "CRIMEA"), ("city", "Feodosiia", "CRIMEA"), ("city", "Феодосия", "CRIMEA"),
    ("city", "Dzhankoi", "CRIMEA"), ("city", "Джанкой", "CRIMEA"), ("city", "Bakhchysarai", "CRIMEA"),
    ("city", "Bakhchisaray", "CRIMEA"), ("city", "Бахчисарай", "CRIMEA"), ("city", "Alushta", "CRIMEA"),
    ("city", "Balaklava", "CRIMEA"), ("city", "Inkerman", "CRIMEA"),
    ("region", "Crimea", "CRIMEA"), ("region", "Krym", "CRIMEA"), ("region", "Крим", "CRIMEA"),
    ("region", "Крым", "CRIMEA"), ("region", "Республика Крым", "CRIMEA"),
    ("region", "Автономна Республіка Крим", "CRIMEA"), ("region", "Republic of Crimea", "CRIMEA"),
    ("region", "UA-43", "CRIMEA"), ("region", "UA-40", "CRIMEA"),
    # DONETSK (the so-called DNR)
    ("city", "Donetsk", "DONETSK"), ("city", "Donezk", "DONETSK"), ("city", "Донецьк", "DONETSK"),
    ("city", "м. Донецьк", "DONETSK"), ("city", "г. Донецк", "DONETSK"),
    ("city", "Mariupol", "DONETSK"), ("city", "Маріуполь", "DONETSK"), ("city", "Мариуполь", "DONETSK"),
    ("city", "Makiivka", "DONETSK"), ("city", "Makeyevka", "DONETSK"), ("city", "Makeevka", "DONETSK"),
    ("city", "Макіївка", "DONETSK"), ("city", "Макеевка", "DONETSK"),
    ("city", "Horlivka", "DONETSK"), ("city", "Gorlovka", "DONETSK"), ("city", "Горлівка", "DONETSK"),
    ("city", "Горловка", "DONETSK"), ("city", "Yenakiieve", "DONETSK"), ("city", "Enakievo", "DONETSK"),
    ("city", "Єнакієве", "DONETSK"), ("city", "Енакиево", "DONETSK"), ("city", "Debaltseve", "DONETSK"),
    ("city", "Bakhmut", "DONETSK"), ("city", "Avdiivka", "DONETSK"), ("city", "Авдеевка", "DONETSK"),
    ("region", "Donetska oblast", "DONETSK"), ("region", "Donetskaya oblast", "DONETSK"),
    ("region", "Donets'ka obl.", "DONETSK"), ("region", "Донецька область", "DONETSK"),
    ("region", "Донецкая обл.", "DONETSK"), ("region", "DNR", "DONETSK"), ("region", "ДНР", "DONETSK"),
    ("region", "Donetsk People's Republic", "DONETSK"), ("region", "Донецкая Народная Республика", "DONETSK"),
    ("region", "UA-14", "DONETSK"),
    # LUHANSK (the so-called LNR)
    ("city", "Luhansk", "LUHANSK"), ("city", "Lugansk", "LUHANSK"), ("city", "Луганськ", "LUHANSK"),
    ("city", "Луганск", "LUHANSK"), ("city", "Alchevsk", "LUHANSK"), ("city", "Алчевськ", "LUHANSK"),
    ("city", "Алчевск", "LUHANSK"), ("city", "Sievierodonetsk", "LUHANSK"), ("city", "Severodonetsk", "LUHANSK"),
    ("city", "Сєвєродонецьк", "LUHANSK"), ("city", "Северодонецк", "LUHANSK"), ("city", "Lysychansk", "LUHANSK"),
    ("city", "Lisichansk", "LUHANSK"), ("city", "Лисичанськ", "LUHANSK"), ("city", "Kadiivka", "LUHANSK"),
    ("city", "Stakhanov", "LUHANSK"), ("city", "Krasnodon", "LUHANSK"), ("city", "Starobilsk", "LUHANSK"),
    ("region", "Luhanska oblast", "LUHANSK"), ("region", "Luganskaya oblast", "LUHANSK"),
    ("region", "Луганська область", "LUHANSK"), ("region", "Луганская обл.", "LUHANSK"),
    ("region", "LNR", "LUHANSK"), ("region", "ЛНР", "LUHANSK"), ("region", "Luhansk People's Republic", "LUHANSK"),
    ("region", "UA-09", "LUHANSK"),
    # ZAPORIZHZHIA (occupied part)
    ("city", "Melitopol", "ZAPORIZHZHIA"), ("city", "Мелітополь", "ZAPORIZHZHIA"),
    ("city", "Мелитополь", "ZAPORIZHZHIA"), ("city", "Berdiansk", "ZAPORIZHZHIA"),
    ("city", "Berdyansk", "ZAPORIZHZHIA"), ("city", "Бердянськ", "ZAPORIZHZHIA"), ("city", "Бердянск", "ZAPORIZHZHIA"),
    ("city", "Enerhodar", "ZAPORIZHZHIA"), ("city", "Energodar", "ZAPORIZHZHIA"),
    ("city", "Енергодар", "ZAPORIZHZHIA"), ("city", "Энергодар", "ZAPORIZHZHIA"),
    ("city", "Tokmak", "ZAPORIZHZHIA"), ("city", "Токмак", "ZAPORIZHZHIA"), ("city", "Polohy", "ZAPORIZHZHIA"),
    ("city", "Pologi", "ZAPORIZHZHIA"), ("city", "Пологи", "ZAPORIZHZHIA"), ("city", "Dniprorudne", "ZAPORIZHZHIA"),
    ("city", "Kamianka-Dniprovska", "ZAPORIZHZHIA"), ("city", "Molochansk", "ZAPORIZHZHIA"),
    ("city", "Yakymivka", "ZAPORIZHZHIA"), ("city", "Akimovka", "ZAPORIZHZHIA"),
    ("region", "Melitopolskyi raion", "ZAPORIZHZHIA"), ("region", "Мелітопольський район", "ZAPORIZHZHIA"),
    ("region", "Мелитопольский р-н", "ZAPORIZHZHIA"), ("region", "Berdianskyi district", "ZAPORIZHZHIA"),
    # KHERSON (occupied part)
    ("city", "Henichesk", "KHERSON"), ("city", "Genichesk", "KHERSON"), ("city", "Генічеськ", "KHERSON"),
    ("city", "Геническ", "KHERSON"), ("city", "Skadovsk", "KHERSON"), ("city", "Скадовськ", "KHERSON"),
    ("city", "Скадовск", "KHERSON"), ("city", "Nova Kakhovka", "KHERSON"), ("city", "Novaya Kakhovka", "KHERSON"),
    ("city", "Нова Каховка", "KHERSON"), ("city", "Новая Каховка", "KHERSON"), ("city", "Kakhovka", "KHERSON"),
    ("city", "Oleshky", "KHERSON"), ("city", "Aleshki", "KHERSON"), ("city", "Олешки", "KHERSON"),
    ("city", "Алешки", "KHERSON"), ("city", "Hola Prystan", "KHERSON"), ("city", "Golaya Pristan", "KHERSON"),
    ("city", "Гола Пристань", "KHERSON"), ("city", "Голая Пристань", "KHERSON"), ("city", "Chaplynka", "KHERSON"),
    ("city", "Chaplinka", "KHERSON"), ("city", "Чаплинка", "KHERSON"), ("city", "Kalanchak", "KHERSON"),
    ("region", "Kherson oblast, Henichesk raion", "KHERSON"), ("region", "Генічеський район", "KHERSON"),
    ("region", "Генический р-н", "KHERSON"), ("region", "Skadovskyi raion", "KHERSON"),
]


@pytest.mark.parametrize("field,value,region", OCCUPIED)
@pytest.mark.parametrize("country", ["UA", "Russia", None])
def test_each_region_in_each_script(field, value, region, country):
    address = {field: value}
    if country:
        address["country"] = country
    assert regions(address) == {region: "occupied"}


def test_every_region_of_the_gazetteer_is_covered_above():
    assert {r for *_, r in OCCUPIED} == set(DEFAULT_GAZETTEER.regions) == {
        "CRIMEA", "DONETSK", "LUHANSK", "ZAPORIZHZHIA", "KHERSON"}
    assert [r.name for r in DEFAULT_OCCUPIED_REGIONS] == list(DEFAULT_GAZETTEER.regions)


@pytest.mark.parametrize("address,region", [
    # Ukrainian five-digit codes (an address in Ukraine or Russia)
    ({"postal_code": "95000", "country": "UA"}, "CRIMEA"),  # Simferopol
    ({"postal_code": "99011", "country": "UA"}, "CRIMEA"),  # Sevastopol
    ({"postal_code": "83000", "country": "UA"}, "DONETSK"),
    ({"postal_code": "87500", "country": "Ukraine"}, "DONETSK"),  # Mariupol
    ({"postal_code": "91000", "country": "UA"}, "LUHANSK"),
    ({"postal_code": "72312", "country": "UA"}, "ZAPORIZHZHIA"),  # Melitopol
    # Russian-imposed six-digit codes ("2" + the Ukrainian code), also without a country
    ({"postal_code": "295000"}, "CRIMEA"), ({"postal_code": "295 000", "country": "RU"}, "CRIMEA"),
    ({"postal_code": "299011", "country": "UA"}, "CRIMEA"),
    ({"postal_code": "283001", "country": "RU"}, "DONETSK"), ({"postal_code": "291000"}, "LUHANSK"),
    ({"postal_code": "272312", "country": "RU"}, "ZAPORIZHZHIA"), ({"postal_code": "275500"}, "KHERSON"),
    # a postcode in another field
    ({"city": "295000 Simferopol"}, "CRIMEA"), ({"street": "ul. Pushkina 1, 298600", "country": "RU"}, "CRIMEA"),
])
def test_postcodes(address, region):
    assert regions(address) == {region: "occupied"}


# --- partly occupied oblasts ---------------------------------------------------------------------

@pytest.mark.parametrize("address,region", [
    ({"region": "Zaporizka oblast"}, "ZAPORIZHZHIA"), ({"region": "Zaporizhzhia Oblast"}, "ZAPORIZHZHIA"),
    ({"region": "Запорізька область"}, "ZAPORIZHZHIA"), ({"region": "Запорожская обл."}, "ZAPORIZHZHIA"),
    ({"region": "Zaporozhye region"}, "ZAPORIZHZHIA"), ({"region": "UA-23"}, "ZAPORIZHZHIA"),
    ({"region": "Zaporizhzhia"}, "ZAPORIZHZHIA"),  # a region field names the oblast
    ({"region": "Khersonska oblast"}, "KHERSON"), ({"region": "Херсонська область"}, "KHERSON"),
    ({"region": "Херсонская обл."}, "KHERSON"), ({"region": "Kherson region"}, "KHERSON"),
    ({"region": "UA-65"}, "KHERSON"), ({"region": "Kherson"}, "KHERSON"),
    ({"region": "Polohivskyi raion"}, "ZAPORIZHZHIA"), ({"region": "Khersonskyi raion"}, "KHERSON"),
    ({"postal_code": "70002", "country": "UA"}, "ZAPORIZHZHIA"), ({"postal_code": "74900", "country": "UA"}, "KHERSON"),
    ({"postal_code": "84600", "country": "UA"}, "DONETSK"),  # 84xxx: Horlivka, but also Kramatorsk
    ({"city": "Vasylivka"}, "ZAPORIZHZHIA"),  # many villages share the name
])
def test_partly_occupied_is_held_for_review(address, region):
    assert regions({**address, "country": address.get("country", "UA")}) == {region: "partly"}


@pytest.mark.parametrize("address", [
    {"city": "Zaporizhzhia"}, {"city": "Запоріжжя"}, {"city": "Запорожье"}, {"city": "Kherson"},
    {"city": "Херсон"}, {"city": "Beryslav"},
    # a government-controlled town and only the oblast
    {"city": "Zaporizhzhia", "region": "Zaporizka oblast"}, {"city": "Херсон", "region": "Херсонська область"},
    {"city": "Kherson", "region": "Kherson"}, {"city": "Zaporizhzhia", "postal_code": "69000"},
    {"city": "Kherson", "postal_code": "73000"}, {"city": "Kramatorsk", "postal_code": "84300"},
    {"city": "Vasylivka", "region": "Dnipropetrovska oblast"},  # the homonym in another oblast
])
def test_government_controlled_places_are_not_held(address):
    assert regions({**address, "country": "UA"}) == {}


@pytest.mark.parametrize("address", [
    {"city": "Melitopol", "region": "Zaporizka oblast"}, {"city": "Enerhodar", "region": "Zaporizhzhia Oblast"},
    {"city": "Vasylivka", "region": "Zaporizka oblast"}, {"city": "Vasylivka", "region": "Zaporizhzhia"},
    {"city": "Vasylivka", "postal_code": "71600"},
])
def test_occupied_town_in_a_partly_occupied_oblast(address):
    assert regions({**address, "country": "UA"}) == {"ZAPORIZHZHIA": "occupied"}


# --- near misses ---------------------------------------------------------------------------------

@pytest.mark.parametrize("address", [
    # streets named after occupied places, in government-controlled cities
    {"street": "vul. Donetska 5", "city": "Kyiv", "country": "UA"},
    {"street": "vul. Donetska 5, Kyiv", "country": "UA"},
    {"street": "вул. Донецька, 5", "city": "Київ", "country": "UA"},
    {"street": "ул. Донецкая, 5", "city": "Киев", "country": "UA"},
    {"street": "Donetska vul. 5", "city": "Kyiv", "country": "UA"},
    {"street": "Donetska 5", "city": "Kyiv", "country": "UA"},  # the adjective alone is no oblast
    {"street": "vul. Khersonska 10", "city": "Lviv", "country": "UA"},
    {"street": "Kherson Street 12", "city": "Lviv", "country": "UA"},
    {"street": "12 Kherson St.", "city": "Lviv", "region": "Lvivska oblast", "country": "UA"},
    {"street": "Melitopolska St 3", "city": "Kyiv", "country": "UA"},
    {"street": "Sevastopolska ploshcha 2", "city": "Kyiv", "country": "UA"},
    {"street": "prospekt Luhanskyi 4", "city": "Dnipro", "country": "UA"},
    {"street": "пр-т Маріупольський 7", "city": "Дніпро", "country": "UA"},
    {"street": "Krymska vul. 3", "city": "Odesa", "country": "UA"},
    # a place named like an occupied one elsewhere
    {"city": "Donetsk", "region": "Rostovskaya oblast", "country": "RU"},
    {"city": "Sebastopol", "region": "CA", "country": "US"},
    {"city": "Sebastopol", "region": "CA", "country": "Ukraine"},
    # other countries: place names and postcodes count only in Ukraine or Russia
    {"street": "Donezker Str. 5", "city": "Berlin", "country": "DE"},
    {"line1": "Donetsk Trading Centre, Hauptstr. 5", "city": "Berlin", "country": "DE"},
    {"city": "Simferopol", "country": "DE"},
    {"street": "530 W Allegan St", "line2": "Michigan DNR", "city": "Lansing", "region": "MI", "country": "US"},
    {"street": "Marktplatz 1", "city": "Rosenheim", "postal_code": "83022", "country": "DE"},
    {"street": "1 Colorado Blvd", "city": "Pasadena", "postal_code": "91101"},  # no country, five digits
    {"city": "Hangzhou", "postal_code": "295000", "country": "CN"},
    {"street": "Crimea Road 4", "city": "Aldershot", "country": "GB"},
    # ordinary Ukrainian addresses
    {"city": "Kyiv", "country": "UA"}, {"city": "Kharkiv", "country": "UA"}, {"city": "Odesa", "country": "UA"},
    {"city": "Dnipro", "postal_code": "49000", "country": "UA"}, {"city": "Lviv", "postal_code": "79000", "country": "UA"},
    {"street": "Kriminalstrasse 4", "country": "UA"}, {"street": "LNRX Park", "country": "UA"},
])
def test_near_misses(address):
    p = party(address)
    assert p.regions == [] and p.region_hits == {}
    assert p.destination_risk != "embargoed" or p.country in ("RU",)


@pytest.mark.parametrize("text,region", [
    ("ul. Lenina Sevastopol", "CRIMEA"), ("г. Севастополь ул. Ленина 5", "CRIMEA"), ("ул. Ленина Донецк", "DONETSK"),
    ("Lenina st Sevastopol", "CRIMEA"), ("Mariupol, prospekt Myru 1", "DONETSK"),
])
def test_street_markers_do_not_hide_the_town(text, region):
    assert regions({"street": text, "country": "UA"}) == {region: "occupied"}


@pytest.mark.parametrize("address,expected", [
    ({"city": "Belogorsk", "region": "Crimea"}, {"CRIMEA": "occupied"}),
    ({"city": "Белогорск"}, {"CRIMEA": "partly"}),
    ({"city": "Belogorsk", "region": "Amur oblast"}, {}),
    ({"city": "Pervomaisk", "region": "Mykolaivska oblast"}, {}),
    ({"city": "Pervomaisk", "region": "Luhanska oblast"}, {"LUHANSK": "occupied"}),
    ({"city": "Yekaterinburg", "region": "Sverdlovsk oblast"}, {}),
])
def test_shared_town_names(address, expected):
    assert regions({**address, "country": "RU" if "Amur" in str(address) or "Sverd" in str(address) else "UA"}) \
        == expected


def test_party_name_is_never_searched():
    p = {"role": "end_user", "name": "Donetsk Handels GmbH", "country": "DE",
         "address": {"street": "Hauptstr. 5", "city": "Berlin", "country": "DE"}}
    e = ENRICHER.enrich(OrderEvent.model_validate({"order_id": "o", "parties": [p]}))
    assert e.parties[0].regions == []


def test_region_names_count_in_any_country():
    # The region's own names and ISO codes are not ambiguous; a country field naming a region too.
    assert regions({"region": "Crimea", "city": "Berlin", "country": "DE"}) == {"CRIMEA": "occupied"}
    assert regions({"region": "UA-43", "country": "DE"}) == {"CRIMEA": "occupied"}
    assert regions({"country": "Crimea"}) == {"CRIMEA": "occupied"}
    assert regions({}, country="Crimea") == {"CRIMEA": "occupied"}


def test_russian_and_ukrainian_addresses_of_the_same_place():
    ru = regions({"street": "ул. Ленина 5", "city": "Ялта", "postal_code": "298600", "region": "Республика Крым",
                  "country": "Россия"})
    ua = regions({"street": "вул. Леніна 5", "city": "Ялта", "postal_code": "98600",
                  "region": "Автономна Республіка Крим", "country": "Україна"})
    assert ru == ua == {"CRIMEA": "occupied"}


def test_hits_say_how_a_region_was_named():
    hit = party({"city": "Melitopol", "region": "Zaporizka oblast", "country": "UA"}).region_hits["ZAPORIZHZHIA"]
    assert (hit.status, hit.kind, hit.label, hit.words) == ("occupied", "place", "Melitopol", "melitopol")
    hit = party({"region": "Запорожская обл.", "country": "UA"}).region_hits["ZAPORIZHZHIA"]
    assert (hit.status, hit.label) == ("partly", "Zaporizka oblast")
    hit = party({"postal_code": "295000"}).region_hits["CRIMEA"]
    assert (hit.kind, hit.label, hit.words) == ("postcode", "postcode 295000", "295000")
    p = party({"region": "Kherson region", "country": "UA"})
    assert p.partly_regions == ["KHERSON"] and p.destination_risk == "embargoed"


def test_extra_address_fields_by_their_names():
    assert regions({"oblast": "Zaporizka oblast", "country": "UA"}) == {"ZAPORIZHZHIA": "partly"}
    assert regions({"zip": "72312", "country": "UA"}) == {"ZAPORIZHZHIA": "occupied"}
    assert regions({"district": "Henicheskyi raion", "country": "UA"}) == {"KHERSON": "occupied"}
    assert regions({"lines": ["Lenina 1", "Horlivka"], "country": "UA"}) == {"DONETSK": "occupied"}


# --- the matching itself -------------------------------------------------------------------------

def test_skeleton_joins_transliterations():
    for a, b in [("henichesk", "genichesk"), ("kherson", "herson"), ("yalta", "jalta"),
                 ("sevastopol", "sewastopol"), ("berdiansk", "berdyansk"), ("kreminna", "kremina")]:
        assert skeleton(a) == skeleton(b)
    assert skeleton("83000") == "83000"


def test_detect_regions_free_text():
    assert detect_regions(["Sevastopol", "Luhansk"]) == {"CRIMEA": "sevastopol", "LUHANSK": "luhansk"}
    assert detect_regions(["vul. Donetska 5, Kyiv"]) == {}
    assert detect_regions([None, ""]) == {}


def test_term_only_regions_and_wildcards():
    custom = (OccupiedRegion("TRANSNISTRIA", "MD", ("tiraspol*", "pridnestrovie")),)
    assert find_regions([("city", "Tiraspolul")], custom)["TRANSNISTRIA"].words == "tiraspolul"
    assert find_regions([("street", "str. Tiraspol 5"), ("city", "Chisinau")], custom) == {}
    assert find_regions([("region", "Pridnestrovie")], custom)["TRANSNISTRIA"].status == "occupied"
    assert OccupiedRegion("X", "UA", ("melitopol",)).find("melitopol") == "melitopol"


def test_build_region_exclude_and_terms():
    full = build_region("ZAPORIZHZHIA")
    assert full.places and full.postcodes and full.rigour == ("ua-23",)
    fewer = build_region("ZAPORIZHZHIA", exclude=["Мелітополь", "723"], terms=["melitopol district"])
    assert find_regions([("city", "Melitopol")], (fewer,), ("UA",)) == {}
    assert find_regions([("postal_code", "72312")], (fewer,), ("UA",))["ZAPORIZHZHIA"].status == "partly"
    assert find_regions([("other", "Melitopol district")], (fewer,), ("UA",))["ZAPORIZHZHIA"].kind == "term"
    bare = build_region("ZAPORIZHZHIA", gazetteer=False, terms=["enerhodar"])
    assert bare.places == () and find_regions([("city", "Melitopol")], (bare,)) == {}
    assert build_region("NOWHERE", "MD", terms=["x"]).terms == ("x",)


def test_gazetteer_records_its_sources():
    assert DEFAULT_GAZETTEER.compiled == "2026-11-29"
    assert DEFAULT_GAZETTEER.address_countries == {"UA", "RU"}
    markers = DEFAULT_GAZETTEER.street_before | DEFAULT_GAZETTEER.street_after
    assert {skeleton(w) for w in ("vul", "ul", "street", "st", "prospekt", "vulytsia", "ulitsa")} <= markers
    statuses = {r.name: r.status for r in DEFAULT_OCCUPIED_REGIONS}
    assert statuses == {"CRIMEA": "occupied", "DONETSK": "occupied", "LUHANSK": "occupied",
                        "ZAPORIZHZHIA": "partly", "KHERSON": "partly"}


def test_config_digest_covers_the_gazetteer():
    default = Enricher().config.digest
    assert Enricher(occupied_regions=DEFAULT_OCCUPIED_REGIONS).config.digest == default
    smaller = tuple(build_region(r.name, exclude=["Yalta"]) for r in DEFAULT_OCCUPIED_REGIONS)
    assert Enricher(occupied_regions=smaller).config.digest != default
