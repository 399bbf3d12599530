"""How a list's filters become SQL (app/queries/relations.py): a link filter of one value is a join,
and when every filter is a link table or the search index, the keys are read from those tables
alone, without the list's own table; the rows are the same either way."""

from __future__ import annotations

import pytest
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session, select

from app.queries import figures
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, count_matching, keys_of_page, list_rows, where_clauses
from app.queries.relations import filtered, keys_alone

SPEC = figures.SPEC


def clauses_of(session: Session, filters: Filters) -> list:
    return where_clauses(SPEC, filters, session)


def all_keys(session: Session, clauses: list) -> list:
    return sorted(session.exec(filtered(select(SPEC.key).select_from(SPEC.model), clauses)).all())


@pytest.mark.parametrize(
    "filters",
    [
        Filters(province=("sichuan",)),
        Filters(province=("sichuan",), programme=("paired",)),
        Filters(programme=("poverty-alleviation",), year=2019),
        Filters(q="光纤"),
        Filters(q="宽带", province=("sichuan",)),
    ],
    ids=lambda f: (
        ",".join(f"{k}={v}" for k, v in vars(f).items() if v and k not in ("order", "page", "size")) or "none"
    ),
)
def test_the_filters_tables_alone_give_the_same_keys_without_reading_the_list_s_table(app, filters) -> None:
    with Session(app.state.engine) as session:
        clauses = clauses_of(session, filters)
        alone = keys_alone(SPEC.key, clauses)
        if filters.q and session.get_bind().dialect.name != "sqlite":
            # PostgreSQL finds a word through its documents table, an IN list (listing.search_clauses)
            assert alone is None
            return
        assert alone is not None
        statement, _key = alone
        # (every table the statement names, in its FROM, its joins or any column it reads)
        assert SPEC.model.__table__ not in find_tables(statement, check_columns=True, include_joins=True)
        expected = all_keys(session, clauses)
        assert expected, "a filter that selects nothing would prove nothing"
        assert sorted(session.exec(statement).all()) == expected


@pytest.mark.parametrize(
    "filters",
    [
        Filters(province=("sichuan",), scope=("county",)),  # a column of the figure itself
        Filters(province=("sichuan", "guangxi")),  # two values: an IN list, not a join
        Filters(),  # nothing to read the keys from
    ],
    ids=lambda f: (
        ",".join(f"{k}={v}" for k, v in vars(f).items() if v and k not in ("order", "page", "size")) or "none"
    ),
)
def test_a_filter_on_the_list_s_own_columns_keeps_the_list_s_table(app, filters) -> None:
    with Session(app.state.engine) as session:
        assert keys_alone(SPEC.key, clauses_of(session, filters)) is None


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_page_in_key_order_read_from_the_filters_tables_is_the_selection_s_page(app, order: str) -> None:
    filters = Filters(province=("sichuan",), size=2, order=order)
    with Session(app.state.engine) as session:
        expected = all_keys(session, clauses_of(session, filters))
        if order == "desc":
            expected.reverse()
        assert len(expected) > 3, "too few figures to page through"
        for number in (1, 2):
            wanted = expected[(number - 1) * 2 : number * 2]
            numbered = Filters(**{**vars(filters), "page": number})
            clauses = clauses_of(session, numbered)
            # read from the filters' tables (not the list's statement)…
            assert keys_of_page(session, SPEC, clauses, numbered, "zh", (number - 1) * 2) == wanted
            # …and so the page the reader gets
            page = list_rows(session, SPEC, numbered, "zh")
            assert [row.id for row in page.items] == wanted
            assert page.total == len(expected)


@pytest.mark.parametrize("filters", [Filters(province=("sichuan",), programme=("paired",)), Filters(q="光纤")], ids=str)
def test_a_count_read_from_the_filters_tables_is_the_selection_s_count(app, filters) -> None:
    with Session(app.state.engine) as session:
        clauses = clauses_of(session, filters)
        expected = len(all_keys(session, clauses))
        assert count_matching(session, SPEC, clauses, COUNT_CAP) == (expected, False)
        assert count_matching(session, SPEC, clauses, expected - 1) == (expected - 1, True)
