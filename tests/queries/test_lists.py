"""Every list of the registry: each filter it takes narrows it, each filter it does not take is
refused with the ones it does, every sort works both ways, and pages do not overlap."""

from __future__ import annotations

import pytest

from app.entities import ENTITIES
from app.queries.filters import FILTER_NAMES

# One value of each filter that the curated data holds.
VALUES = {
    "province": "sichuan",
    "programme": "designated",
    "county": "yanyuan",
    "group": "4plus2",
    "year": "2019",
    "source": "tong-xing-2020-poverty-alleviation",
    "scope": "county",
    "qualifier": "over",
    "kind": "donation",
    "unit": "households",
    "q": "县",
}
SUPPORTED = [(name, f) for name, e in ENTITIES.items() for f in e.filter_names]
UNSUPPORTED = [(name, f) for name, e in ENTITIES.items() for f in FILTER_NAMES if f not in e.filter_names]
SORTS = [(name, s) for name, e in ENTITIES.items() for s in e.spec.sortable]


def total(client, name: str, **params) -> int:
    response = client.get(f"/{name}.json", params=params)
    assert response.status_code == 200, response.text
    return response.json()["total"]


@pytest.mark.parametrize(("name", "key"), SUPPORTED)
def test_a_filter_a_list_takes_narrows_it(client, name: str, key: str) -> None:
    everything = total(client, name)
    filtered = client.get(f"/{name}.json", params={key: VALUES[key]}).json()
    everything_ids = {row.get("slug") or row.get("id") for row in client.get(f"/{name}.json").json()["items"]}
    assert filtered["total"] <= everything
    assert {row.get("slug") or row.get("id") for row in filtered["items"]} <= everything_ids


@pytest.mark.parametrize(("name", "key"), UNSUPPORTED)
def test_a_filter_a_list_does_not_take_is_refused_everywhere(client, name: str, key: str) -> None:
    supported = ENTITIES[name].filter_names
    for path in (f"/{name}", f"/{name}.json", f"/{name}.csv", f"/api/{name}"):
        response = client.get(path, params={key: VALUES[key], "lang": "en"})
        assert response.status_code == 400, (path, response.status_code)
        text = response.text
        assert f"cannot be filtered by {key}" in text and all(f in text for f in supported), (path, text[:300])


def test_the_issue_example_is_refused(client) -> None:
    response = client.get("/counties.json?qualifier=over&scope=village&year=2019&lang=en")
    assert response.status_code == 400
    assert "cannot be filtered by year, scope, qualifier" in response.json()["error"]["message"]
    assert "Qualifier: over" not in client.get("/counties?qualifier=over&lang=en").text


@pytest.mark.parametrize(("name", "sort"), SORTS)
def test_every_sort_works_both_ways(client, name: str, sort: str) -> None:
    ascending = client.get(f"/{name}.json", params={"sort": sort, "order": "asc"}).json()
    descending = client.get(f"/{name}.json", params={"sort": sort, "order": "desc"}).json()
    assert ascending["total"] == descending["total"] > 0


@pytest.mark.parametrize("name", list(ENTITIES))
def test_pages_split_the_list_without_overlap(client, name: str) -> None:
    first = client.get(f"/api/{name}", params={"size": 2, "page": 1}).json()
    if first["total"] <= 2:
        pytest.skip("one page")
    second = client.get(f"/api/{name}", params={"size": 2, "page": 2}).json()
    key = "slug" if "slug" in first["items"][0] else "id"
    assert not {r[key] for r in first["items"]} & {r[key] for r in second["items"]}
