"""Pieces several charts share: figure rows for tables and CSV, qualifier marks, hover text."""

from __future__ import annotations

import math
import re

from app.charts.base import Column
from app.formatting import axis_number, figure_value, joined, labelled, name, number, period_label
from app.i18n import gettext as _
from app.models import Source
from app.queries.listing import COUNT_CAP
from app.views import FigureView

MAX_BARS = 60  # more bars than this cannot be read; a chart says how many it leaves out


def left_out_note(shown: int, total: int) -> list[str]:
    if total <= shown:
        return []
    if total > COUNT_CAP:
        return [
            _(
                "Showing the %(shown)s largest of more than %(total)s matching figures; the table and CSV hold the "
                "same %(shown)s, the figure explorer all of them.",
                shown=shown,
                total=number(COUNT_CAP),
            )
        ]
    return [
        _(
            "Showing the %(shown)s largest of %(total)s matching figures; the table and CSV hold the same %(shown)s, "
            "the figure explorer all of them.",
            shown=shown,
            total=total,
        )
    ]


def figure_columns() -> list[Column]:
    return [
        Column("id", "#", True),
        Column("scope", _("Scope")),
        Column("label", _("What")),
        Column("shown", _("Value"), True),
        Column("text", _("As written")),
        Column("period", _("Period")),
        Column("source", _("Source")),
    ]


def figure_row(view: FigureView) -> dict:
    """One plotted figure, for the accessible table and the chart's CSV/JSON."""
    f = view.figure
    return {
        "id": f.id,
        "scope": view.scope_label,
        "label": name(f, "label"),
        "label_zh": f.label_zh,
        "label_en": f.label_en,
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "shown": figure_value(f),
        "text": (f.qualifier_text or "") + f.text,
        "period": period_label(f.period),
        "source": view.source.slug,
        "source_title": name(view.source, "title"),
        "excerpt": f.excerpt,
    }


def bar_text(view: FigureView) -> str:
    """The value next to its mark, as the reader's language states it: as written in Chinese
    ("超5亿元"), with its qualifier in words in English ("over ¥500 million")."""
    return figure_value(view.figure)


def hover_text(view: FigureView) -> str:
    f = view.figure
    lines = [
        f"<b>{name(f, 'label')}</b>",
        labelled(_("As written:")) + (f.qualifier_text or "") + f.text,
        labelled(_("Scope:")) + view.scope_label,
    ]
    if f.period:
        lines.append(labelled(_("Period:")) + period_label(f.period))
    lines.append(labelled(_("Source:")) + name(view.source, "outlet") + _(", ") + view.source.published)
    return "<br>".join(lines)


def sources_of(views: list[FigureView]) -> list:
    seen: dict[str, Source] = {}
    for v in views:
        seen.setdefault(v.source.slug, v.source)
    return sorted(seen.values(), key=lambda s: s.published)


def period_span(views: list[FigureView]) -> str:
    """The periods the plotted figures cover, for the subtitle."""
    periods = sorted({period_label(v.figure.period) for v in views if v.figure.period})
    # "; " in English: a period such as "2018 – Feb 2020" has no comma of its own to confuse.
    return joined(periods, "; ") if periods else _("period not stated")


def outlier_cut(values: list[float], ratio: float = 4.0) -> float | None:
    """Where a linear axis should end so that one outsized value does not flatten every other
    bar: just past the second-largest value, when the largest is more than ``ratio`` times it."""
    ordered = sorted((v for v in values if v > 0), reverse=True)
    if len(ordered) < 2 or ordered[0] <= ratio * ordered[1]:
        return None
    return ordered[1] * 1.45


