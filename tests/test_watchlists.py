"""Watch-list loaders, run against the real lists in the shared data folder."""

from __future__ import annotations

import csv
import json
import logging
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from screener.events.control import WatchlistEntry
from screener.watchlists import (
    WatchlistFormatError,
    bis_dpl,
    company,
    csl,
    detect_format,
    load_watchlists,
    ofac_sdn,
    sample_path,
    un_xml,
    weak_names,
)
from screener.watchlists._common import stable_id
from screener.watchlists.countries import to_iso2

# `shared_data` (the real list files beside the repo) comes from conftest.py.


@pytest.fixture(scope="module")
def sdn_entries(shared_data: Path) -> list[WatchlistEntry]:
    started = time.perf_counter()
    to_iso2("Russia")  # rigour builds its country-name index once per process: time it apart
    print(f"\nrigour country index: {time.perf_counter() - started:.2f}s")
    started = time.perf_counter()
    entries = ofac_sdn.load(shared_data / "ofac-sdn-2019")
    print(f"OFAC SDN: {len(entries)} entries in {time.perf_counter() - started:.2f}s")
    return entries


@pytest.fixture(scope="module")
def un_entries(shared_data: Path) -> list[WatchlistEntry]:
    started = time.perf_counter()
    entries = un_xml.load(shared_data / "un" / "UN_consolidated.xml")
    print(f"\nUN: {len(entries)} entries in {time.perf_counter() - started:.2f}s")
    return entries


@pytest.fixture(scope="module")
def dpl_entries(shared_data: Path) -> list[WatchlistEntry]:
    return bis_dpl.load(shared_data / "bis-dpl" / "dpl.txt")


@pytest.fixture(scope="module")
def csl_entries(shared_data: Path) -> list[WatchlistEntry]:
    return csl.load(shared_data / "csl-sample" / "csl.csv")


def by_id(entries: list[WatchlistEntry]) -> dict[str, WatchlistEntry]:
    return {e.entry_id: e for e in entries}


def by_name(entries: list[WatchlistEntry], name: str) -> WatchlistEntry:
    matches = [e for e in entries if e.names[0] == name]
    assert len(matches) == 1, f"{len(matches)} entries named {name!r}"
    return matches[0]


class TestCountries:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("RU", "RU"),
            ("ru", "RU"),
            ("RUS", "RU"),
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            (" Russia. ", "RU"),
            ("Korea, North", "KP"),
            ("Democratic People's Republic of Korea", "KP"),
            ("Korea, South", "KR"),
            ("Burma", "MM"),
            ("Iran", "IR"),
            ("Iran (Islamic Republic of)", "IR"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("Virgin Islands, British", "VG"),
            ("Congo, Democratic Republic of the", "CD"),
            ("Hong Kong", "HK"),
            ("China, Hong Kong Special Administrative Region", "HK"),
            ("Kosovo", "XK"),
            ("Crimea", "UA"),
            ("Region: Crimea", "UA"),
            ("Region: Gaza", "PS"),
        ],
    )
    def test_known(self, text: str, code: str) -> None:
        assert to_iso2(text) == code

    @pytest.mark.parametrize(
        "text",
        [None, "", "   ", "-0-", "undetermined", "Region: Kafia Kingi", "European Union", "Soviet Union", "Atlantis"],
    )
    def test_unknown_is_none(self, text: str | None) -> None:
        assert to_iso2(text) is None

    def test_every_ofac_and_un_country_maps(self, shared_data: Path) -> None:
        values: set[str] = set()
        with (shared_data / "ofac-sdn-2019" / "add.csv").open(encoding="latin-1") as fh:
            values.update(row[4].strip() for row in csv.reader(fh) if len(row) > 4)
        values.update(e.text.strip() for e in _un_elements(shared_data, "COUNTRY") if e.text)
        unmapped = {v for v in values if to_iso2(v) is None}
        # Placeholders, and a region disputed between Sudan and South Sudan.
        assert unmapped <= {"-0-", "undetermined", "Region: Kafia Kingi"}


def _un_elements(shared_data: Path, tag: str) -> list[ET.Element]:
    return list(ET.parse(shared_data / "un" / "UN_consolidated.xml").getroot().iter(tag))


