"""Fault suite: what users do to a long-running system, on the real broker and real worker processes.

Each scenario runs on topics with history and counts, over every order event it sent: decisions
out, orders without a decision (must be 0), RELEASEs of orders naming a listed party (must be 0)
and events decided twice under different ids (must be 0). Timings (time to screening after a
restart, time for partitions to move) are recorded, never asserted: set SCREENER_FAULT_FIGURES to
a file to collect them (``benchmarks/worker_faults.py`` does, and prints the table).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field

import orjson
import pytest
from kafka_helpers import collect, now_iso, produce, run

from screener.config import Settings
from screener.events.control import WatchlistEntry
from screener.stream.broker import EmbeddedBroker, free_port
from screener.stream.harness import WorkerProcess, demo_settings, producer_for, wait_until
from screener.stream.publish import add_entries, publish_snapshots
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists

pytestmark = pytest.mark.integration
PARTITIONS = 6
TOKEN = "fault-review-token"

_CLEAN_WORDS = ["Northwind", "Harbor", "Cedar", "Quill", "Juniper", "Marigold", "Tessellate", "Brightwater",
                "Ambergate", "Copperfield", "Larkspur", "Wrenfield", "Oakhollow", "Silverbirch", "Fernvale"]
_CLEAN_KINDS = ["Office Supplies", "Garden Tools", "Furniture", "Textiles", "Packaging", "Bakeware"]
_CLEAN_FORMS = ["GmbH", "Ltd", "Inc.", "B.V.", "AB", "S.r.l."]


# --- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fault_broker():
    """A broker of this module's own: scenarios pause it, and other tests must not feel that."""
    with EmbeddedBroker() as b:
        yield b


@pytest.fixture(scope="module")
def sdn(shared_data):
    return load_watchlists([shared_data / "ofac-sdn-2019"])


@pytest.fixture(scope="module")
def listed_names(sdn):
    """Exact primary names of listed organisations: an order naming one must never be released."""
    names = sorted(e.names[0] for e in sdn if e.type == "organization" and len(e.names[0]) > 12)
    return random.Random(3).sample(names, 60)


@pytest.fixture(scope="module")
def clean_names():
    rng = random.Random(11)
    return sorted({f"{rng.choice(_CLEAN_WORDS)} {rng.choice(_CLEAN_KINDS)} {rng.choice(_CLEAN_FORMS)}"
                   for _ in range(400)})


@pytest.fixture
def figures(request):
    """Timings of one scenario, appended to SCREENER_FAULT_FIGURES when set."""
    out: dict = {"scenario": request.node.name}
    yield out
    path = os.environ.get("SCREENER_FAULT_FIGURES")
    if path:
        with open(path, "a") as fh:
            fh.write(json.dumps(out) + "\n")


def fresh_settings(broker, sdn, **kw) -> Settings:
    settings = demo_settings(broker.bootstrap, partitions=PARTITIONS, review_token=TOKEN,
                             review_signing_key="fault-signing-key", **kw)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, sdn, source="fault suite"))
    return settings


# --- orders and the tally -------------------------------------------------------------------------
@dataclass
class Sent:
    events: dict[str, dict] = field(default_factory=dict)  # order_id -> last event
    listed: set[str] = field(default_factory=set)


def make_orders(prefix: str, n: int, listed_names, clean_names, listed_every: int = 20,
                seed: int = 1) -> tuple[list[dict], set[str]]:
    rng = random.Random(seed)
    events, listed = [], set()
    for i in range(n):
        oid = f"{prefix}-{i:06d}"
        parties = [{"role": "sold_to", "name": rng.choice(clean_names), "country": "DE"},
                   {"role": "ship_to", "name": rng.choice(clean_names), "country": "FR"}]
        if i % listed_every == 0:
            parties.append({"role": "end_user", "name": rng.choice(listed_names)})
            listed.add(oid)
        events.append({"order_id": oid, "event_type": "created", "order_version": 1, "occurred_at": now_iso(),
                       "parties": parties,
                       "lines": [{"sku": "SHELF-1", "description": "office shelf", "hs_code": "9403.20",
                                  "quantity": 2, "unit_price": 40.0}]})
    return events, listed


