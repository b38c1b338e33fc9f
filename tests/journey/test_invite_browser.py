"""Journey: a physiotherapist invites a new patient to share before the first visit, in
headless Chromium with two browser contexts (clinician, patient) on a live server and a fresh
SQLite file. The physio makes a link on her patient list; the patient opens it signed out,
makes an account, comes back to it, saves a check, follows her saved result's offer back to
the invitation, ticks what to share and says yes; the
physio's list shows the invitation accepted and her page for the patient opens. A second link,
revoked, gives the patient a plain 404 message. Screenshots go to /tmp/backstride-screens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import free_port, live_server
from tests.web.conftest import make_app
from tests.web.test_browser import ARGS, CHROMIUM, DESKTOP, PHONE, pytestmark, shot

__all__ = ["pytestmark"]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    port = free_port()
    app = make_app(tmp_path_factory.mktemp("invite"), port=port, multi_user=True)
    with live_server(app, port) as url:
        yield url, app
    app.state.store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _register(page, username: str) -> None:
    page.locator("#username").fill(username)
    page.locator("#password").fill(f"{username} password 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()


def test_physio_invites_a_new_patient_who_accepts(
    clinic: tuple[str, object], chromium: object
) -> None:
    url, app = clinic
    physio_ctx = chromium.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    patient_ctx = chromium.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    physio, patient = physio_ctx.new_page(), patient_ctx.new_page()
    errors: list[str] = []
    for p in (physio, patient):
        p.on("pageerror", lambda e: errors.append(str(e)))

    # the physio joins with the administrator's invitation and makes a link for Anna
    code = app.state.accounts.invite("physio", role="clinician")  # type: ignore[attr-defined]
    physio.goto(f"{url}/register?invite={code}")
    _register(physio, "sarah-physio")
    assert physio.url.endswith("/clinic")
    physio.locator("#invite-label").fill("Anna, Thu 9:30")
    with physio.expect_navigation():
        physio.get_by_role("button", name="Create invitation link").click()
    link = physio.locator("#invite-link").input_value()
    assert "/share-invitation?code=" in link
    shot(physio, "invite-1-physio-link")

    # the patient opens it signed out: told who asks, and to sign in or make an account first
    patient.goto(link)
    assert "sarah-physio asks you to share" in patient.locator("h1").inner_text()
    shot(patient, "invite-2-patient-signed-out")
    with patient.expect_navigation():
        patient.get_by_role("link", name="Make an account").click()
    _register(patient, "anna-k")
    assert patient.url == link  # back at the invitation
    assert patient.locator("#no-saved").is_visible()
    shot(patient, "invite-3-patient-no-check-yet")

    # she saves a check (through the API, as the interview's Save button does), comes back
    api = patient_ctx.request  # type: ignore[attr-defined]
    csrf = api.get(f"{url}/api/v1/session").json()["csrf_token"]
    r = api.post(
        f"{url}/api/v1/assessments",
        data={"age": 52, "sex": "female", "answers": {"rf": "no"}},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status == 201
    aid = r.json()["id"]
    # her saved result offers the invitation: no need to find the link again
    patient.goto(f"{url}/my/assessments/{aid}")
    offer = patient.locator("#pending-invite")
    assert "sarah-physio asked to see your answers" in " ".join(offer.inner_text().split())
    shot(patient, "invite-3b-saved-result-offers-the-invitation")
    with patient.expect_navigation():
        offer.get_by_role("link", name="Answer sarah-physio").click()
    assert patient.url == link
    box = patient.locator(f"#assessment-{aid}")
    assert not box.is_checked() and not patient.locator("#share-diary").is_checked()
    box.check()
    patient.locator("#share-diary").check()
    shot(patient, "invite-4-patient-chooses")
    with patient.expect_navigation():
        patient.get_by_role("button", name="Yes, share what I ticked").click()
    assert "You are now sharing with sarah-physio" in patient.locator("h1").inner_text()
    shot(patient, "invite-5-patient-done")

    # the physio's list shows it accepted, and her page for the patient opens
    physio.goto(f"{url}/clinic")
    row = physio.locator("#invitation-list tbody tr").first
    assert "Accepted" in row.inner_text() and "anna-k" in row.inner_text()
    shot(physio, "invite-6-physio-accepted")
    with physio.expect_navigation():
        row.get_by_role("link", name="anna-k").click()
    assert physio.url.endswith("/clinic/patients/anna-k")
    assert "anna-k" in physio.locator("main").inner_text()

    # a second link, revoked, no longer works for the patient
    physio.goto(f"{url}/clinic")
    with physio.expect_navigation():
        physio.get_by_role("button", name="Create invitation link").click()
    second = physio.locator("#invite-link").input_value()
    physio.goto(f"{url}/clinic")
    with physio.expect_navigation():
        physio.locator("#invitation-list tbody tr").first.get_by_role(
            "button", name="Revoke"
        ).click()
    assert "Revoked" in physio.locator("#invitation-list tbody tr").first.inner_text()
    resp = patient.goto(second)
    assert resp is not None and resp.status == 404
    assert "does not work" in patient.locator("main").inner_text()
    shot(patient, "invite-7-patient-revoked-link")
    assert not errors, errors
    physio_ctx.close()
    patient_ctx.close()
    assert Path("/tmp/backstride-screens/invite-7-patient-revoked-link.png").exists()
