"""Prometheus metrics. Names are part of the contract with the Grafana dashboard in deploy/."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

ORDERS_SCREENED = Counter("screener_orders_screened", "Order events decided", ["decision"])
DLQ = Counter("screener_dlq", "Inputs sent to the dead-letter topic", ["error_type"])
LATENCY = Histogram(
    "screener_screening_latency_seconds",
    "Order event time to decision",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
WATCHLIST_ENTRIES = Gauge("screener_watchlist_entries", "Watch-list entries held in memory")
WATCHLIST_VERSION = Gauge("screener_watchlist_version", "Watch-list version (control topic offset)")
WATCHLIST_READY = Gauge("screener_watchlist_ready", "1 while the watch lists allow screening (replayed, no load "
                        "open, every list consistent, required lists loaded)")
WATCHLIST_LIST_ENTRIES = Gauge("screener_watchlist_list_entries", "Live entries per list", ["list_id"])
WATCHLIST_LIST_INFO = Gauge("screener_watchlist_list_info", "1 per list, labelled with its content hash and "
                            "generation (and whether its entries agree with its head)",
                            ["list_id", "hash", "generation", "consistent"])
ALLOW_RECORDS = Gauge("screener_allowlist_records", "Signed allow-list records held")
ABANDONED_LOADS = Counter("screener_watchlist_abandoned_loads", "Loads left open past their time to live")
ASSIGNED = Gauge("screener_assigned_partitions", "Order partitions this worker screens")
HITS = Counter("screener_watchlist_hits", "Watch-list hits at or above the hold threshold", ["list"])
HOLD_REASONS = Counter("screener_hold_reasons", "Reasons behind HOLD decisions", ["code"])
RESCREEN = Counter("screener_rescreen_decisions", "Decisions emitted by re-screening", ["decision"])
BATCH_SIZE = Histogram("screener_batch_size", "Order events per screened batch",
                       buckets=(1, 10, 50, 100, 250, 500, 1000, 2000, 5000))
HEALTHY = Gauge("screener_healthy", "1 while every part of the worker runs and makes progress")
READY = Gauge("screener_ready", "1 while the worker screens orders (healthy, watch list ready, partitions held)")
COMPONENT_UP = Gauge("screener_component_up", "1 while a part of the worker runs", ["component"])
STATE_PARTITIONS = Gauge("screener_state_partitions", "Re-screening state partitions held, by state",
                         ["state"])
STATE_RECOVERY_SECONDS = Histogram("screener_state_recovery_seconds",
                                   "Time to catch assigned partitions' state up from the changelog",
                                   buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300))
STATE_ERRORS = Counter("screener_state_errors", "Re-screening state records that could not be used",
                       ["error_type"])
STATE_PRUNED = Counter("screener_state_pruned", "Orders dropped from the re-screening state (out of the window)")
ABANDONED_BATCHES = Counter("screener_abandoned_batches",
                            "Batches given up to a partition's next owner during a rebalance")
COMMIT_SKIPPED = Counter("screener_commits_skipped", "Offset commits skipped because partitions moved",
                         ["reason"])
CONTROL_ERRORS = Counter("screener_control_errors", "Control-topic records that could not be applied",
                         ["error_type"])


def observe_decision(decision) -> None:
    """Count one decision (a screener.events.Decision)."""
    observe_screened([(None, decision.decision, decision.latency_ms, decision.reasons)])


def observe_screened(screened) -> None:
    """Count a batch of ``Screener.screen_many_json`` results, ``(value, decision, latency_ms,
    reasons)`` each, with one counter update per label value instead of one per decision."""
    outcomes: dict[str, int] = {}
    codes: dict[str, int] = {}
    lists: dict[str, int] = {}
    observe = LATENCY.observe
    for _, decision, latency_ms, reasons in screened:
        outcomes[decision] = outcomes.get(decision, 0) + 1
        if latency_ms is not None:
            observe(latency_ms / 1000.0)
        for r in reasons:
            codes[r.code] = codes.get(r.code, 0) + 1
            if r.code == "WATCHLIST_MATCH" and r.list:
                lists[r.list] = lists.get(r.list, 0) + 1
    for value, n in outcomes.items():
        ORDERS_SCREENED.labels(value).inc(n)
    for code, n in codes.items():
        HOLD_REASONS.labels(code).inc(n)
    for name, n in lists.items():
        HITS.labels(name).inc(n)


def serve(port: int, host: str = "0.0.0.0") -> None:
    if port:
        start_http_server(port, addr=host)
