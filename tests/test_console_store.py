"""The console's database on SQLite and on a real PostgreSQL: migrations, cases materialised from
the records workers write, the queue's filters and counts, users and sessions, the audit trail;
and the materialiser on the real broker, resuming from the offsets kept in the database."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from console_fixtures import db_url, postgres  # noqa: F401 - fixtures
from kafka_helpers import produce, run
from sqlalchemy import inspect, select

from screener.console.app import iter_csv, iter_jsonl
from screener.console.auth import hash_password, verify_password
from screener.console.materialise import Applier, Materialiser
from screener.console.models import Action, Base, Case, DecisionRow, TopicOffset
from screener.console.store import QueueFilter, Store, alembic_config, schema_revision, token_hash
from screener.events.allowlist import AllowRecord, sign_allow
from screener.events.codec import dumps
from screener.events.review import AuditRecord
from screener.stream.harness import demo_settings
from screener.stream.topics import ensure_topics

KEY = "store-test-signing-key"
NOW = datetime.now(UTC)


def _order(oid: str, *parties: tuple[str, str, str | None], warehouse: str = "WH-NJ-01", version: int = 1) -> bytes:
    return orjson.dumps({"order_id": oid, "order_version": version, "occurred_at": NOW.isoformat(),
                         "warehouse_id": warehouse,
                         "parties": [{"role": r, "name": n, **({"country": c} if c else {})} for r, n, c in parties],
                         "lines": [{"sku": "S-1", "hs_code": "9403.20", "quantity": 1}]})


def _hit(party: str, entry_id: str, score: float = 0.93, lst: str = "SDN") -> dict:
    return {"code": "WATCHLIST_MATCH", "party_role": "end_user", "party_name": party, "entry_id": entry_id,
            "list": lst, "matched_name": party.upper(), "score": score,
            "detail": f"name {score:.2f} on name '{party.upper()}': {party.lower()} -> {score:.2f}"}


def _decision(oid: str, decision: str, reasons: list[dict], did: str, at: datetime, *, rescreen: bool = False,
              **extra) -> bytes:
    return orjson.dumps({"order_id": oid, "decision": decision, "decision_id": did, "reasons": reasons,
                         "watchlist_version": 7, "screened_at": at.isoformat(), "rescreen": rescreen,
                         "policy_version": "pol123", **extra})


def _audit(review_id: str, oid: str, outcome: str, action: str = "clear", **kw) -> bytes:
    return dumps(AuditRecord(review_id=review_id, order_id=oid, action=action, reviewer="alice", reason="why",
                             outcome=outcome, at=datetime.now(UTC), source="console", **kw))


class Feed:
    """Applies records the way the materialiser does, one transaction per call."""

    def __init__(self, store: Store):
        self.settings = demo_settings("127.0.0.1:1", review_signing_key=KEY)
        self.applier = Applier(self.settings)
        self.store = store
        self.offset = 0

    def __call__(self, topic: str, value: bytes | None, key: bytes | None = None) -> None:
        self.offset += 1
        with self.store.write() as s:
            self.applier.apply(s, topic, 0, self.offset, key, value)

    def order(self, value: bytes) -> None:
        self(self.settings.orders_topic, value)

    def decision(self, value: bytes) -> None:
        self(self.settings.decisions_topic, value)

    def audit(self, value: bytes) -> None:
        self(self.settings.audit_topic, value)

    def allow(self, key: str, value: bytes | None) -> None:
        self(self.settings.allowlist_topic, value, key.encode())


@pytest.fixture
def store(db_url):  # noqa: F811
    s = Store(db_url)
    s.migrate()
    yield s
    s.dispose()


def test_migrations_build_the_models_schema_and_run_again(db_url):  # noqa: F811
    st = Store(db_url)
    try:
        assert schema_revision(st.engine)[0] is None
        st.migrate()
        st.migrate()  # a second start changes nothing
        rev, head = schema_revision(st.engine)
        assert rev == head == "0001"
        with st.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == [], diff
        assert {"cases", "case_tags", "decisions", "orders", "worker_audit", "actions", "allow_entries",
                "suppressions", "users", "sessions", "topic_offsets", "entry_snapshots"} <= set(
            inspect(st.engine).get_table_names())
        with st.engine.begin() as conn:
            cfg = alembic_config(st.url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert "cases" not in inspect(st.engine).get_table_names()
        st.migrate()
        assert schema_revision(st.engine)[0] == "0001"
    finally:
        st.dispose()


def test_cases_follow_decisions_orders_and_audit(store):
    f = Feed(store)
    t0 = NOW - timedelta(hours=30)
    f.order(_order("A-1", ("sold_to", "Keystone Packaging Ltd", "GB"), ("end_user", "Bank Rossiya", "Russia"),
                   warehouse="WH-NJ-01"))
    f.decision(_decision("A-1", "HOLD", [_hit("Bank Rossiya", "16681", 0.97),
                                         {"code": "EMBARGOED_DESTINATION", "party_role": "end_user", "country": "RU",
                                          "detail": "end_user is in RU"}], "d-a1", t0))
    # A decision before its order: the case is made, the order fills it in when it arrives.
    f.decision(_decision("B-2", "HOLD", [{"code": "DIVERSION_RISK", "party_role": "ship_to", "country": "KZ",
                                          "hs_code": "8542310000"}], "d-b2", NOW - timedelta(minutes=30)))
    f.order(_order("B-2", ("ship_to", "Atlas Trading", "Kazakhstan"), warehouse="WH-TX-02"))
    f.decision(_decision("C-3", "RELEASE", [], "d-c3", NOW))  # never held: not a case
    f.order(_order("C-3", ("sold_to", "Blue River Instruments AB", "SE")))
    f.decision(_decision("D-4", "HOLD", [_hit("Transoil LLC", "16807", 0.88, lst="EL")], "d-d4",
                         NOW - timedelta(hours=3)))
    f.decision(_decision("D-4", "HOLD", [_hit("Transoil LLC", "16807", 0.88, lst="EL")], "d-d4",
                         NOW - timedelta(hours=3)))  # redelivered: same id, ignored

    page = store.queue(QueueFilter())
    assert [c.order_id for c in page.rows] == ["A-1", "D-4", "B-2"]  # oldest first
    assert page.total == 3 and page.total_any_code == 3
    assert page.counts == {"WATCHLIST_MATCH": 2, "DIVERSION_RISK": 1, "EMBARGOED_DESTINATION": 1}
    assert page.facets["warehouse"] == ["WH-NJ-01", "WH-TX-02"]
    assert set(page.facets["country"]) >= {"RU", "GB", "KZ"}
    ids = lambda **kw: [c.order_id for c in store.queue(QueueFilter(**kw)).rows]  # noqa: E731
    assert ids(sort="newest") == ["B-2", "D-4", "A-1"]
    assert ids(sort="score") == ["A-1", "D-4", "B-2"]
    assert ids(code="WATCHLIST_MATCH") == ["A-1", "D-4"]
    assert ids(list="EL") == ["D-4"]
    assert ids(country="kz") == ["B-2"]  # from the order's party, written "Kazakhstan"
    assert ids(country="RU") == ["A-1"]
    assert ids(warehouse="WH-TX-02") == ["B-2"]
    assert ids(age="24-") == ["A-1"]
    assert ids(age="1-24") == ["D-4"]
    assert ids(age="-1") == ["B-2"]
    assert ids(q="rossiya") == ["A-1"]
    filtered = store.queue(QueueFilter(code="WATCHLIST_MATCH", warehouse="WH-NJ-01"))
    assert filtered.counts == {"WATCHLIST_MATCH": 1, "EMBARGOED_DESTINATION": 1} and filtered.total_any_code == 1

    # A manual release closes a case, a re-screening hold reopens it; a confirm marks it confirmed,
    # an escalation flags it.
    f.audit(_audit("r1", "A-1", "released", decision_id="d-a1-rel", hold_codes=["WATCHLIST_MATCH"]))
    f.decision(_decision("A-1", "RELEASE", [{"code": "MANUAL_RELEASE", "reviewer": "alice", "detail": "namesake"}],
                         "d-a1-rel", NOW - timedelta(minutes=1)))
    f.decision(_decision("D-4", "HOLD", [_hit("Transoil LLC", "16807", 0.91, lst="EL")], "d-d4-rs", NOW,
                         rescreen=True))
    f.audit(_audit("r2", "B-2", "escalated", action="escalate"))
    f.audit(_audit("r3", "D-4", "confirmed", action="confirm"))
    with store.read() as s:
        a1, b2, d4 = (s.get(Case, oid) for oid in ("A-1", "B-2", "D-4"))
        assert a1.status == "released" and a1.closed_by == "alice"
        assert b2.status == "open" and b2.escalated and b2.warehouse_id == "WH-TX-02"
        assert d4.status == "confirmed" and d4.rescreen and d4.top_score == 0.91 and d4.hold_decision_id == "d-d4-rs"
        assert s.get(Case, "C-3") is None and s.get(DecisionRow, "d-c3") is None
    f.decision(_decision("A-1", "HOLD", [_hit("Bank Rossiya", "99999", 0.9)], "d-a1-new", NOW, rescreen=True))
    with store.read() as s:
        a1 = s.get(Case, "A-1")
        assert a1.status == "open" and a1.held_at == NOW and a1.closed_at is None
    assert store.queue(QueueFilter(status="confirmed")).rows[0].order_id == "D-4"
    assert [c.order_id for c in store.queue(QueueFilter(status="escalated")).rows] == ["B-2"]
    bundle = store.case_bundle("A-1")
    assert [d.decision_id for d in bundle["decisions"]] == ["d-a1", "d-a1-rel", "d-a1-new"]
    assert [w.review_id for w in bundle["audits"]] == ["r1"]


def test_allow_list_records_and_suppressions(store):
    f = Feed(store)
    rec = AllowRecord(allow_id="al-1", party_name="Bank Rossiya", party_country="DE", list="SDN", entry_id="16681",
                      entry_hash="abc", reason="different bank", reviewer="alice", approver="bob",
                      created_at=NOW, expires_at=NOW + timedelta(days=365), order_id="A-1")
    f.allow("al-1", dumps(sign_allow(rec, KEY)))
    forged = rec.model_copy(update={"allow_id": "al-2", "signature": "00" * 32})
    f.allow("al-2", dumps(forged))
    by_id = {a.allow_id: a for a in store.allow_entries()}
    assert by_id["al-1"].state == "active" and by_id["al-1"].signature_ok is True
    assert by_id["al-2"].signature_ok is False
    # A release in which the worker suppressed the hit is a (released) case with its suppression.
    f.decision(_decision("N-1", "RELEASE", [], "d-n1", NOW, suppressed=[
        {"allow_id": "al-1", "list": "SDN", "entry_id": "16681", "party_name": "Bank Rossiya"}]))
    with store.read() as s:
        case = s.get(Case, "N-1")
        assert case.status == "released" and case.closed_by == "allow-list"
        assert case.suppressed[0]["allow_id"] == "al-1"
    assert store.suppression_counts() == {"al-1": 1}
    f.allow("al-1", None)  # a tombstone revokes
    assert store.allow_entry("al-1").state == "revoked" and store.allow_entry("al-1").revoked_at


def test_users_sessions_and_login_failures(store):
    user = store.add_user("alice", hash_password("correct horse battery"), "reviewer")
    with pytest.raises(ValueError):
        store.add_user("alice", None, "reviewer")
    with pytest.raises(ValueError):
        store.add_user("mallory", None, "root")
    stored = store.user("alice").password_hash
    assert stored.startswith("$argon2id$") and "correct" not in stored
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "wrong") and not verify_password(None, "anything")
    token, csrf = store.create_session(user, "10.0.0.5")
    with store.read() as s:
        from screener.console.models import WebSession

        [row] = s.scalars(select(WebSession)).all()
        assert row.id == token_hash(token) != token  # only the token's hash is stored
    sess, who = store.session_user(token, timedelta(hours=8))
    assert who.username == "alice" and sess.csrf_token == csrf
    with store.write() as s:
        s.get(WebSession, token_hash(token)).last_seen_at = NOW - timedelta(hours=9)
    assert store.session_user(token, timedelta(hours=8)) is None  # idle too long
    token, _ = store.create_session(user, None)
    store.update_user("alice", active=False)
    assert store.session_user(token, timedelta(hours=8)) is None  # disabled: sessions end at once
    for _ in range(3):
        store.record(kind="login", state="refused", username="alice", detail="wrong user name or password")
    assert store.recent_login_failures("alice", NOW - timedelta(minutes=15)) == 3
    assert store.recent_login_failures("alice", datetime.now(UTC) + timedelta(seconds=1)) == 0


def test_audit_trail_joins_outcomes_and_exports(store):
    f = Feed(store)
    store.record(kind="clear", state="sent", username="alice", role="reviewer", client="10.1.1.1", order_id="A-1",
                 review_id="rv-1", reason="namesake", approver="bob", approver_client="10.1.1.2",
                 decided_at=NOW, decision_id="d-a1", hold_codes=["WATCHLIST_MATCH"], hits=["SDN/16681"],
                 watchlist_version=7, policy_version="pol123")
    store.record(kind="note", state="refused", username="carol", role="reviewer", client="10.1.1.3",
                 order_id="A-1", detail="missing or wrong CSRF token")
    f.audit(_audit("rv-1", "A-1", "released", decision_id="d-rel", hold_codes=["WATCHLIST_MATCH"],
                   cleared_hits=["SDN/16681"], approver="bob", watchlist_version=8, policy_version="pol123"))
    f.audit(_audit("forged-1", "A-1", "rejected", detail="bad or missing signature"))
    rows = store.audit_rows()
    assert len(rows) == 3
    clear = next(r for r in rows if r["review_id"] == "rv-1")
    assert clear["source"] == "console" and clear["user"] == "alice" and clear["approver"] == "bob"
    assert clear["outcome"] == "released" and clear["release_decision_id"] == "d-rel"
    assert clear["cleared_hits"] == ["SDN/16681"] and clear["watchlist_version"] == 8
    assert clear["reviewed_decision_id"] == "d-a1" and clear["client"] == "10.1.1.1"
    forged = next(r for r in rows if r["review_id"] == "forged-1")
    assert forged["outcome"] == "rejected" and "signature" in forged["detail"]
    assert [r["user"] for r in store.audit_rows(user="carol")] == ["carol"]
    text = "".join(iter_csv(rows))
    header, *lines = text.strip().splitlines()
    assert header.startswith("at,source,user,role,client,action,order_id,reason,state,outcome")
    assert len(lines) == 3 and any("SDN/16681" in line and "released" in line for line in lines)
    parsed = [orjson.loads(line) for line in b"".join(iter_jsonl(rows)).splitlines()]
    assert {p["review_id"] for p in parsed} == {"rv-1", "forged-1", None}
    assert all(p["at"].endswith("Z") for p in parsed)


@pytest.mark.integration
def test_materialiser_resumes_from_offsets_in_the_database(broker, db_url):  # noqa: F811
    """Records on the real broker become cases; a new materialiser on the same database reads only what
    came after (nothing is applied twice), and a new database rebuilds everything from the topics."""
    settings = demo_settings(broker.bootstrap, partitions=2, review_signing_key=KEY)
    run(ensure_topics(settings))

    async def materialise(store: Store, until) -> Materialiser:
        m = Materialiser(store, settings, Applier(settings))
        task = asyncio.create_task(m.run())
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline and not until(m):
                if task.done():
                    task.result()
                await asyncio.sleep(0.1)
            assert until(m), (m.applied, m.lag)
            return m
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def batch(prefix: str, n: int) -> tuple[list, list]:
        orders = [(f"{prefix}-{i}".encode(), _order(f"{prefix}-{i}", ("end_user", f"Party {i}", "DE")))
                  for i in range(n)]
        decisions = [(f"{prefix}-{i}".encode(), _decision(f"{prefix}-{i}", "HOLD" if i % 2 == 0 else "RELEASE",
                                                          [_hit(f"Party {i}", str(i))] if i % 2 == 0 else [],
                                                          f"d-{prefix}-{i}", NOW)) for i in range(n)]
        return orders, decisions

    orders, decisions = batch("P", 20)
    run(produce(settings, settings.orders_topic, orders))
    run(produce(settings, settings.decisions_topic, decisions))
    store = Store(db_url)
    store.migrate()
    try:
        m1 = run(materialise(store, lambda m: m.caught_up.is_set() and m.applied >= 40))
        assert m1.applied == 40 and m1.errors == 0
        assert store.stats()["open"] == 10
        with store.read() as s:
            stored = {(r.topic, r.partition): r.next_offset for r in s.scalars(select(TopicOffset))}
        assert sum(v for (t, _), v in stored.items() if t == settings.decisions_topic) == 20

        orders, decisions = batch("Q", 6)
        run(produce(settings, settings.orders_topic, orders))
        run(produce(settings, settings.decisions_topic, decisions))
        m2 = run(materialise(store, lambda m: m.caught_up.is_set() and m.applied >= 12))
        assert m2.applied == 12  # only the new records: no history replayed
        assert store.stats()["open"] == 13
        with store.read() as s:
            assert s.scalar(select(Case).where(Case.order_id == "Q-4")).status == "open"
    finally:
        store.dispose()

    fresh = Store(db_url.replace("console.db", "fresh.db")) if db_url.startswith("sqlite") else None
    if fresh is not None:  # an empty database rebuilds itself from the topics' beginning
        fresh.migrate()
        try:
            m3 = run(materialise(fresh, lambda m: m.caught_up.is_set() and m.applied >= 52))
            assert m3.applied == 52 and fresh.stats()["open"] == 13
            with fresh.read() as s:
                assert s.scalar(select(Action)) is None
        finally:
            fresh.dispose()
