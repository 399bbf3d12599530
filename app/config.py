"""Every setting in one place, read from the environment (or a `.env` file).

Names carry their unit where they have one (Datasette's habit): ``sql_time_limit_ms``.
The README lists each with its default.
"""

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_DEFAULT_WORKERS = 4


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Where the data lives. Empty: the embedded SQLite file below.
    database_url: str = ""
    sqlite_path: Path = PROJECT_ROOT / "build" / "ct_rural.sqlite"
    seed_path: Path = PROJECT_ROOT / "data" / "seed.sql"
    # The source texts; only the integrity tests, the coverage check and the about page read them.
    sources_dir: Path = PROJECT_ROOT.parent / "shared" / "seeds"
    # Quantities in the sources that are not figures, each with its reason (`python -m app coverage`).
    not_figures_path: Path = PROJECT_ROOT / "data" / "not-figures.tsv"

    host: str = "127.0.0.1"
    port: int = 8000
    # uvicorn worker processes; unset: one per core, at most MAX_DEFAULT_WORKERS (see worker_count).
    workers: int | None = None
    # On SIGTERM, finish requests in flight for at most this long, then stop (a download still
    # streaming then ends with a last line that says it stopped).
    graceful_shutdown_s: int = 10

    # The site's address as readers reach it ("https://data.example.org"): every absolute link
    # (embed snippets, citations, image addresses) starts with it.  Unset: the request's own
    # scheme and host, the host one of ALLOWED_HOSTS.
    public_url: str = ""
    # Host names the app answers (comma-separated, "*.example.org" patterns; "*" any); another
    # Host header gets 400.  PUBLIC_URL's host is always allowed.
    allowed_hosts: str = "localhost,127.0.0.1"
    # Proxies whose X-Forwarded-Proto and X-Forwarded-For are believed (comma-separated; "*" any).
    forwarded_allow_ips: str = "127.0.0.1"
    # Query strings longer than this get 414; past this many requests in flight in one worker,
    # a request gets 503 with Retry-After rather than a place in an ever longer queue.
    max_query_bytes: int = 4096
    max_requests_in_flight: int = 64
    # Under `python -m app serve`, a worker whose threads have all been stuck this long exits and
    # its supervisor starts a fresh one (app/lifecycle.py; 0: never).
    worker_timeout_s: int = 30

    # Database connections per process: one per thread rendering a page, and more for answers
    # being sent while their session closes.
    db_pool_size: int = 16
    # Past this wait for a free connection (overload), a request answers 503 rather than queueing on.
    db_pool_timeout_s: int = 5
    # The query guard: a statement running longer is stopped and the request answers 503.
    sql_time_limit_ms: int = 2000
    # The counts beside a figure list's filter options are counted for its selection in a
    # database of at most this many figures (app/queries/facets.py); in a larger one, only with
    # no filter chosen (counted at build time).
    facet_counts_max_figures: int = 10_000
    # Rendered answers kept in memory per process (0 turns the cache off); a cache in front
    # (deploy/nginx.conf) keeps them for every worker.
    response_cache_mb: int = 32

    default_page_size: int = 50
    max_page_size: int = 500
    max_search_length: int = 100
    # A .csv/.json export longer than this stops there and says so (Datasette's max_csv_mb; 0: no limit).
    max_export_mb: float = 50

    # Chart images: Chromium stops after this many seconds without an image to draw (0: never).
    image_renderer_idle_s: int = 120
    # Images drawn at once per process (Chromium tabs), and how many more may wait for one; past
    # that an image answers 503 with Retry-After (app/charts/render.py).  One at a time served
    # as many images per second as two, with less memory and a steadier /healthz (bench/RESULTS.md).
    image_renders: int = 1
    # Each worker draws every chart's thumbnail and default PNG and SVG when it starts
    # (app/charts/defaults.py), so that the first readers of /charts do not wait for them.
    draw_default_images: bool = True
    # The CPUs Chromium may draw on, the machine's last ones (0: half of them), so that the workers
    # always have a core for pages and /healthz (app/charts/render.py).
    image_cpus: int = 0
    image_queue: int = 7
    # A render, or a wait for a tab, longer than this fails (503) and Chromium is restarted.
    image_deadline_s: int = 20

    # Front-end libraries are installed by npm into this folder and served by the app.
    node_modules_path: Path = PROJECT_ROOT / "node_modules"

    def worker_count(self) -> int:
        """The workers to start: as set, or one per core (each keeps its own response cache and,
        while it draws images, its own Chromium: see the README on memory)."""
        return self.workers or min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)

    def hosts_allowed(self) -> list[str]:
        hosts = [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]
        if self.public_url:
            hosts.append(urlsplit(self.public_url).hostname or "")
        return [h for h in hosts if h] or ["*"]

    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
