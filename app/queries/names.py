"""Every entity's names by slug, for figures, links and breadcrumbs that need many at once.

The data only changes with a new build, so small tables (provinces, counties, organisations,
programmes, sources, people) are read once per process.  Villages and projects can number in the
hundreds of thousands at national scale: they are fetched on demand, a batch at a time, and kept
in a bounded cache, so memory stays flat however large the data grows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import County, Organisation, Person, Programme, Project, Province, Source, Village
from app.queries.cache import once_per_engine

ENTITY_ATTRIBUTES = {
    "province": "provinces",
    "county": "counties",
    "village": "villages",
    "organisation": "organisations",
    "programme": "programmes",
    "project": "projects",
    "person": "people",
}
LAZY_CACHE_ROWS = 20_000


class LazyTable:
    """Rows by slug, read from the database the first time they are asked for, the least
    recently used dropped past ``maxsize``."""

    def __init__(self, engine: Engine, model: Any, maxsize: int = LAZY_CACHE_ROWS) -> None:
        self.engine, self.model = engine, model
        self.rows: LRUCache = LRUCache(maxsize=maxsize)
        self.lock = threading.Lock()  # sync routes run on a thread pool

    def fetch(self, slugs: list[str]) -> None:
        with self.lock:
            missing = [s for s in dict.fromkeys(slugs) if s not in self.rows]
        if not missing:
            return
        with Session(self.engine) as session:
            found = session.exec(select(self.model).where(self.model.slug.in_(missing))).all()
            session.expunge_all()
        with self.lock:
            for row in found:
                self.rows[row.slug] = row

    def names(self, slugs: list[str], field_name: str = "name") -> dict[str, Any]:
        """These slugs' names in both languages, read in one query and not kept: a download's
        batch needs the names only, and whole rows cost it half its speed (bench/RESULTS.md)."""
        wanted = list(dict.fromkeys(slugs))
        columns = [self.model.slug, getattr(self.model, f"{field_name}_zh"), getattr(self.model, f"{field_name}_en")]
        with Session(self.engine) as session:
            return {row.slug: row for row in session.exec(select(*columns).where(self.model.slug.in_(wanted)))}

    def get(self, slug: str | None, default: Any = None) -> Any:
        if slug is None:
            return default
        with self.lock:
            found = self.rows.get(slug)
        if found is None:
            self.fetch([slug])
            with self.lock:
                found = self.rows.get(slug)
        return default if found is None else found

    def __getitem__(self, slug: str) -> Any:
        found = self.get(slug)
        if found is None:
            raise KeyError(slug)
        return found


@dataclass(frozen=True)
class Names:
    provinces: dict[str, Province]
    counties: dict[str, County]
    organisations: dict[str, Organisation]
    programmes: dict[str, Programme]
    sources: dict[str, Source]
    people: dict[str, Person]
    villages: LazyTable
    projects: LazyTable

    def sources_by_date(self) -> list[Source]:
        """Every report, the first published first (a chart's or a page's source line)."""
        return sorted(self.sources.values(), key=lambda s: s.published)

    def entity(self, entity: str, slug: str):
        """The row for a mention's (entity, slug), e.g. ("county", "yanyuan")."""
        return getattr(self, ENTITY_ATTRIBUTES[entity]).get(slug)

    def of(self, attribute: str, slugs: list[str]) -> list:
        table = getattr(self, attribute)
        if isinstance(table, LazyTable):
            table.fetch(slugs)
        return [table.get(s) for s in slugs if table.get(s) is not None]


@once_per_engine
def names(session: Session) -> Names:
    engine = session.get_bind()
    assert isinstance(engine, Engine)  # a session bound to an engine, as every session here

    def load(model):
        rows = {row.slug: row for row in session.exec(select(model)).all()}
        for row in rows.values():
            session.expunge(row)  # detached: safe to share across requests
        return rows

    return Names(
        provinces=load(Province),
        counties=load(County),
        organisations=load(Organisation),
        programmes=load(Programme),
        sources=load(Source),
        people=load(Person),
        villages=LazyTable(engine, Village),
        projects=LazyTable(engine, Project),
    )
