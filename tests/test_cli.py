"""Start-up refuses a missing or corrupt database with one clear line and a non-zero exit."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys

import pytest
import uvicorn

from app.cli import listening_socket
from app.config import PROJECT_ROOT


def serve_with(sqlite_path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SQLITE_PATH": sqlite_path, "DATABASE_URL": "", "PORT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "app", "serve"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("content", [None, b"this is not a database", b""])
def test_a_bad_database_stops_start_up_with_one_line(tmp_path, content: bytes | None) -> None:
    path = tmp_path / "db.sqlite"
    if content is not None:
        path.write_bytes(content)
    result = serve_with(str(path))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ct-rural: not starting:"), result.stderr
    assert "Traceback" not in result.stderr


def test_build_db_reports_what_it_loaded(tmp_path) -> None:
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "new.sqlite"), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "-m", "app", "build-db"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "statements" in result.stdout
    assert (tmp_path / "new.sqlite").stat().st_size > 0


def test_the_served_socket_hands_out_connections_with_nagle_off() -> None:
    """Every worker serves the socket `serve` binds; a connection accepted from it sends each
    answer at once (TCP_NODELAY), not after the client's delayed acknowledgement."""
    listener = listening_socket(uvicorn.Config("app.main:create_app", host="127.0.0.1", port=0))
    listener.listen()
    with listener, socket.create_connection(listener.getsockname()):
        accepted, _address = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_a_database_whose_search_index_keeps_no_text_is_refused(settings, tmp_path) -> None:
    """A database built before the trigram index kept its text would answer every search of
    several words with nothing: start-up says to rebuild it instead."""
    if settings.database_url:
        pytest.skip("an SQLite database's index (PostgreSQL keeps its texts in a table)")
    path = tmp_path / "old.sqlite"
    shutil.copy(settings.sqlite_path, path)
    with sqlite3.connect(path) as old:
        old.execute("DROP TABLE figure_search")
        old.execute("CREATE VIRTUAL TABLE figure_search USING fts5(doc, content='', tokenize='trigram')")
        old.execute("INSERT INTO figure_search (rowid, doc) VALUES (1, 'huangshan village')")
    result = serve_with(str(path))
    assert result.returncode == 2
    assert "built by an older version" in result.stderr and "make db" in result.stderr
