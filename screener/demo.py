"""``screener demo``: the whole flow on one machine, with a real (bundled) watch list."""

from __future__ import annotations

import asyncio
import time

import orjson
from rich.console import Console

from screener.stream.broker import EmbeddedBroker
from screener.stream.harness import WorkerProcess, demo_settings, percentile, producer_for, topic_reader
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.synthetic import OrderGenerator

MALFORMED = [b"{not json", b'{"order_id": 42, "parties": "nobody"}', b'{"event_type": "created"}']


async def _run(bootstrap: str, n: int, rate: float, console: Console, quiet: bool) -> dict:
    from screener.watchlists import load_watchlists, sample_path

    settings = demo_settings(bootstrap)
    await ensure_topics(settings)
    entries = load_watchlists([sample_path()])
    counts = await publish_snapshots(settings, entries, source="bundled sample")
    console.print(f"watch list: {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))} entries "
                  f"published to {settings.control_topic}")
    worker = WorkerProcess(settings, "demo").start()
    console.print(f"worker started (metrics on http://127.0.0.1:{worker.metrics_port}/metrics, "
                  f"log {worker.log_path})")
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
        return {"orders": n, "decided": len(decided), "hold": holds, "release": len(decided) - holds,
                "dlq": dlq, "orders_per_s": round(len(decided) / elapsed, 1) if elapsed else 0.0,
                "p99_ms": round(percentile(latencies, 99), 1)}
    finally:
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


def run_demo(n: int, rate: float = 0.0, quiet: bool = False) -> dict:
    console = Console(stderr=quiet, quiet=quiet)
    with EmbeddedBroker() as broker:
        console.print(f"embedded broker (Tansu) on {broker.bootstrap}")
        summary = asyncio.run(_run(broker.bootstrap, n, rate, console, quiet))
    console.print(f"[bold]{summary['decided']}/{summary['orders']} decided: {summary['hold']} HOLD, "
                  f"{summary['release']} RELEASE, {summary['dlq']} to the DLQ; "
                  f"{summary['orders_per_s']} orders/s, p99 {summary['p99_ms']} ms")
    return summary
