"""Kafka -> database: orders, decisions, review-audit and allow-list records become cases.

One group-less consumer reads every partition of the four topics. The next offset of each
partition is stored in the database, in the same transaction as the rows made from the records
before it, so the database is the source of truth: a restart resumes exactly where the last
committed batch ended (nothing is lost, nothing re-applied, no history replayed), and a new or
emptied database rebuilds itself from the topics' beginning. A consumer group's committed
offsets could not give that: they are committed apart from the database, so a crash between the
two either loses records or applies them twice, and a restored or replaced database would not
match them. Several console processes may share one PostgreSQL database: each batch locks its
offset rows (``SELECT ... FOR UPDATE``) and skips records another process already applied.

Cases: a HOLD opens a case (or reopens a closed one, or updates an open one with the latest
reasons); a RELEASE closes it (manual release, re-screening or a later event); the worker's
audit record of a confirm marks it confirmed, of an escalation escalated. A RELEASE of an order
that was never held is not stored, unless the worker suppressed a hit with an allow-list record:
that order gets a (released) case too, so the suppression can be seen and audited.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from screener.config import Settings
from screener.console.models import (
    AllowEntry,
    Case,
    CaseTag,
    DecisionRow,
    EntrySnapshot,
    Order,
    Suppression,
    TopicOffset,
    WorkerAudit,
)
from screener.console.store import Store, utcnow
from screener.enrichment.countries import to_iso2
from screener.events.allowlist import AllowRecord, verify_allow
from screener.events.control import WatchlistEntry, entry_hash
from screener.events.decisions import Decision
from screener.events.review import AuditRecord
from screener.stream.retry import started, with_retries

log = logging.getLogger(__name__)

HIT_CODES = frozenset({"WATCHLIST_MATCH", "ADDRESS_MATCH"})
MANUAL_RELEASE = "MANUAL_RELEASE"


def party_country(party: dict) -> str | None:
    addr = party.get("address") or {}
    return to_iso2(party.get("country")) or to_iso2(addr.get("country") if isinstance(addr, dict) else None)


def format_address(addr: Any) -> str | None:
    if not isinstance(addr, dict):
        return str(addr) if addr else None
    city = " ".join(x for x in (addr.get("postal_code"), addr.get("city")) if x)
    parts = [addr.get("street"), city, addr.get("region"), addr.get("country")]
    return ", ".join(str(p) for p in parts if p) or None


class Applier:
    """Applies one record of a topic inside the caller's transaction. ``lookup_entry`` gives the
    listed entry the console currently knows for a reason (for the entry snapshots)."""

    def __init__(self, settings: Settings, lookup_entry: Callable[[dict], WatchlistEntry | None] = lambda r: None):
        self.settings = settings
        self.lookup_entry = lookup_entry
        self.kinds = {settings.orders_topic: "order", settings.decisions_topic: "decision",
                      settings.audit_topic: "audit", settings.allowlist_topic: "allow"}

    def apply(self, s: Session, topic: str, partition: int, offset: int, key: bytes | None,
              value: bytes | None) -> None:
        kind = self.kinds[topic]
        if kind == "order":
            self.order(s, value)
        elif kind == "decision":
            self.decision(s, value)
        elif kind == "audit":
            self.audit(s, value, topic, partition, offset)
        else:
            self.allow(s, key, value)

    # ------------------------------------------------------------------ orders
    def order(self, s: Session, value: bytes | None) -> None:
        try:
            data = orjson.loads(value or b"")
        except orjson.JSONDecodeError:
            return  # the worker dead-letters it
        oid = data.get("order_id") if isinstance(data, dict) else None
        if not isinstance(oid, str) or not oid.strip() or not isinstance(data.get("parties"), list):
            return
        oid = oid.strip()[:200]
        version = data.get("order_version")
        version = version if isinstance(version, int) and not isinstance(version, bool) else None
        row = s.get(Order, oid)
        if row is not None and row.order_version is not None and version is not None and version < row.order_version:
            return  # an older event, redelivered or late
        occurred = _time(data.get("occurred_at"))
        warehouse = data.get("warehouse_id") if isinstance(data.get("warehouse_id"), str) else None
        fields = dict(order_version=version, event_type=str(data.get("event_type") or "created")[:20],
                      occurred_at=occurred, warehouse_id=warehouse, data=data, received_at=utcnow())
        if row is None:
            s.add(Order(order_id=oid, **fields))
        else:
            for k, v in fields.items():
                setattr(row, k, v)
        case = s.get(Case, oid)
        if case is not None:
            case.warehouse_id = warehouse
            case.summary = _summary(data, case.reasons)
            self._tags(s, case, data)

    # ------------------------------------------------------------------ decisions
    def decision(self, s: Session, value: bytes | None) -> None:
        try:
            d = Decision.model_validate_json(value or b"")
        except ValidationError:
            log.warning("unreadable decision skipped")
            return
        if s.get(DecisionRow, d.decision_id) is not None:
            return  # a duplicate (at-least-once delivery): same id, same decision
        raw = orjson.loads(value)
        suppressed = [x for x in (raw.get("suppressed") or []) if isinstance(x, dict) and x.get("allow_id")]
        case = s.get(Case, d.order_id)
        if case is None and d.decision == "RELEASE" and not suppressed:
            return  # never held: not a case
        s.add(DecisionRow(decision_id=d.decision_id, order_id=d.order_id, decision=d.decision,
                          screened_at=d.screened_at, rescreen=d.rescreen, watchlist_version=d.watchlist_version,
                          policy_version=d.policy_version, data=raw))
        for sup in suppressed:
            s.merge(Suppression(decision_id=d.decision_id, allow_id=str(sup["allow_id"])[:100], order_id=d.order_id,
                                list=sup.get("list"), entry_id=sup.get("entry_id"),
                                party_name=sup.get("party_name"), at=d.screened_at))
        order = s.get(Order, d.order_id)
        reasons = [r.model_dump(mode="json", exclude_none=True) for r in d.reasons]
        if case is None:
            case = Case(order_id=d.order_id, status="open", held_at=d.screened_at, escalated=False, rescreen=d.rescreen, reasons=[], suppressed=[],
                        last_decision_id=d.decision_id)
            s.add(case)
        case.updated_at = d.screened_at
        case.last_decision_id = d.decision_id
        case.suppressed = suppressed
        case.warehouse_id = order.warehouse_id if order else case.warehouse_id
        if d.decision == "HOLD":
            if case.status != "open":  # reopened by a later event or re-screening
                case.status, case.held_at, case.closed_at, case.closed_by = "open", d.screened_at, None, None
                case.escalated = False
            case.hold_decision_id = d.decision_id
            case.reasons = reasons
            case.rescreen = d.rescreen
            case.watchlist_version, case.policy_version = d.watchlist_version, d.policy_version
            scores = [r.score for r in d.reasons if r.code in HIT_CODES and r.score is not None]
            case.top_score = max(scores) if scores else None
            self._snapshots(s, d)
        else:
            manual = next((r for r in d.reasons if r.code == MANUAL_RELEASE), None)
            if case.status != "released":
                case.status, case.closed_at = "released", d.screened_at
                case.closed_by = (f"{manual.model_extra.get('reviewer') or 'reviewer'}" if manual else
                                  "allow-list" if suppressed else "re-screening" if d.rescreen else "new event")
            if not case.reasons:
                case.reasons = reasons
                case.watchlist_version, case.policy_version = d.watchlist_version, d.policy_version
        case.summary = _summary(order.data if order else None, case.reasons)
        self._tags(s, case, order.data if order else None)

    def _snapshots(self, s: Session, d: Decision) -> None:
        for r in d.reasons:
            if r.code not in HIT_CODES or not r.list or not r.entry_id:
                continue
            key = f"{r.list}/{r.entry_id}"
            entry = self.lookup_entry(r.model_dump(mode="json"))
            if entry is None:
                continue
            h = entry_hash(entry)
            snap = s.get(EntrySnapshot, key)
            if snap is None:
                s.add(EntrySnapshot(key=key, entry_hash=h, data=entry.model_dump(mode="json"), seen_at=utcnow()))
            elif snap.entry_hash != h:
                snap.entry_hash, snap.data, snap.seen_at = h, entry.model_dump(mode="json"), utcnow()

    def _tags(self, s: Session, case: Case, order: dict | None) -> None:
        tags: set[tuple[str, str]] = set()
        for r in case.reasons or []:
            if r.get("code"):
                tags.add(("code", str(r["code"])[:200]))
            if r.get("list"):
                tags.add(("list", str(r["list"])[:200]))
            if r.get("country"):
                c = to_iso2(str(r["country"]))
                if c:
                    tags.add(("country", c))
        for p in (order or {}).get("parties") or []:
            if isinstance(p, dict):
                c = party_country(p)
                if c:
                    tags.add(("country", c))
        existing = {(t.kind, t.value) for t in s.scalars(select(CaseTag).where(CaseTag.order_id == case.order_id))}
        if existing == tags:
            return
        s.flush()
        s.execute(delete(CaseTag).where(CaseTag.order_id == case.order_id))
        s.add_all(CaseTag(order_id=case.order_id, kind=k, value=v) for k, v in sorted(tags))

    # ------------------------------------------------------------------ audit
    def audit(self, s: Session, value: bytes | None, topic: str, partition: int, offset: int) -> None:
        try:
            a = AuditRecord.model_validate_json(value or b"")
        except ValidationError:
            log.warning("unreadable audit record at %s/%d/%d skipped", topic, partition, offset)
            return
        if s.scalar(select(WorkerAudit.id).where(WorkerAudit.topic == topic, WorkerAudit.partition == partition,
                                                 WorkerAudit.offset == offset)) is not None:
            return
        s.add(WorkerAudit(topic=topic, partition=partition, offset=offset, review_id=a.review_id,
                          order_id=a.order_id, action=a.action, outcome=a.outcome, reviewer=a.reviewer,
                          approver=a.approver, client=a.client, source=a.source, reason=a.reason,
                          detail=a.detail, decision_id=a.decision_id, reviewed_decision_id=a.reviewed_decision_id,
                          hold_codes=list(a.hold_codes), cleared_hits=list(a.cleared_hits),
                          watchlist_version=a.watchlist_version, policy_version=a.policy_version, at=a.at))
        case = s.get(Case, a.order_id) if a.order_id else None
        if case is None:
            return
        if a.outcome == "confirmed" and case.status == "open":
            case.status, case.closed_at, case.closed_by = "confirmed", a.at, a.reviewer
        elif a.outcome == "escalated" and case.status == "open":
            case.escalated = True

    # ------------------------------------------------------------------ allow-list
    def allow(self, s: Session, key: bytes | None, value: bytes | None) -> None:
        allow_id = (key or b"").decode("utf-8", "replace")[:100]
        if value is None:
            row = s.get(AllowEntry, allow_id)
            if row is not None and row.state != "revoked":
                row.state = "revoked"
                row.revoked_at = row.revoked_at or utcnow()
            return
        try:
            rec = AllowRecord.model_validate_json(value)
        except ValidationError:
            log.warning("unreadable allow-list record %r skipped", allow_id)
            return
        ok = verify_allow(rec, self.settings.review_signing_key)
        row = s.get(AllowEntry, rec.allow_id)
        fields = dict(party_name=rec.party_name, party_country=rec.party_country, party_address=rec.party_address,
                      list=rec.list, entry_id=rec.entry_id, entry_hash=rec.entry_hash, reason=rec.reason,
                      reviewer=rec.reviewer, approver=rec.approver, created_at=rec.created_at,
                      expires_at=rec.expires_at, order_id=rec.order_id, signature_ok=ok,
                      record=rec.model_dump(mode="json"))
        if row is None:
            s.add(AllowEntry(allow_id=rec.allow_id, state="active", **fields))
        else:
            for k, v in fields.items():
                setattr(row, k, v)
            if row.state in ("pending", "rejected"):
                row.state = "active"


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _summary(order: dict | None, reasons: list[dict]) -> str:
    names: list[str] = []
    for p in (order or {}).get("parties") or []:
        if isinstance(p, dict) and p.get("name") and p["name"] not in names:
            names.append(str(p["name"]))
    for r in reasons or []:
        if r.get("party_name") and r["party_name"] not in names:
            names.append(str(r["party_name"]))
    return "; ".join(names)[:500]


class Materialiser:
    """Tails the four topics into the database (see the module's docstring)."""

    def __init__(self, store: Store, settings: Settings, applier: Applier, *, max_records: int = 2000,
                 retention: timedelta = timedelta(days=7)):
        self.store = store
        self.settings = settings
        self.applier = applier
        self.topics = list(applier.kinds)
        self.max_records = max_records
        self.retention = retention
        self.applied = 0
        self.errors = 0
        self.lag: int | None = None
        self.caught_up = asyncio.Event()
        self._assigned: set[TopicPartition] = set()
        self._consumer: AIOKafkaConsumer | None = None

    async def _start(self) -> AIOKafkaConsumer:
        return await started(AIOKafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap_servers, group_id=None,
                                    enable_auto_commit=False, auto_offset_reset="earliest",
                                    fetch_max_wait_ms=200, request_timeout_ms=self.settings.request_timeout_ms))

    async def run(self) -> None:
        consumer = await with_retries("starting the console's materialiser", self._start)
        self._consumer = consumer
        last_check = last_prune = 0.0
        try:
            while True:
                now = time.monotonic()
                if now - last_check > (5.0 if self.caught_up.is_set() else 1.0) or not self._assigned:
                    await self._assign(consumer)
                    last_check = now
                if not self._assigned:
                    await asyncio.sleep(0.5)
                    continue
                batch = await consumer.getmany(timeout_ms=500, max_records=self.max_records)
                if batch:
                    await asyncio.to_thread(self.apply_batch, batch)
                if not batch or not self.caught_up.is_set():
                    await self._measure_lag(consumer)
                if now - last_prune > 600:
                    await asyncio.to_thread(self.prune)
                    last_prune = now
        finally:
            await consumer.stop()

    async def _assign(self, consumer: AIOKafkaConsumer) -> None:
        await consumer._client.force_metadata_update()  # noqa: SLF001 - no public equivalent
        tps = {TopicPartition(t, p) for t in self.topics for p in (consumer.partitions_for_topic(t) or ())}
        if tps == self._assigned:
            return
        consumer.assign(sorted(tps))
        self._assigned = tps
        await self._seek(consumer, tps)
        log.info("materialising %d partitions of %s", len(tps), ", ".join(sorted({tp.topic for tp in tps})))

    async def _seek(self, consumer: AIOKafkaConsumer, tps) -> None:
        offsets = await asyncio.to_thread(self.stored_offsets)
        begin = [tp for tp in tps if (tp.topic, tp.partition) not in offsets]
        if begin:
            await consumer.seek_to_beginning(*begin)
        for tp in tps:
            if (tp.topic, tp.partition) in offsets:
                consumer.seek(tp, offsets[(tp.topic, tp.partition)])

    async def _measure_lag(self, consumer: AIOKafkaConsumer) -> None:
        tps = sorted(self._assigned)
        if not tps:
            return
        ends = await consumer.end_offsets(tps)
        lag = 0
        for tp in tps:
            lag += max(0, ends[tp] - await consumer.position(tp))
        self.lag = lag
        if lag == 0:
            self.caught_up.set()

    def stored_offsets(self) -> dict[tuple[str, int], int]:
        with self.store.read() as s:
            return {(r.topic, r.partition): r.next_offset for r in s.scalars(select(TopicOffset))}

    def apply_batch(self, batch: dict) -> None:
        """Applies one fetched batch in one transaction with its offsets. Records below a stored
        offset were applied already (by another console process sharing the database): skipped.
        Offsets may have gaps (compaction, transaction markers), so a record past the stored
        offset is simply the next one."""
        order = {"order": 0, "decision": 1, "audit": 2, "allow": 3}
        with self.store.write() as s:
            rows = {(r.topic, r.partition): r for r in s.scalars(
                select(TopicOffset).where(TopicOffset.topic.in_({tp.topic for tp in batch})).with_for_update())}
            for tp in sorted(batch, key=lambda t: (order[self.applier.kinds[t.topic]], t.partition)):
                records = batch[tp]
                row = rows.get((tp.topic, tp.partition))
                start = row.next_offset if row else 0
                applied_any = False
                for rec in records:
                    if rec.offset < start:
                        continue  # already applied (by another console process)
                    applied_any = True
                    try:
                        with s.begin_nested():
                            self.applier.apply(s, tp.topic, tp.partition, rec.offset, rec.key, rec.value)
                    except Exception:  # noqa: BLE001 - one bad record must not stop the console
                        self.errors += 1
                        log.exception("record %s/%d/%d could not be materialised; skipped", tp.topic,
                                      tp.partition, rec.offset)
                    self.applied += 1
                if not applied_any:
                    continue
                nxt = records[-1].offset + 1
                if row is None:
                    s.add(TopicOffset(topic=tp.topic, partition=tp.partition, next_offset=nxt, updated_at=utcnow()))
                else:
                    row.next_offset, row.updated_at = nxt, utcnow()

    def prune(self) -> int:
        """Drops orders that never had a case once they are older than the retention."""
        cutoff = utcnow() - self.retention
        with self.store.write() as s:
            res = s.execute(delete(Order).where(Order.received_at < cutoff,
                                                ~exists().where(Case.order_id == Order.order_id)))
            return res.rowcount or 0
