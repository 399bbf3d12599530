"""Filters from the URL, parsed and checked once, shared by every list, export and chart.

A filter value the data does not know is an error the reader can fix (400 with a message that
says what would work), never an empty page that looks like "no data".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from app.errors import BadFilter
from app.i18n import gettext as _
from app.models import FIGURE_SCOPES, QUALIFIERS, County, Programme, Province, Source
from app.queries.cache import once_per_engine

GROUPS = ("4plus2",)
ORDERS = ("asc", "desc")
MAX_VALUES_PER_FILTER = 20
MIN_YEAR, MAX_YEAR = 2002, 2030


@dataclass(frozen=True)
class Filters:
    province: tuple[str, ...] = ()
    programme: tuple[str, ...] = ()
    county: tuple[str, ...] = ()
    group: str | None = None
    year: int | None = None
    source: tuple[str, ...] = ()
    q: str = ""
    scope: tuple[str, ...] = ()
    qualifier: tuple[str, ...] = ()
    sort: str | None = None
    order: str = "asc"
    page: int = 1
    size: int = 50

    @property
    def active(self) -> bool:
        return bool(self.province or self.programme or self.county or self.group or self.year or self.source
                    or self.q or self.scope or self.qualifier)

    def without_paging(self) -> Filters:
        return replace(self, page=1, size=10**9)


@dataclass(frozen=True)
class Vocabulary:
    """The slugs a filter may take, read once per process (the data only changes with a build)."""

    provinces: frozenset[str]
    programmes: frozenset[str]
    sources: frozenset[str]


@once_per_engine
def vocabulary(session: Session) -> Vocabulary:
    return Vocabulary(
        provinces=frozenset(session.exec(select(Province.slug)).all()),
        programmes=frozenset(session.exec(select(Programme.slug)).all()),
        sources=frozenset(session.exec(select(Source.slug)).all()),
    )


def _many(params, name: str) -> tuple[str, ...]:
    values = []
    for raw in params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    if len(values) > MAX_VALUES_PER_FILTER:
        raise BadFilter(_("Too many values for “%(name)s”: at most %(max)s.", name=name, max=MAX_VALUES_PER_FILTER))
    return tuple(dict.fromkeys(values))  # de-duplicated, order kept


def _check(name: str, values: tuple[str, ...], allowed, where: str | None = None) -> None:
    """Refuse values the data does not know, naming the ones it does (or where to find them)."""
    unknown = [v[:40] for v in values if v not in allowed]
    if not unknown:
        return
    if where:
        raise BadFilter(_("Unknown %(name)s: %(values)s. The list at %(where)s gives every slug.",
                          name=name, values=", ".join(unknown[:5]), where=where))
    raise BadFilter(_("Unknown %(name)s: %(values)s. Known values: %(known)s.",
                      name=name, values=", ".join(unknown[:5]), known=", ".join(sorted(allowed))))


def _int(params, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadFilter(_("“%(name)s” must be a whole number, not “%(value)s”.", name=name, value=raw[:40])) from None
    if not low <= value <= high:
        raise BadFilter(_("“%(name)s” must be between %(low)s and %(high)s.", name=name, low=low, high=high))
    return value


def parse_filters(params, session: Session, sortable: tuple[str, ...] = (), default_size: int = 50,
                  max_size: int = 500, max_search: int = 100) -> Filters:
    """Read and check every filter in ``params`` (a Starlette QueryParams)."""
    known = vocabulary(session)
    province = _many(params, "province")
    _check("province", province, known.provinces)
    programme = _many(params, "programme")
    _check("programme", programme, known.programmes)
    county = _many(params, "county")
    if county:
        # Counties can number in the hundreds: checked against the database, not a vocabulary.
        known_counties = set(session.exec(select(County.slug).where(County.slug.in_(county))).all())
        _check("county", county, known_counties, where="/counties")
    source = _many(params, "source")
    _check("source", source, known.sources)
    scope = _many(params, "scope")
    _check("scope", scope, FIGURE_SCOPES)
    qualifier = _many(params, "qualifier")
    _check("qualifier", qualifier, QUALIFIERS)
    group = params.get("group") or None
    if group is not None:
        _check("group", (group,), GROUPS)
    year = _int(params, "year", 0, MIN_YEAR, MAX_YEAR) or None
    q = (params.get("q") or "").strip()
    if len(q) > max_search:
        raise BadFilter(_("The search text is too long: at most %(max)s characters.", max=max_search))
    sort = params.get("sort") or None
    if sort is not None and sort not in sortable:
        _check("sort", (sort,), sortable)
    order = params.get("order") or "asc"
    _check("order", (order,), ORDERS)
    return Filters(
        province=province, programme=programme, county=county, group=group, year=year, source=source, q=q,
        scope=scope, qualifier=qualifier, sort=sort, order=order,
        page=_int(params, "page", 1, 1, 100_000),
        size=_int(params, "size", default_size, 1, max_size),
    )
