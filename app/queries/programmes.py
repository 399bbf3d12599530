"""Programmes in three facets: strategy, assignment (designated / paired / local) and theme."""

from __future__ import annotations

from sqlalchemy import case
from sqlmodel import Session, select

from app.models import County, CountyProgramme, Programme, Village, VillageProgramme
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort
from app.queries.names import names

FACET_ORDER = case({"strategy": 0, "assignment": 1, "theme": 2}, value=Programme.facet, else_=3)

SPEC = ListSpec(
    model=Programme,
    key=Programme.slug,
    sort_columns={"facet": FACET_ORDER, "name": name_sort(Programme)},
    default_sort="facet",
    search_columns=(Programme.name_zh, Programme.name_en, Programme.slug),
    clauses={
        "programme": lambda f: Programme.slug.in_(f.programme) if f.programme else None,
        "source": lambda f: rel.mentioned_in("programme", Programme.slug, f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Programme | None:
    return session.get(Programme, slug)


def all_by_facet(session: Session) -> dict[str, list[Programme]]:
    """Programmes grouped by facet, from the per-process names (no query per page)."""
    grouped: dict[str, list[Programme]] = {"strategy": [], "assignment": [], "theme": []}
    for programme in sorted(names(session).programmes.values(), key=lambda p: p.slug):
        grouped.setdefault(programme.facet, []).append(programme)
    return grouped


def counties(session: Session, slug: str) -> list[County]:
    statement = select(County).join(CountyProgramme).where(CountyProgramme.programme_slug == slug)
    return list(session.exec(statement.order_by(County.slug)).all())


def villages(session: Session, slug: str) -> list[Village]:
    statement = select(Village).join(VillageProgramme).where(VillageProgramme.programme_slug == slug)
    return list(session.exec(statement.order_by(Village.slug)).all())
