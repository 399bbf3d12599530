"""The one way every list is filtered, searched, sorted and paged.

Each entity module declares a :class:`ListSpec`: which columns sort and search, and how each
filter reads for that entity.  A filter an entity has no meaning for is not offered on its page.
A list is one plain statement: the filters and the search as its WHERE clause, the sort as its
ORDER BY, the page as OFFSET/LIMIT.  Which index to read first is the database's own planner's
choice, from the statistics ``ANALYZE`` gathered at build time (app/derived.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Text, and_, case, column, func, literal, literal_column, or_, table
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import iterate
from sqlmodel import Session, select

from app import search
from app.queries.filters import Filters
from app.queries.relations import Matching, filtered, keys_alone

Clause = Callable[[Filters], ColumnElement | None]
# A page counts at most this many matching rows and then says "more than" (Datasette counts to
# 1,000); pages go no deeper than that either: the export holds every row.
COUNT_CAP = 10_000
NAME_FIELDS = ("name_zh", "name_en", "label_zh", "label_en", "title_zh", "title_en")


@dataclass(frozen=True)
class ByLanguage:
    """A sort whose column depends on the reader's language (names: see name_sort)."""

    zh: Any
    en: Any


@dataclass(frozen=True)
class WithinGroups:
    """A sort within groups that must not be compared: figures by value within each unit (a yuan
    and a user are not larger or smaller than each other).  Groups, then the column, both in the
    order asked: one index on (group, column) then gives the whole order, read either way."""

    group: Any
    column: Any


@dataclass(frozen=True)
class ListSpec:
    model: Any
    key: Any  # the primary key column, the final tie-breaker so pages are stable
    sort_columns: dict[str, Any]  # a column or expression, a ByLanguage or a WithinGroups
    default_sort: str
    search_columns: tuple[Any, ...]
    clauses: dict[str, Clause] = field(default_factory=dict)
    # An exact count without counting (precomputed at build time), or None.
    fast_count: Callable[[Session, Filters], int | None] | None = None
    # The names a short search matches by prefix and an exact match ranks first by: the entity's
    # name in both languages and its slug (label, for a figure; title, for a source or event).
    name_columns: tuple[Any, ...] = ()
    # The links a row's export carries, each as its slugs: name → (link table's owner column, its
    # slug column), e.g. "counties" → (FigureCounty.figure_id, FigureCounty.county_slug).
    links: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Columns an export carries that the table does not store, each an SQL expression by name.
    computed: dict[str, Any] = field(default_factory=dict)
    # Whether a search finds a row by the names of the places it is linked to (木里 finds the
    # figures of 木里藏族自治县: app/derived.py).  Places are found by their own names and the
    # places they lie in, and a programme is not found by every place it reaches.
    found_by_linked_places: bool = False

    def __post_init__(self) -> None:
        if not self.name_columns:
            columns = self.model.__table__.columns
            found = [columns[n] for n in (*NAME_FIELDS, "slug") if n in columns]
            object.__setattr__(self, "name_columns", tuple(getattr(self.model, c.name) for c in found))

    def key_of(self, row: Any) -> Any:
        """A row's key (its slug, or its id), for its address."""
        return getattr(row, self.key.key)

    @property
    def filter_names(self) -> tuple[str, ...]:
        return tuple(self.clauses)

    @property
    def sortable(self) -> tuple[str, ...]:
        return tuple(self.sort_columns)


