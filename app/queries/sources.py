"""Sources (the two reports) and the mentions that tie every entity to a passage in them."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Mention, Source
from app.queries import relations as rel
from app.queries.listing import ListSpec

SPEC = ListSpec(
    model=Source,
    key=Source.slug,
    sort_columns={"published": Source.published, "title": Source.slug},
    default_sort="published",
    search_columns=(Source.title_zh, Source.title_en, Source.outlet_zh, Source.outlet_en, Source.slug),
    clauses={
        "source": lambda f: Source.slug.in_(f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Source | None:
    return session.get(Source, slug)


def mentions_of(session: Session, entity: str, slug: str) -> list[Mention]:
    statement = rel.rows_of(Mention).where(Mention.entity == entity, Mention.slug == slug).order_by(Mention.id)
    return list(session.exec(statement).all())


def mentions_in(session: Session, source: str) -> list[Mention]:
    statement = select(Mention).where(Mention.source_slug == source).order_by(Mention.entity, Mention.slug)
    return list(session.exec(statement).all())
