"""The watch list and the input can be trusted: every trap of issue 15, through the real broker, a
real worker and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import orjson
import pytest
from kafka_helpers import collect, order, produce, produce_orders, run

from screener.config import Settings
from screener.events.control import WatchlistEntry
from screener.stream.harness import (
    WorkerProcess,
    demo_settings,
    producer_for,
    topic_reader,
    wait_until,
    worker_env,
)
from screener.stream.publish import add_entries, load_lists, publish_snapshots, read_control, remove_entries
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration


def cli(settings: Settings, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, **worker_env(settings), "SCREENER_METRICS_PORT": "0"}
    return subprocess.run([sys.executable, "-m", "screener", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def decided(settings: Settings, worker, order_id: str, timeout: float = 60) -> dict:
    out = run(collect(settings, settings.decisions_topic, lambda o: any(d["order_id"] == order_id for d in o),
                      timeout=timeout, worker=worker))
    [d] = [d for d in out if d["order_id"] == order_id][-1:]
    return d


@pytest.fixture(scope="module")
def env(broker):
    settings = demo_settings(broker.bootstrap, partitions=2, review_token="t")
    run(ensure_topics(settings))
    run(publish_snapshots(settings, load_watchlists([sample_path()]), source="sample"))
    worker = WorkerProcess(settings, "integrity").start()
    try:
        worker.wait_ready(timeout=120)
        yield settings, worker
    finally:
        worker.stop()


def test_loading_the_csl_never_touches_ofacs_sdn_list(env, shared_data):
    settings, worker = env
    res = cli(settings, "watchlist", "load", str(shared_data / "csl-sample"))
    assert res.returncode == 0, res.stderr
    assert "applied by all 1 running worker(s)" in res.stderr
    state = run(read_control(settings))
    counts = {st.list_id: st.count for st in state.lists()}
    assert counts["ofac:SDN"] == 400 and counts["csl:SDN"] == 28
    # The order is sent right after the load returns: the worker has applied it already.
    run(produce_orders(settings, [order("CSL-1", ("end_user", "Kalashnikov Concern", "RU"))]))
    d = decided(settings, worker, "CSL-1")
    assert d["decision"] == "HOLD"
    assert any(r["code"] == "WATCHLIST_MATCH" and r["entry_id"] == "16911" for r in d["reasons"])
    assert d["watchlists"]["ofac:SDN"]["n"] == 400 and d["watchlists"]["csl:SDN"]["n"] == 28


def test_a_one_row_file_cannot_wipe_a_list_without_force(env, tmp_path):
    settings, worker = env
    rows = "name,country\n" + "".join(f"Letter Party {i} Trading LLC,AE\n" for i in range(20))
    full = tmp_path / "letters.csv"
    full.write_text(rows)
    assert cli(settings, "watchlist", "load", "--list", "LETTERS", str(full)).returncode == 0
    one = tmp_path / "one.csv"
    one.write_text("name,country\nLetter Party 0 Trading LLC,AE\n")
    res = cli(settings, "watchlist", "load", "--list", "LETTERS", str(one))
    assert res.returncode == 4 and "19 of 20 entries would go" in res.stderr, res.stderr
    assert {st.list_id: st.count for st in run(read_control(settings)).lists()}["company:LETTERS"] == 20
    res = cli(settings, "watchlist", "load", "--list", "LETTERS", "--force", str(one))
    assert res.returncode == 0, res.stderr
    assert {st.list_id: st.count for st in run(read_control(settings)).lists()}["company:LETTERS"] == 1
    assert cli(settings, "watchlist", "load", "--list", "LETTERS", "--force", str(full)).returncode == 0


def test_add_remove_and_status_as_the_workers_see_them(env):
    settings, worker = env
    res = cli(settings, "watchlist", "add", "--list", "LETTERS", "--name", "Quillfeather Dynamics GmbH",
              "--country", "Germany", "--type", "organization", "--reason", "BIS letter 2024-05")
    assert res.returncode == 0 and "added" in res.stderr, res.stderr
    run(produce_orders(settings, [order("ADD-1", ("sold_to", "QUILLFEATHER DYNAMICS GMBH", "DE"))]))
    assert decided(settings, worker, "ADD-1")["decision"] == "HOLD"
    status = orjson.loads(cli(settings, "watchlist", "status", "--json").stdout)
    lists = {st["list_id"]: st for st in status["lists"]}
    [w] = status["workers"].values()
    assert w["ready"] and w["lists"]["company:LETTERS"]["hash"] == lists["company:LETTERS"]["hash"]
    assert w["control_version"] == status["control_version"]
    entry_id = next(e.entry_id for e in run(read_control(settings)).entries.values()
                    if e.names[0] == "Quillfeather Dynamics GmbH")
    res = cli(settings, "watchlist", "remove", "LETTERS", entry_id)
    assert res.returncode == 0, res.stderr
    run(produce_orders(settings, [order("ADD-2", ("sold_to", "QUILLFEATHER DYNAMICS GMBH", "DE"))]))
    assert decided(settings, worker, "ADD-2")["decision"] == "RELEASE"


def test_a_worker_holding_an_emptied_required_list_decides_nothing(broker, tmp_path):
    settings = demo_settings(broker.bootstrap, partitions=2)
    run(ensure_topics(settings))
    entry = WatchlistEntry(entry_id="1", list="SDN", origin="ofac", names=["Only Entry Holdings"], type="organization")
    run(add_entries(settings, [entry]))
    worker = WorkerProcess(settings, "required").start()  # the default policy requires SDN
    try:
        worker.wait_ready(timeout=120)
        run(remove_entries(settings, "ofac:SDN", ["1"]))
        assert wait_until(lambda: worker.metric("screener_watchlist_ready") == 0, 30), worker.log_tail()
        status, body = worker.get("/ready")
        assert status == 503 and "required list SDN is empty" in body["not_ready"]
        run(produce_orders(settings, [order("EMPTY-1", ("sold_to", "Only Entry Holdings", "DE"))]))
        early = run(collect(settings, settings.decisions_topic, lambda o: bool(o), timeout=6))
        assert early == []  # nothing is released while the list is empty
        run(add_entries(settings, [entry]))
        assert decided(settings, worker, "EMPTY-1")["decision"] == "HOLD"
    finally:
        worker.stop()


def test_replaying_a_compacted_topic_gives_what_the_live_worker_holds(env, broker):
    """A fixed history with a loader crash, on the real broker; the topic is then compacted (the
    latest record per key copied to a new topic, as Kafka's cleaner leaves it) and a fresh worker
    replays it: both workers report the same lists and hashes."""
    settings, worker = env
    entries = [WatchlistEntry(entry_id=str(i), list="CRASH", origin="company", names=[f"Crash Party {i} Ltd"])
               for i in range(30)]
    run(load_lists(settings, entries[:20], source="first"))
    # A second load dies half way: its marker and 5 entries of a new generation only.
    from screener.stream.publish import load_records

    records, _ = load_records(run(read_control(settings)), entries[10:], source="crashed", ttl_s=2)

    async def send(recs):
        p = await producer_for(settings)
        try:
            for k, v in recs:
                await p.send(settings.control_topic, v, key=k.encode(), partition=0)
            await p.flush()
        finally:
            await p.stop()
    run(send(records[:6]))
    time.sleep(2.5)  # the crashed load's marker expires
    run(add_entries(settings, [entries[25]]))
    run(remove_entries(settings, "company:CRASH", ["3"]))
    live = run(read_control(settings))

    async def latest_per_key():
        reader = await topic_reader(settings, settings.control_topic)
        latest: dict[bytes, tuple[int, bytes | None]] = {}
        try:
            ends = await reader.end_offsets(list(reader.assignment()))
            while any([await reader.position(tp) < e for tp, e in ends.items()]):
                for recs in (await reader.getmany(timeout_ms=500)).values():
                    for r in recs:
                        latest[r.key] = (r.offset, r.value)
        finally:
            await reader.stop()
        return [(k, v) for k, (_, v) in sorted(latest.items(), key=lambda kv: kv[1][0]) if v is not None]
    compacted = run(latest_per_key())
    replayed = demo_settings(broker.bootstrap, partitions=2)
    run(ensure_topics(replayed))
    run(_copy(replayed, compacted))
    fresh = WorkerProcess(replayed, "replayer").start()
    try:
        fresh.wait_ready(timeout=120)
        assert wait_until(lambda: _lists_of(fresh) == _lists_of(worker), 30), (_lists_of(fresh), _lists_of(worker))
        summary = {st.list_id: (st.count, st.hash) for st in live.lists()}
        assert summary["company:CRASH"][0] == 20  # the first load, one entry added, one removed
        assert _lists_of(fresh)["company:CRASH"] == summary["company:CRASH"][1]
    finally:
        fresh.stop()


def _copy(settings: Settings, records: list[tuple[bytes, bytes]]):
    async def go():
        p = await producer_for(settings)
        try:
            for k, v in records:
                await p.send(settings.control_topic, v, key=k, partition=0)
            await p.flush()
        finally:
            await p.stop()
    return go()


def _lists_of(worker: WorkerProcess) -> dict[str, str]:
    """list_id -> content hash, from the worker's metrics."""
    out = {}
    for line in worker.metrics_text().splitlines():
        if line.startswith("screener_watchlist_list_info{"):
            labels = dict(part.split("=", 1) for part in line[line.index("{") + 1:line.index("}")].split(","))
            out[labels["list_id"].strip('"')] = labels["hash"].strip('"')
    return out


def test_a_control_record_with_a_huge_name_is_rejected_without_a_stall(env):
    settings, worker = env
    before = worker.metric_sum("screener_control_errors_total")
    huge = {"op": "entry", "generation": "g1",
            "entry": {"entry_id": "H1", "list": "HUGE", "origin": "company", "names": ["X" * 100_000]}}
    run(produce(settings, settings.control_topic, [(b"entry/company:HUGE/g1/H1", orjson.dumps(huge))]))
    assert wait_until(lambda: worker.metric_sum("screener_control_errors_total") > before, 30), worker.log_tail()
    run(produce_orders(settings, [order("AFTER-HUGE", ("sold_to", "Northwind Office Supplies GmbH", "DE"))]))
    assert decided(settings, worker, "AFTER-HUGE", timeout=30)["decision"] == "RELEASE"


def test_names_that_hide_are_held(env):
    settings, worker = env
    hidden = {"INV-ZW": "\u200b\u200c\u200d", "INV-BIDI": "\u202a\u202c", "INV-MARKS": "\u0301\u0302",
              "INV-NUL": "\u0000", "INV-HANGUL": "\u3164", "INV-BRAILLE": "\u2800", "INV-PUNCT": "..,-",
              "INV-RLO": "\u202e" + "KALASHNIKOV CONCERN"[::-1]}
    run(produce_orders(settings, [order(oid, ("end_user", name, None)) for oid, name in hidden.items()]))
    out = run(collect(settings, settings.decisions_topic, lambda o: {d["order_id"] for d in o} >= set(hidden),
                      worker=worker))
    got = {d["order_id"]: d for d in out if d["order_id"] in hidden}
    for oid in hidden:
        assert got[oid]["decision"] == "HOLD", (oid, got[oid])
    assert {r["code"] for r in got["INV-ZW"]["reasons"]} == {"UNSCREENABLE_NAME"}
    rlo = {r["code"] for r in got["INV-RLO"]["reasons"]}
    assert {"BIDI_CONTROL", "WATCHLIST_MATCH"} <= rlo  # held for the control and for the name it shows


def test_duplicate_keys_are_dead_lettered_and_held(env):
    settings, worker = env
    listed = '{"role": "end_user", "name": "KALASHNIKOV CONCERN"}'
    clean = '{"role": "end_user", "name": "Northwind Office Supplies GmbH"}'
    raw = f'{{"order_id": "DUP-KEYS", "parties": [{listed}], "parties": [{clean}]}}'.encode()
    run(produce(settings, settings.orders_topic, [(b"DUP-KEYS", raw)]))
    d = decided(settings, worker, "DUP-KEYS")
    assert d["decision"] == "HOLD" and d["reasons"][0]["code"] == "INVALID_ORDER"
    letters = run(collect(settings, settings.dlq_topic, lambda o: any(x["error_type"] == "duplicate_keys" for x in o),
                          worker=worker))
    assert any(x["error_type"] == "duplicate_keys" and "parties" in x["error"] for x in letters)


def test_a_published_policy_changes_the_next_decision(env, tmp_path):
    settings, worker = env
    run(produce_orders(settings, [order("POL-1", ("ship_to", "Northwind Office Supplies GmbH", "BR"))]))
    before = decided(settings, worker, "POL-1")
    assert before["decision"] == "RELEASE"
    policy = tmp_path / "policy.yaml"
    policy.write_text("destinations:\n  embargoed: [BY, BR, CU, IR, KP, RU, SY]\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  WATCHLIST_MATCH:\n    treshold: 0.5\n")
    res = cli(settings, "policy", "publish", str(bad))
    assert res.returncode == 2 and "treshold" in res.stderr
    res = cli(settings, "policy", "publish", str(policy))
    assert res.returncode == 0 and "applied by all" in res.stderr, res.stderr
    run(produce_orders(settings, [order("POL-2", ("ship_to", "Northwind Office Supplies GmbH", "BR"))]))
    after = decided(settings, worker, "POL-2")
    assert after["decision"] == "HOLD" and after["policy_version"] != before["policy_version"]
    assert any(r["code"] == "EMBARGOED_DESTINATION" and r.get("country") == "BR" for r in after["reasons"])
    # Back to the packaged default for the tests after this one.
    default = tmp_path / "default.yaml"
    default.write_text("description: default\n")
    assert cli(settings, "policy", "publish", str(default)).returncode == 0


def test_entries_over_the_limits_are_rejected_at_load(env, tmp_path):
    settings, _ = env
    f = tmp_path / "long.csv"
    f.write_text("name,country\n" + "Y" * 600 + ",DE\nReasonable Name Ltd,DE\n")
    rejects = tmp_path / "rejects.jsonl"
    res = cli(settings, "watchlist", "load", "--list", "LONG", "--rejects", str(rejects), str(f))
    assert res.returncode == 0 and "1 entries rejected" in res.stderr, res.stderr
    [rej] = [orjson.loads(line) for line in rejects.read_bytes().splitlines()]
    assert "500" in rej["problem"] or "at most" in rej["problem"]
    assert {st.list_id: st.count for st in run(read_control(settings)).lists()}["company:LONG"] == 1
