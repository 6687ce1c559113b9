"""Hold policy: turn an enriched order and its watch-list hits into reasons.

PLACEHOLDER until the policy issue lands: the contract is ``Policy.load(path).evaluate(...)``.
Any reason means HOLD; no reason means RELEASE.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from screener.enrichment import EnrichedOrder
from screener.events.decisions import Reason
from screener.matching.base import MatchHit


class Policy:
    version = "placeholder"

    @classmethod
    def load(cls, path: str | Path | None = None) -> Policy:
        return cls()

    def evaluate(self, order: EnrichedOrder, party_hits: Sequence[Sequence[MatchHit]]) -> list[Reason]:
        reasons = []
        for party, hits in zip(order.parties, party_hits, strict=True):
            for h in hits:
                reasons.append(Reason(code="WATCHLIST_MATCH", party_role=party.role, party_name=party.name,
                                      entry_id=h.entry_id, list=h.list, matched_name=h.matched_name,
                                      score=round(h.score, 4), detail=h.explanation))
        return reasons
