from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backstride.storage import Store
from tests.storage.dbs import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a SQLite file, then a fresh PostgreSQL database."""
    yield from database_url(request.param, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s
