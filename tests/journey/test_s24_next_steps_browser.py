"""Journey check, session 24, in a real headless Chromium on a phone-size screen.

The 68-year-old walker opens his saved result, then his plan: the walking programme starts with
one click under his three most important things, without opening a folded part. He logs a walk
in the diary and uploads a GPX walk from his phone: each time, the page says where this
programme week stands. Screenshots go to /tmp/backstride-screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backstride.web import Settings, create_app
from backstride.web.state import encode
from tests.journey.test_s24_next_steps import HIM, phone_walk
from tests.live import free_port, live_server
from tests.web.test_browser import ARGS, CHROMIUM, PHONE, pytestmark, shot

__all__ = ["pytestmark"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}", port=port))
    with live_server(app, port) as url:
        yield url
    app.state.store.close()


def _midday_zone(now: datetime) -> str:
    """A browser time zone where it is about midday now, so that a walk 20 minutes ago was
    today there whenever the test runs."""
    ahead = (12 - now.hour + 12) % 24 - 12  # -12..11 hours from UTC
    return "Etc/GMT" + (f"{-ahead:+d}" if ahead else "")  # Etc/GMT-5 is five hours ahead


def test_the_programme_is_one_click_and_each_walk_says_where_the_week_stands(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    now = datetime.now(UTC)
    walk = phone_walk(tmp_path / "shops.gpx", now - timedelta(minutes=20))
    pairs = [("age", HIM["age"]), ("sex", HIM["sex"]), *HIM["answers"].items()]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        ctx = browser.new_context(viewport=PHONE, timezone_id=_midday_zone(now))
        page = ctx.new_page()
        page.goto(f"{server}/result?s={encode(pairs)}")
        with page.expect_navigation():
            page.get_by_role("button", name="Save this result").click()
        page.get_by_role("link", name="See your self-care plan").click()
        page.wait_for_url("**/plan*")
        box = " ".join(page.locator("section.urgency").inner_text().split())
        advice = "Pain that has lasted this long is not a danger sign on its own."
        assert box.count(advice) == 1, box  # said once, as on the result page, not per sign
        assert "Your pain has lasted 4 weeks or more." in box  # the sign itself still named
        start = page.get_by_role("button", name="Start this walking programme")
        assert start.count() == 1 and start.is_visible()  # nothing to unfold first
        top = page.locator("#top-title").bounding_box()
        folded = page.get_by_role("heading", name="Your walking programme").bounding_box()
        assert top and folded and top["y"] < start.bounding_box()["y"] < folded["y"]
        shot(page, "s24-plan-phone")
        with page.expect_navigation():
            start.click()
        page.wait_for_url("**/progress")

        page.goto(server + "/diary")
        page.get_by_label("Pain right now").fill("3")
        page.get_by_label("How long you walked", exact=True).fill("4 minutes")
        page.get_by_label("Down my thigh").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save entry").click()
        said = " ".join(page.get_by_role("status").inner_text().split())
        assert said.startswith("Saved. Walking programme, week 1 so far"), said
        assert "1 of 3 days with a walk, 4 minutes of walking in all" in said, said

        page.goto(server + "/my/data")
        page.locator('input[type="file"]').set_input_files(str(walk))
        with page.expect_navigation():
            page.get_by_role("button", name="Add these walks").click()
        shot(page, "s24-walk-upload-phone")
        said = " ".join(page.locator("#import-done").inner_text().split())
        assert "1 walk added" in said, said
        # the same day as the diary entry: one day, now with the phone's 9 moving minutes
        assert "1 of 3 days with a walk, 9 minutes of walking in all" in said, said

        page.get_by_role("link", name="My plan").first.click()
        page.wait_for_load_state()
        callout = page.locator("#top-title").locator("..").inner_text()
        assert "You are on week 1 of your walking programme" in callout
        assert page.get_by_role("button", name="Start this walking programme").count() == 0
        browser.close()
