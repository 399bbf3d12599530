"""The one way every list is filtered, searched, sorted and paged.

Each entity module declares a :class:`ListSpec`: which columns sort and search, and how each
filter reads for that entity.  A filter an entity has no meaning for is not offered on its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select, visitors
from sqlalchemy.sql.elements import ColumnClause, ColumnElement, TextClause
from sqlalchemy.sql.selectable import Join
from sqlmodel import Session, select

from app.i18n import current_language
from app.queries.cache import EngineCache
from app.queries.filters import Filters

Clause = Callable[[Filters], ColumnElement | None]
# A page counts at most this many matching rows and then says "more than" (Datasette counts to 1,000).
COUNT_CAP = 10_000
# A selection of at most this many rows is read from its narrowest filter's index and sorted whole;
# a larger one in its sort column's index order, stopping after its page, unless that page is so
# deep that the scan would read more rows than the selection holds (see Plan.for_rows).
NARROW_ROWS = 5_000
# A row read in sort order and tested costs about as much as one read through the narrowest
# filter's index; reading and sorting the selection whole also sorts it: this many scanned rows
# per selected row tip the balance (measured on the national database: a deep page of one
# province read in id order scanned half the table, 300 ms, against 15 ms read whole).
SCAN_ROWS_PER_SELECTED_ROW = 2
# Counts kept per process (each key a selection: a few hundred bytes).
COUNTS = EngineCache(size=20_000)
# A trigram index cannot look up fewer characters: shorter searches match names by prefix.
TRIGRAM = 3
NAME_FIELDS = ("name_zh", "name_en", "label_zh", "label_en", "title_zh", "title_en")


@dataclass(frozen=True)
class ListSpec:
    model: Any
    key: Any  # the primary key column, the final tie-breaker so pages are stable
    sort_columns: dict[str, Callable[[], Any]]
    default_sort: str
    search_columns: tuple[Any, ...]
    clauses: dict[str, Clause] = field(default_factory=dict)
    # An exact count without counting (precomputed at build time), or None.
    fast_count: Callable[[Session, Filters], int | None] | None = None
    # Which filter to read first, from its own index (see Plan), or None.
    driver: Callable[[Session, Filters], Lead | None] | None = None
    # How many rows the table holds (precomputed), for Plan.for_rows' estimate, or None.
    table_rows: Callable[[Session], int | None] | None = None
    # The names a short search matches by prefix and an exact match ranks first by: the entity's
    # name in both languages and its slug (label, for a figure; title, for a source or event).
    name_columns: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if not self.name_columns:
            columns = self.model.__table__.columns
            found = [columns[n] for n in (*NAME_FIELDS, "slug") if n in columns]
            object.__setattr__(self, "name_columns", tuple(getattr(self.model, c.name) for c in found))

    @property
    def filter_names(self) -> tuple[str, ...]:
        return tuple(self.clauses)

    @property
    def sortable(self) -> tuple[str, ...]:
        return tuple(self.sort_columns)


class PageOutOfRange(LookupError):
    """A page past the last one: the web layer answers 404 with a link to ``last``."""

    def __init__(self, last: int) -> None:
        super().__init__(last)
        self.last = last


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    size: int
    capped: bool = False  # the total is a lower bound: there are more than COUNT_CAP rows

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1 if self.items else 0


def like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """The search text as one FTS5 phrase: with the trigram tokenizer, any substring match."""
    return '"' + text.replace('"', '""') + '"'


def _name_expression(column: Any, text: str) -> tuple[Any, str]:
    """English names compare lower-cased (as their index is), Chinese names and slugs as they are."""
    return (func.lower(column), text.lower()) if column.key.endswith("_en") else (column, text)


def prefix_clause(columns: tuple[Any, ...], text: str) -> ColumnElement:
    """Names that begin with ``text``, as a range on their index: ``text ≤ name < text + U+10FFFF``."""
    ranges = []
    for column in columns:
        expression, value = _name_expression(column, text)
        ranges.append(and_(expression >= value, expression < value + "\U0010ffff"))
    return or_(*ranges)


def search_clause(spec: ListSpec, q: str, dialect: str) -> ColumnElement | None:
    """Rows whose search columns contain ``q`` anywhere (any case), through the search index the
    build made (app/derived.py): FTS5 on SQLite, pg_trgm on PostgreSQL.  A text shorter than a
    trigram cannot use either and matches the names by prefix instead."""
    if dialect == "sqlite" and len(q) >= TRIGRAM:
        rowid = spec.key if spec.key.key == "id" else literal_column(f"{spec.model.__tablename__}.rowid")
        return rowid.in_(fts_matches(spec, q))
    return search_test(spec, q)


def search_test(spec: ListSpec, q: str) -> ColumnElement | None:
    """The search as a test of each row (the same rows as search_clause): on PostgreSQL what its
    trigram indexes answer; on SQLite the cheaper way when the search matches more rows than the
    filter the list is read from holds (a common word: no list of every match is built)."""
    if not q:
        return None
    if len(q) < TRIGRAM:
        return prefix_clause(spec.name_columns, q)
    pattern = like_pattern(q)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in spec.search_columns))


def fts_matches(spec: ListSpec, q: str) -> Select:
    """The rowids the SQLite search index holds for ``q``, in rowid order."""
    index = f"{spec.model.__tablename__}_search"
    return (
        select(literal_column("rowid"))
        .select_from(table(index))
        .where(literal_column(index).op("MATCH")(fts_phrase(q)))
    )


def search_count(session: Session, spec: ListSpec, q: str, cap: int) -> int:
    """How many rows a search matches, counting at most ``cap`` + 1 (the "more than" mark).  On
    SQLite the search index streams its matches and is counted alone: as a list tested against
    the table, the database would build the whole list of matches first."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(q) >= TRIGRAM:
        matching = fts_matches(spec, q).limit(cap + 1)
        return session.exec(select(func.count()).select_from(matching.subquery())).one()
    found, capped = count_rows(session, spec, Reading(spec.model, [search_clause(spec, q, dialect)]), cap)
    return found + capped


