"""Typed dependencies of the routes: what the factory (app/main.py) put on ``app.state``, and the
request's database session.  Routes take them as parameters (``RendererDep``) or, in helpers
that have the request only, call the getter.  Two readers still go to ``app.state`` directly:
/readyz (its own thread limiter) and urls.absolute (the URL builder, which the query layer may
import and so must not import this module)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.assets import Asset
from app.charts.defaults import DefaultImages
from app.charts.render import Renderer
from app.config import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was made with."""
    return request.app.state.settings


def get_renderer(request: Request) -> Renderer:
    """This process's chart-image renderer (Chromium, started on first use)."""
    return request.app.state.renderer


def get_default_images(request: Request) -> DefaultImages:
    """The chart images drawn when the worker started."""
    return request.app.state.default_images


def get_assets(request: Request) -> dict[str, Asset]:
    """The static files the app serves, by name, each with its content digest."""
    return request.app.state.assets


def get_data_version(request: Request) -> str:
    """The database's build, which citations and downloads name."""
    return request.app.state.data_version


def get_engine(request: Request) -> Engine:
    """The read-only database engine (a streamed export opens its own session on it)."""
    return request.app.state.engine


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session on the app's own read-only engine (``app.state.engine``, set by the factory).

    Async on purpose: opening a session does no I/O, and closing it must not wait for a free
    thread. A sync dependency closes in the thread pool, so under load finished requests would
    hold their connections while queueing for a thread, and new requests would starve."""
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
RendererDep = Annotated[Renderer, Depends(get_renderer)]
AssetsDep = Annotated[dict[str, Asset], Depends(get_assets)]