def log_ticks(values: list[float], room_after_decades: float = 0.9) -> dict:
    """A log axis over the values, ticked at powers of ten in the reader's numbers (1000万, 1亿 /
    10 million, 100 million), with room after the largest value for its label."""
    positive = [v for v in values if v > 0]
    if not positive:
        return {"type": "log"}
    low = math.floor(math.log10(min(positive)))
    high = math.log10(max(positive)) + room_after_decades
    ticks = [10**e for e in range(low, math.ceil(high) + 1)]
    return {
        "type": "log",
        "range": [low - 0.05, high],
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [axis_number(t) for t in ticks],
    }


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``count`` ticks over the span."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def linear_ticks(top: float, count: int = 5) -> dict:
    """A linear axis from zero to ``top``, ticked at round numbers in the reader's numbers."""
    step = nice_step(top, count)
    ticks = [step * i for i in range(int(top // step) + 1)]
    return {
        "type": "linear",
        "range": [0, top],
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [axis_number(t) for t in ticks],
    }


LINE_PX = 15  # a line of an 11–12 px row label


def rows_height(labels: list[str], base_px: int, gap_px: int = 12, min_lines: int = 1) -> int:
    """The plot height that gives every row room for the longest label: Plotly spaces category
    rows evenly, so the row with the most lines sets the height of all."""
    if not labels:
        return base_px + 40
    lines = max(min_lines, *(label.count("<br>") + 1 for label in labels))
    return base_px + len(labels) * (lines * LINE_PX + gap_px)


def value_axis(title: str | None = None, **settings) -> dict:
    """The axis a chart's values run along: the grid every chart draws, room for its tick labels."""
    axis = {"automargin": True, "gridcolor": "#e3e7eb", **settings}
    return {"title": {"text": title}, **axis} if title else axis


def row_axis(categories: list[str], labels: list[str], font_px: int = 11, grid: str | None = None) -> dict:
    """The y axis of a chart with a row per item: rows in the order given, top first, each
    labelled with its whole (wrapped) label; the category itself is an id, so that two items with
    the same label stay two rows."""
    axis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": categories,
        "autorange": "reversed",
        "automargin": True,
        "tickfont": {"size": font_px},
        "ticklabelstandoff": 6,
        "tickmode": "array",
        "tickvals": categories,
        "ticktext": labels,
    }
    return {**axis, "showgrid": True, "gridcolor": grid} if grid else axis


PHONE_COLUMNS = 50  # a row label across a phone's width (343 px at 11 px)


def phone_rows(categories: list[str], labels: list[str], base_px: int, bars: bool = False) -> dict:
    """The phone layout of a chart with a row per item (charts.js applies it under 600 px): each
    row's label runs across the whole width just above its mark, instead of squeezing the plot
    into what long labels to its left leave over.  Labels are whole, wrapped, never cut."""
    lines = max([label.count("<br>") + 1 for label in labels] or [1])
    row_px = lines * LINE_PX + (34 if bars else 26)
    lift_px = round(row_px * 0.2) + 4 if bars else 9  # clear of the bar or the dot
    return {
        "height": base_px + len(labels) * row_px,
        "bargap": 0.6,
        "yaxis.showticklabels": False,
        "margin.l": 16,
        "xaxis.title.text": "",  # the units line under the chart says it; the legend needs the room
        "annotations": [
            {
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": category,
                "yref": "y",
                "yanchor": "bottom",
                "yshift": lift_px,
                "text": label,
                "align": "left",
                "showarrow": False,
                "font": {"size": 11},
            }
            for category, label in zip(categories, labels, strict=True)
        ],
    }


def ink_on(colour: str) -> str:
    """Text colour readable on a bar of this colour (dark on the palette's light yellows and blues)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#1d2530" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def text_side(position: float) -> str:
    """A mark's value beside it on the side with room: right in the left half, left beyond."""
    return "middle right" if position < 0.5 else "middle left"


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese character is as wide as two Latin letters."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def wrap(text: str, columns: int) -> str:
    """Break a label into lines of at most ``columns`` (``<br>`` between them), whole: Latin text
    breaks between words, Chinese between characters; nothing is ever cut off."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and display_width(line + token) > columns:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "<br>".join(lines)


# A Chinese character with any closing punctuation after it, a Latin word (no-break spaces
# inside it, as in "CC BY 4.0") with its trailing spaces, or spaces alone: the pieces a label may
# break between.
CLOSING = "，。、：；！？）》」”’"
TOKEN = re.compile(rf"[\u2E80-\uFFFF][{CLOSING}]*|(?:[^\s\u2E80-\uFFFF]|\u00a0)+[{CLOSING}]*[^\S\u00a0]*|[^\S\u00a0]+")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)