def send(settings: Settings, events: list[dict]) -> None:
    run(produce(settings, settings.orders_topic, [(e["order_id"].encode(), orjson.dumps(e)) for e in events]))


class PacedProducer(threading.Thread):
    """Produces events at a steady rate from its own thread (a warehouse that keeps sending)."""

    def __init__(self, settings: Settings, events: list[dict], rate: float):
        super().__init__(daemon=True)
        self.settings, self.events, self.rate = settings, events, rate
        self.sent = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    async def _run(self) -> None:
        p = await producer_for(self.settings)
        try:
            start = time.monotonic()
            for i, e in enumerate(self.events):
                due = start + i / self.rate
                if due > time.monotonic():
                    await asyncio.sleep(due - time.monotonic())
                await p.send(self.settings.orders_topic, orjson.dumps(e), key=e["order_id"].encode())
                self.sent = i + 1
            await p.flush()
        finally:
            await p.stop()


def all_decisions(settings: Settings, order_ids: set[str], timeout: float = 180.0, workers=()) -> list[dict]:
    def done(out: list[dict]) -> bool:
        return {d["order_id"] for d in out} >= order_ids
    decisions = run(collect(settings, settings.decisions_topic, done, timeout=timeout))
    if not done(decisions):
        logs = "\n".join(f"--- {w.name}:\n{w.log_tail(30)}" for w in workers)
        missing = order_ids - {d["order_id"] for d in decisions}
        raise AssertionError(f"{len(missing)} orders undecided after {timeout}s, e.g. {sorted(missing)[:5]}\n{logs}")
    return decisions


def tally(events: list[dict], listed: set[str], decisions: list[dict]) -> dict:
    """What the issue asks every fault to count."""
    by_event: dict[tuple, set[str]] = {}
    released: set[str] = set()
    decided: set[str] = set()
    sent = {e["order_id"] for e in events}
    for d in decisions:
        if d["order_id"] not in sent:
            continue
        decided.add(d["order_id"])
        if d["decision"] == "RELEASE":
            released.add(d["order_id"])
        if not d["rescreen"]:
            key = (d["order_id"], d.get("order_version"), d["event_type"], d["watchlist_version"],
                   d["policy_version"])
            by_event.setdefault(key, set()).add(d["decision_id"])
    return {
        "events_in": len(events),
        "decisions_out": sum(1 for d in decisions if d["order_id"] in sent),
        "undecided": len(sent - decided),
        "listed_released": len(listed & released),
        "conflicting_ids": sum(1 for ids in by_event.values() if len(ids) > 1),
    }


def assert_clean(t: dict) -> None:
    assert t["undecided"] == 0, t
    assert t["listed_released"] == 0, t
    assert t["conflicting_ids"] == 0, t
    assert t["decisions_out"] >= t["events_in"], t


def screened(worker: WorkerProcess) -> float:
    return worker.metric_sum("screener_orders_screened_total")


# --- scenarios ------------------------------------------------------------------------------------
def test_kill_9_mid_stream_and_restart(fault_broker, sdn, listed_names, clean_names, figures):
    settings = fresh_settings(fault_broker, sdn)
    events, listed = make_orders("K9", 12_000, listed_names, clean_names)
    first = WorkerProcess(settings, "k9-first").start()
    try:
        first.wait_ready(timeout=120)
        send(settings, events)
        assert wait_until(lambda: screened(first) >= 4_000 or not first.alive(), 120, 0.02), first.log_tail()
        figures["screened_before_kill"] = screened(first)
        first.kill()
    finally:
        first.stop()
    # The same data dir, as when a container or host process restarts.
    second = WorkerProcess(settings, "k9-second", data_dir=first.data_dir).start()
    try:
        assert wait_until(lambda: screened(second) > 0 or not second.alive(), 120, 0.05), second.log_tail()
        figures["seconds_to_screening_after_kill_9"] = round(time.monotonic() - second.started_at, 2)
        decisions = all_decisions(settings, {e["order_id"] for e in events}, workers=[second])
        t = tally(events, listed, decisions)
        figures.update(t)
        assert_clean(t)
        assert second.alive() and second.get("/health")[0] == 200
    finally:
        second.stop()


