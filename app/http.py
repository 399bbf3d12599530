"""HTTP plumbing: only GET and HEAD; strong ETags with 304s; Cache-Control; gzip.

The data changes only with a new build, so a page or export is fully described by its bytes: the
ETag is a hash of the body, and a repeat request with ``If-None-Match`` gets a 304 and no body.
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_METHODS = ("GET", "HEAD")
GZIP_MINIMUM_BYTES = 500
PAGE_CACHE_CONTROL = "public, max-age=300"
NO_STORE = "no-store"
# Answers that are not cached as data: health checks must be live; assets carry their own header.
UNCACHED_PREFIXES = ("/healthz",)


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
            await send({"type": "http.response.start", "status": 405, "headers": [
                (b"content-type", b"application/json"), (b"allow", b"GET, HEAD"),
                (b"content-length", str(len(body)).encode())]})
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


def strong_etag(body: bytes, compressed: bool) -> str:
    digest = hashlib.sha256(body).hexdigest()[:32]
    # One representation, one ETag: the gzip-encoded bytes are another representation.
    return f'"{digest}-gzip"' if compressed else f'"{digest}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]


class CachingMiddleware:
    """ETag and Cache-Control on successful GETs; 304 when the client already has the bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/assets/"):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self.finish(scope, request_headers, start, b"".join(chunks), send)

        await self.app(scope, receive, buffer)

    async def finish(self, scope: Scope, request_headers: Headers, start: Message, body: bytes, send: Send) -> None:
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        status = start["status"]
        if status != 200 or scope["path"].startswith(UNCACHED_PREFIXES):
            headers.setdefault("cache-control", NO_STORE)
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})
            return
        compressed = "gzip" in request_headers.get("accept-encoding", "") and len(body) >= GZIP_MINIMUM_BYTES
        etag = strong_etag(body, compressed)
        headers["etag"] = etag
        headers.setdefault("cache-control", PAGE_CACHE_CONTROL)
        if etag_matches(request_headers.get("if-none-match"), etag):
            kept = MutableHeaders()
            for name in ("etag", "cache-control", "vary", "content-location", "expires"):
                if name in headers:
                    kept[name] = headers[name]
            await send({"type": "http.response.start", "status": 304, "headers": kept.raw})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})


def add_vary(headers: MutableHeaders, *names: str) -> None:
    present = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    for name in names:
        if name.lower() not in (p.lower() for p in present):
            present.append(name)
    headers["vary"] = ", ".join(present)
