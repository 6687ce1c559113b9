"""Decisions, one per order event, on the ``order-decisions`` topic."""

from __future__ import annotations

import builtins
import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DecisionValue = Literal["HOLD", "RELEASE"]


class Reason(BaseModel):
    """Why a decision went the way it did. ``code`` is one of the policy's reason codes.

    A watch-list hit carries party_role, party_name, entry_id, list, matched_name and score;
    other reasons carry the fields that explain them (party_role, country, hs_code, ...).
    """

    model_config = ConfigDict(extra="allow")

    code: str
    party_role: str | None = None
    party_name: str | None = None
    entry_id: str | None = None
    list: str | None = None
    matched_name: str | None = None
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    detail: str | None = None


class Decision(BaseModel):
    model_config = ConfigDict(extra="allow")

    order_id: str
    decision: DecisionValue
    decision_id: str
    reasons: builtins.list[Reason] = Field(default_factory=builtins.list)
    watchlist_version: int
    screened_at: datetime
    latency_ms: float | None = Field(
        default=None, description="Order event time (occurred_at) to decision, in milliseconds"
    )
    order_version: int | None = None
    event_type: str = "created"
    rescreen: bool = False
    policy_version: str | None = Field(default=None, description="Hash of the policy that decided")
    reasons_folded: int = Field(default=0, ge=0, description="Reasons left out of `reasons` to keep the "
                                "decision within the topic's message size: folded into a reason of the "
                                "same party and code (its `folded` count), or past the per-decision cap")
    watchlists: dict[str, dict] | None = Field(
        default=None, description="The lists that decided, as the worker held them: list id -> "
                                  "{n: entries, h: content hash}")
    suppressed: builtins.list[dict] | None = Field(
        default=None, description="Watch-list hits an allow-list record suppressed: {allow_id, list, list_id, "
                                  "entry_id, party_name, score, reviewer, expires_at} each")


def make_decision_id(order_id: str, order_version: int | str | None, watchlist_version: int,
                     event_type: str, policy_version: str | None, *extra: str) -> str:
    """Deterministic id: the same order event screened against the same list under the same policy
    gives the same id, so consumers can drop the duplicates that at-least-once delivery produces;
    a new list or a new policy may decide differently, so it gives a new id."""
    parts = [order_id, "" if order_version is None else str(order_version), str(watchlist_version),
             event_type, policy_version or "", *extra]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
