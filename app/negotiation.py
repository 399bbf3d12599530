"""Accept-* headers read once, the same way for the language and the encoding."""

from __future__ import annotations


def qualities(header: str | None) -> dict[str, float]:
    """Each token of an Accept-* header (lower-cased) with its q-value, in the header's order:
    "zh-CN,zh;q=0.9,en;q=0" → {"zh-cn": 1.0, "zh": 0.9, "en": 0.0}; an unreadable q is 0."""
    found: dict[str, float] = {}
    for part in (header or "").split(","):
        token, _sep, params = part.strip().partition(";")
        if not token.strip():
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        found.setdefault(token.strip().lower(), quality)
    return found
