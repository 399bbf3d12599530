"""Every list, every filter it takes, every sort in both orders and both languages: its first and
last page and its count equal a plain reading, on the synthetic national database.

The plain reading is the oracle: for the figure list, the filters written again as SQL over the
tables the curators fill (not the closure tables the build derives); for every list, the order
and the pages computed in Python from the whole selection.  Whatever index the database chooses,
the rows must be these."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, select, text
from sqlmodel import Session

from app.entities import ENTITIES
from app.queries import figures
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, ByLanguage, PageOutOfRange, list_rows, where_clauses
from app.queries.relations import filtered
from app.sqlite import sqlite3

# On the synthetic SQLite database whatever the run's backend: once is enough (make test-postgres
# runs the suite again on PostgreSQL, where tests/test_backends.py compares the lists).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.oracle,
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite only: ran in make test"),
]

SIZE = 50
# One value of each filter that the synthetic data holds.
VALUES = {
    "province": ("sichuan",),
    "programme": ("poverty-alleviation",),
    "county": ("yunnan-county-066",),
    "group": "4plus2",
    "year": 2019,
    "source": ("synthetic-national",),
    "scope": ("county",),
    "qualifier": ("about",),
    "unit": ("households",),
    "q": "智慧校园",
}
# Filters readers combine on the figure list.
COMBINED = (
    ("province", "programme"),
    ("province", "year"),
    ("programme", "year"),
    ("province", "programme", "year"),
    ("county", "programme", "year"),
    ("province", "scope"),
    ("province", "q"),
    ("year", "qualifier"),
    ("province", "unit"),
    ("q",),
)
# The figure filters as plain SQL over the curated link tables.
FIGURE_SQL = {
    "province": "id IN (SELECT figure_id FROM figureprovince WHERE province_slug = 'sichuan' "
    "UNION SELECT fc.figure_id FROM figurecounty fc JOIN county c ON c.slug = fc.county_slug "
    "WHERE c.province_slug = 'sichuan' UNION SELECT fv.figure_id FROM figurevillage fv "
    "JOIN village v ON v.slug = fv.village_slug WHERE v.province_slug = 'sichuan')",
    "county": "id IN (SELECT figure_id FROM figurecounty WHERE county_slug = 'yunnan-county-066' "
    "UNION SELECT fv.figure_id FROM figurevillage fv JOIN village v ON v.slug = fv.village_slug "
    "WHERE v.county_slug = 'yunnan-county-066')",
    "programme": "id IN (SELECT figure_id FROM figureprogramme WHERE programme_slug = 'poverty-alleviation')",
    "group": "id IN (SELECT figure_id FROM figurecounty WHERE county_slug IN (SELECT county_slug FROM "
    "countyprogramme WHERE programme_slug IN ('designated', 'paired')))",
    "year": "year_from <= 2019 AND coalesce(year_to, year_from) >= 2019",
    "source": "source_slug = 'synthetic-national'",
    "scope": "scope = 'county'",
    "qualifier": "qualifier = 'about'",
    "unit": "unit = 'households'",
    "q": "(lower(label_zh) LIKE '%智慧校园%' OR lower(label_en) LIKE '%智慧校园%' OR lower(text) LIKE '%智慧校园%' "
    "OR lower(excerpt) LIKE '%智慧校园%')",
}
FIGURE_SORTS = {
    "id": {"zh": "id", "en": "id"},
    "value": {"zh": "value", "en": "value"},
    "label": {"zh": "label_zh", "en": "lower(label_en)"},
    "year": {"zh": "year_from", "en": "year_from"},
    "source": {"zh": "source_slug", "en": "source_slug"},
}


@pytest.fixture(scope="module")
def synthetic(synthetic_national):
    engine = create_engine(f"sqlite:///{synthetic_national}", module=sqlite3)  # as the app reads it
    with Session(engine) as session:
        yield session
    engine.dispose()


def ordered(rows: list[tuple], descending: bool, ranked: bool = False) -> list:
    """Keys in list order: rows are (key, sort value[, exact match]); NULLs last either way, ties
    by the key in the sort's direction, an exact name first when ranked."""

    def by(row):
        key, value = row[0], row[1]
        return (value is None, value if value is not None else 0, key)

    present = sorted((r for r in rows if r[1] is not None), key=by, reverse=descending)
    absent = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=descending)
    result = present + absent
    if ranked:
        result = [r for r in result if r[2]] + [r for r in result if not r[2]]
    return [r[0] for r in result]


def assert_pages(session: Session, name: str, filters: Filters, language: str, expected: list) -> None:
    spec = ENTITIES[name].spec
    first = list_rows(session, spec, replace(filters, page=1, size=SIZE), language)
    # exact, or "more than COUNT_CAP" (a count the build made beforehand is exact however large)
    exact_or_capped = (
        ((len(expected), False), (COUNT_CAP, True)) if len(expected) > COUNT_CAP else ((len(expected), False),)
    )
    assert (first.total, first.capped) in exact_or_capped, (name, filters, language)
    key = spec.key.key
    assert [getattr(r, key) for r in first.items] == expected[:SIZE], (name, filters, language, "first page")
    last = first.pages
    if last > 1:
        page = list_rows(session, spec, replace(filters, page=last, size=SIZE), language)
        offset = (last - 1) * SIZE
        assert [getattr(r, key) for r in page.items] == expected[offset : offset + SIZE], (name, filters, "last")
        with pytest.raises(PageOutOfRange) as past:
            list_rows(session, spec, replace(filters, page=last + 1, size=SIZE), language)
        assert past.value.last == last and past.value.too_deep == (len(expected) > COUNT_CAP)


