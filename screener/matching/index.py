"""The in-memory index: every list name normalised once, a token vocabulary, postings and
fuzzy keys for candidate generation, and entry-level document frequencies for IDF weights.

Everything is incremental: adding or removing one entry touches only that entry's names, its
tokens' postings and document frequencies. Vocabulary ids are never reused (a token whose last
entry went away keeps its id with df 0), so cached query-token expansions stay valid until a
*new* token appears, which is when the engine drops them.

Fuzzy keys (each maps a key string to vocabulary ids):

* ``dels``: each token and every string one deletion away from it (symmetric-delete lookup:
  a query token or one of its deletions meeting one of these finds every token within one
  insertion, deletion, substitution or transposition);
* ``skels``: consonant skeletons (dropped vowels, doubled letters, Yevgeniy/Evgeny);
* ``metas``: metaphone codes (Smirnov/Smirnoff, Muhammad/Mohammed);
* ``akeys``: Arabic-script keys (``normalize.arabic_key``), used only for query words that were
  written in Arabic script.

A name is also indexed under the joins of adjacent words ("ALMAZ-ANTEY" -> ``almazantey``) so a
query that writes them as one word finds it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from screener.events.control import WatchlistEntry
from screener.matching.normalize import NormName, arabic_key, is_patronymic, normalize_name
from screener.matching.similarity import deletes, metaphone, skel
from screener.matching.weights import idf, weight_cap

# How much an unaligned list token costs (times its weight), by role. A query that leaves out a
# middle name or a patronymic is still the same person; one that leaves out the surname is not.
BETA_ORG = 0.8
BETA_FAMILY = 1.0
BETA_GIVEN = 0.6
BETA_MIDDLE = 0.35
BETA_PATRONYMIC = 0.2
BETA_PERSON_EDGE = 0.7  # first/last word of a person name without a "SURNAME, Given" comma

PERSON_TYPES = frozenset({"person"})


@dataclass(slots=True)
class IndexedName:
    nid: int
    key: str  # entry key "list/entry_id"
    alias: int  # index into entry.names
    raw: str
    norm: NormName
    vids: tuple[int, ...]  # vocabulary id of each token
    spans: tuple[tuple[int, int, int], ...]  # (vid, start, end): tokens and adjacent-word joins
    betas: tuple[float, ...]
    person: bool
    joined: str  # tokens joined by spaces


def name_betas(norm: NormName, person: bool) -> tuple[float, ...]:
    toks = norm.tokens
    n = len(toks)
    if not person:
        return tuple(1.0 if lg else BETA_ORG for lg in norm.legal)
    out = []
    fe = norm.family_end
    for i, t in enumerate(toks):
        if is_patronymic(t):
            out.append(BETA_PATRONYMIC)
        elif fe > 0:
            if i < fe:
                out.append(BETA_FAMILY)
            elif i == fe:
                out.append(BETA_GIVEN)
            else:
                out.append(BETA_MIDDLE)
        elif n <= 2 or i == 0 or i == n - 1:
            out.append(BETA_PERSON_EDGE)
        else:
            out.append(BETA_MIDDLE)
    return tuple(out)


class NameIndex:
    def __init__(self) -> None:
        # vocabulary
        self.vid: dict[str, int] = {}
        self.vstr: list[str] = []
        self.vmeta: list[str] = []
        self.vskel: list[str] = []
        self.vcap: list[float] = []
        self.df: list[int] = []
        self.w: list[float] = []
        self.post: list[set[int]] = []
        # fuzzy keys
        self.dels: dict[str, list[int]] = {}
        self.skels: dict[str, list[int]] = {}
        self.metas: dict[str, list[int]] = {}
        self.akeys: dict[str, list[int]] = {}
        # names and entries
        self.names: list[IndexedName | None] = []
        self.free: list[int] = []
        self.entries: dict[str, WatchlistEntry] = {}
        self.entry_names: dict[str, list[int]] = {}
        self.entry_vids: dict[str, set[int]] = {}
        self.n_entries = 0
        self._weights_n = 0  # entry count the weights were last computed for
        self._bulk = False
        self.vocab_grew = False

    # -- vocabulary ---------------------------------------------------------------------------
    def _vocab(self, tok: str, single: bool) -> int:
        v = self.vid.get(tok)
        if v is not None:
            return v
        v = len(self.vstr)
        self.vid[tok] = v
        self.vstr.append(tok)
        m = metaphone(tok) if single else ""
        s = skel(tok) if single else ""
        self.vmeta.append(m)
        self.vskel.append(s)
        self.vcap.append(weight_cap(tok))
        self.df.append(0)
        self.w.append(0.0)
        self.post.append(set())
        dels = self.dels
        keys = [tok]
        if len(tok) >= 4:
            keys.extend(deletes(tok))
        for k in keys:
            lst = dels.get(k)
            if lst is None:
                dels[k] = [v]
            elif lst[-1] != v:
                lst.append(v)
        if s:
            self.skels.setdefault(s, []).append(v)
        if m:
            self.metas.setdefault(m, []).append(v)
        if len(tok) >= 3 and tok.isalpha():
            a = arabic_key(tok)
            if len(a) >= 2:
                self.akeys.setdefault(a, []).append(v)
        self.vocab_grew = True
        return v

    def weight(self, v: int) -> float:
        return self.w[v]

    def _set_weight(self, v: int) -> None:
        x = idf(self.df[v], self.n_entries)
        cap = self.vcap[v]
        self.w[v] = x if x < cap else cap

    def refresh_weights(self) -> None:
        n = self.n_entries
        self._weights_n = n
        ln = math.log
        df = self.df
        cap = self.vcap
        w = self.w
        for v in range(len(w)):
            x = ln((n + 1.0) / (df[v] + 0.5))
            c = cap[v]
            w[v] = x if x < c else c

    def unknown_weight(self) -> float:
        """Weight of a query token the list has never seen: as rare as a token can be."""
        return idf(1, self.n_entries)

    # -- entries ------------------------------------------------------------------------------
    def add(self, entry: WatchlistEntry) -> None:
        key = entry.key
        if key in self.entries:
            self.remove(key)
        person = entry.type in PERSON_TYPES
        self.entries[key] = entry
        nids: list[int] = []
        evids: set[int] = set()
        seen: set[str] = set()
        for alias, raw in enumerate(entry.names):
            if not raw or not raw.strip():
                continue
            norm = normalize_name(raw, org_forms=not person)
            if not norm.tokens:
                continue
            joined = norm.key
            if joined in seen:
                continue
            seen.add(joined)
            toks = norm.tokens
            vids = tuple(self._vocab(t, True) for t in toks)
            spans = [(v, i, i + 1) for i, v in enumerate(vids)]
            legal = norm.legal
            for i in range(len(toks) - 1):
                if not legal[i] and not legal[i + 1]:
                    spans.append((self._vocab(toks[i] + toks[i + 1], False), i, i + 2))
            nid = self.free.pop() if self.free else len(self.names)
            rec = IndexedName(nid, key, alias, raw, norm, vids, tuple(spans), name_betas(norm, person),
                              person, joined)
            if nid == len(self.names):
                self.names.append(rec)
            else:
                self.names[nid] = rec
            for v, _, _ in spans:
                self.post[v].add(nid)
                evids.add(v)
            nids.append(nid)
        self.entry_names[key] = nids
        self.entry_vids[key] = evids
        self.n_entries += 1
        for v in evids:
            self.df[v] += 1
        self._after_change(evids)

    def remove(self, key: str) -> bool:
        entry = self.entries.pop(key, None)
        if entry is None:
            return False
        for nid in self.entry_names.pop(key, ()):
            rec = self.names[nid]
            if rec is None:
                continue
            for v, _, _ in rec.spans:
                self.post[v].discard(nid)
            self.names[nid] = None
            self.free.append(nid)
        evids = self.entry_vids.pop(key, set())
        for v in evids:
            self.df[v] -= 1
        self.n_entries -= 1
        self._after_change(evids)
        return True

    def _after_change(self, vids: Iterable[int]) -> None:
        if self._bulk:
            return
        n0 = self._weights_n
        if n0 == 0 or abs(self.n_entries - n0) > 0.02 * n0:
            self.refresh_weights()
        else:
            for v in vids:
                self._set_weight(v)

    def bulk_load(self, entries: Iterable[WatchlistEntry]) -> None:
        """Add many entries, computing weights once at the end."""
        self._bulk = True  # suppress per-entry weight updates
        try:
            for e in entries:
                self.add(e)
        finally:
            self._bulk = False
            self.refresh_weights()