def ranked(filters: Filters) -> bool:
    """A search with no sort asked for is ranked: an exact name first (exact_first)."""
    return bool(filters.q) and not filters.sort


def exact_first(spec: ListSpec, q: str) -> ColumnElement:
    """0 for a row whose name is exactly the search text, 1 for the rest: the first sort key."""
    matches = [_name_expression(column, q) for column in spec.name_columns]
    return case((or_(*(expression == value for expression, value in matches)), 0), else_=1)


def name_sort(model: Any) -> Callable[[], Any]:
    """Names sort by pinyin (the slug) in Chinese and alphabetically in English, identically on
    SQLite and PostgreSQL, whose collations of Chinese characters differ."""
    return lambda: model.slug if current_language.get() == "zh" else func.lower(model.name_en)


def where_clauses(spec: ListSpec, filters: Filters, dialect: str, skip: tuple[str, ...] = ()) -> list[ColumnElement]:
    """The filters (but those in ``skip``, which the plan reads another way) and the search as SQL."""
    clauses = [clause(filters) for name, clause in spec.clauses.items() if name not in skip]
    search = search_clause(spec, filters.q, dialect) if "q" not in skip else None
    return [c for c in (*clauses, search) if c is not None]


class LeadJoin(Join):
    """A join whose left table the database must read first: SQLite may otherwise start from the
    right table's own indexes, which is slow exactly when the left one is narrow."""

    inherit_cache = True


@compiles(LeadJoin, "sqlite")
def _cross_join(join_: LeadJoin, compiler, **kw) -> str:
    # SQLite keeps the order of the tables of a CROSS JOIN (its documented way to fix join order).
    kw["asfrom"] = True
    left = join_.left._compiler_dispatch(compiler, **kw)
    right = join_.right._compiler_dispatch(compiler, **kw)
    kw.pop("asfrom")
    return f"{left} CROSS JOIN {right} ON {join_.onclause._compiler_dispatch(compiler, **kw)}"


