"""What every chart is made of, whatever it plots.

A chart builder turns filtered rows into a :class:`Chart`: the Plotly figure (data and layout,
drawn in the browser), the rows it plots (served as CSV/JSON and shown as an accessible table),
and the words around it (title, subtitle with scope and period, units, source line).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from app import licence
from app.formatting import labelled, name, sentences
from app.i18n import gettext as _
from app.models import Source
from app.queries.filters import Filters
from app.queries.names import names

# After Okabe–Ito, darkened where a colour was too pale for a white plot.
# Each colour ≥ 3:1 against the white plot (WCAG 1.4.11) and the first six told apart under
# deuteranopia and protanopia too (tests/charts/test_colours.py); a chart of more categories
# names each in text as well (money-by-kind labels every bar).
PALETTE = ("#0072B2", "#A86800", "#049F85", "#A22F39", "#4824F9", "#3375FA", "#6F6A00", "#000000")
FONT = 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass
class Chart:
    id: str
    subtitle: str
    units: str
    figure: dict  # Plotly {"data": [...], "layout": {...}}
    columns: list[Column]
    rows: list[dict]  # exactly the plotted data, one dict per point
    sources: list[Source]
    alt_text: str  # a text alternative: what the chart shows, in a sentence or two
    notes: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # e.g. where a map's boundaries come from
    title: str = ""  # the registry's (app/charts/__init__.py), set by ChartDef.built

    @functools.cached_property
    def spec(self) -> str:
        """The Plotly spec for a <script type="application/json"> block ("</" escaped, so no text
        in the data can close the element), written once per chart: a built chart serves its page
        and embeds (ChartDef.built), and a map's spec is hundreds of kilobytes.  A copy with
        another figure (dataclasses.replace) writes its own."""
        return json.dumps(self.figure, ensure_ascii=False).replace("</", "<\\/")


def source_line(chart: Chart) -> str:
    """The line every copy of a chart carries, on the page, in an embed and inside its images:
    the reports it plots, any other credit (a map's boundaries), this site's name and the licence."""
    parts = [
        labelled(_("Source:")) + _("; ").join(name(s, "title") for s in chart.sources),
        *chart.credits,
        _("China Telecom Rural Data"),
        licence.NAME.replace(" ", "\u00a0"),  # never broken across two lines
    ]
    return " · ".join(parts)


@dataclass(frozen=True)
class ChartDef:
    id: str
    title: Callable[[], str]
    description: Callable[[], str]
    filters: tuple[str, ...]  # which URL filters change what it plots
    build: Callable[[Session, Filters], Chart]

    def built(self, session: Session, filters: Filters) -> Chart:
        """The chart for these filters in the page's language, its subtitle saying what the
        filters chose."""
        chart = replace(self.build(session, filters), title=self.title())
        if chosen := selection(session, filters):
            chart = replace(chart, subtitle=sentences([chart.subtitle, chosen]))
        return chart


def selection(session: Session, filters: Filters) -> str:
    """What a filtered chart shows, said in its subtitle so that no copy of it (an image pasted
    into a report, an embed) passes for the whole: "Only: Sichuan Province; 2019." """
    lookup = names(session)
    parts = [name(lookup.provinces[slug]) for slug in filters.province]
    parts += [name(lookup.programmes[slug]) for slug in filters.programme]
    parts += [name(lookup.counties[slug]) for slug in filters.county if slug in lookup.counties]
    if filters.group:
        parts.append(_("the “4+2” counties"))
    if filters.year:
        parts.append(_("the year %(year)s", year=filters.year))
    parts += [_("the %(year)s report", year=lookup.sources[slug].published[:4]) for slug in filters.source]
    return _("Only: %(parts)s.", parts=_("; ").join(parts)) if parts else ""


def base_layout(height: int = 460) -> dict:
    """Layout every chart starts from: system fonts, room for long labels, no Plotly branding."""
    return {
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 20, "b": 50},
        "font": {"family": FONT, "size": 13, "color": "#1d2530"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": list(PALETTE),
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "y": -0.15},
    }
