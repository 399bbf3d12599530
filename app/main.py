"""The application factory: settings, database check, assets, language, routers, errors."""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import Response

from app import i18n
from app.assets import build_manifest
from app.charts.render import Renderer
from app.config import Settings, get_settings
from app.db import is_synthetic, read_only_engine
from app.errors import install_error_handlers
from app.http import CachingMiddleware, MethodsMiddleware, add_vary
from app.queries.prime import prime
from app.routes import api, charts, exports, maps, pages, system
from app.security import SecurityHeadersMiddleware
from app.templating import install_assets


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.render_threads
        await anyio.to_thread.run_sync(prime, app.state.engine)
        yield
        await anyio.to_thread.run_sync(app.state.renderer.stop)

    app = FastAPI(
        lifespan=lifespan,
        title="ct-rural API",
        description="Read-only data on China Telecom's poverty-alleviation and rural-revitalisation "
        "work, curated from the published reports. Every figure carries its source and excerpt.",
        version="1.0.0",
        # FastAPI's own docs page loads Swagger UI from a CDN; ours serves it (routes/system.py).
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    # Fail at start-up, with one clear line, rather than on the first request.
    app.state.engine = read_only_engine(settings)
    app.state.synthetic = is_synthetic(app.state.engine)
    app.state.assets = build_manifest(settings)
    install_assets(app.state.assets)
    # Static chart images: one headless Chromium per process, started by the first image asked for.
    app.state.renderer = Renderer(app.state.assets["plotly-basic.min.js"].path, settings.image_renderer_idle_s)

    @app.middleware("http")
    async def language(request: Request, call_next) -> Response:
        query_lang = request.query_params.get("lang")
        chosen = i18n.choose_language(
            query_lang, request.cookies.get(i18n.COOKIE_NAME), request.headers.get("accept-language")
        )
        token = i18n.current_language.set(chosen)
        try:
            response = await call_next(request)
        finally:
            i18n.current_language.reset(token)
        # Every answer may be in either language: caches must key on what chose it.
        add_vary(response.headers, "Accept-Language", "Cookie")
        if query_lang in i18n.LANGUAGES:
            # The switcher's links carry ?lang=; remember the choice for the next visit.
            response.set_cookie(i18n.COOKIE_NAME, query_lang, max_age=365 * 86400, samesite="lax")
        return response

    # Added innermost first: the security headers wrap everything, including 405s and 304s.
    app.add_middleware(CachingMiddleware, cache_bytes=settings.response_cache_mb * 1024 * 1024)
    app.add_middleware(MethodsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    app.include_router(system.router)
    app.include_router(api.router)
    # Exports before pages: /figures.csv must not be read as a page.
    app.include_router(exports.router)
    app.include_router(charts.router)
    app.include_router(maps.router)
    app.include_router(pages.router)
    return app
