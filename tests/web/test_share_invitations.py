"""A clinician invites a patient to share (SQLite and PostgreSQL, through the pages and the
API): only the patient's acceptance shares anything, and only what they ticked; codes are
stored hashed, work once, expire and can be revoked; a bad code is the same 404 whatever
made it bad, and says nothing about other accounts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from backstride.storage.models import ShareInvitation, utcnow
from backstride.web.accounts import BAD_SHARE_CODE, _digest
from tests.security.conftest import Browser

HTML = {"accept": "text/html"}


@pytest.fixture
def world(clinic_app: FastAPI) -> Iterator[dict[str, Browser]]:
    w = {
        "carol": Browser(clinic_app).register("carol", "clinician"),
        "dave": Browser(clinic_app).register("dave", "clinician"),
        "alice": Browser(clinic_app).register("alice"),
        "bob": Browser(clinic_app).register("bob"),
    }
    yield w
    for b in w.values():
        b.client.close()


def _save(b: Browser) -> int:
    r = b.post("/api/v1/assessments", json={"age": 60, "sex": "female", "answers": {"rf": "no"}})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _invite(b: Browser, label: str = "Alice, Tue 10:00") -> dict:
    r = b.post("/api/v1/clinic/invitations", json={"label": label})
    assert r.status_code == 201, r.text
    return r.json()


def _page_form(b: Browser, code: str) -> tuple[str, str]:
    r = b.get(f"/share-invitation?code={code}", headers=HTML)
    assert r.status_code == 200, r.text
    return r.text, re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)


def test_the_code_is_random_hashed_and_nothing_is_shared_before_acceptance(
    clinic_app: FastAPI, world: dict[str, Browser]
) -> None:
    carol, alice = world["carol"], world["alice"]
    a, b = _invite(carol), _invite(carol)
    assert a["code"] != b["code"] and len(a["code"]) >= 24
    assert a["link"].endswith(f"/share-invitation?code={a['code']}")
    assert a["state"] == "pending" and a["label"] == "Alice, Tue 10:00"
    with clinic_app.state.store.read() as s:
        stored = s.scalars(select(ShareInvitation.code_hash)).all()
    assert _digest(a["code"]) in stored and a["code"] not in stored
    _save(alice)
    assert carol.get("/api/v1/patients").json() == []
    # the patient sees who is asking, and nothing is shared by looking
    text, _ = _page_form(alice, a["code"])
    assert "carol asks you to share" in text and "Alice, Tue 10:00" not in text
    assert carol.get("/api/v1/patients").json() == []
    assert carol.get("/clinic/patients/alice", headers=HTML).status_code == 404


def test_accepting_in_the_page_shares_only_what_was_ticked(world: dict[str, Browser]) -> None:
    carol, alice = world["carol"], world["alice"]
    first, second = _save(alice), _save(alice)
    code = _invite(carol)["code"]
    text, csrf = _page_form(alice, code)
    assert f'value="{first}"' in text and f'value="{second}"' in text
    assert "checked" not in text.split("<fieldset>")[1].split("</fieldset>")[0]  # no pre-ticks
    r = alice.client.post(
        "/share-invitation",
        data={"csrf": csrf, "code": code, "answer": "accept", "assessment": [str(second)]},
        headers=HTML,
    )
    assert r.status_code == 200 and "You are now sharing with carol" in r.text
    assert "1 saved check" in r.text
    pats = carol.get("/api/v1/patients").json()
    assert [p["username"] for p in pats] == ["alice"]
    assert [x["id"] for x in pats[0]["assessments"]] == [second]
    assert alice.get("/api/v1/diary/shares").json() == []  # the diary was not ticked
    assert carol.get(f"/api/v1/assessments/{first}").status_code == 404
    listed = carol.get("/api/v1/clinic/invitations").json()
    assert listed[0]["state"] == "accepted" and listed[0]["patient"] == "alice"
    page = carol.get("/clinic", headers=HTML).text
    assert "Accepted" in page and 'href="/clinic/patients/alice"' in page
    # used once: the same link now gives the plain 404 message, to her and to anyone
    for who in (alice, world["bob"]):
        r = who.get(f"/share-invitation?code={code}", headers=HTML)
        assert r.status_code == 404 and "does not work" in r.text and "carol" not in r.text


def test_accepting_with_nothing_ticked_is_refused_and_keeps_the_link(
    world: dict[str, Browser],
) -> None:
    carol, alice = world["carol"], world["alice"]
    code = _invite(carol)["code"]
    text, csrf = _page_form(alice, code)
    assert 'id="no-saved"' in text  # she has no saved check yet: told how to make one
    r = alice.client.post(
        "/share-invitation", data={"csrf": csrf, "code": code, "answer": "accept"}, headers=HTML
    )
    assert r.status_code == 422 and "Tick at least one thing" in r.text
    r = alice.client.post(
        "/share-invitation",
        data={"csrf": csrf, "code": code, "answer": "maybe", "diary": "yes"},
        headers=HTML,
    )
    assert r.status_code == 422 and "maybe" in r.text and "accept, decline" in r.text
    assert carol.get("/api/v1/clinic/invitations").json()[0]["state"] == "pending"
    r = alice.client.post(
        "/share-invitation",
        data={"csrf": csrf, "code": code, "answer": "accept", "diary": "yes"},
        headers=HTML,
    )
    assert r.status_code == 200 and "your diary" in r.text
    assert alice.get("/api/v1/diary/shares").json() == ["carol"]


def test_declining_shares_nothing_and_uses_the_code(world: dict[str, Browser]) -> None:
    carol, alice = world["carol"], world["alice"]
    aid = _save(alice)
    code = _invite(carol)["code"]
    r = alice.post(
        "/api/v1/share-invitations/answer",
        json={"code": code, "accept": False, "assessments": [aid], "diary": True},
    )
    assert r.status_code == 200 and r.json() == {
        "clinician": "carol",
        "accepted": False,
        "assessments": [],
        "diary": False,
    }
    assert carol.get("/api/v1/patients").json() == []
    assert carol.get("/api/v1/clinic/invitations").json()[0]["state"] == "declined"
    assert carol.get("/api/v1/clinic/invitations").json()[0]["patient"] is None
    r = alice.post("/api/v1/share-invitations/answer", json={"code": code, "accept": True})
    assert r.status_code == 404


def test_api_pair_lookup_and_accept(world: dict[str, Browser]) -> None:
    carol, alice, bob = world["carol"], world["alice"], world["bob"]
    aid, bobs = _save(alice), _save(bob)
    code = _invite(carol, "")["code"]
    r = alice.post("/api/v1/share-invitations/lookup", json={"code": code})
    assert r.status_code == 200 and r.json()["clinician"] == "carol"
    # someone else's assessment id is the same 404 as a missing one, and nothing is used up
    r = alice.post(
        "/api/v1/share-invitations/answer",
        json={"code": code, "accept": True, "assessments": [bobs]},
    )
    assert r.status_code == 404 and str(bobs) in r.text
    r = alice.post(
        "/api/v1/share-invitations/answer",
        json={"code": code, "accept": True, "assessments": [aid], "diary": True},
    )
    assert r.status_code == 200 and r.json()["assessments"] == [aid] and r.json()["diary"]
    assert carol.get(f"/api/v1/assessments/{aid}").status_code == 200
    assert carol.get("/clinic/patients/alice", headers=HTML).status_code == 200
    # and she can still take it back the usual way
    assert (
        alice.client.delete(
            f"/api/v1/assessments/{aid}/shares/carol", headers={"X-CSRF-Token": alice.csrf}
        ).status_code
        == 204
    )
    assert carol.get(f"/api/v1/assessments/{aid}").status_code == 404


def test_bad_codes_all_give_the_same_404(clinic_app: FastAPI, world: dict[str, Browser]) -> None:
    carol, alice = world["carol"], world["alice"]
    expired, revoked, used = (_invite(carol) for _ in range(3))
    with clinic_app.state.store.write() as s:
        s.execute(
            update(ShareInvitation)
            .where(ShareInvitation.code_hash == _digest(expired["code"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    headers = {"X-CSRF-Token": carol.csrf}
    r = carol.client.delete(f"/api/v1/clinic/invitations/{revoked['id']}", headers=headers)
    assert r.status_code == 204
    alice.post("/api/v1/share-invitations/answer", json={"code": used["code"], "accept": False})
    answers = set()
    for code in (expired["code"], revoked["code"], used["code"], "x" * 24, ""):
        r = alice.post("/api/v1/share-invitations/lookup", json={"code": code})
        assert r.status_code == 404
        answers.add(r.json()["detail"])
        page = alice.get(f"/share-invitation?code={code}", headers=HTML)
        assert page.status_code == 404 and "carol" not in page.text
    assert answers == {BAD_SHARE_CODE}
    states = {i["id"]: i["state"] for i in carol.get("/api/v1/clinic/invitations").json()}
    assert states == {expired["id"]: "expired", revoked["id"]: "revoked", used["id"]: "declined"}
    page = carol.get("/clinic", headers=HTML).text
    for word in ("Expired", "Revoked", "Declined"):
        assert word in page


def test_only_the_inviting_clinician_revokes_and_only_patients_answer(
    world: dict[str, Browser],
) -> None:
    carol, dave, alice = world["carol"], world["dave"], world["alice"]
    inv = _invite(carol)
    for who in (dave, alice):
        r = who.client.delete(
            f"/api/v1/clinic/invitations/{inv['id']}", headers={"X-CSRF-Token": who.csrf}
        )
        assert r.status_code == 404
    assert dave.get("/api/v1/clinic/invitations").json() == []
    r = alice.post("/api/v1/clinic/invitations", json={"label": "x"})
    assert r.status_code == 403
    r = dave.post("/api/v1/share-invitations/answer", json={"code": inv["code"], "accept": True})
    assert r.status_code == 403 and "patient account" in r.text
    text = dave.get(f"/share-invitation?code={inv['code']}", headers=HTML).text
    assert "This link is for a patient" in text and 'value="accept"' not in text
    assert carol.get("/api/v1/clinic/invitations").json()[0]["state"] == "pending"
    r = carol.post("/api/v1/clinic/invitations", json={"label": "y" * 61})
    assert r.status_code == 422


def test_the_clinic_page_makes_a_link_once_and_revokes_it(world: dict[str, Browser]) -> None:
    carol = world["carol"]
    csrf = carol.form_csrf("/clinic")
    r = carol.client.post(
        "/clinic/invitations", data={"csrf": csrf, "label": "  Anna   Mon  "}, headers=HTML
    )
    assert r.status_code == 200
    link = re.search(r'id="invite-link" readonly[^>]*>([^<]+)<', r.text).group(1)
    code = link.split("code=")[1]
    assert "shown only now" in r.text
    page = carol.get("/clinic", headers=HTML).text
    assert "Anna Mon" in page and "Pending" in page and code not in page
    iid = carol.get("/api/v1/clinic/invitations").json()[0]["id"]
    r = carol.client.post(
        f"/clinic/invitations/{iid}/revoke", data={"csrf": csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    assert "Revoked" in carol.get("/clinic", headers=HTML).text
    r = carol.client.post(
        "/clinic/invitations", data={"csrf": csrf, "label": "z" * 61}, headers=HTML
    )
    assert r.status_code == 422 and "60 characters" in r.text


def test_a_new_patient_registers_from_the_link_and_comes_back(
    clinic_app: FastAPI, world: dict[str, Browser]
) -> None:
    code = _invite(world["carol"])["code"]
    new = Browser(clinic_app)
    r = new.get(f"/share-invitation?code={code}", headers=HTML)
    assert r.status_code == 200 and "First sign in" in r.text and "carol" in r.text
    register = re.search(r'href="(/register\?next=[^"]+)"', r.text).group(1)
    form = new.get(register.replace("&amp;", "&"), headers=HTML).text
    nxt = re.search(r'name="next" value="([^"]+)"', form).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    r = new.client.post(
        "/register",
        data={"csrf": csrf, "username": "newpat", "password": "a long password", "next": nxt},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/share-invitation?code={code}"
    r = new.get(r.headers["location"], headers=HTML)
    assert "Yes, share what I ticked" in r.text
    new.client.close()


def test_forgetting_either_account_removes_its_invitations(
    clinic_app: FastAPI, world: dict[str, Browser]
) -> None:
    carol, alice = world["carol"], world["alice"]
    code = _invite(carol)["code"]
    _invite(world["dave"])
    alice.post("/api/v1/share-invitations/answer", json={"code": code, "accept": False})
    store = clinic_app.state.store
    with store.read() as s:
        assert len(s.scalars(select(ShareInvitation)).all()) == 2
    pid = next(p["id"] for p in store.list_people() if p["name"] == "alice")
    counts = store.forget(pid)
    assert counts.get("web_share_invitations") == 1
    with store.read() as s:
        assert len(s.scalars(select(ShareInvitation)).all()) == 1


def test_after_accepting_her_next_check_is_one_click_to_share(world: dict[str, Browser]) -> None:
    carol, alice = world["carol"], world["alice"]
    code = _invite(carol)["code"]
    alice.post(
        "/api/v1/share-invitations/answer", json={"code": code, "accept": True, "diary": True}
    )
    later = _save(alice)
    page = alice.get(f"/my/assessments/{later}", headers=HTML).text
    assert "Share this with carol" in page and "Share this with dave" not in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = alice.client.post(
        f"/my/assessments/{later}/share",
        data={"csrf": csrf, "clinician": "carol"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert carol.get(f"/api/v1/assessments/{later}").status_code == 200
    assert "Share this with carol" not in alice.get(f"/my/assessments/{later}", headers=HTML).text


def test_two_answers_at_once_use_the_code_only_once(
    clinic_app: FastAPI, world: dict[str, Browser]
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from backstride.errors import NotFoundError

    accounts = clinic_app.state.accounts
    users = {}
    for name in ("alice", "bob"):
        with clinic_app.state.store.read() as s:
            from backstride.web.accounts import Account, User

            row = s.scalar(select(Account).where(Account.username == name))
            users[name] = User(row.id, row.username, row.role, row.person_id)
    for _ in range(3):
        code = _invite(world["carol"])["code"]

        def answer(name: str, code: str = code) -> str:
            try:
                accounts.answer_share_invitation(users[name], code, accept=True, diary=True)
                return "ok"
            except NotFoundError:
                return "404"

        with ThreadPoolExecutor(2) as pool:
            got = sorted(pool.map(answer, ["alice", "bob"]))
        assert got == ["404", "ok"]
    listed = world["carol"].get("/api/v1/clinic/invitations").json()
    assert [i["state"] for i in listed] == ["accepted"] * 3
    assert all(i["patient"] in ("alice", "bob") for i in listed)


def test_a_new_patient_does_her_check_and_her_saved_result_offers_the_invitation(
    world: dict[str, Browser],
) -> None:
    """The invited patient usually has nothing saved yet: after she does the check and saves
    it, her saved result (and My assessments) offers to answer the clinician, in the same
    browser, without the link again; once she has answered, the offer is gone."""
    carol, alice, bob = world["carol"], world["alice"], world["bob"]
    code = _invite(carol)["code"]
    text, _ = _page_form(alice, code)
    assert 'id="no-saved"' in text and "Your saved" in text
    aid = _save(alice)
    page = alice.get(f"/my/assessments/{aid}", headers=HTML).text
    offer = re.search(r'id="pending-invite">(.*?)</p>', page, re.S)
    assert offer and "carol asked to see your answers" in " ".join(offer[1].split())
    assert f'href="/share-invitation?code={code}"' in offer[1]
    assert 'id="pending-invite"' in alice.get("/my", headers=HTML).text
    # someone else's browser holds no such offer, and a dead code offers nothing
    assert 'id="pending-invite"' not in bob.get(f"/my/assessments/{_save(bob)}", headers=HTML).text
    text, csrf = _page_form(alice, code)
    r = alice.client.post(
        "/share-invitation",
        data={"csrf": csrf, "code": code, "answer": "accept", "assessment": str(aid)},
        headers=HTML,
    )
    assert r.status_code == 200, r.text
    assert carol.get("/api/v1/patients").json()[0]["username"] == "alice"
    assert 'id="pending-invite"' not in alice.get(f"/my/assessments/{aid}", headers=HTML).text


def test_an_offer_whose_code_was_revoked_is_not_shown(world: dict[str, Browser]) -> None:
    carol, alice = world["carol"], world["alice"]
    made = _invite(carol)
    _page_form(alice, made["code"])  # opened before she had a saved check
    r = carol.client.delete(
        f"/api/v1/clinic/invitations/{made['id']}", headers={"X-CSRF-Token": carol.csrf}
    )
    assert r.status_code in (200, 204), r.text
    aid = _save(alice)
    assert 'id="pending-invite"' not in alice.get(f"/my/assessments/{aid}", headers=HTML).text
