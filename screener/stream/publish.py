"""Changing the watch lists and the policy: what ``screener watchlist`` and ``screener policy`` send.

Every change starts by reading the control topic as the workers do, so that the change is checked
against what is loaded now:

- a **load** replaces whole lists, each under a new generation, inside an open/done load marker
  (workers do not screen while it is open); a list the load would shrink by more than
  ``max_removal`` is refused unless forced; lists of other origins are never touched; afterwards
  the replaced generations are removed from the topic (tombstones);
- an **add** or **remove** changes single entries of a list's live generation, then its head;
- a **policy** is validated, then published on the policy topic.

Each returns the control version its last record makes, so the caller can wait until every
running worker has applied it (:func:`wait_applied`, through the workers' status topic).
"""

from __future__ import annotations

import asyncio
import getpass
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from screener.config import Settings
from screener.events.codec import dumps
from screener.events.control import (
    EntryRecord,
    ListHash,
    ListHead,
    LoadMarker,
    WatchlistEntry,
    entry_record_key,
    head_key,
    load_key,
    record_key,
)
from screener.events.policy import POLICY_KEY, PolicyRecord
from screener.stream.retry import started
from screener.stream.topics import ensure_topics
from screener.stream.watchlist_state import NullMatcher, WatchlistState

Progress = Callable[[int], None]


class LoadRefused(ValueError):
    """A load that would remove too much of a list; ``report`` says what it would have done."""

    def __init__(self, message: str, report: dict):
        super().__init__(message)
        self.report = report


@dataclass
class ListChange:
    list_id: str
    before: int
    after: int
    added: int = 0
    removed: int = 0
    changed: int = 0

    def as_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "added": self.added, "removed": self.removed,
                "changed": self.changed}


@dataclass
class Published:
    version: int  # the control version once every record of the change is applied
    changes: dict[str, ListChange] = field(default_factory=dict)


def _connect_timeout(settings: Settings) -> float:
    return settings.startup_timeout_s or 60.0


async def _producer(settings: Settings) -> AIOKafkaProducer:
    return await started(AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, linger_ms=10,
                                max_batch_size=1024 * 1024, acks="all", max_request_size=4 * 1024 * 1024,
                                request_timeout_ms=settings.request_timeout_ms))


async def read_topic(settings: Settings, topic: str, apply: Callable[[bytes | None, bytes | None, int], None]) -> None:
    """Every record of ``topic`` from the start up to its end now, in order, through ``apply``."""
    consumer = await started(AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", fetch_max_bytes=16 * 1024 * 1024, max_partition_fetch_bytes=16 * 1024 * 1024,
        request_timeout_ms=settings.request_timeout_ms))
    try:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            await consumer.topics()  # fetches the metadata of every topic
            parts = consumer.partitions_for_topic(topic)
        if not parts:
            return
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        async def behind() -> bool:
            return any([await consumer.position(tp) < ends[tp] for tp in tps])
        while await behind():
            batch = await consumer.getmany(timeout_ms=1000, max_records=10_000)
            for records in batch.values():
                for rec in records:
                    apply(rec.key, rec.value, rec.offset)
    finally:
        await consumer.stop()


async def read_control(settings: Settings) -> WatchlistState:
    """The watch lists as a worker replaying the control topic now would hold them."""
    state = WatchlistState(matcher=NullMatcher())
    await read_topic(settings, settings.control_topic, lambda k, v, o: state.apply_raw(v, o + 1, k))
    state.caught_up = True
    return state


async def _send(producer: AIOKafkaProducer, topic: str, records: Sequence[tuple[str, bytes | None]],
                progress: Progress | None = None) -> int:
    """Send ``(key, value)`` records in order to partition 0; returns the offset after the last."""
    futures = []
    for i, (key, value) in enumerate(records):
        futures.append(await producer.send(topic, value, key=key.encode(), partition=0))
        if progress and i % 500 == 499:
            progress(500)
    metas = await asyncio.gather(*futures)
    if progress:
        progress(len(records) % 500)
    return max(m.offset for m in metas) + 1 if metas else 0


def _by_list(entries: Iterable[WatchlistEntry]) -> dict[str, dict[str, WatchlistEntry]]:
    out: dict[str, dict[str, WatchlistEntry]] = defaultdict(dict)
    for e in entries:
        out[e.list_id][e.entry_id] = e
    return dict(out)


def _live(state: WatchlistState, lid: str) -> dict[str, WatchlistEntry]:
    head = state.heads.get(lid)
    return dict(state.gens.get(lid, {}).get(head.generation, {})) if head else {}


def _new_generation() -> str:
    return uuid.uuid4().hex[:16]


def _who() -> str:
    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except Exception:  # noqa: BLE001 - informative only
        return "unknown"


