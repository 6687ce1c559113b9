"""Hold policies published on the compacted ``policy-control`` topic (``screener policy publish``).

One key, ``policy``: the latest record is the policy every worker applies, live. The record holds
the policy file's text (and its item-risk table's, when the file names one), validated by the
publisher and again by every worker; a worker that cannot apply it keeps the policy it has and
counts the error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

POLICY_KEY = b"policy"


class PolicyRecord(BaseModel):
    op: Literal["policy"] = "policy"
    name: str = Field(description="The file it was published from")
    text: str = Field(max_length=1_000_000)
    item_risk_text: str | None = Field(default=None, max_length=5_000_000)
    version: str = Field(description="Policy.version of the text, as the publisher computed it")
    published_at: datetime
    published_by: str | None = None
