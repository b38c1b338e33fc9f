"""Changes sent by a browser from another site are refused before any route runs.

The single-person API has no CSRF token (no sign-in), and a hostile page's
``fetch(url, {mode: "no-cors", body: formData})`` is a multipart POST that needs no preflight:
before this check such a page could add walks to the person's diary (which moves their walking
programme on). Tested with the headers browsers send, and in a real Chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live import free_port, live_server
from tests.web.conftest import make_app

GPX = Path(__file__).parents[1] / "data" / "walks" / "cerknicko-jezero.gpx"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def single(tmp_path: Path) -> Iterator[FastAPI]:
    app = make_app(tmp_path)
    yield app
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def _walks(client: TestClient) -> list[object]:
    return client.get("/api/v1/my/data").json()["people"][0]["walks"]


def _upload(client: TestClient, **headers: str):
    files = {"file": ("walk.gpx", GPX.read_bytes(), "application/gpx+xml")}
    return client.post("/api/v1/my/walks", files=files, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},  # sandboxed frames and file:// pages
        {"origin": "http://127.0.0.1:3000"},  # another program on this computer
        {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ],
)
def test_a_change_from_another_site_is_refused_and_stores_nothing(
    single: FastAPI, headers: dict[str, str]
) -> None:
    client = TestClient(single, base_url="http://127.0.0.1")
    r = _upload(client, **headers)
    assert r.status_code == 403, r.text
    body = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert body["field"] == "Origin" and "nothing was changed" in body["detail"]
    assert r.headers["x-frame-options"] == "DENY"  # still gets the security headers
    assert _walks(client) == []
    # the same refusal for a form post and a JSON call from that site
    r = client.post("/api/v1/diary", json={"pain_now": 3}, headers=headers)
    assert r.status_code == 403
    assert client.get("/api/v1/diary").json() == []


@pytest.mark.parametrize(
    "headers",
    [
        {},  # scripts and the command line send no Origin
        {"origin": "http://127.0.0.1"},
        {"sec-fetch-site": "same-origin", "origin": "http://127.0.0.1"},
        {"sec-fetch-site": "same-origin", "origin": "https://clinic.example.org:8443"},
        {"sec-fetch-site": "none"},  # typed in or a bookmark
    ],
)
def test_our_own_pages_and_other_clients_still_change_things(
    single: FastAPI, headers: dict[str, str]
) -> None:
    client = TestClient(single, base_url="http://127.0.0.1")
    r = _upload(client, **headers)
    assert r.status_code == 201, r.text
    assert _walks(client)


def test_reading_from_another_site_is_not_blocked_here(single: FastAPI) -> None:
    """Reads change nothing (the Host check and the browser's same-origin rule guard them)."""
    client = TestClient(single, base_url="http://127.0.0.1")
    r = client.get("/api/v1/health", headers={"origin": "https://evil.example"})
    assert r.status_code == 200


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason="needs Chromium at /usr/bin/chromium",
)
def test_a_hostile_page_in_a_real_browser_cannot_add_walks(single: FastAPI) -> None:
    from playwright.sync_api import sync_playwright
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from tests.web.test_browser import ARGS

    async def hostile(request: object) -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>cat pictures</title><p>cats</p>")

    evil = Starlette(routes=[Route("/", hostile)])
    port, evil_port = free_port(), free_port()
    script = """async ([url, gpx]) => {
        const form = new FormData();
        form.append("file", new Blob([gpx]), "walk.gpx");
        await fetch(url, {method: "POST", mode: "no-cors", body: form, credentials: "include"});
        return "sent";
    }"""
    with (
        live_server(single, port) as base,
        live_server(evil, evil_port),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://localhost:{evil_port}/")
            sent = page.evaluate(script, [f"{base}/api/v1/my/walks", GPX.read_text()])
            assert sent == "sent"
            # the person's own page, in the same browser, still uploads
            page.goto(f"{base}/my/data")
            page.set_input_files('input[type="file"]', str(GPX))
            page.locator('form[action="/my/data/walks"] button[type="submit"]').click()
            page.wait_for_load_state()
            shown = page.content()
        finally:
            browser.close()
    walks = single.state.store.list_walks(None)
    assert {w["source_file"] for w in walks} == {GPX.name}, walks
    assert "walk added" in shown or "walks added" in shown
