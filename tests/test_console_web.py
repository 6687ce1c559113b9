"""The console's web application over HTTP, on the real broker: sign-in (wrong password, CSRF,
lock-out), CSRF on every action, roles, four eyes, signed review commands and allow-list records as
they land on their topics, the reverse-proxy header, the audit export, and the console CLI.

Decisions and orders are written to the topics here as a worker would write them; the flow with a
real worker and a real browser is in test_console_e2e.py."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from fastapi.testclient import TestClient
from kafka_helpers import collect, produce, run

from screener.console.app import create_app
from screener.console.auth import hash_password
from screener.console.harness import console_env
from screener.console.settings import ConsoleSettings
from screener.console.store import Store
from screener.events.allowlist import AllowRecord, verify_allow
from screener.events.codec import dumps
from screener.events.control import entry_hash
from screener.events.review import AuditRecord, ReviewCommand, verify_command
from screener.stream.harness import demo_settings, topic_reader
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration
KEY = "web-test-signing-key"
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-1", "carol": "carol-password-1",
             "root": "root-password-1", "dave": "dave-password-1"}
ROLES = {"alice": "reviewer", "bob": "approver", "carol": "reviewer", "root": "admin", "dave": "reviewer"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _hit() -> dict:
    return {"code": "WATCHLIST_MATCH", "party_role": "end_user", "party_name": "Bank Rossiya", "entry_id": "16681",
            "list": "SDN", "matched_name": "BANK ROSSIYA", "score": 0.97,
            "detail": "name 1.00 on name 'BANK ROSSIYA': bank rossiya; country -0.03 -> 0.97"}


def _records(now: datetime) -> tuple[list, list]:
    cases = {
        "W-1": ([_hit()], ("end_user", "Bank Rossiya", "DE"), "WH-NJ-01"),
        "W-2": ([_hit()], ("end_user", "Bank Rossiya", "DE"), "WH-NJ-01"),
        "D-1": ([{"code": "DIVERSION_RISK", "party_role": "ship_to", "country": "KZ", "hs_code": "8542310000",
                  "detail": "tier 1 item to KZ"}], ("ship_to", "Atlas Trading", "KZ"), "WH-TX-02"),
        "D-2": ([{"code": "DIVERSION_RISK", "party_role": "ship_to", "country": "KZ", "hs_code": "8542310000",
                  "detail": "tier 1 item to KZ"}], ("ship_to", "Atlas Trading", "KZ"), "WH-TX-02"),
    }
    orders, decisions = [], []
    for i, (oid, (reasons, (role, name, country), wh)) in enumerate(cases.items()):
        orders.append((oid.encode(), orjson.dumps({
            "order_id": oid, "order_version": 1, "occurred_at": now.isoformat(), "warehouse_id": wh,
            "parties": [{"role": "sold_to", "name": "Keystone Packaging Ltd", "country": "GB"},
                        {"role": role, "name": name, "country": country,
                         "address": {"street": "Hauptstr. 1", "city": "Berlin", "country": country}}],
            "lines": [{"sku": "S-1", "description": "shelf", "hs_code": "9403.20", "quantity": 2}]})))
        decisions.append((oid.encode(), orjson.dumps({
            "order_id": oid, "decision": "HOLD", "decision_id": f"hold-{oid}", "reasons": reasons,
            "watchlist_version": 5, "policy_version": "pol-web", "event_type": "created",
            "screened_at": (now - timedelta(minutes=10 * i)).isoformat()})))
    return orders, decisions


@pytest.fixture(scope="module")
def env(broker, tmp_path_factory):
    settings = demo_settings(broker.bootstrap, partitions=2, review_signing_key=KEY)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, load_watchlists([sample_path()]), source="test"))
    orders, decisions = _records(datetime.now(UTC))
    run(produce(settings, settings.orders_topic, orders))
    run(produce(settings, settings.decisions_topic, decisions))
    db = f"sqlite:///{tmp_path_factory.mktemp('console') / 'console.db'}"
    store = Store(db)
    store.migrate()
    for user, role in ROLES.items():
        store.add_user(user, hash_password(PASSWORDS[user]), role)
    cfg = ConsoleSettings(database_url=db, login_max_failures=3)
    app = create_app(settings, cfg)
    with TestClient(app, follow_redirects=False) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            h = client.get("/health").json()
            if h["open"] == 4 and h["watchlist"]["ready"] and h["kafka"]:
                break
            time.sleep(0.1)
        assert h["open"] == 4 and h["watchlist"]["ready"], h
        yield settings, client, store, db


async def _raw_records(settings, topic: str, n: int, timeout: float = 20) -> list[tuple]:
    reader = await topic_reader(settings, topic)
    out: list[tuple] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < n and time.monotonic() < deadline:
            for records in (await reader.getmany(timeout_ms=300)).values():
                out.extend((r.key, r.value) for r in records)
        return out
    finally:
        await reader.stop()


def login(client: TestClient, user: str, password: str | None = None):
    client.cookies.clear()
    page = client.get("/login")
    token = CSRF.search(page.text).group(1)
    return client.post("/login", data={"username": user, "password": password or PASSWORDS[user],
                                       "csrf_token": token, "next": "/queue"})


def csrf_of(client: TestClient, path: str = "/queue") -> str:
    return CSRF.search(client.get(path).text).group(1)


def audit(store: Store, **kw) -> list[dict]:
    return store.audit_rows(**kw)


def test_sign_in_refuses_a_wrong_password_a_missing_token_and_locks_out(env):
    settings, client, store, _ = env
    client.cookies.clear()
    r = client.get("/queue")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/queue"
    r = login(client, "alice", "not-her-password")
    assert r.status_code == 401 and "Wrong user name or password" in r.text
    assert "screener_session" not in client.cookies
    r = login(client, "nobody", "whatever-password")
    assert r.status_code == 401
    client.cookies.clear()
    client.get("/login")
    r = client.post("/login", data={"username": "alice", "password": PASSWORDS["alice"]})  # no CSRF token
    assert r.status_code == 403 and "screener_session" not in client.cookies
    for _ in range(3):
        assert login(client, "dave", "wrong-password").status_code == 401
    r = login(client, "dave")  # the right password, but locked
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text
    refused = [a for a in audit(store) if a["action"] == "login" and a["state"] == "refused"]
    assert {a["user"] for a in refused} >= {"alice", "nobody", "dave"}
    assert any("CSRF" in (a["detail"] or "") for a in refused)
    assert all(a["client"] == "testclient" for a in refused)
    r = login(client, "alice")
    assert r.status_code == 303 and r.headers["location"] == "/queue"
    cookie = r.headers["set-cookie"]
    assert "screener_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/queue")
    assert page.status_code == 200 and 'data-user="alice"' in page.text and "W-1" in page.text


def test_every_post_needs_the_sessions_csrf_token(env):
    settings, client, store, _ = env
    login(client, "alice")
    r = client.post("/cases/D-2/actions", data={"action": "note", "reason": "no token"})
    assert r.status_code == 403 and "security token" in r.text
    r = client.post("/cases/D-2/actions", data={"action": "note", "reason": "wrong token", "csrf_token": "x" * 43})
    assert r.status_code == 403
    r = client.post("/logout")
    assert r.status_code == 403
    refused = [a for a in audit(store, user="alice") if a["state"] == "refused" and "CSRF" in (a["detail"] or "")]
    assert len(refused) >= 3 and {a["order_id"] for a in refused} >= {"D-2"}
    token = csrf_of(client)
    r = client.post("/cases/D-2/actions", data={"action": "note", "reason": "called the customer"},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 303 and r.headers["location"].endswith("msg=sent")


def _reviews(settings, n: int, timeout: float = 20) -> list[ReviewCommand]:
    out = run(collect(settings, settings.reviews_topic, lambda out: len(out) >= n, timeout=timeout))
    return [ReviewCommand.model_validate(x) for x in out]


def test_four_eyes_clear_is_sent_once_signed_with_both_reviewers(env):
    settings, client, store, _ = env
    before = len(run(collect(settings, settings.reviews_topic, lambda out: False, timeout=1.5)))
    login(client, "alice")
    token = csrf_of(client, "/cases/W-1")
    r = client.post("/cases/W-1/actions", data={"action": "clear", "reason": "namesake: other bank, Berlin",
                                                "decision_id": "hold-W-1", "csrf_token": token})
    assert r.status_code == 303 and "clear-requested" in r.headers["location"]
    [pending] = store.pending_actions("W-1")
    assert pending.username == "alice" and pending.state == "pending"
    assert len(run(collect(settings, settings.reviews_topic, lambda out: False, timeout=1.5))) == before
    page = client.get("/cases/W-1").text
    assert "asks to clear this hold" in page and f"approve-{pending.id}" not in page
    r = client.post(f"/actions/{pending.id}/approve", data={"csrf_token": token})
    assert r.status_code == 403 and "second, different reviewer" in r.text
    login(client, "carol")  # a reviewer, not an approver
    r = client.post(f"/actions/{pending.id}/approve", data={"csrf_token": csrf_of(client)})
    assert r.status_code == 403
    login(client, "bob")
    token = csrf_of(client, "/cases/W-1")
    assert f"approve-{pending.id}" in client.get("/cases/W-1").text
    r = client.post(f"/actions/{pending.id}/approve", data={"csrf_token": token})
    assert r.status_code == 303 and "approved" in r.headers["location"]
    assert client.post(f"/actions/{pending.id}/approve", data={"csrf_token": token}).status_code == 409
    cmds = [c for c in _reviews(settings, before + 1) if c.order_id == "W-1"]
    assert len(cmds) == 1
    [cmd] = cmds
    assert verify_command(cmd, KEY) and not verify_command(cmd, "another-key")
    assert (cmd.action, cmd.reviewer, cmd.approver, cmd.source) == ("clear", "alice", "bob", "console")
    assert cmd.decision_id == "hold-W-1" and cmd.review_id == pending.review_id and cmd.client == "testclient"
    rows = [a for a in audit(store, order_id="W-1")]
    assert {(a["action"], a["state"]) for a in rows} >= {("clear", "sent"), ("approve", "done"), ("approve", "refused")}


def test_clear_without_four_eyes_goes_at_once_and_a_stale_hold_is_refused(env):
    settings, client, store, _ = env
    login(client, "carol")
    token = csrf_of(client, "/cases/D-1")
    r = client.post("/cases/D-1/actions", data={"action": "clear", "reason": "licence on file",
                                                "decision_id": "an-older-hold", "csrf_token": token})
    assert r.status_code == 409 and "hold changed" in r.text
    r = client.post("/cases/D-1/actions", data={"action": "clear", "reason": "licence on file",
                                                "decision_id": "hold-D-1", "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].endswith("msg=sent")
    cmd = next(c for c in _reviews(settings, 1) if c.order_id == "D-1" and c.action == "clear")
    assert verify_command(cmd, KEY) and cmd.reviewer == "carol" and cmd.approver is None
    r = client.post("/cases/D-1/actions", data={"action": "shred", "reason": "x", "csrf_token": token})
    assert r.status_code == 400


def test_allow_list_record_is_proposed_approved_signed_and_revoked(env):
    settings, client, store, _ = env
    login(client, "alice")
    page = client.get("/cases/W-2").text
    assert "BANK ROSSIYA" in page and "Not this party" in page and "Rastrelli" in page  # the listed address
    token = CSRF.search(page).group(1)
    r = client.post("/cases/W-2/allow", data={"hit": "0", "reason": "a Berlin bank, not Bank Rossiya",
                                              "days": "365", "csrf_token": token})
    assert r.status_code == 303 and "allow-requested" in r.headers["location"]
    [entry] = [a for a in store.allow_entries() if a.order_id == "W-2"]
    assert entry.state == "pending" and entry.party_country == "DE" and "Berlin" in entry.party_address
    [pending] = [a for a in store.pending_actions("W-2") if a.kind == "allow_add"]
    login(client, "bob")
    r = client.post(f"/actions/{pending.id}/approve", data={"csrf_token": csrf_of(client, "/allow-list")})
    assert r.status_code == 303
    out = run(collect(settings, settings.allowlist_topic, lambda out: len(out) >= 1, timeout=20))
    rec = AllowRecord.model_validate(out[-1])
    assert verify_allow(rec, KEY) and rec.allow_id == entry.allow_id
    assert (rec.reviewer, rec.approver, rec.list, rec.entry_id, rec.party_name) == (
        "alice", "bob", "SDN", "16681", "Bank Rossiya")
    live = next(e for e in load_watchlists([sample_path()]) if e.entry_id == "16681")
    assert rec.entry_hash == entry_hash(live)
    assert timedelta(days=364) < rec.expires_at - rec.created_at <= timedelta(days=365)
    page = client.get("/allow-list").text
    assert entry.allow_id in page and "suppresses the hit until" in page
    token = csrf_of(client, "/allow-list")
    login(client, "alice")  # a reviewer cannot revoke
    r = client.post(f"/allow-list/{entry.allow_id}/revoke", data={"reason": "x", "csrf_token": csrf_of(client)})
    assert r.status_code == 403
    login(client, "bob")
    r = client.post(f"/allow-list/{entry.allow_id}/revoke", data={"reason": "customer merged with a listed bank",
                                                                   "csrf_token": csrf_of(client, "/allow-list")})
    assert r.status_code == 303
    records = run(_raw_records(settings, settings.allowlist_topic, 2))
    assert records[-1] == (entry.allow_id.encode(), None)  # a tombstone under the record's id
    assert store.allow_entry(entry.allow_id).state == "revoked"
    assert store.allow_entry(entry.allow_id).revoked_by == "bob"


def test_roles_and_the_users_page(env):
    _, client, _, _ = env
    login(client, "alice")
    assert client.get("/users").status_code == 403
    login(client, "root")
    page = client.get("/users")
    assert page.status_code == 200 and all(u in page.text for u in ROLES)


def test_audit_page_and_exports(env):
    _, client, _, _ = env
    login(client, "bob")
    page = client.get("/audit")
    assert page.status_code == 200 and "audit-table" in page.text
    csv_text = client.get("/audit/export.csv").text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows and {"at", "user", "client", "action", "order_id", "reason", "outcome", "hold_codes",
                     "cleared_hits", "watchlist_version", "policy_version"} <= set(rows[0])
    clear = next(r for r in rows if r["action"] == "clear" and r["order_id"] == "W-1")
    assert clear["user"] == "alice" and clear["approver"] == "bob" and clear["hold_codes"] == "WATCHLIST_MATCH"
    assert clear["cleared_hits"] == "SDN/16681" and clear["policy_version"] == "pol-web"
    assert any(r["action"] == "login" and r["state"] == "refused" for r in rows)
    lines = [orjson.loads(x) for x in client.get("/audit/export.jsonl?user=alice").content.splitlines()]
    assert lines and all("alice" in (x["user"], x["approver"]) for x in lines)
    r = client.get("/audit/export.csv?since=yesterday")
    assert r.status_code == 400


def test_proxy_header_sign_in(env, tmp_path):
    settings, _, store, db = env
    cfg = ConsoleSettings(database_url=db, auth_header="X-Forwarded-User", trusted_proxies=["testclient"],
                          materialise=False)
    with TestClient(create_app(settings, cfg, background=False), follow_redirects=False) as proxied:
        r = proxied.get("/queue", headers={"X-Forwarded-User": "bob"})
        assert r.status_code == 200 and 'data-user="bob"' in r.text
        r = proxied.get("/queue", headers={"X-Forwarded-User": "mallory"})
        assert r.status_code == 303
    untrusted = ConsoleSettings(database_url=db, auth_header="X-Forwarded-User", trusted_proxies=["10.9.9.9"],
                                materialise=False)
    with TestClient(create_app(settings, untrusted, background=False), follow_redirects=False) as direct:
        assert direct.get("/queue", headers={"X-Forwarded-User": "bob"}).status_code == 303
    assert any(a["action"] == "login" and a["user"] == "mallory" and a["state"] == "refused"
               for a in audit(store))


def test_console_cli_adds_users_and_exports_the_audit(env, tmp_path):
    settings, _, store, db = env
    cli_env = console_env(settings, SCREENER_CONSOLE_DATABASE_URL=db)
    r = subprocess.run([sys.executable, "-m", "screener", "console", "user", "add", "erin", "--role", "approver",
                        "--password-stdin"], input="erin-password-1\n", env=cli_env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert store.user("erin").role == "approver" and store.user("erin").password_hash.startswith("$argon2id$")
    r = subprocess.run([sys.executable, "-m", "screener", "console", "user", "add", "erin", "--password-stdin"],
                       input="erin-password-1\n", env=cli_env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "already exists" in r.stderr
    out = tmp_path / "audit.jsonl"
    r = subprocess.run([sys.executable, "-m", "screener", "console", "export-audit", "--format", "jsonl", "--out",
                        str(out)], env=cli_env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    rows = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert any(x["action"] == "user_add" and "erin" in x["detail"] for x in rows)


def test_a_refusal_by_the_worker_is_shown_on_the_case(env):
    settings, client, store, _ = env
    login(client, "carol")
    token = csrf_of(client, "/cases/D-2")
    r = client.post("/cases/D-2/actions", data={"action": "clear", "reason": "licence on file",
                                                "decision_id": "hold-D-2", "csrf_token": token})
    assert r.status_code == 303
    [sent] = [a for a in store.audit_rows(order_id="D-2") if a["action"] == "clear"]
    assert "data-awaiting" in client.get("/cases/D-2").text
    record = AuditRecord(review_id=sent["review_id"], order_id="D-2", action="clear", reviewer="carol",
                         reason="licence on file", outcome="rejected", at=datetime.now(UTC), source="console",
                         detail="not cleared: the parties now also match SDN/12345, which the hold did not name")
    run(produce(settings, settings.audit_topic, [(b"D-2", dumps(record))]))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "data-refused" not in (page := client.get("/cases/D-2/history").text):
        time.sleep(0.2)
    assert "The worker refused carol's clear" in page and "SDN/12345" in page
    assert 'id="case-status-wrap" hx-swap-oob="true"' in page  # the polled fragment refreshes the status too
    [row] = [a for a in store.audit_rows(order_id="D-2") if a["review_id"] == sent["review_id"]]
    assert row["outcome"] == "rejected" and "SDN/12345" in row["detail"]
