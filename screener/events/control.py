"""Watch-list control commands on the compacted ``watchlist-control`` topic.

Every worker replays this topic from the start and applies it in order, so all workers hold the
same list at the same version. Message keys are chosen so that compaction keeps a correct state:
entries are keyed ``list/entry_id`` (an upsert, a delete and a snapshot entry for the same entry
share a key, so the last one wins), and snapshot markers are keyed per list.
"""

from __future__ import annotations

import builtins
import hashlib
from typing import Annotated, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

EntryType = Literal["person", "organization", "vessel", "aircraft", "unknown"]


class WatchlistEntry(BaseModel):
    model_config = ConfigDict(extra="allow")

    entry_id: str = Field(min_length=1, description="The source's own id, e.g. OFAC's ent_num")
    list: str = Field(min_length=1, description="SDN, EL, DPL, UN, ... or a company's own list name")
    names: builtins.list[str] = Field(min_length=1, description="Primary name first, then aliases")
    type: EntryType = "unknown"
    countries: builtins.list[str] = Field(default_factory=builtins.list, description="ISO 3166 alpha-2 codes")
    addresses: builtins.list[str] = Field(default_factory=builtins.list)
    programs: builtins.list[str] = Field(default_factory=builtins.list)
    source: str | None = None

    @property
    def key(self) -> str:
        return entry_key(self.list, self.entry_id)


def entry_key(list_name: str, entry_id: str) -> str:
    return f"{list_name}/{entry_id}"


def entry_hash(entry: WatchlistEntry) -> str:
    """A short content hash of an entry: changes whenever anything about it changes."""
    blob = orjson.dumps(entry.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(blob).hexdigest()[:16]


class UpsertEntry(BaseModel):
    op: Literal["upsert"] = "upsert"
    entry: WatchlistEntry


class DeleteEntry(BaseModel):
    op: Literal["delete"] = "delete"
    list: str
    entry_id: str


class SnapshotBegin(BaseModel):
    op: Literal["snapshot_begin"] = "snapshot_begin"
    list: str
    snapshot_id: str
    source: str | None = None


class SnapshotEntry(BaseModel):
    op: Literal["snapshot_entry"] = "snapshot_entry"
    snapshot_id: str
    entry: WatchlistEntry


class SnapshotEnd(BaseModel):
    op: Literal["snapshot_end"] = "snapshot_end"
    list: str
    snapshot_id: str
    count: int = Field(ge=0, description="Entries in the snapshot; a mismatch discards it")


ControlCommand = Annotated[
    UpsertEntry | DeleteEntry | SnapshotBegin | SnapshotEntry | SnapshotEnd,
    Field(discriminator="op"),
]
control_adapter: TypeAdapter[ControlCommand] = TypeAdapter(ControlCommand)


def control_key(cmd: UpsertEntry | DeleteEntry | SnapshotBegin | SnapshotEntry | SnapshotEnd) -> str:
    if isinstance(cmd, UpsertEntry | SnapshotEntry):
        return cmd.entry.key
    if isinstance(cmd, DeleteEntry):
        return entry_key(cmd.list, cmd.entry_id)
    if isinstance(cmd, SnapshotBegin):
        return f"snapshot-begin/{cmd.list}"
    return f"snapshot-end/{cmd.list}"
