"""The console's database: engine, migrations, and the queries behind the pages.

SQLite (the default, a file) and PostgreSQL share one schema and one set of Alembic migrations.
On SQLite every writing transaction starts with ``BEGIN IMMEDIATE``: the materialiser and the
web requests write from different threads, and an immediate transaction waits for the other
writer (busy timeout) instead of failing when it upgrades from reading to writing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, and_, create_engine, delete, event, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from screener.console.models import (
    Action,
    AllowEntry,
    Case,
    CaseTag,
    DecisionRow,
    EntrySnapshot,
    Order,
    Suppression,
    User,
    WebSession,
    WorkerAudit,
)
from screener.console.settings import ROLES

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (Alembic ``upgrade``): safe to run at every start."""
    with engine.begin() as conn:
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def schema_revision(engine: Engine) -> tuple[str | None, str]:
    """(the database's revision, the newest revision of the migrations)."""
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision(), head


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class QueueFilter:
    status: str = "open"  # open, pending, escalated, confirmed, released, all
    code: str | None = None
    list: str | None = None
    country: str | None = None
    warehouse: str | None = None
    age: str | None = None  # "a-b" hours, either side may be empty: "24-" is older than a day
    q: str | None = None
    sort: str = "oldest"  # oldest, newest, score
    page: int = 1

    def age_bounds(self) -> tuple[float | None, float | None]:
        if not self.age or "-" not in self.age:
            return None, None
        lo, _, hi = self.age.partition("-")
        try:
            return (float(lo) if lo else None), (float(hi) if hi else None)
        except ValueError:
            return None, None


