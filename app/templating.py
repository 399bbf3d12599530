"""The Jinja2 environment: gettext bound to the request's language, formatting filters, assets.

jinja2-fragments' ``Jinja2Blocks`` lets one template serve a full page or, for htmx, only its
``results`` block, so there is one source of markup for both.
"""

from __future__ import annotations

from urllib.parse import urlencode

from jinja2_fragments.fastapi import Jinja2Blocks

from app import formatting, i18n
from app.config import PROJECT_ROOT
from app.maps.geometry import china_map
from app.maps.locator import WIDTH_PX as LOCATOR_WIDTH_PX
from app.maps.locator import Canvas

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
env = templates.env
env.add_extension("jinja2.ext.i18n")
env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: i18n.translations(i18n.current_language.get()).gettext(message),
    ngettext=lambda s, p, n: i18n.translations(i18n.current_language.get()).ngettext(s, p, n),
    newstyle=True,
)
env.globals["current_language"] = i18n.current_language.get
env.globals["html_lang"] = lambda: i18n.HTML_LANG[i18n.current_language.get()]
env.globals["LANGUAGES"] = i18n.LANGUAGES
env.filters.update(formatting.jinja_filters())
env.globals.update(formatting.jinja_globals())


def url_with(request, **changes: object) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            params.extend((key, str(v)) for v in value)
        else:
            params.append((key, str(value)))
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


def filtered_url(request, path: str) -> str:
    """Another page with this page's filters (paging, sorting and language left out)."""
    skip = {"page", "size", "sort", "order", "lang"}
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in skip])
    return path + (f"?{query}" if query else "")


def with_params(url: str, params: dict[str, str]) -> str:
    """A URL with more query parameters."""
    return url + ("&" if "?" in url else "?") + urlencode(params)


def chart_image_url(request, chart_id: str, fmt: str = "svg", **size: int) -> str:
    """A chart's server-rendered image with this page's filters, in the page's language."""
    params = {"lang": i18n.current_language.get(), **{key: str(value) for key, value in size.items()}}
    return with_params(filtered_url(request, f"/charts/{chart_id}.{fmt}"), params)


def export_url(request, name: str, fmt: str) -> str:
    """The .csv/.json twin of a list page: same filters, complete rather than paged."""
    return filtered_url(request, f"/{name}.{fmt}")


def nav_items() -> list[tuple[str, str]]:
    from app.i18n import gettext as _

    return [
        ("/", _("Overview")),
        ("/figures", _("Figures")),
        ("/counties", _("Counties")),
        ("/villages", _("Villages")),
        ("/projects", _("Projects")),
        ("/organisations", _("Organisations")),
        ("/people", _("People")),
        ("/programmes", _("Programmes")),
        ("/provinces", _("Provinces")),
        ("/timeline", _("Timeline")),
        ("/charts", _("Charts")),
        ("/sources", _("Sources")),
        ("/about", _("About")),
    ]


def install_assets(manifest: dict) -> None:
    """Give templates `asset_url(name)`; the manifest is built once per process."""

    def asset_url(name: str) -> str:
        return manifest[name].url

    env.globals["asset_url"] = asset_url


env.globals["url_with"] = url_with
env.globals["export_url"] = export_url
env.globals["filtered_url"] = filtered_url
env.globals["chart_image_url"] = chart_image_url
env.globals["map_credit"] = lambda: china_map().credit[i18n.current_language.get()]
env.globals["locator_size"] = lambda: (Canvas(LOCATOR_WIDTH_PX).width, Canvas(LOCATOR_WIDTH_PX).height)
env.globals["nav_items"] = nav_items
