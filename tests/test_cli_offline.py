"""`screener screen` and `screener match` on files, with no broker: the contracts of the issue."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from screener.cli.main import app
from screener.watchlists import sample_path

runner = CliRunner()


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def test_screen_decides_valid_lines_and_rejects_bad_ones(tmp_path):
    orders = tmp_path / "orders.jsonl"
    good_hold = {"order_id": "H1", "parties": [{"role": "end_user", "name": "Kalashnikov Concern"}]}
    good_release = {"order_id": "R1", "parties": [{"role": "sold_to", "name": "Keystone Packaging Ltd",
                                                   "country": "Germany"}]}
    orders.write_bytes(b"\n".join([
        orjson.dumps(good_hold), b"{broken", orjson.dumps(good_release), b"",
        orjson.dumps({"order_id": "X"}), b'"just a string"', orjson.dumps({"order_id": "E1", "parties": [
            {"role": "ship_to", "name": "Keystone Packaging Ltd", "country": "Iran"}]}),
    ]) + b"\n")
    out, rej = tmp_path / "decisions.jsonl", tmp_path / "rejects.jsonl"
    res = runner.invoke(app, ["screen", "--watchlist", str(sample_path()), "--input", str(orders),
                              "--output", str(out), "--rejects", str(rej)])
    assert res.exit_code == 0, res.output
    decisions = {d["order_id"]: d for d in _lines(out)}
    assert list(decisions) == ["H1", "R1", "E1"]
    assert decisions["H1"]["decision"] == "HOLD"
    assert decisions["H1"]["reasons"][0]["code"] == "WATCHLIST_MATCH"
    assert decisions["R1"]["decision"] == "RELEASE" and decisions["R1"]["reasons"] == []
    assert decisions["E1"]["decision"] == "HOLD"
    assert decisions["E1"]["reasons"][0]["code"] == "EMBARGOED_DESTINATION"
    rejects = _lines(rej)
    assert [r["line"] for r in rejects] == [2, 5, 6]
    assert [r["error_type"] for r in rejects] == ["not_json", "invalid_order", "not_object"]


def test_match_jsonl_and_csv_keep_order_and_contract(tmp_path):
    parties = tmp_path / "parties.jsonl"
    rows = [{"id": "a", "name": "BANK ROSSIYA"}, {"id": "b", "name": "Keystone Packaging Ltd"},
            {"id": "c", "name": "Концерн Калашников", "country": "RU"}, {"id": "d"}]
    parties.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "matches.jsonl"
    res = runner.invoke(app, ["match", "--watchlist", str(sample_path()), "--input", str(parties),
                              "--output", str(out)])
    assert res.exit_code == 0, res.output
    got = _lines(out)
    assert [g["id"] for g in got] == ["a", "b", "c", "d"]
    assert got[0]["matches"][0]["name"] == "BANK ROSSIYA" and got[0]["matches"][0]["list"] == "SDN"
    assert got[1]["matches"] == []
    assert "KALASHNIKOV" in got[2]["matches"][0]["entry_name"]
    scores = [m["score"] for m in got[0]["matches"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert set(got[0]["matches"][0]) >= {"entry_id", "list", "name", "score"}
    assert got[3]["matches"] == [] and "name" in got[3]["error"]

    csv_path = tmp_path / "parties.csv"
    with open(csv_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "country"])
        w.writerow(["Bank Rossiya", "RU"])
        w.writerow(["Evergreen Garden Tools", "IT"])
    res = runner.invoke(app, ["match", "-w", str(sample_path()), "-i", str(csv_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = _lines(out)
    assert [g["id"] for g in got] == ["1", "2"]
    assert got[0]["matches"] and not got[1]["matches"]


def test_match_reads_addresses_and_explains_entries(tmp_path):
    """An address column (or object) is matched against the listed street addresses; every match
    names the entry's list id, programs, listing date, source URL and addresses."""
    csv_path = tmp_path / "customers.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Customer ID", "Company Name", "Address Line 1", "City", "Zip", "Country"])
        w.writerow(["C-1", "Stromynka Trading OOO", "ул. Стромынка, д. 27", "Москва", "107076", "Russia"])
        w.writerow(["C-2", "Stromynka Trading OOO", "ul. Stromynka 29", "Moscow", "107076", "RU"])  # next door
        w.writerow(["C-3", "Rosoboroneksport", "", "", "", "RU"])
    out = tmp_path / "matches.jsonl"
    res = runner.invoke(app, ["match", "-w", str(sample_path()), "-i", str(csv_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = {g["id"]: g for g in _lines(out)}
    assert list(got) == ["C-1", "C-2", "C-3"]
    (a,) = got["C-1"]["address_matches"]
    assert (a["entry_id"], a["list"], a["list_id"], a["entry_name"]) == ("18782", "SDN", "ofac:SDN",
                                                                        "ROSOBORONEKSPORT OAO")
    assert a["matched_address"] == "27 Stromynka ul., Moscow 107076, Russia"
    assert a["programs"] == ["SYRIA", "UKRAINE-EO13662"] and a["source_url"].endswith("id=18782")
    assert a["entry_addresses"] == [a["matched_address"]] and "listed_on" in a and "detail" in a
    assert got["C-1"]["matches"] == []  # the name is nobody's
    assert got["C-2"]["address_matches"] == []
    (m, *_) = got["C-3"]["matches"]
    assert m["entry_id"] == "18782" and m["list_id"] == "ofac:SDN" and "UKRAINE-EO13662" in m["programs"]
    assert m["entry_addresses"] == ["27 Stromynka ul., Moscow 107076, Russia"]
    assert got["C-3"]["address_matches"] == []

    parties = tmp_path / "parties.jsonl"
    parties.write_text("\n".join(json.dumps(r) for r in [
        {"id": "s", "name": "Helper LLC", "address": "27 Stromynka Street, Moscow 107076", "country": "RU"},
        {"id": "o", "name": "Helper LLC", "address": {"street": "Stromynka ul. 27", "city": "Moscow"},
         "country": "Russia"},
        {"id": "t", "name": "Helper LLC", "street": "Stromynka 27", "city": "Moskva", "country": "RU"},
        {"id": "x", "name": "Helper LLC", "address": "Moscow, Russia"},
    ]) + "\n")
    res = runner.invoke(app, ["match", "-w", str(sample_path()), "-i", str(parties), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = {g["id"]: [a["entry_id"] for a in g["address_matches"]] for g in _lines(out)}
    assert got == {"s": ["18782"], "o": ["18782"], "t": ["18782"], "x": []}


def test_screen_holds_a_party_at_a_listed_address(tmp_path):
    orders = tmp_path / "orders.jsonl"
    orders.write_bytes(orjson.dumps({"order_id": "A1", "parties": [
        {"role": "sold_to", "name": "Keystone Packaging Ltd", "country": "DE"},
        {"role": "end_user", "name": "Stromynka Logistic Services", "country": "RU",
         "address": {"street": "ul. Stromynka, d. 27", "city": "Moskva", "postal_code": "107076"}}]}) + b"\n")
    out, rej = tmp_path / "decisions.jsonl", tmp_path / "rejects.jsonl"
    res = runner.invoke(app, ["screen", "-w", str(sample_path()), "-i", str(orders), "-o", str(out), "--rejects",
                              str(rej)])
    assert res.exit_code == 0, res.output
    (d,) = _lines(out)
    (r,) = [r for r in d["reasons"] if r["code"] == "ADDRESS_MATCH"]
    assert (r["party_role"], r["entry_id"], r["list_id"]) == ("end_user", "18782", "ofac:SDN")
    assert r["programs"] == ["SYRIA", "UKRAINE-EO13662"] and "ROSOBORONEKSPORT OAO (SDN)" in r["detail"]


def test_clear_errors_for_bad_inputs(tmp_path):
    bad_csv = tmp_path / "p.csv"
    bad_csv.write_text("company\nAcme\n")
    res = runner.invoke(app, ["match", "-w", str(sample_path()), "-i", str(bad_csv), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "name" in res.output
    unknown = tmp_path / "list.bin"
    unknown.write_bytes(b"\x00\x01")
    res = runner.invoke(app, ["match", "-w", str(unknown), "-i", str(bad_csv), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "list.bin" in res.output


def test_bad_policy_file_stops_with_its_line(tmp_path):
    pol = tmp_path / "policy.yaml"
    pol.write_text("rules:\n  WATCHLIST_MATCH:\n    threshold: 2.5\n")
    orders = tmp_path / "o.jsonl"
    orders.write_text('{"order_id": "1", "parties": [{"role": "sold_to", "name": "A"}]}\n')
    res = runner.invoke(app, ["screen", "-w", str(sample_path()), "-i", str(orders), "-o", str(tmp_path / "d"),
                              "--rejects", str(tmp_path / "r"), "--policy", str(pol)])
    assert res.exit_code == 2
    assert "line 3" in res.output


@pytest.mark.parametrize("cmd", [["--help"], ["demo", "--help"], ["watchlist", "load", "--help"]])
def test_console_entry_point_runs(cmd):
    res = subprocess.run([sys.executable, "-m", "screener", *cmd], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("cmd", [["topics"], ["watchlist", "load", "LIST"], ["worker"]])
def test_unreachable_kafka_is_a_clear_error(cmd):
    from screener.stream.broker import free_port

    bootstrap = f"127.0.0.1:{free_port()}"  # nothing listens there
    cmd = [str(sample_path()) if c == "LIST" else c for c in cmd]
    # Every command retries an unreachable cluster with backoff; given a deadline, it then gives up
    # with a clear error (the worker retries for ever by default: tests/test_faults.py).
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "SCREENER_METRICS_PORT": "0",
           "SCREENER_STARTUP_TIMEOUT_S": "2"}
    res = subprocess.run([sys.executable, "-m", "screener", *cmd], capture_output=True, text=True,
                         timeout=120, env=env)
    assert res.returncode == 2, res.stderr[-2000:]
    assert f"cannot reach Kafka at {bootstrap}" in res.stderr
    assert "Traceback" not in res.stderr
    assert "retrying in" in res.stderr
