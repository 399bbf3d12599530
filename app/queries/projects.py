"""Projects: list and detail, with the places, bodies and programmes the text ties them to."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import (
    County,
    Organisation,
    Programme,
    Project,
    ProjectCounty,
    ProjectOrganisation,
    ProjectProgramme,
    ProjectProvince,
    ProjectVillage,
    Province,
    Village,
)
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort


def _in_provinces(provinces: tuple[str, ...]):
    return rel.any_of(
        Project.slug.in_(select(ProjectProvince.project_slug).where(ProjectProvince.province_slug.in_(provinces))),
        Project.slug.in_(
            select(ProjectCounty.project_slug).where(ProjectCounty.county_slug.in_(rel.counties_in(provinces)))
        ),
        Project.slug.in_(
            select(ProjectVillage.project_slug).where(ProjectVillage.village_slug.in_(rel.villages_in(provinces)))
        ),
    )


def _in_four_plus_two():
    return rel.any_of(
        Project.slug.in_(
            select(ProjectCounty.project_slug).where(ProjectCounty.county_slug.in_(rel.four_plus_two_counties()))
        ),
        Project.slug.in_(
            select(ProjectVillage.project_slug).where(ProjectVillage.village_slug.in_(rel.villages_of_four_plus_two()))
        ),
    )


SPEC = ListSpec(
    found_by_linked_places=True,
    model=Project,
    key=Project.slug,
    sort_columns={"name": name_sort(Project), "year": Project.year_start},
    default_sort="name",
    search_columns=(Project.name_zh, Project.name_en, Project.slug, Project.summary_zh, Project.summary_en),
    clauses={
        "province": lambda f: _in_provinces(f.province) if f.province else None,
        "programme": lambda f: (
            Project.slug.in_(
                select(ProjectProgramme.project_slug).where(ProjectProgramme.programme_slug.in_(f.programme))
            )
            if f.programme
            else None
        ),
        "group": lambda f: _in_four_plus_two() if f.group else None,
        "source": lambda f: rel.mentioned_in("project", Project.slug, f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Project | None:
    return session.get(Project, slug)


def places(session: Session, slug: str) -> dict[str, list]:
    return {
        "provinces": list(
            session.exec(
                select(Province)
                .join(ProjectProvince)
                .where(ProjectProvince.project_slug == slug)
                .order_by(Province.slug)
            ).all()
        ),
        "counties": list(
            session.exec(
                select(County).join(ProjectCounty).where(ProjectCounty.project_slug == slug).order_by(County.slug)
            ).all()
        ),
        "villages": list(
            session.exec(
                select(Village).join(ProjectVillage).where(ProjectVillage.project_slug == slug).order_by(Village.slug)
            ).all()
        ),
    }


def organisations(session: Session, slug: str) -> list[tuple[Organisation, str]]:
    statement = (
        select(Organisation, ProjectOrganisation.role)
        .join(ProjectOrganisation)
        .where(ProjectOrganisation.project_slug == slug)
        .order_by(Organisation.slug)
    )
    return list(session.exec(statement).all())


def programmes(session: Session, slug: str) -> list[Programme]:
    statement = select(Programme).join(ProjectProgramme).where(ProjectProgramme.project_slug == slug)
    return list(session.exec(statement.order_by(Programme.facet, Programme.slug)).all())


def for_place(
    session: Session, county: str | None = None, village: str | None = None, province: str | None = None
) -> list[Project]:
    """Projects tied to a place, directly or through a place inside it."""
    conditions = []
    if village:
        conditions.append(
            Project.slug.in_(select(ProjectVillage.project_slug).where(ProjectVillage.village_slug == village))
        )
    if county:
        conditions.append(
            Project.slug.in_(select(ProjectCounty.project_slug).where(ProjectCounty.county_slug == county))
        )
        conditions.append(
            Project.slug.in_(
                select(ProjectVillage.project_slug).where(
                    ProjectVillage.village_slug.in_(select(Village.slug).where(Village.county_slug == county))
                )
            )
        )
    if province:
        conditions.append(_in_provinces((province,)))
    statement = rel.rows_of(Project).where(rel.any_of(*conditions)).order_by(Project.slug)
    return list(session.exec(statement).all())


def for_organisation(session: Session, slug: str) -> list[tuple[Project, str]]:
    statement = (
        select(Project, ProjectOrganisation.role)
        .join(ProjectOrganisation)
        .where(ProjectOrganisation.organisation_slug == slug)
        .order_by(Project.slug)
    )
    return list(session.exec(statement).all())


def for_programme(session: Session, slug: str) -> list[Project]:
    statement = select(Project).join(ProjectProgramme).where(ProjectProgramme.programme_slug == slug)
    return list(session.exec(statement.order_by(Project.slug)).all())
