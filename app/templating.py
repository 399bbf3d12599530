"""The Jinja2 environment: gettext bound to the request's language, formatting filters, assets.

jinja2-fragments' ``Jinja2Blocks`` lets one template serve a full page or, for htmx, only its
``results`` block, so there is one source of markup for both.
"""

from __future__ import annotations

from jinja2_fragments.fastapi import Jinja2Blocks

from app import formatting, i18n
from app.config import PROJECT_ROOT
from app.i18n import gettext as _
from app.maps.geometry import china_map
from app.maps.locator import WIDTH_PX as LOCATOR_WIDTH_PX
from app.maps.locator import Canvas
from app.urls import chart_image_url, entity_url, export_url, filtered_url, url_with

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
env.filters.update(formatting.jinja_filters())
env.globals.update(formatting.jinja_globals())


def nav_items() -> list[tuple[str, str]]:
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
env.globals["entity_url"] = entity_url
env.globals["export_url"] = export_url
env.globals["filtered_url"] = filtered_url
env.globals["chart_image_url"] = chart_image_url
env.globals["map_credit"] = lambda: china_map().credit[i18n.current_language.get()]
_locator = Canvas(LOCATOR_WIDTH_PX)
env.globals["locator_size"] = lambda: (_locator.width, _locator.height)
env.globals["nav_items"] = nav_items
