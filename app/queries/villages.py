"""Villages: list and detail."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Village, VillageProgramme
from app.queries import relations as rel
from app.queries.listing import ListSpec, name_sort


def in_programmes(programmes: tuple[str, ...]):
    return rel.Linked(Village.slug, VillageProgramme.village_slug, VillageProgramme.programme_slug, programmes)


SPEC = ListSpec(
    model=Village,
    key=Village.slug,
    sort_columns={
        "name": name_sort(Village),
        "province": Village.province_slug,
        "county": Village.county_slug,
    },
    default_sort="name",
    search_columns=(
        Village.name_zh,
        Village.name_en,
        Village.slug,
        Village.township_zh,
        Village.township_en,
        Village.prefecture_zh,
        Village.prefecture_en,
    ),
    clauses={
        "province": lambda f: Village.province_slug.in_(f.province) if f.province else None,
        "programme": lambda f: in_programmes(f.programme) if f.programme else None,
        "group": lambda f: Village.county_slug.in_(rel.four_plus_two_counties()) if f.group else None,
        "source": lambda f: rel.mentioned_in("village", Village.slug, f.source) if f.source else None,
    },
    links={"programmes": (VillageProgramme.village_slug, VillageProgramme.programme_slug)},
)


def get(session: Session, slug: str) -> Village | None:
    return session.get(Village, slug)


def programme_map(session: Session, slugs: list[str]) -> dict[str, list[str]]:
    """village slug → its programme slugs, for a page of villages at once."""
    return rel.slugs_by(session, VillageProgramme, "village_slug", "programme_slug", slugs)
