"""Chart 4: the Sichuan company's paired assistance: how much of each stated task is done.

The report states totals under assistance and the parts already lifted out of poverty (94 of the
119 poor villages, 28,247 of the 34,681 poor people).  Each such pair is a bar of the whole with
the part drawn over it; the share is ours, computed from the two stated numbers, and marked so.
Figures the report gives without a counterpart (138 townships, 175 villages, 8,078 households)
are listed under the chart, never set against a total the text does not give.
"""

from __future__ import annotations

from babel.numbers import format_percent
from sqlmodel import Session, col

from app.charts.base import PALETTE, Chart, Column, base_layout
from app.charts.common import (
    MAX_BARS,
    PHONE_COLUMNS,
    bar_text,
    hover_text,
    left_out_note,
    phone_rows,
    row_axis,
    rows_height,
    sources_of,
    value_axis,
    wrap,
)
from app.formatting import amount, figure_value, lang, name, number
from app.i18n import BABEL_LOCALE
from app.i18n import gettext as _
from app.models import Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.views import FigureView, figure_views

PANEL_UNITS = ("townships", "villages", "households", "people")
STATUS_KINDS = ("assistance-task", "lifted-out-of-poverty")
WHOLE_COLOUR, PART_COLOUR = "#c9dcea", PALETTE[2]
WIDE_COLUMNS = 44


def share_text(part: FigureView, whole: FigureView) -> str:
    share = part.figure.value / whole.figure.value
    return format_percent(share, "#,##0.0%", locale=BABEL_LOCALE[lang()])


def progress_text(part: FigureView, whole: FigureView) -> str:
    """ "94 of 119 villages" / "119个中的94个贫困村": the two stated numbers, as stated."""
    if lang() == "zh":
        return f"{whole.figure.text}中的{part.figure.text}"
    return _(
        "%(part)s of %(whole)s", part=number(part.figure.value), whole=amount(whole.figure.value, whole.figure.unit)
    )


def row_label(part: FigureView, whole: FigureView, columns: int) -> str:
    head = f"<b>{progress_text(part, whole)} · {share_text(part, whole)}*</b>"
    return f"{head}<br>{wrap(name(part.figure, 'label') + f' #{part.figure.id}/#{whole.figure.id}', columns)}"


def pairs_and_rest(session: Session, views: list[FigureView]) -> tuple[list[tuple[FigureView, FigureView]], list]:
    """(lifted out of poverty, of the total under assistance) pairs the text states, and the rest.
    Only those: another stated part, such as the poor villages among all assisted ones (其中贫困村),
    is not a share lifted out of poverty, which is what the bars say."""
    by_id = {v.figure.id: v for v in views}
    wholes = figure_queries.wholes_of(session, list(by_id))
    pairs = [
        (by_id[part], by_id[whole])
        for part, whole in sorted(wholes.items())
        if whole in by_id
        and by_id[part].figure.kind == "lifted-out-of-poverty"
        and by_id[whole].figure.kind == "assistance-task"
    ]
    paired = {v.figure.id for pair in pairs for v in pair}
    return pairs, [v for v in views if v.figure.id not in paired]


def rows(session: Session, filters: Filters) -> tuple[list, list, list, int]:
    """The Sichuan company's status figures (at most MAX_BARS, by id) as views, their stated
    (part, whole) pairs and the rest; with how many matched."""
    only_sichuan = Filters(province=("sichuan",), scope=("province",), source=filters.source)
    found, total = figure_queries.largest(
        session,
        only_sichuan,
        col(Figure.kind).in_(STATUS_KINDS),
        col(Figure.unit).in_(PANEL_UNITS),
        limit=MAX_BARS,
    )
    views = figure_views(session, sorted(found, key=lambda f: f.id))
    pairs, alone = pairs_and_rest(session, views)
    return views, pairs, alone, total


