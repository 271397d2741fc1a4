"""The app as users meet it: gunicorn on a loopback port over a fresh archive of the seeds,
driven by Debian's Chromium through Playwright.

The server is started once per session in a temporary data folder (its own database,
search index and static files), seeded by `import_articles fixtures/articles`, with one
curator account. Without Chromium these tests are skipped, except under CI (the CI variable
set), where a missing browser is a failure.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import scratch_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CURATOR = ("bientap", "Biên-tập-viên-2024")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _wait_for(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer on {url}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def live_database():
    """The server's DATABASE_URL: on PostgreSQL a database of its own, dropped afterwards
    (never the one DATABASE_URL names); unset for SQLite in the data folder."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield ""
        return
    with scratch_database(url, prefix="luutru_browser") as database_url:
        yield database_url


@pytest.fixture(scope="session")
def live_url(tmp_path_factory, chromium_path, live_database):
    """Base URL of gunicorn serving an archive of the seed articles."""
    data = tmp_path_factory.mktemp("archive")
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_SECRET_KEY": "browser-tests-only",
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_ROOT": str(data / "static"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CURATOR_PASSWORD": CURATOR[1],
    }
    if live_database:
        env["DATABASE_URL"] = live_database
    else:
        env.pop("DATABASE_URL", None)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "import_articles", "fixtures/articles", "--workers", "1", "--no-progress")
    # Three seeds as a crawler captured them: the articles gain their captures.
    from tests.captures import Warc, seed_page

    warc = Warc()
    for prefix in ("002", "001", "003"):
        url, html = seed_page(prefix)
        warc.response(url, html.encode(), date="2024-03-05T02:00:00Z")
    crawl = warc.save(data / "crawl.warc.gz")
    _manage(env, "import_articles", str(crawl), "--workers", "1", "--no-progress")
    if not (data / "whoosh_index").exists():
        _manage(env, "rebuild_index", "--noinput", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(env, "create_curator", CURATOR[0])
    port = _free_port()
    log = data / "gunicorn.log"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop-sized tab of a Vietnamese reader."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
