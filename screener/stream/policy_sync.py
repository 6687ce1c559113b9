"""The policy a worker applies: its file (or the packaged default) until one is published on the
policy topic, then the latest published one, applied live between two batches."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import orjson
from pydantic import ValidationError

from screener import metrics
from screener.events.policy import PolicyRecord
from screener.policy import Policy, PolicyError

log = logging.getLogger(__name__)


class PolicyState:
    def __init__(self, initial: Policy, data_dir: Path, on_change: Callable[[Policy], None] = lambda p: None):
        self.policy = initial
        self.data_dir = data_dir
        self.on_change = on_change
        self.published: PolicyRecord | None = None

    def handle(self, key: bytes | None, value: bytes | None, offset: int) -> None:
        if value is None:
            return  # a tombstone keeps the policy in force (publish another to change it)
        try:
            rec = PolicyRecord.model_validate(orjson.loads(value))
            policy = load_published(rec, self.data_dir)
        except (orjson.JSONDecodeError, ValidationError, PolicyError) as exc:
            metrics.CONTROL_ERRORS.labels("bad_policy").inc()
            log.error("published policy at offset %d not applied, keeping %s: %s", offset, self.policy.version,
                      str(exc)[:1000])
            return
        self.published = rec
        if policy.version == self.policy.version:
            return
        log.info("applying policy %s published from %s at %s (was %s)", policy.version, rec.name,
                 rec.published_at.isoformat(), self.policy.version)
        self.policy = policy
        self.on_change(policy)


def load_published(rec: PolicyRecord, data_dir: Path) -> Policy:
    """The policy a record holds; its item-risk table, if any, goes to a file in ``data_dir``."""
    table = None
    if rec.item_risk_text is not None:
        digest = hashlib.sha256(rec.item_risk_text.encode()).hexdigest()[:16]
        table = data_dir / f"published-item-risk-{digest}.yaml"
        if not table.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            table.write_text(rec.item_risk_text, encoding="utf-8")
    return Policy.loads(rec.text, rec.name, item_risk_path=table)
