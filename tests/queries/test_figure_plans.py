"""However a figure list is read (a build-time combination, a county's list, the search index or
a search tested row by row, narrow or broad), it holds exactly the figures a plain reading of the
link tables gives, in the order asked for: checked on the synthetic national database."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.i18n import current_language
from app.queries import figures
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, NARROW_ROWS, counting_statement, list_rows, plan, rows_statement

pytestmark = pytest.mark.slow

# (filters, the same selection as plain SQL over the link tables)
SELECTIONS = [
    (
        Filters(province=("sichuan",), programme=("poverty-alleviation",)),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'sichuan') "
        "AND id IN (SELECT figure_id FROM figureprogramme WHERE programme_slug = 'poverty-alleviation')",
    ),
    (
        Filters(province=("henan",), year=2019),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'henan') "
        "AND year_from <= 2019 AND coalesce(year_to, year_from) >= 2019",
    ),
    (
        Filters(programme=("rural-revitalisation",), year=2021, scope=("village",)),
        "id IN (SELECT figure_id FROM figureprogramme WHERE programme_slug = 'rural-revitalisation') "
        "AND year_from <= 2021 AND coalesce(year_to, year_from) >= 2021 AND scope = 'village'",
    ),
    (
        Filters(province=("yunnan",), programme=("poverty-alleviation",), year=2016, qualifier=("over",)),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'yunnan') "
        "AND id IN (SELECT figure_id FROM figureprogramme WHERE programme_slug = 'poverty-alleviation') "
        "AND year_from <= 2016 AND coalesce(year_to, year_from) >= 2016 AND qualifier = 'over'",
    ),
    (
        # a province with a scope or qualifier: one range of the province's index on its copies
        Filters(province=("henan",), scope=("village",)),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'henan') AND scope = 'village'",
    ),
    (
        Filters(province=("sichuan",), qualifier=("about", "nearly"), scope=("county",)),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'sichuan') "
        "AND qualifier IN ('about', 'nearly') AND scope = 'county'",
    ),
    (
        Filters(county=("yunnan-county-066",), year=2018),
        "(id IN (SELECT figure_id FROM figurecounty WHERE county_slug = 'yunnan-county-066') "
        "OR id IN (SELECT fv.figure_id FROM figurevillage fv JOIN village v ON v.slug = fv.village_slug "
        "WHERE v.county_slug = 'yunnan-county-066')) "
        "AND year_from <= 2018 AND coalesce(year_to, year_from) >= 2018",
    ),
    (
        # one filter alone, broad: page one in the sort's own order, the last page read in the
        # filter's index order (by id) or whole and sorted (else)
        Filters(province=("yunnan",)),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'yunnan')",
    ),
    (
        Filters(programme=("rural-revitalisation",)),
        "id IN (SELECT figure_id FROM figureprogramme WHERE programme_slug = 'rural-revitalisation')",
    ),
    (
        # a common word (every synthetic figure's label ends so) with a province: tested row by row
        Filters(province=("guangdong",), q="（合成）"),
        "id IN (SELECT figure_id FROM figureregion WHERE province_slug = 'guangdong') "
        "AND (label_zh LIKE '%（合成）%' OR lower(label_en) LIKE '%（合成）%' "
        "OR text LIKE '%（合成）%' OR excerpt LIKE '%（合成）%')",
    ),
]
# The sorts and their columns; None: the list's default (and a search's exact-first ranking).
SORTS = {None: "id", "id": "id", "value": "value", "year": "year_from", "source": "source_slug"}


@pytest.fixture(scope="module")
def synthetic(synthetic_national):
    engine = create_engine(f"sqlite:///{synthetic_national}")
    token = current_language.set("zh")
    with Session(engine) as session:
        yield session
    current_language.reset(token)
    engine.dispose()


@pytest.mark.parametrize(("filters", "where"), SELECTIONS, ids=lambda v: str(v)[:60] if isinstance(v, str) else None)
@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_plan_reads_the_plain_selection(synthetic: Session, filters, where: str, sort: str, order: str) -> None:
    column = SORTS[sort]
    direction = "DESC" if order == "desc" else "ASC"
    expected = [
        row[0]
        for row in synthetic.connection().execute(
            text(f"SELECT id FROM figure WHERE {where} ORDER BY {column} IS NULL, {column} {direction}, id {direction}")
        )
    ]
    assert expected, "the selection should not be empty on the synthetic data"
    chosen = replace(filters, sort=sort, order=order, size=50)
    page = list_rows(synthetic, figures.SPEC, chosen)
    assert page.total == min(len(expected), page.total) and (page.capped or page.total == len(expected))
    assert [row.id for row in page.items] == expected[:50]
    last = max(1, -(-min(len(expected), 10_000) // 50))
    deep = list_rows(synthetic, figures.SPEC, replace(chosen, page=last))
    assert [row.id for row in deep.items] == expected[(last - 1) * 50 : last * 50]


@pytest.mark.parametrize(("filters", "where"), SELECTIONS[:4])
def test_combined_filters_are_counted_from_their_combination(synthetic: Session, filters, where: str) -> None:
    chosen = plan(synthetic, figures.SPEC, filters)
    sql = str(counting_statement(figures.SPEC, chosen.counting(), COUNT_CAP).compile(synthetic.get_bind()))
    assert "figurecombination" in sql
    covered = figures.combination(synthetic, filters).covers
    if len(covered) == len([v for v in (filters.province, filters.programme, filters.year) if v]):
        assert "figureprogramme" not in sql and "figureyear" not in sql  # one probe, not one per filter


def test_a_province_with_a_scope_is_one_range_of_the_province_index(synthetic: Session) -> None:
    filters = Filters(province=("henan",), scope=("village",), qualifier=("over",))
    chosen = plan(synthetic, figures.SPEC, filters)
    counting = counting_statement(figures.SPEC, chosen.counting(), COUNT_CAP)
    sql = str(counting.compile(synthetic.get_bind(), compile_kwargs={"literal_binds": True}))
    assert "figureregion.scope" in sql and "figureregion.qualifier" in sql
    assert "figure.scope" not in sql  # no figure is read to test its scope
    steps = [row[-1] for row in synthetic.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert any("ix_figureregion_" in step for step in steps), steps


@pytest.mark.parametrize(
    "filters",
    [
        Filters(province=("yunnan",)),
        Filters(programme=("rural-revitalisation",)),
        Filters(province=("henan",), scope=("village",)),
        Filters(province=("sichuan",), programme=("poverty-alleviation",)),
        Filters(county=("yunnan-county-066",)),
    ],
)
def test_sorted_by_id_a_lead_is_read_in_its_index_order(synthetic: Session, filters: Filters) -> None:
    """No sort of the whole selection: its rows come from the lead's index in id order and the
    database stops at the page, however deep."""
    chosen = plan(synthetic, figures.SPEC, filters)
    assert chosen.in_order
    reading = chosen.for_rows(10**6, reach=10**6, table_rows=10**6, by_key=True)
    statement = rows_statement(figures.SPEC, reading, replace(filters, page=100))
    sql = str(statement.compile(synthetic.get_bind(), compile_kwargs={"literal_binds": True}))
    steps = [row[-1] for row in synthetic.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_a_deep_page_of_a_broad_selection_is_read_whole_not_scanned_for(synthetic: Session) -> None:
    chosen = plan(synthetic, figures.SPEC, Filters(province=("yunnan",), sort="value"))
    table_rows = figures.facet_counts(synthetic)[("all", "")]
    total = figures.facet_counts(synthetic)[("province", "yunnan")]
    assert total > NARROW_ROWS, "yunnan should be a broad selection on the synthetic data"
    assert chosen.for_rows(total, reach=50, table_rows=table_rows).source is chosen.table  # page 1: scan in order
    deep = total - 50
    assert chosen.for_rows(total, reach=deep, table_rows=table_rows).source is chosen.source


@pytest.mark.parametrize(
    ("filters", "reads_figure"),
    [
        (Filters(province=("henan",), scope=("village",)), False),  # the province's index holds the scope
        (Filters(province=("yunnan",), programme=("poverty-alleviation",), year=2016), False),  # links only
        (Filters(county=("yunnan-county-066",), year=2018), False),
        (Filters(province=("yunnan",), qualifier=("over",), source=("synthetic-national",)), True),  # source: a column
    ],
)
def test_a_count_reads_the_figure_table_only_when_a_test_needs_its_columns(
    synthetic: Session, filters: Filters, reads_figure: bool
) -> None:
    counting = counting_statement(figures.SPEC, plan(synthetic, figures.SPEC, filters).counting(), COUNT_CAP)
    sql = str(counting.compile(synthetic.get_bind(), compile_kwargs={"literal_binds": True}))
    assert (" figure " in f"{sql} ".replace("\n", " ") or "JOIN figure" in sql) == reads_figure, sql
    (counted,) = synthetic.connection().execute(counting).one()
    assert counted == list_rows(synthetic, figures.SPEC, filters).total or counted > COUNT_CAP