class PageOutOfRange(LookupError):
    """A page past the last one, or deeper than COUNT_CAP rows: the web layer answers 404 with a
    link to ``last`` (and, when ``too_deep``, to the export of ``table``'s list, which holds
    every row)."""

    def __init__(self, last: int, too_deep: bool = False, table: str = "") -> None:
        super().__init__(last)
        self.last = last
        self.too_deep = too_deep
        self.table = table


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    size: int
    capped: bool = False  # the total is a lower bound: there are more than COUNT_CAP rows

    @property
    def pages(self) -> int:
        """The pages that can be read: pages go no deeper than COUNT_CAP rows (list_rows)."""
        return max(1, -(-min(self.total, COUNT_CAP) // self.size))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1 if self.items else 0


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """The search text as one FTS5 phrase: with the trigram tokenizer, any substring match."""
    return '"' + text.replace('"', '""') + '"'


def rowid_of(spec: ListSpec) -> Any:
    """The list's SQLite rowid: its integer key where it has one, else the hidden column."""
    return spec.key if spec.key.key == "id" else literal_column(f"{spec.model.__tablename__}.rowid")


def _name_expression(column: Any, text: str) -> tuple[Any, str]:
    """English names compare lower-cased (as their index is), Chinese names and slugs as they are."""
    return (func.lower(column), text.lower()) if column.key.endswith("_en") else (column, text)


def prefix_clause(columns: tuple[Any, ...], text: str) -> ColumnElement:
    """Names that begin with ``text``, as a range on their index: ``text ≤ name < text + U+10FFFF``."""
    ranges = []
    for name in columns:
        expression, value = _name_expression(name, text)
        ranges.append(and_(expression >= value, expression < value + "\U0010ffff"))
    return or_(*ranges)


def search_words(q: str) -> tuple[list[str], dict[str, list[str]]]:
    """A search's folded words, by how they are found: a short word that is not a gram (a Latin
    letter, a "+") as the beginning of a name; the others by index, "trigrams" for three
    characters or more and "grams" for fewer (app/derived.index_search)."""
    prefixes: list[str] = []
    by_index: dict[str, list[str]] = {"trigrams": [], "grams": []}
    for word in filter(None, search.fold(q).split(" ")):
        gram = search.gram(word)
        if gram is not None:
            by_index["grams"].append(gram)
        elif len(word) >= search.TRIGRAM:
            by_index["trigrams"].append(word)
        else:
            prefixes.append(word)
    return prefixes, by_index


def prefix_clauses(spec: ListSpec, q: str) -> list:
    """The conditions of the search's words that are found as the beginning of a name."""
    return [prefix_clause(spec.name_columns, word) for word in search_words(q)[0]]


def search_clauses(spec: ListSpec, q: str, session: Session) -> list:
    """Rows whose search text (app/search.py: their own columns and the names of their places,
    folded) contains every word of ``q`` folded the same way (光纤 宽带: both), each word found
    as search_words says."""
    prefixes, by_index = search_words(q)
    clauses = [prefix_clause(spec.name_columns, word) for word in prefixes]
    tables = search.tables(spec.model.__tablename__)
    if session.get_bind().dialect.name != "sqlite":
        return clauses + [
            _documents_clause(spec, tables, name, word) for name, found in by_index.items() for word in found
        ]
    # SQLite: one MATCH per index, the first a join, which leads the statement
    # (relations.filtered), the other an IN list: two indexes joined would probe the second once
    # for every row of the first.  The grams index looks up all its words at once (FTS5
    # intersects their lists).  The trigram index looks up only the rarest word and checks the
    # others in the text it holds: FTS5 would check each of a common word's trigrams at every
    # row the rare one finds (bench/RESULTS.md, "several long words").
    trigrams = _rarest_first(session, tables["trigrams"], by_index["trigrams"])
    looked_up = {"grams": (by_index["grams"], ()), "trigrams": (trigrams[:1], tuple(trigrams[1:]))}
    matchings = [
        Matching(
            rowid_of(spec),
            table(tables[name], column("rowid"), column("doc")).alias(f"search_{name}"),
            " AND ".join(map(fts_phrase, words)),
            also,
        )
        for name, (words, also) in looked_up.items()
        if words
    ]
    return clauses + [m if n == 0 else m.condition() for n, m in enumerate(matchings)]


def search_index_holds_text(session: Session) -> bool:
    """Whether the figures' trigram index keeps its text, as search_clauses needs on SQLite (a
    database built before it did answers a search of several words with nothing)."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    index = search.tables("figure")["trigrams"]
    holds: Select = select(literal_column("doc IS NOT NULL")).select_from(table(index)).limit(1)
    return session.exec(holds).first() in (None, 1)


def _rarest_first(session: Session, index: str, words: list[str]) -> list[str]:
    """The words, the one the trigram index finds least often first.  Each is counted only past
    the rarest so far (at most COUNT_CAP, as a page counts: beyond it a word is as common as
    any), and once per request: the list, its facets and its export all ask again."""
    if len(words) < 2:
        return words
    known = session.info.setdefault("rarest_first", {})
    if (index, *words) not in known:
        found, cap = {}, COUNT_CAP
        for word in words:
            counted: Select = (
                select(literal_column("rowid"))
                .select_from(table(index))
                .where(literal_column(index).op("MATCH")(fts_phrase(word)))
                .limit(cap)
            )
            found[word] = session.exec(select(func.count()).select_from(counted.subquery())).one()
            cap = min(cap, found[word] + 1)
        known[(index, *words)] = sorted(words, key=found.__getitem__)
    return known[(index, *words)]


def _documents_clause(spec: ListSpec, tables: dict[str, str], index: str, word: str) -> ColumnElement:
    """PostgreSQL: rows whose search document holds the gram (an array, GIN-indexed) or contains
    the word (pg_trgm's index answers the LIKE)."""
    documents = table(tables["documents"], column("key"), column("doc"), column("grams"))
    found = (
        documents.c.grams.op("@>")(literal([word], postgresql.ARRAY(Text)))
        if index == "grams"
        else documents.c.doc.like(like_pattern(word), escape="\\")
    )
    return spec.key.in_(select(documents.c.key).where(found))


def ranked(filters: Filters) -> bool:
    """A search with no sort asked for is ranked: an exact name first (exact_first)."""
    return bool(filters.q) and not filters.sort


def named_exactly(spec: ListSpec, q: str) -> ColumnElement:
    """A row one of whose names is the search text."""
    matches = [_name_expression(column, q) for column in spec.name_columns]
    return or_(*(expression == value for expression, value in matches))


def exact_first(spec: ListSpec, q: str) -> ColumnElement:
    """0 for a row whose name is exactly the search text, 1 for the rest: the first sort key."""
    return case((named_exactly(spec, q), 0), else_=1)


def name_sort(model: Any) -> ByLanguage:
    """Names sort by pinyin (the slug) in Chinese and alphabetically in English, identically on
    SQLite and PostgreSQL, whose collations of Chinese characters differ."""
    return ByLanguage(zh=model.slug, en=func.lower(model.name_en))


def where_clauses(spec: ListSpec, filters: Filters, session: Session) -> list:
    """The filters and the search as SQL conditions and link filters (relations.filtered)."""
    clauses = [clause(filters) for clause in spec.clauses.values()]
    return [c for c in (*clauses, *search_clauses(spec, filters.q, session)) if c is not None]


def sort_column(spec: ListSpec, filters: Filters, language: str) -> Any:
    column = spec.sort_columns[filters.sort if filters.sort in spec.sort_columns else spec.default_sort]
    return getattr(column, language) if isinstance(column, ByLanguage) else column


def ordering(spec: ListSpec, filters: Filters, language: str, clauses: Sequence[Any] = (), rank: bool = True) -> list:
    """Sorted as asked (an exact name first when searching and ``rank``), NULLs last, ties by the
    key in the same direction (one index on (column, key) then gives the whole order).

    A searched list in the order of its rowid takes that order from its search index, which gives
    its rows so (relations.filtered): the page then reads its own rows only.  (A key is never NULL,
    and NULLS LAST on it would make SQLite sort every match.)"""
    column = sort_column(spec, filters, language)
    descending = filters.order == "desc"
    groups = [column.group.desc() if descending else column.group.asc()] if isinstance(column, WithinGroups) else []
    column = column.column if isinstance(column, WithinGroups) else column
    key = spec.key
    if column is key:
        searched = [c for c in clauses if isinstance(c, Matching)]
        column = searched[0].index.c.rowid if searched and key is rowid_of(spec) else key
        order = [*groups, column.desc() if descending else column.asc()]
    else:
        # NULLS LAST spelled out where a NULL can be: SQLite and PostgreSQL disagree on where NULLs
        # sort by default.  Not where none can: it keeps SQLite from reading an index in order.
        direction = column.desc() if descending else column.asc()
        nullable = any(getattr(c, "nullable", False) for c in iterate(column))
        order = [*groups, direction.nulls_last() if nullable else direction, key.desc() if descending else key.asc()]
    return [exact_first(spec, filters.q), *order] if rank and ranked(filters) else order


def slug_list(owner: Any, slug: Any, key: Any, dialect: str) -> Any:
    """One row's slugs in a link table, in order, joined by "|" as in a CSV cell: a column of the
    row's own statement, so a batch of a million rows comes with its links in one statement."""
    if dialect == "sqlite":
        # SQLite before 3.44 cannot order inside group_concat: it joins an ordered subquery, which
        # the link table's (owner, slug) index answers already in order.
        ordered = select(slug.label("slug")).where(owner == key).order_by(slug).correlate(key.table).subquery()
        return select(func.group_concat(ordered.c.slug, "|")).scalar_subquery()
    joined = select(func.aggregate_strings(slug, "|").aggregate_order_by(slug)).where(owner == key)
    # (only the row's own table: a filter may join the link table into the outer statement too)
    return joined.correlate(key.table).scalar_subquery()


def export_columns(spec: ListSpec, dialect: str) -> list:
    """What a row carries beyond its table's columns in an export: its links and computed columns."""
    links = [slug_list(owner, slug, spec.key, dialect).label(name) for name, (owner, slug) in spec.links.items()]
    return [*links, *(expression.label(name) for name, expression in spec.computed.items())]


def rows_statement(
    spec: ListSpec, clauses: list, filters: Filters, language: str, extra: Sequence[Any] = (), rank: bool = True
) -> Select:
    """The rows, every column of the table (rows, not model objects: see list_rows), and the
    ``extra`` columns (export_columns), in order."""
    statement = filtered(select(*spec.model.__table__.columns, *extra).select_from(spec.model), clauses)
    return statement.order_by(*ordering(spec, filters, language, clauses, rank))


def count_matching(session: Session, spec: ListSpec, clauses: list, cap: int | None) -> tuple[int, bool]:
    """How many rows match, counting at most ``cap`` of them: (count, whether it stopped there)."""
    alone = keys_alone(spec.key, clauses)
    matching = alone[0] if alone else filtered(select(spec.key).select_from(spec.model), clauses)
    if cap is not None:
        matching = matching.limit(cap + 1)
    total = session.exec(select(func.count()).select_from(matching.subquery())).one()
    return (cap, True) if cap is not None and total > cap else (total, False)


def counted(session: Session, spec: ListSpec, filters: Filters, clauses: list) -> tuple[int, bool]:
    """The selection's count up to COUNT_CAP: precomputed where the build did, else counted (a
    count kept per process gained nothing in an A/B: bench/RESULTS.md)."""
    precounted = spec.fast_count(session, filters) if spec.fast_count else None
    if precounted is not None:
        return precounted, False
    return count_matching(session, spec, clauses, COUNT_CAP)


def list_rows(
    session: Session, spec: ListSpec, filters: Filters, language: str, paged: bool = True, linked: bool = False
) -> Page:
    """A page of the list (``paged``) or all of it, as rows: named tuples of the table's columns
    (``row.slug``), not model objects, which the ORM would build and track one by one (a chart of
    thousands of places spent most of its time so); ``linked``: with the links' slugs (exports).

    A page deeper than COUNT_CAP rows is refused (PageOutOfRange, too_deep): the export serves
    every row, and an offset that deep makes the database step over every row before it."""
    dialect = session.get_bind().dialect.name
    clauses = where_clauses(spec, filters, session)
    extra = export_columns(spec, dialect) if linked else []
    statement = rows_statement(spec, clauses, filters, language, extra)
    if not paged:
        items = list(session.exec(statement).all())
        return Page(items=items, total=len(items), page=1, size=max(len(items), 1))
    offset = (filters.page - 1) * filters.size
    total, capped = counted(session, spec, filters, clauses)
    if filters.page > 1 and offset >= min(total, COUNT_CAP):
        last = max(1, -(-min(total, COUNT_CAP) // filters.size))
        raise PageOutOfRange(last, too_deep=capped or offset < total, table=spec.model.__tablename__)
    if not total:
        items = []
    elif ranked(filters):
        items = _ranked_page(session, spec, clauses, filters, language, extra, offset)
    elif (keys := keys_of_page(session, spec, clauses, filters, language, offset)) is not None:
        by_key = rows_statement(spec, [spec.key.in_(keys)], filters, language, extra)
        items = list(session.exec(by_key).all()) if keys else []
    else:
        items = list(session.exec(statement.offset(offset).limit(filters.size)).all())
    return Page(items=items, total=total, page=filters.page, size=filters.size, capped=capped)


def keys_of_page(
    session: Session, spec: ListSpec, clauses: list, filters: Filters, language: str, offset: int
) -> list | None:
    """The page's keys from the filters' tables alone (relations.keys_alone), for a list in key
    order; None where the filters or the order need the list's own table."""
    alone = keys_alone(spec.key, clauses)
    if alone is None or sort_column(spec, filters, language) is not spec.key:
        return None
    statement, key = alone
    order = key.desc() if filters.order == "desc" else key.asc()
    return list(session.exec(statement.order_by(order).offset(offset).limit(filters.size)).all())


def _ranked_page(session: Session, spec: ListSpec, clauses: list, filters: Filters, language: str, extra, offset: int):
    """A page of a search, the rows named exactly as searched first: those (read by the names'
    indexes: a name that is the search text holds every word of it, so the search index is not
    asked, but for the short words that must begin a name), no more of them than the page reaches,
    then the rest in the list's own order from ``offset`` on.  The same order as exact_first in
    one ORDER BY, which would sort every match before the first row (bench/RESULTS.md)."""
    # as a list of keys, which the names' indexes give and the database then reads first
    named = spec.key.in_(select(spec.key).where(named_exactly(spec, filters.q)))
    unsearched = where_clauses(spec, replace(filters, q=""), session)
    wanted_exact = rows_statement(
        spec, [*unsearched, *prefix_clauses(spec, filters.q), named], filters, language, extra, rank=False
    )
    # (as many as reach the page's end: if the page is full of them, the rest are not needed)
    exact = list(session.exec(wanted_exact.limit(offset + filters.size)).all())
    page = exact[offset : offset + filters.size]
    # the rest: the rows not among those (by key: the name test on every match cost more)
    others = [spec.key.not_in([spec.key_of(row) for row in exact])] if exact else []
    rest = rows_statement(spec, [*clauses, *others], filters, language, extra, rank=False)
    wanted = filters.size - len(page)
    return page + list(session.exec(rest.offset(max(0, offset - len(exact))).limit(wanted)).all()) if wanted else page


def batches(session: Session, spec: ListSpec, filters: Filters, language: str, size: int):
    """Every row of the selection in order with its links, ``size`` at a time (exports): one
    statement read in batches, however deep, rather than one page after another."""
    dialect = session.get_bind().dialect.name
    clauses = where_clauses(spec, filters, session)
    statement = rows_statement(spec, clauses, filters, language, export_columns(spec, dialect))
    # Not bound by the query time limit (app/db.py): an export is bounded by its size instead.
    # Core rows, not the ORM's: it would copy every row once more.
    result = session.connection().execute(statement.execution_options(yield_per=size, export=True))
    yield from result.partitions(size)


def rows_by_key(session: Session, spec: ListSpec, keys: list) -> list:
    """These rows with their links, in key order (an entity's detail, a detail's figures)."""
    extra = export_columns(spec, session.get_bind().dialect.name)
    statement = select(*spec.model.__table__.columns, *extra).where(spec.key.in_(keys)).order_by(spec.key)
    return list(session.exec(statement).all()) if keys else []
