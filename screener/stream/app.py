"""The Faust application of a screener worker.

Faust is the worker's frame: its life cycle (start-up, signals, graceful shutdown, crash exit
code), its web server (health, readiness, reviews) and the services below. The app runs in Faust's
producer-only mode: it keeps no Faust tables and joins no Faust consumer group, because the
parts that consume run their own batched aiokafka loops inside Faust services:

    watchlist-control, policy-control --(every worker, all partitions)--> lists, policy (in memory)
    orders + order-reviews --(consumer group, batches)--> enrich -> match -> policy
        --> order-decisions, orders-dlq, review-audit, screening-state (changelog)
    screening-state --(on assignment, catch-up)--> local state file --> re-screening

A part that dies or stalls makes the worker unhealthy and stops it with a non-zero exit code, so
that its orchestrator starts a fresh one (``screener.stream.health``).
"""

from __future__ import annotations

import asyncio
import logging
import re

import faust
import mode
from aiokafka import AIOKafkaProducer
from faust.web import Request, Response, View

from screener import metrics
from screener.config import Settings
from screener.matching.addresses import AddressIndex
from screener.policy import Policy
from screener.screening import Screener
from screener.stream.allowlist_sync import AllowListState
from screener.stream.delivery import Delivery
from screener.stream.health import Health
from screener.stream.order_screening import OrderScreening
from screener.stream.policy_sync import PolicyState
from screener.stream.rescreen import Rescreener
from screener.stream.retry import started, with_retries
from screener.stream.review import ReviewHandler, register_review_endpoint
from screener.stream.state_changelog import ScreeningState
from screener.stream.state_store import StateStore
from screener.stream.status import StatusReporter
from screener.stream.topics import ensure_topics
from screener.stream.watchlist_sync import ControlSync, WatchlistState

log = logging.getLogger(__name__)


def load_policy(settings: Settings) -> Policy:
    return Policy.load(settings.policy_file, item_risk_path=settings.item_risk_file)


def state_file(settings: Settings):
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{settings.group_id}-{settings.state_topic}")
    return settings.data_dir / f"rescreen-{safe}.sqlite"


