"""Chart images under load: many distinct renders at once against a real server, while /healthz
is asked every 20 ms from another process and the memory of the server and its Chromium is
sampled.  Every image served is checked to be the one asked for (an SVG's title, a PNG's size).

    .venv/bin/python bench/images.py                 # 100 renders at once, 2 workers
    .venv/bin/python bench/images.py --renders 1     # A/B: one render at a time per process

Prints one JSON line and a Markdown row for bench/RESULTS.md.  A script, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devserver import HealthProbe, serve

from app.charts import CHARTS
from app.images import PRESETS, png_size, svg_title

SIZES = ({"width": "600"}, {"width": "900"}, {"preset": "word"}, {"preset": "slide"}, {"width": "1600"})


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (the workers, Chromium's processes)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(stat[1]), []).append(int(entry.name))
                rss[int(entry.name)] = int((entry / "statm").read_text().split()[1])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class Memory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            time.sleep(0.2)


def urls(count: int) -> list[str]:
    cases = itertools.product(CHARTS, ("zh", "en"), ("svg", "png"), SIZES)
    found = []
    for chart_id, lang, fmt, size in itertools.islice(itertools.cycle(cases), count):
        query = "&".join([f"lang={lang}", *(f"{k}={v}" for k, v in size.items())])
        found.append(f"/charts/{chart_id}.{fmt}?{query}")
    return found


def is_right(url: str, body: bytes, titles: dict) -> bool:
    chart_id, fmt = url.split("/")[2].split("?")[0].rsplit(".", 1)
    lang = re.search(r"lang=(\w+)", url).group(1)
    if fmt == "svg":
        return svg_title(body.decode()) == re.sub(r"\s+", "", titles[chart_id, lang])
    if preset := re.search(r"preset=(\w+)", url):
        chosen = PRESETS[preset.group(1)]
        return png_size(body)[0] == chosen.width_px * chosen.scale
    return png_size(body)[0] == int(re.search(r"width=(\d+)", url).group(1))


async def fetch(client: httpx.AsyncClient, url: str, closed: list[str]) -> httpx.Response:
    """GET, asked once more on a kept-alive connection the server closed as it was reused (what a
    browser does); each such retry is counted."""
    try:
        return await client.get(url)
    except (httpx.ReadError, httpx.RemoteProtocolError):
        closed.append(url)
        return await client.get(url)


async def load(base: str, addresses: list[str]) -> dict:
    closed: list[str] = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        titles = {
            (c, lang): (await client.get(f"/charts/{c}.json?lang={lang}")).json()["title"]
            for c in CHARTS
            for lang in ("zh", "en")
        }
        started = time.perf_counter()
        first = await asyncio.gather(*(fetch(client, url, closed) for url in addresses))
        burst_s = time.perf_counter() - started
        statuses = [r.status_code for r in first]
        # What a reader does with a 503: waits as Retry-After says, and asks again.
        waiting = [(url, r) for url, r in zip(addresses, first, strict=True) if r.status_code == 503]
        answers = {url: r for url, r in zip(addresses, first, strict=True) if r.status_code == 200}
        while waiting:
            await asyncio.sleep(max(int(r.headers.get("retry-after", "1")) for _u, r in waiting) / 5)
            again = await asyncio.gather(*(fetch(client, url, closed) for url, _r in waiting))
            answers |= {url: r for (url, _), r in zip(waiting, again, strict=True) if r.status_code == 200}
            waiting = [(url, r) for (url, _), r in zip(waiting, again, strict=True) if r.status_code == 503]
        wrong = [url for url, r in answers.items() if not is_right(url, r.content, titles)]
        return {
            "burst_s": round(burst_s, 2),
            "all_served_s": round(time.perf_counter() - started, 2),
            "first_200": statuses.count(200),
            "first_503": statuses.count(503),
            "other": [s for s in statuses if s not in (200, 503)],
            "wrong_images": wrong,
            "closed_connections_retried": len(closed),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--renders", type=int, default=1, help="IMAGE_RENDERS: Chromium tabs per process")
    parser.add_argument("--queue", type=int, default=7, help="IMAGE_QUEUE: renders that may wait per process")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--image-cpus", type=int, default=0, help="IMAGE_CPUS: the CPUs Chromium may use (0: half)")
    parser.add_argument(
        "--probe-in-thread", action="store_true", help="ask /healthz from a thread of this process (the old way)"
    )
    args = parser.parse_args()
    environment = {
        "RESPONSE_CACHE_MB": "0",  # every request drawn, none answered from another's
        "IMAGE_RENDERS": str(args.renders),
        "IMAGE_QUEUE": str(args.queue),
        "IMAGE_CPUS": str(args.image_cpus),
    }
    with serve(environment, workers=args.workers) as (base, server):
        health, memory = HealthProbe(base, 0.02, in_process=not args.probe_in_thread), Memory(server.pid)
        health.start()  # before any thread of this process: it is forked
        memory.start()
        time.sleep(1)
        result = asyncio.run(load(base, urls(args.count)))
        health.finish()
        memory.running = False
        memory.join()
    result |= {
        "count": args.count,
        "renders": args.renders,
        "queue": args.queue,
        "workers": args.workers,
        "healthz_n": len(health.times),
        "healthz_failures": health.failures,
        "healthz_p50_ms": round(percentile(health.times, 0.50) * 1000, 1),
        "healthz_p95_ms": round(percentile(health.times, 0.95) * 1000, 1),
        "healthz_p99_ms": round(percentile(health.times, 0.99) * 1000, 1),
        "healthz_max_ms": round(max(health.times, default=0) * 1000, 1),
        "peak_memory_mb": round(memory.peak_mb),
    }
    print(json.dumps(result, ensure_ascii=False))
    print(
        f"| {args.count} at once, {args.workers} workers, {args.renders} tabs + {args.queue} waiting, "
        f"Chromium on {args.image_cpus or 'half the'} CPUs, "
        f"probe in a {'thread' if args.probe_in_thread else 'process'} | "
        f"{result['first_200']} / {result['first_503']} / {len(result['other'])} | {result['all_served_s']} s | "
        f"{len(result['wrong_images'])} | {result['healthz_p50_ms']} / {result['healthz_p95_ms']} / "
        f"{result['healthz_p99_ms']} / {result['healthz_max_ms']} ms | {result['peak_memory_mb']} MB |"
    )


if __name__ == "__main__":
    main()
