"""Ready citations of what the dashboard shows (a chart, a figure), in GB/T 7714-2015, APA (7th
edition), BibTeX, RIS and CSL-JSON, and a figure's attribution sentence in news style.

Each names the dashboard, the address, the day it was read and the reports the data comes from:
the reports are the sources; the dashboard is where the reader found them."""

from __future__ import annotations

import datetime as dt
import json
import re

from babel.dates import format_date

from app import licence
from app.formatting import date_label, figure_value, name, sentences
from app.i18n import current_language, in_each_language
from app.i18n import gettext as _
from app.models import Source

BIBTEX_SPECIAL = str.maketrans({c: "\\" + c for c in "&%$#_{}"})


def _author(written: str | None) -> str:
    """The author's name alone: "Tong Xing (staff reporter)" → "Tong Xing", "佟醒（本报记者）" → "佟醒"."""
    return re.split(r"\s*[(（]", written or "")[0]


def _apa_author(source: Source) -> str:
    """ "Tong Xing (staff reporter)" → "Tong, X."; a Chinese name puts the family name first."""
    words = _author(source.author_en).split()
    if not words:
        return source.outlet_en
    family, given = words[0], words[1:]
    initials = " ".join(f"{g[0]}." for g in given)
    return f"{family}, {initials}" if initials else family


def _outlet_named(source: Source) -> bool:
    return not source.outlet_zh.startswith("本报")


def _gbt_source(source: Source) -> str:
    author = _author(source.author_zh)
    outlet = f"{source.outlet_zh}, " if _outlet_named(source) else ""
    return f"{author}. {source.title_zh}[N]. {outlet}{source.published}."


def _apa_source(source: Source) -> str:
    date = dt.date.fromisoformat(source.published)
    outlet = f" {source.outlet_en}." if _outlet_named(source) else ""
    day = format_date(date, "MMMM d", locale="en")
    return f"{_apa_author(source)} ({date.year}, {day}). {source.title_en}.{outlet}"


def citations(
    titles: dict[str, str], url: str, sources: list[Source], accessed: dt.date, key: str, version: str
) -> dict[str, str]:
    """``titles`` of what is cited, by language, at ``url``, read on ``accessed`` (APA, an English
    style, takes the English title whatever the page's language, the others the page's);
    ``key`` names the BibTeX entry and the CSL item ("ct-rural-figure-9"); ``version`` is the
    data's release (models.DatasetInfo), named with the licence in each."""
    language = current_language.get()
    sites = in_each_language(lambda: _("China Telecom Rural Data"))
    release = in_each_language(
        lambda: _("Data version %(version)s, %(licence)s.", version=version, licence=licence.NAME)
    )
    data_from = in_each_language(lambda: _("Data from: "))
    title = titles[language]
    data_from_gbt = " ".join(_gbt_source(s) for s in sources)
    data_from_apa = " ".join(_apa_source(s) for s in sources)
    site = sites[language]
    gbt = f"{site}. {title}[DS/OL]. [{accessed.isoformat()}]. {url}. "
    gbt += sentences([release[language], data_from[language] + data_from_gbt])
    long_date = format_date(accessed, "MMMM d, y", locale="en")
    apa = f"{sites['en']}. ({accessed.year}). {titles['en']} (Version {version}) [Data set]. "
    apa += f"Retrieved {long_date}, from {url}. {licence.NAME}. {data_from['en']}"
    note = f"{release['en']} {data_from['en']}" + data_from_apa
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  author = {{{{{site.translate(BIBTEX_SPECIAL)}}}}},",
            f"  title = {{{title.translate(BIBTEX_SPECIAL)}}},",
            f"  year = {{{accessed.year}}},",
            f"  howpublished = {{\\url{{{url}}}}},",
            f"  url = {{{url}}},",
            f"  urldate = {{{accessed.isoformat()}}},",
            f"  version = {{{version}}},",
            f"  note = {{{note.translate(BIBTEX_SPECIAL)}}},",
            "}",
        ]
    )
    ris = "\r\n".join(
        [
            "TY  - DATA",
            f"AU  - {site}",
            f"TI  - {title}",
            f"PY  - {accessed.year}",
            f"UR  - {url}",
            f"Y2  - {accessed.isoformat()}",
            f"ET  - {version}",
            f"N1  - {note}",
            "ER  - ",
        ]
    )
    csl = {
        "id": key,
        "type": "dataset",
        "title": title,
        "author": [{"literal": site}],
        "issued": {"date-parts": [[accessed.year]]},
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "URL": url,
        "version": version,
        "note": note,
    }
    return {
        "gbt7714": gbt.strip(),
        "apa": (apa + data_from_apa).strip(),
        "bibtex": bibtex,
        "ris": ris,
        "csl_json": json.dumps([csl], ensure_ascii=False, indent=2),
    }


def attribution(view) -> str:
    """A figure as a news report attributes it, in the reader's language, with the Chinese text
    it stands in: "据《人民邮电报》2023年1月13日报道，…" / "According to …, reported on …, …"."""
    figure, source = view.figure, view.source
    what = name(figure, "label")
    if current_language.get() == "en" and what[1:2].islower():
        what = what[0].lower() + what[1:]  # mid-sentence ("Smart cameras" → "smart cameras", not "ICT")
    words = {
        "date": date_label(source.published),
        "what": what,
        "value": figure_value(figure),
        "excerpt": figure.excerpt,
    }
    if _outlet_named(source):
        return _(
            "According to %(outlet)s, reported on %(date)s, %(what)s: %(value)s (the Chinese text: “%(excerpt)s”).",
            outlet=name(source, "outlet"),
            **words,
        )
    return _(
        "According to a report by %(author)s on %(date)s, %(what)s: %(value)s (the Chinese text: “%(excerpt)s”).",
        author=_author(name(source, "author")),
        **words,
    )