def create_app(settings: Settings | None = None) -> faust.App:
    settings = settings or Settings()
    # Load the policy before anything connects: a bad policy file must stop start-up with its error.
    policy = load_policy(settings)
    # The policy's hold threshold is the matcher's: a hit below it is no hit at all.
    state = WatchlistState(threshold=policy.threshold, addresses=AddressIndex())
    state.required = tuple(policy.model.watchlists.required)
    screener = Screener(state.matcher, policy, policy.enricher, max_reasons=settings.max_reasons,
                        poison_name=settings.poison_name, addresses=state.addresses,
                        entry_lookup=state.entries.get)
    health = Health(settings.stall_timeout_s)

    app = faust.App(
        f"{settings.group_id}-faust",
        broker=f"kafka://{settings.kafka_bootstrap_servers}",
        value_serializer="raw",
        key_serializer="raw",
        web_enabled=bool(settings.web_port),
        web_port=settings.web_port or 6066,
        web_bind=settings.web_host,
        topic_disable_leader=True,
        datadir=str(settings.data_dir),
        producer_linger=settings.producer_linger_ms / 1000.0,
        broker_request_timeout=settings.request_timeout_ms / 1000.0,
    )
    # No Faust tables or agents: the consuming parts are the services below (see the docstring).
    app.producer_only = True
    app.screener_settings = settings
    app.watchlist_state = state
    app.health = health
    producer_ref: dict[str, AIOKafkaProducer] = {}
    register_review_endpoint(app, settings, lambda: producer_ref.get("p"))
    _register_health(app, health)

    @app.service
    class ScreenerService(mode.Service):
        """Starts the watch-list replay, order screening and re-screening inside the Faust worker."""

        async def on_start(self) -> None:
            self.producer = await with_retries(f"connecting to Kafka at {settings.kafka_bootstrap_servers}",
                                               self._start_producer, give_up_after=settings.startup_timeout_s)
            producer_ref["p"] = self.producer
            self.state_store = StateStore(state_file(settings),
                                    identity=f"{settings.state_topic}/{settings.order_partitions}")
            self.rescreen_state = ScreeningState(settings, self.state_store)
            self.delivery = Delivery(settings, self.producer)
            self.policy_state = PolicyState(policy, settings.data_dir, self._apply_policy)
            self.allow = AllowListState(settings.review_signing_key, state.entries.get)
            self.allow_offset = 0
            screener.allow = self.allow
            self.sync = ControlSync(settings.kafka_bootstrap_servers, settings.control_topic, state,
                                    beat=health.register("watch-list replay"),
                                    request_timeout_ms=settings.request_timeout_ms,
                                    extra={settings.policy_topic: self.policy_state.handle,
                                           settings.allowlist_topic: self._allow_record})
            self.status = StatusReporter(settings, lambda: producer_ref.get("p"), self._status)
            self.reviews = ReviewHandler(screener, self.rescreen_state, lambda: state.version,
                                         signing_key=settings.review_signing_key)
            self.screening = OrderScreening(settings, screener, self.sync, self.delivery, self.rescreen_state, self.reviews,
                                            beat=health.register("order screening"))
            self.rescreener = Rescreener(settings, screener, self.rescreen_state, self.delivery, self.screening.lock,
                                         lambda: state.version, beat=health.register("re-screening"))
            resume_reviews = self.screening._on_recovered

            def recovered(parts: set[int]) -> None:
                resume_reviews(parts)
                self.rescreener.request(parts)  # the list may have changed while no worker held them
            self.rescreen_state.on_recovered = recovered
            state.on_change(self._lists_changed)
            self.sync.on_readiness(self._readiness_changed)
            health.ready_check = self._not_ready
            app.screening = self.screening
            app.watchlist_sync = self.sync
            app.screening_state = self.rescreen_state

        async def _start_producer(self) -> AIOKafkaProducer:
            return await started(AIOKafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap_servers,
                linger_ms=settings.producer_linger_ms,
                max_batch_size=1024 * 1024,
                acks="all",
                enable_idempotence=False,
                request_timeout_ms=settings.request_timeout_ms,
            ))

        def _not_ready(self) -> str | None:
            if not self.sync.ready.is_set():
                return f"{self.sync.not_ready_reason} (fail closed: no order is decided)"
            return None

        def _screen_key(self) -> None:
            screener.screen_key = f"{state.version}|{screener.policy.version}|{self.allow_offset}"

        def _allow_record(self, key: bytes | None, value: bytes | None, offset: int) -> None:
            self.allow.handle(key, value, offset)
            self.allow_offset = offset + 1
            self._screen_key()
            if self.sync.caught_up.is_set():
                self.rescreener.request_all()  # a record may release held orders, a revocation hold them
            self.status.changed()

        def _lists_changed(self, version: int) -> None:
            screener.set_watchlists(state.summary())
            self._screen_key()
            if self.sync.caught_up.is_set():
                self.rescreener.request_all()
            self.status.changed()

        def _readiness_changed(self, ready: bool, reason: str | None) -> None:
            if ready:
                screener.set_watchlists(state.summary())
                self._screen_key()
                self.rescreener.request_all()  # whatever changed while not ready
            self.status.changed()

        def _apply_policy(self, new: Policy) -> None:
            """A published policy, applied between two batches (the loop has no await inside one)."""
            screener.policy = new
            screener.enricher = new.enricher
            state.threshold = new.threshold
            state.matcher.threshold = new.threshold
            clear = getattr(state.matcher, "clear_cache", None)
            if clear is not None:
                clear()
            state.required = tuple(new.model.watchlists.required)
            self._screen_key()
            if self.sync.caught_up.is_set():
                self.sync.check_ready()
                self.rescreener.request_all()
            self.status.changed()

        def _status(self) -> dict:
            return {"control_version": state.version, "ready": self.sync.ready.is_set(),
                    "not_ready": self.sync.not_ready_reason, "healthy": health.problem() is None,
                    "lists": {st.list_id: st.as_dict() for st in state.lists()},
                    "open_loads": [m.load_id for m in state.open_loads()], "abandoned_loads": sorted(state.abandoned),
                    "rejected_records": state.rejected, "policy_version": screener.policy.version,
                    "policy_source": screener.policy.source,
                    "partitions": sorted(self.rescreen_state.owned), "allow_records": len(self.allow.records)}

        @mode.Service.task
        async def _replay_watchlist(self) -> None:
            await self._supervise("watch-list replay", self.sync.run())

        @mode.Service.task
        async def _screen_orders(self) -> None:
            await self._supervise("order screening", self.screening.run())

        @mode.Service.task
        async def _report_status(self) -> None:
            await self._supervise("status reports", self.status.run())

        @mode.Service.task
        async def _rescreen(self) -> None:
            if settings.rescreen_window_hours > 0:
                await self._supervise("re-screening", self.rescreener.run(self.sync.ready))
            else:
                health.components.pop("re-screening", None)

        @mode.Service.task
        async def _watchdog(self) -> None:
            while not self.should_stop:
                await asyncio.sleep(1.0)
                try:
                    self.rescreen_state.check()
                except Exception as exc:  # noqa: BLE001 - a failed recovery is a failed worker
                    health.fail("state recovery", f"{type(exc).__name__}: {exc}")
                health.report()
                problem = health.problem()
                if problem:
                    log.critical("worker unhealthy: %s; stopping (exit code 1) so that it is restarted", problem)
                    metrics.WATCHLIST_READY.set(0)
                    await app.crash(RuntimeError(problem))
                    return

        async def _supervise(self, name: str, coro) -> None:
            try:
                await coro
                why = "ended unexpectedly"
            except asyncio.CancelledError:
                if self.should_stop:
                    raise
                why = "was cancelled"
            except Exception as exc:  # noqa: BLE001 - reported, then the watchdog stops the worker
                log.exception("%s failed", name)
                why = f"{type(exc).__name__}: {exc}"
            health.fail(name, why)

        async def on_stop(self) -> None:
            if hasattr(self, "status"):
                await self.status.send(stopped=True)

        async def on_shutdown(self) -> None:
            # After the service's tasks are cancelled (mode calls on_stop before that): closed in
            # on_stop, the store was still written and read by a batch that ended meanwhile.
            if hasattr(self, "rescreen_state"):
                await self.rescreen_state.stop()
                self.state_store.close()
            if hasattr(self, "producer"):
                await self.producer.stop()

    return app


