#!/usr/bin/env python3
"""A first visit to the chart list, with and without the default images drawn at start-up
(app/charts/defaults.py): a new server (2 workers) is given time to draw them, then a reader
opens /charts and their browser asks for its six thumbnails at once, in each language, and then
for each chart's PNG (the preview a shared link shows).  Prints a Markdown table for
bench/RESULTS.md.  A script, not a test.

    .venv/bin/python bench/first_visit.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devserver import serve

from app.charts import CHARTS

SETTLE_S = 90  # the longest the drawing at start-up took here was about 40 s for both workers


async def visit(base: str) -> dict[str, float]:
    """Seconds from asking for each page to its last image, as a browser with six connections."""
    timings = {}
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=httpx.Limits(max_connections=6)) as client:
        for lang in ("zh", "en"):
            started = time.perf_counter()
            page = (await client.get(f"/charts?lang={lang}")).text
            pictures = [html.unescape(a) for a in re.findall(r'<img class="chart-thumb" src="([^"]+)"', page)]
            answers = await asyncio.gather(*(client.get(p) for p in pictures))
            assert len(pictures) == len(CHARTS) and all(a.status_code == 200 for a in answers)
            timings[f"/charts?lang={lang} and its {len(pictures)} thumbnails"] = time.perf_counter() - started
        started = time.perf_counter()
        answers = await asyncio.gather(*(client.get(f"/charts/{c}.png?lang=zh") for c in CHARTS))
        assert all(a.status_code == 200 for a in answers)
        timings[f"the {len(CHARTS)} charts' PNGs (zh) at once"] = time.perf_counter() - started
    return timings


def settle(base: str, drawing: bool) -> float:
    """Wait until both workers say their default images are drawn; the seconds that took."""
    started = time.monotonic()
    deadline = started + SETTLE_S
    said = 0
    while said < 10 and time.monotonic() < deadline:
        state = httpx.get(f"{base}/readyz", timeout=10).json()["default_images"]
        said = said + 1 if state == "drawn" or not drawing else 0
        time.sleep(0.5 if drawing else 0.1)
    assert said >= 10, "the default images were not drawn in time"
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for round_ in range(1, args.rounds + 1):
        for drawing in (True, False):
            with serve({"DRAW_DEFAULT_IMAGES": str(int(drawing))}, workers=2) as (base, _server):
                took = settle(base, drawing)
                if drawing:
                    rows.append((round_, "drawn at start", "(both workers drawing them, from start-up)", took))
                for what, seconds in visit_sync(base).items():
                    rows.append((round_, "drawn at start" if drawing else "drawn on request", what, seconds))
    print("| round | default images | what a reader waits for | seconds |\n|---:|---|---|---:|")
    for round_, how, what, seconds in rows:
        print(f"| {round_} | {how} | {what} | {seconds:.2f} |")


def visit_sync(base: str) -> dict[str, float]:
    return asyncio.run(visit(base))


if __name__ == "__main__":
    main()
