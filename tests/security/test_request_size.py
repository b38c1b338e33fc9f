"""Request bodies have a size limit before the app reads them (walk uploads have their own).

Starlette holds a whole body in memory before any route sees it, sign-in included: one 300 MB
``POST /api/v1/session`` took a clinic server from 210 MB to 1.1 GB. Now anything over
``limits.MAX_REQUEST_BYTES`` is a 413 that names the limit, whether the body says its length
or arrives in chunks, and nothing is saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.limits import MAX_REQUEST_BYTES
from tests.security.conftest import Browser
from tests.web.conftest import make_app

GPX = Path(__file__).parents[1] / "data" / "walks" / "cerknicko-jezero.gpx"
JSON = {"content-type": "application/json"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = make_app(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def _attempts(app: FastAPI) -> int:
    from sqlalchemy import func, select

    from backstride.storage.models import LoginAttempt

    with app.state.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(LoginAttempt)) or 0)


def _padded_entry(size: int) -> bytes:
    """A valid diary entry, padded with spaces to ``size`` bytes (JSON allows any amount)."""
    body = json.dumps({"pain_now": 3, "notes": "fine"}).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def test_a_body_over_the_limit_is_refused_and_saves_nothing(client: TestClient) -> None:
    r = client.post("/api/v1/diary", content=_padded_entry(MAX_REQUEST_BYTES + 1), headers=JSON)
    assert r.status_code == 413, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["field"] == "body" and f"{MAX_REQUEST_BYTES:,} bytes" in body["detail"]
    assert f"{MAX_REQUEST_BYTES + 1:,}" in body["detail"]  # the size it was sent with
    assert client.get("/api/v1/diary").json() == []
    # just under the limit is an ordinary entry
    r = client.post("/api/v1/diary", content=_padded_entry(MAX_REQUEST_BYTES), headers=JSON)
    assert r.status_code == 201, r.text


def test_a_body_sent_in_chunks_is_stopped_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"pain_now": 3, "notes": "x"'
        for _ in range(MAX_REQUEST_BYTES // 65536 + 2):
            yield b" " * 65536
        yield b"}"

    r = client.post("/api/v1/diary", content=chunks(), headers=JSON)
    assert r.status_code == 413, r.text
    assert f"more than {MAX_REQUEST_BYTES:,} bytes" in r.json()["detail"]
    assert client.get("/api/v1/diary").json() == []


def test_a_page_gets_a_page_and_the_form_is_not_read(client: TestClient) -> None:
    text = "my back hurts " * (MAX_REQUEST_BYTES // 10)
    r = client.post("/start", data={"text": text}, headers={"accept": "text/html"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "Request too large" in r.text and f"{MAX_REQUEST_BYTES:,}" in r.text


def test_walk_uploads_keep_their_own_larger_limit(client: TestClient) -> None:
    padded = GPX.read_bytes() + b"\n" * (MAX_REQUEST_BYTES + 10)  # white space after </gpx>
    files = {"file": ("long.gpx", padded, "application/gpx+xml")}
    r = client.post("/api/v1/my/walks", files=files)
    assert r.status_code == 201, r.text
    assert r.json()["walks_added"] >= 1


def test_sign_in_with_a_huge_body_is_refused_before_it_is_read(clinic: FastAPI) -> None:
    b = Browser(clinic).register("alice")
    anon = Browser(clinic)
    before = _attempts(clinic)
    password = "a" * (MAX_REQUEST_BYTES + 1)
    r = anon.client.post("/api/v1/session", json={"username": "alice", "password": password})
    assert r.status_code == 413, r.text
    assert _attempts(clinic) == before  # no sign-in attempt was counted against her
    assert b.get("/api/v1/session").status_code == 200
