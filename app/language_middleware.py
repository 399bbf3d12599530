"""The request's language: chosen once per request (app/i18n.choose_language) and held in
``i18n.current_language`` for everything inside, with the cookie that remembers a choice."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.headers import add_vary
from app.http import HEALTH_PATHS
from app.i18n import LANGUAGES, choose_language, current_language
from app.urls import prefix

COOKIE_NAME = "lang"
COOKIE_MAX_AGE_S = 365 * 86400
# Embeds live in other sites' frames: they never set a cookie (nor do data and images: see below).
NOT_REMEMBERED = (prefix("embed"),)
# Answers in no language: a cache in front must keep one copy of each, whatever the reader's cookie.
LANGUAGE_FREE = (prefix("asset"), *HEALTH_PATHS)


class LanguageMiddleware:
    """Chooses the request's language, holds it in ``current_language`` for everything inside
    (the response cache keys on it), and says what the answer depended on.

    An address with ``?lang=`` depends on nothing else; without it the answer depends on the
    ``lang`` cookie and Accept-Language, and says so in ``Vary``.  A page reached with ``?lang=``
    remembers the choice in the cookie, only when it changes it, and that one answer is private
    and uncached, so no shared cache can hand one reader's cookie to another."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        query_lang = request.query_params.get("lang")
        cookie_lang = request.cookies.get(COOKIE_NAME)
        chosen = choose_language(query_lang, cookie_lang, request.headers.get("accept-language"))
        remember = (
            query_lang in LANGUAGES and query_lang != cookie_lang and not scope["path"].startswith(NOT_REMEMBERED)
        )

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                if query_lang not in LANGUAGES and not scope["path"].startswith(LANGUAGE_FREE):
                    add_vary(headers, "Accept-Language", "Cookie")
                if remember and headers.get("content-type", "").startswith("text/html"):
                    headers.append(
                        "set-cookie", f"{COOKIE_NAME}={query_lang}; Max-Age={COOKIE_MAX_AGE_S}; Path=/; SameSite=Lax"
                    )
                    headers["cache-control"] = "private, no-store"
                message = {**message, "headers": headers.raw}
            await send(message)

        token = current_language.set(chosen)
        try:
            await self.app(scope, receive, send_with_language)
        finally:
            current_language.reset(token)
