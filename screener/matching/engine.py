"""PLACEHOLDER engine (brute force) until the indexed engine lands; same interface."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

from screener.events.control import WatchlistEntry, entry_key
from screener.matching.base import DEFAULT_HOLD_THRESHOLD, Matcher, MatchHit, PartyQuery


class MatchingEngine(Matcher):
    def __init__(self, entries: Iterable[WatchlistEntry] = (), threshold: float | None = None):
        self.threshold = DEFAULT_HOLD_THRESHOLD if threshold is None else threshold
        self._entries: dict[str, WatchlistEntry] = {}
        for e in entries:
            self._entries[e.key] = e
        self._rebuild()

    def _rebuild(self) -> None:
        self._names: list[str] = []
        self._owners: list[WatchlistEntry] = []
        for e in self._entries.values():
            for n in e.names:
                self._names.append(utils.default_process(n))
                self._owners.append(e)

    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        q = utils.default_process(query.name)
        best: dict[str, MatchHit] = {}
        for _, score, idx in process.extract(q, self._names, scorer=fuzz.token_sort_ratio,
                                             limit=limit * 4, score_cutoff=self.threshold * 100):
            e = self._owners[idx]
            s = score / 100
            if e.key not in best or best[e.key].score < s:
                best[e.key] = MatchHit(e.entry_id, e.list, e.names[0], e.names[self._names_index(e, idx)], s,
                                       "token_sort_ratio")
        return sorted(best.values(), key=lambda h: -h.score)[:limit]

    def _names_index(self, e: WatchlistEntry, idx: int) -> int:
        first = self._owners.index(e)
        return idx - first

    def upsert(self, entry: WatchlistEntry) -> None:
        self._entries[entry.key] = entry
        self._rebuild()

    def delete(self, list_name: str, entry_id: str) -> bool:
        found = self._entries.pop(entry_key(list_name, entry_id), None) is not None
        self._rebuild()
        return found

    def replace_list(self, list_name: str, entries: Iterable[WatchlistEntry]) -> None:
        self._entries = {k: v for k, v in self._entries.items() if v.list != list_name}
        for e in entries:
            self._entries[e.key] = e
        self._rebuild()

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> Iterable[WatchlistEntry]:
        return self._entries.values()
