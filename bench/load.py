#!/usr/bin/env python3
"""A bounded load generator for when wrk is not installed: CONNECTIONS concurrent clients ask for
URL for SECONDS (and at most MAX_REQUESTS requests), then one JSON line like bench/report.lua's.

    python bench/load.py URL --connections 16 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx

MAX_REQUESTS = 1_000_000


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def run(url: str, connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = non_2xx = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def worker() -> None:
            nonlocal errors, non_2xx
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    if response.status_code >= 400:
                        non_2xx += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "seconds": round(elapsed, 3), "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.50), 2), "p95_ms": round(percentile(latencies, 0.95), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2), "max_ms": round(latencies[-1] if latencies else 0, 2),
            "errors": errors + non_2xx, "non_2xx": non_2xx}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.url, args.connections, args.seconds))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