@dataclass(frozen=True)
class Lead:
    """How a list's driver reads a selection other than each filter by its own clause.

    ``covers``: the filters it stands for.  ``source``: the table to read first, joined to the
    list's own, and ``condition`` its test there; None when a column filter is narrower and its
    own index leads.  ``own_test``: the lead's test row by row, for the broad plan.  ``tests``:
    what stands for the other covered filters (a combination's probe), and hints that let an index
    range bound the scan; in both plans.  ``whole``: the order needs every match (a search ranked
    exact-first), so the rows are read from the lead however many there are.  ``key``: the lead
    table's copy of the list's key.  ``in_order``: its index holds that copy in order under
    ``condition``, so that sorted by the key the rows come from the index in order and stop at
    the page, however deep.  ``hints``: ranges that bound a scan in sort order (the broad plan
    only: in the driving plan they would lure the database away from the lead's index)."""

    covers: tuple[str, ...]
    source: Any | None = None
    condition: ColumnElement | None = None
    own_test: ColumnElement | None = None
    tests: tuple[ColumnElement, ...] = ()
    whole: bool = False
    key: Any | None = None
    in_order: bool = False
    hints: tuple[ColumnElement, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A statement's parts: where from, with which tests, and (``key``) the column that stands for
    the list's key there, when not the list's own (Lead.key)."""

    source: Any
    clauses: list[ColumnElement]
    key: Any | None = None


@dataclass(frozen=True)
class Plan:
    """Two ways to read one selection.  ``driving``: from its narrowest filter's index (``source``,
    a join through that filter's table, or the list's own table when a column filter is narrowest)
    with every other filter tested: the way to count it, and to read a small one whole and sort it.
    ``broad``: every filter tested row by row, so that a large selection can be read in its sort's
    index order and stop after its page."""

    source: Any
    driving: list[ColumnElement]
    table: Any
    broad: list[ColumnElement]
    whole: bool = False  # read the rows the driving way, however many (Lead.whole)
    key: Any | None = None  # the lead table's copy of the key (Lead.key)
    in_order: bool = False  # ... held in order by the driving index (Lead.in_order)

    def for_rows(
        self, total: int, reach: int | None = None, table_rows: int | None = None, by_key: bool = False
    ) -> Reading:
        """How to read the rows, now that the count says how many there are.  Sorted by the key
        that the driving index holds in order, always that way: it stops at the page.  Else, read
        in sort order, a page ending at row ``reach`` of a selection spread evenly through a table
        of ``table_rows`` is found after about reach × table_rows / total rows: past a few times
        the selection's own size, reading the selection whole and sorting it is cheaper."""
        if by_key and self.in_order:
            return Reading(self.source, self.driving, self.key)
        narrow = self.whole or total <= NARROW_ROWS
        if not narrow and reach and table_rows:
            narrow = reach * table_rows > SCAN_ROWS_PER_SELECTED_ROW * total * total
        return Reading(self.source, self.driving) if narrow else Reading(self.table, self.broad)

    def counting(self, *conditions: ColumnElement) -> Reading:
        """How to count the selection (with ``conditions`` besides): the driving way, from the
        lead table alone when no test reads the list's table but for its key (each of its rows is
        one listed row: counting them needs no look-up of every row in the list's table)."""
        clauses = [*self.driving, *conditions]
        if self.key is not None:
            lead_table = self.source.left
            alone = _on_copy_of_key(clauses[0], clauses[1:], self.table.__table__, lead_table, self.key.expression)
            if alone is not None:
                return Reading(lead_table, alone, self.key)
        return Reading(self.source, clauses)


def _on_copy_of_key(
    condition: ColumnElement, tests: list[ColumnElement], table: Any, lead_table: Any, copy: Any
) -> list[ColumnElement] | None:
    """The lead's condition and the tests with the table's primary key replaced by its copy in the
    lead table; None unless every test reads the table through its key alone, the way a test
    correlated to the table's row does.  Refused, so that the count keeps the join: a test that
    reads another column of the table, selects from the table or from the lead table itself (whose
    rows the replacement would confuse with the lead's own), or names a column as raw text."""
    (key,) = table.primary_key.columns
    for test in tests:
        for element in visitors.iterate(test):
            if element is lead_table or getattr(element, "table", None) is lead_table:
                return None
            if isinstance(element, ColumnClause) and element.table is None and element.name != "*":
                return None  # raw text (a literal column): what it reads cannot be told
            if isinstance(element, TextClause):
                return None
            if isinstance(element, Select) and any(
                getattr(column, "table", None) is table for column in element.selected_columns
            ):
                return None  # a sub-select of the table's own rows, not a test of the listed row
            if getattr(element, "table", None) is table and getattr(element, "key", None) != key.key:
                return None

    def copied(element):
        return copy if getattr(element, "table", None) is table and getattr(element, "key", None) == key.key else None

    return [condition, *(visitors.replacement_traverse(test, {}, copied) for test in tests)]


def count_rows(session: Session, spec: ListSpec, reading: Reading, cap: int | None) -> tuple[int, bool]:
    """How many rows match, counting at most ``cap`` of them: (count, whether it stopped there)."""
    total = session.exec(counting_statement(spec, reading, cap)).one()
    return (cap, True) if cap is not None and total > cap else (total, False)


