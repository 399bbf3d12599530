"""The image renderer under real use: many images at once each get their own bytes, a full
renderer answers 503 at once, a killed Chromium is replaced and never wedges the server, and
shutdown takes seconds."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.charts import CHARTS
from app.charts.render import Renderer, RendererBusy, RenderFailed, browser_path, image_cpus
from app.images import svg_title
from bench.devserver import serve

pytestmark = [
    pytest.mark.images,
    pytest.mark.skipif(browser_path() is None, reason="NO CHROMIUM: chart images are not drawn here"),
]

CHART_IDS = list(CHARTS)
SMALL = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": {"text": "small"}}}


def with_renderer(app, **limits) -> Renderer:
    """A renderer of its own for one test, swapped in for the app's (and stopped after)."""
    return Renderer(app.state.renderer.plotly_js, **limits)


@pytest.fixture
def uncached_app(settings):
    """The app with no response cache: every request here is drawn, none answered from another's."""
    from app.main import create_app

    app = create_app(settings.model_copy(update={"response_cache_mb": 0}))
    yield app
    app.state.renderer.stop()
    app.state.engine.dispose()


def draw(renderer: Renderer, figure: dict = SMALL) -> bytes:
    """One render, awaited on an event loop of its own (a browser test may hold this thread's)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, renderer.render(figure, "svg", 400, 300, 1)).result()


def fetch_all(app, urls: list[str]) -> list[httpx.Response]:
    """All at once, on an event loop of their own (a browser test may hold this thread's)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, _fetch_all(app, urls)).result()


async def _fetch_all(app, urls: list[str]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=120) as client:
        return await asyncio.gather(*(client.get(url) for url in urls))


def test_many_images_at_once_are_each_the_chart_asked_for(uncached_app) -> None:
    """Every chart in both languages and formats, all at once: each SVG holds its own chart's
    title, and each PNG is byte for byte the image the same address gives when drawn alone."""
    uncached_app.state.renderer = with_renderer(uncached_app, tabs=2, queue=48)
    urls = [f"/charts/{c}.{fmt}?lang={lang}" for c in CHART_IDS for lang in ("zh", "en") for fmt in ("svg", "png")]
    together = fetch_all(uncached_app, urls)
    titles = {
        (c, lang): r.json()["title"]
        for c in CHART_IDS
        for lang in ("zh", "en")
        for r in fetch_all(uncached_app, [f"/charts/{c}.json?lang={lang}"])
    }
    for url, response in zip(urls, together, strict=True):
        assert response.status_code == 200, (url, response.text[:200])
        chart_id, lang = url.split("/")[2].split(".")[0], url[-2:]
        if url.split("?")[0].endswith(".svg"):
            assert svg_title(response.text) == re.sub(r"\s+", "", titles[chart_id, lang]), url
    for url, response in zip(urls, together, strict=True):
        if url.split("?")[0].endswith(".png"):
            (alone,) = fetch_all(uncached_app, [url])
            assert alone.content == response.content, f"{url} drawn alone differs from drawn in a crowd"


def test_a_full_renderer_answers_503_with_retry_after_at_once(uncached_app) -> None:
    uncached_app.state.renderer = with_renderer(uncached_app, tabs=1, queue=1)
    urls = [f"/charts/timeline.svg?lang=en&width={400 + 10 * i}" for i in range(8)]
    started = time.monotonic()
    answers = fetch_all(uncached_app, urls)
    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) == {200, 503} and statuses.count(200) >= 2, statuses
    busy = next(r for r in answers if r.status_code == 503)
    assert int(busy.headers["retry-after"]) > 0
    assert "try again" in busy.json()["error"]["message"]
    assert time.monotonic() - started < 30


def test_a_render_past_its_deadline_fails_and_the_next_one_works(app) -> None:
    renderer = with_renderer(app, tabs=1, queue=2, deadline_s=0.001)
    try:
        with pytest.raises(RenderFailed):
            draw(renderer)
        assert renderer.restarts == 1
        renderer.deadline_s = 20
        assert draw(renderer).startswith(b"<svg")
    finally:
        renderer.stop()


def test_chromium_stops_when_idle_and_starts_again(app) -> None:
    renderer = with_renderer(app, idle_s=0.3)
    try:
        assert draw(renderer).startswith(b"<svg")
        assert renderer.started
        time.sleep(1.0)
        assert not renderer.started
        assert draw(renderer).startswith(b"<svg")
    finally:
        renderer.stop()


