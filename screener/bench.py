"""``screener bench``: the screener against a raw Kafka passthrough on the same broker and orders.

1. passthrough: a bare aiokafka consume -> JSON transform -> produce loop (the ceiling);
2. screener: real ``screener worker`` processes (``--workers N``) on the same pre-produced orders,
   from the first decision to the last; then a paced run at that rate for latency
   (order produce time -> decision arrival);
3. the matching engine alone, uncached, on the same party names.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from screener.stream.broker import EmbeddedBroker
from screener.stream.harness import WorkerProcess, demo_settings, percentile, producer_for, topic_reader
from screener.stream.publish import publish_snapshots
from screener.stream.topics import ensure_topics
from screener.synthetic import OrderGenerator

DEFAULT_LIST = Path("../shared/data/ofac-sdn-2019")
TARGET_RATIO = 0.30


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("[bold]{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=False)


async def _produce(settings, topic: str, events: list[dict], progress: Progress, label: str) -> None:
    task = progress.add_task(label, total=len(events))
    p = await producer_for(settings)
    try:
        for i, e in enumerate(events):
            await p.send(topic, orjson.dumps(e), key=e["order_id"].encode())
            if i % 1000 == 999:
                progress.advance(task, 1000)
        await p.flush()
        progress.update(task, completed=len(events))
    finally:
        await p.stop()


async def passthrough(settings, n: int, progress: Progress) -> float:
    """Consume the orders, parse and re-serialise each, produce it on; events/s over the run."""
    out_topic = settings.orders_topic + "-passthrough"
    consumer = AIOKafkaConsumer(settings.orders_topic, bootstrap_servers=settings.kafka_bootstrap_servers,
                                group_id=settings.group_id + "-passthrough", auto_offset_reset="earliest",
                                enable_auto_commit=False, max_poll_records=settings.batch_max,
                                fetch_max_bytes=settings.fetch_max_bytes)
    producer = await producer_for(settings)
    await consumer.start()
    task = progress.add_task("1/3 raw aiokafka passthrough", total=n)
    done = 0
    t0 = None
    try:
        while done < n:
            batch = await consumer.getmany(timeout_ms=1000, max_records=settings.batch_max)
            futs = []
            for records in batch.values():
                for r in records:
                    t0 = t0 or time.perf_counter()
                    d = orjson.loads(r.value)
                    futs.append(await producer.send(out_topic, orjson.dumps(d), key=r.key))
            if futs:
                await asyncio.gather(*futs)
                await consumer.commit()
                done += len(futs)
                progress.update(task, completed=done)
        return n / (time.perf_counter() - t0)
    finally:
        await consumer.stop()
        await producer.stop()


async def _read_decisions(settings, want: set[str], progress: Progress, label: str, workers,
                          timeout: float) -> dict[str, float]:
    """order_id -> arrival time of its first decision."""
    reader = await topic_reader(settings, settings.decisions_topic)
    task = progress.add_task(label, total=len(want))
    arrivals: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    try:
        while len(arrivals) < len(want) and time.monotonic() < deadline:
            if any(not w.alive() for w in workers):
                dead = next(w for w in workers if not w.alive())
                raise RuntimeError(f"worker {dead.name} died:\n{dead.log_tail()}")
            batch = await reader.getmany(timeout_ms=200, max_records=10_000)
            now = time.time()
            for records in batch.values():
                for r in records:
                    oid = r.key.decode() if r.key else ""
                    if oid in want and oid not in arrivals:
                        # The broker-side create time of the decision, not when this reader got
                        # to it: the reader may lag behind the worker.
                        arrivals[oid] = r.timestamp / 1000 if r.timestamp and r.timestamp > 0 else now
            progress.update(task, completed=len(arrivals))
        return arrivals
    finally:
        await reader.stop()


async def screener_run(settings, events: list[dict], workers: list[WorkerProcess], progress: Progress,
                       started: float):
    """Orders/s from ``started`` (the workers hold their partitions and start on the backlog)
    to the last decision's create time."""
    want = {e["order_id"] for e in events}
    arrivals = await _read_decisions(settings, want, progress, "2/3 screener, backlog", workers,
                                        timeout=60 + len(events) / 200)
    if len(arrivals) < len(want):
        raise RuntimeError(f"only {len(arrivals)}/{len(want)} orders decided")
    times = sorted(arrivals.values())
    return len(times) / max(1e-3, times[-1] - started), times


async def latency_run(settings, events: list[dict], rate: float, workers, progress: Progress):
    """Produce at ``rate`` orders/s and time each order from its produce call to its decision."""
    sent: dict[str, float] = {}
    reader = await topic_reader(settings, settings.decisions_topic)
    await reader.seek_to_end()
    p = await producer_for(settings)
    task = progress.add_task(f"2/3 screener, {rate:,.0f}/s paced", total=len(events))
    lat: dict[str, float] = {}
    arrivals: list[tuple[float, float]] = []

    async def consume():
        while len(lat) < len(events):
            batch = await reader.getmany(timeout_ms=100, max_records=10_000)
            now = time.time()
            for records in batch.values():
                for r in records:
                    oid = r.key.decode() if r.key else ""
                    if oid in sent and oid not in lat:
                        lat[oid] = (now - sent[oid]) * 1000
                        arrivals.append((now, lat[oid]))
            progress.update(task, completed=len(lat))

    reader_task = asyncio.create_task(consume())
    t0 = time.perf_counter()
    try:
        for i, e in enumerate(events):
            target = t0 + i / rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            e["occurred_at"] = None
            sent[e["order_id"]] = time.time()
            await p.send(settings.orders_topic, orjson.dumps(e), key=e["order_id"].encode())
        await asyncio.wait_for(reader_task, timeout=60 + len(events) / 200)
    finally:
        reader_task.cancel()
        await p.stop()
        await reader.stop()
    return list(lat.values()), arrivals


