"""The application factory: settings, database check, assets, language, routers, errors."""

from __future__ import annotations

import asyncio
import os
import threading
from contextlib import asynccontextmanager
from functools import partial

import anyio.to_thread
from fastapi import FastAPI
from sqlmodel import Session
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app import lifecycle
from app.assets import build_manifest
from app.charts.defaults import DefaultImages
from app.charts.render import Renderer, image_cpus
from app.config import Settings, get_settings
from app.db import dataset_info, is_synthetic, read_only_engine, unguarded
from app.errors import error_response, install_error_handlers
from app.http import GZIP_LEVEL, GZIP_MINIMUM_BYTES, BoundsMiddleware, CachingMiddleware, Compression, MethodsMiddleware
from app.language_middleware import LanguageMiddleware
from app.queries.filters import Vocabulary, vocabulary
from app.queries.prime import prime
from app.routes import api, charts, exports, maps, pages, system
from app.security import SecurityHeadersMiddleware
from app.templating import install_assets


def vocabulary_of(engine) -> Vocabulary:
    """The data's slugs, read once at start-up for the API's schema (its enums)."""
    with unguarded(), Session(engine) as session:
        return vocabulary(session)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await anyio.to_thread.run_sync(prime, app.state.engine)
        restore_signals = lifecycle.hear_stop_signals()
        watchdog = None
        if os.environ.get(lifecycle.SUPERVISED) and settings.worker_timeout_s > 0:
            watchdog = lifecycle.Watchdog(settings.worker_timeout_s)
            threading.Thread(target=watchdog.watch, name="watchdog", daemon=True).start()
            heartbeat = asyncio.get_running_loop().create_task(watchdog.beat())
        drawing = None
        if settings.draw_default_images and app.state.renderer.available():
            sessions = partial(Session, app.state.engine)
            drawing = asyncio.get_running_loop().create_task(
                app.state.default_images.draw_all(app.state.renderer, sessions)
            )
        yield
        if drawing is not None:
            drawing.cancel()
        if watchdog is not None:
            watchdog.stop()
            heartbeat.cancel()
        restore_signals()
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
    app.state.data_version = dataset_info(app.state.engine, "version") or ""
    # The readiness check's own thread (routes/system.py): it never queues behind the pages for one.
    app.state.ready_thread = anyio.CapacityLimiter(1)
    app.state.assets = build_manifest(settings)
    install_assets(app.state.assets)
    # Static chart images: one headless Chromium per process, started by the first image asked for.
    app.state.renderer = Renderer(
        app.state.assets["plotly-basic.min.js"].path,
        tabs=settings.image_renders,
        queue=settings.image_queue,
        wait_s=settings.image_deadline_s,
        deadline_s=settings.image_deadline_s,
        idle_s=settings.image_renderer_idle_s,
        cpus=image_cpus(settings.image_cpus),
    )

    app.state.default_images = DefaultImages()

    # Added innermost first: the security headers wrap everything, including 405s and 304s.
    # Compression inside the cache, so that what the cache keeps (and hashes) is what is sent.
    app.add_middleware(Compression, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(CachingMiddleware, cache_bytes=settings.response_cache_mb * 1024 * 1024)
    app.add_middleware(
        BoundsMiddleware,
        max_query_bytes=settings.max_query_bytes,
        max_in_flight=settings.max_requests_in_flight,
        error_response=error_response,
    )
    # Outside the cache: it sets the language the cache keys on, and the cookie no cache may keep.
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(MethodsMiddleware)
    # A Host no link may be written with (absolute links come from it unless PUBLIC_URL is set).
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts_allowed())
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    app.include_router(system.router)
    app.include_router(api.build_router(settings, vocabulary_of(app.state.engine)))
    # Exports before pages: /figures.csv must not be read as a page.
    app.include_router(exports.router)
    app.include_router(charts.router)
    app.include_router(maps.router)
    app.include_router(pages.router)
    return app
