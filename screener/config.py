"""Configuration from environment variables (pydantic-settings).

Kafka's address is the conventional ``KAFKA_BOOTSTRAP_SERVERS``; everything else is ``SCREENER_*``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENER_", extra="ignore")

    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "SCREENER_KAFKA_BOOTSTRAP_SERVERS"),
    )
    orders_topic: str = "orders"
    decisions_topic: str = "order-decisions"
    control_topic: str = "watchlist-control"
    dlq_topic: str = "orders-dlq"
    audit_topic: str = "review-audit"
    reviews_topic: str = "order-reviews"
    state_topic: str = Field(default="screening-state",
                             description="Compacted changelog of the re-screening state (one record per order)")
    group_id: str = "screener"
    order_partitions: int = Field(default=6, ge=1, description="Used when screener creates the topics")

    metrics_port: int = Field(default=9108, description="Prometheus /metrics; 0 disables")
    web_port: int = Field(default=6066, description="Faust web (health, review endpoint)")
    web_host: str = "0.0.0.0"

    policy_file: Path | None = None
    item_risk_file: Path | None = None
    review_token: str | None = None
    review_signing_key: str | None = Field(default=None, description="HMAC key shared by the console and the "
                                           "workers; review commands and allow-list records without a valid "
                                           "signature are refused")
    allowlist_topic: str = "allow-list"
    policy_topic: str = "policy-control"
    status_topic: str = Field(default="screener-status", description="Workers' status (lists held, readiness)")
    rescreen_window_hours: float = Field(default=72.0, ge=0.0)

    # Throughput knobs: see README "Throughput".
    batch_max: int = Field(default=1000, ge=1, description="Orders screened per batch at most")
    fetch_max_bytes: int = 8 * 1024 * 1024
    fetch_max_wait_ms: int = Field(default=20, ge=0, description="Broker long-poll wait when no data is ready")
    producer_linger_ms: int = 5
    max_message_bytes: int = Field(default=256 * 1024, description="Larger order events go to the DLQ")
    max_reasons: int = Field(default=100, ge=10, description="Reasons per decision at most; the rest are "
                             "folded per party and code and counted in reasons_folded")
    name_cache_size: int = 100_000
    data_dir: Path = Path(".screener-data")

    # Worker life: see README "Guarantees".
    request_timeout_ms: int = Field(default=40_000, ge=1000, description="Kafka client request timeout")
    session_timeout_ms: int = Field(default=10_000, ge=1000, description="Consumer group session timeout")
    startup_timeout_s: float = Field(default=0.0, ge=0.0, description="Give up connecting at start-up "
                                     "after this long (0: retry for ever, with backoff)")
    revoke_wait_s: float = Field(default=20.0, ge=0.0, description="How long a rebalance waits for the "
                                 "batch in flight before abandoning it to the partition's next owner")
    stall_timeout_s: float = Field(default=300.0, ge=5.0, description="A component that makes no progress "
                                   "for this long fails the health check and stops the worker")
    state_checkpoint_max_age_h: float = Field(default=12.0, gt=0.0, description="A local re-screening "
                                              "state older than this is rebuilt from the changelog")
    poison_name: str | None = Field(default=None, description="Fault drills only: screening a party of "
                                    "this exact name raises, to exercise per-order isolation")

    @property
    def rebalance_timeout_ms(self) -> int:
        """How long the group waits for a member to rejoin: the revocation's wait for the batch in
        flight, plus time to commit and rejoin."""
        return max(self.session_timeout_ms, int(self.revoke_wait_s * 1000) + 5000)

    @model_validator(mode="after")
    def _timeouts_fit(self) -> Settings:
        # aiokafka sends JoinGroup with the plain request timeout, and the broker may hold it for the
        # whole rebalance timeout: a shorter request timeout would time out every rejoin for ever.
        if self.request_timeout_ms <= self.rebalance_timeout_ms:
            raise ValueError(
                f"SCREENER_REQUEST_TIMEOUT_MS ({self.request_timeout_ms}) must exceed the rebalance timeout "
                f"({self.rebalance_timeout_ms} ms = max(SCREENER_SESSION_TIMEOUT_MS, "
                f"SCREENER_REVOKE_WAIT_S x 1000 + 5000))")
        return self
