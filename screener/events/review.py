"""Review commands (a reviewer clears or confirms a hold) and the audit records they leave."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class ReviewCommand(BaseModel):
    order_id: str = Field(min_length=1, max_length=200)
    action: Literal["clear", "confirm"]
    reviewer: str = Field(min_length=1, max_length=200, description="Who decided (from the request)")
    reason: str = Field(min_length=1, max_length=2000, description="Why, in the reviewer's words")
    review_id: str | None = Field(default=None, description="Set by the endpoint; makes the decision id")
    requested_at: datetime | None = None


class AuditRecord(BaseModel):
    """One line on the audit topic for every review action, accepted or refused."""

    review_id: str | None
    order_id: str | None
    action: str | None
    reviewer: str | None
    reason: str | None
    outcome: Literal["released", "confirmed", "rejected"]
    detail: str = ""
    decision_id: str | None = None
    at: datetime
    source: str = "http"
    hold_codes: list[str] = Field(default_factory=list, description="Reason codes of the hold reviewed")
    cleared_hits: list[str] = Field(default_factory=list, description="Watch-list hits (list/entry_id) a "
                                    "clear overrode")
    watchlist_version: int | None = None
    policy_version: str | None = None
