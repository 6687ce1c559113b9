"""The offline `screen` command and the stream give the same decision for the same orders and list."""

from __future__ import annotations

import json

import orjson
import pytest
from kafka_helpers import collect, produce_orders, run
from typer.testing import CliRunner

from screener.cli.main import app
from screener.stream.harness import WorkerProcess, demo_settings
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.synthetic import OrderGenerator
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration


def _essence(d: dict) -> tuple:
    reasons = sorted((r["code"], r.get("party_role"), r.get("list"), r.get("entry_id"), r.get("country"),
                      r.get("hs_code"), None if r.get("score") is None else round(r["score"], 3))
                     for r in d["reasons"])
    return d["decision"], tuple(reasons)


def test_offline_and_stream_decide_alike(broker, tmp_path):
    entries = load_watchlists([sample_path()])
    events = [e for e, _ in OrderGenerator(entries, seed=23, listed_share=0.3).orders(300)]
    orders_file = tmp_path / "orders.jsonl"
    orders_file.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))
    out, rej = tmp_path / "decisions.jsonl", tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(app, ["screen", "-w", str(sample_path()), "-i", str(orders_file), "-o", str(out),
                                   "--rejects", str(rej)])
    assert res.exit_code == 0, res.output
    offline = {d["order_id"]: d for d in map(json.loads, out.read_text().splitlines())}
    assert len(offline) == 300
    kinds = {d["decision"] for d in offline.values()}
    assert kinds == {"HOLD", "RELEASE"}

    settings = demo_settings(broker.bootstrap, partitions=2)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, entries))
    worker = WorkerProcess(settings, "parity").start()
    try:
        worker.wait_ready(timeout=120)
        run(produce_orders(settings, events))
        decisions = run(collect(settings, settings.decisions_topic,
                                lambda o: {d["order_id"] for d in o} >= set(offline), worker=worker))
    finally:
        worker.stop()
    stream = {d["order_id"]: d for d in decisions}
    mismatches = [(oid, _essence(offline[oid]), _essence(stream[oid]))
                  for oid in offline if _essence(offline[oid]) != _essence(stream[oid])]
    assert not mismatches, mismatches[:3]
