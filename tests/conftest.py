"""Every test gets its own data folder: the search index lives in a temporary directory."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    """Point the search index (and any other writable file) at a fresh temporary folder."""
    settings.DATA_DIR = tmp_path
    index = tmp_path / "whoosh_index"
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(index)}
    }
    from haystack import connections

    connections.reload("default")
    yield tmp_path
    connections.reload("default")


@pytest.fixture
def seed_paths():
    return sorted(FIXTURES.glob("*.txt"))


def seed_text(prefix):
    """The raw text of the seed whose file name starts with prefix ("002")."""
    return next(FIXTURES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
