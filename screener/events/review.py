"""Review commands (a reviewer clears, confirms, escalates or annotates a hold), the audit records
they leave, and the signature that proves a command came from the console or a worker endpoint.

Anyone who can write to the ``order-reviews`` topic could otherwise release a held order: every
command is signed with HMAC-SHA256 under a key shared by the console and the workers
(``SCREENER_REVIEW_SIGNING_KEY``), over the command's canonical JSON without the signature, and
workers refuse (and audit) a command whose signature is missing or wrong.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Literal

import orjson
from pydantic import BaseModel, Field

ReviewAction = Literal["clear", "confirm", "escalate", "note"]


class ReviewCommand(BaseModel):
    order_id: str = Field(min_length=1, max_length=200)
    action: ReviewAction
    reviewer: str = Field(min_length=1, max_length=200,
                          description="The authenticated user who decided (never a name typed in a body)")
    reason: str = Field(min_length=1, max_length=2000, description="Why, in the reviewer's words")
    review_id: str | None = Field(default=None, description="Set by the console or endpoint; makes the decision id")
    requested_at: datetime | None = None
    approver: str | None = Field(default=None, max_length=200,
                                 description="Second reviewer of a four-eyes clear (a different user)")
    source: str = Field(default="http", description="console, http (a worker's /reviews endpoint) or cli")
    client: str | None = Field(default=None, max_length=200, description="Where the request came from")
    decision_id: str | None = Field(default=None, description="The held decision the reviewer saw")
    signature: str | None = Field(default=None, description="HMAC-SHA256 (hex) of the command without it")


def _payload(cmd: ReviewCommand) -> bytes:
    return orjson.dumps(cmd.model_dump(mode="json", exclude={"signature"}), option=orjson.OPT_SORT_KEYS)


def sign_command(cmd: ReviewCommand, key: str) -> ReviewCommand:
    sig = hmac.new(key.encode(), _payload(cmd), hashlib.sha256).hexdigest()
    return cmd.model_copy(update={"signature": sig})


def verify_command(cmd: ReviewCommand, key: str | None) -> bool:
    """True when ``cmd`` carries a valid signature under ``key`` (never without a key)."""
    if not key or not cmd.signature:
        return False
    want = hmac.new(key.encode(), _payload(cmd), hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, cmd.signature)


class AuditRecord(BaseModel):
    """One line on the audit topic for every review action, accepted or refused."""

    review_id: str | None
    order_id: str | None
    action: str | None
    reviewer: str | None
    reason: str | None
    outcome: Literal["released", "confirmed", "escalated", "noted", "rejected"]
    detail: str = ""
    decision_id: str | None = None
    at: datetime
    source: str = "http"
    approver: str | None = None
    client: str | None = None
    reviewed_decision_id: str | None = Field(default=None, description="The held decision the reviewer saw")
    hold_codes: list[str] = Field(default_factory=list, description="Reason codes of the hold reviewed")
    cleared_hits: list[str] = Field(default_factory=list, description="Watch-list hits (list/entry_id) a "
                                    "clear overrode")
    watchlist_version: int | None = None
    policy_version: str | None = None
