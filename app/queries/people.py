"""People: who the reports name or quote, their places and bodies, and their words."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import County, Person, PersonCounty, PersonVillage, Quote, Village
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort


def _in(villages, counties):
    """People tied to one of these villages or counties, or to a village in one of the counties."""
    return rel.any_of(
        Person.slug.in_(select(PersonVillage.person_slug).where(PersonVillage.village_slug.in_(villages))),
        Person.slug.in_(select(PersonCounty.person_slug).where(PersonCounty.county_slug.in_(counties))),
    )


SPEC = ListSpec(
    found_by_linked_places=True,
    model=Person,
    key=Person.slug,
    sort_columns={"name": name_sort(Person), "kind": Person.kind},
    default_sort="name",
    search_columns=(Person.name_zh, Person.name_en, Person.slug, Person.role_zh, Person.role_en),
    clauses={
        "province": lambda f: _in(rel.villages_in(f.province), rel.counties_in(f.province)) if f.province else None,
        "group": lambda f: _in(rel.villages_of_four_plus_two(), rel.four_plus_two_counties()) if f.group else None,
        "source": lambda f: rel.mentioned_in("person", Person.slug, f.source) if f.source else None,
    },
)


def get(session: Session, slug: str) -> Person | None:
    return session.get(Person, slug)


def places(session: Session, slugs: list[str]) -> dict[str, dict[str, list]]:
    """person slug → the villages and counties the text names with them, for many people at once."""
    result: dict[str, dict[str, list]] = {s: {"villages": [], "counties": []} for s in slugs}
    links = (
        ("villages", Village, PersonVillage.person_slug, PersonVillage.village_slug),
        ("counties", County, PersonCounty.person_slug, PersonCounty.county_slug),
    )
    for key, place, person_column, place_column in links:
        statement = (
            select(person_column, place)
            .join(place, place.slug == place_column)
            .where(person_column.in_(slugs))
            .order_by(place.slug)
        )
        for slug, found in session.exec(statement).all():
            result[slug][key].append(found)
    return result


def quotes(session: Session, slugs: list[str]) -> dict[str, list[Quote]]:
    """person slug → their quotes, in the order of the reports."""
    result: dict[str, list[Quote]] = {s: [] for s in slugs}
    for quote in session.exec(select(Quote).where(Quote.person_slug.in_(slugs)).order_by(Quote.id)).all():
        result[quote.person_slug].append(quote)
    return result


def for_place(
    session: Session, village: str | None = None, county: str | None = None, province: str | None = None
) -> list[Person]:
    """People tied to a place, directly or through a place inside it."""
    if village:
        condition = _in((village,), ())
    elif county:
        condition = _in(select(Village.slug).where(Village.county_slug == county), (county,))
    elif province:
        condition = _in(rel.villages_in((province,)), rel.counties_in((province,)))
    else:
        return []
    return list(session.exec(rel.rows_of(Person).where(condition).order_by(Person.slug)).all())


def for_organisation(session: Session, slug: str) -> list[Person]:
    statement = select(Person).where(Person.organisation_slug == slug).order_by(Person.slug)
    return list(session.exec(statement).all())
