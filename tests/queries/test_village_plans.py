"""However a village list's programme filter is read (listed from its index, or probed village by
village when it is large or a province comes first), it holds exactly the villages plain SQL gives,
in order: checked on the synthetic national database."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.i18n import current_language
from app.queries import villages
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, counting_statement, list_rows, plan

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(synthetic_national):
    engine = create_engine(f"sqlite:///{synthetic_national}")
    token = current_language.set("zh")  # sorted by name: by slug
    with Session(engine) as session:
        yield session
    current_language.reset(token)
    engine.dispose()


@pytest.mark.parametrize(
    ("filters", "probed"),
    [
        (Filters(programme=("rural-revitalisation",)), True),  # half the villages: probed
        (Filters(programme=("industry",)), False),  # a few percent: listed
        (Filters(province=("hunan",), programme=("industry",)), True),  # the province first
    ],
)
def test_a_programme_is_probed_when_large_and_reads_the_plain_selection(
    synthetic: Session, filters: Filters, probed: bool
) -> None:
    sql = str(counting_statement(villages.SPEC, plan(synthetic, villages.SPEC, filters).counting(), COUNT_CAP))
    assert ("EXISTS" in sql) == probed, sql
    where = " AND ".join(
        [f"province_slug = '{p}'" for p in filters.province]
        + [f"slug IN (SELECT village_slug FROM villageprogramme WHERE programme_slug = '{filters.programme[0]}')"]
    )
    expected = [
        row[0] for row in synthetic.connection().execute(text(f"SELECT slug FROM village WHERE {where} ORDER BY slug"))
    ]
    assert expected
    page = list_rows(synthetic, villages.SPEC, filters)
    assert page.total == min(len(expected), page.total) and (page.capped or page.total == len(expected))
    assert [row.slug for row in page.items] == expected[:50]
