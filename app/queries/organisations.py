"""Organisations: the group, its departments and companies, partners and other bodies."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import County, Organisation, OrganisationCounty
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort

SPEC = ListSpec(
    found_by_linked_places=True,
    model=Organisation,
    key=Organisation.slug,
    sort_columns={"name": name_sort(Organisation), "kind": Organisation.kind},
    default_sort="kind",
    search_columns=(Organisation.name_zh, Organisation.name_en, Organisation.slug),
    clauses={
        "province": lambda f: Organisation.province_slug.in_(f.province) if f.province else None,
        "group": lambda f: (
            Organisation.slug.in_(
                select(OrganisationCounty.organisation_slug).where(
                    OrganisationCounty.county_slug.in_(rel.four_plus_two_counties())
                )
            )
            if f.group
            else None
        ),
        "source": lambda f: rel.mentioned_in("organisation", Organisation.slug, f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Organisation | None:
    return session.get(Organisation, slug)


def children(session: Session, slug: str) -> list[Organisation]:
    statement = select(Organisation).where(Organisation.parent_slug == slug).order_by(Organisation.slug)
    return list(session.exec(statement).all())


def counties(session: Session, slug: str) -> list[tuple[County, str]]:
    statement = (
        select(County, OrganisationCounty.role)
        .join(OrganisationCounty)
        .where(OrganisationCounty.organisation_slug == slug)
        .order_by(County.slug)
    )
    return list(session.exec(statement).all())
