"""Watch-list formats beyond the legacy CSVs: OFAC SDN.XML and SDN_ADVANCED.XML, the CSL JSON,
the UK Sanctions List, the EU financial sanctions XML, OpenSanctions FollowTheMoney JSON lines,
and awkward company CSVs.

Each official format is read from a small excerpt of a real publication in
tests/data/watchlists/ (see the README.md beside each excerpt for where it was cut from); the
awkward CSVs are written here, byte by byte, the way spreadsheets save them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.events.control import WatchlistEntry
from screener.watchlists import (
    WatchlistFormatError,
    bis_dpl,
    company,
    csl,
    csl_json,
    detect_format,
    eu_fsf,
    load_watchlists,
    ofac_advanced,
    ofac_sdn,
    ofac_xml,
    opensanctions,
    uk_sanctions,
    un_xml,
    weak_names,
)

DATA = Path(__file__).resolve().parent / "data" / "watchlists"
SDN_XML = DATA / "ofac_sdn_xml" / "sdn.xml"
FSE_XML = DATA / "ofac_sdn_xml" / "fse.xml"
ADVANCED = DATA / "ofac_sdn_advanced" / "sdn_advanced.xml"
CSL_JSON = DATA / "csl_json" / "consolidated.json"
UK_XML = DATA / "uk" / "UK-Sanctions-List.xml"
EU_XML = DATA / "eu" / "eu-fsf-export.xml"
FTM_EU_FSF = DATA / "opensanctions" / "eu_fsf" / "entities.ftm.json"
FTM_ZALA = DATA / "opensanctions" / "zala" / "entities.ftm.json"

# Every excerpt with its detect_format() name and its module's detector.
FORMATS = [
    (SDN_XML, "sdn_xml", ofac_xml.is_ofac_xml),
    (FSE_XML, "sdn_xml", ofac_xml.is_ofac_xml),
    (ADVANCED, "sdn_advanced", ofac_advanced.is_ofac_advanced),
    (CSL_JSON, "csl_json", csl_json.is_csl_json),
    (UK_XML, "uk", uk_sanctions.is_uk_sanctions_list),
    (EU_XML, "eu", eu_fsf.is_eu_fsf),
    (FTM_EU_FSF, "ftm", opensanctions.is_ftm),
    (FTM_ZALA, "ftm", opensanctions.is_ftm),
]


def by_id(entries: list[WatchlistEntry]) -> dict[str, WatchlistEntry]:
    ids = [e.entry_id for e in entries]
    assert len(ids) == len(set(ids)), ids
    return {e.entry_id: e for e in entries}


def extra(entry: WatchlistEntry, name: str) -> object:
    return (entry.model_extra or {}).get(name)


class TestOfacSdnXml:
    def test_entity_and_person(self) -> None:
        entries = by_id(ofac_xml.load(SDN_XML))
        assert set(entries) == {"36", "26235"}
        airline = entries["36"]
        assert airline.list == "SDN" and airline.source == "OFAC SDN"
        assert airline.names == ["AEROCARIBBEAN AIRLINES", "AERO-CARIBBEAN"]
        assert airline.type == "organization"
        assert airline.countries == ["CU"]
        assert airline.addresses == ["Havana, Cuba"]
        assert airline.programs == ["CUBA"]
        assert extra(airline, "source_url") == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=36"
        assert extra(airline, "remarks") is None and extra(airline, "listed_on") is None

        person = entries["26235"]
        assert person.names == ["MALKEVICH, Alexander Aleksandrovich"]  # "LAST, First" as in sdn.csv
        assert person.type == "person"
        assert person.countries == ["RU"]
        assert person.addresses == ["St. Petersburg, Russia"]
        assert person.programs == ["CYBER2"]
        assert extra(person, "remarks") == "(Linked To: USA REALLY)"

    def test_non_sdn_file_addresses_and_nationalities(self) -> None:
        entries = by_id(ofac_xml.load(FSE_XML))
        assert {e.list for e in entries.values()} == {"FSE"}  # OFAC's fse.xml is not the SDN list
        ferland = entries["15987"]
        assert ferland.names == ["FERLAND COMPANY LIMITED", "FERLAND CO. LTD"]
        assert ferland.programs == ["FSE-IR", "ISA", "EO13645"]
        assert ferland.addresses == [
            "29 A Anna Komnini St., PO Box 2303, Nicosia, Cyprus",
            "5/7 Sabaneyev Most., Odessa, Ukraine",
        ]
        assert ferland.countries == ["CY", "UA"]
        assert extra(ferland, "remarks") == "(Linked To: NATIONAL IRANIAN TANKER COMPANY)"
        hosseinpour = entries["16531"]
        assert hosseinpour.type == "person"
        assert hosseinpour.names == ["HOSSEINPOUR, Houshang", "HOSSEINPOUR, Houshang Shahali", "HOSEIN-PUR, Houshang"]
        assert hosseinpour.countries == ["SO", "DJ"]  # nationality and citizenship
        assert entries["16422"].names == ["SOKOLENKO, Vitaly", "SOKOLENKO, Vitalii", "SOKOLENKO, Vitaliy"]

    def test_list_codes_by_file_name(self) -> None:
        assert ofac_xml.list_name_for(Path("SDN.XML")) == ("SDN", "OFAC SDN")
        assert ofac_xml.list_name_for(Path("ssi.xml"))[0] == "SSI"
        assert ofac_xml.list_name_for(Path("consolidated.xml"))[0] == "OFAC-NONSDN"

    def test_same_entry_as_the_legacy_csv(self, shared_data: Path) -> None:
        csv_entry = by_id(ofac_sdn.load(shared_data / "ofac-sdn-2019"))["36"]
        xml_entry = by_id(ofac_xml.load(SDN_XML))["36"]
        assert (xml_entry.list, xml_entry.names, xml_entry.programs) == (
            csv_entry.list,
            csv_entry.names,
            csv_entry.programs,
        )

    def test_weak_aka_kept_apart(self, tmp_path: Path) -> None:
        # Element names as in SDN.XML; the BNC weak a.k.a. is OFAC's (uid 219), trimmed to what is tested.
        path = tmp_path / "sdn.xml"
        path.write_text(
            "<sdnList><sdnEntry><uid>306</uid><lastName>BANCO NACIONAL DE CUBA</lastName>"
            "<sdnType>Entity</sdnType><akaList><aka><uid>219</uid><type>a.k.a.</type>"
            "<category>weak</category><lastName>BNC</lastName></aka></akaList></sdnEntry></sdnList>"
        )
        [entry] = ofac_xml.load(path)
        assert entry.names == ["BANCO NACIONAL DE CUBA"] and weak_names(entry) == ["BNC"]


class TestOfacAdvanced:
    def test_parties(self) -> None:
        entries = by_id(ofac_advanced.load(ADVANCED))
        airline = entries["36"]
        assert airline.list == "SDN" and airline.source == "OFAC SDN"
        assert airline.names == ["AEROCARIBBEAN AIRLINES", "AERO-CARIBBEAN"]
        assert airline.type == "organization"  # PartySubTypeID 3
        assert airline.programs == ["CUBA"]  # SanctionsMeasure of type Program
        assert extra(airline, "listed_on") == "1986-12-10"  # EntryEvent "Created"
        assert extra(airline, "source_url") == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=36"

        person = entries["25057"]
        assert person.type == "person"  # PartySubTypeID 4
        # The primary name's parts are typed Last Name / First Name; the aliases' are not.
        assert person.names[0] == "al-Rawi, 'Adnan Muhammad Amin"
        assert "Alrawi Adnan Mahmoud" in person.names and "Al Rawi Adnan Mahmood" in person.names
        assert weak_names(person) == ["Aldeen Mohammed Amad Az", "Emad Mohammad", "Ezaldeen Mohammed Emad"]
        assert person.programs == [] and extra(person, "listed_on") is None  # no SanctionsEntry in the excerpt

    def test_locations(self) -> None:
        locations = ofac_advanced.read_locations(ADVANCED)
        assert locations["201"].line == "Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku, Tokyo, 103"

    def test_original_script_names_and_location_reference(self, tmp_path: Path) -> None:
        """Constructed, not OFAC data: the excerpt has no non-Latin name, so this document adds
        one (ScriptID 160, Arabic, as in the excerpt's ScriptValues) and a party pointing at
        the excerpt's real Location 201 with its country resolved."""
        text = ADVANCED.read_text(encoding="utf-8")
        text = text.replace(
            '<Country ID="11030" ISO2="AL">Albania</Country>',
            '<Country ID="11030" ISO2="AL">Albania</Country>\n<Country ID="11115" ISO2="JP">Japan</Country>',
        )
        text = text.replace(
            '<VersionLocation LocationID="25" />', '<VersionLocation LocationID="201" />'
        ).replace(
            '<DocumentedName ID="4375" FixedRef="36" DocNameStatusID="1">',
            '<DocumentedName ID="1" DocNameStatusID="2"><DocumentedNamePart>'
            '<NamePartValue ScriptID="160">الخطوط الجوية الكاريبية</NamePartValue>'
            "</DocumentedNamePart></DocumentedName>"
            '<DocumentedName ID="4375" FixedRef="36" DocNameStatusID="1">',
        )
        path = tmp_path / "sdn_advanced.xml"
        path.write_text(text, encoding="utf-8")
        airline = by_id(ofac_advanced.load(path))["36"]
        assert airline.names == ["AEROCARIBBEAN AIRLINES", "الخطوط الجوية الكاريبية", "AERO-CARIBBEAN"]
        assert airline.addresses == ["Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku, Tokyo, 103, Japan"]
        assert airline.countries == ["JP"]


class TestCslJson:
    def test_records(self) -> None:
        entries = by_id(csl_json.load(CSL_JSON))
        bank = entries["906"]  # OFAC's ent_num, as the CSV export's entity_number
        assert bank.list == "SDN"
        assert bank.names == ["HAVIN BANK LIMITED", "HAVANA INTERNATIONAL BANK, LTD"]
        assert bank.type == "organization"
        assert bank.countries == ["GB", "CU"]
        assert bank.addresses == [
            "4th Floor, 189 Marsh Wall, London, E14 9SH, GB",
            "Edificio Atlantic, Oficina 4 H, Havana, 10400, CU",
        ]
        assert bank.programs == ["CUBA"]
        assert extra(bank, "source_url") == "https://sanctionslist.ofac.treas.gov/Home/SdnList"

        el = entries["b6e959b59898e975daaae8fae3a8da1ec522f9f888cafc0e6401a16d"]
        assert el.list == "EL" and el.source == "Entity List (EL) - Bureau of Industry and Security"
        assert el.names == ["Abdul Satar Ghoura"] and el.type == "unknown"
        assert el.addresses == ["501, 5th Floor, Amanullah Sancharaki Market, Kabul, AF"]
        assert el.countries == ["AF"]
        assert extra(el, "listed_on") == "2011-11-21"
        assert extra(el, "source_url") == "https://www.bis.gov/regulations/ear/744#supplement-4-744"

        isn = entries["2446250b"]
        assert isn.list == "ISN"
        assert isn.names == ["SPC Supachoke", "Super Trade"]  # "SPC Supachoke " in the file
        assert isn.countries == ["TH"]
        assert isn.programs == ["Chemical and Biological Weapons Act"]
        assert extra(isn, "listed_on") == "1994-02-08"


class TestUkSanctionsList:
    def test_designations(self) -> None:
        entries = by_id(uk_sanctions.load(UK_XML))
        exchange = entries["AFG0001"]
        assert exchange.list == "UK" and exchange.source == "UK Sanctions List"
        assert exchange.names == ["HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE", "Haji Alim Hawala", "Haji Hakim Hawala"]
        assert exchange.type == "organization"
        assert exchange.addresses == [
            "Ansari Market, 2nd Floor, Nimroz Province, Afghanistan",
            "Branch Office 14, Dubai, United Arab Emirates",
        ]
        assert exchange.countries == ["AF", "AE"]
        assert exchange.programs == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]
        assert extra(exchange, "listed_on") == "2012-06-29"  # DateDesignated 29/06/2012
        assert extra(exchange, "remarks") == "Afghan Money Service Provider License Number: 044."

        person = entries["AFG0006"]
        assert person.names == ["MOHAMMAD HASSAN AKHUND"]  # Name1 Name2 ... Name6
        assert person.type == "person"
        assert person.addresses == ["Kabul, Afghanistan"] and person.countries == ["AF"]
        assert extra(person, "listed_on") == "2001-01-25"

    def test_non_latin_names_weak_aliases_and_ships(self, tmp_path: Path) -> None:
        """Element names as in the UK list; the values of AFG0001 and DPR0075 are the list's,
        cut to what is tested."""
        path = tmp_path / "uk.xml"
        path.write_text(
            "<Designations><Designation><UniqueID>AFG0001</UniqueID><Names>"
            "<Name><Name6>HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE</Name6><NameType>Primary Name</NameType></Name>"
            "<Name><Name6>Haji Hakim Hawala</Name6><NameType>ALias</NameType>"
            "<AliasStrength>Low quality a.k.a</AliasStrength></Name></Names>"
            "<NonLatinNames><NonLatinName><NameNonLatinScript>حاجی خيرالله و حاجی ستار صرافی</NameNonLatinScript>"
            "</NonLatinName></NonLatinNames><IndividualEntityShip>Entity</IndividualEntityShip></Designation>"
            "<Designation><UniqueID>DPR0075</UniqueID><Names><Name><Name6>Petrel 8</Name6>"
            "<NameType>Primary name</NameType></Name></Names><IndividualEntityShip>Ship</IndividualEntityShip>"
            "<ShipDetails><Ship><CurrentBelievedFlagOfShips><CurrentBelievedFlagOfShip>Comoros"
            "</CurrentBelievedFlagOfShip></CurrentBelievedFlagOfShips></Ship></ShipDetails></Designation>"
            "</Designations>",
            encoding="utf-8",
        )
        exchange, ship = uk_sanctions.load(path)
        assert exchange.names == ["HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE", "حاجی خيرالله و حاجی ستار صرافی"]
        assert weak_names(exchange) == ["Haji Hakim Hawala"]
        assert ship.type == "vessel" and ship.names == ["Petrel 8"] and ship.countries == ["KM"]


