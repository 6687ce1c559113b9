"""Fail-closed start-up and horizontal scale, through the real broker and real worker processes."""

from __future__ import annotations

import time

import pytest
from kafka_helpers import collect, order, produce_orders, run

from screener.stream.harness import WorkerProcess, demo_settings
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.synthetic import OrderGenerator
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sample_entries():
    return load_watchlists([sample_path()])


def test_no_decision_before_a_watch_list_is_loaded(broker, sample_entries):
    settings = demo_settings(broker.bootstrap, partitions=2)
    run(ensure_topics(settings))
    worker = WorkerProcess(settings, "failclosed").start()
    try:
        run(produce_orders(settings, [order("FC-1", ("sold_to", "Keystone Packaging Ltd", "GB"))]))
        # Observe for a while: the worker is up (metrics served) but must decide nothing.
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and worker.metric("screener_watchlist_ready") is None:
            time.sleep(0.2)
        assert worker.metric("screener_watchlist_ready") == 0
        early = run(collect(settings, settings.decisions_topic, lambda out: bool(out), timeout=6, worker=worker))
        assert early == []
        run(publish_snapshots(settings, sample_entries))
        decisions = run(collect(settings, settings.decisions_topic,
                                lambda out: any(d["order_id"] == "FC-1" for d in out), timeout=90, worker=worker))
        assert [d["decision"] for d in decisions] == ["RELEASE"]
        assert decisions[0]["watchlist_version"] > 0
    finally:
        worker.stop()


def test_two_workers_split_partitions_and_decide_every_order(broker, sample_entries):
    settings = demo_settings(broker.bootstrap, partitions=6)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, sample_entries))
    workers = [WorkerProcess(settings, f"w{i}").start() for i in range(2)]
    try:
        for w in workers:
            w.wait_ready(timeout=120)
        # Wait until the group has settled with both members holding partitions.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assigned = [w.metric("screener_assigned_partitions") or 0 for w in workers]
            if all(a > 0 for a in assigned) and sum(assigned) == 6:
                break
            time.sleep(0.5)
        assert all(a > 0 for a in assigned) and sum(assigned) == 6, assigned
        gen = OrderGenerator(sample_entries, seed=5)
        events = [e for e, _ in gen.orders(600)]
        run(produce_orders(settings, events))
        want = {e["order_id"] for e in events}
        decisions = run(collect(settings, settings.decisions_topic,
                                lambda out: {d["order_id"] for d in out} >= want, timeout=120))
        assert {d["order_id"] for d in decisions} >= want
        ids: dict[str, set[str]] = {}
        for d in decisions:
            ids.setdefault(d["order_id"], set()).add(d["decision_id"])
        assert all(len(v) == 1 for v in ids.values()), "a duplicate decision must repeat its decision_id"
        screened = [sum(float(line.split()[-1]) for line in w.metrics_text().splitlines()
                        if line.startswith("screener_orders_screened_total")) for w in workers]
        assert all(s > 0 for s in screened), screened
        assert sum(screened) >= len(want)
    finally:
        for w in workers:
            w.stop()
