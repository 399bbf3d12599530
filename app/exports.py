"""A list's answers: its JSON body (list_body) and its CSV lines (Entity.csv_cells, app/entities.py,
says which columns).

CSV is UTF-8 with a byte-order mark so that Excel shows Chinese correctly; several values in
one cell are separated by ``|``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from app.queries.listing import Page
from app.urls import url_with

FIGURE_CSV_COLUMNS = (
    "id",
    "label_zh",
    "label_en",
    "value",
    "value_min",
    "value_max",
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


def person_csv_row(item: dict[str, Any]) -> dict[str, Any]:
    """Quotes in a cell per language, several separated by | like every list cell, and a third cell
    saying of each, in the same order, whether it is reported speech."""
    quotes = item["quotes"]
    return {
        **{k: "|".join(v) if k != "quotes" and isinstance(v, list) else v for k, v in item.items()},
        "quotes_zh": "|".join(q["text_zh"] for q in quotes),
        "quotes_en": "|".join(q["text_en"] for q in quotes),
        "quotes_reported": "|".join("yes" if q["reported"] else "no" for q in quotes),
    }


def csv_head(columns: tuple[str, ...]) -> str:
    """The byte-order mark (Excel then reads the Chinese right) and the header line."""
    return "\ufeff" + "".join(csv_lines([list(columns)]))


def csv_lines(rows: list[list[Any]]) -> list[str]:
    """Each row of cells as its CSV line (None is an empty cell; a cell may hold a line break,
    quoted), all written by one writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    ends = []
    for row in rows:
        writer.writerow(row)
        ends.append(buffer.tell())
    text = buffer.getvalue()
    return [text[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def list_body(request: Any, page: Page, items: list) -> dict:
    """A list's JSON, the same for the API, a page of an export and a whole export (one page of
    everything): its count, which page, the next page's address, and the items (last, so that a
    streamed export can write its opening from it)."""
    later = page.page < page.pages
    return {
        "total": page.total,
        "total_exact": not page.capped,
        "page": page.page,
        "size": page.size,
        "next": url_with(request, page=page.page + 1) if later else None,
        "items": items,
    }
