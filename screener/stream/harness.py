"""Run real workers against a broker from Python: used by ``demo``, ``bench`` and the tests.

Workers are separate processes running ``screener worker``, exactly as in production.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from screener.config import Settings
from screener.stream.broker import free_port, stop_process


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENER_")}
    env.update({
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "SCREENER_GROUP_ID": settings.group_id,
        "SCREENER_ORDERS_TOPIC": settings.orders_topic,
        "SCREENER_DECISIONS_TOPIC": settings.decisions_topic,
        "SCREENER_CONTROL_TOPIC": settings.control_topic,
        "SCREENER_DLQ_TOPIC": settings.dlq_topic,
        "SCREENER_AUDIT_TOPIC": settings.audit_topic,
        "SCREENER_REVIEWS_TOPIC": settings.reviews_topic,
        "SCREENER_STATE_TOPIC": settings.state_topic,
        "SCREENER_POLICY_TOPIC": settings.policy_topic,
        "SCREENER_ALLOWLIST_TOPIC": settings.allowlist_topic,
        "SCREENER_STATUS_TOPIC": settings.status_topic,
        "SCREENER_ORDER_PARTITIONS": str(settings.order_partitions),
    })
    if settings.policy_file:
        env["SCREENER_POLICY_FILE"] = str(settings.policy_file)
    if settings.review_token:
        env["SCREENER_REVIEW_TOKEN"] = settings.review_token
    if settings.review_signing_key:
        env["SCREENER_REVIEW_SIGNING_KEY"] = settings.review_signing_key
    env.update(extra)
    return env


class ManagedProcess:
    """A ``python`` subprocess in its own session, with its output in a log file; stopped with
    SIGTERM, then SIGKILL if it does not go. Workers and consoles in demo, bench and tests."""

    log_path: Path
    env: dict[str, str]

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.started_at: float | None = None
        self._log = None

    def _spawn(self, argv: list[str]) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, *argv], env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15) -> None:
        stop_process(self.proc, timeout)
        self._close_log()

    def kill(self) -> None:
        """kill -9: no shutdown, no commit, no goodbye to the group."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close_log()

    def wait_exit(self, timeout: float) -> int | None:
        """The exit code once the process ends within ``timeout`` seconds, else None."""
        try:
            return self.proc.wait(timeout=timeout) if self.proc else None
        except subprocess.TimeoutExpired:
            return None

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class WorkerProcess(ManagedProcess):
    """One ``screener worker`` subprocess with its own metrics/web ports, data dir and log file."""

    def __init__(self, settings: Settings, name: str = "worker", data_dir: Path | None = None, **extra_env: str):
        super().__init__()
        self.settings = settings
        self.name = name
        self.metrics_port = free_port()
        self.web_port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix=f"screener-{name}-"))
        self.log_path = self.tmp / "worker.log"
        self.data_dir = data_dir or self.tmp / "data"
        self.env = worker_env(settings, SCREENER_METRICS_PORT=str(self.metrics_port),
                              SCREENER_WEB_PORT=str(self.web_port),
                              SCREENER_DATA_DIR=str(self.data_dir), **extra_env)

    def start(self, loglevel: str = "info") -> WorkerProcess:
        self._spawn(["-m", "screener", "worker", "--loglevel", loglevel])
        return self

    def start_script(self, code: str) -> WorkerProcess:
        """Run ``python -c code`` with this worker's environment instead of ``screener worker``
        (fault drills that patch the worker before it starts)."""
        self._spawn(["-c", code])
        return self

    def metric_sum(self, name: str) -> float:
        """The sum of a metric over all its label values (0 while the endpoint is not up)."""
        try:
            text = self.metrics_text()
        except OSError:
            return 0.0
        return sum(float(line.split()[-1]) for line in text.splitlines()
                   if line.startswith((name + " ", name + "{")))

    def get(self, path: str) -> tuple[int, dict]:
        """GET a path of the worker's web server: (status, JSON body)."""
        import json
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}{path}", timeout=5) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def post(self, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
        """POST JSON to the worker's web server: (status, JSON body)."""
        import json
        import urllib.error
        import urllib.request

        req = urllib.request.Request(f"http://127.0.0.1:{self.web_port}{path}", method="POST",
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def metric(self, name: str) -> float | None:
        """The value of an unlabelled metric, or None while the endpoint is not up."""
        try:
            text = self.metrics_text()
        except OSError:
            return None
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return None

    def wait_ready(self, timeout: float = 90) -> None:
        """Until the watch list is loaded and order partitions are assigned (or raise with the log)."""
        ok = wait_until(lambda: not self.alive() or (self.metric("screener_watchlist_ready") == 1
                                                     and (self.metric("screener_assigned_partitions") or 0) > 0),
                        timeout, 0.05)
        if not ok or not self.alive():
            raise RuntimeError(f"worker {self.name} not ready after {timeout}s:\n{self.log_tail()}")

    def metrics_text(self) -> str:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as r:
            return r.read().decode()


def demo_settings(bootstrap: str, partitions: int = 4, **kw) -> Settings:
    """Settings with fresh topic names and group id, so runs never see each other's data."""
    tag = uuid.uuid4().hex[:8]
    return Settings(
        kafka_bootstrap_servers=bootstrap, group_id=f"screener-{tag}", order_partitions=partitions,
        orders_topic=f"orders-{tag}", decisions_topic=f"order-decisions-{tag}",
        control_topic=f"watchlist-control-{tag}", dlq_topic=f"orders-dlq-{tag}",
        audit_topic=f"review-audit-{tag}", reviews_topic=f"order-reviews-{tag}",
        state_topic=f"screening-state-{tag}", policy_topic=f"policy-control-{tag}",
        allowlist_topic=f"allow-list-{tag}", status_topic=f"screener-status-{tag}", **kw,
    )


async def producer_for(settings: Settings, **kw) -> AIOKafkaProducer:
    p = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, linger_ms=5,
                         max_batch_size=1024 * 1024, **kw)
    await p.start()
    return p


async def topic_reader(settings: Settings, topic: str) -> AIOKafkaConsumer:
    """A group-less consumer of every partition of ``topic`` from the beginning."""
    c = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers, group_id=None,
                         enable_auto_commit=False, auto_offset_reset="earliest", max_poll_records=5000,
                         fetch_max_wait_ms=settings.fetch_max_wait_ms)
    await c.start()
    for _ in range(100):
        parts = c.partitions_for_topic(topic)
        if parts:
            break
        await c._client.force_metadata_update()  # noqa: SLF001
        await asyncio.sleep(0.1)
    else:
        raise RuntimeError(f"topic {topic!r} not found")
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    c.assign(tps)
    await c.seek_to_beginning(*tps)
    return c


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return s[k]


def wait_until(pred, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(interval)
    return pred()
