"""The worker's re-screening state on local disk: one compact record per recent order (SQLite).

Each record says what re-screening needs and nothing more: the order's time, its parties (names,
countries, addresses; no lines), the last decision with its reason codes and watch-list hits, and
the hits a reviewer cleared. A record is a few hundred bytes, on disk rather than in memory, so a
worker's memory does not grow with the order flow.

The local file is a cache of the compacted changelog topic (see ``state_changelog``): it is
written with ``synchronous=OFF`` because a lost or damaged file is rebuilt from the topic, and
``checkpoints`` says up to which changelog offset each partition is known.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

log = logging.getLogger(__name__)

# 2: a rowid table with a unique index on order_id (random-key inserts of whole rows into a
# WITHOUT ROWID table cost about four times as much).
SCHEMA_VERSION = "2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT NOT NULL UNIQUE,
    part INTEGER NOT NULL,
    occurred REAL NOT NULL,
    record BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
    part INTEGER PRIMARY KEY,
    next_offset INTEGER NOT NULL,
    written_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Record fields (short keys: there is one record per order in the window).
T_OCCURRED = "t"      # order time, epoch seconds (the window counts from it)
OCCURRED_AT = "a"     # occurred_at as sent (ISO), for decision ids and latency
VERSION = "v"         # order_version
EVENT = "e"           # event_type
DECISION = "d"        # HOLD | RELEASE, the last decision emitted
CODES = "c"           # reason codes of that decision
HITS = "h"            # "list/entry_id" of its watch-list hits
CLEARED = "x"         # hits a reviewer cleared (re-screening does not hold for them again)
PARTIES = "p"         # the parties as sent: role, name, country, type, address
WATCHLIST = "w"       # watch-list version it was last screened at
POLICY = "pv"         # policy version
REVIEW = "r"          # id of the last review applied
SCREEN_KEY = "k"      # what it was last screened against: control version|policy version|allow-list offset


class StateStoreError(RuntimeError):
    """The local state file cannot be used (corrupt, unreadable); it is rebuilt from the changelog."""


@dataclass(frozen=True)
class Checkpoint:
    next_offset: int
    written_at: float


class StateStore:
    """SQLite file of order records, by order_id, with the changelog partition each belongs to.

    Writes go through :meth:`submit` to a writer thread with its own connection, so the screening
    loop only queues them (sqlite releases the GIL while it works); reads first :meth:`drain` the
    queue, so they see every write submitted before them.
    """

    def __init__(self, path: Path, identity: str):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open(identity)
        except sqlite3.DatabaseError as exc:
            # A damaged file is only a cache: start again and rebuild from the changelog.
            log.error("re-screening state %s is unusable (%s): rebuilding it from the changelog", path, exc)
            self._discard()
            self._open(identity)
        self._queue: queue.Queue = queue.Queue()
        self._writer_error: BaseException | None = None
        self._closed = False
        self._writer = threading.Thread(target=self._write_loop, name="rescreen-state-writer", daemon=True)
        self._writer.start()

    # --- the writer thread ---
    def submit(self, rows: list[tuple[str, int, float | None, bytes | None]],
               checkpoints: dict[int, int] | None = None) -> None:
        """Queue rows (as :meth:`apply`) for the writer thread. After :meth:`close` (the worker
        stops while a batch ends) they are left out: the changelog holds them, and the file is
        only its cache."""
        if self._closed:
            return
        self.check()
        self._queue.put((rows, checkpoints))

    def drain(self) -> None:
        """Wait until every submitted write is on disk (raises the writer's failure, if any).
        After :meth:`close` there is no writer to wait for: waiting would block the worker's
        event loop for good, and with it the shutdown."""
        if not self._closed:
            self._queue.join()
        self.check()

    def check(self) -> None:
        if self._writer_error is not None:
            raise StateStoreError(f"re-screening state {self.path}: {self._writer_error}") from self._writer_error
        if self._closed:
            raise StateStoreError(f"re-screening state {self.path} is closed (the worker is stopping)")

    def _write_loop(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA busy_timeout=10000")
        writer = _Writer(db)
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                db.close()
                return
            # Whatever queued up meanwhile goes in the same transaction.
            items = [item]
            while True:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    self._queue.task_done()
                    break
                items.append(more)
            try:
                if self._writer_error is None:
                    writer.apply(items)
            except BaseException as exc:  # noqa: BLE001 - reported to the loop by check()
                log.error("writing the re-screening state failed: %s", exc)
                self._writer_error = exc
            finally:
                for _ in items:
                    self._queue.task_done()

    def _open(self, identity: str) -> None:
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-16000")  # 16 MB of page cache, whatever the file size
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self.db.execute("PRAGMA quick_check").fetchone()
        stored = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        wanted = {"schema": SCHEMA_VERSION, "identity": identity}
        if stored != wanted:
            if stored:
                log.warning("re-screening state %s belongs to %s; starting it afresh for %s",
                            self.path, stored, wanted)
            with self._txn():
                self.db.execute("DROP TABLE IF EXISTS orders")
                self.db.execute("DROP TABLE IF EXISTS checkpoints")
                self.db.execute("DELETE FROM meta")
                self.db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(wanted.items()))
        self.db.executescript(_SCHEMA)

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _txn(self):
        return _Transaction(self.db)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._writer.join(timeout=30)
        self.db.close()

    # --- reading ---
    def get(self, order_id: str) -> tuple[int, dict] | None:
        row = self._query("SELECT part, record FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        return (row[0], orjson.loads(row[1])) if row else None

    def count(self, parts: Iterable[int] | None = None) -> int:
        if parts is None:
            return self._query("SELECT count(*) FROM orders").fetchone()[0]
        parts = list(parts)
        if not parts:
            return 0
        marks = ",".join("?" * len(parts))
        return self._query(f"SELECT count(*) FROM orders WHERE part IN ({marks})", parts).fetchone()[0]

    def page(self, parts: Sequence[int], after: str, limit: int, since: float,
             not_screened_at: str = "") -> list[tuple[str, int, dict]]:
        """Up to ``limit`` records of ``parts`` with order time >= ``since`` that were not last
        screened at ``not_screened_at`` (a screen key), by order_id after ``after`` (keyset
        paging: a walk sees each order once, and not the orders screened while it runs)."""
        if not parts:
            return []
        marks = ",".join("?" * len(parts))
        rows = self._query(
            f"SELECT order_id, part, record FROM orders WHERE order_id > ? AND part IN ({marks}) "
            "AND occurred >= ? AND json_extract(CAST(record AS TEXT), '$.k') IS NOT ? ORDER BY order_id LIMIT ?",
            (after, *parts, since, not_screened_at, limit)).fetchall()
        return [(oid, part, orjson.loads(rec)) for oid, part, rec in rows]

    def expired(self, parts: Sequence[int], before: float, limit: int) -> list[tuple[str, int]]:
        if not parts:
            return []
        marks = ",".join("?" * len(parts))
        return self._query(f"SELECT order_id, part FROM orders WHERE occurred < ? AND part IN ({marks}) LIMIT ?",
                           (before, *parts, limit)).fetchall()

    def checkpoint(self, part: int) -> Checkpoint | None:
        row = self._query("SELECT next_offset, written_at FROM checkpoints WHERE part = ?", (part,)).fetchone()
        return Checkpoint(row[0], row[1]) if row else None

    # --- writing ---
    def apply(self, rows: Iterable[tuple[str, int, float | None, bytes | None]],
              checkpoints: dict[int, int] | None = None) -> None:
        """Upsert ``(order_id, part, occurred, record)`` rows (record None: delete) and move the
        given partitions' checkpoints, in one transaction, now (after the queued writes)."""
        self.submit(list(rows), checkpoints)
        self.drain()

    def wipe(self, part: int) -> None:
        self.drain()
        with self._txn():
            self.db.execute("DELETE FROM orders WHERE part = ?", (part,))
            self.db.execute("DELETE FROM checkpoints WHERE part = ?", (part,))

    def _query(self, sql: str, args: Sequence = ()) -> sqlite3.Cursor:
        self.drain()  # read what was submitted before
        try:
            return self.db.execute(sql, args)
        except sqlite3.DatabaseError as exc:
            raise StateStoreError(f"re-screening state {self.path}: {exc}") from exc


class _Writer:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def apply(self, items: list[tuple[list, dict[int, int] | None]]) -> None:
        upserts, deletes, checkpoints = {}, [], {}
        for rows, cks in items:
            for oid, part, occurred, record in rows:
                if record is None:
                    upserts.pop(oid, None)
                    deletes.append((oid,))
                else:
                    upserts[oid] = (oid, part, occurred, record)
            if cks:
                checkpoints.update(cks)
        now = time.time()
        with _Transaction(self.db):
            if deletes:
                self.db.executemany("DELETE FROM orders WHERE order_id = ?", deletes)
            if upserts:
                self.db.executemany("INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?)", upserts.values())
            if checkpoints:
                self.db.executemany("INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?)",
                                    [(p, o, now) for p, o in checkpoints.items()])


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN")
        except sqlite3.DatabaseError as exc:
            raise StateStoreError(f"re-screening state: {exc}") from exc

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        except sqlite3.DatabaseError as err:
            raise StateStoreError(f"re-screening state: {err}") from err
        if isinstance(exc, sqlite3.DatabaseError):
            raise StateStoreError(f"re-screening state: {exc}") from exc
