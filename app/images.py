"""What a chart image is: its size (a preset or pixels), its one canonical address, its pixel
budget, a check that the bytes are the chart that was asked for, and the print size it carries.

Sizes are CSS pixels at 96 per inch, as a browser and Word count them, so a PNG's ``scale``
sharpens it without changing its size on paper: a PNG carries ``96 × scale`` dots per inch (its
pHYs chunk), and text of ``MIN_FONT_PX`` prints at 8.25 pt whatever the preset.
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from app.i18n import gettext as _

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
WIDTH_PX = (400, 2400)
HEIGHT_PX = (300, 4000)
SCALE = (1, 4)
DEFAULT_WIDTH_PX = 1200
# The chart list's and the overview's pictures of each chart (drawn ahead: app/charts/defaults.py).
THUMBNAIL_WIDTH_PX = 800
# The same on a phone: drawn narrower, so that its text stays legible at a phone's width (the
# 800 px picture shrunk to 360 px printed 13 px labels at 6 px).
PHONE_THUMBNAIL_WIDTH_PX = 480
CSS_PX_PER_INCH = 96
# The smallest text any chart image may hold: 11 px at 96 per inch is 8.25 pt on paper.
MIN_FONT_PX = 11
# Width × height × scale²: past this a render takes seconds and a Chromium gigabytes.
MAX_MEGAPIXELS = 24
SIZE_PARAMS = ("preset", "width", "height", "scale")
# The title's type size in an image (app/charts/report.py draws it; svg_title reads it back).
TITLE_PX = 20


@dataclass(frozen=True)
class Preset:
    width_px: int  # CSS pixels: the width it prints at, at 96 per inch
    scale: int  # PNG pixels per CSS pixel


PRESETS = {
    # A4 or Letter's text width: 600 px prints at 15.9 cm.
    "word": Preset(600, 3),
    # A 16:9 slide with its margins: 900 px is 23.8 cm.
    "slide": Preset(900, 2),
    # A page on a screen; the default.
    "web": Preset(DEFAULT_WIDTH_PX, 1),
}
DEFAULT_PRESET = PRESETS["web"]


class ImageParamError(ValueError):
    """A size the server will not draw; the message says what it takes."""


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int | None
    scale: float
    preset: str | None = None

    @classmethod
    def of_preset(cls, name: str, height: int | None = None) -> ImageSize:
        chosen = PRESETS[name]
        return cls(chosen.width_px, height, chosen.scale, None if chosen is DEFAULT_PRESET else name)

    def pixels(self, height: int) -> float:
        return self.width * height * self.scale**2

    def check_budget(self, height: int) -> None:
        if self.pixels(height) > MAX_MEGAPIXELS * 1_000_000:
            raise ImageParamError(
                _(
                    "That image would be %(mp)s megapixels (width × height × scale²); the limit is %(max)s. "
                    "Ask for a smaller width, height or scale, or a preset (preset=word, slide or web).",
                    mp=round(self.pixels(height) / 1_000_000, 1),
                    max=MAX_MEGAPIXELS,
                )
            )


def _number(name: str, raw: str | None, bounds: tuple[int, int], whole: bool) -> float | None:
    if raw is None:
        return None
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        raise ImageParamError(_("“%(name)s” must be a number, not “%(value)s”.", name=name, value=raw[:20])) from None
    if not bounds[0] <= value <= bounds[1]:
        raise ImageParamError(
            _("“%(name)s” must be between %(low)s and %(high)s.", name=name, low=bounds[0], high=bounds[1])
        )
    return value


def parse_size(params) -> ImageSize:
    """``preset`` or ``width``/``height``/``scale`` from the query string (a mapping)."""
    preset = params.get("preset")
    width = _number("width", params.get("width"), WIDTH_PX, whole=True)
    height = _number("height", params.get("height"), HEIGHT_PX, whole=True)
    scale = _number("scale", params.get("scale"), SCALE, whole=False)
    if preset is not None:
        if preset not in PRESETS:
            raise ImageParamError(
                _("Unknown preset “%(value)s”. Presets: %(known)s.", value=preset[:20], known=", ".join(PRESETS))
            )
        if width is not None or scale is not None:
            raise ImageParamError(_("A preset sets the width and the scale: give a preset or a size, not both."))
        return ImageSize.of_preset(preset, None if height is None else int(height))
    return ImageSize(int(width or DEFAULT_WIDTH_PX), None if height is None else int(height), scale or 1)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def canonical_query(filters: Iterable[tuple[str, str]], accepted: tuple[str, ...], lang: str, size: ImageSize) -> str:
    """The one spelling of an image's address: the chart's filters in its own order, each once with
    its values sorted, the language, then the size without its defaults."""
    values: dict[str, set[str]] = {}
    for name, raw in filters:
        if name in accepted:
            values.setdefault(name, set()).update(part.strip() for part in raw.split(",") if part.strip())
    params = [(name, ",".join(sorted(values[name]))) for name in accepted if values.get(name)]
    params.append(("lang", lang))
    if size.preset:
        params.append(("preset", size.preset))
    elif size.width != DEFAULT_WIDTH_PX:
        params.append(("width", str(size.width)))
    if size.height is not None:
        params.append(("height", str(size.height)))
    if not size.preset and size.scale != 1:
        params.append(("scale", _plain(size.scale)))
    # Slugs, digits and language codes only: nothing needs escaping but a comma, kept readable.
    return "&".join(f"{name}={value}" for name, value in params)


def png_size(body: bytes) -> tuple[int, int]:
    if body[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", body[16:24])


TITLE_TEXT = re.compile(rf"<text[^>]*font-size: {TITLE_PX}px;[^>]*>(.*?)</text>", re.S)


def svg_title(svg: str) -> str:
    """The title an SVG chart image shows (its lines joined, without the spaces they broke at)."""
    lines = (html.unescape(re.sub(r"<[^>]+>", "", found)) for found in TITLE_TEXT.findall(svg))
    return re.sub(r"\s+", "", "".join(lines))


def is_the_image_asked_for(body: bytes, fmt: str, title: str, width: int, height: int, scale: float) -> bool:
    """Whether a render's bytes are the chart that was asked for: an SVG of its size whose title
    is this chart's; a PNG of its size in pixels.  Nothing unchecked is served or cached."""
    if fmt == "svg":
        text = body.decode("utf-8", "replace")
        return (
            text.startswith("<svg")
            and f'width="{width}"' in text[:400]
            and svg_title(text) == re.sub(r"\s+", "", title)
        )
    try:
        return png_size(body) == (round(width * scale), round(height * scale))
    except ValueError:
        return False


def with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk right after its header, so that Word, LibreOffice and PDF tools
    place it at its intended size rather than at 96 dpi of its pixels."""
    per_metre = round(dpi / 0.0254)
    data = struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", len(data)) + b"pHYs" + data + struct.pack(">I", zlib.crc32(b"pHYs" + data))
    header_end = 8 + 25  # signature, then IHDR: length, type, 13 bytes, CRC
    return png[:header_end] + chunk + png[header_end:]
