"""Sub-queries that tie entities to places, programmes and sources, shared by the entity specs."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Integer, Select, and_, exists, func, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from app.models import County, CountyProgramme, Mention, Village

FOUR_PLUS_TWO_PROGRAMMES = ("designated", "paired")


def rows_of(model: Any) -> Select:
    """A select of the model's table as rows (named tuples with the same attributes), not model
    objects: lists that are only read, where the ORM would build and track an object per row."""
    return select(*model.__table__.columns)


def counties_in(provinces: tuple[str, ...]):
    return select(County.slug).where(County.province_slug.in_(provinces))


def villages_in(provinces: tuple[str, ...]):
    return select(Village.slug).where(Village.province_slug.in_(provinces))


def four_plus_two_counties():
    return select(CountyProgramme.county_slug).where(CountyProgramme.programme_slug.in_(FOUR_PLUS_TWO_PROGRAMMES))


def villages_of_four_plus_two():
    return select(Village.slug).where(Village.county_slug.in_(four_plus_two_counties()))


def mentioned_in(entity: str, slug_column: Any, sources: tuple[str, ...]):
    return exists().where(Mention.entity == entity, Mention.slug == slug_column, Mention.source_slug.in_(sources))


@dataclass(frozen=True)
class Linked:
    """Rows tied through a link table to any of ``values`` (a filter of a list, see filtered)."""

    key: Any
    link_key: Any
    link_column: Any
    values: tuple

    def condition(self) -> ColumnElement:
        return self.key.in_(select(self.link_key).where(self.link_column.in_(self.values)))


@dataclass(frozen=True)
class Matching:
    """Rows whose search text holds words, by the list's full-text index (SQLite FTS5; see
    filtered): ``index`` is an alias of the index table of its own; ``phrase`` the words it
    looks up, ``also`` words then checked in the text it holds (listing.search_clauses)."""

    rowid: Any  # the list's rowid column
    index: Any
    phrase: str
    also: tuple[str, ...] = ()

    @property
    def found(self) -> ColumnElement:
        match = literal_column(f"{self.index.name}.{self.index.element.name}").op("MATCH")(self.phrase)
        return and_(match, *(func.instr(self.index.c.doc, word) > 0 for word in self.also))

    def condition(self) -> ColumnElement:
        return self.rowid.in_(select(self.index.c.rowid).where(self.found))


def filtered(statement: Select, clauses: list) -> Select:
    """The statement with the filters applied.  A link filter of one value is a join, so that the
    database orders the tables itself by its statistics (ANALYZE): a narrow filter's link table
    is read first, a broad one probed by its key.  (As an IN list, the database reads a broad
    filter's every row first: half a million, for one programme at national scale.)  Several
    values stay an IN list: a join would repeat a row tied to two of them.

    A search is a join with the full-text index too: the index then leads the statement and gives
    its rows in rowid order, so a page in that order reads its own rows only, and a count stops at
    its cap, where an IN list first reads every match (bench/RESULTS.md, "search read through its
    index")."""
    for clause in clauses:
        if isinstance(clause, Matching):
            statement = statement.join(clause.index, and_(clause.index.c.rowid == clause.rowid, clause.found))
        elif isinstance(clause, Linked) and len(clause.values) == 1:
            (value,) = clause.values
            statement = statement.join(
                clause.link_key.table, and_(clause.link_key == clause.key, clause.link_column == value)
            )
        else:
            statement = statement.where(clause.condition() if isinstance(clause, (Linked, Matching)) else clause)
    return statement


def keys_alone(key: Any, clauses: list) -> tuple[Select, Any] | None:
    """The keys of the rows the filters select, read from the filters' own tables without the
    list's table, and the column that holds them; None unless every filter is such a table (a
    link filter of one value, a search index on ``key``).  The list's table is then read only for
    the page's own rows (rows by key): a count or a page in key order that joined it would read a
    row of it for every match, which costs more than the filters' tables together
    (bench/RESULTS.md, "the filters' tables alone")."""
    if not clauses or not all(
        (isinstance(c, Matching) and c.rowid is key) or (isinstance(c, Linked) and c.key is key and len(c.values) == 1)
        for c in clauses
    ):
        return None
    lead, *others = clauses
    if isinstance(lead, Matching):
        lead_key = lead.index.c.rowid
        statement = select(lead_key).select_from(lead.index).where(lead.found)
    else:
        lead_key = lead.link_key
        statement = select(lead_key).where(lead.link_column == lead.values[0])
    rekeyed = [replace(c, rowid=lead_key) if isinstance(c, Matching) else replace(c, key=lead_key) for c in others]
    return filtered(statement, rekeyed), lead_key


def any_of(*clauses):
    clauses = [c for c in clauses if c is not None]
    if len(clauses) == 1:
        return clauses[0]  # a link filter stays one (filtered)
    clauses = [c.condition() if isinstance(c, (Linked, Matching)) else c for c in clauses]
    return or_(*clauses) if clauses else None


def links_of(
    session: Session, tables: dict[str, tuple[Any, str]], key: str, ids: list
) -> Iterator[tuple[str, Any, str]]:
    """(link, row, slug) for every link of these rows, in one query over all the link tables
    (``tables``: link → (link table, its slug column); ``key``: the column naming the row: an id
    or a slug), each link's slugs in order.  One statement instead of one per table, its SQL
    written once per process with the rows as one parameter (a JSON list on SQLite, an array on
    PostgreSQL): most of such a statement's cost was building it, not running it."""
    if not ids:
        return iter(())
    dialect = session.get_bind().dialect.name
    sql = _links_sql(tuple((link, model, column) for link, (model, column) in tables.items()), key, dialect)
    parameters = (json.dumps(list(ids)),) if dialect == "sqlite" else {"rows": list(ids)}
    return iter(session.connection().exec_driver_sql(sql, parameters).all())


@functools.cache
def _links_sql(tables: tuple[tuple[str, Any, str], ...], key: str, dialect: str) -> str:
    """links_of's statement as this dialect's SQL text (names from the models, never from a
    request).  The rows asked for are one parameter: a JSON list on SQLite, an array on
    PostgreSQL (of the key's type: PostgreSQL will not guess it)."""
    if dialect == "sqlite":
        given = "WITH given AS (SELECT value FROM json_each(?))"
    else:
        numeric = isinstance(getattr(tables[0][1], key).type, Integer)
        given = f"WITH given AS (SELECT unnest(CAST(%(rows)s AS {'bigint' if numeric else 'text'}[])) AS value)"
    parts = [
        f"SELECT '{link}' AS link, {model.__tablename__}.{key} AS owner, {model.__tablename__}.{column} AS slug "
        f"FROM {model.__tablename__} WHERE {model.__tablename__}.{key} IN (SELECT value FROM given)"
        for link, model, column in tables
    ]
    return f"{given} {' UNION ALL '.join(parts)} ORDER BY link, slug"


def slugs_by(session: Session, model: Any, key: str, column: str, keys: list[str]) -> dict[str, list[str]]:
    """Each key's slugs in one link table, in order, for many keys at once (a page's villages →
    their programmes)."""
    result: dict[str, list[str]] = {k: [] for k in keys}
    for _link, row, slug in links_of(session, {column: (model, column)}, key, keys):
        result[row].append(slug)
    return result
