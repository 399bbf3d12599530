"""HTTP plumbing: only GET and HEAD; strong ETags with 304s; Cache-Control; gzip; a response cache.

The data changes only with a new build, so a page or export is fully described by its bytes and
by what chose them (the URL, the language, htmx's headers and, for citations, today's date).
Each such answer is rendered once per process and kept in a bounded in-memory cache; the ETag is
a hash of its bytes, and a repeat request with ``If-None-Match`` gets a 304 with no body.
The ETag hashes the uncompressed bytes (marked ``-gzip`` for the compressed representation), so
every worker and replica gives the same answer the same ETag; the gzip header carries no
timestamp either, so the compressed bytes are the same everywhere too.

Every answer that passes through the cache says how it was served: ``X-Cache: hit`` (from the
cache, no rendering) or ``miss`` (rendered for this request; every non-200 answer, and every
answer when the cache is off). A header rather than a counter, so that a load generator counts
exactly the answers it measured, whichever worker (each with its own cache) served them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import threading
import zlib
from collections import OrderedDict

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.headers import add_vary
from app.i18n import current_language
from app.shared_cache import Answer, SharedCache

ALLOWED_METHODS = ("GET", "HEAD")
GZIP_MINIMUM_BYTES = 500
GZIP_LEVEL = 6
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
PAGE_CACHE_CONTROL = "public, max-age=300"
NO_STORE = "no-store"
# Health must be live; assets have their own route with immutable caching and compression.
PASS_THROUGH_PREFIXES = ("/healthz", "/assets/")
# Request headers that change what a page renders besides the URL and the language (rendering.py).
# The language is keyed as chosen (i18n.LanguageMiddleware, outside this one), not by the raw
# Cookie and Accept-Language headers: every spelling of them would be an entry of its own.
KEY_HEADERS = ("hx-request", "hx-target", "hx-history-restore-request")
# Above this size a body is compressed in a worker thread, not on the event loop.
GZIP_IN_THREAD_BYTES = 128 * 1024
CACHE_STATUS = b"x-cache"
HIT, MISS = b"hit", b"miss"


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


def strong_etag(identity_body: bytes, compressed: bool) -> str:
    digest = hashlib.sha256(identity_body).hexdigest()[:32]
    # One representation, one ETag: the gzip-encoded bytes are another representation.
    return f'"{digest}-gzip"' if compressed else f'"{digest}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]


def accepts_gzip(headers: Headers) -> bool:
    return "gzip" in headers.get("accept-encoding", "").lower()


def compressible(content_type: str, body: bytes) -> bool:
    return len(body) >= GZIP_MINIMUM_BYTES and content_type.startswith(COMPRESSIBLE)


def gzip_bytes(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class GzipStream:
    """A streamed answer sent on as it comes, gzip-compressed chunk by chunk where the client
    accepts it (zlib in gzip mode, flushed at every chunk so the client is never kept waiting)."""

    def __init__(self, start: Message, request_headers: Headers, send: Send) -> None:
        self.send_next = send
        self.start = start
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        self.compressor = None
        if accepts_gzip(request_headers) and headers.get("content-type", "").startswith(COMPRESSIBLE):
            self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
            headers["content-encoding"] = "gzip"
            if "content-length" in headers:
                del headers["content-length"]
        add_vary(headers, "Accept-Encoding")
        headers.setdefault("cache-control", PAGE_CACHE_CONTROL)
        headers.raw.append((CACHE_STATUS, MISS))
        self.headers = headers
        self.started = False

    async def send(self, message: Message) -> None:
        if not self.started:
            await self.send_next({**self.start, "headers": self.headers.raw})
            self.started = True
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if self.compressor is not None:
            body = self.compressor.compress(body) + self.compressor.flush(zlib.Z_SYNC_FLUSH if more else zlib.Z_FINISH)
        await self.send_next({"type": "http.response.body", "body": body, "more_body": more})


class ResponseCache:
    """Finished answers by request key, bounded in bytes, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[tuple, Answer] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: Answer) -> None:
        if self.max_bytes <= 0 or len(value.body) > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.size += len(value.body)
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)


class CachingMiddleware:
    """Compression, ETag, Cache-Control, 304s and the response cache for successful GETs."""

    def __init__(self, app: ASGIApp, cache_bytes: int = 64 * 1024 * 1024, shared: SharedCache | None = None) -> None:
        self.app = app
        self.cache = ResponseCache(cache_bytes)
        # The answers the server's other workers rendered (app/shared_cache.py), or None.
        self.shared = shared if cache_bytes > 0 else None
        # Single flight: while one request renders an answer, the same request arriving meanwhile
        # waits for it instead of rendering it again (a cold cache under load would otherwise
        # render each popular page once per waiting reader).
        self.inflight: dict[tuple, asyncio.Event] = {}

    def key(self, scope: Scope, headers: Headers) -> tuple:
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
        if self.cache.max_bytes <= 0:
            await self.render(scope, receive, send, key, request_headers)
            return
        stored = self.cache.get(key)
        if stored is None and key in self.inflight:
            await self.inflight[key].wait()
            stored = self.cache.get(key)
        if stored is None and self.shared is not None:
            stored = self.from_shared(key)
        if stored is not None:
            await self.answer(stored, request_headers, send, HIT)
            return
        done = self.inflight.setdefault(key, asyncio.Event())
        try:
            await self.render(scope, receive, send, key, request_headers)
        finally:
            if self.inflight.get(key) is done:
                del self.inflight[key]
            done.set()

    def from_shared(self, key: tuple) -> Answer | None:
        stored = self.shared.get(key)
        if stored is not None:
            self.cache.put(key, stored)  # the next ask is answered from memory
        return stored

    async def render(self, scope: Scope, receive: Receive, send: Send, key: tuple, request_headers: Headers) -> None:
        start: Message | None = None
        stream: GzipStream | None = None

        async def buffer(message: Message) -> None:
            nonlocal start, stream
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            if stream is None and message.get("more_body", False):
                # A streamed answer (a long export) passes through, compressed chunk by chunk and
                # never cached: holding it whole is what streaming avoids.
                stream = GzipStream(start, request_headers, send)
            if stream is not None:
                await stream.send(message)
                return
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
        compress = accepts_gzip(request_headers) and compressible(headers.get("content-type", ""), body)
        etag = strong_etag(body, compress)
        if compress:
            body = (
                await anyio.to_thread.run_sync(gzip_bytes, body)
                if len(body) > GZIP_IN_THREAD_BYTES
                else gzip_bytes(body)
            )
            headers["content-encoding"] = "gzip"
            headers["content-length"] = str(len(body))
        add_vary(headers, "Accept-Encoding")
        headers["etag"] = etag
        headers.setdefault("cache-control", PAGE_CACHE_CONTROL)
        stored = Answer(headers=headers.raw, body=body, etag=etag)
        self.cache.put(key, stored)
        if self.shared is not None:
            self.shared.put(key, stored)
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
