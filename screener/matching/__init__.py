"""Name matching: given a party, find the watch-list entries it may be.

The rest of the system talks to matching only through :class:`Matcher` (``base.py``), so the
engine behind it can change without touching the stream or the policy.
"""

from screener.matching import _kernel

_kernel.install()  # before any compiled module is imported (see _kernel.py)

from screener.matching.base import Matcher, MatchHit, PartyQuery  # noqa: E402

__all__ = ["MatchHit", "Matcher", "PartyQuery", "build_matcher"]


def build_matcher(entries, threshold: float | None = None) -> Matcher:
    """The production engine, built over ``entries`` (an iterable of WatchlistEntry)."""
    from screener.matching.engine import MatchingEngine

    return MatchingEngine(entries, threshold=threshold)
