"""Soak: hundreds of thousands of orders through one worker, its memory sampled all the way.

    .venv/bin/python benchmarks/soak.py --orders 300000 --plot docs/soak.png

Starts the embedded broker, loads the full 2019 SDN list, runs one ``screener worker`` and feeds
it realistic orders (60% repeat customers, 5% naming listed parties) in waves, so that the whole
run lies inside the re-screening window. After the last decision it changes the watch list once,
so the re-screening walk runs over every order held, and keeps sampling for ``--tail`` seconds.
RSS is read from /proc every half second. The target (issue 14): RSS under 600 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screener.events.control import WatchlistEntry  # noqa: E402
from screener.stream.broker import EmbeddedBroker  # noqa: E402
from screener.stream.harness import WorkerProcess, demo_settings, producer_for  # noqa: E402
from screener.stream.publish import add_entries, publish_snapshots  # noqa: E402
from screener.stream.topics import ensure_topics  # noqa: E402
from screener.synthetic import OrderGenerator  # noqa: E402
from screener.watchlists import load_watchlists  # noqa: E402

TARGET_MB = 600.0


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler(threading.Thread):
    def __init__(self, worker: WorkerProcess):
        super().__init__(daemon=True)
        self.worker = worker
        self.samples: list[tuple[float, float, float]] = []  # (t, rss MB, decisions so far)
        self.stop_flag = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            pid = self.worker.proc.pid
            self.samples.append((time.monotonic() - self.t0, rss_mb(pid),
                                 self.worker.metric_sum("screener_orders_screened_total")))
            self.stop_flag.wait(0.5)


async def produce(settings, events: list[dict]) -> None:
    p = await producer_for(settings)
    try:
        for e in events:
            await p.send(settings.orders_topic, orjson.dumps(e), key=e["order_id"].encode())
        await p.flush()
    finally:
        await p.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=300_000)
    ap.add_argument("--wave", type=int, default=20_000, help="orders produced per wave")
    ap.add_argument("--tail", type=float, default=60.0, help="seconds sampled after the re-screening walk")
    ap.add_argument("--watchlist", type=Path, default=ROOT.parent / "shared" / "data" / "ofac-sdn-2019")
    ap.add_argument("--plot", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    entries = load_watchlists([args.watchlist])
    gen = OrderGenerator(entries, seed=9, listed_share=0.05, repeat_share=0.6, customers=2000)
    with EmbeddedBroker() as broker:
        settings = demo_settings(broker.bootstrap, partitions=6)
        asyncio.run(ensure_topics(settings))
        asyncio.run(publish_snapshots(settings, entries, source="soak"))
        worker = WorkerProcess(settings, "soak").start(loglevel="warning")
        sampler = Sampler(worker)
        try:
            worker.wait_ready(timeout=180)
            sampler.start()
            started = time.monotonic()
            sent = 0
            names: Counter = Counter()
            while sent < args.orders:
                n = min(args.wave, args.orders - sent)
                events = [e for e, _ in gen.orders(n, start=sent)]
                names.update(p["name"] for e in events for p in e["parties"])
                asyncio.run(produce(settings, events))
                sent += n
                # Keep the backlog bounded: wait until the worker is within one wave of the producer.
                while worker.metric_sum("screener_orders_screened_total") < sent - args.wave:
                    time.sleep(0.2)
                print(f"{sent:,} produced, {worker.metric_sum('screener_orders_screened_total'):,.0f} decided, "
                      f"RSS {rss_mb(worker.proc.pid):.0f} MB", file=sys.stderr)
            while worker.metric_sum("screener_orders_screened_total") < args.orders:
                time.sleep(0.2)
            drained = time.monotonic() - started
            # One list change: the walk re-screens every order in the window, and holds the orders
            # of the most frequent customer, now listed.
            name, expected = names.most_common(1)[0]
            before = worker.metric_sum("screener_rescreen_decisions_total")
            walk_from = time.monotonic()
            entry = WatchlistEntry(entry_id="SOAK-1", list="PRIVATE", names=[name], type="organization",
                                   origin="company")
            asyncio.run(add_entries(settings, [entry]))
            last, stable_since = before, time.monotonic()
            while time.monotonic() - stable_since < 10 and time.monotonic() - walk_from < 900:
                now = worker.metric_sum("screener_rescreen_decisions_total")
                if now != last:
                    last, stable_since = now, time.monotonic()
                time.sleep(0.5)
            walk_s = stable_since - walk_from
            rescreened = last - before
            time.sleep(args.tail)
        finally:
            sampler.stop_flag.set()
            sampler.join(5)
            worker.stop()
    rss = [r for _, r, _ in sampler.samples if r > 0]
    result = {"orders": args.orders, "drain_s": round(drained, 1), "orders_per_s": round(args.orders / drained, 1),
              "rss_start_mb": round(rss[0], 1), "rss_peak_mb": round(max(rss), 1), "rss_end_mb": round(rss[-1], 1),
              "relisted_customer_parties": expected, "rescreen_decisions": int(rescreened),
              "rescreen_walk_s": round(walk_s, 1), "target_mb": TARGET_MB, "met": max(rss) < TARGET_MB}
    if args.plot:
        plot(args.plot, sampler.samples, result)
    print(json.dumps(result) if args.json else "\n".join(f"{k:>20}: {v}" for k, v in result.items()))


def plot(path: Path, samples, result: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [s[0] for s in samples]
    fig, ax1 = plt.subplots(figsize=(9, 4.5))
    ax1.plot(t, [s[1] for s in samples], color="tab:red", label="worker RSS (MB)")
    ax1.axhline(TARGET_MB, color="tab:red", linestyle=":", linewidth=1, label=f"target {TARGET_MB:.0f} MB")
    ax1.set_xlabel("s")
    ax1.set_ylabel("RSS (MB)")
    ax1.set_ylim(0, max(TARGET_MB * 1.1, max(s[1] for s in samples) * 1.1))
    ax2 = ax1.twinx()
    ax2.plot(t, [s[2] for s in samples], color="tab:blue", label="decisions so far")
    ax2.set_ylabel("decisions")
    lines = ax1.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax1.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    ax1.legend(lines, labels, loc="lower right")
    ax1.set_title(f"Soak: {result['orders']:,} orders through one worker (full SDN), "
                  f"peak RSS {result['rss_peak_mb']:.0f} MB")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