def test_images_asked_for_while_chromium_is_closed_when_idle_are_all_drawn(app) -> None:
    """The start-up closes Chromium once the default images are drawn (stop_if_idle), and readers
    may ask for images at that moment: every one is drawn, by the Chromium closing or a new one."""
    renderer = with_renderer(app, tabs=2, queue=32)
    closing = threading.Event()

    def close_over_and_over() -> None:
        while not closing.is_set():
            renderer.stop_if_idle()
            time.sleep(0.02)

    async def waves() -> list[bytes]:
        drawn: list[bytes] = []
        for wave in range(4):
            figures = [{**SMALL, "layout": {"title": {"text": f"wave {wave} image {n}"}}} for n in range(6)]
            drawn += await asyncio.gather(*(renderer.render(f, "svg", 400, 300, 1) for f in figures))
            await asyncio.sleep(0.1)  # idle between waves: the closer gets its chance
        return drawn

    closer = threading.Thread(target=close_over_and_over, daemon=True)
    closer.start()
    try:
        with ThreadPoolExecutor(1) as thread:
            drawn = thread.submit(asyncio.run, waves()).result()
    finally:
        closing.set()
        closer.join()
        renderer.stop()
    assert len(drawn) == 24
    for n, svg in enumerate(drawn):
        assert svg.startswith(b"<svg") and f"wave {n // 6} image {n % 6}".encode() in svg
    assert renderer.restarts == 0  # closed when idle, never failed


def test_admission_counts_what_waits(app) -> None:
    renderer = with_renderer(app, tabs=1, queue=0)
    renderer.admitted = 1  # one render in flight and no room to wait
    with pytest.raises(RendererBusy):
        draw(renderer)
    renderer.admitted = 0
    renderer.stop()


def test_chromium_draws_on_half_the_cpus_by_default(monkeypatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3, 4, 5, 6, 7})
    assert image_cpus() == {4, 5, 6, 7}
    assert image_cpus(1) == {7}
    assert image_cpus(8) == set()  # all of them: nothing to set
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert image_cpus() == {1}
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {3})
    assert image_cpus() == set()  # one CPU is shared, as before


def chromium_threads(pid: int) -> list[tuple[str, str, int]]:
    """(name, the CPUs it may run on, CPU time in clock ticks) of every thread of every process in
    Chromium's session."""
    found = []
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            try:
                if int((process / "stat").read_text().rpartition(")")[2].split()[3]) != pid:
                    continue
                for thread in (process / "task").iterdir():
                    status = (thread / "status").read_text()
                    times = (thread / "stat").read_text().rpartition(")")[2].split()[11:13]
                    cpus = re.search(r"Cpus_allowed_list:\s*(\S+)", status).group(1)
                    found.append(((thread / "comm").read_text().strip(), cpus, sum(map(int, times))))
            except (OSError, ValueError):
                continue
    return found


# SwiftShader's worker threads in Chromium's GPU process pin themselves to a core of their choosing
# (Chromium's own call, made after they inherit ours); with the GPU off they stay idle.
SELF_PINNED = re.compile(r"Thread<\d+>")


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU: nothing to keep Chromium off")
def test_chromium_and_the_renderers_it_starts_run_on_their_cpus_only(app) -> None:
    last = max(os.sched_getaffinity(0))
    renderer = with_renderer(app, tabs=2, cpus=frozenset({last}))
    try:
        draw(renderer)
        draw(renderer, {**SMALL, "layout": {"title": {"text": "another"}}})
        threads = chromium_threads(renderer.engine.pid)
        assert len(threads) > 20  # the browser, its zygotes, GPU and renderer processes, their threads
        ours = [(name, cpus) for name, cpus, _ticks in threads if not SELF_PINNED.fullmatch(name)]
        assert {cpus for _name, cpus in ours} == {str(last)}, ours
        assert all(ticks <= 5 for name, _cpus, ticks in threads if SELF_PINNED.fullmatch(name))
    finally:
        renderer.stop()


def chromium_processes(server_pid: int) -> tuple[int, list[tuple[int, int]]]:
    """(browser pid, [(renderer pid, resident kB)]) of the Chromium a server process started."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                rss_kb = int((entry / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            except (OSError, IndexError):
                continue
            processes[int(entry.name)] = (int(stat[1]), int(stat[2]), command, rss_kb)  # ppid, pgid

    def descends(pid: int) -> bool:
        while pid in processes and pid != server_pid:
            pid = processes[pid][0]
        return pid == server_pid

    browsers = [p for p, (ppid, pgid, cmd, _) in processes.items() if "chromium" in cmd and pgid == p and descends(p)]
    assert browsers, "no Chromium under the server"
    browser = browsers[0]
    renderers = [
        (p, rss) for p, (_, pgid, cmd, rss) in processes.items() if pgid == browser and "--type=renderer" in cmd
    ]
    return browser, renderers


class Health(threading.Thread):
    """Asks /healthz (or another address) every 50 ms while a test runs; keeps every answer's time."""

    def __init__(self, base: str, path: str = "/healthz") -> None:
        super().__init__(daemon=True)
        self.base, self.path, self.times, self.failures, self.running = base, path, [], [], True

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while self.running:
                started = time.monotonic()
                try:
                    status = client.get(self.path).status_code
                except httpx.HTTPError as error:
                    status = repr(error)
                self.times.append(time.monotonic() - started)
                if status != 200:
                    self.failures.append(status)
                time.sleep(0.05)

    def stop(self) -> None:
        self.running = False
        self.join()