FIGURE_CASES = [
    (keys, sort, order, language)
    for keys in ((), *((k,) for k in FIGURE_SQL), *COMBINED)
    for sort in (*FIGURE_SORTS, None)
    for order in ("asc", "desc")
    for language in ("zh", "en")
    if (sort == "label" or language == "zh") and (sort is not None or ("q" in keys and order == "asc"))
]


@pytest.mark.parametrize(("keys", "sort", "order", "language"), FIGURE_CASES)
def test_the_figure_list_is_the_plain_reading(synthetic: Session, keys, sort, order, language) -> None:
    filters = Filters(sort=sort, order=order, **{k: VALUES[k] for k in keys})
    where = " AND ".join(FIGURE_SQL[k] for k in keys) or "1"
    column = FIGURE_SORTS[sort or "id"][language]
    exact = "label_zh = '智慧校园' OR lower(label_en) = '智慧校园'"
    # values compare within one unit only: units, and values within each, in the order asked
    group = "unit" if sort == "value" else "''"
    sql = f"SELECT id, {column}, {exact}, {group} FROM figure WHERE {where}"
    rows = [tuple(r) for r in synthetic.connection().exec_driver_sql(sql).all()]
    expected = [
        key
        for unit in sorted({r[3] for r in rows}, reverse=order == "desc")
        for key in ordered([r for r in rows if r[3] == unit], order == "desc", ranked=sort is None)
    ]
    assert_pages(synthetic, "figures", filters, language, expected)


OTHER_CASES = [
    (name, key, sort, order, language)
    for name, entity in ENTITIES.items()
    if name != "figures"
    for key in (None, *entity.filter_names, "q")
    for sort in entity.spec.sortable
    for order in ("asc", "desc")
    for language in ("zh", "en")
    if language == "zh" or isinstance(entity.spec.sort_columns[sort], ByLanguage)
]


@pytest.mark.parametrize(("name", "key", "sort", "order", "language"), OTHER_CASES)
def test_every_other_list_pages_its_selection_in_order(synthetic: Session, name, key, sort, order, language) -> None:
    """The selection as the list's own WHERE clause; the order and the pages from Python."""
    spec = ENTITIES[name].spec
    value = {"q": "合成"}.get(key, VALUES.get(key)) if key else None
    filters = Filters(sort=sort, order=order, **({key: value} if key else {}))
    column = spec.sort_columns[sort]
    column = getattr(column, language) if isinstance(column, ByLanguage) else column
    clauses = where_clauses(spec, filters, synthetic)
    rows = [
        tuple(r) for r in synthetic.execute(filtered(select(spec.key, column).select_from(spec.model), clauses)).all()
    ]
    assert_pages(synthetic, name, filters, language, ordered(rows, order == "desc"))


@pytest.mark.parametrize("q", ["synthetic county 003", "003 county synthetic", "合成 synthetic village 0001"])
def test_a_search_of_common_and_rare_words_finds_the_rows_whose_text_holds_every_word(synthetic: Session, q) -> None:
    """The oracle: the texts the index holds, read in Python.  The rare word is looked up and the
    common ones checked in the text (listing.search_clauses), whatever their order."""
    words = q.split()
    texts = synthetic.execute(text("SELECT rowid, doc FROM figure_search")).all()
    holding = sorted(key for key, doc in texts if all(word in doc for word in words))
    common = [word for word in words if sum(word in doc for _key, doc in texts) > len(texts) // 2]
    assert holding and common, "a search of rare and common words is what this tests"
    got = list_rows(synthetic, ENTITIES["figures"].spec, Filters(q=q, sort="id", size=100), "zh", paged=False)
    assert sorted(row.id for row in got.items) == holding


def test_the_synthetic_selections_are_not_trivial(synthetic: Session) -> None:
    """The oracle proves something only when the selections have rows, some more than a page."""
    for key in FIGURE_SQL:
        found = synthetic.execute(text(f"SELECT count(*) FROM figure WHERE {FIGURE_SQL[key]}")).scalar_one()
        assert found > SIZE, key
    assert figures.facet_counts(synthetic)[("all", "")] > COUNT_CAP  # the cap is reached


@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_search_for_a_name_many_rows_share_pages_those_rows_first(synthetic: Session, page: int) -> None:
    """Ranked: the rows named exactly as searched come first, in the list's order, then the rest;
    here the exact rows fill many pages (the statement that reads them stops at the page's end)."""
    label = (
        synthetic.connection()
        .exec_driver_sql("SELECT label_zh FROM figure GROUP BY label_zh ORDER BY count(*) DESC LIMIT 1")
        .scalar_one()
    )
    filters = Filters(q=label, province=("sichuan",), page=page, size=SIZE)
    rows = list_rows(synthetic, ENTITIES["figures"].spec, filters, "zh")
    where = FIGURE_SQL["province"]
    exact = [
        r[0]
        for r in synthetic.connection().exec_driver_sql(
            f"SELECT id FROM figure WHERE label_zh = ? AND {where} ORDER BY id", (label,)
        )
    ]
    assert len(exact) > 3 * SIZE  # the exact rows alone fill every page asked for
    assert [r.id for r in rows.items] == exact[(page - 1) * SIZE : page * SIZE]