def _register_health(app: faust.App, health: Health) -> None:
    @app.page("/health")
    class HealthView(View):
        """Liveness: 503 once a part of the worker has died or stalled."""

        async def get(self, request: Request) -> Response:
            report = health.report()
            return self.json(report, status=200 if report["healthy"] else 503)

    @app.page("/ready")
    class ReadyView(View):
        """Readiness: 503 while the worker does not screen orders (and why)."""

        async def get(self, request: Request) -> Response:
            report = health.report()
            return self.json(report, status=200 if report["ready"] else 503)


class _Worker(faust.Worker):
    """``faust.Worker`` without its start-up spinner.

    At a log level of WARNING or above, Faust spins a terminal spinner on every log record during
    start-up, and to see them all it sets the root logger to DEBUG, for good: every debug call of
    aiokafka, Faust and mode (several per produced message) then builds a LogRecord that no handler
    prints, about 3% of a draining worker's time. Without the spinner the root logger keeps the
    level asked for, as it does below WARNING; what is logged is the same.
    """

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        self.spinner = None
        super().on_setup_root_logger(logger, level)


def run_worker(settings: Settings | None = None, loglevel: str = "info") -> None:
    settings = settings or Settings()
    app = create_app(settings)
    # Metrics come up before anything connects, so a worker that waits is visibly waiting.
    metrics.WATCHLIST_READY.set(0)
    metrics.READY.set(0)
    metrics.HEALTHY.set(1)
    metrics.serve(settings.metrics_port, settings.web_host)
    # Declare topics before anything produces: brokers that auto-create topics on first use would
    # otherwise create them with default partition counts and no compaction. An unreachable
    # cluster is retried with backoff (for ever unless SCREENER_STARTUP_TIMEOUT_S is set); Faust
    # has not set up logging yet, so the retries are logged through a handler of our own.
    root = logging.getLogger()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s"))
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(getattr(logging, loglevel.upper(), logging.INFO))
    try:
        created = asyncio.run(ensure_topics(settings, give_up_after=settings.startup_timeout_s))
    finally:
        root.removeHandler(handler)
        root.setLevel(saved_level)
    if created:
        log.info("created topics: %s", ", ".join(created))
    worker = _Worker(app, loglevel=loglevel, quiet=True)
    worker.execute_from_commandline()