def match_alone(entries, events: list[dict], limit_s: float = 10.0) -> float:
    """Uncached matches/s of the engine on the orders' party names (each name once: the engine
    scores a name once whatever country it comes with, so a name twice would be half cached)."""
    from screener.enrichment.countries import to_iso2
    from screener.matching import PartyQuery, build_matcher

    engine = build_matcher(entries)
    names = list({p["name"]: p.get("country") for e in events for p in e["parties"]}.items())
    random.Random(1).shuffle(names)
    queries = [PartyQuery(n, to_iso2(c) if c else None) for n, c in names]
    engine.clear_cache()  # every name below is distinct too, so no result is served from cache
    t0 = time.perf_counter()
    done = 0
    for i in range(0, len(queries), 500):
        engine.match_many(queries[i:i + 500])
        done += len(queries[i:i + 500])
        if time.perf_counter() - t0 > limit_s:
            break
    return done / (time.perf_counter() - t0)


def rss_mb(worker: WorkerProcess) -> float:
    try:
        for line in Path(f"/proc/{worker.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):  # peak resident set
                return int(line.split()[1]) / 1024
    except (OSError, AttributeError):
        pass
    return 0.0


def plot(path: Path, backlog_times: list[float], paced: list[tuple[float, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6.5))
    if backlog_times:
        # Decisions so far against time: the slope is the throughput, and a stall shows as a flat
        # stretch. (A batch's decisions share one create time, so rates in short bins only show
        # the batches.)
        times = sorted(backlog_times)
        xs = [t - times[0] for t in times]
        ax1.plot(xs, range(1, len(xs) + 1), drawstyle="steps-post")
        span = xs[-1]
        rate = f", {len(xs) / span:,.0f}/s" if span > 0 else ""
        ax1.set_title(f"Decisions while draining a backlog ({len(xs):,} in {span:.2f} s{rate})")
    else:
        ax1.set_title("Decisions while draining a backlog")
    ax1.set_xlabel("s since first decision")
    ax1.set_ylabel("decisions so far")
    if paced:
        t0 = paced[0][0]
        ax2.scatter([a - t0 for a, _ in paced], [lat for _, lat in paced], s=2)
    ax2.set_title("Latency at the paced rate (order produce -> decision read)")
    ax2.set_xlabel("s")
    ax2.set_ylabel("ms")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


async def _bench(bootstrap: str, orders: int, workers_n: int, watchlist: list[Path], partitions: int,
                 console: Console, plot_path: Path | None, paced_orders: int,
                 paced_rate: float | None = None) -> dict:
    from screener.watchlists import load_watchlists

    entries = load_watchlists(watchlist)
    console.print(f"watch list: {len(entries):,} entries from {', '.join(map(str, watchlist))}")
    settings = demo_settings(bootstrap, partitions=partitions)
    await ensure_topics(settings)
    gen = OrderGenerator(entries, seed=42, listed_share=0.05, repeat_share=0.6, customers=2000)
    events = [e for e, _ in gen.orders(orders)]
    paced = [e for e, _ in gen.orders(paced_orders, start=orders)]
    with _progress(console) as progress:
        await publish_snapshots(settings, entries)
        await _produce(settings, settings.orders_topic, events, progress, "pre-producing orders")
        pass_rate = await passthrough(settings, orders, progress)
        workers = [WorkerProcess(settings, f"bench{i}").start(loglevel="warning") for i in range(workers_n)]
        try:
            for w in workers:
                await asyncio.to_thread(w.wait_ready, 180)
            started = time.time()
            scr_rate, backlog_times = await screener_run(settings, events, workers, progress, started)
            # Latency is measured below saturation (a system fed at 100% of its capacity queues
            # without bound): at the target rate (0.30 x passthrough) or 90% of the measured
            # throughput, whichever is lower, unless --rate says otherwise.
            rate = paced_rate or min(0.9 * scr_rate, TARGET_RATIO * pass_rate)
            lat, arrivals = await latency_run(settings, paced, rate, workers, progress)
            rss = max(rss_mb(w) for w in workers)
        finally:
            for w in workers:
                w.stop()
        task = progress.add_task("3/3 matching engine alone", total=1)
        match_rate = await asyncio.to_thread(match_alone, entries, events)
        progress.update(task, completed=1)
    if plot_path:
        plot(plot_path, backlog_times, arrivals)
        console.print(f"plot written to {plot_path}")
    return {"orders": orders, "passthrough_per_s": round(pass_rate, 1), "screener_per_s": round(scr_rate, 1),
            "ratio": round(scr_rate / pass_rate, 3), "p50_ms": round(percentile(lat, 50), 1),
            "p99_ms": round(percentile(lat, 99), 1), "match_per_s": round(match_rate, 1),
            "rss_mb": round(rss, 1), "workers": workers_n, "paced_orders": len(lat),
            "paced_rate": round(rate, 1)}


def run_bench(orders: int = 20_000, workers: int = 1, watchlist: list[Path] | None = None, partitions: int = 6,
              plot_path: Path | None = None, paced_orders: int | None = None,
              paced_rate: float | None = None) -> dict:
    console = Console(stderr=True)
    if not watchlist:
        if not DEFAULT_LIST.is_dir():
            raise SystemExit(f"the full 2019 SDN list is expected at {DEFAULT_LIST.resolve()}; "
                             "pass --watchlist PATH")
        watchlist = [DEFAULT_LIST]
    with EmbeddedBroker() as broker:
        return asyncio.run(_bench(broker.bootstrap, orders, workers, watchlist, partitions, console, plot_path,
                                  paced_orders or max(2000, orders // 4), paced_rate))
