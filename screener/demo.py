"""``screener demo``: the whole flow on one machine, with a real (bundled) watch list."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import sys
import time

import orjson
from rich.console import Console

from screener.stream.broker import EmbeddedBroker
from screener.stream.harness import WorkerProcess, demo_settings, percentile, producer_for, topic_reader
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.synthetic import OrderGenerator

MALFORMED = [b"{not json", b'{"order_id": 42, "parties": "nobody"}', b'{"event_type": "created"}']


DEMO_USERS = (("alice", "reviewer"), ("bob", "approver"))


def _console_port() -> int:
    """SCREENER_CONSOLE_PORT, else 8080 when it is free (an address worth remembering), else any free port."""
    from screener.stream.broker import free_port

    if os.environ.get("SCREENER_CONSOLE_PORT"):
        return int(os.environ["SCREENER_CONSOLE_PORT"])

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", 8080))
        except OSError:
            return free_port()
    return 8080


def start_console(settings, console: Console):
    """The web console as its own process, with two demo users (a reviewer and an approver, so that a
    four-eyes clear can be shown); returns (process, {user: password})."""
    from screener.console.auth import hash_password
    from screener.console.harness import ConsoleProcess
    from screener.console.store import Store

    proc = ConsoleProcess(settings, port=_console_port(), name="demo-console")
    store = Store(proc.database_url)
    store.migrate()
    passwords = {}
    for user, role in DEMO_USERS:
        passwords[user] = f"{user}-{secrets.token_hex(4)}"
        store.add_user(user, hash_password(passwords[user]), role, display_name=f"Demo {role}")
    store.dispose()
    proc.start()
    console.print(f"console starting on {proc.url} (database {proc.database_url}, log {proc.log_path})")
    return proc, passwords


async def _run(bootstrap: str, n: int, rate: float, console: Console, quiet: bool, with_console: bool = True,
               keep: bool = False) -> dict:
    from screener.watchlists import load_watchlists, sample_path

    settings = demo_settings(bootstrap, review_signing_key=secrets.token_hex(32))
    await ensure_topics(settings)
    entries = load_watchlists([sample_path()])
    counts = await publish_snapshots(settings, entries, source="bundled sample")
    console.print(f"watch list: {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))} entries "
                  f"published to {settings.control_topic}")
    worker = WorkerProcess(settings, "demo", SCREENER_REVIEW_SIGNING_KEY=settings.review_signing_key,
                           SCREENER_ALLOWLIST_TOPIC=settings.allowlist_topic).start()
    console.print(f"worker started (metrics on http://127.0.0.1:{worker.metrics_port}/metrics, "
                  f"log {worker.log_path})")
    web, passwords = start_console(settings, console) if with_console else (None, {})
    try:
        await asyncio.to_thread(worker.wait_ready)
        console.print("worker ready: watch list loaded, order partitions assigned")
        reader = await topic_reader(settings, settings.decisions_topic)
        dlq_reader = await topic_reader(settings, settings.dlq_topic)
        producer = await producer_for(settings)
        gen = OrderGenerator(entries, seed=11, listed_share=0.15)
        t0 = time.perf_counter()
        for i, (event, _) in enumerate(gen.orders(n)):
            await producer.send(settings.orders_topic, orjson.dumps(event), key=event["order_id"].encode())
            if rate:
                await asyncio.sleep(max(0.0, t0 + (i + 1) / rate - time.perf_counter()))
        for raw in MALFORMED:
            await producer.send(settings.orders_topic, raw, key=b"malformed")
        await producer.flush()
        decided: dict[str, dict] = {}
        latencies: list[float] = []
        dlq = 0
        deadline = time.monotonic() + 120 + n / 200
        first = last = None
        while (len(decided) < n or dlq < len(MALFORMED)) and time.monotonic() < deadline:
            if not worker.alive():
                raise RuntimeError(f"worker exited:\n{worker.log_tail()}")
            batch = await reader.getmany(timeout_ms=300)
            for records in batch.values():
                for rec in records:
                    d = orjson.loads(rec.value)
                    first = first or time.perf_counter()
                    last = time.perf_counter()
                    if d["order_id"] not in decided and d.get("latency_ms") is not None:
                        latencies.append(d["latency_ms"])
                    decided[d["order_id"]] = d
                    if not quiet:
                        _show(console, d)
            dlq_batch = await dlq_reader.getmany(timeout_ms=10)
            for records in dlq_batch.values():
                for rec in records:
                    dlq += 1
                    if not quiet:
                        letter = orjson.loads(rec.value)
                        console.print(f"[magenta]DLQ[/magenta]     {letter['error_type']}: {letter['error'][:90]}")
        elapsed = (last - t0) if last else 0.0  # first order published to last decision read
        holds = sum(1 for d in decided.values() if d["decision"] == "HOLD")
        await reader.stop()
        await dlq_reader.stop()
        await producer.stop()
        summary = {"orders": n, "decided": len(decided), "hold": holds, "release": len(decided) - holds,
                   "dlq": dlq, "orders_per_s": round(len(decided) / elapsed, 1) if elapsed else 0.0,
                   "p99_ms": round(percentile(latencies, 99), 1)}
        _print_summary(console, summary)
        if web is not None:
            try:
                await asyncio.to_thread(web.wait_ready, 60)
                health = await asyncio.to_thread(web.wait_for, lambda h: h.get("open", 0) >= holds, 30)
            except RuntimeError as exc:
                console.print(f"[yellow]console not up to date: {exc}[/yellow]", highlight=False)
                health = web.health() or {}
            summary.update(console_url=web.url, console_open=health.get("open", 0))
            users = "  or  ".join(f"{u} / {passwords[u]} ({role})" for u, role in DEMO_USERS)
            line = f"console: {web.url}  ({health.get('open', 0)} held orders in its queue)\n  sign in as {users}"
            if quiet:  # --json: the summary is on stdout, the console's address on stderr
                print(line, file=sys.stderr)
            else:
                console.print(f"[bold]{line}[/bold]", highlight=False)
            if keep:
                console.print("broker, worker and console keep running: Ctrl-C stops the demo")
                stop = asyncio.Event()
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
                while worker.alive() and web.alive() and not stop.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), 1.0)
        return summary
    finally:
        if web is not None:
            web.stop()
        worker.stop()


def _show(console: Console, d: dict) -> None:
    if d["decision"] == "HOLD":
        why = "; ".join(
            f"{r['code']} {r.get('party_name') or ''} ~ {r.get('matched_name') or ''} ({r.get('list') or ''} "
            f"{r.get('score') or ''})" if r["code"] == "WATCHLIST_MATCH" else
            f"{r['code']} {r.get('party_role') or ''} {r.get('country') or ''} {r.get('hs_code') or ''}"
            for r in d["reasons"][:3])
        console.print(f"[red]HOLD[/red]    {d['order_id']}  {why}", highlight=False)
    else:
        console.print(f"[green]RELEASE[/green] {d['order_id']}", highlight=False)


def _print_summary(console: Console, summary: dict) -> None:
    console.print(f"[bold]{summary['decided']}/{summary['orders']} decided: {summary['hold']} HOLD, "
                  f"{summary['release']} RELEASE, {summary['dlq']} to the DLQ; "
                  f"{summary['orders_per_s']} orders/s, p99 {summary['p99_ms']} ms")


def run_demo(n: int, rate: float = 0.0, quiet: bool = False, with_console: bool = True,
             keep: bool | None = None) -> dict:
    """Runs the demo and returns its summary. With the console, the held orders are then in its
    queue; ``keep`` leaves the broker, worker and console running until Ctrl-C (default: when the
    demo runs in a terminal, with the console, and without --json)."""
    console = Console(stderr=quiet, quiet=quiet)
    if keep is None:
        keep = with_console and not quiet and sys.stdin.isatty() and sys.stdout.isatty()
    with EmbeddedBroker() as broker:
        console.print(f"embedded broker (Tansu) on {broker.bootstrap}")
        try:
            return asyncio.run(_run(broker.bootstrap, n, rate, console, quiet, with_console, keep))
        except KeyboardInterrupt:
            console.print("demo stopped")
            raise SystemExit(0) from None
