#!/usr/bin/env python3
"""A/B: a chart page's filter options (app/charts/options.py) found once per process and chart,
against found on every page.  The reports' database, in process, response cache off; each chart
page asked 15 times, the median printed, and the first page of a fresh app.

    PYTHONPATH=. .venv/bin/python bench/chart_options.py
"""

import statistics
import time

from fastapi.testclient import TestClient

import app.routes.charts as rc
from app.charts import options
from app.config import Settings
from app.main import create_app

settings = Settings(response_cache_mb=0, draw_default_images=False, allowed_hosts="testserver")
CH = ["investment-by-place", "four-plus-two", "timeline", "places-map"]


def run(label):
    app = create_app(settings)
    with TestClient(app) as c:
        t = time.perf_counter()
        c.get("/charts/timeline?lang=en")
        first = (time.perf_counter() - t) * 1000
        res = {}
        for cid in CH:
            ts = []
            for _ in range(15):
                t = time.perf_counter()
                r = c.get(f"/charts/{cid}?lang=en")
                ts.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
            res[cid] = statistics.median(ts)
    print(f"| {label} | {first:.0f} | " + " | ".join(f"{res[k]:.1f}" for k in CH) + " |")
    app.state.engine.dispose()


print("| options | first page ms | " + " | ".join(CH) + " |")
run("found once per process and chart")


def offered_each(session, definition, max_figures):
    if not options.small_enough(session, max_figures):
        return None
    return options._options(session, definition)


rc.offered = offered_each
run("found on every page")
