"""HTTP plumbing: only GET and HEAD; strong ETags with 304s; Cache-Control; a response cache.

The data changes only with a new build, so a page or export is fully described by its bytes and
by what chose them (the URL, the language, htmx's headers and, for citations, today's date).
Each answer is rendered once per process and kept in a bounded in-memory cache (cachetools),
compressed where the client accepts gzip (Starlette's GZipMiddleware, inside this one, so the
compressed bytes are what is kept).  The ETag is a hash of the bytes sent: each representation
has its own, every worker and replica gives the same one, and a repeat request with
``If-None-Match`` gets a 304 with no body.  A cache in front (nginx, a CDN; see deploy/) keeps
them for all the workers.

Every answer that passes through the cache says how it was served: ``X-Cache: hit`` (from the
cache, no rendering) or ``miss`` (rendered for this request; every non-200 answer, and every
answer when the cache is off). A header rather than a counter, so that a load generator counts
exactly the answers it measured, whichever worker (each with its own cache) served them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass

from cachetools import LRUCache
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.headers import add_vary
from app.i18n import current_language
from app.i18n import gettext as _
from app.negotiation import qualities
from app.urls import ROUTES, prefix

ALLOWED_METHODS = ("GET", "HEAD")
GZIP_MINIMUM_BYTES = 500
GZIP_LEVEL = 6
PAGE_CACHE_CONTROL = "public, max-age=300"
NO_STORE = "no-store"
HEALTH_PATHS = (ROUTES["healthz"], ROUTES["readyz"])
# Health must be live; assets have their own route with immutable caching and compression.
PASS_THROUGH_PREFIXES = (*HEALTH_PATHS, prefix("asset"))
# Request headers that change what a page renders besides the URL and the language (rendering.py).
# The language is keyed as chosen (language_middleware.LanguageMiddleware, outside this one), not by the raw
# Cookie and Accept-Language headers: every spelling of them would be an entry of its own.
KEY_HEADERS = ("hx-request", "hx-target", "hx-history-restore-request")
CACHE_STATUS = b"x-cache"
HIT, MISS = b"hit", b"miss"


@dataclass(frozen=True)
class Answer:
    """A finished answer as the cache keeps it: its headers, its bytes as sent, its ETag."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str


class MethodsMiddleware:
    """HEAD is answered as GET without the body; any other method gets 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ALLOWED_METHODS:
            body = b'{"error": {"status": 405, "message": "Only GET and HEAD requests are served."}}'
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"allow", b"GET, HEAD"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        if method == "GET":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def strong_etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]


def accepts_gzip(headers: Headers) -> bool:
    """Whether Accept-Encoding takes gzip (or "*") with a quality above zero."""
    accepted = qualities(headers.get("accept-encoding"))
    return accepted.get("gzip", accepted.get("*", 0.0)) > 0


class Compression(GZipMiddleware):
    """Starlette's gzip, which looks for the word only: a client that refuses gzip ("gzip;q=0")
    gets the identity."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not accepts_gzip(Headers(scope=scope)):
            headers = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
            scope = {**scope, "headers": headers}
        await super().__call__(scope, receive, send)


