from __future__ import annotations

from pathlib import Path

import pytest

from backstride.knowledge import KnowledgeBase, load_kb

SMALL_KB = Path(__file__).parent / "data" / "kb_small"


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    """Three conditions with numbers simple enough to check by hand."""
    return load_kb(SMALL_KB)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real, packaged knowledge base."""
    return load_kb()
