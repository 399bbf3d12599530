"""Small helpers on response headers, shared by the middlewares."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders


def add_vary(headers: MutableHeaders, *names: str) -> None:
    """Add names to ``Vary``, each once, keeping those already there."""
    present = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    for name in names:
        if name.lower() not in (p.lower() for p in present):
            present.append(name)
    headers["vary"] = ", ".join(present)