def test_graceful_restart_with_a_new_data_dir(fault_broker, sdn, listed_names, clean_names, figures):
    """SIGTERM mid-stream, then a worker with an empty data dir: its state comes back from the
    changelog, reviews apply to orders decided before the restart, and a list change made while
    no worker ran re-screens them."""
    settings = fresh_settings(fault_broker, sdn)
    events, listed = make_orders("GR", 8_000, listed_names, clean_names)
    held = {"order_id": "GR-HELD", "order_version": 1, "occurred_at": now_iso(),
            "parties": [{"role": "end_user", "name": listed_names[0]}]}
    later = {"order_id": "GR-LATER", "order_version": 1, "occurred_at": now_iso(),
             "parties": [{"role": "end_user", "name": "Zephyrine Quartzwell Holdings"}]}
    first = WorkerProcess(settings, "gr-first").start()
    try:
        first.wait_ready(timeout=120)
        send(settings, [held, later])
        run(collect(settings, settings.decisions_topic,
                    lambda out: {d["order_id"] for d in out} >= {"GR-HELD", "GR-LATER"}, timeout=60))
        send(settings, events)
        assert wait_until(lambda: screened(first) >= 3_000 or not first.alive(), 120, 0.02), first.log_tail()
        first.proc.send_signal(signal.SIGTERM)
        figures["graceful_exit_code"] = first.wait_exit(60)
        assert figures["graceful_exit_code"] == 0, first.log_tail()
    finally:
        first.stop()
    # While no worker runs, compliance lists the party of GR-LATER.
    entry = WatchlistEntry(entry_id="GR-1", list="PRIVATE", names=["Zephyrine Quartzwell Holdings"],
                           type="organization", origin="company")
    run(add_entries(settings, [entry]))
    second = WorkerProcess(settings, "gr-second").start()  # a new, empty data dir
    try:
        assert wait_until(lambda: screened(second) > 0 or not second.alive(), 120, 0.05), second.log_tail()
        figures["seconds_to_screening_after_restart"] = round(time.monotonic() - second.started_at, 2)
        decisions = all_decisions(settings, {e["order_id"] for e in events}, workers=[second])
        t = tally(events, listed, decisions)
        figures.update(t)
        assert_clean(t)
        # The list change made while no worker ran re-screens the order released before it.
        out = run(collect(settings, settings.decisions_topic,
                          lambda o: any(d["order_id"] == "GR-LATER" and d["rescreen"] for d in o), timeout=90))
        [rescreen] = [d for d in out if d["order_id"] == "GR-LATER" and d["rescreen"]]
        assert rescreen["decision"] == "HOLD" and rescreen["reasons"][0]["entry_id"] == "GR-1"
        # A hold from before the restart can be cleared after it (the state came back from the changelog).
        status, reply = second.post("/reviews", {"order_id": "GR-HELD", "action": "clear", "reviewer": "j.doe",
                                                 "approver": "k.roe", "reason": "checked: namesake"}, TOKEN)
        assert status == 202, reply
        audit = run(collect(settings, settings.audit_topic,
                            lambda o: any(a.get("review_id") == reply["review_id"] for a in o), timeout=60))
        [outcome] = [a for a in audit if a.get("review_id") == reply["review_id"]]
        assert outcome["outcome"] == "released", outcome
    finally:
        second.stop()