def render_in_background(base: str, urls: list[str]) -> list:
    answers: list = []

    def get(url: str) -> None:
        try:
            answers.append(httpx.get(base + url, timeout=60).status_code)
        except httpx.HTTPError as error:
            answers.append(repr(error))

    threads = [threading.Thread(target=get, args=(url,), daemon=True) for url in urls]
    for thread in threads:
        thread.start()
    return threads, answers


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["browser", "largest renderer"])
def test_killing_chromium_mid_render_never_wedges_the_server(settings, victim: str) -> None:
    environment = {
        "SQLITE_PATH": str(settings.sqlite_path),
        "DATABASE_URL": settings.database_url,
        "RESPONSE_CACHE_MB": "0",
    }
    with serve(environment) as (base, server):
        assert httpx.get(f"{base}/charts/timeline.svg?lang=en", timeout=60).status_code == 200  # Chromium up
        health = Health(base)
        health.start()
        urls = [f"/charts/{c}.png?lang={lang}&width=1{i}10" for i, c in enumerate(CHART_IDS) for lang in ("zh", "en")]
        threads, answers = render_in_background(base, urls)
        time.sleep(0.3)
        browser, renderers = chromium_processes(server.pid)
        if victim == "browser":
            os.kill(browser, signal.SIGKILL)
        else:
            os.kill(max(renderers, key=lambda r: r[1])[0], signal.SIGKILL)
        killed = time.monotonic()
        for thread in threads:
            thread.join(timeout=60)
        assert all(a in (200, 503) for a in answers), answers  # answered, never a 500 or a hang
        next_image = httpx.get(f"{base}/charts/money-by-kind.svg?lang=en&width=1234", timeout=30)
        assert next_image.status_code == 200 and next_image.text.startswith("<svg")
        assert time.monotonic() - killed < 10 + 2, "the next image after the kill took too long"
        health.stop()
        assert not health.failures and max(health.times) < 1.0, (health.failures, max(health.times))
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        assert time.monotonic() - started < 10


@pytest.mark.slow
def test_health_and_cached_pages_answer_quickly_while_images_render(settings) -> None:
    """Images drawn back to back, a dozen waiting: /healthz and a page from the response cache
    are still answered at once (the issue measured /healthz at p95 0.9-8.8 s under such load)."""
    environment = {"SQLITE_PATH": str(settings.sqlite_path), "DATABASE_URL": settings.database_url}
    with serve(environment) as (base, _server):
        assert httpx.get(f"{base}/about?lang=en", timeout=30).headers["x-cache"] in ("miss", "hit")
        assert httpx.get(f"{base}/about?lang=en", timeout=30).headers["x-cache"] == "hit"
        health, page = Health(base), Health(base, "/about?lang=en")
        urls = [f"/charts/{c}.png?lang={lang}&width=1{i}20" for i, c in enumerate(CHART_IDS) for lang in ("zh", "en")]
        threads, answers = render_in_background(base, urls[:8])
        health.start()
        page.start()
        for thread in threads:
            thread.join(timeout=120)
        health.stop()
        page.stop()
        assert answers.count(200) >= 2 and set(answers) <= {200, 503}, answers
        for probe in (health, page):
            assert len(probe.times) > 40 and not probe.failures, (probe.path, len(probe.times), probe.failures)
            assert percentile(probe.times, 0.95) < 0.050, (probe.path, sorted(probe.times)[-10:])


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(len(values) * share)]


@pytest.mark.slow
def test_stopping_a_frozen_chromium_takes_seconds(app) -> None:
    renderer = with_renderer(app, tabs=1)
    draw(renderer)
    browser = renderer.engine.pid
    os.killpg(browser, signal.SIGSTOP)  # answers nothing, as a wedged browser would
    started = time.monotonic()
    renderer.stop()
    assert time.monotonic() - started < 8
    time.sleep(0.2)
    stat = Path(f"/proc/{browser}/stat")
    assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z", "Chromium still runs"
