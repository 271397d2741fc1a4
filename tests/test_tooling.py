"""bin/setup and bin/pg as a developer meets them: the Python they take, a throwaway cluster."""

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INITDB = Path("/usr/lib/postgresql/15/bin/initdb")


def _run(*args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_setup_refuses_a_python_outside_the_range_and_names_the_range():
    result = _run("bin/setup", "--python", "3.10", "--venv", "/nonexistent/venv")
    assert result.returncode == 1
    assert "Python 3.10 was not found" in result.stderr and "3.11 to 3.13" in result.stderr
    assert not Path("/nonexistent/venv").exists()


@pytest.mark.parametrize("port", ["80", "abc", "70000"])
def test_pg_refuses_a_port_it_cannot_use(port):
    result = _run("bin/pg", "start", "/tmp/luutru-never-made", port)
    assert result.returncode == 1
    assert f"PORT must be a number from 1024 to 65535, not '{port}'" in result.stderr
    assert not Path("/tmp/luutru-never-made").exists()


@pytest.mark.skipif(
    not INITDB.exists(), reason="PostgreSQL 15 is not installed (bin/test installs it)"
)
def test_pg_starts_a_cluster_with_rum_prints_its_url_and_stop_removes_it():
    import psycopg

    # Under /tmp itself: the postgres user that runs the server must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="luutru-pgtest-", dir="/tmp"))
    port = _free_port()
    try:
        started = _run("bin/pg", "start", str(folder), str(port))
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("postgres://luutru:") and url.endswith(f"@127.0.0.1:{port}/luutru")
        with psycopg.connect(url) as pg:
            pg.execute("CREATE EXTENSION rum")
            assert pg.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone() == (True,)

        again = _run("bin/pg", "start", str(folder / "other"), str(port))
        assert again.returncode == 1 and f"port {port} is already in use" in again.stderr

        stopped = _run("bin/pg", "stop", str(folder))
        assert stopped.returncode == 0, stopped.stderr
        assert not folder.exists()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url, connect_timeout=3)
    finally:
        if folder.exists():
            _run("bin/pg", "stop", str(folder))
            shutil.rmtree(folder, ignore_errors=True)


def test_pg_stop_leaves_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("not a cluster")
    result = _run("bin/pg", "stop", str(tmp_path))
    assert result.returncode == 1 and "not a cluster made by bin/pg" in result.stderr
    assert (tmp_path / "notes.txt").exists()