def test_add_and_remove_a_worker_under_load(fault_broker, sdn, listed_names, clean_names, figures):
    settings = fresh_settings(fault_broker, sdn)
    # About 40 s of orders: the added worker must still find orders to screen when it joins,
    # which takes it 10-25 s on this machine (replaying the full list, then the group protocol).
    events, listed = make_orders("AR", 18_000, listed_names, clean_names)
    a = WorkerProcess(settings, "ar-a").start()
    b = WorkerProcess(settings, "ar-b")
    feeder = PacedProducer(settings, events, rate=450.0)
    try:
        a.wait_ready(timeout=120)
        feeder.start()
        time.sleep(4)
        b.start()
        assert wait_until(lambda: (b.metric("screener_assigned_partitions") or 0) > 0 or not b.alive(), 90, 0.05), \
            b.log_tail()
        figures["seconds_to_partitions_on_added_worker"] = round(time.monotonic() - b.started_at, 2)
        assert wait_until(lambda: screened(b) > 0, 60, 0.05), b.log_tail()
        time.sleep(4)
        removed_at = time.monotonic()
        b.proc.send_signal(signal.SIGTERM)
        assert wait_until(lambda: a.metric("screener_assigned_partitions") == PARTITIONS, 90, 0.05), a.log_tail()
        figures["seconds_to_partitions_back_after_removal"] = round(time.monotonic() - removed_at, 2)
        feeder.join(120)
        assert feeder.error is None and feeder.sent == len(events)
        decisions = all_decisions(settings, {e["order_id"] for e in events}, workers=[a, b])
        t = tally(events, listed, decisions)
        figures.update(t)
        assert_clean(t)
        assert a.alive()
    finally:
        a.stop()
        b.stop()


def test_broker_pause_longer_than_the_request_timeout(fault_broker, sdn, listed_names, clean_names, figures):
    settings = fresh_settings(fault_broker, sdn)
    events, listed = make_orders("BP", 8_000, listed_names, clean_names)
    worker = WorkerProcess(settings, "bp", SCREENER_REQUEST_TIMEOUT_MS="8000", SCREENER_SESSION_TIMEOUT_MS="6000",
                           SCREENER_REVOKE_WAIT_S="2").start()
    try:
        worker.wait_ready(timeout=120)
        send(settings, events[:4_000])
        assert wait_until(lambda: screened(worker) >= 1_000, 60, 0.01), worker.log_tail()
        paused_at = time.monotonic()
        os.kill(fault_broker.proc.pid, signal.SIGSTOP)
        try:
            time.sleep(15)  # longer than the 8 s request timeout and the 6 s session timeout
            figures["healthy_during_pause"] = worker.alive() and worker.get("/health")[0] == 200
        finally:
            os.kill(fault_broker.proc.pid, signal.SIGCONT)
        figures["pause_seconds"] = round(time.monotonic() - paused_at, 1)
        send(settings, events[4_000:])
        decisions = all_decisions(settings, {e["order_id"] for e in events}, workers=[worker])
        figures["seconds_to_all_decided_after_resume"] = round(time.monotonic() - paused_at - figures["pause_seconds"], 1)
        t = tally(events, listed, decisions)
        figures.update(t)
        assert_clean(t)
        assert worker.alive() and worker.get("/health")[0] == 200, worker.log_tail()
    finally:
        worker.stop()


