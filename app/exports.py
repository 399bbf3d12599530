"""Serialisation: an entity's rows as JSON models and CSV (the registry, app/entities.py, says
which rows and columns each list has).

CSV is UTF-8 with a byte-order mark so that Excel shows Chinese correctly; several values in
one cell are separated by ``|``.
"""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel

from app import schemas
from app.urls import entity_url
from app.views import FigureView

FIGURE_CSV_COLUMNS = (
    "id",
    "label_zh",
    "label_en",
    "value",
    "unit",
    "qualifier",
    "text",
    "period",
    "scope",
    "province",
    "county",
    "village",
    "programme",
    "source",
    "excerpt",
)


def plain_number(value: float) -> str:
    """500000000 rather than 5e8 or 500000000.0; decimals only where the value has them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def figure_out(view: FigureView) -> schemas.FigureOut:
    f = view.figure
    return schemas.FigureOut(
        id=f.id,
        label_zh=f.label_zh,
        label_en=f.label_en,
        value=f.value,
        unit=f.unit,
        qualifier=f.qualifier,
        qualifier_text=f.qualifier_text,
        text=f.text,
        period=f.period,
        year_from=f.year_from,
        year_to=f.year_to,
        scope=f.scope,
        kind=f.kind,
        provinces=view.regions,
        counties=[c.slug for c in view.counties],
        villages=[v.slug for v in view.villages],
        projects=[p.slug for p in view.projects],
        organisations=[o.slug for o in view.organisations],
        programmes=[p.slug for p in view.programmes],
        source=f.source_slug,
        excerpt=f.excerpt,
        note_zh=f.note_zh,
        note_en=f.note_en,
        url=entity_url("figure", f.id),
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


def person_csv_row(out: schemas.PersonOut) -> dict[str, str]:
    """Quotes in a cell per language, several separated by | like every list cell, and a third cell
    saying of each, in the same order, whether it is reported speech."""
    row = joined_row(out.model_copy(update={"quotes": []}))
    row["quotes_zh"] = "|".join(q.text_zh for q in out.quotes)
    row["quotes_en"] = "|".join(q.text_en for q in out.quotes)
    row["quotes_reported"] = "|".join("yes" if q.reported else "no" for q in out.quotes)
    return row


def joined_row(model: BaseModel) -> dict[str, str]:
    return {
        k: "|".join(v) if isinstance(v, list) else ("" if v is None else str(v)) for k, v in model.model_dump().items()
    }


def csv_head(columns: tuple[str, ...]) -> str:
    """The byte-order mark (Excel then reads the Chinese right) and the header line."""
    return "\ufeff" + csv_line(columns, {c: c for c in columns})


def csv_line(columns: tuple[str, ...], values: dict[str, str]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def to_csv(columns: tuple[str, ...], csv_row, rows: list[BaseModel]) -> str:
    return csv_head(columns) + "".join(csv_line(columns, csv_row(row)) for row in rows)
