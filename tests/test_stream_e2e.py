"""End to end through the real broker and a real ``screener worker`` process: the full 2019 OFAC SDN
list is published to the control topic, orders go in, and every decision is read back and checked."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest
from kafka_helpers import by_order, collect, order, produce, produce_orders, run

from screener.events.control import WatchlistEntry
from screener.events.decisions import make_decision_id
from screener.stream.harness import WorkerProcess, demo_settings, worker_env
from screener.stream.publish import add_entries, publish_snapshots, remove_entries
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists

pytestmark = pytest.mark.integration
TOKEN = "test-review-token"

LISTED = {  # party name on the order -> SDN entry it must hit
    "BANK ROSSIYA": "16681",
    "Transoil LLC": "16807",
    "STROYGAZMONTAZH": "16828",
    "Sobinbank JSC": "16812",
    "Kalashnikov Concern": None,  # id looked up from the list
    "Концерн Калашников": None,
}
CLEAN = ["Northwind Office Supplies GmbH", "Harbor Cedar Logistics Inc.", "Maria Lindqvist",
         "Blue River Instruments AB", "Keystone Packaging Ltd", "Evergreen Garden Tools S.r.l.",
         "Pacific Vertex Furniture Co.", "Orion Crescent Textiles B.V."]


@pytest.fixture(scope="module")
def sdn_entries(shared_data):
    return load_watchlists([shared_data / "ofac-sdn-2019"])


@pytest.fixture(scope="module")
def env(broker, sdn_entries):
    settings = demo_settings(broker.bootstrap, partitions=3, review_token=TOKEN, review_signing_key="e2e-signing-key")
    run(ensure_topics(settings))
    run(publish_snapshots(settings, sdn_entries, source="test"))
    worker = WorkerProcess(settings, "e2e").start()
    try:
        worker.wait_ready(timeout=120)
        yield settings, worker
    finally:
        worker.stop()


def _kalashnikov_id(entries) -> str:
    return next(e.entry_id for e in entries if e.names[0] == "KALASHNIKOV CONCERN")


def test_every_order_decided_correctly(env, sdn_entries):
    settings, worker = env
    expected_ids = {n: (i or _kalashnikov_id(sdn_entries)) for n, i in LISTED.items()}
    orders = []
    for i, name in enumerate(LISTED):
        orders.append(order(f"L-{i}", ("sold_to", "Northwind Office Supplies GmbH", "DE"),
                            ("end_user", name, None)))
    for i, name in enumerate(CLEAN):
        orders.append(order(f"C-{i}", ("sold_to", name, "DE"), ("ship_to", name, "FR")))
    orders.append(order("E-1", ("sold_to", "Keystone Packaging Ltd", "US"), ("ship_to", "Keystone Packaging Ltd", "Russia")))
    run(produce_orders(settings, orders))
    decisions = run(collect(settings, settings.decisions_topic,
                            lambda out: {d["order_id"] for d in out} >= {o["order_id"] for o in orders},
                            worker=worker))
    got = by_order(decisions)
    assert set(got) == {o["order_id"] for o in orders}
    for o in orders:
        [d] = got[o["order_id"]]
        assert d["decision_id"] == make_decision_id(o["order_id"], 1, d["watchlist_version"], "created",
                                                    d["policy_version"])
        assert d["watchlist_version"] > 0 and d["latency_ms"] is not None
        oid = o["order_id"]
        if oid.startswith("L-"):
            name = o["parties"][1]["name"]
            assert d["decision"] == "HOLD", (name, d)
            hits = [r for r in d["reasons"] if r["code"] == "WATCHLIST_MATCH"]
            assert any(r["entry_id"] == expected_ids[name] and r["list"] == "SDN" for r in hits), (name, hits)
            for r in hits:
                assert 0 <= r["score"] <= 1 and r["party_role"] == "end_user" and r["matched_name"]
        elif oid.startswith("C-"):
            assert d["decision"] == "RELEASE" and d["reasons"] == [], d
        else:
            assert d["decision"] == "HOLD"
            codes = {r["code"] for r in d["reasons"]}
            assert "EMBARGOED_DESTINATION" in codes and "WATCHLIST_MATCH" not in codes
            assert any(r.get("country") == "RU" and r["party_role"] == "ship_to" for r in d["reasons"])


def test_redelivered_event_gets_the_same_decision_id(env):
    settings, worker = env
    o = order("DUP-1", ("sold_to", "Blue River Instruments AB", "SE"))
    run(produce_orders(settings, [o]))
    run(produce_orders(settings, [o]))
    decisions = run(collect(settings, settings.decisions_topic,
                            lambda out: len([d for d in out if d["order_id"] == "DUP-1"]) >= 2, worker=worker))
    ids = {d["decision_id"] for d in decisions if d["order_id"] == "DUP-1"}
    assert len(ids) == 1


def _metric_sum(worker, name: str, label: str) -> float:
    total = 0.0
    for line in worker.metrics_text().splitlines():
        if line.startswith(name + "{") and label in line:
            total += float(line.split()[-1])
    return total


def test_malformed_input_goes_to_dlq_and_worker_keeps_going(env):
    settings, worker = env
    bad = {
        "not_json": b"{this is not json",
        "wrong_types": orjson.dumps({"order_id": "W-1", "parties": [{"role": "sold_to", "name": 42}],
                                     "order_version": "seven"}),
        "missing_order_id": orjson.dumps({"parties": [{"role": "sold_to", "name": "Acme"}]}),
        "missing_parties": orjson.dumps({"order_id": "W-2"}),
        "empty_parties": orjson.dumps({"order_id": "W-3", "parties": []}),
        "not_an_object": b"[1, 2, 3]",
        "oversized": orjson.dumps({"order_id": "W-4", "parties": [{"role": "sold_to", "name": "A"}],
                                   "notes": "x" * (settings.max_message_bytes + 10)}),
        "invalid_utf8": b'{"order_id": "\xff\xfe", "parties": []}',
    }
    before = {t: _metric_sum(worker, "screener_dlq_total", f'error_type="{t}"')
              for t in ("not_json", "invalid_order", "not_object", "oversized")}
    run(produce(settings, settings.orders_topic, [(k.encode(), v) for k, v in bad.items()]))
    after_bad = order("AFTER-BAD", ("sold_to", "Keystone Packaging Ltd", "GB"))
    run(produce_orders(settings, [after_bad]))
    letters = run(collect(settings, settings.dlq_topic,
                          lambda out: {d.get("key_excerpt") for d in out} >= set(bad), worker=worker))
    by_key = {d["key_excerpt"]: d for d in letters}
    expected_type = {"not_json": "not_json", "wrong_types": "invalid_order", "missing_order_id": "invalid_order",
                     "missing_parties": "invalid_order", "empty_parties": "invalid_order",
                     "not_an_object": "not_object", "oversized": "oversized", "invalid_utf8": "not_json"}
    for key, etype in expected_type.items():
        letter = by_key[key]
        assert letter["error_type"] == etype, letter
        assert letter["topic"] == settings.orders_topic and letter["offset"] >= 0 and letter["error"]
        assert len(letter["raw_excerpt"]) <= 2048 and letter["raw_size"] == len(bad[key])
    assert "order_id" in by_key["missing_order_id"]["error"]
    assert "parties" in by_key["missing_parties"]["error"]
    decisions = run(collect(settings, settings.decisions_topic,
                            lambda out: any(d["order_id"] == "AFTER-BAD" for d in out), worker=worker))
    assert any(d["order_id"] == "AFTER-BAD" for d in decisions)
    assert worker.alive()
    after = {t: _metric_sum(worker, "screener_dlq_total", f'error_type="{t}"') for t in before}
    assert after["not_json"] - before["not_json"] == 2
    assert after["invalid_order"] - before["invalid_order"] == 4
    assert after["not_object"] - before["not_object"] == 1
    assert after["oversized"] - before["oversized"] == 1


def test_watchlist_change_applies_without_restart_and_rescreens(env):
    settings, worker = env
    name = "Zephyrine Quartzwell Holdings"
    first = order("RS-1", ("sold_to", "Keystone Packaging Ltd", "GB"), ("end_user", name, "NL"))
    run(produce_orders(settings, [first]))
    d1 = run(collect(settings, settings.decisions_topic,
                     lambda out: any(d["order_id"] == "RS-1" for d in out), worker=worker))
    assert [d["decision"] for d in d1 if d["order_id"] == "RS-1"] == ["RELEASE"]

    entry = WatchlistEntry(entry_id="P-1", list="PRIVATE-LETTERS", names=[name], type="organization",
                           countries=["NL"], origin="company")
    run(add_entries(settings, [entry]))
    # The released order is held by re-screening, and a new order for the party is held too.
    d2 = run(collect(settings, settings.decisions_topic,
                     lambda out: any(d["order_id"] == "RS-1" and d["rescreen"] for d in out), worker=worker))
    rescreen = [d for d in d2 if d["order_id"] == "RS-1" and d["rescreen"]]
    assert rescreen and rescreen[0]["decision"] == "HOLD"
    [hit] = [r for r in rescreen[0]["reasons"] if r["code"] == "WATCHLIST_MATCH"]
    assert hit["list"] == "PRIVATE-LETTERS" and hit["entry_id"] == "P-1"
    run(produce_orders(settings, [order("RS-2", ("sold_to", name.upper(), "NL"))]))
    d3 = run(collect(settings, settings.decisions_topic,
                     lambda out: any(d["order_id"] == "RS-2" for d in out), worker=worker))
    assert [d["decision"] for d in d3 if d["order_id"] == "RS-2"] == ["HOLD"]

    # Removing the entry releases the orders held only because of it.
    run(remove_entries(settings, "company:PRIVATE-LETTERS", ["P-1"]))
    d4 = run(collect(settings, settings.decisions_topic,
                     lambda out: {d["order_id"] for d in out if d["rescreen"] and d["decision"] == "RELEASE"}
                     >= {"RS-1", "RS-2"}, worker=worker))
    releases = {d["order_id"] for d in d4 if d["rescreen"] and d["decision"] == "RELEASE"}
    assert {"RS-1", "RS-2"} <= releases


def _post_review(worker, body: dict, token: str | None):
    return worker.post("/reviews", body, token)


def test_manual_release_is_authenticated_four_eyed_and_audited(env):
    settings, worker = env
    held = order("MR-1", ("sold_to", "Keystone Packaging Ltd", "GB"), ("end_user", "BANK ROSSIYA", None))
    run(produce_orders(settings, [held]))
    run(collect(settings, settings.decisions_topic, lambda out: any(d["order_id"] == "MR-1" for d in out),
                worker=worker))
    body = {"order_id": "MR-1", "action": "clear", "reviewer": "a.officer", "reason": "false positive: namesake"}
    status, reply = _post_review(worker, body, "wrong-token")
    assert status == 401
    # One reviewer alone cannot clear a watch-list hold (four eyes): the CLI waits and says so.
    cli = subprocess.run([sys.executable, "-m", "screener", "review", "clear", "MR-1", "--reviewer", "a.officer",
                          "--reason", "false positive: namesake", "--url", f"http://127.0.0.1:{worker.web_port}",
                          "--token", TOKEN], capture_output=True, text=True, timeout=60, env=worker_env(settings))
    assert cli.returncode == 1 and "second reviewer" in cli.stdout + cli.stderr, (cli.stdout, cli.stderr)
    status, reply = _post_review(worker, {**body, "approver": "b.approver"}, TOKEN)
    assert status == 202

    def released(out):
        return any(d["order_id"] == "MR-1" and d["decision"] == "RELEASE" for d in out)

    decisions = run(collect(settings, settings.decisions_topic, released, worker=worker))
    [rel] = [d for d in decisions if d["order_id"] == "MR-1" and d["decision"] == "RELEASE"]
    [reason] = rel["reasons"]
    assert reason["code"] == "MANUAL_RELEASE" and reason["reviewer"] == "a.officer"
    assert reason["approver"] == "b.approver" and reason["detail"] == "false positive: namesake"
    audit = run(collect(settings, settings.audit_topic,
                        lambda out: any(a["outcome"] == "released" for a in out), worker=worker))
    assert any(a["outcome"] == "rejected" and "token" in a["detail"] and a["order_id"] == "MR-1" for a in audit)
    [ok] = [a for a in audit if a["outcome"] == "released"]
    assert ok["order_id"] == "MR-1" and ok["reviewer"] == "a.officer" and ok["decision_id"] == rel["decision_id"]
    assert ok["approver"] == "b.approver" and ok["hold_codes"] == ["WATCHLIST_MATCH"] and ok["cleared_hits"]


def test_forged_review_commands_on_the_topic_are_refused(env):
    from screener.events.review import ReviewCommand, sign_command

    settings, worker = env
    run(produce_orders(settings, [order("FORGE-1", ("end_user", "BANK ROSSIYA", None))]))
    run(collect(settings, settings.decisions_topic, lambda out: any(d["order_id"] == "FORGE-1" for d in out),
                worker=worker))
    cmd = ReviewCommand(order_id="FORGE-1", action="clear", reviewer="mallory", approver="eve", reason="trust me",
                        review_id="forged-1")
    forged = sign_command(cmd, "not-the-key")
    unsigned = cmd.model_copy(update={"review_id": "forged-2"})
    run(produce(settings, settings.reviews_topic, [(b"FORGE-1", forged.model_dump_json().encode()),
                                                   (b"FORGE-1", unsigned.model_dump_json().encode())]))
    audit = run(collect(settings, settings.audit_topic,
                        lambda out: {a.get("review_id") for a in out} >= {"forged-1", "forged-2"}, worker=worker))
    outcomes = {a["review_id"]: a for a in audit if a.get("review_id") in ("forged-1", "forged-2")}
    assert outcomes["forged-1"]["outcome"] == "rejected" and "signature" in outcomes["forged-1"]["detail"]
    assert outcomes["forged-2"]["outcome"] == "rejected" and "signature" in outcomes["forged-2"]["detail"]
    decisions = run(collect(settings, settings.decisions_topic, lambda out: False, timeout=3))
    assert not any(d["order_id"] == "FORGE-1" and d["decision"] == "RELEASE" for d in decisions)


def test_each_policy_rule_through_the_broker(env):
    settings, worker = env
    chip = [{"sku": "MCU", "description": "microcontroller", "hs_code": "8542310000", "quantity": 5,
             "unit_price": 3.0}]
    cases = {
        # HS code written three ways, all tier 1; Kazakhstan by English name.
        "P-DIV": (order("P-DIV", ("sold_to", "Keystone Packaging Ltd", "Kazakhstan"), lines=chip),
                  {"DIVERSION_RISK"}),
        "P-DIV2": (order("P-DIV2", ("sold_to", "Keystone Packaging Ltd", "ARE"),
                         lines=[{**chip[0], "hs_code": "8542.31"}]), {"DIVERSION_RISK"}),
        "P-CRIMEA": ({**order("P-CRIMEA", ("sold_to", "Keystone Packaging Ltd", "GB")),
                      "parties": [{"role": "ship_to", "name": "Keystone Packaging Ltd", "country": "UA",
                                   "address": {"street": "vul. Lenina 1", "city": "Simferopol", "country": "UA"}}]},
                     {"EMBARGOED_DESTINATION"}),
        "P-FWD": (order("P-FWD", ("sold_to", "Blue River Instruments AB", "SE"),
                        ("freight_forwarder", "Falcon Freight Forwarding GmbH", "DE"),
                        ("end_user", "Falcon Freight Forwarding GmbH", "DE")), {"FORWARDER_AS_END_USER"}),
        # A ship-to in a trading hub holds only when an item has a risk tier (furniture goes).
        "P-SHIPTO": (order("P-SHIPTO", ("sold_to", "Blue River Instruments AB", "SE"),
                           ("ship_to", "Blue River Instruments AB", "Türkiye"), lines=chip), {"SHIP_TO_MISMATCH"}),
        "P-SHIPTO-SHELF": (order("P-SHIPTO-SHELF", ("sold_to", "Blue River Instruments AB", "SE"),
                                 ("ship_to", "Blue River Instruments AB", "Türkiye")), set()),
        "P-UNKNOWN": (order("P-UNKNOWN", ("sold_to", "Blue River Instruments AB", "Atlantis")),
                      {"UNRESOLVED_COUNTRY"}),
        "P-CLEAN": (order("P-CLEAN", ("sold_to", "Blue River Instruments AB", "SE"), lines=chip), set()),
    }
    run(produce_orders(settings, [o for o, _ in cases.values()]))
    decisions = run(collect(settings, settings.decisions_topic,
                            lambda out: {d["order_id"] for d in out} >= set(cases), worker=worker))
    got = {d["order_id"]: d for d in decisions if d["order_id"] in cases}
    for oid, (_, codes) in cases.items():
        d = got[oid]
        fired = {r["code"] for r in d["reasons"]}
        assert codes <= fired, (oid, d["reasons"])
        assert d["decision"] == ("HOLD" if codes else "RELEASE"), (oid, d)
    div = next(r for r in got["P-DIV"]["reasons"] if r["code"] == "DIVERSION_RISK")
    assert div["country"] == "KZ" and div["hs_code"] == "8542310000" and div["tier"] == 1
    crimea = next(r for r in got["P-CRIMEA"]["reasons"] if r["code"] == "EMBARGOED_DESTINATION")
    assert crimea["region"] == "CRIMEA"
    assert got["P-DIV"]["policy_version"] and got["P-DIV"]["policy_version"] == got["P-CLEAN"]["policy_version"]
