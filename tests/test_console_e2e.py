"""The console end to end: the real broker, a real ``screener worker`` and a real ``screener console
serve`` process, driven in Debian's headless Chromium (Playwright): sign in, filter the queue, open a
case, clear it with four eyes, add an allow-list record, see the next order for that party released
with the suppression noted; a forged command on the topic is refused; a wrong password and a
missing CSRF token are refused. Also ``screener review``'s wait for the outcome, and the demo."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import subprocess
import sys
import time

import orjson
import pytest
from console_fixtures import chromium  # noqa: F401 - fixture
from kafka_helpers import collect, order, produce, produce_orders

from screener.console.harness import ConsoleProcess, console_env
from screener.events.codec import dumps
from screener.events.review import ReviewCommand
from screener.stream.harness import WorkerProcess, demo_settings
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.watchlists import load_watchlists, sample_path

pytestmark = pytest.mark.integration
KEY = "e2e-console-signing-key"
TOKEN = "e2e-review-token"
USERS = {"alice": ("reviewer", "alice-e2e-password"), "bob": ("approver", "bob-e2e-password")}
CHIP = [{"sku": "MCU", "description": "microcontroller", "hs_code": "8542.31.0000", "quantity": 5, "unit_price": 3.0}]
STATE: dict = {}


def run(coro):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop on this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _bank(oid: str) -> dict:
    o = order(oid, ("sold_to", "Keystone Packaging Ltd", "GB"), ("end_user", "Bank Rossiya", "DE"))
    o["parties"][1]["address"] = {"street": "Friedrichstr. 12", "city": "Berlin", "postal_code": "10117",
                                  "country": "DE"}
    o["warehouse_id"] = "WH-NJ-01"
    return o


def _diversion(oid: str) -> dict:
    o = order(oid, ("sold_to", "Atlas Trading LLP", "Kazakhstan"), lines=CHIP)
    o["warehouse_id"] = "WH-TX-02"
    return o


HELD = {"E2E-BANK-1": _bank, "E2E-DIV-1": _diversion, "E2E-DIV-2": _diversion, "E2E-CLI-1": _diversion}


def _decisions(settings, until, timeout: float = 60, worker=None) -> list[dict]:
    return run(collect(settings, settings.decisions_topic, until, timeout=timeout, worker=worker))


@pytest.fixture(scope="module")
def env(broker):
    settings = demo_settings(broker.bootstrap, partitions=2, review_signing_key=KEY, review_token=TOKEN)
    run(ensure_topics(settings))
    run(publish_snapshots(settings, load_watchlists([sample_path()]), source="test"))
    worker = WorkerProcess(settings, "console-e2e", SCREENER_REVIEW_SIGNING_KEY=KEY,
                           SCREENER_ALLOWLIST_TOPIC=settings.allowlist_topic).start()
    console = ConsoleProcess(settings, name="e2e-console")
    try:
        for user, (role, password) in USERS.items():
            console.add_user(user, password, role)
        console.start()
        worker.wait_ready(timeout=120)
        console.wait_ready(timeout=60)
        run(produce_orders(settings, [make(oid) for oid, make in HELD.items()]))
        decided = _decisions(settings, lambda out: {d["order_id"] for d in out} >= set(HELD), worker=worker)
        assert all(d["decision"] == "HOLD" for d in decided if d["order_id"] in HELD), decided
        STATE["holds"] = {d["order_id"]: d for d in decided}
        console.wait_for(lambda h: h.get("open", 0) >= len(HELD), timeout=30)
        yield settings, worker, console
    finally:
        console.stop()
        worker.stop()


def _login(browser, console: ConsoleProcess, user: str, password: str | None = None):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{console.url}/queue")
    assert "/login" in page.url
    page.fill("#username", user)
    page.fill("#password", password or USERS[user][1])
    page.click("button[type=submit]")
    return ctx, page


def test_browser_sign_in_filter_four_eyes_clear_and_allow_list(chromium, env):  # noqa: F811
    from playwright.sync_api import expect

    settings, worker, console = env
    # A wrong password is refused.
    ctx_a, page_a = _login(chromium, console, "alice", "not-the-password")
    expect(page_a.locator("#login-error")).to_contain_text("Wrong user name or password")
    page_a.fill("#username", "alice")
    page_a.fill("#password", USERS["alice"][1])
    page_a.click("button[type=submit]")
    page_a.wait_for_url(re.compile(r".*/queue$"))
    expect(page_a.locator("[data-user]")).to_have_attribute("data-user", "alice")
    rows = page_a.locator("tr[data-order]")
    expect(rows.filter(has_text="E2E-DIV-1")).to_have_count(1)

    # Filter the queue: by reason (htmx swaps the table and pushes the URL), then by warehouse.
    page_a.select_option("#f-code", "WATCHLIST_MATCH")
    expect(rows.filter(has_text="E2E-DIV-1")).to_have_count(0)
    expect(rows.filter(has_text="E2E-BANK-1")).to_have_count(1)
    page_a.wait_for_url(re.compile(r".*code=WATCHLIST_MATCH.*"))
    page_a.select_option("#f-code", "")
    page_a.select_option("#f-warehouse", "WH-TX-02")
    expect(rows.filter(has_text="E2E-BANK-1")).to_have_count(0)
    expect(rows.filter(has_text="E2E-DIV-2")).to_have_count(1)
    page_a.select_option("#f-warehouse", "")
    expect(page_a.locator("#reason-counts [data-code=WATCHLIST_MATCH]")).to_be_visible()

    # Open the case: the party beside the listed entry, and the explanation in plain words.
    rows.filter(has_text="E2E-BANK-1").locator("td.id a").click()
    page_a.wait_for_url(re.compile(r".*/cases/E2E-BANK-1$"))
    hit = page_a.locator(".hitcard").first
    expect(hit).to_contain_text("Bank Rossiya")
    expect(hit).to_contain_text("BANK ROSSIYA")
    expect(hit).to_contain_text("Rastrelli")  # the listed address
    expect(hit).to_contain_text("Friedrichstr. 12")  # the party's address
    expect(hit.locator(".explain")).to_contain_text("Words that match exactly")
    expect(hit.locator(".explain")).to_contain_text("Country disagrees")

    # Four eyes: alice asks, bob approves, the worker releases.
    page_a.fill("#reason", "Namesake: a Berlin bank, registration differs from the listed entry")
    page_a.click("#btn-clear")
    expect(page_a.locator(".notice")).to_contain_text("waits for a second reviewer")
    expect(page_a.locator("[data-pending]")).to_contain_text("asks to clear this hold")
    ctx_b, page_b = _login(chromium, console, "bob")
    page_b.wait_for_url(re.compile(r".*/queue$"))
    page_b.goto(f"{console.url}/cases/E2E-BANK-1")
    page_b.locator("[id^=approve-]").click()
    expect(page_b.locator(".notice")).to_contain_text("Approved and sent")
    expect(page_b.locator("#case-status")).to_have_text("released", timeout=40_000)  # htmx polls the case
    expect(page_b.locator("#history")).to_contain_text("released")
    release = next(d for d in _decisions(settings, lambda out: any(
        d["order_id"] == "E2E-BANK-1" and d["decision"] == "RELEASE" for d in out))
        if d["order_id"] == "E2E-BANK-1" and d["decision"] == "RELEASE")
    manual = next(r for r in release["reasons"] if r["code"] == "MANUAL_RELEASE")
    assert manual["reviewer"] == "alice" and "Namesake" in manual["detail"]

    # Allow-list: alice proposes "Bank Rossiya (DE, Berlin) is not SDN 16681", bob approves it.
    page_a.goto(f"{console.url}/cases/E2E-BANK-1")
    form = page_a.locator(".hitcard[data-code=WATCHLIST_MATCH] details.allow-form").first
    form.locator("summary").click()
    form.locator("textarea").fill("Different bank: Berlin, not St Petersburg")
    form.locator("button[type=submit]").click()
    expect(page_a.locator(".notice")).to_contain_text("Allow-list record proposed")
    page_b.goto(f"{console.url}/allow-list")
    page_b.locator("#allow-table button:has-text('Approve')").first.click()
    expect(page_b.locator(".notice")).to_contain_text("Allow-list record published")
    row = page_b.locator("#allow-table tr[data-allow]").first
    expect(row).to_contain_text("Bank Rossiya")
    expect(row.locator(".badge").first).to_have_text("active")
    STATE["allow_id"] = row.get_attribute("data-allow")
    STATE["pages"] = (ctx_a, page_a, ctx_b, page_b)


def test_browser_missing_csrf_token_is_refused(chromium, env):  # noqa: F811
    settings, worker, console = env
    if "pages" not in STATE:
        pytest.skip("needs the signed-in pages of the flow test")
    _, page_a, _, _ = STATE["pages"]
    page_a.goto(f"{console.url}/cases/E2E-DIV-1")
    resp = page_a.request.post(f"{console.url}/cases/E2E-DIV-1/actions",
                               form={"action": "clear", "reason": "no token"}, max_redirects=0)
    assert resp.status == 403 and "security token" in resp.text()
    resp = page_a.request.post(f"{console.url}/logout", max_redirects=0)
    assert resp.status == 403
    page_a.goto(f"{console.url}/audit")
    assert "missing or wrong CSRF token" in page_a.locator("#audit-table").inner_text()


def test_next_order_for_the_allowed_party_is_released_with_the_suppression_noted(env):
    settings, worker, console = env
    if "allow_id" not in STATE:
        pytest.skip("needs the allow-list record of the flow test")
    time.sleep(1.0)  # the workers replay the allow-list topic
    run(produce_orders(settings, [_bank("E2E-BANK-2")]))
    [d] = [d for d in _decisions(settings, lambda out: any(d["order_id"] == "E2E-BANK-2" for d in out),
                                 worker=worker) if d["order_id"] == "E2E-BANK-2"]
    assert d["decision"] == "RELEASE", d
    assert [s["allow_id"] for s in d.get("suppressed") or []] == [STATE["allow_id"]]
    _, page_a, _, _ = STATE["pages"]
    from playwright.sync_api import expect

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        page_a.goto(f"{console.url}/cases/E2E-BANK-2")
        if page_a.locator("#suppression-note").count():
            break
        time.sleep(0.5)
    expect(page_a.locator("#suppression-note")).to_contain_text(STATE["allow_id"])
    expect(page_a.locator("#case-status")).to_have_text("released")


def test_a_forged_command_on_the_topic_is_refused(env):
    settings, worker, console = env
    forged = ReviewCommand(order_id="E2E-DIV-2", action="clear", reviewer="mallory", reason="let it go",
                           review_id="forged-e2e-1", source="console")
    tampered = ReviewCommand(order_id="E2E-DIV-2", action="clear", reviewer="alice", reason="let it go",
                             review_id="forged-e2e-2", source="console", signature="ab" * 32)
    run(produce(settings, settings.reviews_topic, [(b"E2E-DIV-2", dumps(forged)), (b"E2E-DIV-2", dumps(tampered))]))
    audit = run(collect(settings, settings.audit_topic, lambda out: {a.get("review_id") for a in out}
                        >= {"forged-e2e-1", "forged-e2e-2"}, timeout=30, worker=worker))
    for rid in ("forged-e2e-1", "forged-e2e-2"):
        [a] = [a for a in audit if a.get("review_id") == rid]
        assert a["outcome"] == "rejected" and "signature" in a["detail"], a
    decisions = _decisions(settings, lambda out: False, timeout=2)
    assert not any(d["order_id"] == "E2E-DIV-2" and d["decision"] == "RELEASE" for d in decisions)
    console.wait_for(lambda h: True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        rows = subprocess.run([sys.executable, "-m", "screener", "console", "export-audit", "--format", "jsonl",
                               "--order", "E2E-DIV-2"], env=console.env, capture_output=True, text=True, timeout=60)
        got = [json.loads(x) for x in rows.stdout.splitlines()]
        if {x["review_id"] for x in got} >= {"forged-e2e-1", "forged-e2e-2"}:
            break
        time.sleep(0.5)
    assert all(x["outcome"] == "rejected" for x in got if x["review_id"] in ("forged-e2e-1", "forged-e2e-2"))


def _review_cli(settings, worker, *args: str, timeout: str = "30") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "screener", "review", *args, "--reviewer", "ops.cli", "--reason",
                           "checked by phone", "--url", f"http://127.0.0.1:{worker.web_port}", "--token", TOKEN,
                           "--timeout", timeout], env=console_env(settings), capture_output=True, text=True,
                          timeout=90)


def test_cli_review_waits_for_the_outcome(env):
    settings, worker, console = env
    ok = _review_cli(settings, worker, "confirm", "E2E-CLI-1")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("confirmed"), ok.stdout
    refused = _review_cli(settings, worker, "clear", "NO-SUCH-ORDER")
    assert refused.returncode == 1, (refused.stdout, refused.stderr)
    assert refused.stdout.startswith("rejected"), refused.stdout
    late = _review_cli(settings, worker, "note", "E2E-CLI-1", timeout="0")
    assert late.returncode == 2 and "no outcome" in late.stderr, late.stderr


def test_demo_starts_the_console_with_its_holds_in_the_queue():
    res = subprocess.run([sys.executable, "-m", "screener", "demo", "--orders", "40", "--json", "--no-keep"],
                         capture_output=True, text=True, timeout=240)
    assert res.returncode == 0, res.stderr[-3000:]
    summary = orjson.loads(res.stdout.strip().splitlines()[-1])
    assert summary["hold"] > 0 and summary["console_open"] == summary["hold"], summary
    assert summary["console_url"].startswith("http://127.0.0.1:")
    assert "sign in as alice / alice-" in res.stderr and "bob / bob-" in res.stderr
