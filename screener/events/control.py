"""Watch-list records on the compacted ``watchlist-control`` topic.

The topic is designed so that what a worker holds is a function of the *latest record per key*
only: a worker replaying the topic after log compaction (latest record per key kept, tombstones
eventually removed) ends up holding exactly what live workers hold. Three kinds of record:

``list/<list_id>`` -> :class:`ListHead`
    The list's committed state: which *generation* of entries is live, and how many entries with
    which content hash it has. A head is written only after all entries of its generation are
    in, so switching a head swaps a whole list atomically. A tombstone drops the list.
``entry/<list_id>/<generation>/<entry_id>`` -> :class:`EntryRecord`
    One entry of one generation of a list. The generation is part of the key, so a new load never
    overwrites the entries of the live one: if the loader dies half way, compaction cannot leave
    a mix. Entries of the live generation apply at once (single ``add``); a tombstone removes one.
``load/<load_id>`` -> :class:`LoadMarker`
    Opened before a load writes anything and closed ("done") after its heads: while a load is open
    workers are not ready (they decide nothing), so no order is screened between two lists of one
    load. A load left open past its ``ttl_s`` (the loader died) is abandoned: counted, and its
    staged generations are dropped.

A list's id is ``<origin>:<code>`` (``ofac:SDN``, ``csl:SDN``, ``csl:EL``, ``company:LETTERS``):
the Consolidated Screening List's SDN rows are not OFAC's SDN list, and loading one never touches
the other. Decisions name the code (``list``) and the id (``list_id``).
"""

from __future__ import annotations

import builtins
import hashlib
from datetime import datetime
from typing import Annotated, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

EntryType = Literal["person", "organization", "vessel", "aircraft", "unknown"]

# Bounds on what one entry may hold: matching cost grows with names and their length, and a
# control record is replayed by every worker at every start. Longer input is rejected at load
# and at replay (counted), never indexed.
MAX_ENTRY_NAME_LEN = 500
MAX_ENTRY_NAMES = 200
MAX_ENTRY_ADDRESSES = 100
MAX_ENTRY_BYTES = 64 * 1024
_LIST_CODE = r"^[^/\s][^/]{0,99}$"


class WatchlistEntry(BaseModel):
    model_config = ConfigDict(extra="allow")

    entry_id: str = Field(min_length=1, max_length=200, description="The source's own id, e.g. OFAC's ent_num")
    list: str = Field(pattern=_LIST_CODE, description="SDN, EL, DPL, UN, ... or a company's own list name")
    names: builtins.list[Annotated[str, Field(min_length=1, max_length=MAX_ENTRY_NAME_LEN)]] = Field(
        min_length=1, max_length=MAX_ENTRY_NAMES, description="Primary name first, then aliases")
    type: EntryType = "unknown"
    countries: builtins.list[str] = Field(default_factory=builtins.list, max_length=300,
                                          description="ISO 3166 alpha-2 codes")
    addresses: builtins.list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=builtins.list, max_length=MAX_ENTRY_ADDRESSES)
    programs: builtins.list[Annotated[str, Field(max_length=200)]] = Field(default_factory=builtins.list,
                                                                           max_length=100)
    source: str | None = Field(default=None, max_length=500)
    origin: str | None = Field(default=None, pattern=r"^[a-z0-9_.-]{1,40}$",
                               description="Who publishes the list: ofac, csl, bis, un, uk, eu, "
                                           "opensanctions, company")

    @model_validator(mode="after")
    def _bounded(self) -> WatchlistEntry:
        if len(orjson.dumps(self.model_dump(mode="json"))) > MAX_ENTRY_BYTES:
            raise ValueError(f"entry is larger than {MAX_ENTRY_BYTES} bytes")
        return self

    @property
    def list_id(self) -> str:
        return list_id(self.origin, self.list)

    @property
    def key(self) -> str:
        return entry_key(self.list_id, self.entry_id)


def list_id(origin: str | None, code: str) -> str:
    return f"{origin}:{code}" if origin else code


def entry_key(list_name: str, entry_id: str) -> str:
    """The engine's key of an entry: ``<list_id>/<entry_id>``."""
    return f"{list_name}/{entry_id}"


def entry_hash(entry: WatchlistEntry) -> str:
    """A short content hash of an entry: changes whenever anything about it changes."""
    blob = orjson.dumps(entry.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(blob).hexdigest()[:16]


class ListHash:
    """Order-independent content hash of a list, kept up to date entry by entry: the sum of the
    entries' 64-bit hashes (of key and content) modulo 2^64, as 16 hex digits."""

    __slots__ = ("value", "count")

    def __init__(self) -> None:
        self.value = 0
        self.count = 0

    @staticmethod
    def of(entry: WatchlistEntry) -> int:
        blob = orjson.dumps([entry.key, entry.model_dump(mode="json")], option=orjson.OPT_SORT_KEYS)
        return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big")

    def add(self, entry: WatchlistEntry) -> None:
        self.value = (self.value + self.of(entry)) & 0xFFFFFFFFFFFFFFFF
        self.count += 1

    def remove(self, entry: WatchlistEntry) -> None:
        self.value = (self.value - self.of(entry)) & 0xFFFFFFFFFFFFFFFF
        self.count -= 1

    @property
    def hex(self) -> str:
        return f"{self.value:016x}"

    @classmethod
    def over(cls, entries) -> ListHash:
        h = cls()
        for e in entries:
            h.add(e)
        return h


class ListHead(BaseModel):
    op: Literal["list"] = "list"
    list_id: str
    generation: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    count: int = Field(ge=0)
    hash: str
    source: str | None = None
    loaded_at: datetime | None = None
    load_id: str | None = None


class EntryRecord(BaseModel):
    op: Literal["entry"] = "entry"
    generation: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    entry: WatchlistEntry


class LoadMarker(BaseModel):
    op: Literal["load"] = "load"
    load_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    state: Literal["open", "done"]
    lists: dict[str, str] = Field(default_factory=dict, description="list_id -> generation being loaded")
    started_at: datetime
    ttl_s: float = Field(default=600.0, gt=0)
    source: str | None = None


ControlRecord = Annotated[ListHead | EntryRecord | LoadMarker, Field(discriminator="op")]
control_adapter: TypeAdapter[ControlRecord] = TypeAdapter(ControlRecord)


def head_key(lid: str) -> str:
    return f"list/{lid}"


def entry_record_key(lid: str, generation: str, entry_id: str) -> str:
    return f"entry/{lid}/{generation}/{entry_id}"


def load_key(load_id: str) -> str:
    return f"load/{load_id}"


def record_key(rec: ListHead | EntryRecord | LoadMarker) -> str:
    if isinstance(rec, ListHead):
        return head_key(rec.list_id)
    if isinstance(rec, EntryRecord):
        return entry_record_key(rec.entry.list_id, rec.generation, rec.entry.entry_id)
    return load_key(rec.load_id)


def parse_key(key: str) -> tuple[str, ...]:
    """``("list", list_id)``, ``("entry", list_id, generation, entry_id)``, ``("load", load_id)``,
    or ``()`` for a key of no known form (list ids hold no "/"; entry ids may)."""
    kind, _, rest = key.partition("/")
    if kind in ("list", "load") and rest:
        return (kind, rest)
    if kind == "entry":
        parts = rest.split("/", 2)
        if len(parts) == 3 and all(parts):
            return ("entry", *parts)
    return ()

