"""Languages: which one a request gets, and gettext bound to it.

Order of precedence (starlette_babel's): ``?lang=`` in the URL, then the ``lang`` cookie the
language switcher sets, then the browser's Accept-Language, then Chinese.  The choice is held in
a ContextVar for the duration of the request (set by app/language_middleware.py), so templates,
formatting and error messages all read the same language without passing it around.  This module
is the core, free of the web framework: queries take the language as an argument, and the
formatting of numbers and names reads it here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

from app.negotiation import qualities

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
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


def ngettext(singular: str, plural: str, count: int, **variables: object) -> str:
    """The message for ``count`` things, with ``count`` available as ``%(count)s`` unless given."""
    text = translations(current_language.get()).ngettext(singular, plural, count)
    return text % {"count": count, **variables}


_ = gettext


def parse_accept_language(header: str | None) -> str | None:
    """The first of our languages the header accepts, by its q-values."""
    ranked = sorted(qualities(header).items(), key=lambda item: -item[1])  # stable: ties keep their order
    for tag, quality in ranked:
        primary = tag.split("-")[0]
        if primary in LANGUAGES and quality > 0:
            return primary
    return None


def choose_language(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> str:
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGUAGES:
            return candidate
    return parse_accept_language(accept) or DEFAULT_LANGUAGE


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Messages in ``language`` for a moment, whatever the reader's (an APA citation is English)."""
    token = current_language.set(language)
    try:
        yield
    finally:
        current_language.reset(token)


def in_each_language(make: Callable[[], str]) -> dict[str, str]:
    """``make()`` once in each language: {"zh": …, "en": …} (a title every citation style needs)."""
    made = {}
    for language in LANGUAGES:
        with in_language(language):
            made[language] = make()
    return made
