"""Rows as data: the same filtered rows a list page shows, as JSON models and CSV.

CSV is UTF-8 with a byte-order mark so that Excel shows Chinese correctly; several values in
one cell are separated by ``|``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel
from sqlmodel import Session

from app import schemas
from app.queries import (
    counties,
    figures,
    milestones,
    organisations,
    people,
    programmes,
    projects,
    provinces,
    sources,
)
from app.queries import villages as village_queries
from app.queries.listing import ListSpec
from app.views import FigureView, figure_views, milestone_views

FIGURE_CSV_COLUMNS = ("id", "label_zh", "label_en", "value", "unit", "qualifier", "text", "period", "scope",
                      "province", "county", "village", "programme", "source", "excerpt")


def plain_number(value: float) -> str:
    """500000000 rather than 5e8 or 500000000.0; decimals only where the value has them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def figure_out(view: FigureView) -> schemas.FigureOut:
    f = view.figure
    return schemas.FigureOut(
        id=f.id, label_zh=f.label_zh, label_en=f.label_en, value=f.value, unit=f.unit, qualifier=f.qualifier,
        qualifier_text=f.qualifier_text, text=f.text, period=f.period, year_from=f.year_from,
        year_to=f.year_to, scope=f.scope, kind=f.kind, provinces=view.regions,
        counties=[c.slug for c in view.counties], villages=[v.slug for v in view.villages],
        projects=[p.slug for p in view.projects], organisations=[o.slug for o in view.organisations],
        programmes=[p.slug for p in view.programmes], source=f.source_slug, excerpt=f.excerpt,
        note_zh=f.note_zh, note_en=f.note_en, url=f"/figures/{f.id}",
    )


def figure_csv_row(out: schemas.FigureOut) -> dict[str, str]:
    row = out.model_dump()
    return {
        **{k: "" if row[k] is None else str(row[k]) for k in FIGURE_CSV_COLUMNS if k in row},
        "value": plain_number(out.value),
        "province": "|".join(out.provinces),
        "county": "|".join(out.counties),
        "village": "|".join(out.villages),
        "programme": "|".join(out.programmes),
    }


@dataclass(frozen=True)
class Export:
    """How one list becomes data: its spec, its JSON model and its CSV columns."""

    spec: ListSpec
    model: type[BaseModel]
    rows_out: Callable[[Session, list], list[BaseModel]]
    csv_columns: tuple[str, ...]
    csv_row: Callable[[BaseModel], dict[str, str]] | None = None


def _figures_out(session: Session, items: list) -> list[BaseModel]:
    return [figure_out(v) for v in figure_views(session, items)]


def _counties_out(session: Session, items: list) -> list[BaseModel]:
    programme_map = counties.programme_map(session, [c.slug for c in items])
    return [schemas.CountyOut(**c.model_dump(), province=c.province_slug, programmes=programme_map[c.slug],
                              url=f"/counties/{c.slug}") for c in items]


def _villages_out(session: Session, items: list) -> list[BaseModel]:
    programme_map = village_queries.programme_map(session, [v.slug for v in items])
    return [schemas.VillageOut(**v.model_dump(), province=v.province_slug, county=v.county_slug,
                               programmes=programme_map[v.slug], url=f"/villages/{v.slug}") for v in items]


def _simple(model: type[BaseModel], prefix: str, **renames: str):
    def convert(_session: Session, items: list) -> list[BaseModel]:
        out = []
        for item in items:
            data = item.model_dump()
            for new, old in renames.items():
                data[new] = data.pop(old)
            out.append(model(**data, url=f"/{prefix}/{item.slug}"))
        return out

    return convert


def _milestones_out(session: Session, items: list) -> list[BaseModel]:
    return [
        schemas.MilestoneOut(**v.milestone.model_dump(exclude={"source_slug"}), source=v.milestone.source_slug,
                             **{k: [e.slug for e in getattr(v, k)] for k in
                                ("counties", "villages", "projects", "organisations", "programmes")})
        for v in milestone_views(session, items)
    ]