class TestEuFsf:
    def test_entities(self) -> None:
        entries = by_id(eu_fsf.load(EU_XML))
        mugabe = entries["EU.36.64"]
        assert mugabe.list == "EU"
        assert mugabe.names == ["Robert Gabriel Mugabe"]
        assert mugabe.type == "person"
        assert mugabe.programs == ["ZWE"]
        assert mugabe.countries == []  # birth country "00" (unknown) is not a country
        # No designationDate in this 2018 export: the earliest regulation it cites.
        assert extra(mugabe, "listed_on") == "2005-06-16"
        assert extra(mugabe, "source_url") == "http://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32018R0223&from=EN"

        front = entries["EU.3523.13"]
        assert front.type == "organization"
        assert front.programs == ["TERR"]
        assert front.names[0] == "İslami Büyük Doğu Akıncılar Cephesi"
        assert "Great Islamic Eastern Warriors Front" in front.names and "IBDA-C" in front.names
        # Original-script names (Bulgarian, Greek) are aliases.
        assert "Фронт на великите ислямски източни воини" in front.names
        assert "Μέγα Ισλαµικό Μέτωπο των Πολεµιστών της Ανατολής" in front.names
        assert extra(front, "listed_on") == "2003-12-22"

    def test_addresses_citizenship_and_weak_names(self, tmp_path: Path) -> None:
        """Attributes as in the FSF export; values of EU.27.28 (Saddam Hussein) from the list."""
        path = tmp_path / "eu.xml"
        path.write_text(
            '<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity euReferenceNumber="EU.27.28" '
            'logicalId="13" designationDate="2003-07-08"><regulation programme="IRQ" publicationDate="2003-07-08"/>'
            '<subjectType code="person" classificationCode="P"/>'
            '<nameAlias wholeName="Saddam Hussein Al-Tikriti" strong="true" nameLanguage=""/>'
            '<nameAlias wholeName="Abu Ali" strong="false" nameLanguage=""/>'
            '<citizenship countryIso2Code="IQ" countryDescription="IRAQ"/>'
            '<address street="" city="Baghdad" zipCode="" countryIso2Code="IQ" countryDescription="IRAQ"/>'
            "</sanctionEntity></export>",
            encoding="utf-8",
        )
        [saddam] = eu_fsf.load(path)
        assert saddam.names == ["Saddam Hussein Al-Tikriti"] and weak_names(saddam) == ["Abu Ali"]
        assert saddam.countries == ["IQ"] and saddam.addresses == ["Baghdad, IRAQ"]
        assert extra(saddam, "listed_on") == "2003-07-08"


