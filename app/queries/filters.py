"""Filters from the URL, parsed and checked once, shared by every list, export and chart.

A filter value the data does not know is an error the reader can fix (400 with a message that
says what would work), never an empty page that looks like "no data".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from app.i18n import gettext as _
from app.models import (
    FIGURE_KINDS,
    FIGURE_SCOPES,
    MAX_YEAR_COVERED,
    MIN_YEAR_COVERED,
    QUALIFIERS,
    County,
    FigureFacet,
    Programme,
    Province,
    Source,
)
from app.queries.cache import once_per_engine
from app.urls import list_url

# Every filter a list may take; each list says which of them it does (its ListSpec).
FILTER_NAMES = ("province", "programme", "county", "group", "year", "source", "scope", "qualifier", "kind", "unit", "q")
GROUPS = ("4plus2",)
ORDERS = ("asc", "desc")
MAX_VALUES_PER_FILTER = 20
MIN_YEAR, MAX_YEAR = MIN_YEAR_COVERED, MAX_YEAR_COVERED
MAX_PAGE = 100_000
PAGING = ("sort", "order", "page", "size")


class FilterError(ValueError):
    """A query parameter the app cannot use; the message names it and says what would work
    (the web layer answers 400 with it)."""


@dataclass(frozen=True)
class Limits:
    """The bounds the settings put on a request (app/config.py)."""

    default_size: int = 50
    max_size: int = 500
    max_search: int = 100


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
    kind: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()
    sort: str | None = None
    order: str = "asc"
    page: int = 1
    size: int = 50
    # (parameter, value as given, slug) for each place the address named rather than gave the
    # slug of (?province=四川): pages redirect to the address with the slug.
    renamed: tuple[tuple[str, str, str], ...] = ()

    @property
    def active(self) -> bool:
        return bool(
            self.province
            or self.programme
            or self.county
            or self.group
            or self.year
            or self.source
            or self.q
            or self.scope
            or self.qualifier
            or self.kind
            or self.unit
        )

    def without_paging(self) -> Filters:
        return replace(self, page=1, size=10**9)


@dataclass(frozen=True)
class Vocabulary:
    """The slugs a filter may take, read once per process (the data only changes with a build)."""

    provinces: frozenset[str]
    programmes: frozenset[str]
    sources: frozenset[str]
    counties: frozenset[str]  # some hundreds at national scale: still a small set
    units: frozenset[str] = frozenset()  # the units figures are counted in
    # (slug, Chinese name, English name) of each province and county: a filter may name one.
    province_names: tuple[tuple[str, str, str], ...] = ()
    county_names: tuple[tuple[str, str, str], ...] = ()


@once_per_engine
def vocabulary(session: Session) -> Vocabulary:
    provinces = tuple(session.exec(select(Province.slug, Province.name_zh, Province.name_en)).all())
    counties = tuple(session.exec(select(County.slug, County.name_zh, County.name_en)).all())
    return Vocabulary(
        provinces=frozenset(slug for slug, _zh, _en in provinces),
        programmes=frozenset(session.exec(select(Programme.slug)).all()),
        sources=frozenset(session.exec(select(Source.slug)).all()),
        counties=frozenset(slug for slug, _zh, _en in counties),
        units=frozenset(session.exec(select(FigureFacet.value).where(FigureFacet.facet == "unit")).all()),
        province_names=tuple((slug, zh, en) for slug, zh, en in provinces),
        county_names=tuple((slug, zh, en) for slug, zh, en in counties),
    )


def by_name(places: tuple[tuple[str, str, str], ...], value: str) -> str | None:
    """The one place a name stands for, in either language, whole or its beginning (四川, 四川省,
    木里, Sichuan, muli tibetan autonomous county), or None when it names none or several."""
    text = value.strip()
    folded = text.casefold()
    exact = {slug for slug, zh, en in places if folded in (zh.casefold(), en.casefold(), slug)}
    if len(exact) == 1:  # a whole name wins over the places whose names begin with it
        return exact.pop()
    beginning = {
        slug
        for slug, zh, en in places
        if (len(text) >= 2 and zh.startswith(text)) or en.casefold().startswith(folded + " ")
    }
    return beginning.pop() if len(beginning) == 1 else None


def _slugs(name: str, values: tuple[str, ...], places, known: frozenset[str], renamed: list) -> tuple[str, ...]:
    """Values that name a place rather than give its slug, replaced by the slug (and noted in
    ``renamed`` as (parameter, value, slug)); the rest as they are, for _check to judge."""
    slugs = []
    for value in values:
        slug = by_name(places, value) if value not in known else None
        if slug is not None:
            renamed.append((name, value, slug))
        slugs.append(slug or value)
    return tuple(dict.fromkeys(slugs))


def _many(params, name: str) -> tuple[str, ...]:
    values: list[str] = []
    for raw in params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    if len(values) > MAX_VALUES_PER_FILTER:
        raise FilterError(_("Too many values for “%(name)s”: at most %(max)s.", name=name, max=MAX_VALUES_PER_FILTER))
    return tuple(dict.fromkeys(values))  # de-duplicated, order kept


def _check(name: str, values: tuple[str, ...], allowed, where: str | None = None) -> None:
    """Refuse values the data does not know, naming the ones it does (or where to find them)."""
    unknown = [v[:40] for v in values if v not in allowed]
    if not unknown:
        return
    if where:
        raise FilterError(
            _(
                "Unknown %(name)s: %(values)s. The list at %(where)s gives every slug.",
                name=name,
                values=", ".join(unknown[:5]),
                where=where,
            )
        )
    raise FilterError(
        _(
            "Unknown %(name)s: %(values)s. Known values: %(known)s.",
            name=name,
            values=", ".join(unknown[:5]),
            known=", ".join(sorted(allowed)),
        )
    )


def _int(params, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise FilterError(_("“%(name)s” must be a whole number, not “%(value)s”.", name=name, value=raw[:40])) from None
    if not low <= value <= high:
        raise FilterError(_("“%(name)s” must be between %(low)s and %(high)s.", name=name, low=low, high=high))
    return value


def refuse_unknown(params, accepted: tuple[str, ...], also: tuple[str, ...] = ()) -> None:
    """A parameter the address does not take is refused rather than ignored: a filter this list
    has no meaning for would otherwise be shown and then ignored, and any other name would make
    an address of its own for a cache to keep.  ``also``: what the address takes besides its
    filters and the language (sorting and paging, an image's size)."""
    unknown = [name for name in dict.fromkeys(params.keys()) if name not in (*FILTER_NAMES, *also, "lang")]
    if unknown:
        raise FilterError(
            _(
                "Unknown parameter: %(names)s. This address takes: %(accepted)s.",
                names=", ".join(name[:40] for name in unknown[:5]),
                accepted=", ".join((*accepted, *also, "lang")),
            )
        )
    unsupported = [name for name in FILTER_NAMES if name in params and name not in accepted]
    if unsupported:
        raise FilterError(
            _(
                "This list cannot be filtered by %(names)s. Its filters: %(accepted)s.",
                names=", ".join(unsupported),
                accepted=", ".join(accepted) or _("none"),
            )
        )


def parse_filters(
    params,
    session: Session,
    accepted: tuple[str, ...] = FILTER_NAMES,
    sortable: tuple[str, ...] = (),
    limits: Limits = Limits(),
    also: tuple[str, ...] = (),
) -> Filters:
    """Read and check every filter in ``params`` (a Starlette QueryParams) that ``accepted``
    names, and the sort and page; any other parameter is an error."""
    refuse_unknown(params, accepted, (*PAGING, *also))
    known = vocabulary(session)
    renamed: list[tuple[str, str, str]] = []
    province = _slugs("province", _many(params, "province"), known.province_names, known.provinces, renamed)
    _check("province", province, known.provinces)
    programme = _many(params, "programme")
    _check("programme", programme, known.programmes)
    county = _slugs("county", _many(params, "county"), known.county_names, known.counties, renamed)
    _check("county", county, known.counties, where=list_url("county"))
    source = _many(params, "source")
    _check("source", source, known.sources)
    scope = _many(params, "scope")
    _check("scope", scope, FIGURE_SCOPES)
    qualifier = _many(params, "qualifier")
    _check("qualifier", qualifier, QUALIFIERS)
    kind = _many(params, "kind")
    _check("kind", kind, FIGURE_KINDS)
    unit = _many(params, "unit")
    _check("unit", unit, known.units)
    group = params.get("group") or None
    if group is not None:
        _check("group", (group,), GROUPS)
    year = _int(params, "year", 0, MIN_YEAR, MAX_YEAR) or None
    # Control characters (NUL above all) can match nothing and no database takes them in a query.
    # Any space (full-width, no-break) stays a space.
    q = "".join(
        " " if ch.isspace() else ch for ch in (params.get("q") or "") if ch.isprintable() or ch.isspace()
    ).strip()
    if len(q) > limits.max_search:
        raise FilterError(_("The search text is too long: at most %(max)s characters.", max=limits.max_search))
    sort = params.get("sort") or None
    if sort is not None and sort not in sortable:
        _check("sort", (sort,), sortable)
    order = params.get("order") or "asc"
    _check("order", (order,), ORDERS)
    return Filters(
        province=province,
        programme=programme,
        county=county,
        group=group,
        year=year,
        source=source,
        q=q,
        scope=scope,
        qualifier=qualifier,
        kind=kind,
        unit=unit,
        sort=sort,
        order=order,
        page=_int(params, "page", 1, 1, MAX_PAGE),
        size=_int(params, "size", limits.default_size, 1, limits.max_size),
        renamed=tuple(renamed),
    )
