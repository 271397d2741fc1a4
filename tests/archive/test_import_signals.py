"""A real import_articles process stopped by SIGTERM or killed with -9: its workers end with
it, each article is whole or absent, and (SIGTERM) what was stored is indexed."""

import signal

import pytest

from bench.scratch import (
    UNDER_WAY,
    ScratchArchive,
    alive,
    article_files,
    children_of,
    stop,
    wait_until,
)


@pytest.fixture
def archive(tmp_path):
    return ScratchArchive(tmp_path / "data").migrate()


def _started_import(archive, tmp_path, count=UNDER_WAY):
    files = article_files(tmp_path / "articles", count)
    process = archive.start_import(tmp_path / "articles", workers=2)
    wait_until(
        lambda: archive.stored_count() >= 4 or process.poll() is not None,
        timeout=180,
        what="4 articles stored",
    )
    assert process.poll() is None, archive.output()
    workers = children_of(process.pid)
    assert len(workers) >= 2  # the two workers (and multiprocessing's resource tracker)
    return process, workers, files


def test_sigterm_stops_the_import_and_its_workers_and_indexes_what_was_stored(archive, tmp_path):
    process, workers, files = _started_import(archive, tmp_path)
    status = stop(process, signal.SIGTERM)
    out, err = archive.output()
    assert status == 128 + signal.SIGTERM, (out, err)
    assert "Stopped by SIGTERM: the articles listed as imported are stored whole" in err
    wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10, what="workers' end")
    state = archive.state()
    assert 4 <= state["stored"] < len(files)
    assert f"Imported {state['stored']}, " in out
    assert state["broken"] == []
    assert state["indexed"] == state["stored"]
    # The next run adds the rest: nothing counted twice, nothing lost.
    archive.manage("import_articles", str(tmp_path / "articles"), "--workers", "1")
    assert archive.state()["stored"] == len(files)


def test_kill_9_leaves_each_article_whole_or_absent_and_no_worker_alive(archive, tmp_path):
    process, workers, files = _started_import(archive, tmp_path)
    status = stop(process, signal.SIGKILL)
    assert status == -signal.SIGKILL
    wait_until(lambda: not any(alive(pid) for pid in workers), timeout=10, what="workers' end")
    state = archive.state()
    assert state["stored"] >= 4 and state["broken"] == []
