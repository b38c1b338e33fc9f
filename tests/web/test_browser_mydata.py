"""Questionnaires, self-test results and My data in a real headless Chromium with JavaScript
turned off (issue 15): each page reached from the navigation, filled in with labelled
controls, and the results seen. Screenshots go to /tmp/backstride-screens/mydata-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.diary.test_cli import WALKS
from tests.live import free_port, live_server
from tests.web.test_browser import DESKTOP, PHONE, pytestmark, shot

__all__ = ["pytestmark"]
HOSTILE = Path(__file__).parents[1] / "data" / "hostile"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import make_app

    port = free_port()
    app = make_app(tmp_path_factory.mktemp("browser-mydata"), port=port)
    with live_server(app, port) as url:
        yield url
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport=DESKTOP, java_script_enabled=False, accept_downloads=True)  # type: ignore[attr-defined]
    p = ctx.new_page()
    yield p
    ctx.close()


def _nav(page: object, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()  # type: ignore[attr-defined]


def test_questionnaire_from_the_navigation_to_scores_over_time(page: object, server: str) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    _nav(page, "Questionnaires")
    assert page.get_by_role("heading", level=1).inner_text() == "Questionnaires"  # type: ignore[attr-defined]
    shot(page, "mydata-questionnaires-empty")
    for answer in ("Very bad pain", "Very mild pain"):
        page.get_by_role("link", name="ODI").first.click()  # type: ignore[attr-defined]
        page.get_by_label(answer).check()  # type: ignore[attr-defined]
        fieldsets = page.locator("fieldset")  # type: ignore[attr-defined]
        for i in range(1, fieldsets.count()):
            fieldsets.nth(i).locator('input[type="radio"]').nth(1).check()
        if answer == "Very bad pain":
            shot(page, "mydata-questionnaire-odi")
        page.get_by_role("button", name="Save my answers").click()  # type: ignore[attr-defined]
        assert "Saved." in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    table = page.get_by_role("table", name="Your scores over time (2)")  # type: ignore[attr-defined]
    assert table.locator("tbody tr").count() == 2
    shot(page, "mydata-questionnaires-history")
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    shot(page, "mydata-questionnaires-phone")


def test_a_missed_questionnaire_item_is_named(page: object, server: str) -> None:
    page.goto(server + "/questionnaires/start_back")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save my answers").click()  # type: ignore[attr-defined]
    alert = page.get_by_role("alert").inner_text()  # type: ignore[attr-defined]
    assert "Please answer every question" in alert
    shot(page, "mydata-questionnaire-error")


def test_a_self_test_result_is_kept(page: object, server: str) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    _nav(page, "Self-tests")
    page.get_by_role("link", name="Timed walking test").click()  # type: ignore[attr-defined]
    page.get_by_label("Walk 1 (upright)", exact=False).fill("7")  # type: ignore[attr-defined]
    page.locator('input[name="relief"]').nth(1).check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Add this result to my answers").click()  # type: ignore[attr-defined]
    _nav(page, "Self-tests")
    page.get_by_role("link", name="See the results you have had before").click()  # type: ignore[attr-defined]
    assert "7 minutes" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    shot(page, "mydata-selftest-results")


def test_my_data_upload_download_and_delete(page: object, server: str, tmp_path: Path) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    _nav(page, "My data")
    assert page.get_by_role("heading", level=1).inner_text() == "My data"  # type: ignore[attr-defined]
    page.get_by_label("Walk file").set_input_files(str(HOSTILE / "gpx_xxe.gpx"))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Add these walks").click()  # type: ignore[attr-defined]
    alert = page.get_by_role("alert").inner_text()  # type: ignore[attr-defined]
    assert "gpx_xxe.gpx" in alert and "Nothing from this file was" in alert
    shot(page, "mydata-upload-refused")
    page.get_by_label("Walk file").set_input_files(str(WALKS / "garmin-run-2013.fit"))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Add these walks").click()  # type: ignore[attr-defined]
    assert "1 run added" in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    shot(page, "mydata-upload-done")
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Download my data").click()  # type: ignore[attr-defined]
    saved = tmp_path / "mine.json"
    info.value.save_as(str(saved))
    data = json.loads(saved.read_text("utf-8"))
    assert data["format_version"] == 2 and len(data["people"][0]["walks"]) == 1
    page.get_by_role("link", name="Delete my data").click()  # type: ignore[attr-defined]
    shot(page, "mydata-delete-confirm")
    page.get_by_role("button", name="Delete it all now").click()  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text() != "Deleted"  # type: ignore[attr-defined]
    page.get_by_label("To confirm, type the word delete").fill("delete")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Delete it all now").click()  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text() == "Deleted"  # type: ignore[attr-defined]
    assert "nothing about you is left" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    shot(page, "mydata-deleted")
    _nav(page, "My data")
    assert "Nothing yet." in page.locator("main").inner_text()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import make_app

    port = free_port()
    app = make_app(tmp_path_factory.mktemp("browser-clinic"), port=port, multi_user=True)
    with live_server(app, port) as url:
        yield url
    app.state.store.close()


def test_clinic_patient_deletes_their_account(page: object, clinic: str) -> None:
    page.goto(clinic + "/register")  # type: ignore[attr-defined]
    page.get_by_label("Username").fill("walker")  # type: ignore[attr-defined]
    for field in page.locator('input[type="password"]').all():  # type: ignore[attr-defined]
        field.fill("correct horse battery")
    page.locator('main button[type="submit"]').click()  # type: ignore[attr-defined]
    _nav(page, "Questionnaires")
    page.get_by_role("link", name="SSHQ").click()  # type: ignore[attr-defined]
    for fieldset in page.locator("fieldset").all():  # type: ignore[attr-defined]
        fieldset.locator('input[type="radio"]').first.check()
    page.get_by_role("button", name="Save my answers").click()  # type: ignore[attr-defined]
    assert "SSHQ: Positive" in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    _nav(page, "My data")
    assert "1 questionnaire score" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "does not hold your password" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    shot(page, "mydata-clinic")
    page.get_by_role("link", name="Delete my account and data").click()  # type: ignore[attr-defined]
    page.get_by_label("To confirm, type the word delete").fill("delete")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Delete it all now").click()  # type: ignore[attr-defined]
    assert "with your account" in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    shot(page, "mydata-clinic-deleted")
    nav = page.get_by_role("navigation", name="Main")  # type: ignore[attr-defined]
    assert nav.get_by_role("link", name="Sign in").count() == 1
    page.goto(clinic + "/my/data")  # type: ignore[attr-defined]
    assert "/login" in page.url  # type: ignore[attr-defined]
