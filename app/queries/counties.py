"""Counties (county-level units): list and detail."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import County, CountyProgramme, Organisation, OrganisationCounty, Village
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort

SPEC = ListSpec(
    model=County,
    key=County.slug,
    sort_columns={"name": name_sort(County), "province": County.province_slug},
    default_sort="name",
    search_columns=(County.name_zh, County.name_en, County.slug, County.prefecture_zh, County.prefecture_en),
    clauses={
        "province": lambda f: County.province_slug.in_(f.province) if f.province else None,
        "programme": lambda f: (
            County.slug.in_(select(CountyProgramme.county_slug).where(CountyProgramme.programme_slug.in_(f.programme)))
            if f.programme
            else None
        ),
        "group": lambda f: County.slug.in_(rel.four_plus_two_counties()) if f.group else None,
        "source": lambda f: rel.mentioned_in("county", County.slug, f.source) if f.source else None,
    },
    links={"programmes": (CountyProgramme.county_slug, CountyProgramme.programme_slug)},
)


def get(session: Session, slug: str) -> County | None:
    return session.get(County, slug)


def villages(session: Session, slug: str) -> list[Village]:
    return list(session.exec(rel.rows_of(Village).where(Village.county_slug == slug).order_by(Village.slug)).all())


def organisations(session: Session, slug: str) -> list[tuple[Organisation, str]]:
    statement = (
        select(Organisation, OrganisationCounty.role)
        .join(OrganisationCounty, OrganisationCounty.organisation_slug == Organisation.slug)
        .where(OrganisationCounty.county_slug == slug)
        .order_by(Organisation.slug)
    )
    return [(org, role) for org, role in session.exec(statement).all()]


def programme_map(session: Session, slugs: list[str]) -> dict[str, list[str]]:
    """county slug → its programme slugs, for a page of counties at once."""
    return rel.slugs_by(session, CountyProgramme, "county_slug", "programme_slug", slugs)
