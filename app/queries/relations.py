"""Sub-queries that tie entities to places, programmes and sources, shared by the entity specs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, exists, literal, or_, union_all
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


def any_of(*clauses):
    clauses = [c for c in clauses if c is not None]
    return or_(*clauses) if clauses else None


def links_of(
    session: Session, tables: dict[str, tuple[Any, str]], key: str, ids: list
) -> Iterator[tuple[str, Any, str]]:
    """(link, row, slug) for every link of these rows, in one query over all the link tables
    (``tables``: link → (link table, its slug column); ``key``: the column naming the row: an id
    or a slug), each link's slugs in order.  One statement instead of one per table: most of a
    statement's cost here is the ORM's, not the database's."""
    if not ids:
        return iter(())
    parts = []
    for link, (model, column) in tables.items():
        row = getattr(model, key)
        slug = getattr(model, column)
        parts.append(select(literal(link).label("link"), row.label("row"), slug.label("slug")).where(row.in_(ids)))
    return iter(session.exec(union_all(*parts).order_by("link", "slug")).all())


def slugs_by(session: Session, model: Any, key: str, column: str, keys: list[str]) -> dict[str, list[str]]:
    """Each key's slugs in one link table, in order, for many keys at once (a page's villages →
    their programmes)."""
    result: dict[str, list[str]] = {k: [] for k in keys}
    for _link, row, slug in links_of(session, {column: (model, column)}, key, keys):
        result[row].append(slug)
    return result
