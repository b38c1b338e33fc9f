"""Issue 17, item 9: CSRF on sign-in and register, no caching of private answers, a CSP on
every page (the API docs too), and every error status in the OpenAPI schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.security.conftest import PASSWORD, Browser
from tests.web.conftest import make_app


@pytest.fixture
def clinic_sqlite(tmp_path: Path):
    app = make_app(tmp_path, multi_user=True)
    yield app
    app.state.store.close()


def test_login_and_register_forms_need_the_csrf_token(clinic_sqlite: FastAPI) -> None:
    Browser(clinic_sqlite).register("alice")
    attacker_page = TestClient(clinic_sqlite, base_url="http://127.0.0.1")
    login = {"username": "alice", "password": PASSWORD}
    for data in (login, {**login, "csrf": "forged"}):
        r = attacker_page.post("/login", data=data, follow_redirects=False)
        assert r.status_code == 403 and "backstride_session" not in r.headers.get("set-cookie", "")
    new = {"username": "mallory", "password": PASSWORD}
    assert attacker_page.post("/register", data=new).status_code == 403
    # the real forms carry it, bound to this browser's own cookie
    me = Browser(clinic_sqlite)
    token = me.form_csrf("/login")
    assert token != Browser(clinic_sqlite).form_csrf("/login")  # one per browser
    r = me.client.post("/login", data={**login, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and me.get("/api/v1/session").json()["username"] == "alice"
    other = Browser(clinic_sqlite)
    reg = other.client.post(
        "/register", data={**new, "csrf": other.form_csrf("/register")}, follow_redirects=False
    )
    assert reg.status_code == 303
    # a token from one browser does not work in another
    third = Browser(clinic_sqlite)
    third.form_csrf("/login")
    r = third.client.post("/login", data={**login, "csrf": token}, follow_redirects=False)
    assert r.status_code == 403


def test_the_json_sign_in_cannot_be_sent_by_a_cross_site_form(clinic_sqlite: FastAPI) -> None:
    """A form on another site can send text/plain, never application/json without CORS."""
    Browser(clinic_sqlite).register("alice")
    c = TestClient(clinic_sqlite, base_url="http://127.0.0.1")
    body = f'{{"username": "alice", "password": "{PASSWORD}"}}'
    r = c.post("/api/v1/session", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 422 and "backstride_session" not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    "url", ["/", "/diary", "/my", "/result", "/docs", "/api/v1/diary", "/openapi.json", "/nowhere"]
)
def test_private_answers_are_never_cached(tmp_path: Path, url: str) -> None:
    with TestClient(make_app(tmp_path), base_url="http://127.0.0.1") as c:
        r = c.get(url)
    assert r.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_static_files_may_be_cached_and_docs_have_the_page_csp(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path), base_url="http://127.0.0.1") as c:
        css = c.get("/static/style.css")
        docs = c.get("/docs")
    assert css.status_code == 200 and "no-store" not in css.headers.get("cache-control", "")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert "unsafe-inline" not in docs.headers["content-security-policy"]


def test_the_bad_host_answer_is_a_documented_problem(tmp_path: Path) -> None:
    with TestClient(make_app(tmp_path), base_url="http://127.0.0.1") as c:
        r = c.get("/api/v1/health", headers={"host": "rebound.example"})
        spec = c.get("/openapi.json").json()
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert "rebound.example" in r.json()["detail"] and "127.0.0.1" in r.json()["detail"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert "400" in op["responses"], (method, path)
            content = op["responses"]["400"]["content"]
            assert "application/problem+json" in content


def test_clinic_schema_lists_401_403_404_429(clinic_sqlite: FastAPI) -> None:
    spec = clinic_sqlite.openapi()
    ops = spec["paths"]
    assert {"401", "403"} <= set(ops["/api/v1/diary"]["post"]["responses"])
    assert {"401", "404"} <= set(ops["/api/v1/assessments/{assessment_id}"]["get"]["responses"])
    assert {"429", "503"} <= set(ops["/api/v1/session"]["post"]["responses"])
    assert "401" in ops["/api/v1/patients"]["get"]["responses"]
    assert "401" not in ops["/api/v1/health"]["get"]["responses"]  # public
