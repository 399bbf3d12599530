#!/usr/bin/env python3
"""What the report-grade charts cost: bundle and map-asset sizes, the time to the first chart in a
cold browser, and the time to render a chart image on the server.  Appends a report to
bench/RESULTS.md (``--no-record`` prints it only).

    .venv/bin/python bench/charts.py [--repeat 5] [--no-record]

Every image request uses a URL no earlier request used (the width changes by a pixel), so each
is a real render, not an answer from the response cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devserver import launch_chromium, serve

from app.charts import CHARTS
from app.config import PROJECT_ROOT, get_settings
from app.maps.geometry import MAP_ASSET

RESULTS = PROJECT_ROOT / "bench" / "RESULTS.md"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def kb(size: int) -> str:
    return f"{size / 1000:,.1f} kB"


def sizes(base: str) -> list[str]:
    bundle = (Path(get_settings().node_modules_path) / "plotly.js-basic-dist-min" / "plotly-basic.min.js").read_bytes()
    asset = MAP_ASSET.read_bytes()
    layers = json.dumps(json.loads(asset)["layers"], separators=(",", ":")).encode()
    page = httpx.get(f"{base}/charts/four-plus-two?lang=zh").text
    basemap_url = page.split('data-basemap="', 1)[1].split('"', 1)[0]
    with httpx.stream("GET", base + basemap_url, headers={"Accept-Encoding": "gzip"}) as basemap:
        basemap_raw = sum(len(chunk) for chunk in basemap.iter_raw())
    locator = httpx.get(f"{base}/maps/county/yanyuan.svg", headers={"Accept-Encoding": "identity"}).content
    return [
        f"- plotly.js bundle (plotly.js-basic-dist-min, one for every chart, maps included): {kb(len(bundle))}, "
        f"{kb(gz(bundle))} gzipped",
        f"- map asset `static/maps/china.json`: {kb(len(asset))}, {kb(gz(asset))} gzipped; its national layers "
        f"(outline, borders, maritime line, inset): {kb(gz(layers))} gzipped (budget 150 kB)",
        f"- basemap as browsers fetch it (`maps/basemap.json`, Plotly traces): "
        f"{kb(basemap_raw)} gzipped on the wire, cached for a year",
        f"- a locator map (`/maps/county/yanyuan.svg`): {kb(len(locator))}, {kb(gz(locator))} gzipped",
    ]


def first_chart(base: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    lines = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for chart_id in CHARTS:
            for width in (1280, 375):
                context = browser.new_context(viewport={"width": width, "height": 900})  # a cold cache each time
                page = context.new_page()
                page.goto(f"{base}/charts/{chart_id}?lang=zh")
                page.wait_for_selector("figure[data-drawn=true]", timeout=30000)
                drawn_ms = page.evaluate("performance.now()")
                transferred = page.evaluate(
                    "performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, 0)"
                    " + performance.getEntriesByType('navigation')[0].transferSize"
                )
                lines.append(f"| `{chart_id}` | {width} | {drawn_ms:,.0f} | {kb(int(transferred))} |")
                context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/?lang=zh")
        page.wait_for_load_state("networkidle")
        overview = page.evaluate(
            "[performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, 0)"
            " + performance.getEntriesByType('navigation')[0].transferSize,"
            " performance.getEntriesByType('resource').some(e => e.name.includes('plotly'))]"
        )
        browser.close()
    return [
        "| chart (zh, cold browser cache) | width px | first chart drawn, ms after navigation start | transferred |",
        "|---|---:|---:|---:|",
        *lines,
        "",
        f"- overview (`/`, with its two chart pictures): {kb(int(overview[0]))} transferred; loads plotly.js: "
        f"{'yes' if overview[1] else 'no'}",
    ]


def image_times(base: str, repeat: int) -> list[str]:
    start = time.perf_counter()
    httpx.get(f"{base}/charts/timeline.png?lang=zh&width=1001", timeout=120).raise_for_status()
    cold = (time.perf_counter() - start) * 1000
    lines = [
        f"- first image after start-up (starts Chromium): {cold:,.0f} ms",
        "",
        "| chart | format | median ms | max ms | bytes |",
        "|---|---|---:|---:|---:|",
    ]
    width = 1100
    for chart_id in CHARTS:
        for fmt in ("png", "svg"):
            times, size = [], 0
            for _ in range(repeat):
                width += 1
                start = time.perf_counter()
                response = httpx.get(f"{base}/charts/{chart_id}.{fmt}?lang=zh&width={width}", timeout=120)
                response.raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
                size = len(response.content)
            lines.append(
                f"| `{chart_id}` | {fmt.upper()} | {statistics.median(times):,.0f} | {max(times):,.0f} | {size:,} |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="renders per chart and format")
    parser.add_argument("--no-record", action="store_true", help="print the report without appending it")
    args = parser.parse_args()
    settings = get_settings()
    with serve({"SQLITE_PATH": str(settings.sqlite_path)}) as (base, _process):
        report = [
            f"## {dt.datetime.now():%Y-%m-%d %H:%M} — charts: sizes, first chart, server images",
            "",
            f"- Machine: {platform.machine()}, Python {platform.python_version()}; curated database; one worker",
            "- Command: `.venv/bin/python bench/charts.py`",
            "",
            *sizes(base),
            "",
            *image_times(base, args.repeat),  # first: the overview's pictures would start Chromium
            "",
            *first_chart(base),
            "",
        ]
    text = "\n".join(report)
    print(text)
    if not args.no_record:
        existing = RESULTS.read_text(encoding="utf-8")
        head, _, rest = existing.partition("\n\n")
        RESULTS.write_text(f"{head}\n\n{text}\n{rest}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
