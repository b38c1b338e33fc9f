"""The free-text first page in a real headless Chromium, on the packaged knowledge base.

The 68-year-old types his sentence, checks what was understood, and answers the rest as he
would. The interview must be clearly shorter than without the sentence and end with the same
urgency and leading cause. Screenshots go to /tmp/backstride-screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from backstride.engine import assess
from backstride.knowledge import load_kb
from backstride.web import Settings, create_app
from backstride.web.state import decode, to_document
from tests.live import free_port, live_server
from tests.test_intake_cli import HIM, SENTENCE
from tests.web.test_browser import DESKTOP, PHONE, pytestmark, shot

pytest.importorskip("spacy")
__all__ = ["pytestmark"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    db = tmp_path_factory.mktemp("intake-browser") / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}", port=port))
    with live_server(app, port) as url:
        yield url


def _checklist(page, kb) -> bool:
    """A checklist page (several warning signs, as the terminal groups them): answer each
    item as he would and go on. False when the page asks one question."""
    if not page.locator("form.checklist").count():
        return False
    for fid in page.locator('input[name="item"]').evaluate_all("e => e.map(x => x.value)"):
        want = HIM.get(fid, "no" if kb.findings[fid].topic == "red_flag" else "unknown")
        page.locator(f'label[for="a-{fid}-{want}"]').click()
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    return True


def _answer_all(page, kb) -> int:
    """Answer question pages as he would until the result; return how many were asked."""
    asked = 0
    while "/result" not in page.url:
        if page.locator("form.warnings").count():  # the warning signs left, on one page
            shot(page, "intake-warnings-desktop")
            with page.expect_navigation():
                page.get_by_role("button", name="None of these apply to me").click()
            asked += 1
            continue
        if _checklist(page, kb):
            asked += 1
            continue
        q = page.locator('input[name="q"]').get_attribute("value")
        f = kb.findings[q]
        want = HIM.get(q, "no" if f.topic == "red_flag" else "unknown")
        with page.expect_navigation():
            if f.type == "number":
                if want == "unknown":
                    page.get_by_role("button", name="I don't know").click()
                else:
                    page.locator("#v").fill(want)
                    page.get_by_role("button", name="Next").click()
            else:
                page.locator(f'input[name="v"][value="{want}"]').check()
                page.get_by_role("button", name="Next").click()
        asked += 1
    return asked


def _outcome(kb, url: str) -> tuple[str, str]:
    s = parse_qs(urlparse(url).query).get("s", [""])[0]
    r = assess(kb, to_document(decode(s))).to_dict()
    return r["urgency"]["level"], r["conditions"][0]["id"]


def test_the_68_year_old_in_the_browser(server: str, browser) -> None:
    kb = load_kb()
    page = browser.new_context(viewport=DESKTOP).new_page()

    page.goto(server + "/start")
    page.get_by_role("link", name="Skip: answer the questions").click()
    page.wait_for_url("**/interview*")
    before = _answer_all(page, kb)
    plain = _outcome(kb, page.url)

    page.goto(server + "/")
    page.get_by_role("link", name="Start", exact=True).click()
    page.wait_for_url("**/start")
    assert page.evaluate("document.activeElement.id") == "text"
    page.keyboard.type(SENTENCE)
    shot(page, "intake-text-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Here is what we understood").is_visible()
    still = page.locator("ul.still-asked").inner_text()
    assert "trouble with my bladder" in still
    assert page.locator('input[name="keep"]:checked').count() == 4
    shot(page, "intake-confirm-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="That's right: continue").click()
    after = _answer_all(page, kb)
    answered = dict(decode(parse_qs(urlparse(page.url).query)["s"][0]))
    assert answered["ces_screen"] == "no"  # answered on the warnings page, not by the text
    told = _outcome(kb, page.url)
    assert told == plain
    assert told[1] == "lumbar_stenosis"
    assert after * 2 <= before + 1, (before, after)  # at least half saved, odd counts rounded up
    print(f"web questions asked: {before} without the sentence, {after} with it")


def test_a_red_flag_in_the_browser_shows_urgency_first(server: str, browser) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(server + "/start")
    page.locator("#text").fill("Since yesterday I can't feel the toilet paper when I wipe.")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    alert = page.locator("#urgent")
    assert alert.is_visible() and "Emergency" in alert.inner_text()
    heading = page.get_by_role("heading", name="Here is what we understood")
    assert alert.bounding_box()["y"] < heading.bounding_box()["y"]
    shot(page, "intake-red-flag-phone")


def test_empty_text_in_the_browser_says_so(server: str, browser) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(server + "/start")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert "type a few words" in page.locator("#error").inner_text()
    assert page.get_by_role("link", name="Answer the questions instead").is_visible()


def test_units_typed_in_the_browser(server: str, browser) -> None:
    """Duration in days or months and walking as a distance, typed as people say them."""
    kb = load_kb()
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(server + "/interview")
    typed = {"duration_weeks": "2 months", "walk_minutes": "half a mile", "age": "68"}
    seen_error = False
    while "/result" not in page.url:
        if _checklist(page, kb):
            continue
        q = page.locator('input[name="q"]').get_attribute("value")
        f = kb.findings[q]
        if q == "duration_weeks" and not seen_error:
            assert "days, weeks, months or years" in page.locator("#units").inner_text()
            page.locator("#v").fill("a long time")
            with page.expect_navigation():
                page.get_by_role("button", name="Next").click()
            error = page.locator("#error")
            assert "'a long time' is not an amount we can read" in error.inner_text()
            assert page.locator("#v").input_value() == "a long time"
            shot(page, "units-error-phone")
            seen_error = True
            continue
        with page.expect_navigation():
            if q in typed:
                page.locator("#v").fill(typed[q])
                page.get_by_role("button", name="Next").click()
            elif f.type == "number":
                page.get_by_role("button", name="I don't know").click()
            else:
                want = HIM.get(q, "no" if f.topic == "red_flag" else "unknown")
                page.locator(f'input[name="v"][value="{want}"]').check()
                page.get_by_role("button", name="Next").click()
    assert seen_error
    answers = dict(decode(parse_qs(urlparse(page.url).query)["s"][0]))
    assert answers["duration_weeks"] == 8.69
    assert answers["walk_metres"] == 804.67 and answers["walk_minutes"] == "unknown"
    shot(page, "units-result-phone")