def _progress_bars(pairs: list) -> list[dict]:
    """Each stated total as a full bar, its part lifted out of poverty over it."""
    if not pairs:
        return []
    categories = [f"#{part.figure.id}" for part, _whole in pairs]
    whole = {
        "type": "bar",
        "orientation": "h",
        "name": _("Under assistance: the stated total (100%)"),
        "y": categories,
        "x": [100] * len(pairs),
        "marker": {"color": WHOLE_COLOUR},
        "hovertext": [hover_text(whole) for _part, whole in pairs],
        "hoverinfo": "text",
    }
    part = {
        "type": "bar",
        "orientation": "h",
        "name": _("Lifted out of poverty: share computed by us*"),
        "y": categories,
        "x": [round(100 * p.figure.value / w.figure.value, 2) for p, w in pairs],
        "text": [share_text(p, w) + "*" for p, w in pairs],
        "textposition": "inside",
        "insidetextanchor": "end",
        "textfont": {"color": "#ffffff", "size": 12},
        "marker": {"color": PART_COLOUR},
        "hovertext": [hover_text(part) for part, _whole in pairs],
        "hoverinfo": "text",
    }
    return [whole, part]


def figure(pairs: list) -> dict:
    categories = [f"#{part.figure.id}" for part, _whole in pairs]
    wide = [row_label(p, w, WIDE_COLUMNS) for p, w in pairs]
    phone = [row_label(p, w, PHONE_COLUMNS) for p, w in pairs]
    layout = base_layout(height=rows_height(wide, 80, 26, 1))
    layout["barmode"] = "overlay"
    layout["bargap"] = 0.45
    layout["xaxis"] = value_axis(
        range=[0, 100], tickmode="array", tickvals=[0, 25, 50, 75, 100], ticktext=["0%", "25%", "50%", "75%", "100%"]
    )
    layout["yaxis"] = row_axis(categories, wide, font_px=12)
    layout["legend"] = {"orientation": "h", "x": 0, "traceorder": "normal"}
    layout["meta"] = {"compact": phone_rows(categories, phone, 90, bars=True)}
    return {"data": _progress_bars(pairs), "layout": layout}


def _notes(pairs: list, alone: list) -> list[str]:
    notes = []
    if pairs:
        notes.append(
            _(
                "* Share computed by China Telecom Rural Data from the two numbers the report states; "
                "the report itself gives no percentage."
            )
        )
    if alone:
        notes.append(
            _(
                "Also stated, with no total or part to set them against: %(list)s.",
                list=_("; ").join(f"{name(v.figure, 'label')} {figure_value(v.figure)}" for v in alone),
            )
        )
    return notes


def build(session: Session, filters: Filters) -> Chart:
    views, pairs, alone, total = rows(session, filters)
    return Chart(
        id="sichuan-assistance",
        subtitle=_(
            "The Sichuan company’s paired-assistance tasks and the part already lifted out of poverty "
            "(“目前”, as of the February 2020 report)."
        ),
        units=_(
            "Each bar is one stated total; the darker part, what the report says is already lifted out of poverty."
        ),
        figure=figure(pairs),
        columns=[
            Column("label", _("What")),
            Column("as_written", _("As written")),
            Column("of_total", _("Of the stated total")),
            Column("share", _("Share (computed)"), True),
            Column("ids", _("Figures")),
            Column("source", _("Source")),
        ],
        rows=[pair_row(p, w) for p, w in pairs] + [pair_row(v, None) for v in alone],
        sources=sources_of(views),
        alt_text=_(
            "Progress bars of the Sichuan company’s assistance: %(list)s.",
            list=_("; ").join(
                _(
                    "%(label)s: %(progress)s (%(share)s)",
                    label=name(p.figure, "label"),
                    progress=progress_text(p, w),
                    share=share_text(p, w),
                )
                for p, w in pairs
            ),
        )
        if pairs
        else _("No pair of a stated total and its part matches these filters."),
        notes=[*_notes(pairs, alone), *left_out_note(len(views), total)],
    )


def pair_row(part: FigureView, whole: FigureView | None) -> dict:
    """One plotted bar (a part and its whole), or one figure stated alone, for the table and CSV."""
    return {
        "label": name(part.figure, "label"),
        "as_written": bar_text(part),
        "value": part.figure.value,
        "unit": part.figure.unit,
        "qualifier": part.figure.qualifier,
        "of_total": bar_text(whole) if whole else "",
        "total_value": whole.figure.value if whole else None,
        "share": share_text(part, whole) if whole else "",
        "share_computed": round(part.figure.value / whole.figure.value, 6) if whole else None,
        "ids": f"#{part.figure.id}" + (f" / #{whole.figure.id}" if whole else ""),
        "figure_id": part.figure.id,
        "total_figure_id": whole.figure.id if whole else None,
        "source": part.source.slug,
        "excerpt": part.figure.excerpt,
    }
