"""The app in its own uvicorn process on a free loopback port: for the browser tests and the
benchmarks, which must drive a real server from another process."""

from __future__ import annotations

import contextlib
import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from app.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def running(command: list[str], health_url: str, **popen) -> Iterator[subprocess.Popen]:
    """A server process, once ``health_url`` answers 200; stopped on exit (killed if it will not
    stop within 20 s)."""
    process = subprocess.Popen(command, **popen)
    try:
        wait_until_up(health_url, process)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def serve(
    environment: dict[str, str], *uvicorn_args: str, workers: int = 1, tree: Path = PROJECT_ROOT
) -> Iterator[tuple[str, subprocess.Popen]]:
    """(base URL, process) of uvicorn with this many workers and these settings in its environment,
    serving the app of ``tree`` (this project, or a worktree of another commit); stopped on exit.
    With more than one worker the process is uvicorn's supervisor of the workers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "app.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-server-header",
        *uvicorn_args,
    ]
    # A server for measurement starts quiet: it draws the default chart images only when asked to
    # (bench/images.py --first-visit), as they would take a core for its first half minute.
    environment = {"DRAW_DEFAULT_IMAGES": "0", **environment}
    with running(command, f"{base}/healthz", cwd=tree, env={**os.environ, **environment}) as process:
        yield base, process


# The Chromium the browser tests and benchmarks drive through Playwright, and the switches that
# keep it from reaching Google's services from a closed network.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
)


def launch_chromium(playwright):
    """Headless Chromium, offline, from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


def ask_health(address: str, every_s: float, stop, results) -> None:
    """Ask /healthz every ``every_s`` on a new connection until ``stop`` is set; send the times back."""
    times, failures = [], 0
    while not stop.is_set():
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(address, timeout=30)
            connection.request("GET", "/healthz")
            ok = connection.getresponse().status == 200
            connection.close()
        except OSError:
            ok = False
        times.append(time.perf_counter() - started)
        failures += not ok
        time.sleep(every_s)
    results.send((times, failures))


class HealthProbe:
    """/healthz asked while a benchmark loads the server, in a process of its own by default: in a
    thread of the load generator it waits for that process's interpreter lock (held by the threads
    reading every answer), and the wait would be counted as the server's."""

    def __init__(self, base: str, every_s: float, in_process: bool = True) -> None:
        self.address = urlsplit(base).netloc
        self.times: list[float] = []
        self.failures = 0
        self.in_process = in_process
        self.stop = multiprocessing.Event() if in_process else threading.Event()
        self.received, sent = multiprocessing.Pipe(duplex=False)
        runner = multiprocessing.Process if in_process else threading.Thread
        self.runner = runner(target=ask_health, args=(self.address, every_s, self.stop, sent), daemon=True)

    def start(self) -> None:
        self.runner.start()

    def finish(self) -> None:
        self.stop.set()
        self.times, self.failures = self.received.recv()
        self.runner.join()
