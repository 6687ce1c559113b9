"""Bytes in, models out; bad input becomes a classified :class:`InvalidInput`, never a crash."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import orjson
from pydantic import ValidationError

from screener.events.dlq import DeadLetter, excerpt
from screener.events.orders import OrderEvent


class InvalidInput(ValueError):
    """``error_type`` is one of: oversized, not_json, not_object, invalid_order."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type


def _validation_summary(exc: ValidationError, limit: int = 5) -> str:
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def parse_order(raw: bytes | None, max_bytes: int = 256 * 1024) -> OrderEvent:
    return parse_order_data(raw, max_bytes)[0]


def parse_order_data(raw: bytes | None, max_bytes: int = 256 * 1024) -> tuple[OrderEvent, dict]:
    """The validated order and the JSON object it was read from."""
    if raw is None:
        raise InvalidInput("not_json", "empty message (null value)")
    if len(raw) > max_bytes:
        raise InvalidInput("oversized", f"order event of {len(raw)} bytes exceeds the {max_bytes}-byte limit")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput("not_json", f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput("not_object", f"an order event is a JSON object, got {type(data).__name__}")
    duplicate = duplicate_key(raw, data)
    if duplicate is not None:
        raise InvalidInput("duplicate_keys", f"ambiguous: {duplicate} (readers that keep the first and readers "
                                             "that keep the last would see different orders)")
    try:
        # OrderEvent.model_validate(data) without its Python wrapper, which costs ~0.5 us a call
        return OrderEvent.__pydantic_validator__.validate_python(data), data
    except ValidationError as exc:
        raise InvalidInput("invalid_order", _validation_summary(exc)) from None


# A key is a string followed by optional whitespace and a colon. Every key of the raw text is
# counted (string contents may add a few, which only makes the count larger): ``"`` + ``:`` where
# no whitespace separates them, the regular expression where some does (rare).
_SPACED_KEY = re.compile(rb'"[ \t\n\r]+:')
_KEY_LIKE = re.compile(rb'"[ \t\n\r]*:')


def _count_keys(value) -> int:
    n = 0
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        v = pop()
        if type(v) is dict:
            n += len(v)
            v = v.values()
        for x in v:
            t = type(x)
            if t is dict or t is list:
                push(x)
    return n


def _keys_in_text(raw: bytes) -> int:
    if _SPACED_KEY.search(raw) is None:
        return raw.count(b'":')
    return len(_KEY_LIKE.findall(raw))


def duplicate_key(raw: bytes, data) -> str | None:
    """Where a JSON object repeats a key, or None. JSON parsers disagree about duplicates (orjson
    and most keep the last, some the first), so an event with one is ambiguous. The parsed keys
    are counted against the raw text's key-like spots: equal counts prove there is none, which is
    the case for nearly every event; otherwise the text is read again, object by object."""
    if b"\\" not in raw and _SPACED_KEY.search(raw) is None:
        # No escapes and no whitespace before a colon: a quote followed by a colon is a key and
        # nothing else, here and in orjson's own compact writing of what was parsed.
        if raw.count(b'":') == orjson.dumps(data).count(b'":'):
            return None
    elif _keys_in_text(raw) == _count_keys(data):
        return None
    found: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict:
        seen: set[str] = set()
        for k, _ in items:
            if k in seen and not found:
                found.append(k)
            seen.add(k)
        return dict(items)
    json.loads(raw, object_pairs_hook=pairs)
    return f"the key {found[0]!r} appears twice in one object" if found else None


def readable_order_id(raw: bytes | None) -> str | None:
    """The order_id of an event that failed validation, when one can be read at all: a HOLD can
    then tell fulfilment not to ship an order whose latest event could not be screened."""
    if not raw:
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    oid = data.get("order_id") if isinstance(data, dict) else None
    if isinstance(oid, str) and 0 < len(oid.strip()) <= 200:
        return oid.strip()
    return None


def dead_letter(raw: bytes | None, exc: InvalidInput, *, topic: str | None = None,
                partition: int | None = None, offset: int | None = None,
                key: bytes | None = None) -> DeadLetter:
    return DeadLetter(
        error_type=exc.error_type,
        error=str(exc)[:2000],
        topic=topic,
        partition=partition,
        offset=offset,
        key_excerpt=excerpt(key, 256) if key is not None else None,
        raw_excerpt=excerpt(raw),
        raw_size=0 if raw is None else len(raw),
        received_at=datetime.now(UTC),
    )


def dumps(model) -> bytes:
    """Serialise a pydantic model as compact JSON (pydantic's Rust serialiser): the bytes of
    ``model.model_dump_json()``, straight from the serialiser without a str in between."""
    return type(model).__pydantic_serializer__.to_json(model)
