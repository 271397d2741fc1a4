"""The archive as gunicorn serves it (config/gunicorn.py), not only as the test client sees it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def served(tmp_path):
    """Base URL of gunicorn serving an empty archive in tmp_path, with the project's config."""
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + "/api/search", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait()


def test_a_5000_character_query_gets_a_page(served):
    """5,000 characters of Vietnamese are ~45 KB of URL: gunicorn's own limit would say 414."""
    query = urllib.parse.quote("ả" * 5000)
    for path in ("/search/", "/api/search"):
        request = urllib.request.Request(
            f"{served}{path}?q={query}", headers={"Referer": f"{served}/search/?q={query}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, path
