"""The URL builder (app/urls.py): every address it writes is served, and templates spell none
of their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import urls
from app.charts import CHARTS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize("kind", list(urls.ENTITY_PATHS))
def test_every_list_address_is_served(client, kind: str) -> None:
    for address in (urls.list_url(kind), urls.list_url(kind, "csv"), urls.list_url(kind, "json"), urls.api_url(kind)):
        assert client.get(address).status_code == 200, address


def test_filters_and_entities_are_written_as_the_app_reads_them(client) -> None:
    assert urls.list_url("figure", "csv", county="muli") == "/figures.csv?county=muli"
    assert client.get(urls.list_url("figure", county="muli", lang="en")).status_code == 200
    assert client.get(urls.api_url("figure", 9)).json()["id"] == 9
    assert client.get(urls.api_url("figure", county="muli")).json()["total"] > 0
    assert client.get(urls.entity_url("county", "muli")).status_code == 200
    assert client.get(urls.map_url("county", "muli")).headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("name", list(urls.PAGE_PATHS))
def test_every_page_address_is_served(client, name: str) -> None:
    assert client.get(urls.page_url(name)).status_code == 200


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_every_chart_address_is_served(client, chart_id: str) -> None:
    assert client.get(urls.chart_url(chart_id)).status_code == 200
    assert client.get(urls.embed_url(chart_id)).status_code == 200


def test_templates_spell_no_address_of_their_own() -> None:
    """Addresses come from the URL builder, so a path changes in one place."""
    # href="/…", and any quoted string that starts with a slash ("/figures", "/" ~ …)
    literal = re.compile(r"""(?:href|src|action|data-[a-z-]+)="/|["']/[a-z"']""")
    found = [
        f"{path.name}:{number}: {line.strip()[:80]}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


def served_paths(routes):
    """Every route's path, through the routers FastAPI includes (each keeps its own routes)."""
    for route in routes:
        if hasattr(route, "path"):
            yield route.path
        else:
            yield from served_paths(route.original_router.routes)


def test_every_route_the_app_serves_is_in_the_route_table(app) -> None:
    """One file to read every address: the app's routes are the table's entries (a list's
    downloads, one route per format, are its "-export" entry filled in)."""
    table = set(urls.ROUTES.values())
    exports = {
        urls.ROUTES[f"{kind}-export"].format(fmt=fmt) for kind in urls.ENTITY_PATHS for fmt in ("csv", "json", "xlsx")
    }
    served = set(served_paths(app.routes))
    assert served - table - exports == set()
    assert {route for route in table if "{fmt}" not in route} - served == set()  # and nothing else
    assert urls.ROUTES["county"] in served and urls.ROUTES["api-figure"] in served


def test_the_code_spells_no_address_outside_the_route_table() -> None:
    """A path literal ("/figures", "/api/…") anywhere in app/ but app/urls.py is an address that
    would not change with the table."""
    app_dir = Path(__file__).resolve().parent.parent / "app"
    literal = re.compile(r"""["']/[a-z{]""")
    found = [
        f"{path.relative_to(app_dir)}:{number}: {line.strip()[:80]}"
        for path in sorted(app_dir.rglob("*.py"))
        if path.name != "urls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []
