"""``screener console``: serve the web console, migrate its database, manage users, export the audit trail."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from screener.console.settings import ROLES, ConsoleSettings

console_app = typer.Typer(no_args_is_help=True, help="The compliance officers' web console (see README: Console).")
user_app = typer.Typer(no_args_is_help=True, help="Console user accounts.")
console_app.add_typer(user_app, name="user")

DbOpt = typer.Option(None, "--db", help="Database URL (default SCREENER_CONSOLE_DATABASE_URL, else "
                     "sqlite:///screener-console.db)")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _cfg(db: str | None) -> ConsoleSettings:
    cfg = ConsoleSettings()
    return cfg.model_copy(update={"database_url": db}) if db else cfg


def _store(db: str | None, migrate: bool = True):
    from screener.console.store import Store

    store = Store(_cfg(db).database_url)
    if migrate:
        store.migrate()
    return store


@console_app.command("serve")
def serve(
    host: str = typer.Option(None, help="Address to listen on (default SCREENER_CONSOLE_HOST, 127.0.0.1)"),
    port: int = typer.Option(None, help="Port (default SCREENER_CONSOLE_PORT, 8080)"),
    db: str = DbOpt,
    migrate: bool = typer.Option(True, "--migrate/--no-migrate", help="Upgrade the database schema at start"),
    loglevel: str = typer.Option("info", help="debug, info, warning, error"),
) -> None:
    """Serve the console: the web pages, the Kafka materialiser and the watch-list replay, in one process."""
    import uvicorn

    from screener.config import Settings
    from screener.console.app import create_app
    from screener.console.store import Store

    cfg = _cfg(db)
    cfg = cfg.model_copy(update={k: v for k, v in (("host", host), ("port", port)) if v is not None})
    settings = Settings()
    if not settings.review_signing_key:
        _fail("SCREENER_REVIEW_SIGNING_KEY is not set: the console signs review commands and allow-list records "
              "with the key it shares with the workers")
    store = Store(cfg.database_url)
    if migrate:
        store.migrate()
    users = len(store.users())
    store.dispose()
    typer.echo(f"screener console on http://{cfg.host}:{cfg.port} (database {_redact(cfg.database_url)}, "
               f"{users} user{'s' if users != 1 else ''}; Kafka {settings.kafka_bootstrap_servers})", err=True)
    if not users and not cfg.auth_header:
        typer.echo("no users yet: add one with `screener console user add NAME --role admin`", err=True)
    app = create_app(settings, cfg, migrate=False)
    uvicorn.run(app, host=cfg.host, port=cfg.port, log_level=loglevel, proxy_headers=False,
                server_header=False, access_log=loglevel == "debug")


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@console_app.command("migrate")
def migrate(db: str = DbOpt, revision: str = typer.Option("head", help="Target revision")) -> None:
    """Create or upgrade the console's database schema (Alembic); safe to run again."""
    from screener.console.store import Store, schema_revision
    from screener.console.store import migrate as run_migrate

    store = Store(_cfg(db).database_url)
    before, head = schema_revision(store.engine)
    run_migrate(store.engine, revision)
    after, _ = schema_revision(store.engine)
    typer.echo(f"{_redact(store.url)}: schema {before or 'empty'} -> {after} (newest {head})", err=True)


