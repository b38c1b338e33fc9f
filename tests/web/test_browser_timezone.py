"""The browser's time zone in a real headless Chromium with JavaScript on: a person in
Kiritimati (UTC+14) gets their own date in the diary form on the very first page, before the
server knows their zone, and My data offers their browser's zone to save. Screenshots go to
/tmp/backstride-screens/tz-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backstride.timezones import today_in
from tests.live import free_port, live_server
from tests.web.test_browser import DESKTOP, pytestmark, shot

__all__ = ["pytestmark"]
EAST = "Pacific/Kiritimati"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import make_app

    port = free_port()
    app = make_app(tmp_path_factory.mktemp("browser-tz"), port=port)
    with live_server(app, port) as url:
        yield url
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport=DESKTOP, timezone_id=EAST)  # type: ignore[attr-defined]
    p = ctx.new_page()
    yield p
    ctx.close()


def test_the_browsers_zone_sets_the_date_and_is_offered_to_save(page: object, server: str) -> None:
    today = today_in(EAST).isoformat()
    page.goto(server + "/diary")  # type: ignore[attr-defined]
    day = page.get_by_label("Date")  # type: ignore[attr-defined]
    assert day.input_value() == today  # set in the browser: the server did not know the zone
    page.reload()  # type: ignore[attr-defined]
    assert page.get_by_label("Date").input_value() == today  # type: ignore[attr-defined]
    assert f"Your time zone: {EAST} (from your browser)" in page.inner_text("main")  # type: ignore[attr-defined]
    shot(page, "tz-diary")
    page.goto(server + "/my/data#time-zone")  # type: ignore[attr-defined]
    field = page.get_by_role("textbox", name="Time zone")  # type: ignore[attr-defined]
    assert field.input_value() == EAST
    page.get_by_role("button", name="Save my time zone").click()  # type: ignore[attr-defined]
    assert f"Time zone saved: {EAST}." in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    shot(page, "tz-mydata-saved")
    field = page.get_by_role("textbox", name="Time zone")  # type: ignore[attr-defined]
    field.fill("Europe/Pariss")
    page.get_by_role("button", name="Save my time zone").click()  # type: ignore[attr-defined]
    alert = page.locator("#zone-error").inner_text()  # type: ignore[attr-defined]
    assert "'Europe/Pariss' is not a time zone. Did you mean Europe/Paris?" in alert
    shot(page, "tz-mydata-error")
