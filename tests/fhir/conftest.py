from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backstride.knowledge import KnowledgeBase
from tests.report.sample import fill_store


@pytest.fixture
def filled_db(tmp_path: Path, small_kb: KnowledgeBase) -> tuple[Path, dict[str, Any]]:
    db = tmp_path / "backstride.db"
    return db, fill_store(db, small_kb)
