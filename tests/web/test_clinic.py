"""Clinic mode on SQLite and PostgreSQL: accounts, sessions, CSRF, rate limiting, and strict
separation of people's data, checked through the API and through the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from backstride.web.accounts import Account
from tests.web.conftest import make_app, new_account

PASSWORD = "correct horse battery"


class Person:
    """One browser: its own cookie jar, signed in as one account."""

    def __init__(self, app: FastAPI, username: str, role: str = "patient"):
        self.client = TestClient(app, base_url="http://127.0.0.1")
        r = self.client.post("/api/v1/accounts", json=new_account(app, username, role))
        assert r.status_code == 201, r.text
        self.csrf = r.json()["csrf_token"]
        self.set_cookie = r.headers["set-cookie"]

    def post(self, url: str, **kw: object):
        return self.client.post(url, headers={"X-CSRF-Token": self.csrf}, **kw)

    def get(self, url: str, **kw: object):
        return self.client.get(url, **kw)

    def form_csrf(self, url: str) -> str:
        return re.search(r'name="csrf" value="([^"]+)"', self.get(url).text).group(1)


@pytest.fixture
def people(clinic_app: FastAPI) -> Iterator[dict[str, Person]]:
    ps = {
        "alice": Person(clinic_app, "alice"),
        "bob": Person(clinic_app, "bob"),
        "carol": Person(clinic_app, "carol", role="clinician"),
        "dave": Person(clinic_app, "dave", role="clinician"),
    }
    yield ps
    for p in ps.values():
        p.client.close()


def test_session_cookie_flags_and_hashed_password(
    clinic_app: FastAPI, people: dict[str, Person]
) -> None:
    cookie = people["alice"].set_cookie.lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # bound to 127.0.0.1
    with clinic_app.state.store.read() as s:
        h = s.scalar(select(Account.password_hash).where(Account.username == "alice"))
    assert h.startswith("$argon2id$") and PASSWORD not in h


def test_cookie_is_secure_off_loopback(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True, host="0.0.0.0")
    try:
        p = Person(app, "erin")
        assert "secure" in p.set_cookie.lower()
    finally:
        app.state.store.close()


def test_api_needs_sign_in_and_csrf(clinic_app: FastAPI, people: dict[str, Person]) -> None:
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    r = anon.get("/api/v1/diary")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    alice = people["alice"]
    r = alice.client.post("/api/v1/diary", json={"pain_now": 2})  # no X-CSRF-Token
    assert r.status_code == 403 and r.json()["field"] == "X-CSRF-Token"
    assert alice.post("/api/v1/diary", json={"pain_now": 2}).status_code == 201
    # the stateless assessment stays open: it reads and stores nothing
    assert anon.post("/api/v1/assessment", json={}).status_code == 200


def test_people_never_see_each_others_data_through_the_api(people: dict[str, Person]) -> None:
    alice, bob = people["alice"], people["bob"]
    a_id = alice.post("/api/v1/assessments", json={"age": 40, "answers": {"rf": "yes"}}).json()[
        "id"
    ]
    alice.post("/api/v1/diary", json={"pain_now": 7, "notes": "alice secret"})
    assert bob.get(f"/api/v1/assessments/{a_id}").status_code == 404
    assert bob.get("/api/v1/assessments").json() == []
    assert bob.get("/api/v1/diary").json() == []
    assert bob.get("/api/v1/progress").json()["diary_entries"] == 0
    assert (
        bob.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"}).status_code
        == 404
    )
    assert [e["notes"] for e in alice.get("/api/v1/diary").json()] == ["alice secret"]
    assert alice.get(f"/api/v1/assessments/{a_id}").json()["mine"] is True


def test_clinicians_see_only_what_was_shared_with_them(people: dict[str, Person]) -> None:
    alice, bob, carol, dave = (people[k] for k in ("alice", "bob", "carol", "dave"))
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    b_id = bob.post("/api/v1/assessments", json={"answers": {"rf": "yes"}}).json()["id"]
    assert carol.get("/api/v1/patients").json() == []
    assert carol.get(f"/api/v1/assessments/{a_id}").status_code == 404

    r = alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    assert r.status_code == 204
    patients = carol.get("/api/v1/patients").json()
    assert [p["username"] for p in patients] == ["alice"]
    assert [a["id"] for a in patients[0]["assessments"]] == [a_id]
    shared = carol.get(f"/api/v1/assessments/{a_id}").json()
    assert shared["owner"] == "alice" and shared["mine"] is False
    assert carol.get(f"/api/v1/assessments/{b_id}").status_code == 404
    assert dave.get(f"/api/v1/assessments/{a_id}").status_code == 404
    assert dave.get("/api/v1/patients").json() == []
    # a clinician cannot pass a patient's assessment on, nor read the patient's diary
    assert (
        carol.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "dave"}).status_code
        == 404
    )
    alice.post("/api/v1/diary", json={"pain_now": 5})
    assert carol.get("/api/v1/diary").json() == []
    # sharing only goes to clinicians
    r = alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "bob"})
    assert r.status_code == 422 and r.json()["field"] == "clinician"
    # and it can be taken back
    r = alice.client.delete(
        f"/api/v1/assessments/{a_id}/shares/carol", headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code == 204
    assert carol.get(f"/api/v1/assessments/{a_id}").status_code == 404


def test_separation_through_the_pages(clinic_app: FastAPI, people: dict[str, Person]) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    # alice answers one question, saves from the result page, adds a diary entry
    r = alice.client.post(
        "/interview", data={"s": "", "q": "rf", "v": "no"}, follow_redirects=False
    )
    s = r.headers["location"].split("s=")[1]
    csrf = alice.form_csrf(f"/result?s={s}")
    r = alice.client.post("/my/assessments", data={"csrf": csrf, "s": s}, follow_redirects=False)
    url = r.headers["location"]
    a_id = int(url.rsplit("/", 1)[1])
    csrf = alice.form_csrf("/diary")
    alice.client.post("/diary", data={"csrf": csrf, "pain_now": "6", "notes": "alice only"})

    html = {"accept": "text/html"}
    assert bob.get(url, headers=html).status_code == 404
    assert "alice only" not in bob.get("/diary").text
    assert url not in bob.get("/my").text
    assert carol.get(url, headers=html).status_code == 404
    assert "alice" not in carol.get("/clinic").text.split("<main", 1)[1]

    csrf = alice.form_csrf(url)
    r = alice.client.post(
        f"{url}/share", data={"csrf": csrf, "clinician": "carol"}, follow_redirects=False
    )
    assert r.status_code == 303
    clinic = carol.get("/clinic").text
    assert "alice" in clinic and f'href="/my/assessments/{a_id}"' in clinic
    page = carol.get(url).text
    assert "Shared by <strong>alice</strong>" in page
    assert 'action="/my/assessments' not in page.split("Saved assessment")[1]  # no share form
    assert bob.get("/clinic").text.count("/my/assessments/") == 0


def test_pages_redirect_to_sign_in_and_forms_need_csrf(
    clinic_app: FastAPI, people: dict[str, Person]
) -> None:
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    r = anon.get("/diary", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fdiary"
    alice = people["alice"]
    r = alice.client.post(
        "/diary", data={"pain_now": "3", "csrf": "forged"}, headers={"accept": "text/html"}
    )
    assert r.status_code == 403
    assert alice.get("/api/v1/diary").json() == []


def test_login_is_rate_limited_per_account_and_ip(
    clinic_app: FastAPI, people: dict[str, Person]
) -> None:
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    for _ in range(5):
        r = c.post("/api/v1/session", json={"username": "alice", "password": "wrong password"})
        assert r.status_code == 422 and r.json()["field"] == "password"
    r = c.post("/api/v1/session", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    # another account from the same address is not locked out
    assert (
        c.post("/api/v1/session", json={"username": "bob", "password": PASSWORD}).status_code == 200
    )


def test_login_page_and_logout(clinic_app: FastAPI, people: dict[str, Person]) -> None:
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    pre = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"username": "alice", "password": "nope", "next": "/my", "csrf": pre})
    assert r.status_code == 422 and "do not match" in r.text
    r = c.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "next": "//evil.example", "csrf": pre},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert c.get("/api/v1/session").json()["username"] == "alice"
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/my").text).group(1)
    c.post("/logout", data={"csrf": csrf})
    assert c.get("/api/v1/session").status_code == 401


def test_registration_rules(clinic_app: FastAPI, people: dict[str, Person]) -> None:
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    r = c.post("/api/v1/accounts", json={"username": "alice", "password": PASSWORD})
    assert r.status_code == 422 and r.json()["field"] == "username"
    r = c.post("/api/v1/accounts", json={"username": "zed", "password": "short"})
    assert r.json()["field"] == "password"
    r = c.post("/api/v1/accounts", json={"username": "zed", "password": PASSWORD, "role": "boss"})
    assert r.json()["field"] == "role" and r.json()["choices"] == ["patient", "clinician", "admin"]


@pytest.mark.parametrize("role", ["clinician", "admin"])
def test_no_open_sign_up_for_clinicians(clinic_app: FastAPI, role: str) -> None:
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    body = {"username": "mallory", "password": PASSWORD, "role": role}
    r = c.post("/api/v1/accounts", json=body)
    assert r.status_code == 422 and r.json()["field"] == "invitation"
    r = c.post("/api/v1/accounts", json={**body, "invitation": "made-up-code"})
    assert r.status_code == 422 and r.json()["field"] == "invitation"
    with clinic_app.state.store.read() as s:  # nothing was left behind by the refusals
        assert s.scalar(select(Account.id).where(Account.username == "mallory")) is None


def test_invitation_is_one_time_and_sets_the_role(clinic_app: FastAPI) -> None:
    code = clinic_app.state.accounts.invite("Dr Grey")
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    # the invitation link's page carries the code; the form registers a clinician
    page = c.get(f"/register?invite={code}").text
    assert f'name="invitation" value="{code}"' in page and 'name="role"' not in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = c.post(
        "/register",
        data={"csrf": csrf, "username": "grey", "password": PASSWORD, "invitation": code},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert c.get("/api/v1/session").json()["role"] == "clinician"
    other = TestClient(clinic_app, base_url="http://127.0.0.1")
    r = other.post(
        "/api/v1/accounts", json={"username": "grey2", "password": PASSWORD, "invitation": code}
    )
    assert r.status_code == 422 and r.json()["field"] == "invitation"  # used once only
    r = other.post("/api/v1/accounts", json={"username": "pat", "password": PASSWORD})
    assert r.status_code == 201 and r.json()["role"] == "patient"  # patients sign up freely


def test_after_registering_a_clinician_lands_on_their_patients(clinic_app: FastAPI) -> None:
    """Journey check (issue 15): the invited physio starts at 'Patients who shared with you',
    not at a patient's 'My saved assessments'; a patient starts at their own results."""
    for invited, username, landing in ((True, "dr.lee", "/clinic"), (False, "walter", "/my")):
        c = TestClient(clinic_app, base_url="http://127.0.0.1")
        code = clinic_app.state.accounts.invite("Dr Lee") if invited else ""
        page = c.get(f"/register?invite={code}" if code else "/register").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        data = {"csrf": csrf, "username": username, "password": PASSWORD, "invitation": code}
        r = c.post("/register", data=data, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, landing)


