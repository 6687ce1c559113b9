"""Dead letters: input that could not be processed, on the ``orders-dlq`` topic."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

EXCERPT_BYTES = 2048


class DeadLetter(BaseModel):
    error_type: str
    error: str
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key_excerpt: str | None = None
    raw_excerpt: str
    raw_size: int
    received_at: datetime


def excerpt(raw: bytes | None, limit: int = EXCERPT_BYTES) -> str:
    """A safe, bounded, printable excerpt of raw bytes (invalid UTF-8 is replaced, not raised)."""
    if raw is None:
        return ""
    return raw[:limit].decode("utf-8", errors="replace")
