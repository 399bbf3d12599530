"""No list reads the whole figure table: for every list, every sort in both orders, with no filter
and with each filter it takes, the plan SQLite chooses for its rows and for its count on the
synthetic national database (a tenth of it, with the same schema, indexes and statistics)
never scans the figure table from end to end."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from app.entities import ENTITIES
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, Reading, counting_statement, plan, rows_statement

pytestmark = pytest.mark.slow

# One value of each filter that the synthetic data holds.
VALUES = {
    "province": ("sichuan",),
    "programme": ("poverty-alleviation",),
    "county": ("sichuan-county-000",),
    "group": "4plus2",
    "year": 2019,
    "source": ("synthetic-national",),
    "scope": ("county",),
    "qualifier": ("about",),
    "q": "合成村",
}
# Filters readers combine on the figure list, each read its own way (a build-time combination, a
# county's own list, a search tested row by row when it is the wider).
COMBINED = (
    ("province", "programme"),
    ("province", "year"),
    ("programme", "year"),
    ("province", "programme", "year"),
    ("county", "programme", "year"),
    ("province", "scope"),
    ("province", "q"),
    ("year", "qualifier"),
)
CASES = [
    (name, sort, order, key)
    for name, entity in ENTITIES.items()
    for sort in entity.spec.sortable
    for order in ("asc", "desc")
    for key in (None, *entity.filter_names, *(COMBINED if name == "figures" else ()))
]


@pytest.fixture(scope="module")
def synthetic(synthetic_national):
    engine = create_engine(f"sqlite:///{synthetic_national}")
    with Session(engine) as session:
        yield session
    engine.dispose()


def full_scans(session: Session, statement) -> list[str]:
    """The plan's lines that read the figure table end to end: a scan of the table itself that is
    not the page's own order cut short by its LIMIT (a scan in rowid order, with nothing left to
    sort, stops after its rows)."""
    sql = str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan_lines = [row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    stops_early = " LIMIT " in sql and not any("TEMP B-TREE" in line for line in plan_lines)
    return [
        line for line in plan_lines if re.match(r"SCAN figure( |$)", line) and "USING" not in line and not stops_early
    ]


@pytest.mark.parametrize(("name", "sort", "order", "key"), CASES)
def test_no_list_scans_the_whole_figure_table(synthetic: Session, name: str, sort: str, order: str, key) -> None:
    spec = ENTITIES[name].spec
    keys = key if isinstance(key, tuple) else (key,) if key else ()
    filters = Filters(sort=sort, order=order, **{k: VALUES[k] for k in keys})
    chosen = plan(synthetic, spec, filters)
    readings = [Reading(chosen.source, chosen.driving), Reading(chosen.table, chosen.broad)]  # narrow and broad
    if chosen.in_order:
        readings.append(Reading(chosen.source, chosen.driving, chosen.key))  # in the lead's key order
    for reading in readings:
        assert full_scans(synthetic, rows_statement(spec, reading, filters)) == [], (name, sort, order, key)
        assert full_scans(synthetic, rows_statement(spec, reading, replace(filters, page=20))) == []
    counting = counting_statement(spec, chosen.counting(), COUNT_CAP)
    assert full_scans(synthetic, counting) == [], (name, sort, order, key, "count")
