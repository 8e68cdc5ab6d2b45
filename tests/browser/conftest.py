"""Browser tests: Playwright for Python driving Debian's Chromium against a real ``cchc serve``.

The server runs once per test session on a temporary SQLite database prepared with ``cchc demo --no-serve``
(reference data and demo data loaded once). Tests log in as the demo users (``cchc.org.demo``).
They are marked ``browser`` and run once, on SQLite (``make test`` skips them on PostgreSQL).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DEMO_PASSWORD = "cchc-demo-2025"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLI = [sys.executable, "-m", "cchc.cli"]


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The environment of a fresh home with the demo data loaded (``cchc demo --no-serve``), DEBUG off."""
    home = tmp_path_factory.mktemp("cchc-browser")
    env = {
        **os.environ,
        "CCHC_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'var' / 'cchc.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "CCHC_DEBUG": "0",
    }
    subprocess.run([*CLI, "demo", "--no-serve"], env=env, check=True, capture_output=True, timeout=600)
    return env


@pytest.fixture(scope="session")
def live_url(demo_env):
    """Base URL of a ``cchc serve`` process on a fresh demo database."""
    env = demo_env
    home = Path(env["CCHC_HOME"])
    cli = CLI
    port = _free_port()
    log = open(home / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=1)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((home / "serve.log").read_text()) from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package 'chromium' (.ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def login(page):
    def do_login(username: str, password: str = DEMO_PASSWORD):
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        return page

    return do_login
