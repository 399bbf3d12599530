"""Engines and sessions.

The app only ever reads: SQLite is opened read-only (``mode=ro`` plus ``PRAGMA query_only``)
and PostgreSQL sessions run in read-only transactions, so a bug in a route cannot change the
data.  Writing happens in one place only, ``app/build.py``, run by ``python -m app build-db``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from app import models  # importing it also registers the tables on SQLModel.metadata
from app.config import Settings
from app.sqlite import sqlite3

_unguarded = threading.local()


@contextmanager
def unguarded() -> Iterator[None]:
    """Start-up work (reading caches once) runs without the per-request query time limit."""
    _unguarded.active = True
    try:
        yield
    finally:
        _unguarded.active = False


class DatabaseMissing(RuntimeError):
    """The database the settings point at does not exist or cannot be read."""


def read_only_engine(settings: Settings) -> Engine:
    if settings.database_url:
        # Read-only transactions, and the query guard: PostgreSQL cancels a statement past the limit.
        options = f"-c default_transaction_read_only=on -c statement_timeout={settings.sql_time_limit_ms}"
        return create_engine(
            settings.database_url,
            pool_pre_ping=True,  # a connection lost while the server was away is replaced, not used
            pool_recycle=300,
            pool_size=min(settings.db_pool_size, 10),  # PostgreSQL connections are dearer; 10 each
            max_overflow=max(0, settings.db_pool_size - 10),
            pool_timeout=settings.db_pool_timeout_s,
            connect_args={"options": options, "connect_timeout": 5},
        )
    path = Path(settings.sqlite_path)
    if not path.is_file():
        raise DatabaseMissing(f"no database at {path}: run `make db` (python -m app build-db)")
    engine = create_engine(
        f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true",
        module=sqlite3,
        connect_args={"check_same_thread": False},
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=settings.db_pool_timeout_s,
    )

    limit_s = settings.sql_time_limit_ms / 1000

    @event.listens_for(engine, "connect")
    def _query_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    # The query guard: SQLite calls the progress handler every few thousand steps of a statement;
    # returning true interrupts it. Each statement gets the whole limit from when it starts.
    @event.listens_for(engine, "before_cursor_execute")
    def _start_clock(connection, _cursor, _statement, _parameters, context, _many):
        dbapi = connection.connection.dbapi_connection
        if getattr(_unguarded, "active", False) or context.execution_options.get("export"):
            dbapi.set_progress_handler(None, 0)
            return
        deadline = time.monotonic() + limit_s
        dbapi.set_progress_handler(lambda: time.monotonic() > deadline, 2_000)

    return engine


def dataset_info(engine: Engine, key: str) -> str | None:
    """One fact about the database (models.DatasetInfo), or None."""
    try:
        with Session(engine) as session:
            row = session.get(models.DatasetInfo, key)
    except DBAPIError:  # a database built before the table existed
        return None
    return row.value if row is not None else None


def is_synthetic(engine: Engine) -> bool:
    """True for a benchmark database made by bench/make_national.py, never for the curated one."""
    return dataset_info(engine, "synthetic") == "true"