class BoundsMiddleware:
    """What one request may ask of a worker: a query string of at most ``max_query_bytes`` (414
    beyond, as nginx answers a long request line), and a place among ``max_in_flight`` requests
    being answered (503 with Retry-After beyond: a reader is told at once rather than queued
    behind work the worker cannot catch up with).  Health checks are never turned away."""

    def __init__(self, app: ASGIApp, max_query_bytes: int, max_in_flight: int, error_response) -> None:
        self.app = app
        self.max_query_bytes = max_query_bytes
        self.max_in_flight = max_in_flight
        self.error_response = error_response  # app.errors.error_response: a page or JSON, translated
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(HEALTH_PATHS):
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query_bytes:
            # The page of the error leaves the query out: it is what was too long.
            request = Request({**scope, "query_string": b""})
            message = _("This address is too long: its query may be at most %(max)s bytes.", max=self.max_query_bytes)
            await self.error_response(request, 414, message)(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            request = Request({**scope, "query_string": b""})
            message = _("The server is busy. Please try again in a moment.")
            await self.error_response(request, 503, message, {"Retry-After": "2"})(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


class ResponseCache:
    """Finished answers by request key, bounded in bytes, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: LRUCache = LRUCache(maxsize=max(max_bytes, 1), getsizeof=lambda answer: len(answer.body))
        self.lock = threading.Lock()  # the test client calls from more than one thread

    def get(self, key: tuple) -> Answer | None:
        with self.lock:
            return self.entries.get(key)

    def put(self, key: tuple, answer: Answer) -> None:
        if len(answer.body) <= self.max_bytes // 8:
            with self.lock:
                self.entries[key] = answer


class CachingMiddleware:
    """ETag, Cache-Control, 304s and the response cache for successful GETs."""

    def __init__(self, app: ASGIApp, cache_bytes: int = 32 * 1024 * 1024) -> None:
        self.app = app
        self.cache = ResponseCache(cache_bytes) if cache_bytes > 0 else None

    @staticmethod
    def key(scope: Scope, headers: Headers) -> tuple:
        return (
            # The host the reader asked: pages write absolute links (embed snippets, citations)
            # from it, and an answer for one host must never be served to another.
            headers.get("host", ""),
            scope["path"],
            scope.get("query_string", b""),
            accepts_gzip(headers),
            dt.date.today().isoformat(),
            current_language.get(),
            *(headers.get(name, "") for name in KEY_HEADERS),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(PASS_THROUGH_PREFIXES):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        key = self.key(scope, request_headers)
        stored = self.cache.get(key) if self.cache else None
        if stored is not None:
            await self.answer(stored, request_headers, send, HIT)
            return
        start: Message = {}
        streaming = False

        async def buffer(message: Message) -> None:
            nonlocal start, streaming
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] != "http.response.body":
                await send(message)
            elif streaming or message.get("more_body", False):
                # A streamed answer (a long export) passes through and is never cached: holding
                # it whole is what streaming avoids.
                if not streaming:
                    headers = MutableHeaders(raw=list(start.get("headers", [])))
                    add_vary(headers, "Accept-Encoding")
                    # Not kept by a cache in front either: a stream may end early (the server
                    # restarting, a slow database) and that copy must not be served to others.
                    headers.setdefault("cache-control", NO_STORE)
                    headers.raw.append((CACHE_STATUS, MISS))
                    await send({**start, "headers": headers.raw})
                    streaming = True
                await send(message)
            else:
                await self.finish(key, request_headers, start, message.get("body", b""), send)

        await self.app(scope, receive, buffer)

    async def finish(self, key: tuple, request_headers: Headers, start: Message, body: bytes, send: Send) -> None:
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        if start["status"] != 200:
            headers.setdefault("cache-control", NO_STORE)
            headers.raw.append((CACHE_STATUS, MISS))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})
            return
        etag = strong_etag(body)
        add_vary(headers, "Accept-Encoding")
        headers["etag"] = etag
        headers.setdefault("cache-control", PAGE_CACHE_CONTROL)
        stored = Answer(headers=headers.raw, body=body, etag=etag)
        if self.cache is not None:
            self.cache.put(key, stored)
        await self.answer(stored, request_headers, send, MISS)

    @staticmethod
    async def answer(stored: Answer, request_headers: Headers, send: Send, cache_status: bytes) -> None:
        if etag_matches(request_headers.get("if-none-match"), stored.etag):
            full = MutableHeaders(raw=list(stored.headers))
            kept = MutableHeaders()
            for name in ("etag", "cache-control", "vary", "content-location", "expires"):
                if name in full:
                    kept[name] = full[name]
            await send(
                {"type": "http.response.start", "status": 304, "headers": [*kept.raw, (CACHE_STATUS, cache_status)]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": 200, "headers": [*stored.headers, (CACHE_STATUS, cache_status)]}
        )
        await send({"type": "http.response.body", "body": stored.body})
