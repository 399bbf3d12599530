"""Ready citations for a chart, in GB/T 7714-2015 and APA (7th edition) form."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from app.i18n import gettext as _
from app.models import Source


def _apa_author(source: Source) -> str:
    """ "Tong Xing (staff reporter)" → "Tong, X."; a Chinese name puts the family name first."""
    words = (source.author_en or "").split("(")[0].split()
    if not words:
        return source.outlet_en
    family, given = words[0], words[1:]
    initials = " ".join(f"{g[0]}." for g in given)
    return f"{family}, {initials}" if initials else family


def _gbt_source(source: Source) -> str:
    author = (source.author_zh or "").split("（")[0]
    outlet = "" if source.outlet_zh.startswith("本报") else f"{source.outlet_zh}, "
    return f"{author}. {source.title_zh}[N]. {outlet}{source.published}."


def _apa_source(source: Source) -> str:
    date = dt.date.fromisoformat(source.published)
    outlet = "" if "not named" in source.outlet_en else f" {source.outlet_en}."
    day = format_date(date, "MMMM d", locale="en")
    return f"{_apa_author(source)} ({date.year}, {day}). {source.title_en}.{outlet}"


def citations(title: str, url: str, sources: list[Source], accessed: dt.date) -> dict[str, str]:
    site = _("China Telecom Rural Data")
    gbt = (
        f"{site}. {title}[DS/OL]. [{accessed.isoformat()}]. {url}. "
        + _("Data from: ")
        + " ".join(_gbt_source(s) for s in sources)
    )
    apa = (
        f"{site}. ({accessed.year}). {title} [Data set]. Retrieved "
        f"{format_date(accessed, 'MMMM d, y', locale='en')}, from {url}. "
        + "Data from: "
        + " ".join(_apa_source(s) for s in sources)
    )
    return {"gbt7714": gbt.strip(), "apa": apa.strip()}
