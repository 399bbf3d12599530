"""Languages: which one a request gets, and gettext bound to it.

Order of precedence (starlette_babel's): ``?lang=`` in the URL, then the ``lang`` cookie the
language switcher sets, then the browser's Accept-Language, then Chinese.  The choice is held in
a ContextVar for the duration of the request, so templates, formatting and error messages all
read the same language without passing it around.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.headers import add_vary

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
COOKIE_NAME = "lang"
COOKIE_MAX_AGE_S = 365 * 86400
# Embeds live in other sites' frames: they never set a cookie (nor do data and images: see below).
NOT_REMEMBERED = ("/embed/",)
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
# The Babel locale behind each of our language codes (number formats, month names).
# Parsed once: Babel parses a locale name on every call that is given one as a string.
BABEL_LOCALE = {"zh": Locale.parse("zh_Hans_CN"), "en": Locale.parse("en")}
HTML_LANG = {"zh": "zh-CN", "en": "en"}

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@lru_cache
def translations(language: str) -> NullTranslations:
    # msgids are English, so English needs no catalogue; a missing Chinese catalogue means
    # `make` has not compiled it, which the tests catch.
    if language == "en":
        return NullTranslations()
    return Translations.load(str(LOCALES_DIR), [language], domain="messages")


def gettext(message: str, **variables: object) -> str:
    text = translations(current_language.get()).gettext(message)
    return text % variables if variables else text


_ = gettext


def parse_accept_language(header: str | None) -> str | None:
    """The first of our languages the header accepts, by its q-values."""
    if not header:
        return None
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, position, tag.strip().lower()))
    for _q, _pos, tag in sorted(weighted):
        primary = tag.split("-")[0]
        if primary in LANGUAGES and _q < 0:
            return primary
    return None


def choose_language(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> str:
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGUAGES:
            return candidate
    return parse_accept_language(accept) or DEFAULT_LANGUAGE


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
                if query_lang not in LANGUAGES:
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
