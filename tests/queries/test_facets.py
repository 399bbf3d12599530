"""The counts beside the figure filters' options (app/queries/facets.py) against a plain reading:
each option counted among the figures the other filters select, on either database."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.queries.facets import option_counts
from app.queries.filters import Filters

# The plain SQL of one filter's value (the figures it selects).
SELECTS = {
    "province": "SELECT figure_id FROM figureregion WHERE province_slug = '{}'",
    "programme": "SELECT figure_id FROM figureprogramme WHERE programme_slug = '{}'",
    "year": "SELECT figure_id FROM figureyear WHERE year = {}",
    "unit": "SELECT id FROM figure WHERE unit = '{}'",
    "scope": "SELECT id FROM figure WHERE scope = '{}'",
}


def plain_count(database, chosen: dict[str, str]) -> int:
    where = " AND ".join(f"id IN ({SELECTS[name].format(value)})" for name, value in chosen.items()) or "1 = 1"
    return database.execute(f"SELECT count(*) FROM figure WHERE {where}").fetchone()[0]


@pytest.fixture
def session(app):
    with Session(app.state.engine) as opened:
        yield opened


@pytest.mark.parametrize("chosen", [{"province": "sichuan"}, {"unit": "yuan", "year": "2019"}, {"scope": "county"}])
def test_each_option_is_counted_with_the_other_filters_kept(session, database, chosen) -> None:
    filters = Filters(**{k: (int(v) if k == "year" else (v,)) for k, v in chosen.items()})
    counts = option_counts(session, filters, max_figures=10_000)
    assert counts
    for (facet, value), count in counts.items():
        if facet not in SELECTS:
            continue
        swapped = {**{k: v for k, v in chosen.items() if k != facet}, facet: value}
        assert count == plain_count(database, swapped), (facet, value)
    # and an option left out would have shown nothing
    provinces = [row[0] for row in database.execute("SELECT slug FROM province")]
    for slug in provinces:
        if ("province", slug) not in counts:
            assert (
                plain_count(database, {**{k: v for k, v in chosen.items() if k != "province"}, "province": slug}) == 0
            )


def test_with_nothing_chosen_the_builds_counts_answer_and_a_large_database_gives_none(session, database) -> None:
    everything = option_counts(session, Filters(), max_figures=10_000)
    assert everything[("all", "")] == plain_count(database, {})
    assert option_counts(session, Filters(province=("sichuan",)), max_figures=10) is None
