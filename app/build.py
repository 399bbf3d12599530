"""Building the database from ``data/seed.sql``: the only code that writes (``python -m app
build-db``).  The schema comes from app/models.py; the seed holds INSERT statements only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, col, create_engine

from app import models  # (importing it registers the tables on SQLModel.metadata)
from app.config import Settings
from app.derived import derive
from app.sqlite import sqlite3


def seed_statements(seed_sql: str) -> Iterator[str]:
    """Split the seed file into statements; a statement may span lines, comments are skipped."""
    buffer: list[str] = []
    for line in seed_sql.splitlines():
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer.append(line)
        candidate = "\n".join(buffer)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(candidate):
            yield candidate.strip()
            buffer = []
    if buffer and "\n".join(buffer).strip():
        raise ValueError("seed file ends inside a statement: " + buffer[0][:80])


def load_seed(engine: Engine, seed_sql: str, settings: Settings | None = None) -> int:
    """Create the schema and insert the seed rows in one transaction; return the row count.  With
    ``settings``, the reports' texts and the not-figures list too (the source reader shows them)."""
    SQLModel.metadata.create_all(engine)
    count = 0
    with engine.begin() as connection:
        # The driver's own cursor, with no parameters: the seed's texts hold "%" ("近90%"), which
        # pyformat drivers such as psycopg would otherwise read as placeholders.
        cursor = connection.connection.cursor()
        for statement in seed_statements(seed_sql):
            cursor.execute(statement)
            count += 1
        if settings is not None:  # before the derived statements, whose ANALYZE sees every table
            load_reader_rows(connection, settings)
        cursor.close()
        derive(connection)
    return count


def build_database(settings: Settings) -> int:
    """(Re)build the database from the seed file, the reports' texts and the not-figures list.
    Rebuilding never doubles rows.

    SQLite: written to a temporary file and renamed over the old one, so a running server never
    sees a half-built database.  PostgreSQL: the tables are dropped and made anew.
    """
    seed_sql = Path(settings.seed_path).read_text(encoding="utf-8")
    if settings.database_url:
        engine = create_engine(settings.database_url)
        SQLModel.metadata.drop_all(engine)
        try:
            return load_seed(engine, seed_sql, settings)
        finally:
            engine.dispose()
    target = Path(settings.sqlite_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{partial}", module=sqlite3)

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    try:
        count = load_seed(engine, seed_sql, settings)
    finally:
        engine.dispose()
    os.replace(partial, target)
    return count


def load_reader_rows(connection: Connection, settings: Settings) -> None:
    """Each report's full text, where SOURCES_DIR has a copy of it, and the quantities that are
    not figures with their reasons (read as the coverage check reads them)."""
    from app.coverage import read_not_figures, read_sources  # here: app.coverage imports this module

    texts = read_sources(Path(settings.sources_dir)) if Path(settings.sources_dir).is_dir() else {}
    sources = connection.execute(select(col(models.Source.slug), col(models.Source.file))).all()
    rows = [{"source_slug": slug, "text": texts[file]} for slug, file in sources if file in texts]
    if rows:
        connection.execute(insert(models.SourceText), rows)
    path = Path(settings.not_figures_path)
    entries = read_not_figures(path.read_text(encoding="utf-8")) if path.is_file() else []
    known = {slug for slug, _file in sources}
    listed = [{"source_slug": e.source, "passage": e.passage, "reason": e.reason} for e in entries if e.source in known]
    if listed:
        connection.execute(insert(models.NotFigureEntry), listed)
