from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.web import Settings, create_app
from tests.conftest import SMALL_KB
from tests.storage.dbs import BACKENDS, database_url


def new_account(
    app: FastAPI, username: str, role: str = "patient", password: str = "correct horse battery"
) -> dict[str, object]:
    """The JSON to register an account; a clinician comes with an invitation, as in real use."""
    body: dict[str, object] = {"username": username, "password": password, "role": role}
    if role != "patient":
        body["invitation"] = app.state.accounts.invite(f"test {username}", role=role)
    return body


def make_app(tmp_path: Path, **kw: object) -> FastAPI:
    kw.setdefault("db_url", f"sqlite:///{tmp_path / 'web.db'}")
    return create_app(Settings(kb_root=SMALL_KB, **kw))  # type: ignore[arg-type]


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    """Single-person mode on the small test KB, with a fresh SQLite file for the diary."""
    return make_app(tmp_path)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(params=BACKENDS)
def clinic_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    """Clinic mode on SQLite and on PostgreSQL (a fresh database each)."""
    for url in database_url(request.param, tmp_path):
        app = make_app(tmp_path, db_url=url, multi_user=True)
        yield app
        app.state.store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Debian Chromium per browser-test module (no browser download)."""
    from playwright.sync_api import sync_playwright

    from tests.web.test_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
