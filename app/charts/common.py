"""Pieces several charts share: figure rows for tables and CSV, qualifier marks, hover text."""

from __future__ import annotations

import math

from app.charts.base import Column
from app.formatting import QUALIFIER_SYMBOLS, amount, figure_value, name, period_label
from app.i18n import gettext as _
from app.views import FigureView

MAX_BARS = 60  # more bars than this cannot be read; a chart says how many it leaves out


def left_out_note(shown: int, total: int) -> list[str]:
    if total <= shown:
        return []
    return [_("Showing the %(shown)s largest of %(total)s matching figures; the table and CSV hold the same %(shown)s, "
              "the figure explorer all of them.", shown=shown, total=total)]


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
    """The value on the bar, led by its qualifier mark: ">" over, "≈" about, "<" nearly."""
    f = view.figure
    mark = QUALIFIER_SYMBOLS[f.qualifier]
    return f"{mark} {amount(f.value, f.unit)}".strip()


def hover_text(view: FigureView) -> str:
    f = view.figure
    lines = [
        f"<b>{name(f, 'label')}</b>",
        f"{_('As written:')} {(f.qualifier_text or '') + f.text}",
        f"{_('Scope:')} {view.scope_label}",
    ]
    if f.period:
        lines.append(f"{_('Period:')} {period_label(f.period)}")
    lines.append(f"{_('Source:')} {name(view.source, 'outlet')}, {view.source.published}")
    return "<br>".join(lines)


def sources_of(views: list[FigureView]) -> list:
    seen = {}
    for v in views:
        seen.setdefault(v.source.slug, v.source)
    return sorted(seen.values(), key=lambda s: s.published)


def period_span(views: list[FigureView]) -> str:
    """The periods the plotted figures cover, for the subtitle."""
    periods = sorted({period_label(v.figure.period) for v in views if v.figure.period})
    return "、".join(periods) if periods else _("period not stated")


def log_range(values: list[float]) -> dict:
    """A log axis range with room after the longest bar for its label ("> ¥10 billion")."""
    positive = [v for v in values if v > 0]
    if not positive:
        return {}
    return {"range": [math.floor(math.log10(min(positive))) - 0.05, math.log10(max(positive)) + 0.75]}


def short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

