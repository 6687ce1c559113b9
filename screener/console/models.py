"""The console's database: one schema for SQLite and PostgreSQL (migrations in ``migrations/``).

What comes from Kafka (orders, decisions, worker audit records, allow-list records, the offsets
read) is materialised here; what the console does (users, sessions, actions) is recorded here
first. Times are stored in UTC and read back timezone-aware on both databases.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), doc="argon2id; None: proxy sign-in only")
    role: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_login_at: Mapped[datetime | None]


class WebSession(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, doc="sha256 of the cookie's token")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    client: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_seen_at: Mapped[datetime] = mapped_column(default=now)


class TopicOffset(Base):
    """The next offset to read per topic partition: the materialiser resumes here after a restart."""

    __tablename__ = "topic_offsets"

    topic: Mapped[str] = mapped_column(String(255), primary_key=True)
    partition: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_offset: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Order(Base):
    """The latest event of an order (the one with the highest order version, else the last read)."""

    __tablename__ = "orders"

    order_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    order_version: Mapped[int | None] = mapped_column(BigInteger)
    event_type: Mapped[str | None] = mapped_column(String(20))
    occurred_at: Mapped[datetime | None]
    warehouse_id: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = mapped_column(default=now, index=True)


class Case(Base):
    """An order that was held at some point. ``status``: open, confirmed (the hold stands) or
    released (manually, by re-screening, or by a later event)."""

    __tablename__ = "cases"

    order_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    held_at: Mapped[datetime] = mapped_column(doc="When the current hold began (its first HOLD decision)")
    updated_at: Mapped[datetime] = mapped_column(default=now)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(200))
    last_decision_id: Mapped[str] = mapped_column(String(64))
    hold_decision_id: Mapped[str | None] = mapped_column(String(64), doc="The latest HOLD decision")
    watchlist_version: Mapped[int | None] = mapped_column(BigInteger)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    rescreen: Mapped[bool] = mapped_column(Boolean, default=False)
    warehouse_id: Mapped[str | None] = mapped_column(String(200))
    top_score: Mapped[float | None] = mapped_column(Float)
    summary: Mapped[str | None] = mapped_column(String(500), doc="The parties, for the queue")
    reasons: Mapped[list[Any]] = mapped_column(doc="The latest HOLD's reasons")
    suppressed: Mapped[list[Any]] = mapped_column(default=list, doc="Allow-list suppressions of the last decision")

    __table_args__ = (Index("ix_cases_status_held_at", "status", "held_at"),)


class CaseTag(Base):
    """Filterable facets of a case: kind is code, list, country or party."""

    __tablename__ = "case_tags"

    order_id: Mapped[str] = mapped_column(ForeignKey("cases.order_id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)

    __table_args__ = (Index("ix_case_tags_kind_value", "kind", "value"),)


class DecisionRow(Base):
    __tablename__ = "decisions"

    decision_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(200), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    screened_at: Mapped[datetime]
    rescreen: Mapped[bool] = mapped_column(Boolean, default=False)
    watchlist_version: Mapped[int | None] = mapped_column(BigInteger)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]


class WorkerAudit(Base):
    """A record of the review-audit topic: the worker's outcome of a review command."""

    __tablename__ = "worker_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(255))
    partition: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(BigInteger)
    review_id: Mapped[str | None] = mapped_column(String(64), index=True)
    order_id: Mapped[str | None] = mapped_column(String(200), index=True)
    action: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    reviewer: Mapped[str | None] = mapped_column(String(200))
    approver: Mapped[str | None] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    decision_id: Mapped[str | None] = mapped_column(String(64))
    reviewed_decision_id: Mapped[str | None] = mapped_column(String(64))
    hold_codes: Mapped[list[Any]] = mapped_column(default=list)
    cleared_hits: Mapped[list[Any]] = mapped_column(default=list)
    watchlist_version: Mapped[int | None] = mapped_column(BigInteger)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("topic", "partition", "offset", name="uq_worker_audit_position"),)


class Action(Base):
    """Everything a console user did or tried, accepted or refused: the console's own audit trail.

    kind: clear, confirm, escalate, note, approve, reject, allow_add, allow_approve, allow_reject,
    allow_revoke, login, logout, user_add. state: pending (awaits a second reviewer), sent (a
    signed command is on the reviews topic: the worker's outcome is in worker_audit under
    review_id), done, rejected (by the second reviewer) or refused (by the console)."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    username: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(20))
    client: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    order_id: Mapped[str | None] = mapped_column(String(200), index=True)
    review_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    approver: Mapped[str | None] = mapped_column(String(200))
    approver_client: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    decision_id: Mapped[str | None] = mapped_column(String(64), doc="The held decision the user saw")
    hold_codes: Mapped[list[Any]] = mapped_column(default=list)
    hits: Mapped[list[Any]] = mapped_column(default=list, doc="list/entry_id of the hold's watch-list hits")
    watchlist_version: Mapped[int | None] = mapped_column(BigInteger)
    policy_version: Mapped[str | None] = mapped_column(String(64))
    allow_id: Mapped[str | None] = mapped_column(String(100), index=True)
    related_id: Mapped[int | None] = mapped_column(Integer, doc="The pending action an approval decided")


class AllowEntry(Base):
    """An allow-list record ('party X is not listed entry Y'). state: pending (awaits a second
    reviewer), active (published on the allow-list topic), revoked (tombstoned) or rejected."""

    __tablename__ = "allow_entries"

    allow_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    party_name: Mapped[str] = mapped_column(String(500))
    party_country: Mapped[str | None] = mapped_column(String(2))
    party_address: Mapped[str | None] = mapped_column(String(1000))
    list: Mapped[str] = mapped_column(String(100))
    entry_id: Mapped[str] = mapped_column(String(200))
    entry_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    approver: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    order_id: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    signature_ok: Mapped[bool | None] = mapped_column(Boolean, doc="Of the record read back from the topic")
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON, doc="The signed record as published")

    __table_args__ = (Index("ix_allow_entries_list_entry", "list", "entry_id"),)


class Suppression(Base):
    """A decision in which a worker suppressed a hit because of an allow-list record."""

    __tablename__ = "suppressions"

    decision_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    allow_id: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    order_id: Mapped[str] = mapped_column(String(200), index=True)
    list: Mapped[str | None] = mapped_column(String(100))
    entry_id: Mapped[str | None] = mapped_column(String(200))
    party_name: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime]


class EntrySnapshot(Base):
    """The listed entries that held a case, as the console knew them when it materialised the hold:
    the case page can still show an entry after it has left the list."""

    __tablename__ = "entry_snapshots"

    key: Mapped[str] = mapped_column(String(300), primary_key=True, doc="list/entry_id")
    entry_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]
    seen_at: Mapped[datetime] = mapped_column(default=now)