def plan_load(state: WatchlistState, entries: Iterable[WatchlistEntry]) -> dict[str, ListChange]:
    changes = {}
    for lid, new in _by_list(entries).items():
        old = _live(state, lid)
        ch = ListChange(lid, before=len(old), after=len(new))
        ch.added = sum(1 for i in new if i not in old)
        ch.removed = sum(1 for i in old if i not in new)
        ch.changed = sum(1 for i, e in new.items() if i in old and old[i] != e)
        changes[lid] = ch
    return changes


Records = list[tuple[str, bytes | None]]


def load_records(state: WatchlistState, entries: Iterable[WatchlistEntry], *, source: str | None = None,
                 now: datetime | None = None, ttl_s: float = 600.0, load_id: str | None = None
                 ) -> tuple[Records, Records]:
    """The records of a load (marker, entries, heads, marker done) and of its clean-up afterwards
    (the replaced generations, the markers of earlier loads), given the topic's state now."""
    now = now or datetime.now(UTC)
    load_id = load_id or uuid.uuid4().hex[:16]
    by_list = _by_list(entries)
    gens = {lid: _new_generation() for lid in by_list}
    marker = LoadMarker(load_id=load_id, state="open", lists=gens, started_at=now, ttl_s=ttl_s, source=source)
    records: Records = [(record_key(marker), dumps(marker))]
    for lid, members in by_list.items():
        for e in members.values():
            rec = EntryRecord(generation=gens[lid], entry=e)
            records.append((record_key(rec), dumps(rec)))
    for lid, members in by_list.items():
        head = ListHead(list_id=lid, generation=gens[lid], count=len(members),
                        hash=ListHash.over(members.values()).hex, source=source, loaded_at=now, load_id=load_id)
        records.append((head_key(lid), dumps(head)))
    done = marker.model_copy(update={"state": "done"})
    records.append((record_key(done), dumps(done)))
    cleanup: Records = []
    for lid in by_list:
        for gen, members in state.gens.get(lid, {}).items():
            cleanup += [(entry_record_key(lid, gen, i), None) for i in members]
    cleanup += [(load_key(m.load_id), None) for m in state.loads.values()
                if m.state == "done" or m.load_id in state.abandoned]
    return records, cleanup


def add_records(state: WatchlistState, entries: Iterable[WatchlistEntry], *, source: str | None = None,
                now: datetime | None = None) -> tuple[Records, dict[str, ListChange]]:
    """Entries into their lists' live generations (a new list gets one), then each list's head."""
    now = now or datetime.now(UTC)
    records: Records = []
    changes = {}
    for lid, new in _by_list(entries).items():
        head = state.heads.get(lid)
        live = _live(state, lid)
        gen = head.generation if head else _new_generation()
        ch = ListChange(lid, before=len(live), after=0)
        for i, e in new.items():
            if live.get(i) == e:
                continue
            ch.added += i not in live
            ch.changed += i in live
            live[i] = e
            rec = EntryRecord(generation=gen, entry=e)
            records.append((record_key(rec), dumps(rec)))
        ch.after = len(live)
        changes[lid] = ch
        records.append((head_key(lid), dumps(ListHead(
            list_id=lid, generation=gen, count=len(live), hash=ListHash.over(live.values()).hex,
            source=(head.source if head else None) or source, loaded_at=now))))
    return records, changes


def remove_records(state: WatchlistState, lid: str, entry_ids: Sequence[str], *, now: datetime | None = None
                   ) -> tuple[Records, dict[str, ListChange]]:
    """Tombstones for entries of a list's live generation, then its head (KeyError if unknown)."""
    lid = resolve_list(state, lid)
    head = state.heads[lid]
    live = _live(state, lid)
    missing = [i for i in entry_ids if i not in live]
    if missing:
        raise KeyError(f"{lid} has no entries {', '.join(missing[:10])}")
    ids = list(dict.fromkeys(entry_ids))
    ch = ListChange(lid, before=len(live), after=len(live) - len(ids), removed=len(ids))
    records: Records = [(entry_record_key(lid, head.generation, i), None) for i in ids]
    for i in ids:
        live.pop(i, None)
    records.append((head_key(lid), dumps(head.model_copy(update={
        "count": len(live), "hash": ListHash.over(live.values()).hex, "loaded_at": now or datetime.now(UTC)}))))
    return records, {lid: ch}