@dataclass
class QueuePage:
    rows: list[Case]
    total: int
    counts: dict[str, int]
    facets: dict[str, list[str]]
    pending: set[str] = field(default_factory=set)
    total_any_code: int = 0


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)

    def migrate(self) -> None:
        migrate(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as s, s.begin():
            yield s

    # ------------------------------------------------------------------ users and sessions
    def add_user(self, username: str, password_hash: str | None, role: str,
                 display_name: str | None = None) -> User:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        with self.write() as s:
            if s.scalar(select(User).where(User.username == username)) is not None:
                raise ValueError(f"user {username!r} already exists")
            user = User(username=username, password_hash=password_hash, role=role, display_name=display_name,
                        active=True, created_at=utcnow())
            s.add(user)
        return user

    def update_user(self, username: str, **changes: Any) -> User:
        if "role" in changes and changes["role"] not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self.write() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                raise ValueError(f"no user {username!r}")
            for k, v in changes.items():
                setattr(user, k, v)
            if changes.get("active") is False or "password_hash" in changes:
                s.execute(delete(WebSession).where(WebSession.user_id == user.id))
        return user

    def user(self, username: str) -> User | None:
        with self.read() as s:
            return s.scalar(select(User).where(User.username == username))

    def users(self) -> list[User]:
        with self.read() as s:
            return list(s.scalars(select(User).order_by(User.username)))

    def recent_login_failures(self, username: str, since: datetime) -> int:
        with self.read() as s:
            return s.scalar(select(func.count()).select_from(Action).where(
                Action.kind == "login", Action.state == "refused", Action.username == username,
                Action.at >= since)) or 0

    def create_session(self, user: User, client: str | None) -> tuple[str, str]:
        """A new session: (the cookie's token, the CSRF token). Only the token's hash is stored."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        with self.write() as s:
            s.add(WebSession(id=token_hash(token), user_id=user.id, csrf_token=csrf, client=client,
                             created_at=utcnow(), last_seen_at=utcnow()))
            db_user = s.get(User, user.id)
            db_user.last_login_at = utcnow()
        return token, csrf

    def session_user(self, token: str, idle: timedelta) -> tuple[WebSession, User] | None:
        now = utcnow()
        with self.read() as s:
            row = s.execute(select(WebSession, User).join(User, User.id == WebSession.user_id)
                            .where(WebSession.id == token_hash(token))).first()
        if row is None:
            return None
        sess, user = row
        if not user.active or sess.last_seen_at < now - idle:
            self.end_session(token)
            return None
        if now - sess.last_seen_at > timedelta(minutes=1):
            with self.write() as s:
                db = s.get(WebSession, sess.id)
                if db is not None:
                    db.last_seen_at = now
        return sess, user

    def end_session(self, token: str) -> None:
        with self.write() as s:
            s.execute(delete(WebSession).where(WebSession.id == token_hash(token)))

    # ------------------------------------------------------------------ actions
    def record(self, **fields: Any) -> Action:
        fields.setdefault("at", utcnow())
        with self.write() as s:
            action = Action(**fields)
            s.add(action)
        return action

    def action(self, action_id: int) -> Action | None:
        with self.read() as s:
            return s.get(Action, action_id)

    def pending_actions(self, order_id: str | None = None) -> list[Action]:
        with self.read() as s:
            q = select(Action).where(Action.state == "pending", Action.kind.in_(("clear", "allow_add")))
            if order_id is not None:
                q = q.where(Action.order_id == order_id)
            return list(s.scalars(q.order_by(Action.at)))

    def decide_pending(self, action_id: int, expect_kind: str, **changes: Any) -> Action | None:
        """Moves a pending action on (approved or rejected), once: None when it is no longer pending."""
        with self.write() as s:
            action = s.get(Action, action_id)
            if action is None or action.state != "pending" or action.kind != expect_kind:
                return None
            for k, v in changes.items():
                setattr(action, k, v)
        return action

    def outcome(self, review_id: str) -> WorkerAudit | None:
        with self.read() as s:
            return s.scalar(select(WorkerAudit).where(WorkerAudit.review_id == review_id)
                            .order_by(WorkerAudit.id.desc()).limit(1))

    # ------------------------------------------------------------------ queue
    def _filtered(self, f: QueueFilter, now: datetime, *, skip_code: bool = False):
        conds = []
        pending = exists().where(Action.order_id == Case.order_id, Action.state == "pending",
                                 Action.kind == "clear")
        if f.status == "open":
            conds.append(Case.status == "open")
        elif f.status == "pending":
            conds += [Case.status == "open", pending]
        elif f.status == "escalated":
            conds += [Case.status == "open", Case.escalated.is_(True)]
        elif f.status in ("confirmed", "released"):
            conds.append(Case.status == f.status)

        def tagged(kind: str, value: str):
            t = aliased(CaseTag)  # the counts query has CaseTag in its own FROM
            return exists().where(t.order_id == Case.order_id, t.kind == kind, t.value == value)

        if f.code and not skip_code:
            conds.append(tagged("code", f.code))
        if f.list:
            conds.append(tagged("list", f.list))
        if f.country:
            conds.append(tagged("country", f.country.upper()))
        if f.warehouse:
            conds.append(Case.warehouse_id == f.warehouse)
        lo, hi = f.age_bounds()
        if lo is not None:
            conds.append(Case.held_at <= now - timedelta(hours=lo))
        if hi is not None:
            conds.append(Case.held_at > now - timedelta(hours=hi))
        if f.q:
            like = f"%{f.q.strip().lower()}%"
            conds.append(or_(func.lower(Case.order_id).like(like), func.lower(Case.summary).like(like)))
        return and_(*conds) if conds else None

    def queue(self, f: QueueFilter, page_size: int = 100, now: datetime | None = None) -> QueuePage:
        now = now or utcnow()
        where = self._filtered(f, now)
        order = {"newest": [Case.held_at.desc()], "score": [Case.top_score.desc().nulls_last(), Case.held_at]}.get(
            f.sort, [Case.held_at.asc()])
        with self.read() as s:
            q = select(Case)
            cq = select(func.count()).select_from(Case)
            if where is not None:
                q, cq = q.where(where), cq.where(where)
            total = s.scalar(cq) or 0
            page = max(1, f.page)
            rows = list(s.scalars(q.order_by(*order, Case.order_id).limit(page_size)
                                  .offset((page - 1) * page_size)))
            count_where = self._filtered(f, now, skip_code=True)
            cnt = (select(CaseTag.value, func.count()).join(Case, Case.order_id == CaseTag.order_id)
                   .where(CaseTag.kind == "code"))
            if count_where is not None:
                cnt = cnt.where(count_where)
            counts = dict(s.execute(cnt.group_by(CaseTag.value).order_by(func.count().desc(), CaseTag.value)).all())
            any_code = select(func.count()).select_from(Case)
            if count_where is not None:
                any_code = any_code.where(count_where)
            total_any_code = s.scalar(any_code) or 0
            facets = {}
            scope = {"all": None, "confirmed": "confirmed", "released": "released"}.get(f.status, "open")
            open_ = Case.status == scope if scope else None
            for kind in ("code", "list", "country"):
                fq = select(CaseTag.value).distinct().join(Case, Case.order_id == CaseTag.order_id) \
                    .where(CaseTag.kind == kind)
                if open_ is not None:
                    fq = fq.where(open_)
                facets[kind] = sorted(s.scalars(fq))
            wq = select(Case.warehouse_id).distinct().where(Case.warehouse_id.is_not(None))
            if open_ is not None:
                wq = wq.where(open_)
            facets["warehouse"] = sorted(s.scalars(wq))
            ids = [r.order_id for r in rows]
            pending = set(s.scalars(select(Action.order_id).where(
                Action.order_id.in_(ids), Action.state == "pending", Action.kind == "clear"))) if ids else set()
        return QueuePage(rows, total, counts, facets, pending, total_any_code)

    def stats(self) -> dict[str, int]:
        with self.read() as s:
            by_status = dict(s.execute(select(Case.status, func.count()).group_by(Case.status)).all())
            return {"open": by_status.get("open", 0), "released": by_status.get("released", 0),
                    "confirmed": by_status.get("confirmed", 0),
                    "decisions": s.scalar(select(func.count()).select_from(DecisionRow)) or 0,
                    "orders": s.scalar(select(func.count()).select_from(Order)) or 0}

    # ------------------------------------------------------------------ case page
    def case_bundle(self, order_id: str) -> dict[str, Any] | None:
        with self.read() as s:
            case = s.get(Case, order_id)
            order = s.get(Order, order_id)
            decisions = list(s.scalars(select(DecisionRow).where(DecisionRow.order_id == order_id)
                                       .order_by(DecisionRow.screened_at, DecisionRow.decision_id)))
            if case is None and order is None and not decisions:
                return None
            audits = list(s.scalars(select(WorkerAudit).where(WorkerAudit.order_id == order_id)
                                    .order_by(WorkerAudit.at, WorkerAudit.id)))
            actions = list(s.scalars(select(Action).where(Action.order_id == order_id)
                                     .order_by(Action.at, Action.id)))
            suppressions = list(s.scalars(select(Suppression).where(Suppression.order_id == order_id)))
            hits = {(r.get("list"), r.get("entry_id")) for r in (case.reasons if case else [])
                    if r.get("code") == "WATCHLIST_MATCH"}
            allow = list(s.scalars(select(AllowEntry).where(or_(
                AllowEntry.order_id == order_id,
                AllowEntry.allow_id.in_([x.allow_id for x in suppressions]) if suppressions else False,
                *[and_(AllowEntry.list == lst, AllowEntry.entry_id == eid) for lst, eid in hits if lst and eid],
            )).order_by(AllowEntry.created_at)))
            snapshots = {e.key: e for e in s.scalars(select(EntrySnapshot).where(
                EntrySnapshot.key.in_([f"{lst}/{eid}" for lst, eid in hits if lst and eid])))} if hits else {}
        return {"case": case, "order": order, "decisions": decisions, "audits": audits, "actions": actions,
                "suppressions": suppressions, "allow": allow, "snapshots": snapshots}

    # ------------------------------------------------------------------ allow-list
    def allow_entries(self, state: str | None = None) -> list[AllowEntry]:
        with self.read() as s:
            q = select(AllowEntry)
            if state:
                q = q.where(AllowEntry.state == state)
            return list(s.scalars(q.order_by(AllowEntry.created_at.desc())))

    def allow_entry(self, allow_id: str) -> AllowEntry | None:
        with self.read() as s:
            return s.get(AllowEntry, allow_id)

    def suppression_counts(self) -> dict[str, int]:
        with self.read() as s:
            return dict(s.execute(select(Suppression.allow_id, func.count()).group_by(Suppression.allow_id)).all())

    # ------------------------------------------------------------------ audit trail
    def audit_rows(self, since: datetime | None = None, until: datetime | None = None,
                   order_id: str | None = None, user: str | None = None,
                   limit: int | None = None) -> list[dict[str, Any]]:
        """One row per action, newest first: the console's own actions with the worker's outcome of
        the command they sent, and the worker's audit records of commands the console did not send
        (CLI, HTTP endpoint, or forged ones written straight to the topic)."""
        with self.read() as s:
            aq = select(Action)
            wq = select(WorkerAudit).where(or_(WorkerAudit.review_id.is_(None), ~exists().where(
                Action.review_id == WorkerAudit.review_id)))
            if since:
                aq, wq = aq.where(Action.at >= since), wq.where(WorkerAudit.at >= since)
            if until:
                aq, wq = aq.where(Action.at < until), wq.where(WorkerAudit.at < until)
            if order_id:
                aq, wq = aq.where(Action.order_id == order_id), wq.where(WorkerAudit.order_id == order_id)
            if user:
                aq = aq.where(or_(Action.username == user, Action.approver == user))
                wq = wq.where(or_(WorkerAudit.reviewer == user, WorkerAudit.approver == user))
            if limit:
                aq, wq = aq.order_by(Action.at.desc()).limit(limit), wq.order_by(WorkerAudit.at.desc()).limit(limit)
            actions = list(s.scalars(aq))
            outcomes: dict[str, WorkerAudit] = {}
            rids = [a.review_id for a in actions if a.review_id]
            for i in range(0, len(rids), 500):
                for w in s.scalars(select(WorkerAudit).where(WorkerAudit.review_id.in_(rids[i:i + 500]))
                                   .order_by(WorkerAudit.id)):
                    outcomes[w.review_id] = w
            workers = list(s.scalars(wq))
        rows = [action_row(a, outcomes.get(a.review_id or "")) for a in actions]
        rows += [worker_row(w) for w in workers]
        rows.sort(key=lambda r: r["at"], reverse=True)
        return rows[:limit] if limit else rows


AUDIT_FIELDS = ["at", "source", "user", "role", "client", "action", "order_id", "reason", "state", "outcome",
                "detail", "approver", "approver_client", "approved_at", "review_id", "reviewed_decision_id",
                "release_decision_id", "hold_codes", "cleared_hits", "watchlist_version", "policy_version",
                "allow_id", "outcome_at"]


def action_row(a: Action, w: WorkerAudit | None) -> dict[str, Any]:
    return {
        "at": a.at, "source": "console", "user": a.username, "role": a.role, "client": a.client,
        "action": a.kind, "order_id": a.order_id, "reason": a.reason, "state": a.state,
        "outcome": w.outcome if w else None,
        "detail": "; ".join(x for x in (a.detail, w.detail if w else None) if x) or None,
        "approver": a.approver, "approver_client": a.approver_client, "approved_at": a.decided_at,
        "review_id": a.review_id, "reviewed_decision_id": a.decision_id,
        "release_decision_id": w.decision_id if w else None,
        "hold_codes": (w.hold_codes if w and w.hold_codes else a.hold_codes) or [],
        "cleared_hits": (w.cleared_hits if w and w.cleared_hits else a.hits) or [],
        "watchlist_version": (w.watchlist_version if w else None) or a.watchlist_version,
        "policy_version": (w.policy_version if w else None) or a.policy_version,
        "allow_id": a.allow_id, "outcome_at": w.at if w else None,
    }


def worker_row(w: WorkerAudit) -> dict[str, Any]:
    return {
        "at": w.at, "source": w.source or "worker", "user": w.reviewer, "role": None, "client": w.client,
        "action": w.action, "order_id": w.order_id, "reason": w.reason, "state": "received",
        "outcome": w.outcome, "detail": w.detail, "approver": w.approver, "approver_client": None,
        "approved_at": None, "review_id": w.review_id, "reviewed_decision_id": w.reviewed_decision_id,
        "release_decision_id": w.decision_id, "hold_codes": w.hold_codes or [],
        "cleared_hits": w.cleared_hits or [], "watchlist_version": w.watchlist_version,
        "policy_version": w.policy_version, "allow_id": None, "outcome_at": w.at,
    }
