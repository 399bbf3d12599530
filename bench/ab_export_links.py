#!/usr/bin/env python3
"""A/B: an export's links as columns of the row's own statement (listing.slug_list, what the
exports use) against one relations.links_of query per batch (what the pages use), in one process.

    .venv/bin/python bench/ab_export_links.py     # national database, figures in Sichuan (64,171)

Both variants write the same CSV cells (Entity.csv_cells); run after bench/mixed has built
build/bench/national.sqlite.
"""

from __future__ import annotations

import os
import sys
import time
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.update(SQLITE_PATH=str(ROOT / "build" / "bench" / "national.sqlite"), DATABASE_URL="")
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from app.entities import ENTITIES  # noqa: E402
from app.exports import csv_lines  # noqa: E402
from app.main import create_app  # noqa: E402
from app.queries import relations  # noqa: E402
from app.queries.filters import Filters  # noqa: E402
from app.queries.listing import export_columns, rows_statement, where_clauses  # noqa: E402

FIGURES = ENTITIES["figures"]
SPEC = FIGURES.spec
# The same link tables as the export's columns, for links_of: link → (table model, slug column).
LINKS = {name: (owner.class_, slug.key) for name, (owner, slug) in SPEC.links.items()}
SICHUAN = Filters(province=("sichuan",))


def with_links_of(session: Session, batch: list) -> list:
    """The batch's rows with each link's slugs joined by "|", read by one links_of query."""
    found: dict[tuple, list[str]] = {}
    for link, owner, slug in relations.links_of(session, LINKS, "figure_id", [row.id for row in batch]):
        found.setdefault((owner, link), []).append(slug)
    row_type = namedtuple("Row", [*batch[0]._fields, *LINKS])
    return [row_type(*row, *("|".join(found.get((row.id, k), [])) or None for k in LINKS)) for row in batch]


def export_rate(engine, variant: str) -> float:
    """Rows a second, the CSV cells and lines written, for the figures in Sichuan."""
    started, rows = time.perf_counter(), 0
    with Session(engine) as session:
        clauses = where_clauses(SPEC, SICHUAN, session)
        computed = [expression.label(name) for name, expression in SPEC.computed.items()]
        extra = export_columns(SPEC, "sqlite") if variant == "columns" else computed
        statement = rows_statement(SPEC, clauses, SICHUAN, "zh", extra)
        result = session.connection().execute(statement.execution_options(yield_per=1000, export=True))
        for batch in result.partitions(1000):
            if variant == "links_of":
                batch = with_links_of(session, batch)
            csv_lines(FIGURES.csv_cells(session, batch))
            rows += len(batch)
    return rows / (time.perf_counter() - started)


def main() -> None:
    engine = create_app().state.engine
    for _round in range(3):
        for variant in ("columns", "links_of"):
            print(f"{variant:9} {export_rate(engine, variant):8.0f} rows/s")


if __name__ == "__main__":
    main()
