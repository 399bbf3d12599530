"""Hostile input: script payloads are escaped wherever they are reflected, SQL payloads are only
ever data, every parameter is bounded, and nothing answers 5xx or shows a stack trace."""

from __future__ import annotations

import pytest

from tests.pages import LIST_PAGES, PARAMETERS

HTML_PAGES = [*LIST_PAGES, "/charts", "/charts/investment-by-place", "/embed/timeline"]
SCRIPT_PAYLOADS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
]
SQL_PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE figure; --",
    "%' UNION SELECT sqlite_version() --",
    "yanyuan' --",
    "\\",
    "%_%",
    "1 OR 1=1",
]
# What would make a payload live: a tag opened by it. Escaped, "<" is "&lt;" and nothing opens.
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg/onload")


def assert_clean(response, payload: str) -> None:
    assert response.status_code < 500, (response.status_code, response.url)
    if response.headers.get("content-type", "").startswith("text/html"):
        for marker in RAW_MARKERS:
            assert marker not in response.text, (marker, response.url)
        if any(ch in payload for ch in '<>"'):
            assert payload not in response.text, response.url


@pytest.mark.parametrize("path", HTML_PAGES)
@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_script_payloads_in_every_parameter_are_escaped(client, path: str, payload: str) -> None:
    for name in (*PARAMETERS, "unknown"):
        assert_clean(client.get(path, params={name: payload, "lang": "en" if name != "lang" else payload}), payload)


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_script_payloads_in_paths_are_escaped(client, payload: str) -> None:
    for prefix in (
        "/counties/",
        "/villages/",
        "/projects/",
        "/people/",
        "/charts/",
        "/embed/",
        "/sources/",
        "/figures/",
    ):
        assert_clean(client.get(prefix + payload), payload)


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
def test_sql_payloads_are_only_data(client, database, payload: str) -> None:
    before = database.execute("SELECT count(*) FROM figure").fetchone()[0]
    for path in ("/figures", "/figures.json", "/counties.csv", "/api/figures", "/charts/timeline.json"):
        for name in ("q", "province", "sort", "year", "county"):
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 400), (path, name, response.status_code)
    search = client.get("/figures.json", params={"q": payload}).json()
    assert search["total"] == 0 or all(
        payload.lower() in (f["label_zh"] + f["label_en"] + f["text"] + f["excerpt"]).lower() for f in search["items"]
    )
    assert database.execute("SELECT count(*) FROM figure").fetchone()[0] == before


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("province=atlantis", "Unknown province"),
        ("size=501", "between 1 and 500"),
        ("page=100001", "between"),
        ("q=" + "长" * 101, "too long"),
        ("province=" + ",".join(["sichuan"] * 21), "Too many values"),
        ("year=20x9", "whole number"),
        ("county=nowhere", "/counties"),
    ],
)
def test_bounds_are_explained(client, query: str, words: str) -> None:
    html = client.get(f"/figures?{query}&lang=en")
    assert html.status_code == 400 and words in html.text
    api = client.get(f"/api/figures?{query}")
    assert api.status_code == 400 and query.split("=")[0] in api.json()["error"]["message"]


def test_messages_come_in_the_readers_language(client) -> None:
    zh = client.get("/figures?province=atlantis&lang=zh")
    assert zh.status_code == 400 and "Unknown province" not in zh.text and "atlantis" in zh.text
    assert "province" in zh.text  # the parameter's own name stays as it is in the URL


@pytest.mark.parametrize(
    "path",
    [
        "/figures.xml",
        "/figures.pdf",
        "/counties.txt",
        "/charts/timeline.gif",
        "/api/nothing",
        "/api/counties/Yanyuan%20County",
        "/wp-admin",
        "/.env",
        "/../etc",
    ],
)
def test_unknown_formats_and_paths_are_4xx(client, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "path", ["/", "/figures.csv", "/api/figures", "/embed/timeline", "/nowhere", "/healthz", "/assets/x/y.js"]
)
def test_every_response_carries_the_security_headers(client, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"
    assert "unsafe-eval" not in policy and "default-src 'self'" in policy and "frame-ancestors" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] and headers["permissions-policy"]
    assert "server" not in headers or "uvicorn" not in headers["server"].lower()
