"""Response headers every answer carries: a strict Content-Security-Policy (no inline or outside
scripts, nothing fetched from another host), and framing allowed only where embedding is meant."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import licence
from app.urls import API_PREFIX, prefix

EMBED_PREFIX = prefix("embed")
OPEN_DATA_PREFIXES = (API_PREFIX + "/",)
OPEN_DATA_SUFFIXES = (".json", ".csv", ".png", ".svg")

BASE_POLICY = (
    "default-src 'self'; script-src 'self'; "
    # Plotly and htmx set inline style attributes and <style> elements; scripts stay strict.
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    embeddable = path.startswith(EMBED_PREFIX)
    ancestors = "frame-ancestors *" if embeddable else "frame-ancestors 'self'"
    headers = [
        (b"content-security-policy", f"{BASE_POLICY}; {ancestors}".encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if not embeddable:
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    if path.startswith(OPEN_DATA_PREFIXES) or path.endswith(OPEN_DATA_SUFFIXES):
        # Open data, read-only: any page may fetch() it (Datasette's --cors).  On every answer,
        # not only those with an Origin: a cache in front serves one copy to everyone.
        headers.append((b"access-control-allow-origin", b"*"))
        headers.append((b"link", f'<{licence.URL}>; rel="license"'.encode()))
    return headers


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _value in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
