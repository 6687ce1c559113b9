"""The matching interface. Stream, offline CLI and policy depend on this and nothing else."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from screener.events.control import WatchlistEntry

# Documented default: a hit scoring at or above this holds the order. 0.80 rather than 0.85:
# measured on the quality benchmark's tuning seed it adds ~1 point of recall for ~0.5% false
# positives on near misses (docs/matching.md, section 6).
DEFAULT_HOLD_THRESHOLD = 0.80


@dataclass(frozen=True, slots=True)
class PartyQuery:
    name: str
    country: str | None = None  # ISO alpha-2 when known (enrichment normalises it)
    type: str | None = None  # "person" | "organization" when known
    address: str | None = None  # free text, when known


@dataclass(frozen=True, slots=True)
class MatchHit:
    entry_id: str
    list: str
    entry_name: str  # the entry's primary name
    matched_name: str  # the name or alias of the entry that matched
    score: float  # 0..1, after country/type/address adjustments
    explanation: str = ""  # why it scored so: which name, which tokens, which adjustments
    details: dict = field(default_factory=dict)
    list_id: str = ""  # the list's id, <origin>:<code> (``list`` is the code: SDN, EL, ...)


class Matcher(ABC):
    """A watch list held in memory and indexed for matching.

    Implementations keep an index for candidate generation and score only the candidates;
    ``upsert``/``delete`` change the list in place so control-topic updates need no rebuild.
    """

    threshold: float = DEFAULT_HOLD_THRESHOLD

    @abstractmethod
    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        """Hits scoring at or above ``threshold``, best first, at most ``limit``."""

    def match_many(self, queries: Sequence[PartyQuery], limit: int = 5) -> list[list[MatchHit]]:
        return [self.match(q, limit) for q in queries]

    @abstractmethod
    def upsert(self, entry: WatchlistEntry) -> None: ...

    @abstractmethod
    def delete(self, list_id: str, entry_id: str) -> bool: ...

    @abstractmethod
    def replace_list(self, list_id: str, entries: Iterable[WatchlistEntry]) -> None:
        """Atomically replace every entry of one list (by its id, ``entry.list_id``)."""

    @abstractmethod
    def __len__(self) -> int:
        """Number of entries held."""

    @abstractmethod
    def entries(self) -> Iterable[WatchlistEntry]: ...
