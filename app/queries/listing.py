"""The one way every list is filtered, searched, sorted and paged.

Each entity module declares a :class:`ListSpec`: which columns sort and search, and how each
filter reads for that entity.  A filter an entity has no meaning for is not offered on its page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from app.i18n import current_language
from app.queries.filters import Filters

Clause = Callable[[Filters], ColumnElement | None]


@dataclass(frozen=True)
class ListSpec:
    model: Any
    key: Any  # the primary key column, the final tie-breaker so pages are stable
    sort_columns: dict[str, Callable[[], Any]]
    default_sort: str
    search_columns: tuple[Any, ...]
    clauses: dict[str, Clause] = field(default_factory=dict)
    # The same filter in another SQL shape that counts faster (an IN list rather than EXISTS), and a
    # count that skips the main table altogether where the filters allow it.  See figures.py.
    count_clauses: dict[str, Clause] = field(default_factory=dict)
    fast_count: Callable[[Filters], Any] | None = None

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


def search_clause(columns: tuple[Any, ...], q: str) -> ColumnElement | None:
    if not q:
        return None
    pattern = like_pattern(q)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def name_sort(model: Any) -> Callable[[], Any]:
    """Names sort by pinyin (the slug) in Chinese and alphabetically in English, identically on
    SQLite and PostgreSQL, whose collations of Chinese characters differ."""
    return lambda: model.slug if current_language.get() == "zh" else func.lower(model.name_en)


def where_clauses(spec: ListSpec, filters: Filters, for_count: bool = False) -> list[ColumnElement]:
    chosen = {**spec.clauses, **spec.count_clauses} if for_count else spec.clauses
    clauses = [clause(filters) for clause in chosen.values()]
    search = search_clause(spec.search_columns, filters.q)
    return [c for c in (*clauses, search) if c is not None]


def list_rows(session: Session, spec: ListSpec, filters: Filters, paged: bool = True) -> Page:
    statement = select(spec.model).where(*where_clauses(spec, filters))
    counting = spec.fast_count(filters) if spec.fast_count else None
    if counting is None:
        counting = select(func.count()).select_from(
            select(spec.key).where(*where_clauses(spec, filters, for_count=True)).subquery()
        )
    total = session.exec(counting).one()
    if paged and filters.page > 1 and (filters.page - 1) * filters.size >= total:
        raise PageOutOfRange(max(1, -(-total // filters.size)))
    sort_key = filters.sort if filters.sort in spec.sort_columns else spec.default_sort
    column = spec.sort_columns[sort_key]()
    # NULLS LAST spelled out: SQLite and PostgreSQL disagree on where NULLs sort by default.
    ordering = (column.desc() if filters.order == "desc" else column.asc()).nulls_last()
    statement = statement.order_by(ordering, spec.key)
    if paged:
        statement = statement.offset((filters.page - 1) * filters.size).limit(filters.size)
    items = list(session.exec(statement).all())
    return Page(
        items=items, total=total, page=filters.page if paged else 1, size=filters.size if paged else max(total, 1)
    )
