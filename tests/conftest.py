from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from backstride.knowledge import KnowledgeBase, load_kb

SMALL_KB = Path(__file__).parent / "data" / "kb_small"

# compiled knowledge bases (knowledge/loader.py) go to a throwaway folder, never the user's
# cache; set at import so that session fixtures and subprocesses use it too
os.environ.setdefault("BACKSTRIDE_CACHE_DIR", tempfile.mkdtemp(prefix="bs-kb-cache-"))
# and a process started without BACKSTRIDE_DB (an env built before the fixture below ran)
# falls back to a throwaway data folder, never the user's own
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="bs-data-")


@pytest.fixture(autouse=True)
def _private_database(tmp_path_factory, monkeypatch):
    """No test writes to the real user data folder: default to a throwaway SQLite file."""
    db = tmp_path_factory.mktemp("db") / "backstride.db"
    monkeypatch.setenv("BACKSTRIDE_DB", str(db))


@pytest.fixture(scope="session")
def small_kb() -> KnowledgeBase:
    """Three conditions with numbers simple enough to check by hand."""
    return load_kb(SMALL_KB)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real, packaged knowledge base."""
    return load_kb()


@pytest.fixture(scope="module")
def module_web_client(tmp_path_factory):
    """The web app (single-person mode) on a fresh SQLite file of its own, as a test client
    shared by one module's tests. A module names it ``client`` with a one-line fixture."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app

    db = tmp_path_factory.mktemp("web") / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
