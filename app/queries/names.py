"""Every entity's names by slug, read once per process: the data only changes with a new build,
and figures, links and breadcrumbs need names for many slugs at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.models import County, Organisation, Programme, Project, Province, Source, Village

ENTITY_ATTRIBUTES = {
    "province": "provinces", "county": "counties", "village": "villages",
    "organisation": "organisations", "programme": "programmes", "project": "projects",
}


@dataclass(frozen=True)
class Names:
    provinces: dict[str, Province]
    counties: dict[str, County]
    villages: dict[str, Village]
    organisations: dict[str, Organisation]
    programmes: dict[str, Programme]
    projects: dict[str, Project]
    sources: dict[str, Source]

    def entity(self, entity: str, slug: str):
        """The row for a mention's (entity, slug), e.g. ("county", "yanyuan")."""
        return getattr(self, ENTITY_ATTRIBUTES[entity]).get(slug)

    def of(self, attribute: str, slugs: list[str]) -> list:
        table = getattr(self, attribute)
        return [table[s] for s in slugs if s in table]


_cache: dict[int, Names] = {}


def names(session: Session) -> Names:
    key = id(session.get_bind())
    if key not in _cache:
        def load(model):
            return {row.slug: row for row in session.exec(select(model)).all()}

        _cache[key] = Names(
            provinces=load(Province), counties=load(County), villages=load(Village),
            organisations=load(Organisation), programmes=load(Programme), projects=load(Project),
            sources=load(Source),
        )
        for table in _cache[key].__dict__.values():
            for row in table.values():
                session.expunge(row)  # detached: safe to share across requests
    return _cache[key]
