"""HTTP caching, compression and methods: strong ETags and 304s, gzip, HEAD, 405."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def cached_app(settings):
    """The app with its response cache on (the other tests run with it off: tests/conftest.py)."""
    from app.main import create_app

    application = create_app(settings.model_copy(update={"response_cache_mb": 32}))
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="module")
def cached(cached_app):
    from fastapi.testclient import TestClient

    with TestClient(cached_app) as test_client:
        yield test_client


PATHS = [
    "/",
    "/figures?province=sichuan",
    "/figures.csv",
    "/counties.json",
    "/api/figures?size=3",
    "/charts/timeline",
    "/charts/timeline.json",
    "/embed/timeline",
]


@pytest.mark.parametrize("path", PATHS)
def test_repeat_requests_get_304_with_the_etag(client, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "max-age" in first.headers["cache-control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_etag_follows_the_bytes(client) -> None:
    zh = client.get("/figures", params={"lang": "zh"}).headers["etag"]
    en = client.get("/figures", params={"lang": "en"}).headers["etag"]
    assert zh != en
    assert client.get("/figures", params={"lang": "zh"}).headers["etag"] == zh


def test_text_is_gzipped_and_each_encoding_has_its_own_etag(client) -> None:
    zipped = client.get("/figures", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/figures", headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.headers["etag"] != plain.headers["etag"]  # two representations, two strong ETags
    again = client.get("/figures", headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]})
    assert again.status_code == 304
    assert "Accept-Encoding" in zipped.headers["vary"]
    assert zipped.text == plain.text  # httpx decodes the gzip: the same page either way


def test_pages_vary_on_what_chooses_their_content(client) -> None:
    vary = [v.strip() for v in client.get("/figures").headers["vary"].split(",")]
    assert {"HX-Request", "Accept-Language", "Cookie"} <= set(vary)  # no ?lang=: the headers choose


def test_static_assets_are_immutable_and_health_is_never_cached(client, app) -> None:
    asset = client.get(app.state.assets["css/site.css"].url)
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/healthz").headers["cache-control"] == "no-store"
    assert client.get("/counties/atlantis").headers["cache-control"] == "no-store"


def test_head_is_answered_like_get_without_a_body(client) -> None:
    get = client.get("/figures.csv", headers={"Accept-Encoding": "identity"})
    head = client.head("/figures.csv", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_refused(client, method: str) -> None:
    response = client.request(method, "/figures")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert "content-security-policy" in response.headers


def test_the_response_cache_keys_on_language_and_htmx(cached_app) -> None:
    from fastapi.testclient import TestClient

    with TestClient(cached_app) as fresh:

        def get(cookie: str | None = None, **headers: str):
            fresh.cookies.clear()
            if cookie:
                fresh.cookies.set("lang", cookie)
            return fresh.get("/counties", headers={k.replace("_", "-"): v for k, v in headers.items()})

        zh, en = get("zh"), get("en")
        assert '<html lang="zh-CN">' in zh.text and '<html lang="en">' in en.text
        assert '<html lang="en">' in get(Accept_Language="en").text
        assert "<html" not in get(HX_Request="true", HX_Target="results").text
        again = get("zh")
        assert again.content == zh.content and again.headers["etag"] == zh.headers["etag"]


def test_assets_are_served_gzipped_when_asked(client, app) -> None:
    plotly = app.state.assets["plotly-basic.min.js"]
    zipped = client.get(plotly.url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < plotly.path.stat().st_size / 2
    assert zipped.content == plotly.path.read_bytes()  # httpx decodes it back to the same file


def test_each_answer_says_whether_the_cache_served_it() -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from app.http import CachingMiddleware

    async def page(scope, receive, send) -> None:
        status = 404 if scope["path"] == "/missing" else 200
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<p>hello</p>"})

    async def get(middleware: CachingMiddleware, path: str) -> tuple[int, str]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
        await middleware(scope, None, send)
        return sent[0]["status"], dict(sent[0]["headers"]).get(b"x-cache", b"").decode()

    async def main() -> list[tuple[int, str]]:
        cached, uncached = CachingMiddleware(page), CachingMiddleware(page, cache_bytes=0)
        return [
            await get(cached, "/x"),
            await get(cached, "/x"),
            await get(cached, "/missing"),
            await get(cached, "/missing"),
            await get(uncached, "/x"),
            await get(uncached, "/x"),
            await get(cached, "/healthz"),
        ]

    with ThreadPoolExecutor(1) as pool:
        answers = pool.submit(asyncio.run, main()).result()
    assert answers == [
        (200, "miss"),
        (200, "hit"),
        (404, "miss"),
        (404, "miss"),
        (200, "miss"),
        (200, "miss"),
        (200, ""),
    ]


def test_a_revalidated_page_is_a_cache_hit(cached) -> None:
    first = cached.get("/figures?size=7&page=2")
    again = cached.get("/figures?size=7&page=2", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["x-cache"] == "hit"
    assert cached.get("/figures?size=7&page=2").headers["x-cache"] == "hit"


def test_the_cache_keys_on_the_language_chosen_not_the_headers_spelling(cached_app) -> None:
    from fastapi.testclient import TestClient

    with TestClient(cached_app) as fresh:
        first = fresh.get("/provinces", headers={"Accept-Language": "en-GB,en;q=0.9"})
        other_spelling = fresh.get("/provinces", headers={"Accept-Language": "en"})
        assert '<html lang="en">' in first.text and other_spelling.headers["x-cache"] == "hit"
        fresh.cookies.set("lang", "en")
        assert fresh.get("/provinces").headers["x-cache"] == "hit"  # the same language, from the cookie


def test_an_answer_that_sets_a_cookie_is_private_and_never_cached_publicly(cached_app) -> None:
    from fastapi.testclient import TestClient

    with TestClient(cached_app) as fresh:
        switching = fresh.get("/sources", params={"lang": "en"})
        assert "lang=en" in switching.headers["set-cookie"]
        assert switching.headers["cache-control"] == "private, no-store"
        settled = fresh.get("/sources", params={"lang": "en"})  # the cookie now says en: nothing to set
        assert "set-cookie" not in settled.headers and settled.headers["cache-control"].startswith("public")
        fresh.cookies.clear()
        again = fresh.get("/sources", params={"lang": "en"})  # a reader without the cookie: served from the
        assert again.headers["x-cache"] == "hit" and "set-cookie" in again.headers  # cache, cookie added privately
        for path in ("/embed/timeline?lang=en", "/api/figures?lang=en", "/figures.json?lang=en"):
            fresh.cookies.clear()
            assert "set-cookie" not in fresh.get(path).headers, path


def test_vary_names_only_what_the_answer_depends_on(client) -> None:
    chosen_by_url = {v.strip() for v in client.get("/figures?lang=zh").headers["vary"].split(",")}
    assert "Accept-Language" not in chosen_by_url and "Cookie" not in chosen_by_url
    assert {"HX-Request", "Accept-Encoding"} <= chosen_by_url
    chosen_by_headers = {v.strip() for v in client.get("/figures").headers["vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= chosen_by_headers


def test_a_streamed_answer_passes_through_compressed_and_uncached() -> None:
    import asyncio
    import gzip
    from concurrent.futures import ThreadPoolExecutor

    from starlette.middleware.gzip import GZipMiddleware

    from app.http import CachingMiddleware

    async def streaming_app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/csv")]})
        for part in range(3):
            await send({"type": "http.response.body", "body": f"row {part}\n".encode() * 200, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    middleware = CachingMiddleware(GZipMiddleware(streaming_app))

    async def one() -> tuple[dict, bytes]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "method": "GET",
            "path": "/big.csv",
            "query_string": b"",
            "headers": [(b"accept-encoding", b"gzip")],
        }
        await middleware(scope, None, send)
        return sent[0], b"".join(m.get("body", b"") for m in sent[1:])

    with ThreadPoolExecutor(1) as pool:
        start, body = pool.submit(asyncio.run, one()).result()
    headers = dict(start["headers"])
    assert headers[b"content-encoding"] == b"gzip" and b"etag" not in headers
    assert gzip.decompress(body).decode().count("row ") == 600
    assert headers[b"cache-control"] == b"no-store"  # it may have ended early: no cache keeps it
    assert len(middleware.cache.entries) == 0


def test_the_cache_keys_on_the_host_the_reader_asked(cached) -> None:
    """A chart page writes absolute links (embed snippet, citation) from the Host header, one of
    ALLOWED_HOSTS: an answer rendered for one host is never served to another."""
    first = cached.get("/charts/money-by-kind", headers={"Host": "localhost"})
    other = cached.get("/charts/money-by-kind", headers={"Host": "127.0.0.1"})
    assert first.status_code == other.status_code == 200
    assert other.headers["x-cache"] == "miss"
    assert "http://127.0.0.1/" in other.text and "http://127.0.0.1/" not in first.text
    again = cached.get("/charts/money-by-kind", headers={"Host": "localhost"})
    assert again.headers["x-cache"] == "hit" and "http://127.0.0.1/" not in again.text


def test_the_response_cache_stays_bounded_and_exact_under_many_threads() -> None:
    """Sixteen threads putting and reading at once (sync routes' threads, the event loop): every
    answer read is the one put under its key, and the bytes kept never pass the bound."""
    from concurrent.futures import ThreadPoolExecutor

    from app.http import Answer, ResponseCache

    cache = ResponseCache(max_bytes=64 * 1024)
    wrong: list[tuple] = []

    def work(worker: int) -> None:
        for i in range(500):
            key = ("host", f"/page/{(worker * 7 + i) % 97}")
            body = key[1].encode() * 50
            cache.put(key, Answer(headers=[], body=body, etag=key[1]))
            found = cache.get(key)
            if found is not None and found.body != body:
                wrong.append(key)
            assert cache.entries.currsize <= cache.max_bytes

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(work, range(16)))
    assert wrong == [] and 0 < cache.entries.currsize <= cache.max_bytes