class TestOfacSdn:
    def test_counts(self, sdn_entries: list[WatchlistEntry]) -> None:
        assert len(sdn_entries) == 7379
        assert Counter(e.type for e in sdn_entries) == {
            "person": 3845,
            "organization": 2994,
            "vessel": 323,
            "aircraft": 217,
        }
        aliases = sum(len(e.names) - 1 for e in sdn_entries)
        assert 9600 <= aliases <= 9682  # alt.csv has 9,682 rows; a few repeat the primary name
        assert 9000 <= sum(len(e.addresses) for e in sdn_entries) <= 11696
        assert all(e.list == "SDN" and e.source == "OFAC SDN" for e in sdn_entries)

    def test_kalashnikov(self, sdn_entries: list[WatchlistEntry]) -> None:
        entry = by_id(sdn_entries)["16911"]
        assert entry.names[0] == "KALASHNIKOV CONCERN"
        assert entry.type == "organization"
        assert {"CONCERN KALASHNIKOV", "OJSC CONCERN KALASHNIKOV", "OJSC IZHMASH"} <= set(entry.names)
        assert entry.countries == ["RU"]
        assert entry.programs == ["UKRAINE-EO13661"]
        assert entry.addresses == ["3, Derjabin Pr., Izhevsk, Udmurt Republic 426006, Russia"]

    def test_person_with_citizenship_from_remarks(self, sdn_entries: list[WatchlistEntry]) -> None:
        entry = by_name(sdn_entries, "BULYUTIN, Andrey")
        assert entry.type == "person"
        assert "RU" in entry.countries  # "citizen Russia" in the remarks; the address is London
        assert "GB" in entry.countries

    def test_vessel_and_aircraft(self, sdn_entries: list[WatchlistEntry]) -> None:
        vessel = next(e for e in sdn_entries if e.type == "vessel" and "KP" in e.countries)
        assert vessel.programs
        assert any(e.type == "aircraft" for e in sdn_entries)

    def test_several_programs(self, sdn_entries: list[WatchlistEntry]) -> None:
        assert any({"SDGT", "SDT"} <= set(e.programs) for e in sdn_entries)
        assert any("CAATSA - RUSSIA" in e.programs for e in sdn_entries)
        assert all("-0-" not in e.programs and all("[" not in p for p in e.programs) for e in sdn_entries)

    @pytest.mark.parametrize(
        ("text", "programs"),
        [
            ("[UKRAINE-EO13661] [SYRIA]", ["UKRAINE-EO13661", "SYRIA"]),
            ("SDGT] [SDT", ["SDGT", "SDT"]),
            ("UKRAINE-EO13661", ["UKRAINE-EO13661"]),
            ("CAATSA - RUSSIA] [UKRAINE-EO13662", ["CAATSA - RUSSIA", "UKRAINE-EO13662"]),
            ("-0- ", []),
        ],
    )
    def test_parse_programs(self, text: str, programs: list[str]) -> None:
        assert ofac_sdn.parse_programs(text) == programs

    def test_weak_aliases_kept_apart(self, sdn_entries: list[WatchlistEntry]) -> None:
        bank = by_id(sdn_entries)["306"]  # remarks: a.k.a. 'BNC'.
        assert bank.names == ["BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA"]
        assert weak_names(bank) == ["BNC"]
        assert weak_names(by_id(sdn_entries)["16911"]) == []
        assert sum(len(weak_names(e)) for e in sdn_entries) > 1000

    def test_names_are_clean(self, sdn_entries: list[WatchlistEntry]) -> None:
        for entry in sdn_entries:
            assert all(n == n.strip() and n for n in entry.names)
            assert len({n.casefold() for n in entry.names}) == len(entry.names)
            assert all(len(c) == 2 and c.isupper() for c in entry.countries)

    def test_sdn_csv_path_and_missing_companions(self, shared_data: Path, tmp_path: Path) -> None:
        assert len(ofac_sdn.load(shared_data / "ofac-sdn-2019" / "sdn.csv")) == 7379
        (tmp_path / "SDN.CSV").write_text('16911,"KALASHNIKOV CONCERN",-0- ,"UKRAINE-EO13661"\n')
        [entry] = ofac_sdn.load(tmp_path)
        assert entry.names == ["KALASHNIKOV CONCERN"] and entry.addresses == []

    def test_headered_csv_is_rejected(self, tmp_path: Path) -> None:
        (tmp_path / "sdn.csv").write_text("ent_num,name,type,program\n1,X,-0-,CUBA\n")
        with pytest.raises(WatchlistFormatError, match="sdn.csv.*line 1.*headerless"):
            ofac_sdn.load(tmp_path)


