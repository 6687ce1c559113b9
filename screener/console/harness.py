"""Run the console as its own process (``screener console serve``): used by ``demo`` and the tests."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from screener.config import Settings
from screener.stream.broker import free_port
from screener.stream.harness import ManagedProcess, worker_env


def console_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The workers' environment (Kafka, topics) plus what the console shares with them."""
    env = worker_env(settings, SCREENER_ALLOWLIST_TOPIC=settings.allowlist_topic)
    if settings.review_signing_key:
        env["SCREENER_REVIEW_SIGNING_KEY"] = settings.review_signing_key
    if settings.policy_file:
        env["SCREENER_POLICY_FILE"] = str(settings.policy_file)
    env.update(extra)
    return env


class ConsoleProcess(ManagedProcess):
    """One ``screener console serve`` subprocess on a free port with its own database and log."""

    def __init__(self, settings: Settings, database_url: str | None = None, port: int | None = None,
                 name: str = "console", **extra_env: str):
        super().__init__()
        self.settings = settings
        self.tmp = Path(tempfile.mkdtemp(prefix=f"screener-{name}-"))
        self.database_url = database_url or f"sqlite:///{self.tmp / 'console.db'}"
        self.port = port or free_port()
        self.log_path = self.tmp / "console.log"
        self.env = console_env(settings, SCREENER_CONSOLE_DATABASE_URL=self.database_url,
                               SCREENER_CONSOLE_HOST="127.0.0.1", SCREENER_CONSOLE_PORT=str(self.port), **extra_env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_user(self, username: str, password: str, role: str) -> None:
        """Through the real CLI (``screener console user add --password-stdin``)."""
        res = subprocess.run([sys.executable, "-m", "screener", "console", "user", "add", username, "--role", role,
                              "--password-stdin"], input=password + "\n", env=self.env, capture_output=True,
                             text=True, timeout=120)
        if res.returncode != 0:
            raise RuntimeError(f"user add {username} failed: {res.stderr}")

    def start(self, loglevel: str = "warning") -> ConsoleProcess:
        self._spawn(["-m", "screener", "console", "serve", "--loglevel", loglevel])
        return self

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=5) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return json.loads(exc.read() or b"{}")
        except OSError:
            return None

    def wait_ready(self, timeout: float = 60, watchlist: bool = True) -> dict:
        """Until the console serves, is connected to Kafka, has read its topics to the end and (when
        ``watchlist``) has replayed the watch list."""
        deadline = time.monotonic() + timeout
        h = None
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"console exited:\n{self.log_tail()}")
            h = self.health()
            if h and h.get("ok") and h.get("kafka") and (h.get("materialiser") or {}).get("caught_up") \
                    and (not watchlist or h["watchlist"]["ready"]):
                return h
            time.sleep(0.2)
        raise RuntimeError(f"console not ready after {timeout}s (health {h}):\n{self.log_tail()}")

    def wait_for(self, pred, timeout: float = 30) -> dict:
        """Until ``pred(health)`` holds (e.g. a number of open cases)."""
        deadline = time.monotonic() + timeout
        h = None
        while time.monotonic() < deadline:
            h = self.health()
            if h and pred(h):
                return h
            time.sleep(0.2)
        raise RuntimeError(f"console condition not met after {timeout}s (health {h})")
