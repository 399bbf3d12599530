"""Milestones: dated events, for the timeline."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from app.models import (
    Milestone,
    MilestoneCounty,
    MilestoneOrganisation,
    MilestoneProgramme,
    MilestoneProject,
    MilestoneVillage,
    Organisation,
    Village,
)
from app.queries import relations as rel
from app.queries.listing import ListSpec


def _in_provinces(provinces: tuple[str, ...]):
    return rel.any_of(
        Milestone.id.in_(
            select(MilestoneCounty.milestone_id).where(MilestoneCounty.county_slug.in_(rel.counties_in(provinces)))
        ),
        Milestone.id.in_(
            select(MilestoneVillage.milestone_id).where(MilestoneVillage.village_slug.in_(rel.villages_in(provinces)))
        ),
        Milestone.id.in_(
            select(MilestoneOrganisation.milestone_id).where(
                MilestoneOrganisation.organisation_slug.in_(
                    select(Organisation.slug).where(Organisation.province_slug.in_(provinces))
                )
            )
        ),
    )


LINKS: dict[str, tuple[Any, str]] = {
    "counties": (MilestoneCounty, "county_slug"),
    "villages": (MilestoneVillage, "village_slug"),
    "projects": (MilestoneProject, "project_slug"),
    "organisations": (MilestoneOrganisation, "organisation_slug"),
    "programmes": (MilestoneProgramme, "programme_slug"),
}


SPEC = ListSpec(
    found_by_linked_places=True,
    model=Milestone,
    key=Milestone.id,
    sort_columns={"date": Milestone.date},
    default_sort="date",
    search_columns=(Milestone.title_zh, Milestone.title_en, Milestone.excerpt),
    clauses={
        "province": lambda f: _in_provinces(f.province) if f.province else None,
        "programme": lambda f: (
            Milestone.id.in_(
                select(MilestoneProgramme.milestone_id).where(MilestoneProgramme.programme_slug.in_(f.programme))
            )
            if f.programme
            else None
        ),
        "group": lambda f: (
            Milestone.id.in_(
                select(MilestoneCounty.milestone_id).where(
                    MilestoneCounty.county_slug.in_(rel.four_plus_two_counties())
                )
            )
            if f.group
            else None
        ),
        "year": lambda f: Milestone.year == f.year if f.year else None,
        "source": lambda f: Milestone.source_slug.in_(f.source) if f.source else None,
    },
    links={name: (model.milestone_id, getattr(model, column)) for name, (model, column) in LINKS.items()},
)


def links(session: Session, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    result: dict[int, dict[str, list[str]]] = {i: {k: [] for k in LINKS} for i in ids}
    for attribute, milestone_id, slug in rel.links_of(session, LINKS, "milestone_id", ids):
        result[milestone_id][attribute].append(slug)
    return result


def for_link(session: Session, attribute: str, slug: str) -> list[Milestone]:
    model, column_name = LINKS[attribute]
    statement = (
        rel.rows_of(Milestone)
        .where(Milestone.id.in_(select(model.milestone_id).where(getattr(model, column_name) == slug)))
        .order_by(Milestone.date)
    )
    return list(session.exec(statement).all())


def for_county(session: Session, slug: str) -> list[Milestone]:
    statement = (
        rel.rows_of(Milestone)
        .where(
            rel.any_of(
                Milestone.id.in_(select(MilestoneCounty.milestone_id).where(MilestoneCounty.county_slug == slug)),
                Milestone.id.in_(
                    select(MilestoneVillage.milestone_id).where(
                        MilestoneVillage.village_slug.in_(select(Village.slug).where(Village.county_slug == slug))
                    )
                ),
            )
        )
        .order_by(Milestone.date)
    )
    return list(session.exec(statement).all())
