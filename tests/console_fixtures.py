"""Fixtures of the console tests: a real PostgreSQL server (Debian's postgresql package, started in
a temporary folder on a free port) and Debian's headless Chromium driven by Playwright.

Both are skipped with a message saying how to enable them when the machine lacks them; CI
(``.ci/run``) installs them, so there they always run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from screener.stream.broker import free_port

CHROMIUM = os.environ.get("SCREENER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PG_HINT = "PostgreSQL is not installed: `apt-get install postgresql` (Debian) to run the store tests against it too"
CHROMIUM_HINT = ("Chromium is not installed: `apt-get install chromium` (Debian) to run the browser tests "
                 "(or set SCREENER_CHROMIUM to a Chromium binary)")


def unavailable(message: str) -> None:
    """Skip, saying how to enable the tests; under .ci/run (SCREENER_REQUIRE_CONSOLE_DEPS=1), fail."""
    if os.environ.get("SCREENER_REQUIRE_CONSOLE_DEPS"):
        pytest.fail(f"required here: {message}")
    pytest.skip(message)


def pg_bindir() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True):
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


class PgServer:
    """A throwaway PostgreSQL cluster: initdb into a temporary folder, pg_ctl start on a free port.
    PostgreSQL refuses to run as root, so as root it runs as the ``postgres`` user."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="screener-pg-"))
        self.data = self.dir / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                unavailable("running as root and there is no `postgres` user to run PostgreSQL as "
                            "(`apt-get install postgresql` makes one)")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        res = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            log = (self.dir / "server.log").read_text(errors="replace") if (self.dir / "server.log").exists() else ""
            raise RuntimeError(f"{args[0]} failed: {res.stdout}\n{res.stderr}\n{log}")

    def start(self) -> PgServer:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "screener", "--auth=trust",
                  "-E", "UTF8", "--no-sync", "--locale=C")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off " \
               "-c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.dir / "server.log"),
                  "-w", "-t", "60", "start")
        return self

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://screener@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=screener dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    bindir = pg_bindir()
    if bindir is None:
        unavailable(PG_HINT)
    server = PgServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'console.db'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture(scope="module")
def chromium():
    """Debian's /usr/bin/chromium driven by Playwright (never a browser Playwright downloads).

    Module-scoped on purpose: while Playwright's sync API is active it keeps an event loop running on
    the main thread, and ``asyncio.run`` (the Kafka helpers) refuses to run there; it is stopped
    when the module's tests are done, so other modules are unaffected."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(CHROMIUM_HINT)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing: `make install`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
