"""Every test gets its own data folder: the search index lives in a temporary directory."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, settings):
    """Point the search index (and any other writable file) at a fresh temporary folder."""
    from search.engine import get_engine, reset_engines

    settings.DATA_DIR = tmp_path
    if settings.ARCHIVE_SEARCH["ENGINE"] == "whoosh":
        settings.ARCHIVE_SEARCH = {"ENGINE": "whoosh", "PATH": str(tmp_path / "whoosh_index")}
    reset_engines()
    if settings.ARCHIVE_SEARCH["ENGINE"] == "whoosh":
        # An empty archive's index, as `ensure_index` makes it in a new data folder.
        get_engine().rebuild([])
    yield tmp_path
    reset_engines()


@pytest.fixture
def seed_paths():
    return sorted(FIXTURES.glob("*.txt"))


def seed_text(prefix):
    """The raw text of the seed whose file name starts with prefix ("002")."""
    return next(FIXTURES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
