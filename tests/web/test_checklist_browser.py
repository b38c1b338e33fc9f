"""The warning-sign checklists on one page in the browser, as the terminal asks them.

Without free text, the terminal asks each checklist (the history checklist, and the bladder and
bowel details after a "yes") as one question. The web page must ask the same questions in the
same order for the same answers: the 68-year-old walks through both, in a real headless
Chromium and in tmux, and the question count, the questions, the urgency and the leading cause
must match. Each item on the page is answered on its own; a blank is never taken as "no".
Screenshots go to /tmp/backstride-screens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from backstride.engine import assess
from backstride.knowledge import load_kb
from backstride.web import Settings, create_app
from backstride.web.state import decode, to_document
from tests.live import free_port, live_server
from tests.test_cli import needs_tmux
from tests.test_intake_cli import BIN, HIM, _answer, _prompted
from tests.tmux_driver import Terminal
from tests.web.test_browser import DESKTOP, PHONE, pytestmark, shot

__all__ = ["pytestmark"]

CHECKLIST = "Do any of these apply to you?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    db = tmp_path_factory.mktemp("checklist-browser") / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}", port=port))
    with live_server(app, port) as url:
        yield url


def _his(kb, fid: str) -> str:
    f = kb.findings[fid]
    return HIM.get(fid, "no" if f.topic == "red_flag" else "unknown")


def _web_walk(page, kb) -> list[tuple[str, ...]]:
    """Answer every page as he would; returns each page's question (a checklist: its items)."""
    asked: list[tuple[str, ...]] = []
    while "/result" not in page.url:
        number = page.locator('label[for="progress"]').inner_text()
        assert number.startswith(f"Question {len(asked) + 1} of"), number  # as the terminal
        if page.locator("form.checklist").count():
            items = tuple(
                page.locator('input[name="item"]').evaluate_all("e => e.map(x => x.value)")
            )
            assert page.locator("h1").inner_text() == CHECKLIST
            shot(page, "checklist-desktop")
            for fid in items:  # each one answered on its own, as the terminal's "0" means
                page.locator(f'label[for="a-{fid}-{_his(kb, fid)}"]').click()
            asked.append(items)
            with page.expect_navigation():
                page.get_by_role("button", name="Next").click()
            continue
        q = page.locator('input[name="q"]').get_attribute("value")
        f, want = kb.findings[q], _his(kb, q)
        asked.append((q,))
        with page.expect_navigation():
            if f.type == "number" and want == "unknown":
                page.get_by_role("button", name="I don't know").click()
            elif f.type == "number":
                page.locator("#v").fill(want)
                page.get_by_role("button", name="Next").click()
            else:
                page.locator(f'input[name="v"][value="{want}"]').check()
                page.get_by_role("button", name="Next").click()
    return asked


def _terminal_walk(tmp_path: Path, kb) -> tuple[list[tuple[str, ...]], dict]:
    """The same person in `backstride assess` (no free text); each question, and the result."""
    saved = tmp_path / "terminal.json"
    shorts = {f.short: f.id for f in kb.findings.values() if f.short}
    questions = {" ".join(f.question.split()): f.id for f in kb.findings.values()}
    cmd = [BIN, "assess", "--no-save", "--save-answers", str(saved)]
    asked: list[tuple[str, ...]] = []
    with Terminal(cmd, env={"COLUMNS": "200"}, width=200, height=60) as t:
        t.wait_for("in your own words (or press Enter to skip)")
        t.type("")
        n = 1
        while t.wait_any(f"Question {n} ", "Likely causes") != "Likely causes":
            if "Do any of these apply" in t.screen().split(f"Question {n} ")[-1]:
                t.wait_for("Type the numbers of all that apply")  # the whole list is shown
            block = _prompted(t).split(f"Question {n} ")[-1]
            if CHECKLIST in block:
                found = re.findall(r"^\s+\d+\) (.+?)\s*$", block, flags=re.M)
                asked.append(tuple(shorts[x] for x in found))
            else:
                text = " ".join(block.splitlines()[1].split())
                asked.append((questions[text],))
            _answer(t, kb, block)
            n += 1
        t.wait_for("EXIT=0")
    import json

    return asked, assess(kb, json.loads(saved.read_text())).to_dict()


def _outcome(kb, url: str) -> tuple[str, str, dict]:
    pairs = decode(parse_qs(urlparse(url).query)["s"][0])
    r = assess(kb, to_document(pairs)).to_dict()
    return r["urgency"]["level"], r["conditions"][0]["id"], dict(pairs)


