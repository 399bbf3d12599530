#!/usr/bin/env python3
"""A bounded load generator for when wrk is not installed: CONNECTIONS concurrent clients ask for
URL for SECONDS (and at most MAX_REQUESTS requests), then one JSON line like bench/report.lua's.
With --paths, each request's path is drawn by weight from that file instead, as bench/mixed.lua
draws it ("weight<TAB>kind<TAB>path" lines), and answers are counted by status and X-Cache header.

    python bench/load.py URL --connections 16 --seconds 10
    python bench/load.py http://127.0.0.1:8000 --paths build/bench/mixed-urls.tsv --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx

MAX_REQUESTS = 1_000_000


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def weighted_picker(base: str, paths_file: Path, seed: int) -> Callable[[], str]:
    """A function returning base + a path drawn by the weights in the file."""
    weights, paths = [], []
    for line in paths_file.read_text(encoding="utf-8").splitlines():
        weight, _kind, path = line.split("\t", 2)
        weights.append(float(weight))
        paths.append(path)
    cumulative = list(itertools.accumulate(weights))
    rng = random.Random(seed)
    return lambda: base + rng.choices(paths, cum_weights=cumulative)[0]


async def run(next_url: Callable[[], str], connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    cache: Counter[str] = Counter()
    errors = timeouts = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors, timeouts
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                started = time.perf_counter()
                try:
                    response = await client.get(next_url())
                    await response.aread()
                    statuses[response.status_code] += 1
                    cache[response.headers.get("x-cache", "")] += 1
                except httpx.TimeoutException:
                    timeouts += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    non_2xx = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(latencies[-1] if latencies else 0, 2),
        "errors": errors + timeouts + non_2xx,
        "timeouts": timeouts,
        "non_2xx": non_2xx,
        "statuses": {str(s): n for s, n in statuses.items()},
        "cache_hits": cache["hit"],
        "cache_misses": cache["miss"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the URL to load, or with --paths the base the paths are added to")
    parser.add_argument("--paths", type=Path, help="weighted paths, as bench/mixed writes them")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    next_url = weighted_picker(args.url.rstrip("/"), args.paths, args.seed) if args.paths else lambda: args.url
    print(json.dumps(asyncio.run(run(next_url, args.connections, args.seconds))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
