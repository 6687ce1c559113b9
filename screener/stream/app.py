"""The Faust application of a screener worker.

The Faust app owns the worker's life cycle (start-up, signals, shutdown), its web server and the
re-screening tables; the screening service below runs inside it:

    watchlist-control --(every worker, all partitions)--> WatchlistState (in memory)
    orders --(consumer group, batches)--> enrich -> match -> policy --> order-decisions
                                  \\--(bad input)--> orders-dlq
"""

from __future__ import annotations

import asyncio
import logging

import faust
import mode
from aiokafka import AIOKafkaProducer

from screener import metrics
from screener.config import Settings
from screener.events.codec import dumps
from screener.policy import Policy
from screener.screening import Screener
from screener.stream.order_screening import OrderScreening
from screener.stream.review import register_review
from screener.stream.topics import ensure_topics
from screener.stream.watchlist_sync import WatchlistState, WatchlistSync
from screener.stream.window import RescreenWindow

log = logging.getLogger(__name__)


def load_policy(settings: Settings) -> Policy:
    return Policy.load(settings.policy_file, item_risk_path=settings.item_risk_file)


def create_app(settings: Settings | None = None) -> faust.App:
    settings = settings or Settings()
    # Load the policy before anything connects: a bad policy file must stop start-up with its error.
    policy = load_policy(settings)
    # The policy's hold threshold is the matcher's: a hit below it is no hit at all.
    state = WatchlistState(threshold=policy.threshold)
    screener = Screener(state.matcher, policy, policy.enricher)

    app = faust.App(
        f"{settings.group_id}-faust",
        broker=f"kafka://{settings.kafka_bootstrap_servers}",
        value_serializer="raw",
        key_serializer="raw",
        web_enabled=bool(settings.web_port),
        web_port=settings.web_port or 6066,
        web_bind=settings.web_host,
        topic_disable_leader=True,
        topic_partitions=settings.order_partitions,
        datadir=str(settings.data_dir),
        producer_linger=settings.producer_linger_ms / 1000.0,
        # Each worker re-screens only its own table partitions: standbys would duplicate decisions.
        table_standby_replicas=0,
    )
    app.screener_settings = settings
    app.watchlist_state = state
    producer_ref: dict[str, AIOKafkaProducer] = {}

    async def send_decision(decision) -> None:
        await producer_ref["p"].send_and_wait(settings.decisions_topic, dumps(decision),
                                              key=decision.order_id.encode())

    window = RescreenWindow(app, settings, screener, send_decision)
    state.on_change(window.request)
    register_review(app, settings, window, send_decision, lambda: state.version)

    @app.service
    class ScreenerService(mode.Service):
        """Starts the watch-list replay and the order screening inside the Faust worker."""

        producer: AIOKafkaProducer

        async def on_start(self) -> None:
            self.producer = AIOKafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap_servers,
                linger_ms=settings.producer_linger_ms,
                max_batch_size=1024 * 1024,
                acks="all",
                enable_idempotence=False,
            )
            await self.producer.start()
            producer_ref["p"] = self.producer
            self.sync = WatchlistSync(settings.kafka_bootstrap_servers, settings.control_topic, state)
            self.screening = OrderScreening(settings, screener, self.sync, self.producer)
            app.screening = self.screening
            app.watchlist_sync = self.sync

        @mode.Service.task
        async def _replay_watchlist(self) -> None:
            await self._guard(self.sync.run(), "watch-list replay")

        @mode.Service.task
        async def _screen_orders(self) -> None:
            await self._guard(self.screening.run(), "order screening")

        @mode.Service.task
        async def _rescreen(self) -> None:
            if settings.rescreen_window_hours > 0:
                await self._guard(window.run(lambda: state.version, self.sync.ready), "re-screening")

        async def _guard(self, coro, what: str) -> None:
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception:
                # Without its watch list or its order loop a worker is useless: crash loudly so the
                # orchestrator restarts it, rather than idle while looking healthy.
                log.exception("%s failed; stopping the worker", what)
                metrics.WATCHLIST_READY.set(0)
                await app.crash(RuntimeError(f"{what} failed"))

        async def on_stop(self) -> None:
            await self.producer.stop()

    return app


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
    # Declare topics before Faust subscribes: brokers that auto-create topics on first use would
    # otherwise create them with default partition counts and no compaction.
    created = asyncio.run(ensure_topics(settings))
    if created:
        log.info("created topics: %s", ", ".join(created))
    # Metrics come up before Faust joins its group, so a worker that waits is visibly waiting.
    metrics.WATCHLIST_READY.set(0)
    metrics.serve(settings.metrics_port, settings.web_host)
    worker = _Worker(app, loglevel=loglevel, quiet=True)
    worker.execute_from_commandline()
