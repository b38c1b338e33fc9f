"""In a real headless Chromium, on the packaged knowledge base: a warning sign answered in the
interview shows its advice at once, above the next question, and on every page after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backstride.web import Settings, create_app
from tests.live import free_port, live_server
from tests.web.test_browser import DESKTOP, PHONE, pytestmark, shot

__all__ = ["pytestmark"]

CES_ADVICE = "ask to be checked for cauda equina syndrome"


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    db = tmp_path_factory.mktemp("browser-real") / "web.db"
    app = create_app(Settings(port=port, db_url=f"sqlite:///{db}"))
    with live_server(app, port) as url:
        yield url
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def _next(page: object) -> None:
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.get_by_role("button", name="Next").click()  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_cauda_equina_yes_shows_emergency_banner_at_once_and_after(
    real_server: str, browser: object, viewport: dict[str, int]
) -> None:
    ctx = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    page = ctx.new_page()
    page.goto(real_server + "/interview")
    page.get_by_label("Your answer").fill("40")
    _next(page)
    page.locator('label[for="v-female"]').click()
    _next(page)
    page.wait_for_selector('legend:has-text("bladder or bowels")')
    assert page.locator("#urgent-advice").count() == 0  # nothing urgent yet
    page.locator('label[for="v-yes"]').click()
    _next(page)

    # the very next page: the emergency advice, above the next question
    banner = page.locator("#urgent-advice")
    assert banner.is_visible()
    assert "Emergency: get help now" in banner.inner_text()
    assert CES_ADVICE in banner.inner_text()
    assert banner.get_attribute("role") == "alert"
    assert banner.bounding_box()["y"] < page.locator("legend").bounding_box()["y"]
    assert "/interview" in page.url and page.locator("form.question").is_visible()
    name = "urgent-question-" + ("phone" if viewport is PHONE else "desktop")
    shot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # it stays on every later question page (no longer announced as new)
    for _ in range(3):
        first = page.locator("legend").inner_text()
        if page.locator("input#v").count():  # a number box (plain or with units)
            page.get_by_role("button", name="I don't know").click()
            page.wait_for_load_state()
        else:
            page.locator('label[for="v-unknown"]').click()
            _next(page)
        assert page.locator("legend").inner_text() != first
        banner = page.locator("#urgent-advice")
        assert banner.is_visible() and CES_ADVICE in banner.inner_text()
        assert banner.get_attribute("role") is None

    # and the result page leads with it
    page.get_by_role("link", name="Stop here and see your result").click()
    page.wait_for_url("**/result*")
    top = page.locator("section.urgency")
    assert "Emergency: get help now" in top.inner_text() and CES_ADVICE in top.inner_text()
    assert top.bounding_box()["y"] < page.locator("#causes-title").bounding_box()["y"]
    shot(page, "urgent-result-" + ("phone" if viewport is PHONE else "desktop"))
    ctx.close()
