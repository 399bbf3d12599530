"""Shared fixtures: a database built from data/seed.sql for this run, and the app on top of it.

With TEST_DATABASE_URL set (a PostgreSQL URL), the same suite runs against PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.build import build_database
from app.config import Settings

SOURCES_DIR = Settings().sources_dir  # SOURCES_DIR in the environment points elsewhere
# The test client's host (and the servers of the browser tests, which inherit the environment).
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Apps and servers start without drawing the default chart images (a Chromium each, for half a
# minute); the tests of that drawing turn it on (tests/charts/test_defaults.py).
os.environ.setdefault("DRAW_DEFAULT_IMAGES", "0")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    database_url = os.environ.get("TEST_DATABASE_URL", "")
    path = tmp_path_factory.mktemp("db") / "test.sqlite"
    # The response cache off: a test is answered by its own request, not by an earlier test's
    # render (the tests of the cache make an app with it on: tests/test_http.py).
    built = Settings(database_url=database_url, sqlite_path=path, response_cache_mb=0)
    build_database(built)
    return built


@pytest.fixture(scope="session")
def app(settings: Settings):
    from app.main import create_app

    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    with TestClient(app) as test_client:
        yield test_client


class Rows(list):
    def fetchone(self):
        return self[0] if self else None


class TestDatabase:
    """Plain SQL against the database under test, SQLite or PostgreSQL alike (literals only)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        # pre-ping: the fault tests stop and restart PostgreSQL under this engine's pooled connections
        self.engine = create_engine(url, pool_pre_ping=True)

    def execute(self, sql: str) -> Rows:
        with self.engine.connect() as connection:
            return Rows(tuple(row) for row in connection.exec_driver_sql(sql).fetchall())


@pytest.fixture(scope="session")
def database(settings: Settings) -> TestDatabase:
    found = TestDatabase(settings.sqlalchemy_url())
    yield found
    found.engine.dispose()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """A plain sqlite3 connection to a fresh build, for the integrity tests' direct SQL."""
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    build_database(Settings(sqlite_path=path))
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def synthetic_national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' synthetic national database at a tenth of its size (100,000 figures): the
    schema, indexes and statistics of a full build, big enough that a slow query is slow."""
    from bench.make_national import build

    path = tmp_path_factory.mktemp("national") / "national.sqlite"
    build(path, scale=0.1, seed=7)
    return path


@pytest.fixture(scope="session")
def source_texts() -> dict[str, str]:
    """The source files by name, whitespace removed (excerpts are compared without it)."""
    if not SOURCES_DIR.is_dir():
        pytest.skip(f"{SOURCES_DIR} is not here; excerpts cannot be checked against the sources")
    return {path.name: "".join(path.read_text(encoding="utf-8").split()) for path in SOURCES_DIR.glob("*.txt")}


def squeeze(text: str) -> str:
    return "".join(text.split())


def rows(connection: sqlite3.Connection, sql: str, *params) -> list[sqlite3.Row]:
    return connection.execute(sql, params).fetchall()


__all__ = ["Path", "rows", "squeeze"]
