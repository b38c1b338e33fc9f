"""The fault and security suite (issue 17): each test reproduces one failure found by the
reliability and security run, on real SQLite and real PostgreSQL where storage is involved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.storage.dbs import BACKENDS, database_url
from tests.web.conftest import make_app, new_account

PASSWORD = "correct horse battery"


class Browser:
    """One browser with its own cookie jar; ``register`` signs it in as a new account."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", **kw: object):
        self.app = app
        self.client = TestClient(app, base_url=f"http://{host}", **kw)  # type: ignore[arg-type]
        self.csrf = ""

    def register(self, username: str, role: str = "patient") -> Browser:
        r = self.client.post("/api/v1/accounts", json=new_account(self.app, username, role))
        assert r.status_code == 201, r.text
        self.csrf = r.json()["csrf_token"]
        return self

    def post(self, url: str, **kw: object):
        return self.client.post(url, headers={"X-CSRF-Token": self.csrf}, **kw)  # type: ignore[arg-type]

    def get(self, url: str, **kw: object):
        return self.client.get(url, **kw)  # type: ignore[arg-type]

    def form_csrf(self, url: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.get(url).text)
        assert found is not None, f"no csrf field on {url}"
        return found.group(1)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url(request.param, tmp_path)


@pytest.fixture
def clinic(db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    app = make_app(tmp_path, db_url=db_url, multi_user=True)
    yield app
    app.state.store.close()


@pytest.fixture
def clinic_small(db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """Clinic mode with small sign-in limits (2 per account and address, 4 per account, 6 per
    address) and an account "alice" to aim at."""
    app = make_app(
        tmp_path,
        db_url=db_url,
        multi_user=True,
        login_max_failures=2,
        login_max_failures_per_account=4,
        login_max_failures_per_address=6,
    )
    Browser(app).register("alice")
    yield app
    app.state.store.close()