class TestUnXml:
    def test_counts(self, un_entries: list[WatchlistEntry]) -> None:
        assert Counter(e.type for e in un_entries) == {"person": 730, "organization": 273}
        assert len({e.entry_id for e in un_entries}) == 1003
        assert all(e.list == "UN" and e.names for e in un_entries)
        assert sum(len(e.names) > 1 for e in un_entries) > 500

    def test_entity_aliases_and_country(self, un_entries: list[WatchlistEntry]) -> None:
        komid = by_id(un_entries)["KPe.001"]
        assert komid.names[0] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
        assert "KOMID" in komid.names  # written "KOMID" with quotes in the file
        assert komid.type == "organization"
        assert komid.countries == ["KP"]
        assert komid.programs == ["DPRK"]
        assert komid.addresses == ["Central District, Pyongyang, Democratic People's Republic of Korea"]

    def test_original_script_name(self, un_entries: list[WatchlistEntry]) -> None:
        saddam = by_id(un_entries)["IQi.001"]
        assert saddam.type == "person"
        assert saddam.names[0] == "SADDAM HUSSEIN AL-TIKRITI"
        assert "صدام حسين التكريتي" in saddam.names
        assert sum(any(not n.isascii() for n in e.names) for e in un_entries) > 300

    def test_two_names_in_one_field(self, un_entries: list[WatchlistEntry]) -> None:
        names = by_id(un_entries)["CDe.003"].names
        assert names[:2] == ["COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", "GREAT LAKES BUSINESS COMPANY (GLBC)"]

    def test_low_quality_aliases_are_weak(self, un_entries: list[WatchlistEntry]) -> None:
        assert 500 <= sum(len(weak_names(e)) for e in un_entries) <= 615
        for entry in un_entries:
            assert not set(weak_names(entry)) & set(entry.names)

    def test_not_a_un_file(self, tmp_path: Path) -> None:
        other = tmp_path / "list.xml"
        other.write_text("<sdnList><sdnEntry/></sdnList>")
        assert not un_xml.is_un_xml(other)
        with pytest.raises(WatchlistFormatError, match="CONSOLIDATED_LIST"):
            un_xml.load(other)
        broken = tmp_path / "broken.xml"
        broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")
        with pytest.raises(WatchlistFormatError, match="invalid XML"):
            un_xml.load(broken)


class TestBisDpl:
    def test_counts(self, dpl_entries: list[WatchlistEntry]) -> None:
        # 546 rows, 3 of them exact repeats of another row.
        assert len(dpl_entries) == 543
        assert all(e.list == "DPL" and len(e.names) == 1 for e in dpl_entries)
        assert Counter(e.type for e in dpl_entries).keys() <= {"unknown", "organization"}

    def test_row(self, dpl_entries: list[WatchlistEntry]) -> None:
        entry = by_name(dpl_entries, "ADRIAN MANUEL HERNANDEZ")  # " ADRIAN ..." in the file
        assert entry.addresses == ["3037 S. 69TH DRIVE, PHONEIX, AZ, 85043"]
        assert entry.countries == []
        assert entry.entry_id == stable_id("ADRIAN MANUEL HERNANDEZ", "3037 S. 69TH DRIVE, PHONEIX, AZ, 85043")
        assert next(e for e in dpl_entries if e.names[0] == "I. ASH").countries == ["US"]

    def test_type_from_legal_form(self, dpl_entries: list[WatchlistEntry]) -> None:
        assert by_name(dpl_entries, "ELMONT AG").type == "organization"
        assert by_name(dpl_entries, "KIM SONG II").type == "unknown"  # a generation suffix, not a form

    def test_stable_ids(self, shared_data: Path, dpl_entries: list[WatchlistEntry]) -> None:
        again = bis_dpl.load(shared_data / "bis-dpl" / "dpl.txt")
        assert [e.entry_id for e in again] == [e.entry_id for e in dpl_entries]

    def test_detection(self, shared_data: Path, tmp_path: Path) -> None:
        assert bis_dpl.is_dpl(shared_data / "bis-dpl" / "dpl.txt")
        other = tmp_path / "other.txt"
        other.write_text("Name\tPhone\nX\t1\n")
        assert not bis_dpl.is_dpl(other)
        with pytest.raises(WatchlistFormatError, match="Denied Persons"):
            bis_dpl.load(other)