def test_a_bad_invitation_link_is_refused_before_the_form(clinic_app: FastAPI) -> None:
    """Journey check: a mistyped, used or expired invitation link showed 'You were invited to
    join as a clinician' and the form; the refusal came only after filling it in."""
    c = TestClient(clinic_app, base_url="http://127.0.0.1")
    used = clinic_app.state.accounts.invite("Dr Used")
    clinic_app.state.accounts.register("used.doc", PASSWORD, invitation=used)
    expired = clinic_app.state.accounts.invite("Dr Late", days=0)
    for code in ("made-up-code", used, expired):
        r = c.get(f"/register?invite={code}")
        assert r.status_code == 422, code
        assert "invitation code is not valid" in r.text and "You were invited" not in r.text
        assert 'action="/register"' not in r.text and 'href="/register"' in r.text
    good = clinic_app.state.accounts.invite("Dr Good")
    r = c.get(f"/register?invite={good}")
    assert r.status_code == 200 and "You were invited to join as a clinician" in r.text
    assert clinic_app.state.accounts.check_invitation(good) == "clinician"  # still unused
    assert c.get(f"/register?invite={good}").status_code == 200


def test_an_ended_session_says_so_on_the_sign_in_page(
    clinic_app: FastAPI, people: dict[str, Person]
) -> None:
    """Journey check: when a clinician's session had expired, the next click landed on a bare
    sign-in form with no word why; now it says the session ended, and the API says so too."""
    carol = people["carol"]
    token = carol.client.cookies.get("backstride_session")
    clinic_app.state.accounts.logout(token)  # as when the session runs out on the server
    html = {"accept": "text/html"}
    r = carol.get("/clinic", headers=html, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fclinic&ended=1"
    page = carol.get(r.headers["location"]).text
    assert "Your session has ended" in page and 'name="next" value="/clinic"' in page
    r = carol.get("/api/v1/patients")
    assert r.status_code == 401 and "session has ended" in r.json()["detail"]
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")  # never signed in: no notice
    r = anon.get("/clinic", headers=html, follow_redirects=False)
    assert r.headers["location"] == "/login?next=%2Fclinic"
    assert "session has ended" not in anon.get("/login").text


def test_wrong_account_pages_are_refused_and_lead_somewhere_useful(
    people: dict[str, Person],
) -> None:
    """Journey check: a patient opening /clinic got a 200 page saying only 'This page is for
    clinician accounts'; a clinician's 404 (a patient who does not share with them) offered
    'Start the questions again' but no way back to their patients."""
    html = {"accept": "text/html"}
    r = people["alice"].get("/clinic", headers=html)
    assert r.status_code == 403 and "for clinician accounts" in r.text
    assert 'href="/my"' in r.text.split("<main", 1)[1]
    r = people["carol"].get("/clinic/patients/bob", headers=html)
    assert r.status_code == 404 and 'href="/clinic">Back to your patients' in r.text
    r = people["alice"].get("/my/assessments/999", headers=html)
    assert r.status_code == 404 and "Back to your patients" not in r.text