def test_poison_and_oversized_orders(fault_broker, sdn, listed_names, clean_names, figures):
    settings = fresh_settings(fault_broker, sdn)
    events, listed = make_orders("PO", 2_000, listed_names, clean_names)
    worker = WorkerProcess(settings, "po", SCREENER_POISON_NAME="Poison Pill Trading AG").start()
    chip = {"sku": "MCU", "hs_code": "8542.31", "quantity": 1, "unit_price": 2.0}
    poison = {"order_id": "PO-POISON", "order_version": 1, "occurred_at": now_iso(),
              "parties": [{"role": "sold_to", "name": "Poison Pill Trading AG", "country": "DE"}]}
    oversized = {"order_id": "PO-BIG", "order_version": 1, "occurred_at": now_iso(),
                 "parties": [{"role": "ship_to", "name": f"Depot {i}", "country": "KZ"} for i in range(50)],
                 "lines": [{**chip, "sku": f"MCU-{j}"} for j in range(1000)]}
    try:
        worker.wait_ready(timeout=120)
        send(settings, events[:1000] + [poison, oversized] + events[1000:])
        want = {e["order_id"] for e in events} | {"PO-POISON", "PO-BIG"}
        decisions = all_decisions(settings, want, workers=[worker])
        t = tally(events, listed, decisions)
        figures.update(t)
        assert_clean(t)
        [p] = [d for d in decisions if d["order_id"] == "PO-POISON"]
        assert p["decision"] == "HOLD" and [r["code"] for r in p["reasons"]] == ["SCREENING_ERROR"]
        [big] = [d for d in decisions if d["order_id"] == "PO-BIG"]
        assert big["decision"] == "HOLD" and big["reasons_folded"] > 0
        assert len(orjson.dumps(big)) < 1_000_000
        figures["oversized_decision_bytes"] = len(orjson.dumps(big))
        letters = run(collect(settings, settings.dlq_topic,
                              lambda o: any(x["error_type"] == "screening_error" for x in o), timeout=30))
        assert any(x["error_type"] == "screening_error" and x["offset"] >= 0 for x in letters)
        assert worker.alive()
    finally:
        worker.stop()


def test_worker_waits_for_an_unreachable_broker_then_screens(sdn, listed_names, clean_names, figures):
    port = free_port()
    settings = demo_settings(f"127.0.0.1:{port}", partitions=PARTITIONS)
    worker = WorkerProcess(settings, "late-broker").start()
    try:
        time.sleep(6)
        assert worker.alive(), worker.log_tail()  # retrying with backoff, not exiting
        assert "retrying in" in worker.log_path.read_text()
        with EmbeddedBroker(port=port):
            run(ensure_topics(settings))
            run(publish_snapshots(settings, sdn))
            worker.wait_ready(timeout=120)
            figures["seconds_to_ready_after_broker_appeared"] = round(time.monotonic() - worker.started_at - 6, 1)
            events, listed = make_orders("LB", 300, listed_names, clean_names)
            send(settings, events)
            t = tally(events, listed, all_decisions(settings, {e["order_id"] for e in events}, workers=[worker]))
            assert_clean(t)
            worker.stop()
    finally:
        worker.stop()


_CANCEL_SCREENING = """
import asyncio, sys
from screener.config import Settings
from screener.stream import app as worker_app

original = worker_app.OrderScreening.run

async def run_then_vanish(self):
    task = asyncio.current_task()

    async def vanish():  # once the loop runs, its task disappears, as in the reported bug
        await self.sync.ready.wait()
        await asyncio.sleep(3.0)
        task.cancel()
    keep = asyncio.get_running_loop().create_task(vanish())
    try:
        await original(self)
    finally:
        keep.cancel()

worker_app.OrderScreening.run = run_then_vanish
worker_app.run_worker(Settings(), loglevel="info")
"""


def test_a_vanished_screening_task_stops_the_worker_non_zero(fault_broker, sdn):
    settings = fresh_settings(fault_broker, sdn)
    worker = WorkerProcess(settings, "vanish")
    worker.start_script(_CANCEL_SCREENING)
    try:
        code = worker.wait_exit(90)
        log = worker.log_path.read_text(errors="replace")
        assert code not in (None, 0), log[-3000:]
        assert "order screening failed: was cancelled" in log or "order screening was cancelled" in log, log[-3000:]
    finally:
        worker.stop()