class TestOpenSanctions:
    def test_dataset_export(self) -> None:
        entries = by_id(opensanctions.load(FTM_EU_FSF))
        assert len(entries) == 6  # the seventh line is an Address
        assert {e.list for e in entries.values()} == {"EU_FSF"}  # every entity is in eu_fsf only
        tobacco = entries["NK-2GdmHtZTeNXjNVrBGEXZNj"]
        assert tobacco.type == "organization"
        assert tobacco.names[0] == "RAB „Inter Tobacco“"  # the caption first
        assert "Общество с ограниченной ответственностью “Интер Тобако”" in tobacco.names
        assert tobacco.countries == ["BY"]
        assert extra(tobacco, "listed_on") == "2022-06-03"  # createdAt
        assert extra(tobacco, "remarks") == "Belarus (Minsk Free Economic Zone)"
        kuzmenko = entries["NK-2Ka3UvopqbpZmVDFjWd4LA"]
        assert kuzmenko.type == "person" and kuzmenko.countries == ["RU"]  # nationality
        assert kuzmenko.names == ["Vitaly Yurievich KUZMENKO", "Vitalij Kuzmenko", "Виталий Юрьевич КУЗЬМЕНКО"]
        assert entries["NK-2PacmNpiLUmoz4XD2mSt7A"].names == ["IRGC", "Iranian Revolutionary Guard Corps"]

    def test_collection_export_with_sanctions_and_addresses(self) -> None:
        entries = by_id(opensanctions.load(FTM_ZALA))
        # The Ownership, a non-target company and the Address/Sanction records are not entries.
        assert set(entries) == {"NK-aU5ybkbRFJucf8YMwsJvDw", "NK-hUAjuiA3vTKXF6v2X6MYnS", "NK-mCEmxFfuhfdjpC8gsxH74o"}
        assert {e.list for e in entries.values()} == {"OPENSANCTIONS"}  # entities from many datasets
        zakharov = entries["NK-aU5ybkbRFJucf8YMwsJvDw"]
        assert zakharov.names[0] == "Alexander Vyacheslavovich ZAKHAROV"
        assert "Александр Вячеславович Захаров" in zakharov.names
        assert "Zakharov Oleksandr Viacheslavovych" in zakharov.names  # from "alias"
        assert zakharov.countries == ["RU"]
        assert zakharov.programs == ["UA-SA1644", "US-RUSHAR", "NZ-RSA2022", "SECO-UKRAINE", "GB-RUS", "EU-UKR"]
        # The linked Address entity supplies the country of the address line.
        assert zakharov.addresses == ["IZHEVSK, 426008", "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008, RU"]
        assert extra(zakharov, "listed_on") == "2025-02-24"  # the earliest of its Sanction entities
        assert extra(zakharov, "source_url") == "https://gels-avoirs.dgtresor.gouv.fr/Gels/RegistreDetail?idRegistre=7952"

        lavrentiy = entries["NK-hUAjuiA3vTKXF6v2X6MYnS"]
        assert lavrentiy.countries == ["GB", "RU"]
        assert "Flat 612, Romney House, 47 Marsham Street, London SW1P 3DS" in lavrentiy.addresses
        assert extra(lavrentiy, "source_url") == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=46004"
        assert str(extra(lavrentiy, "remarks")).startswith("The Director Disqualification Sanction was imposed")
        assert entries["NK-mCEmxFfuhfdjpC8gsxH74o"].programs == ["UA-SA1644"]

    def test_list_name_and_errors(self, tmp_path: Path) -> None:
        assert {e.list for e in opensanctions.load(FTM_ZALA, list_name="RU-DRONES")} == {"RU-DRONES"}
        bad = tmp_path / "entities.ftm.json"
        bad.write_text(FTM_EU_FSF.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
        with pytest.raises(WatchlistFormatError, match="line 2: invalid JSON"):
            opensanctions.load(bad)


class TestDetection:
    @pytest.mark.parametrize(("path", "kind", "_detector"), FORMATS, ids=lambda v: getattr(v, "name", str(v)))
    def test_each_excerpt(self, path: Path, kind: str, _detector) -> None:
        assert detect_format(path) == kind

    @pytest.mark.parametrize(("path", "kind", "detector"), FORMATS, ids=lambda v: getattr(v, "name", str(v)))
    def test_no_detector_claims_another_format(self, path: Path, kind: str, detector, shared_data: Path) -> None:
        others = [p for p, k, _d in FORMATS if k != kind]
        others += [
            shared_data / "ofac-sdn-2019" / "sdn.csv",
            shared_data / "un" / "UN_consolidated.xml",
            shared_data / "bis-dpl" / "dpl.txt",
            shared_data / "csl-sample" / "csl.csv",
            shared_data / "README.md",
        ]
        assert [p.name for p in others if detector(p)] == []

    def test_shared_data_keeps_its_formats(self, shared_data: Path) -> None:
        assert detect_format(shared_data / "ofac-sdn-2019") == "sdn"
        assert detect_format(shared_data / "un" / "UN_consolidated.xml") == "un"
        assert detect_format(shared_data / "bis-dpl" / "dpl.txt") == "dpl"
        assert detect_format(shared_data / "csl-sample" / "csl.csv") == "csl"
        assert detect_format(shared_data / "README.md") is None
        for path in (shared_data / "un" / "UN_consolidated.xml", shared_data / "csl-sample" / "csl.csv"):
            assert not company.is_company_list(path) or detect_format(path) != "company"

    def test_load_the_whole_excerpt_folder(self) -> None:
        entries = load_watchlists([DATA])  # README.md files are skipped
        lists = {(e.list, e.entry_id) for e in entries}
        assert len(lists) == len(entries)
        assert {e.list for e in entries} == {"SDN", "FSE", "EL", "ISN", "UK", "EU", "EU_FSF", "OPENSANCTIONS"}

    @pytest.mark.parametrize(
        ("file_name", "content", "message"),
        [
            ("sdn.xml", "<sdnList><sdnEntry><uid>36</uid>", "invalid XML"),
            ("uk.xml", "<Designations/>", "no <Designation> records"),
            ("sdn_advanced.xml", "<Sanctions><DistinctParties/></Sanctions>", "no <DistinctParty> records"),
            ("consolidated.json", '{"results": [], "alt_names": 1}', "no named records"),
        ],
    )
    def test_broken_files(self, tmp_path: Path, file_name: str, content: str, message: str) -> None:
        path = tmp_path / file_name
        path.write_text(content)
        with pytest.raises(WatchlistFormatError, match=message) as err:
            load_watchlists([path])
        assert err.value.path == path


class TestExtrasOnExistingLoaders:
    def test_un_listed_on_and_remarks(self, shared_data: Path) -> None:
        badege = by_id(un_xml.load(shared_data / "un" / "UN_consolidated.xml"))["CDi.001"]
        assert extra(badege, "listed_on") == "2012-12-31"
        assert str(extra(badege, "remarks")).startswith("He fled to Rwanda in March 2013")

    def test_csl_csv(self, shared_data: Path) -> None:
        entries = csl.load(shared_data / "csl-sample" / "csl.csv")
        first = next(e for e in entries if e.names[0] == "ADRIAN MANUEL HERNANDEZ")
        assert extra(first, "listed_on") == "2017-10-16"
        assert extra(first, "source_url") == "http://bit.ly/1Qi5heF"
        assert extra(first, "remarks") == "FR NOTICE ADDED"

    def test_sdn_csv_and_dpl(self, shared_data: Path) -> None:
        bank = by_id(ofac_sdn.load(shared_data / "ofac-sdn-2019"))["306"]
        assert extra(bank, "remarks") == "a.k.a. 'BNC'."
        assert extra(bank, "source_url") == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=306"
        dpl = next(e for e in bis_dpl.load(shared_data / "bis-dpl" / "dpl.txt") if e.names[0] == "I. ASH")
        assert extra(dpl, "listed_on") == "2003-06-19"  # Effective_Date 06/19/2003

    def test_remarks_are_at_most_1000_characters(self, shared_data: Path) -> None:
        entries = load_watchlists([shared_data, DATA])
        lengths = [len(str(extra(e, "remarks"))) for e in entries if extra(e, "remarks")]
        assert lengths and max(lengths) <= 1000


class TestAwkwardCompanyCsv:
    def test_excel_unicode_text(self, tmp_path: Path) -> None:
        # Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated, CRLF.
        text = "Customer ID\tCustomer Name\tCountry Code\tAKA\r\nC-1\tSociété Générale Élite\tFR\tSGE; S.G.E.\r\n"
        for name in ("customers.txt", "customers.csv"):
            path = tmp_path / name
            path.write_bytes(text.encode("utf-16"))  # Python writes the BOM, little-endian here
            assert detect_format(path) == "company"
            [entry] = load_watchlists([path])
            assert entry.entry_id == "C-1" and entry.list == "CUSTOMERS"
            assert entry.names == ["Société Générale Élite", "SGE", "S.G.E."]
            assert entry.countries == ["FR"]

    def test_utf16_without_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "nobom.csv"
        path.write_bytes("Entity Name,Country\r\nTехноПром ООО,BY\r\n".encode("utf-16-le"))
        [entry] = company.load(path)
        assert entry.names == ["TехноПром ООО"] and entry.countries == ["BY"]

    def test_utf16_big_endian(self, tmp_path: Path) -> None:
        path = tmp_path / "parties.csv"
        path.write_bytes(b"\xfe\xff" + "Name,Country\nМосква Трейд,RU\n".encode("utf-16-be"))
        [entry] = company.load(path)
        assert entry.names == ["Москва Трейд"] and entry.countries == ["RU"]

    def test_semicolons_and_cp1252(self, tmp_path: Path) -> None:
        path = tmp_path / "kunden.csv"
        text = "Company Name;Country;Street;City;Postal Code\r\nMüller Präzision GmbH;Deutschland;Königstraße 5;München;80331\r\n"
        path.write_bytes(text.encode("cp1252"))
        [entry] = company.load(path)
        assert entry.names == ["Müller Präzision GmbH"]
        assert entry.countries == ["DE"]
        assert entry.addresses == ["Königstraße 5, München, 80331"]

    def test_utf8_bom_pipes_and_header_spelling(self, tmp_path: Path) -> None:
        path = tmp_path / "parties.csv"
        text = "PARTY_NAME|country|Entity-Type|Address\nAlmaz-Antey Trading|Russia|company|Moscow, ul. Vereyskaya 41\n"
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        [entry] = company.load(path)
        assert entry.names == ["Almaz-Antey Trading"] and entry.type == "organization"
        assert entry.countries == ["RU"] and entry.addresses == ["Moscow, ul. Vereyskaya 41"]

    def test_excel_separator_hint(self, tmp_path: Path) -> None:
        path = tmp_path / "hint.csv"
        path.write_text("sep=;\nFull Name;Country\nIvanov, Ivan;KZ\n", encoding="utf-8")
        [entry] = company.load(path)
        assert entry.names == ["Ivanov, Ivan"] and entry.countries == ["KZ"]

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"Client,Country\r\nAcme,RU\r\n", r"needs a 'name' column .*found 'Client', 'Country'"),
            (b"", "file is empty"),
            (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "NUL bytes, so it is not a text list"),
        ],
    )
    def test_clear_errors(self, tmp_path: Path, content: bytes, message: str) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(content)
        with pytest.raises(WatchlistFormatError, match=message) as err:
            load_watchlists([path])
        assert err.value.path == path and "bad.csv" in str(err.value)

    def test_text_file_without_a_name_column_is_not_a_list(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.txt"
        path.write_bytes("Date\tNote\r\n2024-01-01\tcall back\r\n".encode("utf-16"))
        assert detect_format(path) is None