def counting_statement(spec: ListSpec, reading: Reading, cap: int | None) -> Select:
    key = spec.key if reading.key is None else reading.key
    matching = select(key).select_from(reading.source).where(*reading.clauses)
    if cap is not None:
        matching = matching.limit(cap + 1)
    return select(func.count()).select_from(matching.subquery())


def plan(session: Session, spec: ListSpec, filters: Filters) -> Plan:
    dialect = session.get_bind().dialect.name
    broad = where_clauses(spec, filters, dialect)
    lead = spec.driver(session, filters) if spec.driver else None
    if lead is None:
        return Plan(spec.model, broad, spec.model, broad)
    others = [*lead.tests, *where_clauses(spec, filters, dialect, skip=lead.covers)]
    probing = [*lead.hints, *([lead.own_test] if lead.own_test is not None else []), *others]
    if lead.source is None:  # a column filter's own index leads: no lead table, no own test
        return Plan(spec.model, others, spec.model, probing, lead.whole)
    driving = [lead.condition, *others]
    return Plan(lead.source, driving, spec.model, probing, lead.whole, lead.key, lead.in_order)


def sort_column(spec: ListSpec, filters: Filters) -> Any:
    return spec.sort_columns[filters.sort if filters.sort in spec.sort_columns else spec.default_sort]()


def rows_statement(spec: ListSpec, reading: Reading, filters: Filters, paged: bool = True) -> Select:
    """The page's rows: sorted as asked (an exact name first when searching), then by key."""
    key = spec.key if reading.key is None else reading.key
    column = sort_column(spec, filters)
    if column is spec.key:
        column = key
    # NULLS LAST spelled out: SQLite and PostgreSQL disagree on where NULLs sort by default.
    descending = filters.order == "desc"
    ordering = (column.desc() if descending else column.asc()).nulls_last()
    # Ties go by the key in the same direction, so that one index on (column, key) read forwards
    # or backwards gives the whole order: a mixed direction sorts every tied row before the page.
    # (None when sorted by the key itself: a second mention would, on a non-unique index of the
    # lead, cost SQLite a sort of every row for ties it cannot see are impossible.)
    tie_break = None if column is key else key.desc() if descending else key.asc()
    first = [exact_first(spec, filters.q)] if ranked(filters) else []
    columns = spec.model.__table__.columns  # rows, not model objects (see list_rows)
    order = [*first, ordering] if tie_break is None else [*first, ordering, tie_break]
    statement = select(*columns).select_from(reading.source).where(*reading.clauses).order_by(*order)
    if paged:
        statement = statement.offset((filters.page - 1) * filters.size).limit(filters.size)
    return statement


def list_rows(session: Session, spec: ListSpec, filters: Filters, paged: bool = True) -> Page:
    """A page of the list (``paged``) or all of it, as rows: named tuples of the table's columns
    (``row.slug``), not model objects, which the ORM would build and track one by one (a chart of
    thousands of places spent most of its time so).  entities.fields reads a row as a dict."""
    chosen = plan(session, spec, filters)
    precounted = spec.fast_count(session, filters) if spec.fast_count else None
    if precounted is not None:
        total, capped = precounted, False
    else:
        # A complete export counts exactly; a page counts up to COUNT_CAP and says "more than".
        cap = COUNT_CAP if paged else None
        key = (spec.model.__tablename__, replace(filters, sort=None, order="asc", page=1, size=0), cap)
        counted = COUNTS.get(session, key)
        if counted is None:
            counted = count_rows(session, spec, chosen.counting(), cap)
            COUNTS.put(session, key, counted)
        total, capped = counted
    if paged and filters.page > 1 and (filters.page - 1) * filters.size >= total:
        if capped:
            total, capped = count_rows(session, spec, chosen.counting(), None)
        if (filters.page - 1) * filters.size >= total:
            raise PageOutOfRange(max(1, -(-total // filters.size)))
    if total == 0:
        items = []
    else:
        # (A count stopped at its cap says too little of the selection's size for the estimate.)
        reach = filters.page * filters.size if paged and not capped else None
        table_rows = spec.table_rows(session) if spec.table_rows else None
        by_key = sort_column(spec, filters) is spec.key and not ranked(filters)
        reading = chosen.for_rows(total, reach, table_rows, by_key)
        items = list(session.exec(rows_statement(spec, reading, filters, paged)).all())
    return Page(
        items=items,
        total=total,
        page=filters.page if paged else 1,
        size=filters.size if paged else max(total, 1),
        capped=capped,
    )
