"""Sub-queries that tie entities to places, programmes and sources, shared by the entity specs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, or_
from sqlmodel import select

from app.models import County, CountyProgramme, Mention, Village

FOUR_PLUS_TWO_PROGRAMMES = ("designated", "paired")


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
