"""Provinces: list and detail."""

from __future__ import annotations

from sqlalchemy import exists, func
from sqlmodel import Session, select

from app.models import County, CountyProgramme, Province, Village, VillageProgramme
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort


def _programme(f):
    if not f.programme:
        return None
    return rel.any_of(
        exists().where(
            County.province_slug == Province.slug,
            County.slug.in_(select(CountyProgramme.county_slug).where(CountyProgramme.programme_slug.in_(f.programme))),
        ),
        exists().where(
            Village.province_slug == Province.slug,
            Village.slug.in_(
                select(VillageProgramme.village_slug).where(VillageProgramme.programme_slug.in_(f.programme))
            ),
        ),
    )


def _county_count():
    return select(func.count()).where(County.province_slug == Province.slug).scalar_subquery()


SPEC = ListSpec(
    model=Province,
    key=Province.slug,
    sort_columns={"name": name_sort(Province), "counties": _county_count()},
    default_sort="name",
    search_columns=(Province.name_zh, Province.name_en, Province.slug),
    clauses={
        "province": lambda f: Province.slug.in_(f.province) if f.province else None,
        "programme": _programme,
        "group": lambda f: (
            exists().where(County.province_slug == Province.slug, County.slug.in_(rel.four_plus_two_counties()))
            if f.group
            else None
        ),
        "source": lambda f: rel.mentioned_in("province", Province.slug, f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Province | None:
    return session.get(Province, slug)


def counties(session: Session, slug: str) -> list[County]:
    return list(session.exec(rel.rows_of(County).where(County.province_slug == slug).order_by(County.slug)).all())


def villages(session: Session, slug: str) -> list[Village]:
    return list(session.exec(rel.rows_of(Village).where(Village.province_slug == slug).order_by(Village.slug)).all())


def county_counts(session: Session) -> dict[str, int]:
    statement = select(County.province_slug, func.count()).group_by(County.province_slug)
    return dict(session.exec(statement).all())
