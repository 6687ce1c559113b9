"""The allow-list on the worker side: a signed "party X is not entry Y" record suppresses that hit
(and the decision says so), until the entry changes, the record expires or is revoked; unsigned
records are ignored. Real broker, real worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from kafka_helpers import collect, order, produce, produce_orders, run

from screener.events.allowlist import AllowRecord, sign_allow
from screener.events.codec import dumps
from screener.events.control import entry_hash
from screener.stream.harness import WorkerProcess, demo_settings, wait_until
from screener.stream.publish import add_entries, publish_snapshots, read_control, wait_applied
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration
KEY = "allow-test-key"


def decision(settings, worker, oid: str) -> dict:
    out = run(collect(settings, settings.decisions_topic, lambda o: any(d["order_id"] == oid for d in o),
                      worker=worker))
    return [d for d in out if d["order_id"] == oid][-1]


def test_allow_list_records_suppress_until_the_entry_changes(broker):
    settings = demo_settings(broker.bootstrap, partitions=2, review_signing_key=KEY)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, load_watchlists([sample_path()]), source="sample"))
    state = run(read_control(settings))
    entry = next(e for e in state.entries.values() if e.names[0] == "KALASHNIKOV CONCERN")
    worker = WorkerProcess(settings, "allow").start()
    try:
        worker.wait_ready(timeout=120)
        party = ("end_user", "Kalashnikov Concern OOO", "DE")
        run(produce_orders(settings, [order("AL-0", party)]))
        assert decision(settings, worker, "AL-0")["decision"] == "HOLD"
        now = datetime.now(UTC)
        rec = AllowRecord(allow_id="allow-1", party_name="Kalashnikov Concern OOO", party_country="DE",
                          list=entry.list_id, entry_id=entry.entry_id, entry_hash=entry_hash(entry),
                          reason="test: a different company", reviewer="a.officer", approver="b.approver",
                          created_at=now, expires_at=now + timedelta(days=365))
        unsigned = rec.model_copy(update={"allow_id": "allow-unsigned", "party_name": "Concern Kalashnikov"})
        run(produce(settings, settings.allowlist_topic, [(b"allow-1", dumps(sign_allow(rec, KEY))),
                                                         (b"allow-unsigned", dumps(unsigned))]))
        assert wait_until(lambda: worker.metric("screener_allowlist_records") == 1, 30), worker.log_tail()
        run(produce_orders(settings, [order("AL-1", party), order("AL-2", ("end_user", "Concern Kalashnikov", "DE"))]))
        d1 = decision(settings, worker, "AL-1")
        assert d1["decision"] == "RELEASE"
        [note] = d1["suppressed"]
        assert note["allow_id"] == "allow-1" and note["entry_id"] == entry.entry_id
        assert decision(settings, worker, "AL-2")["decision"] == "HOLD"  # the unsigned record is ignored
        # The entry changes (a new alias): the record no longer holds, the party is screened again.
        changed = entry.model_copy(update={"names": [*entry.names, "KONTSERN KALASHNIKOV"]})
        done = run(add_entries(settings, [changed]))
        assert run(wait_applied(settings, control_version=done.version, timeout=30))[0]
        run(produce_orders(settings, [order("AL-3", party)]))
        d3 = decision(settings, worker, "AL-3")
        assert d3["decision"] == "HOLD" and not d3.get("suppressed")
        # A record for the new content, then its revocation (a tombstone).
        rec2 = rec.model_copy(update={"allow_id": "allow-2", "entry_hash": entry_hash(changed)})
        run(produce(settings, settings.allowlist_topic, [(b"allow-2", dumps(sign_allow(rec2, KEY)))]))
        assert wait_until(lambda: worker.metric("screener_allowlist_records") == 2, 30), worker.log_tail()
        run(produce_orders(settings, [order("AL-4", party)]))
        assert decision(settings, worker, "AL-4")["decision"] == "RELEASE"
        run(produce(settings, settings.allowlist_topic, [(b"allow-2", None)]))
        assert wait_until(lambda: worker.metric("screener_allowlist_records") == 1, 30), worker.log_tail()
        run(produce_orders(settings, [order("AL-5", party)]))
        assert decision(settings, worker, "AL-5")["decision"] == "HOLD"
    finally:
        worker.stop()
