"""Liveness and readiness that tell the truth.

Each long-running part of a worker (watch-list replay, order screening, re-screening) registers
here and beats as it makes progress. If one of them ends, fails or stops beating for longer than
``stall_timeout_s``, the worker is unhealthy: ``/health`` answers 503, ``screener_healthy`` reads
0, readiness drops, and the worker exits non-zero so that its orchestrator starts a new one.
Readiness (``/ready``, ``screener_ready``) also needs the watch list and partitions to screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from screener import metrics


@dataclass
class Component:
    name: str
    started: float = field(default_factory=time.monotonic)
    last_beat: float = field(default_factory=time.monotonic)
    failure: str | None = None


class Health:
    def __init__(self, stall_timeout_s: float):
        self.stall_timeout_s = stall_timeout_s
        self.components: dict[str, Component] = {}
        self.ready_check: Callable[[], str | None] = lambda: None

    def register(self, name: str) -> Callable[[], None]:
        """Start watching ``name``; returns its beat function."""
        comp = self.components[name] = Component(name)
        metrics.COMPONENT_UP.labels(name).set(1)

        def beat() -> None:
            comp.last_beat = time.monotonic()
        return beat

    def fail(self, name: str, why: str) -> None:
        comp = self.components.setdefault(name, Component(name))
        comp.failure = why
        metrics.COMPONENT_UP.labels(name).set(0)
        metrics.HEALTHY.set(0)
        metrics.READY.set(0)

    def problem(self) -> str | None:
        """Why the worker is not healthy, or None."""
        now = time.monotonic()
        for comp in self.components.values():
            if comp.failure:
                return f"{comp.name} failed: {comp.failure}"
            if now - comp.last_beat > self.stall_timeout_s:
                return f"{comp.name} has made no progress for {now - comp.last_beat:.0f}s"
        return None

    def not_ready(self) -> str | None:
        """Why the worker does not screen orders now, or None when it does."""
        return self.problem() or self.ready_check()

    def report(self) -> dict:
        now = time.monotonic()
        problem = self.problem()
        not_ready = problem or self.ready_check()
        metrics.HEALTHY.set(0 if problem else 1)
        metrics.READY.set(0 if not_ready else 1)
        return {
            "healthy": problem is None,
            "ready": not_ready is None,
            "problem": problem,
            "not_ready": not_ready,
            "components": {c.name: {"failure": c.failure, "seconds_since_progress": round(now - c.last_beat, 1)}
                           for c in self.components.values()},
        }
