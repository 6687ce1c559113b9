"""The console's web application (FastAPI, server-rendered Jinja2 pages, htmx; no build step).

Pages: sign-in, the queue of holds, a case, the allow-list, the audit trail (with CSV and JSON
lines export) and the users. Every POST needs the session's CSRF token (form field
``csrf_token`` or header ``X-CSRF-Token``); every action is recorded with the authenticated user
and the client's address, refused ones included.

Endpoints are plain functions run in the thread pool (the database calls are synchronous); the
Kafka producer lives on the event loop and is reached with ``anyio.from_thread.run``.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import anyio.from_thread
import orjson
from fastapi import Depends, FastAPI, Form, Header, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from screener.config import Settings
from screener.console.auth import (
    Principal,
    hash_password,
    needs_rehash,
    same_token,
    verify_password,
)
from screener.console.explain import (
    country_label,
    describe_reason,
    explain_hit,
    role_name,
    title,
)
from screener.console.kafka import ConsoleKafka
from screener.console.materialise import HIT_CODES, Applier, Materialiser, format_address, party_country
from screener.console.models import Action, AllowEntry, Case
from screener.console.settings import DEFAULT_ALLOW_DAYS, DEFAULT_FOUR_EYES, ConsoleSettings
from screener.console.store import AUDIT_FIELDS, QueueFilter, Store, schema_revision, utcnow
from screener.console.watchlist import ControlFollower
from screener.events.allowlist import AllowRecord
from screener.events.control import WatchlistEntry, entry_hash
from screener.events.review import ReviewCommand

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "screener_session"
LOGIN_COOKIE = "screener_login_csrf"
REVIEW_ACTIONS = ("clear", "confirm", "escalate", "note")

MESSAGES = {
    "clear-requested": "Clear requested. It waits for a second reviewer (an approver or admin) to approve it.",
    "sent": "Sent to the worker that owns the order. The outcome appears in the history below.",
    "approved": "Approved and sent to the worker. The outcome appears in the history below.",
    "rejected": "Request rejected; nothing was sent.",
    "withdrawn": "Request withdrawn; nothing was sent.",
    "allow-requested": "Allow-list record proposed. It waits for a second reviewer to approve it.",
    "allow-published": "Allow-list record published: workers suppress this hit for this party from now on.",
    "allow-revoked": "Allow-list record revoked: workers screen this party against the entry again.",
}


@dataclass
class ReviewPolicy:
    four_eyes: frozenset[str] = frozenset(DEFAULT_FOUR_EYES)
    allow_days: int = DEFAULT_ALLOW_DAYS
    threshold: float | None = None
    version: str | None = None


def load_review_policy(settings: Settings) -> ReviewPolicy:
    """The four-eyes codes and allow-list expiry from the policy file's ``review`` section (defaults
    while a policy has none), and the hold threshold the explanations compare against."""
    from screener.policy import Policy

    try:
        policy = Policy.load(settings.policy_file, item_risk_path=settings.item_risk_file)
    except Exception as exc:  # noqa: BLE001 - the console still works with the defaults
        log.warning("policy not loaded (%s); four eyes for %s", exc, ", ".join(DEFAULT_FOUR_EYES))
        return ReviewPolicy()
    review = getattr(policy.model, "review", None)
    four = getattr(review, "four_eyes", None)
    days = getattr(review, "allow_list_expiry_days", None)
    return ReviewPolicy(four_eyes=frozenset(four if four is not None else DEFAULT_FOUR_EYES),
                        allow_days=int(days or DEFAULT_ALLOW_DAYS), threshold=policy.threshold,
                        version=policy.version)


@dataclass
class Console:
    settings: Settings
    cfg: ConsoleSettings
    store: Store
    kafka: ConsoleKafka
    follower: ControlFollower
    policy: ReviewPolicy
    materialiser: Materialiser | None = None
    tasks: list[asyncio.Task] = field(default_factory=list)


class NeedLogin(Exception):
    pass


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------------------------------- helpers
def client_of(request: Request, cfg: ConsoleSettings) -> str | None:
    host = request.client.host if request.client else None
    fwd = request.headers.get("x-forwarded-for")
    if fwd and host in cfg.trusted_proxies:
        return fwd.split(",")[0].strip()[:200]
    return host


def fmt_dt(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value else "—"


def fmt_age(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return "—"
    secs = max(0, int(((now or utcnow()) - value).total_seconds()))
    d, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m = rem // 60
    if d:
        return f"{d} d {h} h"
    if h:
        return f"{h} h {m:02d} min"
    return f"{m} min" if m else f"{secs} s"


def sla_state(held_at: datetime | None, sla_hours: float, now: datetime | None = None) -> str:
    if held_at is None:
        return ""
    used = ((now or utcnow()) - held_at).total_seconds() / 3600 / sla_hours
    return "overdue" if used >= 1 else "due" if used >= 0.75 else "ok"


def find_party(parties: list[dict], reason: dict) -> dict | None:
    role, name = reason.get("party_role"), (reason.get("party_name") or "").strip().casefold()
    for p in parties:
        if p.get("role") == role and str(p.get("name", "")).strip().casefold() == name:
            return p
    for p in parties:
        if str(p.get("name", "")).strip().casefold() == name:
            return p
    return None


def unique_codes(reasons: list[dict]) -> list[str]:
    out: list[str] = []
    for r in reasons or []:
        if r.get("code") and r["code"] not in out:
            out.append(r["code"])
    return out


def top_hit(reasons: list[dict]) -> dict | None:
    hits = [r for r in reasons or [] if r.get("code") in HIT_CODES]
    return max(hits, key=lambda r: r.get("score") or 0) if hits else None


def allow_status(a: AllowEntry, current_hash: str | None, now: datetime) -> tuple[str, str]:
    """(status, explanation) of an allow-list record as the workers would apply it."""
    if a.state in ("pending", "rejected", "revoked"):
        return a.state, {"pending": "waits for a second reviewer", "rejected": "rejected by the second reviewer",
                         "revoked": f"revoked{' by ' + a.revoked_by if a.revoked_by else ''}"}[a.state]
    if a.expires_at <= now:
        return "expired", f"expired {fmt_dt(a.expires_at)}"
    if current_hash is None:
        return "stale", "the entry is no longer listed (or not yet known to the console)"
    if current_hash != a.entry_hash:
        return "stale", "the entry changed since the record was made: the hit is screened again"
    return "active", f"suppresses the hit until {fmt_dt(a.expires_at)}"


# ---------------------------------------------------------------------------------------- app
def create_app(settings: Settings | None = None, cfg: ConsoleSettings | None = None, *,
               migrate: bool = True, background: bool = True) -> FastAPI:
    settings = settings or Settings()
    cfg = cfg or ConsoleSettings()
    store = Store(cfg.database_url)
    follower = ControlFollower(settings)
    console = Console(settings=settings, cfg=cfg, store=store, kafka=ConsoleKafka(settings), follower=follower,
                      policy=load_review_policy(settings))
    if cfg.materialise:
        console.materialiser = Materialiser(store, settings, Applier(settings, follower.for_reason),
                                            retention=timedelta(hours=cfg.order_retention_hours))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        if migrate:
            await run_in_threadpool(store.migrate)
        if background:
            console.tasks = [asyncio.create_task(console.kafka.run(), name="console-kafka"),
                             asyncio.create_task(follower.run(), name="console-watchlist")]
            if console.materialiser is not None:
                console.tasks.append(asyncio.create_task(console.materialiser.run(), name="console-materialiser"))
            for t in console.tasks:
                t.add_done_callback(_report)
        try:
            yield
        finally:
            for t in console.tasks:
                t.cancel()
            for t in console.tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
            store.dispose()

    app = FastAPI(title="screener console", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.console = console
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.filters.update(dt=fmt_dt, age=fmt_age, country=country_label, title=title, role=role_name,
                       pct=lambda v: f"{v:.0%}" if isinstance(v, int | float) else "—",
                       score=lambda v: f"{v:.2f}" if isinstance(v, int | float) else "—",
                       address=format_address)
    env.globals.update(sla_hours=cfg.sla_hours, HIT_CODES=HIT_CODES)

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
        p: Principal | None = request.state.principal
        base = {"user": p, "csrf": p.csrf if p else None, "path": request.url.path,
                "msg": MESSAGES.get(request.query_params.get("msg", "")), "now": utcnow()}
        return templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)

    # ------------------------------------------------------------------ authentication
    def resolve(request: Request) -> tuple[Principal | None, str | None]:
        token = request.cookies.get(SESSION_COOKIE)
        proxy_user = None
        if cfg.auth_header and request.client and request.client.host in cfg.trusted_proxies:
            proxy_user = request.headers.get(cfg.auth_header)
        if token:
            found = store.session_user(token, timedelta(hours=cfg.session_hours))
            if found is not None:
                sess, user = found
                if proxy_user is None or proxy_user == user.username:
                    return Principal(user.username, user.role, sess.csrf_token, user.display_name), None
        if proxy_user:
            user = store.user(proxy_user)
            if user is None or not user.active:
                store.record(kind="login", state="refused", username=proxy_user[:200], client=client_of(request, cfg),
                             detail=f"{cfg.auth_header} names no active console user")
                return None, None
            token, csrf = store.create_session(user, client_of(request, cfg))
            store.record(kind="login", state="done", username=user.username, role=user.role,
                         client=client_of(request, cfg), detail=f"signed in by the proxy's {cfg.auth_header} header")
            return Principal(user.username, user.role, csrf, user.display_name), token
        return None, None

    @app.middleware("http")
    async def authenticate(request: Request, call_next):
        request.state.principal = None
        new_token = None
        if not request.url.path.startswith("/static/"):
            request.state.principal, new_token = await run_in_threadpool(resolve, request)
        response = await call_next(request)
        if new_token:
            _session_cookie(response, new_token)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                    "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        return response

    def _session_cookie(response: Response, token: str) -> None:
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=cfg.secure_cookies,
                            max_age=int(cfg.session_hours * 3600 * 3), path="/")

    def require_user(request: Request) -> Principal:
        p = request.state.principal
        if p is None:
            raise NeedLogin()
        return p

    def require_csrf(request: Request, p: Principal = Depends(require_user),
                     csrf_token: str | None = Form(None),
                     x_csrf_token: str | None = Header(None)) -> Principal:
        if not same_token(csrf_token or x_csrf_token, p.csrf):
            store.record(kind=_kind_of(request.url.path), state="refused", username=p.username, role=p.role,
                         client=client_of(request, cfg), order_id=request.path_params.get("order_id"),
                         detail=f"missing or wrong CSRF token on POST {request.url.path}")
            raise Refused(403, "The form's security token is missing or wrong. Reload the page and try again.")
        return p

    def require_role(p: Principal, wanted: str, request: Request, what: str, **fields: Any) -> None:
        if not p.can(wanted):
            store.record(kind=what, state="refused", username=p.username, role=p.role,
                         client=client_of(request, cfg), detail=f"needs the {wanted} role", **fields)
            raise Refused(403, f"This needs the {wanted} role; you are a {p.role}.")

    @app.exception_handler(NeedLogin)
    async def _need_login(request: Request, exc: NeedLogin):
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return HTMLResponse("Sign in first.", status_code=401)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        path = request.url.path
        back = ("/cases/" + path.split("/")[2]) if path.startswith("/cases/") else \
            "/allow-list" if path.startswith("/allow-list") else None
        return render(request, "error.html", {"title": "Refused" if exc.status != 404 else "Not found",
                                              "message": exc.message, "back": back}, exc.status)

    # ------------------------------------------------------------------ sign-in
    @app.get("/login")
    def login_form(request: Request, next: str = "/queue") -> Response:
        token = request.cookies.get(LOGIN_COOKIE) or uuid.uuid4().hex
        resp = render(request, "login.html", {"login_csrf": token, "next": _safe_next(next), "error": None,
                                              "proxy": cfg.auth_header})
        resp.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=cfg.secure_cookies)
        return resp

    @app.post("/login")
    def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/queue"),
              csrf_token: str | None = Form(None)) -> Response:
        client = client_of(request, cfg)
        username = username.strip()[:100]
        cookie = request.cookies.get(LOGIN_COOKIE)

        def fail(status: int, error: str, detail: str) -> Response:
            store.record(kind="login", state="refused", username=username or None, client=client, detail=detail)
            token = cookie or uuid.uuid4().hex
            resp = render(request, "login.html", {"login_csrf": token, "next": _safe_next(next), "error": error,
                                                  "username": username, "proxy": cfg.auth_header}, status)
            resp.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=cfg.secure_cookies)
            return resp

        if not same_token(csrf_token, cookie):
            return fail(403, "The sign-in form expired. Please try again.", "missing or wrong CSRF token on sign-in")
        since = utcnow() - timedelta(minutes=cfg.login_lockout_minutes)
        if username and store.recent_login_failures(username, since) >= cfg.login_max_failures:
            return fail(429, f"Too many failed sign-ins: try again in {cfg.login_lockout_minutes:g} minutes.",
                        "locked: too many failed sign-ins")
        user = store.user(username) if username else None
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or not user.active:
            return fail(401, "Wrong user name or password.",
                        "wrong user name or password" if not user or ok is False else "account disabled")
        if needs_rehash(user.password_hash):
            store.update_user(user.username, password_hash=hash_password(password))
        token, _csrf = store.create_session(user, client)
        store.record(kind="login", state="done", username=user.username, role=user.role, client=client)
        resp = RedirectResponse(_safe_next(next), status_code=303)
        _session_cookie(resp, token)
        resp.delete_cookie(LOGIN_COOKIE)
        return resp

    @app.post("/logout")
    def logout(request: Request, p: Principal = Depends(require_csrf)) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            store.end_session(token)
        store.record(kind="logout", state="done", username=p.username, role=p.role, client=client_of(request, cfg))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE)
        return resp

    # ------------------------------------------------------------------ queue
    @app.get("/")
    def index() -> Response:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/queue")
    def queue(request: Request, p: Principal = Depends(require_user), status: str = "open", code: str = "",
              list: str = "", country: str = "", warehouse: str = "", age: str = "", q: str = "",
              sort: str = "oldest", page: int = 1) -> Response:
        f = QueueFilter(status=status, code=code or None, list=list or None, country=country or None,
                        warehouse=warehouse or None, age=age or None, q=q or None, sort=sort, page=max(1, page))
        result = store.queue(f, cfg.page_size)
        now = utcnow()
        rows = [{"case": c, "codes": unique_codes(c.reasons), "hit": top_hit(c.reasons),
                 "age": fmt_age(c.held_at, now), "sla": sla_state(c.held_at, cfg.sla_hours, now),
                 "pending": c.order_id in result.pending} for c in result.rows]
        params = {k: v for k, v in dict(status=status, code=code, list=list, country=country, warehouse=warehouse,
                                        age=age, q=q, sort=sort).items() if v}
        ctx = {"f": f, "rows": rows, "total": result.total, "counts": result.counts, "facets": result.facets,
               "total_any_code": result.total_any_code,
               "params": params, "page": f.page, "pages": max(1, -(-result.total // cfg.page_size)),
               "with_params": lambda **kw: "/queue?" + urlencode({**params, **kw, "page": kw.get("page", 1)}),
               "health": health_data()}
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "queue-results":
            return render(request, "_queue_results.html", ctx)
        return render(request, "queue.html", ctx)

    # ------------------------------------------------------------------ case
    def case_context(order_id: str) -> dict[str, Any]:
        b = store.case_bundle(order_id)
        if b is None:
            raise Refused(404, f"No case or order {order_id!r} is known to the console.")
        case: Case | None = b["case"]
        order = b["order"].data if b["order"] else None
        parties = [p for p in (order or {}).get("parties") or [] if isinstance(p, dict)]
        reasons = case.reasons if case else []
        now = utcnow()
        hits, others = [], []
        for i, r in enumerate(reasons):
            if r.get("code") in HIT_CODES:
                key = f"{r.get('list')}/{r.get('entry_id')}"
                entry = follower.for_reason(r)
                entry_note = None
                if entry is None and key in b["snapshots"]:
                    snap = b["snapshots"][key]
                    entry = WatchlistEntry.model_validate(snap.data)
                    entry_note = f"as the console saw it on {fmt_dt(snap.seen_at)}; no longer in the current list"
                party = find_party(parties, r)
                current = entry_hash(entry) if entry is not None and entry_note is None else None
                allow = [(a, *allow_status(a, current, now)) for a in b["allow"]
                         if a.list == r.get("list") and a.entry_id == r.get("entry_id")]
                hits.append({"index": i, "r": r, "party": party, "entry": entry, "entry_note": entry_note,
                             "ex": explain_hit(r, party, entry, console.policy.threshold), "allow": allow,
                             "party_country": party_country(party) if party else None,
                             "can_allow": entry is not None and current is not None and r.get("party_name")})
            else:
                others.append({"r": r, "title": title(r.get("code", "")), "text": describe_reason(r)})
        actions: list[Action] = b["actions"]
        audits = b["audits"]
        by_review = {a.review_id: a for a in audits if a.review_id}
        pending = [a for a in actions if a.state == "pending"]
        awaiting = [a for a in actions if a.state == "sent" and a.review_id not in by_review]
        # The worker's refusals of this console's commands in the last day, newest first.
        refused = [(a, by_review[a.review_id]) for a in reversed(actions)
                   if a.review_id in by_review and by_review[a.review_id].outcome == "rejected"
                   and by_review[a.review_id].at > now - timedelta(days=1)]
        codes = unique_codes(reasons)
        dests = [(p, party_country(p)) for p in parties
                 if p.get("role") in ("ship_to", "end_user", "intermediate_consignee")]
        return {"order_id": order_id, "case": case, "order": order, "parties": parties, "hits": hits,
                "others": others, "codes": codes, "four_eyes": sorted(set(codes) & console.policy.four_eyes),
                "pending": pending, "awaiting": awaiting, "refused": refused[:3], "history": history(b, by_review),
                "destinations": dests,
                "lines": [x for x in (order or {}).get("lines") or [] if isinstance(x, dict)],
                "sla": sla_state(case.held_at, cfg.sla_hours, now) if case and case.status == "open" else "",
                "allow_days": console.policy.allow_days, "suppressions": b["suppressions"],
                "decisions": b["decisions"]}

    def history(b: dict, by_review: dict) -> list[dict]:
        items: list[dict] = []
        for d in b["decisions"]:
            data = d.data
            codes = unique_codes(data.get("reasons") or [])
            manual = next((r for r in data.get("reasons") or [] if r.get("code") == "MANUAL_RELEASE"), None)
            if manual:
                text = f"Released by {manual.get('reviewer') or 'a reviewer'}: {manual.get('detail') or ''}"
            elif d.decision == "HOLD":
                text = ("Held again by re-screening: " if d.rescreen else "Held: ") + ", ".join(title(c) for c in codes)
            else:
                text = "Released by re-screening" if d.rescreen else "Released"
            sup = data.get("suppressed") or []
            if sup:
                text += "; suppressed by allow-list " + ", ".join(
                    f"{s.get('allow_id')} ({s.get('party_name')} is not {s.get('list')} {s.get('entry_id')})"
                    for s in sup)
            items.append({"at": d.screened_at, "kind": "decision", "tone": d.decision.lower(), "who": "worker",
                          "text": text, "meta": f"decision {d.decision_id} · list v{d.watchlist_version} · "
                                                f"policy {d.policy_version or '—'}"})
        for a in b["actions"]:
            items.append({"at": a.at, "kind": "action", "tone": "refused" if a.state == "refused" else "action",
                          "who": a.username, "text": action_text(a), "meta": action_meta(a)})
            if a.decided_at and a.approver:
                verb = "approved" if a.state in ("sent", "done") else "rejected"
                items.append({"at": a.decided_at, "kind": "action", "tone": "action", "who": a.approver,
                              "text": f"{verb.capitalize()} {a.username}'s {a.kind.replace('_', ' ')}",
                              "meta": f"from {a.approver_client or '—'}"})
        for w in b["audits"]:
            items.append({"at": w.at, "kind": "outcome", "tone": "refused" if w.outcome == "rejected" else "ok",
                          "who": "worker", "text": f"Worker outcome of the {w.action or 'command'}: {w.outcome}"
                          + (f" — {w.detail}" if w.detail else ""),
                          "meta": " · ".join(x for x in (
                              f"review {w.review_id}" if w.review_id else None,
                              f"by {w.reviewer}" + (f", approved by {w.approver}" if w.approver else "")
                              if w.reviewer else None, f"source {w.source}" if w.source else None,
                              f"release {w.decision_id}" if w.decision_id else None) if x)})
        items.sort(key=lambda x: x["at"])
        return items

    def action_text(a: Action) -> str:
        verbs = {"clear": "cleared the hold", "confirm": "confirmed the hold", "escalate": "escalated the case",
                 "note": "added a note", "approve": "approved", "reject": "rejected",
                 "allow_add": "proposed an allow-list record", "allow_revoke": "revoked an allow-list record",
                 "allow_approve": "approved an allow-list record", "allow_reject": "rejected an allow-list record"}
        verb = verbs.get(a.kind, a.kind)
        if a.kind == "clear" and a.state == "pending":
            verb = "asked to clear the hold (waits for a second reviewer)"
        elif a.state == "refused":
            verb = f"tried: {a.kind.replace('_', ' ')} — refused"
        text = f"{a.username or 'someone'} {verb}"
        if a.reason:
            text += f": “{a.reason}”"
        if a.detail and a.state == "refused":
            text += f" ({a.detail})"
        return text

    def action_meta(a: Action) -> str:
        parts = [f"from {a.client or '—'}", f"state {a.state}"]
        if a.review_id:
            parts.append(f"review {a.review_id}")
        if a.allow_id:
            parts.append(f"allow {a.allow_id}")
        return " · ".join(parts)

    @app.get("/cases/{order_id}")
    def case_page(request: Request, order_id: str, p: Principal = Depends(require_user)) -> Response:
        return render(request, "case.html", case_context(order_id))

    @app.get("/cases/{order_id}/history")
    def case_history(request: Request, order_id: str, p: Principal = Depends(require_user)) -> Response:
        return render(request, "_history.html", {**case_context(order_id), "oob": True})

    def send(cmd: ReviewCommand) -> None:
        anyio.from_thread.run(console.kafka.send_review, cmd)

    @app.post("/cases/{order_id}/actions")
    def case_action(request: Request, order_id: str, p: Principal = Depends(require_csrf),
                    action: str = Form(...), reason: str = Form(""), decision_id: str = Form("")) -> Response:
        client = client_of(request, cfg)
        reason = reason.strip()
        b = store.case_bundle(order_id)
        case: Case | None = b["case"] if b else None
        base = dict(username=p.username, role=p.role, client=client, order_id=order_id, reason=reason or None,
                    kind=action if action in REVIEW_ACTIONS else "review")

        def refuse(message: str, status: int = 409) -> None:
            store.record(state="refused", detail=message, **base)
            raise Refused(status, message)

        if action not in REVIEW_ACTIONS:
            refuse(f"unknown action {action!r}", 400)
        if case is None:
            refuse("no case for this order", 404)
        if not reason:
            refuse("a reason is required", 400)
        if len(reason) > 2000:
            refuse("the reason is longer than 2,000 characters", 400)
        if action != "note":
            if case.status != "open":
                refuse(f"the case is {case.status}, not open")
            if decision_id and decision_id != case.hold_decision_id:
                refuse("the hold changed while you were looking at it (a newer decision arrived): reload the case")
        codes = unique_codes(case.reasons)
        hits = sorted({f"{r.get('list')}/{r.get('entry_id')}" for r in case.reasons if r.get("code") in HIT_CODES})
        fields = dict(decision_id=case.hold_decision_id, hold_codes=codes, hits=hits,
                      watchlist_version=case.watchlist_version, policy_version=case.policy_version,
                      review_id=uuid.uuid4().hex, **base)
        if action == "clear" and set(codes) & console.policy.four_eyes:
            if any(a.kind == "clear" for a in store.pending_actions(order_id)):
                refuse("a clear of this hold already waits for approval")
            store.record(state="pending", **fields)
            return RedirectResponse(f"/cases/{quote(order_id)}?msg=clear-requested", status_code=303)
        row = store.record(state="sent", **fields)
        try:
            send(ReviewCommand(order_id=order_id, action=action, reviewer=p.username, reason=reason,
                               review_id=row.review_id, requested_at=row.at, source="console", client=client,
                               decision_id=case.hold_decision_id))
        except Exception as exc:  # noqa: BLE001 - the user is told; the action says why
            _fail_action(row.id, f"not sent: Kafka unavailable ({exc})")
            raise Refused(503, f"The command could not be sent to Kafka: {exc}") from None
        return RedirectResponse(f"/cases/{quote(order_id)}?msg=sent", status_code=303)

    def _fail_action(action_id: int, detail: str) -> None:
        with store.write() as s:
            a = s.get(Action, action_id)
            a.state, a.detail = "failed", detail

    @app.post("/actions/{action_id}/approve")
    def approve(request: Request, action_id: int, p: Principal = Depends(require_csrf)) -> Response:
        client = client_of(request, cfg)
        a = store.action(action_id)
        if a is None or a.state != "pending":
            raise Refused(409, "This request is no longer pending.")
        base = dict(username=p.username, role=p.role, client=client, order_id=a.order_id, related_id=a.id,
                    allow_id=a.allow_id, kind="approve" if a.kind == "clear" else "allow_approve")
        if p.username == a.username:
            store.record(state="refused", detail="four eyes: the requester cannot approve their own request", **base)
            raise Refused(403, "Four eyes: a second, different reviewer must approve this. You made the request.")
        if not p.can("approver"):
            store.record(state="refused", detail="four eyes: only an approver or admin may approve", **base)
            raise Refused(403, f"Approving needs the approver or admin role; you are a {p.role}.")
        if a.kind == "clear":
            b = store.case_bundle(a.order_id)
            case = b["case"] if b else None
            if case is None or case.status != "open" or case.hold_decision_id != a.decision_id:
                store.decide_pending(a.id, "clear", state="cancelled", decided_at=utcnow(),
                                     detail="the hold changed or closed before approval")
                store.record(state="refused", detail="the hold changed since the request", **base)
                raise Refused(409, "The hold changed or closed since the request; it was withdrawn. "
                                   "Ask for a new clear if it is still needed.")
            moved = store.decide_pending(a.id, "clear", state="sent", approver=p.username, approver_client=client,
                                         decided_at=utcnow())
            if moved is None:
                raise Refused(409, "This request is no longer pending.")
            store.record(state="done", reason=a.reason, review_id=None, **base)
            try:
                send(ReviewCommand(order_id=a.order_id, action="clear", reviewer=a.username, approver=p.username,
                                   reason=a.reason or "", review_id=a.review_id, requested_at=a.at, source="console",
                                   client=client, decision_id=a.decision_id))
            except Exception as exc:  # noqa: BLE001
                _fail_action(a.id, f"not sent: Kafka unavailable ({exc})")
                raise Refused(503, f"The command could not be sent to Kafka: {exc}") from None
            return RedirectResponse(f"/cases/{quote(a.order_id)}?msg=approved", status_code=303)
        # an allow-list record
        entry = store.allow_entry(a.allow_id or "")
        if entry is None or entry.state != "pending":
            raise Refused(409, "This allow-list record is no longer pending.")
        current = follower.hash_for(entry.list, entry.entry_id)
        if current != entry.entry_hash:
            store.decide_pending(a.id, "allow_add", state="cancelled", decided_at=utcnow(),
                                 detail="the listed entry changed before approval")
            _set_allow(entry.allow_id, state="rejected")
            store.record(state="refused", detail="the listed entry changed since the proposal", **base)
            raise Refused(409, "The listed entry changed since the record was proposed; it was withdrawn.")
        now = utcnow()
        rec = AllowRecord(allow_id=entry.allow_id, party_name=entry.party_name, party_country=entry.party_country,
                          party_address=entry.party_address, list=entry.list, entry_id=entry.entry_id,
                          entry_hash=entry.entry_hash, reason=entry.reason, reviewer=entry.reviewer,
                          approver=p.username, created_at=now,
                          expires_at=now + (entry.expires_at - entry.created_at), order_id=entry.order_id)
        if store.decide_pending(a.id, "allow_add", state="done", approver=p.username, approver_client=client,
                                decided_at=now) is None:
            raise Refused(409, "This request is no longer pending.")
        publish_allow(rec)
        store.record(state="done", reason=a.reason, **base)
        return RedirectResponse(_back(request, f"/cases/{quote(a.order_id or '')}") + "?msg=allow-published",
                                status_code=303)

    @app.post("/actions/{action_id}/reject")
    def reject(request: Request, action_id: int, p: Principal = Depends(require_csrf),
               reason: str = Form("")) -> Response:
        client = client_of(request, cfg)
        a = store.action(action_id)
        if a is None or a.state != "pending":
            raise Refused(409, "This request is no longer pending.")
        own = p.username == a.username
        base = dict(username=p.username, role=p.role, client=client, order_id=a.order_id, related_id=a.id,
                    allow_id=a.allow_id, kind="reject" if a.kind == "clear" else "allow_reject",
                    reason=reason.strip() or None)
        if not own and not p.can("approver"):
            store.record(state="refused", detail="only the requester, an approver or an admin may reject", **base)
            raise Refused(403, "Only the requester, an approver or an admin may reject this request.")
        state = "withdrawn" if own else "rejected"
        if store.decide_pending(a.id, a.kind, state=state, approver=None if own else p.username,
                                approver_client=None if own else client, decided_at=utcnow()) is None:
            raise Refused(409, "This request is no longer pending.")
        if a.allow_id:
            _set_allow(a.allow_id, state="rejected")
        store.record(state="done", detail=state, **base)
        return RedirectResponse(_back(request, f"/cases/{quote(a.order_id or '')}")
                                + f"?msg={'withdrawn' if own else 'rejected'}", status_code=303)

    def _set_allow(allow_id: str, **changes: Any) -> None:
        with store.write() as s:
            row = s.get(AllowEntry, allow_id)
            if row is not None:
                for k, v in changes.items():
                    setattr(row, k, v)

    def publish_allow(rec: AllowRecord) -> None:
        try:
            signed = anyio.from_thread.run(console.kafka.publish_allow, rec)
        except Exception as exc:  # noqa: BLE001
            raise Refused(503, f"The allow-list record could not be published to Kafka: {exc}") from None
        _set_allow(rec.allow_id, state="active", approver=rec.approver, created_at=rec.created_at,
                   expires_at=rec.expires_at, record=signed.model_dump(mode="json"), signature_ok=True)

    # ------------------------------------------------------------------ allow-list
    @app.post("/cases/{order_id}/allow")
    def allow_add(request: Request, order_id: str, p: Principal = Depends(require_csrf), hit: int = Form(...),
                  reason: str = Form(""), days: int = Form(DEFAULT_ALLOW_DAYS)) -> Response:
        client = client_of(request, cfg)
        reason = reason.strip()
        base = dict(username=p.username, role=p.role, client=client, order_id=order_id, kind="allow_add",
                    reason=reason or None)

        def refuse(message: str, status: int = 409) -> None:
            store.record(state="refused", detail=message, **base)
            raise Refused(status, message)

        ctx = case_context(order_id)
        chosen = next((h for h in ctx["hits"] if h["index"] == hit), None)
        if chosen is None:
            refuse("no such watch-list hit on this case", 400)
        if not reason:
            refuse("a reason is required", 400)
        if not 1 <= days <= 3650:
            refuse("the expiry is between 1 and 3,650 days", 400)
        r, party = chosen["r"], chosen["party"] or {}
        key = f"{r.get('list')}/{r.get('entry_id')}"
        current = follower.hash_for(r.get("list"), r.get("entry_id"), r.get("list_id"))
        if current is None:
            refuse(f"the console does not know the listed entry {key} (it left the list, or the list is still "
                   "loading): nothing to allow against")
        for a, status, _ in chosen["allow"]:
            if status in ("active", "pending") and a.party_name.casefold() == str(r.get("party_name")).casefold():
                refuse(f"allow-list record {a.allow_id} already covers this party and entry ({status})")
        now = utcnow()
        allow_id = "al-" + uuid.uuid4().hex[:20]
        row = AllowEntry(allow_id=allow_id, state="pending", party_name=str(r.get("party_name"))[:500],
                         party_country=chosen["party_country"], party_address=format_address(party.get("address")),
                         list=str(r.get("list")), entry_id=str(r.get("entry_id")), entry_hash=current,
                         reason=reason[:2000], reviewer=p.username, created_at=now,
                         expires_at=now + timedelta(days=days), order_id=order_id)
        with store.write() as s:
            s.add(row)
        four = bool({"WATCHLIST_MATCH", r.get("code")} & console.policy.four_eyes)
        hits = [key]
        if four:
            store.record(state="pending", allow_id=allow_id, hits=hits, decision_id=ctx["case"].hold_decision_id
                         if ctx["case"] else None, **base)
            return RedirectResponse(f"/cases/{quote(order_id)}?msg=allow-requested", status_code=303)
        rec = AllowRecord(allow_id=allow_id, party_name=row.party_name, party_country=row.party_country,
                          party_address=row.party_address, list=row.list, entry_id=row.entry_id,
                          entry_hash=row.entry_hash, reason=row.reason, reviewer=p.username, created_at=now,
                          expires_at=row.expires_at, order_id=order_id)
        publish_allow(rec)
        store.record(state="done", allow_id=allow_id, hits=hits, **base)
        return RedirectResponse(f"/cases/{quote(order_id)}?msg=allow-published", status_code=303)

    @app.get("/allow-list")
    def allow_page(request: Request, p: Principal = Depends(require_user), show: str = "current") -> Response:
        now = utcnow()
        counts = store.suppression_counts()
        pending = {a.allow_id: a for a in store.pending_actions() if a.kind == "allow_add"}
        rows = []
        for a in store.allow_entries():
            status, why = allow_status(a, follower.hash_for(a.list, a.entry_id), now)
            if show == "current" and status in ("revoked", "rejected", "expired"):
                continue
            rows.append({"a": a, "status": status, "why": why, "applied": counts.get(a.allow_id, 0),
                         "pending": pending.get(a.allow_id)})
        return render(request, "allowlist.html", {"rows": rows, "show": show})

    @app.post("/allow-list/{allow_id}/revoke")
    def allow_revoke(request: Request, allow_id: str, p: Principal = Depends(require_csrf),
                     reason: str = Form("")) -> Response:
        client = client_of(request, cfg)
        entry = store.allow_entry(allow_id)
        base = dict(username=p.username, role=p.role, client=client, kind="allow_revoke", allow_id=allow_id,
                    order_id=entry.order_id if entry else None, reason=reason.strip() or None)
        require_role(p, "approver", request, "allow_revoke", allow_id=allow_id)
        if entry is None or entry.state != "active":
            store.record(state="refused", detail="not an active record", **base)
            raise Refused(409, "This allow-list record is not active.")
        if not reason.strip():
            store.record(state="refused", detail="a reason is required", **base)
            raise Refused(400, "A reason is required to revoke a record.")
        try:
            anyio.from_thread.run(console.kafka.revoke_allow, allow_id)
        except Exception as exc:  # noqa: BLE001
            raise Refused(503, f"The revocation could not be published to Kafka: {exc}") from None
        _set_allow(allow_id, state="revoked", revoked_at=utcnow(), revoked_by=p.username)
        store.record(state="done", **base)
        return RedirectResponse("/allow-list?msg=allow-revoked", status_code=303)

    # ------------------------------------------------------------------ audit
    def audit_query(since: str, until: str, user: str, order: str, limit: int | None):
        def day(v: str) -> datetime | None:
            try:
                return datetime.fromisoformat(v).replace(tzinfo=UTC) if v else None
            except ValueError:
                raise Refused(400, f"not a date: {v!r} (use YYYY-MM-DD)") from None
        end = day(until)
        return store.audit_rows(since=day(since), until=end + timedelta(days=1) if end else None,
                                user=user or None, order_id=order or None, limit=limit)

    @app.get("/audit")
    def audit_page(request: Request, p: Principal = Depends(require_user), since: str = "", until: str = "",
                   user: str = "", order: str = "") -> Response:
        rows = audit_query(since, until, user, order, 500)
        params = urlencode({k: v for k, v in dict(since=since, until=until, user=user, order=order).items() if v})
        return render(request, "audit.html", {"rows": rows, "since": since, "until": until, "who": user,
                                              "order": order, "params": params})

    @app.get("/audit/export.{fmt}")
    def audit_export(request: Request, fmt: str, p: Principal = Depends(require_user), since: str = "",
                     until: str = "", user: str = "", order: str = "") -> Response:
        if fmt not in ("csv", "jsonl"):
            raise Refused(404, "export as .csv or .jsonl")
        rows = audit_query(since, until, user, order, None)
        store.record(kind="export", state="done", username=p.username, role=p.role, client=client_of(request, cfg),
                     detail=f"audit export ({fmt}, {len(rows)} rows)")
        stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
        body = iter_csv(rows) if fmt == "csv" else iter_jsonl(rows)
        return StreamingResponse(body, media_type="text/csv" if fmt == "csv" else "application/x-ndjson",
                                 headers={"Content-Disposition": f'attachment; filename="screener-audit-{stamp}.{fmt}"'})

    # ------------------------------------------------------------------ users, health
    @app.get("/users")
    def users_page(request: Request, p: Principal = Depends(require_user)) -> Response:
        require_role(p, "admin", request, "users")
        return render(request, "users.html", {"users": store.users()})

    def health_data() -> dict[str, Any]:
        m = console.materialiser
        return {"kafka": console.kafka.ready.is_set(),
                "watchlist": {"ready": follower.ready.is_set(), "entries": len(follower.state.entries),
                              "version": follower.version},
                "materialiser": None if m is None else {"applied": m.applied, "errors": m.errors, "lag": m.lag,
                                                        "caught_up": m.caught_up.is_set()}}

    @app.get("/health")
    def health() -> JSONResponse:
        db, head = schema_revision(store.engine)
        data = {**health_data(), "schema": db, "schema_head": head, **store.stats()}
        data["ok"] = db == head
        return JSONResponse(data, status_code=200 if data["ok"] else 503)

    return app


def _kind_of(path: str) -> str:
    for part, kind in (("/approve", "approve"), ("/reject", "reject"), ("/revoke", "allow_revoke"),
                       ("/allow", "allow_add"), ("/actions", "review"), ("/logout", "logout")):
        if path.endswith(part) or f"{part}" in path:
            return kind
    return "post"


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/queue"
    return target


def _back(request: Request, default: str) -> str:
    ref = request.headers.get("referer") or ""
    host = request.headers.get("host") or ""
    if host and f"//{host}/allow-list" in ref:
        return "/allow-list"
    return default


def _cell(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(v, list):
        return " ".join(str(x) for x in v)
    return "" if v is None else v


def iter_csv(rows: list[dict]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=AUDIT_FIELDS, extrasaction="ignore")
    w.writeheader()
    for i, row in enumerate(rows):
        w.writerow({k: _cell(row.get(k)) for k in AUDIT_FIELDS})
        if i % 200 == 199:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def iter_jsonl(rows: list[dict]) -> Iterator[bytes]:
    for row in rows:
        yield orjson.dumps({k: row.get(k) for k in AUDIT_FIELDS}, option=orjson.OPT_UTC_Z) + b"\n"


def _report(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("console task %s stopped: %r", task.get_name(), task.exception())
