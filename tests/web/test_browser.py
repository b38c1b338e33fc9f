"""End to end in a real headless Chromium (Debian's package, driven by Playwright).

A person completes the interview with the keyboard alone, reads the result and the plan, adds
a diary entry and sees the chart; and the core path also works with JavaScript turned off.
Screenshots (desktop and phone) go to /tmp/backstride-screens for a human to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import free_port, live_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/backstride-screens")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import make_app

    port = free_port()
    app = make_app(tmp_path_factory.mktemp("browser"), port=port)
    with live_server(app, port) as url:
        yield url
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def answer_with_keyboard(page: object) -> None:
    """Answer the current question using only the keyboard."""
    kb = page.keyboard  # type: ignore[attr-defined]
    number = page.locator("input#v")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        if number.count():
            kb.type("45")  # the number box has focus on arrival
            kb.press("Enter")
            return
        # radios: the first has focus; "2" picks the second answer (or "?" don't know),
        # then Tab moves to the Next button and Enter presses it
        legend = page.locator("legend").inner_text()  # type: ignore[attr-defined]
        kb.press("2" if legend.strip() in ("Sex?", "Red flag?") else "?")
        kb.press("Tab")
        kb.press("Enter")


def test_interview_result_plan_diary_chart(server: str, browser: object) -> None:
    ctx = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    page = ctx.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server) else None)

    page.goto(server + "/")
    page.get_by_role("link", name="Start the questions").click()
    page.wait_for_url("**/interview*")
    shot(page, "question-desktop")
    assert page.locator("progress").count() == 1
    assert page.evaluate("document.activeElement.id") == "v"  # focus is in the answer box

    answer_with_keyboard(page)  # age
    page.wait_for_selector('legend:has-text("Sex?")')
    answer_with_keyboard(page)  # sex: male
    page.wait_for_selector('legend:has-text("Red flag?")')
    # go back one question, and the previous answer is still chosen
    page.get_by_role("link", name="Back to the last question").click()
    page.wait_for_selector('legend:has-text("Sex?")')
    assert page.get_by_role("radio", name="Male", exact=True).is_checked()
    assert page.evaluate("document.activeElement.id") == "v-male"  # focus on the chosen one
    page.keyboard.press("Tab")  # Tab leaves the radio group and reaches Next
    page.keyboard.press("Enter")
    page.wait_for_selector('legend:has-text("Red flag?")')
    for _ in range(10):
        if "/result" in page.url:
            break
        answer_with_keyboard(page)
    page.wait_for_url("**/result*")

    banner = page.locator("section.urgency")
    assert banner.is_visible()
    assert banner.bounding_box()["y"] < page.locator("#causes-title").bounding_box()["y"]
    assert page.locator("meter").count() == 3
    page.locator("details summary", has_text="Reasons for and against").first.click()
    assert page.get_by_role("link", name="More about this cause").first.is_visible()
    shot(page, "result-desktop")

    with page.expect_download() as dl:
        page.get_by_role("link", name="Download a one-page summary (PDF)").click()
    download = dl.value
    assert download.suggested_filename.startswith("backstride-summary-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="See your self-care plan").click()
    page.wait_for_url("**/plan*")
    assert page.get_by_role("heading", name="Your self-care plan").is_visible()
    assert page.get_by_role("heading", name="Your three most important things").is_visible()
    # walking is not limited in these answers: the programme is offered, folded away
    offer = page.get_by_role("heading", name="A walking programme (if you want one)")
    assert offer.is_visible()
    assert not page.get_by_role("button", name="Start this walking programme").is_visible()
    shot(page, "plan-desktop")
    offer.click()
    page.get_by_role("button", name="Start this walking programme").click()
    page.wait_for_url("**/progress")
    assert page.get_by_role("heading", name="Your walking programme").is_visible()

    page.goto(server + "/diary")
    page.get_by_label("Pain right now").fill("4")
    page.get_by_label("How long you walked", exact=True).fill("20")
    page.get_by_label("How long you walked before").fill("12")
    page.get_by_label("Down my thigh").check()
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/diary?added=1")
    assert page.get_by_role("status").is_visible()
    shot(page, "diary-desktop")

    page.get_by_role("link", name="See your progress").click()
    img = page.locator("figure.chart img")
    img.wait_for()
    page.wait_for_function("document.querySelector('figure.chart img').complete")
    assert page.evaluate("document.querySelector('figure.chart img').naturalWidth") > 100
    shot(page, "progress-desktop")
    assert foreign == []  # nothing loaded from anywhere else: works offline
    ctx.close()


def test_phone_screen_without_javascript(server: str, browser: object) -> None:
    ctx = browser.new_context(
        viewport=PHONE,
        java_script_enabled=False,  # type: ignore[attr-defined]
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = ctx.new_page()
    page.goto(server + "/interview")
    shot(page, "question-phone")
    page.get_by_label("Your answer").fill("72")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Female").click()
    page.get_by_role("button", name="Next").click()
    shot(page, "question-radio-phone")
    page.locator('label[for="v-yes"]').click()
    page.get_by_role("button", name="Next").click()
    while "/interview" in page.url:
        page.get_by_text("I don't know").click()
        page.get_by_role("button", name="Next").click()
    assert "Go now." in page.locator("section.urgency").inner_text()
    # nothing wider than the phone screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "result-phone")
    page.goto(server + "/conditions/cond_b")
    shot(page, "condition-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ctx.close()
