"""Screenshots of the console for the README: the queue and a case page.

    .venv/bin/python benchmarks/console_screenshots.py [--out docs]

Starts what ``screener demo`` starts (the embedded broker, the bundled real watch-list sample, a
worker, the console as its own process), publishes the demo's synthetic orders plus a few orders
with addresses, has a reviewer ask for a four-eyes clear and add a note in Debian's headless
Chromium (Playwright; ``apt-get install chromium``), and saves ``console-queue.png`` and
``console-case.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import re
import secrets
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screener.console.harness import ConsoleProcess  # noqa: E402
from screener.stream.broker import EmbeddedBroker  # noqa: E402
from screener.stream.harness import WorkerProcess, demo_settings, producer_for, topic_reader  # noqa: E402
from screener.stream.publish import publish_snapshots  # noqa: E402
from screener.stream.topics import ensure_topics  # noqa: E402
from screener.synthetic import OrderGenerator  # noqa: E402
from screener.watchlists import load_watchlists, sample_path  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
USERS = {"a.lindqvist": ("reviewer", "screenshot-pass-1"), "m.okafor": ("approver", "screenshot-pass-2")}


def featured_orders() -> list[dict]:
    """Orders whose parties have addresses, so the case page compares addresses too."""
    base = {"event_type": "created", "order_version": 1, "currency": "EUR"}
    return [
        {**base, "order_id": "SO-2026-118403", "warehouse_id": "WH-HAM-02",
         "parties": [{"role": "sold_to", "name": "Nordlicht Messtechnik GmbH", "country": "DE",
                      "address": {"street": "Am Sandtorkai 41", "city": "Hamburg", "postal_code": "20457",
                                  "country": "DE"}},
                     {"role": "end_user", "name": "Bank Rossiya OJSC", "country": "Russia",
                      "address": {"street": "Pl. Rastrelli 2, Liter A", "city": "Saint Petersburg",
                                  "postal_code": "191124", "country": "RU"}}],
         "lines": [{"sku": "PSU-480", "description": "Industrial power supply 480 W", "hs_code": "8504.40.95",
                    "eccn": "EAR99", "quantity": 40, "unit_price": 212.0},
                   {"sku": "CBL-M12", "description": "M12 sensor cable 5 m", "hs_code": "8544.42",
                    "eccn": "EAR99", "quantity": 200, "unit_price": 9.5}]},
        {**base, "order_id": "SO-2026-118411", "warehouse_id": "WH-HAM-02",
         "parties": [{"role": "sold_to", "name": "Kalashnikov Koncern JSC", "country": "DE",
                      "address": {"street": "Wilhelmstr. 7", "city": "Berlin", "country": "DE"}}],
         "lines": [{"sku": "SHELF-9", "description": "Office shelf", "hs_code": "9403.20", "quantity": 3}]},
    ]


async def prepare(bootstrap: str) -> tuple:
    settings = demo_settings(bootstrap, review_signing_key=secrets.token_hex(32))
    await ensure_topics(settings)
    entries = load_watchlists([sample_path()])
    await publish_snapshots(settings, entries, source="bundled sample")
    return settings, entries


async def publish(settings, entries, n: int) -> int:
    producer = await producer_for(settings)
    gen = OrderGenerator(entries, seed=11, listed_share=0.15)
    orders = [event for event, _ in gen.orders(n)] + featured_orders()
    for event in orders:
        await producer.send(settings.orders_topic, orjson.dumps(event), key=event["order_id"].encode())
    await producer.flush()
    await producer.stop()
    reader = await topic_reader(settings, settings.decisions_topic)
    seen: set[str] = set()
    while len(seen) < len(orders):
        for records in (await reader.getmany(timeout_ms=500)).values():
            seen.update(orjson.loads(r.value)["order_id"] for r in records)
    await reader.stop()
    return len(orders)


def in_thread(coro):
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def shoot(console: ConsoleProcess, out: Path, debug: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
        page = ctx.new_page()
        page.goto(f"{console.url}/login")
        page.fill("#username", "a.lindqvist")
        page.fill("#password", USERS["a.lindqvist"][1])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/queue$"))
        for _ in range(60):  # until the console has materialised the featured cases
            page.goto(f"{console.url}/cases/SO-2026-118403")
            if page.locator(".hitcard").count() and page.request.get(f"{console.url}/cases/SO-2026-118411").ok:
                break
            page.wait_for_timeout(500)
        # Work one case: a note, then a four-eyes clear that waits for the approver.
        page.goto(f"{console.url}/cases/SO-2026-118411")
        page.fill("#reason", "Customer confirms: Berlin distributor, no link to the Izhevsk concern; "
                             "registration HRB 20411 checked")
        page.click("#btn-note")
        page.wait_for_selector(".notice")
        page.fill("#reason", "Namesake: German company, registration and address differ from the listed entry")
        page.click("#btn-clear")
        try:
            page.wait_for_selector("[data-pending]", timeout=10_000)
        except Exception:
            page.screenshot(path=str(console.tmp / "console-debug.png"), full_page=True)
            print(f"the page as it was: {console.tmp / 'console-debug.png'}", file=sys.stderr)
            raise
        page.goto(f"{console.url}/queue?sort=score")
        page.wait_for_selector("tr[data-order]")
        page.screenshot(path=str(out / "console-queue.png"))
        page.set_viewport_size({"width": 1440, "height": 1240})
        page.goto(f"{console.url}/cases/SO-2026-118403")
        page.wait_for_selector(".hitcard")
        page.screenshot(path=str(out / "console-case.png"))
        if debug:
            page.screenshot(path=str(out / "console-case-full.png"), full_page=True)
            page.goto(f"{console.url}/cases/SO-2026-118411")
            page.screenshot(path=str(out / "console-case-pending.png"), full_page=True)
            page.goto(f"{console.url}/audit")
            page.screenshot(path=str(out / "console-audit.png"), full_page=False)
            page.goto(f"{console.url}/login")
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--orders", type=int, default=300)
    ap.add_argument("--debug", action="store_true", help="Also the whole case pages and the audit trail")
    args = ap.parse_args()
    with EmbeddedBroker() as broker:
        settings, entries = in_thread(prepare(broker.bootstrap))
        worker = WorkerProcess(settings, "screenshots", SCREENER_REVIEW_SIGNING_KEY=settings.review_signing_key,
                               SCREENER_ALLOWLIST_TOPIC=settings.allowlist_topic).start()
        console = ConsoleProcess(settings, name="screenshots")
        try:
            for user, (role, password) in USERS.items():
                console.add_user(user, password, role)
            console.start()
            worker.wait_ready()
            console.wait_ready()
            n = in_thread(publish(settings, entries, args.orders))
            console.wait_for(lambda h: h.get("materialiser", {}).get("lag") == 0 and h.get("decisions", 0) > 0)
            print(f"{n} orders decided; console at {console.url}")
            args.out.mkdir(parents=True, exist_ok=True)
            shoot(console, args.out, args.debug)
            print(f"wrote {args.out / 'console-queue.png'} and {args.out / 'console-case.png'}")
        finally:
            console.stop()
            worker.stop()


if __name__ == "__main__":
    main()
