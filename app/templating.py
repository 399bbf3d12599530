"""The Jinja2 environment: gettext bound to the request's language, formatting filters, assets.

jinja2-fragments' ``Jinja2Blocks`` lets one template serve a full page or, for htmx, only its
``results`` block, so there is one source of markup for both.
"""

from __future__ import annotations

from jinja2_fragments.fastapi import Jinja2Blocks

from app import formatting, i18n, images
from app.citations import attribution
from app.config import PROJECT_ROOT
from app.i18n import gettext as _
from app.maps.geometry import china_map
from app.maps.locator import WIDTH_PX as LOCATOR_WIDTH_PX
from app.maps.locator import Canvas
from app.urls import (
    api_url,
    chart_data_url,
    chart_image_url,
    chart_url,
    entity_url,
    export_url,
    filtered_url,
    list_url,
    map_url,
    page_url,
    search_url,
    source_text_url,
    url_with,
)

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
env = templates.env
# Templates change only with a new release (and no server here reloads itself): no check of every
# template file's time on every render.
env.auto_reload = False
env.add_extension("jinja2.ext.i18n")
env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: i18n.translations(i18n.current_language.get()).gettext(message),
    ngettext=lambda s, p, n: i18n.translations(i18n.current_language.get()).ngettext(s, p, n),
    newstyle=True,
)
env.globals["current_language"] = i18n.current_language.get
env.globals["html_lang"] = lambda: i18n.HTML_LANG[i18n.current_language.get()]
env.globals["LANGUAGES"] = i18n.LANGUAGES
env.globals["thumbnail_width"] = images.THUMBNAIL_WIDTH_PX
env.globals["phone_thumbnail_width"] = images.PHONE_THUMBNAIL_WIDTH_PX
env.filters.update(formatting.jinja_filters())
env.globals.update(formatting.jinja_globals())


def nav_items() -> list[tuple[str, str]]:
    return [
        (page_url("overview"), _("Overview")),
        (list_url("figure"), _("Figures")),
        (list_url("county"), _("Counties")),
        (list_url("village"), _("Villages")),
        (list_url("project"), _("Projects")),
        (list_url("organisation"), _("Organisations")),
        (list_url("person"), _("People")),
        (list_url("programme"), _("Programmes")),
        (list_url("province"), _("Provinces")),
        (list_url("milestone"), _("Timeline")),
        (page_url("charts"), _("Charts")),
        (list_url("source"), _("Sources")),
        (page_url("about"), _("About")),
    ]


def is_current(request, href: str) -> bool:
    """Whether a navigation link leads to this page or the section it is in."""
    path = request.url.path
    return path == href or (href != page_url("overview") and path.startswith(href + "/"))


def install_assets(manifest: dict) -> None:
    """Give templates `asset_url(name)`; the manifest is built once per process."""

    def asset_url(name: str) -> str:
        return manifest[name].url

    env.globals["asset_url"] = asset_url


_locator = Canvas(LOCATOR_WIDTH_PX)
env.globals.update(
    # The URL builder (app/urls.py): templates spell no address of their own.
    url_with=url_with,
    page_url=page_url,
    chart_data_url=chart_data_url,
    search_url=search_url,
    list_url=list_url,
    api_url=api_url,
    chart_url=chart_url,
    map_url=map_url,
    source_text_url=source_text_url,
    entity_url=entity_url,
    export_url=export_url,
    filtered_url=filtered_url,
    chart_image_url=chart_image_url,
    map_credit=lambda: china_map().credit[i18n.current_language.get()],
    locator_size=lambda: (_locator.width, _locator.height),
    nav_items=nav_items,
    is_current=is_current,
    attribution=attribution,
)