@needs_tmux
def test_the_68_year_old_gets_the_same_questions_in_the_browser_and_the_terminal(
    server: str, browser, tmp_path: Path
) -> None:
    kb = load_kb()
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(server + "/interview")
    web = _web_walk(page, kb)
    level, leading, answers = _outcome(kb, page.url)
    shot(page, "checklist-result-desktop")

    terminal, result = _terminal_walk(tmp_path, kb)
    print(f"questions asked without free text: web {len(web)}, terminal {len(terminal)}")
    assert len(web) == len(terminal)
    assert web == terminal  # the same questions, checklists with the same items, same order
    assert any(len(q) > 1 for q in web)  # the history checklist was one page
    assert level == result["urgency"]["level"]
    assert leading == result["conditions"][0]["id"] == "lumbar_stenosis"
    checklist = next(q for q in web if len(q) > 1)
    assert all(answers[f] == "no" for f in checklist)  # each item answered "no" on its own


def _to_checklist(page, age: str = "68") -> None:
    page.goto(page.url.split("/interview")[0] + "/interview")
    page.locator("#v").fill(age)
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    page.locator('label[for="v-male"]').click()
    for _ in range(3):  # sex, then the bladder question and the weakness question: no
        with page.expect_navigation():
            page.get_by_role("button", name="Next").click()
        if page.locator("form.checklist").count():
            return
        page.locator('label[for="v-no"]').click()
    raise AssertionError("the history checklist did not come")


def test_a_checklist_without_javascript_wants_every_item_and_a_yes_is_urgent_at_once(
    server: str, browser
) -> None:
    kb = load_kb()
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "/interview")
    _to_checklist(page)
    items = page.locator('input[name="item"]').evaluate_all("e => e.map(x => x.value)")
    assert "weight_loss" in items and page.locator("#urgent-advice").count() == 0
    # every item is labelled: its radios are named by the item's text
    group = page.get_by_role("radiogroup", name=kb.findings["weight_loss"].short)
    assert group.get_by_role("radio", name="Not sure").count() == 1
    shot(page, "checklist-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # only some answered: nothing is taken as "no"; the page says which are left, keeps the rest
    page.locator('label[for="a-fever-no"]').click()
    page.locator('label[for="a-weight_loss-yes"]').click()
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()
    assert "/interview/checklist" in page.url and "/result" not in page.url
    assert f"{len(items) - 2} still have no answer" in page.locator("#error").inner_text()
    assert page.locator("li.missing").count() == len(items) - 2
    assert (
        page.locator("#a-fever-no").is_checked() and page.locator("#a-weight_loss-yes").is_checked()
    )
    shot(page, "checklist-missing-phone")

    # "None of these" with a yes on the page is refused, not taken as "no" for the yes
    page.get_by_role("button", name="None of these apply to me").click()
    page.wait_for_load_state()
    assert 'also chose "None of these apply to me"' in page.locator("#error").inner_text()
    assert page.locator("#a-weight_loss-yes").is_checked()

    # the rest "not sure": the weight-loss yes raises the urgency on the very next page
    page.locator('label[for="v-unknown"]').click()
    page.get_by_role("button", name="Next").click()
    page.wait_for_load_state()
    banner = page.locator("#urgent-advice")
    assert banner.is_visible() and banner.get_attribute("role") == "alert"
    pairs = dict(decode(parse_qs(urlparse(page.url).query)["s"][0]))
    assert pairs["weight_loss"] == "yes" and pairs["fever"] == "no"
    assert all(pairs[f] == "unknown" for f in items if f not in ("fever", "weight_loss"))
    shot(page, "checklist-urgent-phone")

    # back drops the whole checklist: the same page comes again, nothing on it answered
    page.get_by_role("link", name="Back to the last question").click()
    page.wait_for_load_state()
    assert page.locator("form.checklist").count() == 1
    assert page.locator('form.checklist input[type="radio"]:checked').count() == 0
    ctx.close()


def test_none_of_these_answers_every_listed_item_no(server: str, browser) -> None:
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(server + "/interview")
    _to_checklist(page)
    items = page.locator('input[name="item"]').evaluate_all("e => e.map(x => x.value)")
    with page.expect_navigation():
        page.get_by_role("button", name="None of these apply to me").click()
    pairs = dict(decode(parse_qs(urlparse(page.url).query)["s"][0]))
    assert all(pairs[f] == "no" for f in items)
    assert page.locator("form.checklist").count() == 0  # on to the next question
