"""Keeping Python's cyclic garbage collector off the hot path.

Screening is allocation-heavy (models, enriched orders, reasons, decisions per order), and the
worker's heap is large (watch list, index, caches, the re-screening table). Left alone, the
collector runs a full pass over that heap about once per 2,000-order batch, because every batch's
short-lived objects survive the younger collections that run while the batch is in flight.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with automatic collection off (reference counting still frees everything
    acyclic at once). Meant for short, synchronous blocks; nested use is harmless, and a
    collector that was already off stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def freeze_long_lived() -> None:
    """Collect once, then move every object alive now into the permanent generation, which no
    automatic collection walks. For start-up state that lives as long as the process."""
    gc.collect()
    gc.freeze()