@user_app.command("add")
def user_add(
    username: str = typer.Argument(..., help="Sign-in name (recorded on every action)"),
    role: str = typer.Option("reviewer", help=f"One of: {', '.join(ROLES)}"),
    display_name: str = typer.Option(None, help="Full name, shown beside the user name"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input"),
    proxy_only: bool = typer.Option(False, "--proxy-only", help="No password: signs in only through the reverse "
                                    "proxy's header (SCREENER_CONSOLE_AUTH_HEADER)"),
    db: str = DbOpt,
) -> None:
    """Add a user. The password is asked for (twice) unless --password-stdin or --proxy-only."""
    from screener.console.auth import hash_password

    if role not in ROLES:
        _fail(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    pw_hash = None
    if not proxy_only:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
        try:
            pw_hash = hash_password(password)
        except ValueError as exc:
            _fail(str(exc))
    store = _store(db)
    try:
        store.add_user(username, pw_hash, role, display_name)
    except ValueError as exc:
        _fail(str(exc))
    store.record(kind="user_add", state="done", username=f"cli:{getpass.getuser()}",
                 detail=f"added user {username} with role {role}")
    typer.echo(f"added {username} ({role})", err=True)


@user_app.command("set")
def user_set(
    username: str = typer.Argument(...),
    role: str = typer.Option(None, help=f"New role: {', '.join(ROLES)}"),
    active: bool = typer.Option(None, "--active/--inactive", help="Enable or disable the account"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="New password from standard input"),
    password: bool = typer.Option(False, "--password", help="Ask for a new password"),
    db: str = DbOpt,
) -> None:
    """Change a user's role, password or status (a disabled user's sessions end at once)."""
    from screener.console.auth import hash_password

    changes: dict = {}
    if role is not None:
        changes["role"] = role
    if active is not None:
        changes["active"] = active
    if password or password_stdin:
        pw = sys.stdin.readline().rstrip("\r\n") if password_stdin else typer.prompt(
            "password", hide_input=True, confirmation_prompt=True)
        try:
            changes["password_hash"] = hash_password(pw)
        except ValueError as exc:
            _fail(str(exc))
    if not changes:
        _fail("nothing to change: give --role, --active/--inactive or --password")
    store = _store(db)
    try:
        store.update_user(username, **changes)
    except ValueError as exc:
        _fail(str(exc))
    store.record(kind="user_set", state="done", username=f"cli:{getpass.getuser()}",
                 detail=f"changed {username}: {', '.join(sorted(changes))}")
    typer.echo(f"updated {username}", err=True)


@user_app.command("list")
def user_list(db: str = DbOpt) -> None:
    """List the users."""
    for u in _store(db).users():
        typer.echo(f"{u.username}\t{u.role}\t{'active' if u.active else 'disabled'}\t"
                   f"{'password' if u.password_hash else 'proxy-only'}")


@console_app.command("export-audit")
def export_audit(
    fmt: str = typer.Option("csv", "--format", help="csv or jsonl"),
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: standard output)"),
    since: str = typer.Option(None, help="From this day (YYYY-MM-DD, UTC)"),
    until: str = typer.Option(None, help="Up to and including this day"),
    user: str = typer.Option(None, help="Only this user's actions (as actor or approver)"),
    order: str = typer.Option(None, help="Only this order"),
    db: str = DbOpt,
) -> None:
    """Export the audit trail (console actions joined with the workers' outcomes) as CSV or JSON lines."""
    from datetime import UTC, datetime, timedelta

    from screener.console.app import iter_csv, iter_jsonl

    if fmt not in ("csv", "jsonl"):
        _fail("--format is csv or jsonl")

    def day(v: str | None) -> datetime | None:
        try:
            return datetime.fromisoformat(v).replace(tzinfo=UTC) if v else None
        except ValueError:
            _fail(f"not a date: {v!r} (YYYY-MM-DD)")

    store = _store(db)
    end = day(until)
    rows = store.audit_rows(since=day(since), until=end + timedelta(days=1) if end else None, user=user,
                            order_id=order)
    chunks = iter_csv(rows) if fmt == "csv" else iter_jsonl(rows)
    if out is None:
        for c in chunks:
            sys.stdout.write(c if isinstance(c, str) else c.decode())
    else:
        mode = "w" if fmt == "csv" else "wb"
        with open(out, mode, **({"newline": "", "encoding": "utf-8"} if fmt == "csv" else {})) as f:
            for c in chunks:
                f.write(c)
    store.record(kind="export", state="done", username=f"cli:{getpass.getuser()}",
                 detail=f"audit export ({fmt}, {len(rows)} rows) to {out or 'stdout'}")
    typer.echo(f"{len(rows)} audit rows", err=True)
