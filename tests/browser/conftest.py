"""Browser tests: the app served by uvicorn on a free loopback port, driven by Playwright in
Debian's Chromium.  Where no Chromium is installed they are skipped, and the run says so loudly."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, Settings
from bench.devserver import CHROMIUM, free_port, launch_chromium, serve

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
MISSING = not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=f"NO CHROMIUM at {CHROMIUM}: browser tests not run"))


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> str:
    """The real app, in its own uvicorn process, on the database this run built."""
    with serve({"SQLITE_PATH": str(settings.sqlite_path), "DATABASE_URL": settings.database_url}) as (base, _process):
        yield base


@pytest.fixture(scope="session")
def other_origin(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A page on another loopback origin (another port) that frames the app: one embed, one normal page."""
    folder = tmp_path_factory.mktemp("other-origin")
    (folder / "frames.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Another site</title></head><body>"
        f"<iframe id='embed' title='embed' src='{live_server}/embed/four-plus-two?lang=en' width='900' height='700'>"
        "</iframe>"
        f"<iframe id='normal' title='normal' src='{live_server}/figures?lang=en' width='900' height='400'></iframe>"
        "</body></html>",
        encoding="utf-8",
    )
    # The "use this chart" panel's snippet, as a reader would paste it: the iframe and the script.
    (folder / "autoheight.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A report</title></head><body>"
        "<h1>A report that embeds a chart</h1>"
        f"<iframe id='auto' src='{live_server}/embed/investment-by-place?lang=en' width='640' height='560'"
        " style='border:0' title='chart'></iframe>"
        f"<script src='{live_server}/embed.js' async></script>"
        "</body></html>",
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args) -> None:
            super().__init__(*args, directory=str(folder))

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page")
        if page is not None:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            path = ARTIFACTS / f"{item.name.replace('/', '_')[:150]}.png"
            with contextlib.suppress(Exception):
                page.screenshot(path=str(path), full_page=True)
                report.sections.append(("browser screenshot", f"saved to {path}"))


@pytest.fixture
def context(browser):
    created = browser.new_context(viewport={"width": 1280, "height": 900})
    yield created
    created.close()


@pytest.fixture
def page(context):
    return context.new_page()


class Recorder:
    """Every request and console message a page makes, to prove it stays on our host and is clean."""

    def __init__(self, page, allowed_origins: tuple[str, ...]) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.allowed = allowed_origins
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not u.startswith(self.allowed) and not u.startswith(("data:", "blob:", "about:"))
        ]


@pytest.fixture
def recorder(page, live_server: str) -> Recorder:
    return Recorder(page, (live_server,))


def pytest_terminal_summary(terminalreporter) -> None:
    if MISSING:
        terminalreporter.write_sep("!", f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}", red=True, bold=True)
        terminalreporter.write_line("Install Debian's chromium (apt-get install chromium) to run them; .ci/run does.")
