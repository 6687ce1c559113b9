"""What a worker screens against, rebuilt from the control topic's records (no Kafka here).

The state is a function of the latest record per key (see ``screener.events.control``), so a
worker replaying a compacted topic holds exactly what live workers hold. It also decides whether
the worker may screen at all (:meth:`WatchlistState.not_ready`): fail closed while the topic is
being replayed, while a load is open, while a list's entries disagree with its head, and while a
list the policy requires is missing or empty.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson
from pydantic import ValidationError

from screener import metrics
from screener.events.control import (
    EntryRecord,
    ListHash,
    ListHead,
    LoadMarker,
    WatchlistEntry,
    control_adapter,
    parse_key,
)
from screener.matching import Matcher, build_matcher
from screener.matching.addresses import AddressIndex

log = logging.getLogger(__name__)


class NullMatcher(Matcher):
    """A matcher that indexes nothing, for tools that only read the lists (CLI, console)."""

    def match(self, query, limit: int = 5):
        return []

    def upsert(self, entry: WatchlistEntry) -> None:
        pass

    def delete(self, list_id: str, entry_id: str) -> bool:
        return False

    def replace_list(self, list_id: str, entries: Iterable[WatchlistEntry]) -> None:
        pass

    def __len__(self) -> int:
        return 0

    def entries(self) -> Iterable[WatchlistEntry]:
        return []


@dataclass(frozen=True)
class ListStatus:
    list_id: str
    generation: str
    count: int            # live entries held
    hash: str             # their content hash
    head_count: int       # what the list's head says
    head_hash: str
    source: str | None
    loaded_at: str | None

    @property
    def consistent(self) -> bool:
        return self.count == self.head_count and self.hash == self.head_hash

    @property
    def code(self) -> str:
        return self.list_id.partition(":")[2] or self.list_id

    def as_dict(self) -> dict:
        return {"list_id": self.list_id, "generation": self.generation, "count": self.count, "hash": self.hash,
                "consistent": self.consistent, "head_count": self.head_count, "head_hash": self.head_hash,
                "source": self.source, "loaded_at": self.loaded_at}


class WatchlistState:
    """Applies control records in topic order and keeps the matcher in step with the live lists."""

    def __init__(self, threshold: float | None = None, clock: Callable[[], float] = time.time,
                 matcher: Matcher | None = None, addresses: AddressIndex | None = None):
        self.threshold = threshold
        self.clock = clock
        self.heads: dict[str, ListHead] = {}
        self.gens: dict[str, dict[str, dict[str, WatchlistEntry]]] = {}  # list_id -> generation -> id -> entry
        self.loads: dict[str, LoadMarker] = {}
        self.entries: dict[str, WatchlistEntry] = {}  # the live entries, by entry key
        self._hash: dict[str, ListHash] = {}
        self.matcher: Matcher = matcher if matcher is not None else build_matcher((), threshold=threshold)
        # The listed addresses, kept in step with the matcher (ADDRESS_MATCH), when the caller wants them.
        self.addresses = addresses
        self.version = 0
        self.caught_up = False
        self.required: tuple[str, ...] = ()
        self.abandoned: set[str] = set()
        self.rejected = 0
        self._listeners: list[Callable[[int], None]] = []

    def on_change(self, fn: Callable[[int], None]) -> None:
        """``fn(version)`` after every change of the live entries."""
        self._listeners.append(fn)

    # --- applying records ---
    def apply_raw(self, raw: bytes | None, version: int, key: bytes | str | None = None) -> bool:
        """Apply one control record; ``version`` is its offset + 1. Returns True if the live
        entries changed. A bad record is counted and skipped: it never stops the worker."""
        self.version = version
        k = key.decode("utf-8", "replace") if isinstance(key, bytes) else (key or "")
        if raw is None:
            return self._tombstone(parse_key(k), version)
        try:
            rec = control_adapter.validate_python(orjson.loads(raw))
        except (orjson.JSONDecodeError, ValidationError) as exc:
            self.rejected += 1
            metrics.CONTROL_ERRORS.labels(type(exc).__name__).inc()
            log.error("control record %r at version %s rejected: %s", k[:200], version, str(exc)[:500])
            return False
        return self.apply(rec, version)

    def apply(self, rec: ListHead | EntryRecord | LoadMarker, version: int) -> bool:
        self.version = version
        if isinstance(rec, EntryRecord):
            lid, gen, entry = rec.entry.list_id, rec.generation, rec.entry
            self.gens.setdefault(lid, {}).setdefault(gen, {})[entry.entry_id] = entry
            head = self.heads.get(lid)
            if head is not None and head.generation == gen:
                self._upsert_live(entry)
                return self._changed(version)
            return False
        if isinstance(rec, ListHead):
            old = self.heads.get(rec.list_id)
            self.heads[rec.list_id] = rec
            if old is None or old.generation != rec.generation:
                self._swap(rec.list_id, rec.generation)
                return self._changed(version)
            self._update_gauges()
            return False
        self.loads[rec.load_id] = rec
        self.abandoned.discard(rec.load_id)
        self._update_gauges()
        return False

    def _tombstone(self, parts: tuple[str, ...], version: int) -> bool:
        if not parts:
            return False
        if parts[0] == "entry":
            _, lid, gen, entry_id = parts
            entry = self.gens.get(lid, {}).get(gen, {}).pop(entry_id, None)
            if entry is None:
                return False
            head = self.heads.get(lid)
            if head is not None and head.generation == gen:
                self._remove_live(entry)
                return self._changed(version)
            return False
        if parts[0] == "list":
            if self.heads.pop(parts[1], None) is None:
                return False
            self._swap(parts[1], None)
            return self._changed(version)
        self.loads.pop(parts[1], None)
        self.abandoned.discard(parts[1])
        self._update_gauges()
        return False

    def _upsert_live(self, entry: WatchlistEntry) -> None:
        h = self._hash.setdefault(entry.list_id, ListHash())
        old = self.entries.get(entry.key)
        if old is not None:
            h.remove(old)
        h.add(entry)
        self.entries[entry.key] = entry
        self.matcher.upsert(entry)
        if self.addresses is not None:
            self.addresses.upsert(entry)

    def _remove_live(self, entry: WatchlistEntry) -> None:
        if self.entries.pop(entry.key, None) is not None:
            self._hash[entry.list_id].remove(entry)
            self.matcher.delete(entry.list_id, entry.entry_id)
            if self.addresses is not None:
                self.addresses.delete(entry.list_id, entry.entry_id)

    def _swap(self, lid: str, generation: str | None) -> None:
        """Make ``generation`` of list ``lid`` the live one (None: the list is gone)."""
        new = dict(self.gens.get(lid, {}).get(generation, {})) if generation else {}
        for key in [k for k, e in self.entries.items() if e.list_id == lid]:
            del self.entries[key]
        for e in new.values():
            self.entries[e.key] = e
        self._hash[lid] = ListHash.over(new.values())
        self.matcher.replace_list(lid, new.values())
        if self.addresses is not None:
            self.addresses.replace_list(lid, new.values())
        # Entries of other generations of this list are no longer needed once it switched: the
        # loader removes them from the topic; keep only staged generations of open loads.
        staged = {g for m in self.loads.values() if m.state == "open" for l2, g in m.lists.items() if l2 == lid}
        gens = self.gens.get(lid, {})
        for g in [g for g in gens if g != generation and g not in staged]:
            del gens[g]
        if not gens:
            self.gens.pop(lid, None)

    def _changed(self, version: int) -> bool:
        self._update_gauges()
        for fn in self._listeners:
            fn(version)
        return True

    # --- time: abandoned loads ---
    def expire(self) -> list[str]:
        """Loads left open past their ttl are abandoned: counted, and their staged generations
        dropped (they were never made live). Returns the load ids newly abandoned."""
        now = self.clock()
        gone = []
        for load_id, m in self.loads.items():
            if m.state == "open" and load_id not in self.abandoned and now > m.started_at.timestamp() + m.ttl_s:
                self.abandoned.add(load_id)
                gone.append(load_id)
                metrics.ABANDONED_LOADS.inc()
                log.error("load %s (%s) was left open for more than %.0fs: abandoned, its staged entries dropped",
                          load_id, ", ".join(m.lists), m.ttl_s)
                for lid, gen in m.lists.items():
                    head = self.heads.get(lid)
                    if head is None or head.generation != gen:
                        self.gens.get(lid, {}).pop(gen, None)
        if gone:
            self._update_gauges()
        return gone

    # --- what the worker may do ---
    def open_loads(self) -> list[LoadMarker]:
        return [m for lid, m in self.loads.items() if m.state == "open" and lid not in self.abandoned]

    def lists(self) -> list[ListStatus]:
        out = []
        for lid, head in sorted(self.heads.items()):
            h = self._hash.get(lid) or ListHash()
            out.append(ListStatus(lid, head.generation, h.count, h.hex, head.count, head.hash, head.source,
                                  head.loaded_at.isoformat() if head.loaded_at else None))
        return out

    def not_ready(self) -> str | None:
        """Why no order may be screened now, or None."""
        if not self.caught_up:
            return "replaying the watch-list control topic"
        self.expire()
        loads = self.open_loads()
        if loads:
            m = loads[0]
            return f"a load of {', '.join(sorted(m.lists)) or 'lists'} is in progress (load {m.load_id})"
        statuses = self.lists()
        for st in statuses:
            if not st.consistent:
                return (f"list {st.list_id} is inconsistent: {st.count} entries held (hash {st.hash}), its head "
                        f"says {st.head_count} (hash {st.head_hash}); an interrupted add or remove? "
                        "Re-run it or reload the list")
        for name in self.required:
            found = [st for st in statuses if name in (st.list_id, st.code)]
            if not found:
                return f"required list {name} is not loaded (policy watchlists.required)"
            if not any(st.count for st in found):
                return f"required list {name} is empty (policy watchlists.required)"
        if not any(st.count for st in statuses):
            return "no watch list is loaded"
        return None

    def summary(self) -> dict:
        """The lists as this worker holds them (for decisions, metrics and `watchlist status`)."""
        return {st.list_id: {"n": st.count, "h": st.hash} for st in self.lists()}

    def _update_gauges(self) -> None:
        metrics.WATCHLIST_ENTRIES.set(len(self.entries))
        metrics.WATCHLIST_VERSION.set(self.version)
        metrics.WATCHLIST_LIST_ENTRIES.clear()
        metrics.WATCHLIST_LIST_INFO.clear()
        for st in self.lists():
            metrics.WATCHLIST_LIST_ENTRIES.labels(st.list_id).set(st.count)
            metrics.WATCHLIST_LIST_INFO.labels(st.list_id, st.hash, st.generation,
                                               "1" if st.consistent else "0").set(1)


def replay(records: Iterable[tuple[bytes | None, bytes | None]], **kw) -> WatchlistState:
    """A state built from ``(key, value)`` records in topic order (tests and tools)."""
    state = WatchlistState(**kw)
    for i, (key, value) in enumerate(records):
        state.apply_raw(value, i + 1, key)
    state.caught_up = True
    return state
