#!/usr/bin/env python3
"""The synthetic national database in PostgreSQL, for `bench/mixed --database-url URL`: every
curated table of build/bench/national.sqlite (bench/make_national.py) copied as it is, then the
derived tables, the search index and the statistics made as a build makes them (app/derived.py).

    URL=$(PG_TEST_PORT=55440 scripts/pg-test-server start /tmp/pg-national)
    .venv/bin/python bench/national_postgres.py "$URL"      # a few minutes
    bench/mixed --database-url "$URL" --baseline REV ...    # this tree on PostgreSQL
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import SQLModel, create_engine

from app import models  # noqa: F401  (importing it registers the tables)
from app.derived import derive
from app.sqlite import sqlite3

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "build" / "bench" / "national.sqlite"
# Filled by derive() from the curated tables, as in every build.
DERIVED = {"figureregion", "figurearea", "figureyear", "figurefacet"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a PostgreSQL URL (postgresql+psycopg://…); its tables are replaced")
    parser.add_argument("--database", type=Path, default=DATABASE, help="the national SQLite database to copy")
    args = parser.parse_args()
    if not args.database.exists():
        print(f"{args.database} is missing: run bench/mixed or bench/make_national.py first", file=sys.stderr)
        return 2
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    engine = create_engine(args.url)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for table in SQLModel.metadata.sorted_tables:
            if table.name in DERIVED:
                continue
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {columns} FROM {table.name}"):
                    copy.write_row(row)
        print(f"national_postgres: copied in {time.perf_counter() - started:.0f} s", flush=True)
        derive(connection)
    engine.dispose()
    print(f"national_postgres: {args.url} ready in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
