"""Allow-list records ("party X is not listed entry Y"), on the compacted ``allow-list`` topic.

A reviewer who cleared a false positive records that a party (name, country, address) is not a
given watch-list entry, with a reason, an approver where the policy asks for four eyes, and an
expiry. Every worker replays the topic like the watch list and suppresses that hit for that
party; the decision says so (``suppressed``, with the record's id). A record only holds while
the entry is unchanged: it carries the entry's content hash, and a changed entry (new aliases,
new addresses) is screened again. A tombstone (null value) under the record's id revokes it.
Records are signed like review commands (``screener.events.review``).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

import orjson
from pydantic import BaseModel, Field


class AllowRecord(BaseModel):
    allow_id: str = Field(min_length=1, max_length=100)
    party_name: str = Field(min_length=1, max_length=500)
    party_country: str | None = Field(default=None, description="ISO alpha-2; None: any country")
    party_address: str | None = Field(default=None, max_length=1000, description="As reviewed (informative)")
    list: str = Field(min_length=1)
    entry_id: str = Field(min_length=1)
    entry_hash: str = Field(min_length=1, description="screener.events.control.entry_hash of the entry reviewed")
    reason: str = Field(min_length=1, max_length=2000)
    reviewer: str = Field(min_length=1, max_length=200)
    approver: str | None = None
    created_at: datetime
    expires_at: datetime
    order_id: str | None = Field(default=None, description="The case it was recorded from")
    signature: str | None = None


def _payload(rec: AllowRecord) -> bytes:
    return orjson.dumps(rec.model_dump(mode="json", exclude={"signature"}), option=orjson.OPT_SORT_KEYS)


def sign_allow(rec: AllowRecord, key: str) -> AllowRecord:
    return rec.model_copy(update={"signature": hmac.new(key.encode(), _payload(rec), hashlib.sha256).hexdigest()})


def verify_allow(rec: AllowRecord, key: str | None) -> bool:
    if not key or not rec.signature:
        return False
    return hmac.compare_digest(hmac.new(key.encode(), _payload(rec), hashlib.sha256).hexdigest(), rec.signature)