async def load_lists(settings: Settings, entries: Sequence[WatchlistEntry], *, source: str | None = None,
                     force: bool = False, max_removal: float = 0.10, ttl_s: float = 600.0,
                     progress: Progress | None = None) -> Published:
    """Replace each list found in ``entries`` (by list id), all in one load."""
    await ensure_topics(settings, give_up_after=_connect_timeout(settings))
    state = await read_control(settings)
    changes = plan_load(state, entries)
    too_much = {lid: ch for lid, ch in changes.items() if ch.before and ch.removed / ch.before > max_removal}
    if too_much and not force:
        detail = "; ".join(f"{lid}: {ch.removed:,} of {ch.before:,} entries would go ({ch.removed / ch.before:.0%})"
                           for lid, ch in too_much.items())
        raise LoadRefused(f"load refused: {detail}, more than the {max_removal:.0%} allowed (--max-removal); "
                          "check the file, or pass --force to replace the list anyway",
                          {lid: ch.as_dict() for lid, ch in changes.items()})
    records, cleanup = load_records(state, entries, source=source, ttl_s=ttl_s)
    producer = await _producer(settings)
    try:
        version = await _send(producer, settings.control_topic, records, progress)
        if cleanup:
            version = await _send(producer, settings.control_topic, cleanup)
    finally:
        await producer.stop()
    return Published(version, changes)


async def add_entries(settings: Settings, entries: Sequence[WatchlistEntry], source: str | None = None) -> Published:
    """Add or replace single entries in their lists' live generations (a list is created if new)."""
    await ensure_topics(settings, give_up_after=_connect_timeout(settings))
    records, changes = add_records(await read_control(settings), entries, source=source)
    return await _publish(settings, records, changes)


async def remove_entries(settings: Settings, lid: str, entry_ids: Sequence[str]) -> Published:
    """Remove single entries from a list (by list id or, when unambiguous, its code)."""
    await ensure_topics(settings, give_up_after=_connect_timeout(settings))
    records, changes = remove_records(await read_control(settings), lid, entry_ids)
    return await _publish(settings, records, changes)


def resolve_list(state: WatchlistState, name: str) -> str:
    if name in state.heads:
        return name
    found = [lid for lid in state.heads if lid.partition(":")[2] == name]
    if len(found) == 1:
        return found[0]
    if not found:
        raise KeyError(f"no list {name!r} is loaded (loaded: {', '.join(sorted(state.heads)) or 'none'})")
    raise KeyError(f"{name!r} is ambiguous: {', '.join(sorted(found))}; give the list id")


async def _publish(settings: Settings, records, changes) -> Published:
    producer = await _producer(settings)
    try:
        version = await _send(producer, settings.control_topic, records)
    finally:
        await producer.stop()
    return Published(version, changes)


async def publish_policy(settings: Settings, path: Path) -> PolicyRecord:
    """Validate a policy file (and its item-risk table) and publish it for every worker."""
    from screener.policy import Policy

    policy = Policy.load(path)  # raises PolicyError with the file, line and problem
    item_risk_text = None
    if policy.model.item_risk.table is not None:
        item_risk_text = Path(policy.item_risk.path).read_text(encoding="utf-8")
    rec = PolicyRecord(name=path.name, text=path.read_text(encoding="utf-8"), item_risk_text=item_risk_text,
                       version=policy.version, published_at=datetime.now(UTC), published_by=_who())
    await ensure_topics(settings, give_up_after=_connect_timeout(settings))
    producer = await _producer(settings)
    try:
        meta = await producer.send_and_wait(settings.policy_topic, dumps(rec), key=POLICY_KEY, partition=0)
    finally:
        await producer.stop()
    del meta
    return rec


async def read_status(settings: Settings) -> dict[str, dict]:
    """The latest status each worker published, by worker id."""
    out: dict[str, dict] = {}

    def apply(key, value, offset):
        if key is None:
            return
        if value is None:
            out.pop(key.decode(), None)
        else:
            out[key.decode()] = orjson.loads(value)
    await read_topic(settings, settings.status_topic, apply)
    return out


def live_workers(statuses: dict[str, dict], max_age_s: float = 45.0) -> dict[str, dict]:
    now = time.time()
    return {w: s for w, s in statuses.items() if now - s.get("updated", 0) <= max_age_s and not s.get("stopped")}


async def wait_applied(settings: Settings, *, control_version: int | None = None, policy_version: str | None = None,
                       timeout: float = 60.0) -> tuple[bool, dict[str, dict]]:
    """Wait until every running worker has applied a change; ``(all applied, live workers' status)``.
    With no worker running, the change applies when one starts: (True, {})."""
    deadline = time.monotonic() + timeout
    while True:
        workers = live_workers(await read_status(settings))
        done = all((control_version is None or s.get("control_version", 0) >= control_version)
                   and (policy_version is None or s.get("policy_version") == policy_version)
                   for s in workers.values())
        if done or time.monotonic() > deadline:
            return done, workers
        await asyncio.sleep(0.5)


async def publish_snapshots(settings: Settings, entries: Iterable[WatchlistEntry], source: str | None = None,
                            progress: Progress | None = None) -> dict[str, int]:
    """Load ``entries`` as whole lists, whatever they replace (demo, bench and tests, on their
    own fresh topics); returns entries per list id."""
    entries = list(entries)
    done = await load_lists(settings, entries, source=source, force=True, progress=progress)
    return {lid: ch.after for lid, ch in done.changes.items()}
