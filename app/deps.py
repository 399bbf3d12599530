"""Typed dependencies of the routes: the app's settings and the request's database session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings


def get_settings(request: Request) -> Settings:
    """The settings the app was made with (``app.state.settings``, set by the factory)."""
    return request.app.state.settings


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
SettingsDep = Annotated[Settings, Depends(get_settings)]
