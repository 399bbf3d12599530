"""One way to answer a page: the full page, or only its results block for htmx."""

from __future__ import annotations

from typing import cast

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.headers import add_vary
from app.templating import templates

# A page's HTML depends on these request headers (is_partial); the language's,
# language_middleware.LanguageMiddleware adds.
VARY = "HX-Request, HX-Target, HX-History-Restore-Request"


def is_partial(request: Request) -> bool:
    """htmx asks for the results block only; a history restore (cache miss) needs the whole page."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
        and request.headers.get("hx-target") == "results"
    )


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    block = "results" if is_partial(request) else None
    # (an HTMLResponse, a page or one block of it, typed by jinja2-fragments as any Response)
    response = cast(
        HTMLResponse,
        templates.TemplateResponse(request, template, context, status_code=status_code, block_name=block),
    )
    add_vary(response.headers, *VARY.split(", "))
    return response