def _people_out(session: Session, items: list) -> list[BaseModel]:
    slugs = [p.slug for p in items]
    places, quotes = people.places(session, slugs), people.quotes(session, slugs)
    return [
        schemas.PersonOut(
            **p.model_dump(exclude={"organisation_slug", "summary_zh", "summary_en"}), organisation=p.organisation_slug,
            villages=[v.slug for v in places[p.slug]["villages"]],
            counties=[c.slug for c in places[p.slug]["counties"]],
            quotes=[schemas.QuoteOut(source=q.source_slug, text_zh=q.text_zh, text_en=q.text_en, reported=q.reported)
                    for q in quotes[p.slug]],
            url=f"/people/{p.slug}",
        )
        for p in items
    ]


def person_csv_row(out: schemas.PersonOut) -> dict[str, str]:
    """Quotes in a cell per language, several separated by | like every list cell, and a third cell
    saying of each, in the same order, whether it is reported speech."""
    row = _joined(out.model_copy(update={"quotes": []}))
    row["quotes_zh"] = "|".join(q.text_zh for q in out.quotes)
    row["quotes_en"] = "|".join(q.text_en for q in out.quotes)
    row["quotes_reported"] = "|".join("yes" if q.reported else "no" for q in out.quotes)
    return row


def _joined(model: BaseModel) -> dict[str, str]:
    return {k: "|".join(v) if isinstance(v, list) else ("" if v is None else str(v))
            for k, v in model.model_dump().items()}


EXPORTS: dict[str, Export] = {
    "figures": Export(figures.SPEC, schemas.FigureOut, _figures_out, FIGURE_CSV_COLUMNS, figure_csv_row),
    "counties": Export(counties.SPEC, schemas.CountyOut, _counties_out,
                       ("slug", "name_zh", "name_en", "province", "kind", "prefecture_zh", "prefecture_en",
                        "programmes", "lat", "lon", "coords_approximate")),
    "villages": Export(village_queries.SPEC, schemas.VillageOut, _villages_out,
                       ("slug", "name_zh", "name_en", "province", "county", "prefecture_zh", "prefecture_en",
                        "township_zh", "township_en", "programmes", "lat", "lon", "coords_approximate")),
    "provinces": Export(provinces.SPEC, schemas.ProvinceOut, _simple(schemas.ProvinceOut, "provinces"),
                        ("slug", "name_zh", "name_en", "lat", "lon", "coords_approximate")),
    "organisations": Export(organisations.SPEC, schemas.OrganisationOut,
                            _simple(schemas.OrganisationOut, "organisations", province="province_slug",
                                    parent="parent_slug"),
                            ("slug", "name_zh", "name_en", "kind", "province", "parent")),
    "people": Export(people.SPEC, schemas.PersonOut, _people_out,
                     ("slug", "name_zh", "name_en", "kind", "role_zh", "role_en", "organisation", "villages",
                      "counties", "quotes_zh", "quotes_en", "quotes_reported"), person_csv_row),
    "programmes": Export(programmes.SPEC, schemas.ProgrammeOut, _simple(schemas.ProgrammeOut, "programmes"),
                         ("slug", "name_zh", "name_en", "facet")),
    "projects": Export(projects.SPEC, schemas.ProjectOut, _simple(schemas.ProjectOut, "projects"),
                       ("slug", "name_zh", "name_en", "year_start", "summary_zh", "summary_en")),
    "sources": Export(sources.SPEC, schemas.SourceOut, _simple(schemas.SourceOut, "sources"),
                      ("slug", "title_zh", "title_en", "outlet_zh", "outlet_en", "author_zh", "author_en",
                       "published")),
    "timeline": Export(milestones.SPEC, schemas.MilestoneOut, _milestones_out,
                       ("id", "date", "year", "title_zh", "title_en", "source", "excerpt", "counties",
                        "villages", "projects", "organisations", "programmes")),
}


def to_csv(export: Export, rows: list[BaseModel]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=export.csv_columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow((export.csv_row or _joined)(row))
    return buffer.getvalue()