class TestCsl:
    def test_counts(self, csl_entries: list[WatchlistEntry]) -> None:
        assert len(csl_entries) == 115
        assert Counter(e.list for e in csl_entries) == {
            "SDN": 28,
            "SSI": 26,
            "EL": 22,
            "PLC": 13,
            "DTC": 10,
            "DPL": 8,
            "UVL": 4,
            "ISN": 3,
            "CAP": 1,
        }

    @pytest.mark.parametrize(
        ("source", "code"),
        [
            ("Entity List (EL) - Bureau of Industry and Security", "EL"),
            ("Military End User (MEU) List - Bureau of Industry and Security", "MEU"),
            ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "CMIC"),
            ("Foreign Sanctions Evaders (FSE) - Treasury Department", "FSE"),
            ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "NS-MBS"),
            ("ITAR Debarred (DTC) - State Department", "DTC"),
            ("A New List - Some Agency", "A-NEW-LIST"),
        ],
    )
    def test_list_code(self, source: str, code: str) -> None:
        assert csl.list_code(source) == code

    def test_entity_list_row(self, csl_entries: list[WatchlistEntry]) -> None:
        entry = by_name(csl_entries, "3K Aviation Consulting and Logistics")
        assert entry.list == "EL"
        assert entry.names == ["3K Aviation Consulting and Logistics", "3K Havacilik ve Danismanlik SAN. TIC. LTD. ST."]
        assert entry.countries == ["TR"]
        assert len(entry.addresses) == 2
        assert entry.source == "Entity List (EL) - Bureau of Industry and Security"

    def test_types_and_ids(self, csl_entries: list[WatchlistEntry]) -> None:
        sdn = [e for e in csl_entries if e.list == "SDN"]
        assert all(e.entry_id.isdigit() for e in sdn)  # OFAC's ent_num
        assert by_name(csl_entries, "32 Group China Ltd.").type == "organization"  # from "Ltd."
        assert any(e.type == "person" for e in csl_entries) and any(e.type == "vessel" for e in csl_entries)
        # One party listed at several addresses stays several csl_entries.
        assert sum(e.names[0] == "Gunther Migeotte" for e in csl_entries) == 5

    def test_names_are_stripped_and_repaired(self, csl_entries: list[WatchlistEntry]) -> None:
        assert any(e.names[0] == "ADRIAN MANUEL HERNANDEZ" for e in csl_entries)
        # The file holds a stray U+0092 control where Windows-1252 meant a right quote.
        assert any(e.names[0].startswith("Gui\u2019an New District") for e in csl_entries)

    def test_dpl_rows_share_ids_with_the_dpl_file(self, shared_data: Path, csl_entries: list[WatchlistEntry]) -> None:
        dpl_ids = {e.entry_id for e in bis_dpl.load(shared_data / "bis-dpl" / "dpl.txt")}
        csl_dpl = [e for e in csl_entries if e.list == "DPL"]
        assert sum(e.entry_id in dpl_ids for e in csl_dpl) >= 5


