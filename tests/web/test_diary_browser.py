"""The diary page in headless Chromium: add an entry, correct it (an impossible onset is
refused with a message), delete it. Screenshots go to /tmp/backstride-screens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import free_port, live_server
from tests.web.test_browser import DESKTOP, pytestmark, shot

__all__ = ["pytestmark"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import make_app

    port = free_port()
    app = make_app(tmp_path_factory.mktemp("diary-browser"), port=port)
    with live_server(app, port) as url:
        yield url
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def test_add_edit_and_delete_an_entry(server: str, browser: object) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()  # type: ignore[attr-defined]
    page.goto(server + "/diary")
    page.fill("#walk_minutes", "3")
    page.fill("#pain_now", "5")
    page.click("text=Save entry")
    page.wait_for_url("**/diary?added=1")
    assert "walked 3 min" in page.locator("ul.diary-entries").inner_text()

    page.get_by_role("link", name="Edit entry 1").click()
    page.wait_for_url("**/diary/1/edit")
    assert page.input_value("#walk_minutes") == "3"
    page.fill("#onset_minutes", "30")
    page.click("text=Save changes")
    error = page.locator("#diary-error").inner_text()
    assert "the walk lasted 3 minutes" in error
    shot(page, "diary-edit-error")
    page.fill("#walk_minutes", "35")
    page.click("text=Save changes")
    page.wait_for_url("**/diary?changed=1")
    listed = page.locator("ul.diary-entries").inner_text()
    assert "walked 35 min" in listed and "symptoms after 30 min" in listed and "(edited)" in listed
    shot(page, "diary-edited")

    page.get_by_role("button", name="Delete entry 1").click()
    page.wait_for_url("**/diary?deleted=1")
    assert page.locator("ul.diary-entries").count() == 0
    assert "Entry deleted." in page.locator("[role=status]").inner_text()


def test_an_entry_typed_with_units(server: str, browser: object) -> None:
    """Issue 15: the form takes 'half an hour' and '1 mile' as `backstride log` does, and a
    time typed where a distance goes is named, the typed text kept."""
    page = browser.new_context(viewport=DESKTOP).new_page()  # type: ignore[attr-defined]
    page.goto(server + "/diary")
    page.fill("#walk_minutes", "half an hour")
    page.fill("#walk_distance_m", "10 min")
    page.click("text=Save entry")
    error = page.locator("#diary-error").inner_text()
    assert "'10 min' is a walking time" in error and "miles or blocks" in error
    assert page.input_value("#walk_minutes") == "half an hour"
    page.fill("#walk_distance_m", "1 mile")
    page.click("text=Save entry")
    page.wait_for_url("**/diary?added=1")
    listed = page.locator("ul.diary-entries").inner_text()
    assert "walked 30 min" in listed
    shot(page, "diary-units")


def test_a_note_with_a_text_direction_character_is_refused(server: str, browser: object) -> None:
    """A right-to-left override would make a clinician read the note otherwise: the form
    names it and its place, keeps what was typed (made visible), and saves nothing."""
    page = browser.new_context(viewport=DESKTOP).new_page()  # type: ignore[attr-defined]
    page.goto(server + "/diary")
    before = page.locator("ul.diary-entries li").count()
    page.fill("#pain_now", "2")
    page.fill("#notes", "walked fine \u202e01 :niap")
    page.click("text=Save entry")
    error = page.locator("#diary-error").inner_text()
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in error and "character 13" in error
    assert page.input_value("#notes") == "walked fine [U+202E]01 :niap"
    shot(page, "diary-note-refused")
    page.fill("#notes", "first line\nسلام دنیا, 10 min 👍")
    page.click("text=Save entry")
    page.wait_for_url("**/diary?added=1")
    assert page.locator("ul.diary-entries li").count() == before + 1
    assert "first line / سلام دنیا" in page.locator("ul.diary-entries").inner_text()
