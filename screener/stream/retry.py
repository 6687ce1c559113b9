"""Retrying transient broker errors with backoff (tenacity), at start-up and while running.

A broker that stalls, restarts or loses its leader is a normal day for a long-running worker: the
call is retried with exponential backoff and jitter, and every retry is logged. Errors that are
not transient (a refused authorisation, a record too large, a programming error) are raised at
once: retrying them would only hide them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiokafka.errors import KafkaConnectionError, KafkaError, KafkaTimeoutError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_delay,
    stop_never,
    wait_exponential_jitter,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
C = TypeVar("C")


def is_transient(exc: BaseException) -> bool:
    """True for errors a later attempt can cure: lost connections, timeouts, leader moves."""
    if isinstance(exc, KafkaConnectionError | KafkaTimeoutError):
        return True
    if isinstance(exc, KafkaError):
        return bool(getattr(exc, "retriable", False))
    return isinstance(exc, ConnectionError | TimeoutError)


def _logger(what: str, level: int) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        log.log(level, "%s failed (attempt %d: %s: %s); retrying in %.1fs", what, state.attempt_number,
                type(exc).__name__, exc, delay)
    return before_sleep


def retrying(what: str, *, give_up_after: float = 0.0, initial: float = 0.2, maximum: float = 10.0,
             level: int = logging.WARNING) -> AsyncRetrying:
    """An ``AsyncRetrying`` for transient Kafka errors: ``give_up_after`` seconds (0: never)."""
    return AsyncRetrying(
        retry=retry_if_exception(is_transient),
        wait=wait_exponential_jitter(initial=initial, max=maximum),
        stop=stop_after_delay(give_up_after) if give_up_after > 0 else stop_never,
        before_sleep=_logger(what, level),
        reraise=True,
    )


async def with_retries(what: str, call: Callable[[], Awaitable[T]], *, give_up_after: float = 0.0,
                       abandon: Callable[[], bool] | None = None, **kw) -> T | None:
    """``await call()`` until it succeeds, retrying transient errors. When ``abandon()`` turns true
    between attempts the work is given up and None returned (e.g. its partitions moved away)."""
    async for attempt in retrying(what, give_up_after=give_up_after, **kw):
        if abandon is not None and attempt.retry_state.attempt_number > 1 and abandon():
            log.warning("%s abandoned: its partitions were revoked", what)
            return None
        with attempt:
            return await call()
    return None  # pragma: no cover - AsyncRetrying either returns or raises


async def sleep_or_stop(seconds: float, stopping: asyncio.Event) -> bool:
    """Sleep unless ``stopping`` is set first; True when stopping."""
    try:
        await asyncio.wait_for(stopping.wait(), seconds)
        return True
    except TimeoutError:
        return False


async def started(client: C) -> C:
    """``await client.start()`` for an aiokafka consumer, producer or admin client; one that fails
    to start is stopped first (closing what it opened), then the error goes on."""
    try:
        await client.start()
    except BaseException:
        stop = getattr(client, "stop", None) or client.close
        await stop()
        raise
    return client
