"""Sources (the two reports) and the mentions that tie every entity to a passage in them."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Mention, Milestone, NotFigureEntry, Source, SourceText
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


def full_text(session: Session, slug: str) -> str | None:
    """The report as published, where the build had a copy of it (models.SourceText)."""
    found = session.get(SourceText, slug)
    return found.text if found else None


def events_and_listed(session: Session, slug: str) -> tuple[list[Milestone], list[NotFigureEntry]]:
    """One report's dated events, and its quantities that are not figures (for its reader; its
    figures are figures.for_source)."""
    events = list(session.exec(select(Milestone).where(Milestone.source_slug == slug).order_by(Milestone.id)).all())
    listed = select(NotFigureEntry).where(NotFigureEntry.source_slug == slug).order_by(NotFigureEntry.id)
    return events, list(session.exec(listed).all())