class TestCompany:
    def test_csv(self, tmp_path: Path) -> None:
        path = tmp_path / "high-risk-parties.csv"
        path.write_text(
            "id,name,aliases,country,address,type\n"
            'HR-1,Izhmash Trading LLC,IZHMASH TRADING; Izhmash Trade,Russia;BY,"Izhevsk, Udmurt Republic",company\n'
            ",  Petrov  Ivan ,,Russian Federation,,person\n"
            ",,,,,\n",
            encoding="utf-8",
        )
        first, second = company.load(path)
        assert first.entry_id == "HR-1"
        assert first.list == "HIGH-RISK-PARTIES"
        assert first.names == ["Izhmash Trading LLC", "IZHMASH TRADING", "Izhmash Trade"]
        assert first.countries == ["RU", "BY"]
        assert first.addresses == ["Izhevsk, Udmurt Republic"]
        assert first.type == "organization"
        assert first.source == "high-risk-parties.csv"
        assert second.names == ["Petrov Ivan"] and second.type == "person"
        assert second.entry_id == stable_id("HIGH-RISK-PARTIES", "Petrov Ivan")
        assert company.load(path)[1].entry_id == second.entry_id  # stable across loads

    def test_jsonl_and_list_name(self, tmp_path: Path) -> None:
        path = tmp_path / "letters.jsonl"
        rows = [
            {"entry_id": 7, "name": "Almaz Trade", "aliases": ["ALMAZ TRADE LTD", ""], "countries": ["RU", "Armenia"]},
            {"name": "Almaz Trade", "address": "Yerevan", "list": "OVERRIDE"},
            {"name": "Kalashnikov Dealer", "countries": "KZ; kgz", "programs": "LETTER-2023"},
        ]
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
        entries = company.load(path, list_name="BIS-LETTERS")
        assert [(e.list, e.entry_id) for e in entries] == [
            ("BIS-LETTERS", "7"),
            ("OVERRIDE", stable_id("OVERRIDE", "Almaz Trade")),
            ("BIS-LETTERS", stable_id("BIS-LETTERS", "Kalashnikov Dealer")),
        ]
        assert entries[0].names == ["Almaz Trade", "ALMAZ TRADE LTD"]
        assert entries[0].countries == ["RU", "AM"]
        assert entries[2].countries == ["KZ", "KG"] and entries[2].programs == ["LETTER-2023"]

    def test_json_array_and_merge(self, tmp_path: Path) -> None:
        path = tmp_path / "parties.json"
        rows = [
            {"name": "Polymer Parts GmbH", "country": "DE", "address": "Berlin"},
            {"name": "POLYMER  PARTS GMBH", "country": "AT", "address": "Vienna", "type": "organization"},
        ]
        path.write_text(json.dumps(rows), encoding="utf-8")
        [entry] = company.load(path)
        assert entry.names == ["Polymer Parts GmbH"]
        assert entry.countries == ["DE", "AT"] and entry.addresses == ["Berlin", "Vienna"]
        assert entry.type == "organization"

    def test_excel_csv_with_bom_and_semicolons(self, tmp_path: Path) -> None:
        path = tmp_path / "excel.csv"
        path.write_bytes("\ufeffName;Country\nMüller Technik;Deutschland\n".encode())
        [entry] = company.load(path)
        assert entry.names == ["Müller Technik"]

    def test_unknown_country_is_dropped_with_a_warning(self, tmp_path: Path, caplog) -> None:
        path = tmp_path / "x.csv"
        path.write_text("name,country\nAcme,Atlantis\n")
        with caplog.at_level(logging.WARNING):
            [entry] = company.load(path)
        assert entry.countries == []
        assert "Atlantis" in caplog.text

    @pytest.mark.parametrize(
        ("file_name", "content", "message"),
        [
            ("a.csv", "company,country\nAcme,RU\n", "needs a 'name' column"),
            ("b.csv", "name,country\n,RU\n", "line 2: row has no name"),
            ("c.csv", "name,type\nAcme,spaceship\n", "unknown type 'spaceship'"),
            ("d.jsonl", '{"name": "Acme"}\nnot json\n', "not JSON lines"),
            ("e.jsonl", '["Acme"]\n', "expected a JSON object"),
        ],
    )
    def test_errors(self, tmp_path: Path, file_name: str, content: str, message: str) -> None:
        path = tmp_path / file_name
        path.write_text(content)
        with pytest.raises(WatchlistFormatError, match=message) as err:
            company.load(path)
        assert err.value.path == path


