"""The response cache the workers of one server share: a SQLite file that lives as long as the run.

Each worker keeps the answers it rendered in its own memory (http.ResponseCache).  Alone, that
cache makes every worker render each page once for itself: with two workers, an answer asked for
a second time is a miss half the time.  This second tier hands each rendered answer to the other
workers: a miss in memory looks here before rendering.

``python -m app serve`` (and the test and benchmark servers, app/devserver.py) make the file in a
new private temporary directory before uvicorn starts its workers, pass its path to them in
``SHARED_CACHE_PATH``, and remove it when the server stops.  So a new run starts empty, as the
in-memory caches do, and no answer outlives the database it was read from.  A worker started any
other way has no path and keeps its memory tier only.

Reads happen on the event loop: in WAL mode a reader never waits for a writer, and a lookup by
key costs tens of microseconds.  Writes go to one background thread per worker, so that a request
never waits for another worker's write.  Any error of the file turns the tier off for that worker
(a cache must never fail a request).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

ENVIRONMENT_NAME = "SHARED_CACHE_PATH"
FILE_NAME = "answers.sqlite"
# After this many writes a worker weighs the file and, past its bound, drops the oldest answers.
WRITES_BETWEEN_TRIMS = 64
# A writer waits at most this long for another worker's write to finish.
BUSY_TIMEOUT_MS = 2000
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answer ("
    " key BLOB NOT NULL UNIQUE,"
    " bytes INTEGER NOT NULL,"  # before the blobs, so that weighing the file reads no blob
    " etag TEXT NOT NULL,"
    " headers BLOB NOT NULL,"
    " body BLOB NOT NULL)"
)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """A finished answer as both cache tiers keep it (app/http.py): its headers, its bytes as
    sent (compressed where they are), and its ETag."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str


def key_bytes(key: tuple) -> bytes:
    """A fixed-size name for a request key: its parts are strings, bytes and booleans, whose
    repr is the same in every worker."""
    return hashlib.sha256(repr(key).encode()).digest()[:20]


def headers_bytes(headers: list[tuple[bytes, bytes]]) -> bytes:
    # Header names and values hold no CR or LF (HTTP forbids them): one line per header.
    return b"\r\n".join(name + b": " + value for name, value in headers)


def headers_from(raw: bytes) -> list[tuple[bytes, bytes]]:
    return [tuple(line.split(b": ", 1)) for line in raw.split(b"\r\n")] if raw else []


def create(path: str) -> None:
    """The empty file, in WAL mode (a setting of the file, kept for every connection after)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(SCHEMA)
        connection.commit()
    finally:
        connection.close()


@contextlib.contextmanager
def for_this_run() -> Iterator[str | None]:
    """The path of a new shared cache for the server about to start (the caller hands it to the
    workers' environment as ENVIRONMENT_NAME); removed, directory and all, when the server stops.
    None where no temporary directory can be written (a read-only container: TMPDIR names one):
    the workers then keep their memory caches only."""
    try:
        directory = tempfile.mkdtemp(prefix="ct-rural-cache-")
    except OSError as error:
        log.warning("no shared response cache: no writable temporary directory (%s)", error)
        yield None
        return
    try:
        path = os.path.join(directory, FILE_NAME)
        create(path)
        yield path
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class SharedCache:
    """Answers by request key in the run's file, bounded in bytes, oldest dropped first."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.working = True
        self.writes = 0
        # The reader belongs to the event loop's thread, the writer to its own thread.
        # The reader never waits: on the event loop, a busy file is a miss.
        self.reader = self._connect(busy_timeout_ms=0)
        self.reader_lock = threading.Lock()  # a test client may call from more than one thread
        self.writer: sqlite3.Connection | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shared-cache")

    def _connect(self, busy_timeout_ms: int) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        # A cache lost in a crash is only a cache: no waiting for the disk.
        connection.execute("PRAGMA synchronous=OFF")
        return connection

    def _failed(self, error: sqlite3.Error) -> None:
        """A busy file (another worker writing, a checkpoint) costs one read or one write; any
        other error turns the tier off for this worker."""
        if getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return
        if self.working:
            log.warning("shared response cache off in this worker: %s", error)
        self.working = False

    def get(self, key: tuple) -> Answer | None:
        if not self.working:
            return None
        try:
            with self.reader_lock:
                row = self.reader.execute(
                    "SELECT headers, body, etag FROM answer WHERE key = ?", (key_bytes(key),)
                ).fetchone()
        except sqlite3.Error as error:
            self._failed(error)
            return None
        return None if row is None else Answer(headers_from(row[0]), row[1], row[2])

    def put(self, key: tuple, answer: Answer) -> None:
        """Queued: written by this worker's writer thread while the request goes on."""
        if self.working and len(answer.body) <= self.max_bytes // 8:
            self.executor.submit(self._write, key_bytes(key), answer)

    def _write(self, key: bytes, answer: Answer) -> None:
        try:
            if self.writer is None:
                self.writer = self._connect(BUSY_TIMEOUT_MS)
            self.writer.execute(
                "INSERT OR IGNORE INTO answer (key, bytes, etag, headers, body) VALUES (?, ?, ?, ?, ?)",
                (key, len(answer.body), answer.etag, headers_bytes(answer.headers), answer.body),
            )
            self.writes += 1
            if self.writes % WRITES_BETWEEN_TRIMS == 0:
                self._trim()
        except sqlite3.Error as error:
            self._failed(error)

    def _trim(self) -> None:
        """Past the bound, keep the newest answers that fill three quarters of it."""
        (stored,) = self.writer.execute("SELECT total(bytes) FROM answer").fetchone()
        if stored > self.max_bytes:
            self.writer.execute(
                "DELETE FROM answer WHERE rowid <= (SELECT rowid FROM (SELECT rowid, "
                "sum(bytes) OVER (ORDER BY rowid DESC) AS newer FROM answer) "
                "WHERE newer > ? ORDER BY rowid DESC LIMIT 1)",
                (self.max_bytes * 3 // 4,),
            )

    def flush(self) -> None:
        """Wait for the writes queued so far (tests, and a clean stop)."""
        self.executor.submit(lambda: None).result()

    def close(self) -> None:
        self.working = False  # nothing more is queued or read
        self.executor.shutdown(wait=True)
        for connection in (self.reader, self.writer):
            if connection is not None:
                connection.close()


def open_shared(path: str, max_bytes: int) -> SharedCache | None:
    """This worker's view of the run's shared cache, when its server made one (``path``)."""
    if not path or max_bytes <= 0 or not os.path.exists(path):
        return None
    try:
        return SharedCache(path, max_bytes)
    except sqlite3.Error as error:
        log.warning("shared response cache unavailable: %s", error)
        return None
