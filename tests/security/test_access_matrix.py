"""Every route of the clinic app, enumerated from the app object, tried by every kind of
outsider against one patient's records (SQLite and PostgreSQL).

The patient ``pat-zq7`` has a saved assessment, a diary entry with a private note and a walk;
she shares the assessment and her diary with clinician ``carol``, and shared them with
``erin`` before taking both back. The outsiders: another patient, a clinician she never shared
with, the clinician whose share she revoked, someone not signed in, and her own session after
she signed out. For each route that names a record (an id or a username), an outsider's answer
must be exactly the answer for a record that does not exist (same status and body, the name
aside), never a 2xx; every other page and API answer must not contain her private words; and
afterwards everything of hers is still there. A route with a path parameter this test does not
know fails the test, so a new route cannot be left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, routing

from tests.security.conftest import Browser

PATIENT = "pat-zq7"
NOTE = "private-note-k4w9"
WALK_FILE = "secret-route-x8.gpx"
GPX = Path(__file__).parents[1] / "data" / "walks" / "cerknicko-jezero.gpx"
MISSING_ID = 2_000_000_001
MISSING_NAME = "nobody-zz9"
HTML = {"accept": "text/html"}

# path parameters that name someone's record, and those that name public knowledge-base items
PRIVATE_PARAMS = {"assessment_id", "entry_id", "username", "invitation_id"}
LABEL = "label-for-pat-q3"  # carol's label on her pending invitation
PUBLIC_PARAMS = {"condition_id", "finding_id", "test_id", "instrument", "clinician"}


class World:
    def __init__(self, app: FastAPI):
        self.app = app
        self.alice = Browser(app).register(PATIENT)
        self.carol = Browser(app).register("carol", "clinician")
        self.erin = Browser(app).register("erin", "clinician")
        outsiders = {
            "other patient": Browser(app).register("bob"),
            "clinician not shared with": Browser(app).register("dave", "clinician"),
            "clinician whose share was revoked": self.erin,
            "signed out": Browser(app),
        }
        a = self.alice
        r = a.post(
            "/api/v1/assessments", json={"age": 70, "sex": "female", "answers": {"rf": "no"}}
        )
        assert r.status_code == 201, r.text
        self.assessment_id = r.json()["id"]
        r = a.post("/api/v1/diary", json={"pain_now": 4, "walk_minutes": 12, "notes": NOTE})
        assert r.status_code == 201, r.text
        self.entry_id = r.json()["id"]
        files = {"file": (WALK_FILE, GPX.read_bytes(), "application/gpx+xml")}
        r = a.post("/api/v1/my/walks", files=files)
        assert r.status_code == 201 and r.json()["walks_added"] >= 1, r.text
        for clinician in ("carol", "erin"):
            url = f"/api/v1/assessments/{self.assessment_id}/shares"
            assert a.post(url, json={"clinician": clinician}).status_code == 204
            assert a.post("/api/v1/diary/shares", json={"clinician": clinician}).status_code == 204
        assert self.erin.get(f"/clinic/patients/{PATIENT}").status_code == 200
        # carol also has a pending invitation to a patient (with her own label)
        r = self.carol.post("/api/v1/clinic/invitations", json={"label": LABEL})
        assert r.status_code == 201, r.text
        self.invitation_id = r.json()["id"]
        self.invitation_code = r.json()["code"]
        headers = {"X-CSRF-Token": a.csrf}
        url = f"/api/v1/assessments/{self.assessment_id}/shares/erin"
        assert a.client.delete(url, headers=headers).status_code == 204
        assert a.client.delete("/api/v1/diary/shares/erin", headers=headers).status_code == 204
        # her own session, signed out: the old cookie is sent again
        old = Browser(app)
        r = old.client.post("/api/v1/session", json={"username": PATIENT, "password": PASSWORD})
        assert r.status_code == 200
        token = old.client.cookies.get("backstride_session")
        assert (
            old.client.delete(
                "/api/v1/session", headers={"X-CSRF-Token": r.json()["csrf_token"]}
            ).status_code
            == 204
        )
        gone = Browser(app)
        gone.client.cookies.set("backstride_session", token)
        outsiders["her own session after signing out"] = gone
        self.outsiders = outsiders

    def close(self) -> None:
        for b in (self.alice, self.carol, *self.outsiders.values()):
            b.client.close()


PASSWORD = "correct horse battery"


@pytest.fixture
def world(clinic: FastAPI) -> Iterator[World]:
    w = World(clinic)
    yield w
    w.close()


def all_routes(app: FastAPI) -> list[tuple[str, str, set[str]]]:
    """(method, path, path parameters) of every route the app answers, schema or not."""
    out = []
    for ctx in routing.iter_route_contexts(app.routes):
        route = ctx.original_route
        if not isinstance(route, routing.APIRoute):
            continue
        params = set(re.findall(r"{(\w+)(?::\w+)?}", route.path))
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            out.append((method, route.path, params))
    return out


def _fill(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: str(values[m.group(1)]), path)


def _body(method: str, path: str, browser: Browser) -> dict[str, Any]:
    """What an attacker sends: their own valid CSRF token, so only access control stands in
    the way, and the fields the route takes."""
    if method in ("GET", "DELETE"):
        return {}
    if path.startswith("/api/"):
        if path.endswith("/shares"):
            return {"json": {"clinician": "dave"}}
        if "/diary/" in path:
            return {"json": {"notes": "overwritten"}}
        return {"json": {}}
    csrf = ""
    found = re.search(r'name="csrf" value="([^"]+)"', browser.get("/", headers=HTML).text)
    if found:
        csrf = found.group(1)
    return {"data": {"csrf": csrf, "clinician": "carol", "pain_now": "1", "notes": "overwritten"}}


def _ask(browser: Browser, method: str, url: str, body: dict[str, Any]):
    headers = {"X-CSRF-Token": browser.csrf}
    if not url.startswith("/api/"):
        headers.update(HTML)
    return browser.client.request(method, url, headers=headers, follow_redirects=False, **body)


def _normal(text: str, real: dict[str, Any]) -> str:
    for number in (real["assessment_id"], real["entry_id"], real["invitation_id"], MISSING_ID):
        text = re.sub(rf"\b{number}\b", "ID", text)
    return text.replace(PATIENT, "NAME").replace(MISSING_NAME, "NAME")


def test_every_route_refuses_outsiders_as_if_the_record_did_not_exist(world: World) -> None:
    app = world.app
    real = {
        "assessment_id": world.assessment_id,
        "entry_id": world.entry_id,
        "username": PATIENT,
        "invitation_id": world.invitation_id,
        "clinician": "carol",
        "condition_id": next(iter(app.state.kb.conditions)),
        "finding_id": "rf",
        "test_id": "hamstrings",
        "instrument": "odi",
    }
    fake = {
        **real,
        "assessment_id": MISSING_ID,
        "entry_id": MISSING_ID,
        "invitation_id": MISSING_ID,
        "username": MISSING_NAME,
    }
    routes = all_routes(app)
    unknown = {p for _, _, ps in routes for p in ps} - PRIVATE_PARAMS - PUBLIC_PARAMS
    assert not unknown, f"routes with path parameters this test does not know: {unknown}"
    private = [(m, p, ps) for m, p, ps in routes if ps & PRIVATE_PARAMS]
    assert len(private) >= 18, private  # the test really reaches the id-bearing routes

    # the owner and the clinician she shares with do get these records (the ids are right)
    for path in ("/api/v1/assessments/{assessment_id}", "/api/v1/diary/{entry_id}"):
        assert world.alice.get(_fill(path, real)).status_code == 200
    assert NOTE in world.carol.get(_fill("/clinic/patients/{username}", real)).text
    assert world.carol.get(_fill("/clinic/patients/{username}/fhir.json", real)).status_code == 200

    failures = []
    for who, browser in world.outsiders.items():
        for method, path, _ in private:
            body = _body(method, path, browser)
            got = _ask(browser, method, _fill(path, real), body)
            missing = _ask(browser, method, _fill(path, fake), body)
            same = got.status_code == missing.status_code and _normal(got.text, real) == _normal(
                missing.text, real
            )
            if got.status_code < 300 or not same or NOTE in got.text:
                failures.append(f"{who}: {method} {path} -> {got.status_code} ({got.text[:120]})")
        for method, path, params in routes:
            if method != "GET" or params & PRIVATE_PARAMS:
                continue
            r = browser.client.get(_fill(path, real), headers=HTML, follow_redirects=False)
            if NOTE in r.text or WALK_FILE in r.text:
                failures.append(f"{who}: GET {path} shows her private words")
            if LABEL in r.text or world.invitation_code in r.text:
                failures.append(f"{who}: GET {path} shows carol's invitation")
    assert not failures, "\n".join(failures)

    # and nothing of hers changed
    a = world.alice
    assert a.get(f"/api/v1/diary/{world.entry_id}").json()["notes"] == NOTE
    saved = a.get(f"/api/v1/assessments/{world.assessment_id}").json()
    assert saved["shared_with"] == ["carol"]
    assert a.get("/api/v1/diary/shares").json() == ["carol"]
    assert WALK_FILE in a.get("/api/v1/my/data").text
    pending = world.carol.get("/api/v1/clinic/invitations").json()
    assert [(i["label"], i["state"]) for i in pending] == [(LABEL, "pending")]


def test_a_signed_out_session_cannot_be_used_again(world: World) -> None:
    gone = world.outsiders["her own session after signing out"]
    assert gone.get("/api/v1/session").status_code == 401
    r = gone.get("/my", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_the_route_list_is_the_app_s_own(tmp_path: Path) -> None:
    """A guard for the enumeration itself: it sees routes from included routers."""
    from tests.web.conftest import make_app

    app = make_app(tmp_path, multi_user=True)
    paths = {p for _, p, _ in all_routes(app)}
    assert "/clinic/patients/{username}/fhir.json" in paths
    assert "/api/v1/diary/{entry_id:int}" in paths or "/api/v1/diary/{entry_id}" in paths
    app.state.store.close()