class TestLoadWatchlists:
    def test_whole_shared_data_folder(self, shared_data: Path) -> None:
        started = time.perf_counter()
        entries = load_watchlists([shared_data])
        print(f"\nall shared lists: {len(entries)} entries in {time.perf_counter() - started:.2f}s")
        lists = Counter(e.list_id for e in entries)
        # Each publisher's lists stay apart: the CSL's SDN rows are not OFAC's SDN list (issue 15).
        assert lists["ofac:SDN"] == 7379 and lists["csl:SDN"] == 28
        assert lists["un:UN"] == 1003 and lists["csl:EL"] == 22
        assert lists["csl:DPL"] == 8 and 543 <= lists["bis:DPL"] <= 545
        assert len({e.key for e in entries}) == len(entries)

    def test_detect_format(self, shared_data: Path) -> None:
        assert detect_format(shared_data / "ofac-sdn-2019") == "sdn"
        assert detect_format(shared_data / "ofac-sdn-2019" / "sdn.csv") == "sdn"
        assert detect_format(shared_data / "un" / "UN_consolidated.xml") == "un"
        assert detect_format(shared_data / "bis-dpl" / "dpl.txt") == "dpl"
        assert detect_format(shared_data / "csl-sample" / "csl.csv") == "csl"
        assert detect_format(shared_data / "README.md") is None

    def test_each_file(self, shared_data: Path) -> None:
        entries = load_watchlists(
            [shared_data / "ofac-sdn-2019" / "sdn.csv", str(shared_data / "bis-dpl" / "dpl.txt")], progress=True
        )
        assert len(entries) == 7379 + 543

    def test_last_file_wins(self, tmp_path: Path) -> None:
        (tmp_path / "a.csv").write_text("id,name,list\n1,Old Name,MINE\n2,Kept,MINE\n")
        (tmp_path / "b.jsonl").write_text('{"id": "1", "name": "New Name", "list": "MINE"}\n')
        entries = load_watchlists([tmp_path / "a.csv", tmp_path / "b.jsonl"])
        assert {e.entry_id: e.names[0] for e in entries} == {"1": "New Name", "2": "Kept"}
        entries = load_watchlists([tmp_path / "b.jsonl", tmp_path / "a.csv"])
        assert {e.entry_id: e.names[0] for e in entries} == {"1": "Old Name", "2": "Kept"}

    def test_list_name_for_company_lists(self, tmp_path: Path) -> None:
        (tmp_path / "parties.csv").write_text("name\nAcme\n")
        assert load_watchlists([tmp_path], list_name="PARTNERS")[0].list == "PARTNERS"
        assert load_watchlists([tmp_path])[0].list == "PARTIES"

    def test_folder_skips_non_list_files(self, tmp_path: Path) -> None:
        (tmp_path / "README.md").write_text("# lists\n")
        (tmp_path / "notes.txt").write_text("not a list\n")
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "mine.csv").write_text("name\nAcme\n")
        [entry] = load_watchlists([tmp_path])
        assert entry.list == "MINE"

    @pytest.mark.parametrize(
        ("file_name", "content", "message"),
        [
            ("list.pdf", "%PDF-1.4", "unrecognised watch-list file"),
            ("notes.txt", "hello\n", "unrecognised watch-list file"),
            # <sdnList> is OFAC's SDN.XML now; one without entries is refused, not loaded empty.
            ("sdnlist.xml", "<sdnList/>", "no <sdnEntry> records"),
            ("catalog.xml", "<catalog/>", "not a recognised watch list .*root <catalog>"),
            ("names.csv", "company\nAcme\n", "'name' column"),
        ],
    )
    def test_unknown_format(self, tmp_path: Path, file_name: str, content: str, message: str) -> None:
        path = tmp_path / file_name
        path.write_text(content)
        with pytest.raises(WatchlistFormatError, match=message) as err:
            load_watchlists([path])
        assert err.value.path == path
        assert file_name in str(err.value)

    def test_missing_and_empty(self, tmp_path: Path) -> None:
        with pytest.raises(WatchlistFormatError, match="no such file"):
            load_watchlists([tmp_path / "nope.csv"])
        (tmp_path / "empty").mkdir()
        with pytest.raises(WatchlistFormatError, match="holds no watch list"):
            load_watchlists([tmp_path / "empty"])


class TestSample:
    def test_sample_loads(self) -> None:
        folder = sample_path()
        assert folder.is_dir() and folder.parent == Path(ofac_sdn.__file__).resolve().parent
        entries = load_watchlists([folder])
        lists = Counter(e.list for e in entries)
        assert set(lists) == {"SDN", "EL"}
        assert 300 <= lists["SDN"] <= 500 and 5 <= lists["EL"] <= 30
        names = {e.names[0]: e for e in entries}
        kalashnikov = names["KALASHNIKOV CONCERN"]
        assert kalashnikov.type == "organization" and "CONCERN KALASHNIKOV" in kalashnikov.names
        assert kalashnikov.countries == ["RU"] and kalashnikov.addresses
        assert "JOINT-STOCK COMPANY CONCERN ALMAZ-ANTEY" in names and "BANK ROSSIYA" in names
        assert any("IRAN" in e.programs for e in entries)
        assert any(p.startswith("DPRK") for e in entries for p in e.programs)

    def test_sample_is_small(self) -> None:
        size = sum(p.stat().st_size for p in sample_path().rglob("*") if p.is_file())
        assert size < 300_000
