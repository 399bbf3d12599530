"""A chart laid out as a picture for a report: everything a reader needs is inside the image.

On the page, the title, subtitle, notes and source line are HTML around the plot.  An image has
to carry them itself, so this module lays the figure out on the whole canvas: margins are zero
top and bottom, the plot's axes take a band in the middle (their ``domain``), and the words sit
above and below it as annotations in paper coordinates, which are then exact pixels.  Nothing
can be pushed out of the picture by Plotly's automatic margins, which only ever widen the left
side for long row labels.

    title (bold) / subtitle
    legend
    the plot, with its axis
    units, notes, source line · map credit · site name
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

from app import images
from app.charts.base import Chart, source_line
from app.charts.basemap import with_basemap
from app.charts.common import wrap
from app.charts.labels import text_size_px

PAD_PX = 24
TITLE_PX, SUBTITLE_PX, NOTE_PX, SOURCE_PX = images.TITLE_PX, 13, 12, 11
LINE = 1.4  # line height, in font sizes
AXIS_PX = 44  # an x axis's tick labels
AXIS_TITLE_PX = 30
LEGEND_ROW_PX = 24
TEXT = "#1d2530"
MUTED = "#5b6673"
DEFAULT_PLOT_PX = 460
LEGEND_SYMBOL_PX = 44  # a legend entry's symbol and the gaps around it
AUTO_TICK_PX = 70  # room for one automatic tick label ("2020", "1 million")
TICK_GAP_PX = 10


def text_lines(text: str, font_px: int, width_px: float) -> list[str]:
    """The text wrapped to the image's width (a Chinese character ≈ 1 em, a Latin letter ≈ ½ em,
    a little generous so that no line runs past the edge)."""
    columns = max(20, int(width_px / (font_px * 0.56)))
    return wrap(text, columns).split("<br>") if text else []


def _block(lines: list[str], font_px: int) -> float:
    return len(lines) * font_px * LINE


def legend_entries(figure: dict) -> list[str]:
    """The names a legend will show."""
    if figure["layout"].get("showlegend") is False:
        return []
    return [t["name"] for t in figure["data"] if t.get("name") and t.get("showlegend", True) is not False]


def legend_height(figure: dict, names: list[str], width_px: float) -> float:
    """How tall a horizontal legend of these entries will be: rows of entries that fit the width
    or, when the entries are in titled groups, the groups side by side, each a column."""
    if not names:
        return 0
    groups: dict[str, int] = {}
    for trace in figure["data"]:
        if trace.get("name") in names and trace.get("legendgroup"):
            groups[trace["legendgroup"]] = groups.get(trace["legendgroup"], 0) + 1
    if any(t.get("legendgrouptitle") for t in figure["data"]):
        return (1 + max(groups.values())) * LEGEND_ROW_PX + 8
    # Plotly lays a horizontal legend that does not fit on one line out as a grid whose columns
    # are as wide as its widest entry.
    entries = [LEGEND_SYMBOL_PX + text_size_px(entry, 12)[0] for entry in names]
    if sum(entries) <= width_px:
        return LEGEND_ROW_PX + 8
    columns = max(1, int(width_px // max(entries)))
    return math.ceil(len(entries) / columns) * LEGEND_ROW_PX + 8


def fit_ticks(axis: dict, plot_px: float) -> None:
    """Tick labels that fit side by side across ``plot_px``, never rotated: of an axis's own list
    of ticks, each that leaves room after the last one kept; otherwise fewer automatic ticks."""
    axis["tickangle"] = 0
    if axis.get("tickmode") != "array" or "range" not in axis:
        axis["nticks"] = max(2, int(plot_px // AUTO_TICK_PX))
        return
    low, high = axis["range"]

    def position(value: float) -> float:
        at = math.log10(value) if axis.get("type") == "log" else value
        return (at - low) / (high - low) * plot_px

    kept: list[tuple[float, str]] = []
    right_edge = -math.inf
    for value, text in zip(axis["tickvals"], axis["ticktext"], strict=True):
        half = text_size_px(str(text), axis.get("tickfont", {}).get("size", 12))[0] / 2
        if position(value) - half >= right_edge + TICK_GAP_PX:
            kept.append((value, text))
            right_edge = position(value) + half
    axis["tickvals"], axis["ticktext"] = [v for v, _t in kept], [t for _v, t in kept]


def left_margin(layout: dict) -> float:
    """Room for the row labels of a y axis, estimated from the longest line of its tick text (the
    image fixes its margins: see the module's docstring)."""
    axis = layout.get("yaxis", {})
    if axis.get("visible", True) is False:
        return 0
    font = axis.get("tickfont", {}).get("size", 12)
    lines = [line for text in axis.get("ticktext", []) for line in str(text).split("<br>")]
    widest = max((text_size_px(line.replace("<b>", "").replace("</b>", ""), font)[0] for line in lines), default=48)
    return widest + 12


def annotation(text: str, x: float, y: float, font_px: int, colour: str, bold: bool = False) -> dict:
    return {
        "text": f"<b>{text}</b>" if bold else text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": font_px, "color": colour},
    }


@dataclass(frozen=True)
class Words:
    """The chart's words as lines at the image's width: title and subtitle above the plot, units,
    notes and the source line below it."""

    title: list[str]
    subtitle: list[str]
    notes: list[str]
    source: list[str]

    @classmethod
    def of(cls, chart: Chart, inner: float) -> Words:
        notes = [line for text in (chart.units, *chart.notes) for line in text_lines(text, NOTE_PX, inner)]
        return cls(
            text_lines(chart.title, TITLE_PX, inner),
            text_lines(chart.subtitle, SUBTITLE_PX, inner),
            notes,
            text_lines(source_line(chart), SOURCE_PX, inner),
        )

    @property
    def header(self) -> float:
        return PAD_PX + _block(self.title, TITLE_PX) + 4 + _block(self.subtitle, SUBTITLE_PX) + 8

    @property
    def footer(self) -> float:
        return 10 + _block(self.notes, NOTE_PX) + 4 + _block(self.source, SOURCE_PX) + PAD_PX * 0.6

    def annotations(self, edge: float, frac: Callable[[float], float]) -> list[dict]:
        """Each line where it goes, from the picture's left edge (``frac``: pixels from the bottom
        as a fraction of the picture)."""
        footer, below_title = self.footer, PAD_PX + _block(self.title, TITLE_PX) + 4
        below_notes = 10 + _block(self.notes, NOTE_PX) + 4
        placed = [
            (self.title, lambda i: 1 - frac(PAD_PX + i * TITLE_PX * LINE), TITLE_PX, TEXT, True),
            (self.subtitle, lambda i: 1 - frac(below_title + i * SUBTITLE_PX * LINE), SUBTITLE_PX, MUTED, False),
            (self.notes, lambda i: frac(footer - 10 - i * NOTE_PX * LINE), NOTE_PX, TEXT, False),
            (self.source, lambda i: frac(footer - below_notes - i * SOURCE_PX * LINE), SOURCE_PX, MUTED, False),
        ]
        return [
            annotation(line, edge, y(i), size, colour, bold=bold)
            for lines, y, size, colour, bold in placed
            for i, line in enumerate(lines)
        ]


def _plot_height(layout: dict, paper_width: float) -> float:
    plot = layout.get("height", DEFAULT_PLOT_PX) - 40
    if fit := (layout.get("meta") or {}).get("fit_height"):
        # A map keeps its shape: no taller than the width allows, so no empty band below it.
        plot = min(plot, paper_width * fit["aspect"])
    return plot


def _fix_axes(layout: dict, bottom: float, top: float, paper_width: float) -> None:
    """The plot between the words above and below it (fractions of the picture), its margins
    fixed rather than grown by Plotly, the x axis's ticks as many as its width holds."""
    for key in [k for k in layout if k.startswith("yaxis")]:
        layout[key]["domain"] = [bottom, max(bottom + 0.05, 1 - top)]
        layout[key]["automargin"] = False
    for key in [k for k in layout if k.startswith("xaxis")]:
        layout[key]["automargin"] = False
        if layout[key].get("visible", True):
            fit_ticks(layout[key], paper_width)


def report_figure(chart: Chart, width: int, height: int | None = None) -> dict:
    """The chart's figure with its words inside, ``width`` × ``height`` pixels (a height that
    suits the chart when not given)."""
    figure = with_basemap(copy.deepcopy(chart.figure))
    layout = figure["layout"]
    words = Words.of(chart, width - 2 * PAD_PX)
    names = legend_entries(figure)
    left = left_margin(layout)
    paper_width = width - PAD_PX - (PAD_PX + left)
    # Plotly wraps a legend at the plot's width, however far left it starts.
    legend = legend_height(figure, names, paper_width)
    x_axis = layout.get("xaxis", {})
    axis = (AXIS_PX + (AXIS_TITLE_PX if x_axis.get("title") else 0)) if x_axis.get("visible", True) else 0
    axis_on_top = x_axis.get("side") == "top"
    total = height or round(words.header + _plot_height(layout, paper_width) + axis + legend + words.footer)
    # The words start at the picture's left edge, left of the plot's row labels.
    edge = -left / paper_width

    def frac(px: float) -> float:
        return round(px / total, 5)

    bottom = words.footer + legend + (0 if axis_on_top else axis)
    top = words.header + (axis if axis_on_top else 0)
    _fix_axes(layout, frac(bottom), frac(top), paper_width)
    layout.update(
        {
            "width": width,
            "height": total,
            "autosize": False,
            "margin": {"l": PAD_PX + left, "r": PAD_PX, "t": 0, "b": 0, "pad": 0, "autoexpand": False},
        }
    )
    if names:
        layout["legend"] = {
            **layout.get("legend", {}),
            "orientation": "h",
            "x": edge,
            "xanchor": "left",
            "y": frac(words.footer + legend),
            "yanchor": "top",
            "yref": "paper",
        }
    plot_height = total * (1 - frac(bottom) - frac(top))
    layout["annotations"] = [*choose_labels(layout, paper_width, plot_height), *words.annotations(edge, frac)]
    layout.pop("meta", None)
    return figure


def choose_labels(layout: dict, plot_width: float, plot_height: float) -> list[dict]:
    """A map's place labels for the size it will be drawn at: full names if they were placed
    for a scale at least this coarse, the legend's numbers otherwise (as charts.js does)."""
    labels = (layout.get("meta") or {}).get("labels")
    if not labels:
        return layout.get("annotations", [])
    width_km, height_km = labels["extent_km"]
    km_per_px = max(width_km / plot_width, height_km / plot_height)
    if labels["full_km_per_px"] and km_per_px <= labels["full_km_per_px"]:
        return layout.get("annotations", [])
    return labels["compact_annotations"]
