"""Journey check (issue 15), person 2, in a real headless Chromium on the packaged knowledge base.

A 35-year-old runner with a sore low back after deadlifts types his story, answers the rest,
saves his result and opens My plan: it is about running and lifting, opens with no stenosis
exercise and pushes no walking programme, since walking is not limited for him. He then opens
Self-tests from the menu and does one: it is added to his own answers, and kept. Screenshots go
to /tmp/backstride-screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from backstride.knowledge import load_kb
from backstride.knowledge.loader import data_dir
from backstride.web import Settings, create_app
from backstride.web.state import decode
from tests.live import free_port, live_server
from tests.web.test_browser import ARGS, CHROMIUM, DESKTOP, pytestmark, shot

pytest.importorskip("spacy")
__all__ = ["pytestmark"]

HIS_WORDS = (
    "I'm 35 and I run about 30 km a week. My lower back got sore two weeks ago after heavy "
    "deadlifts at the gym. The pain stays in my low back, it does not go into my legs. Walking "
    "is fine, running hurts a bit and bending forward hurts."
)
HIM = {"sex": "male", "gradual_onset": "no", "muscle_spasm": "yes", "onset_lifting": "yes"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    db = tmp_path_factory.mktemp("runner") / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}", port=port))
    with live_server(app, port) as url:
        yield url
    app.state.store.close()


def _stenosis_exercises() -> set[str]:
    rows = yaml.safe_load(Path(data_dir(), "plan", "exercises.yaml").read_text())
    return {r["name"] for r in rows if "stenosis" in (r.get("for") or {}).get("categories", [])}


def test_the_runner_gets_a_plan_about_running_and_lifting(server: str) -> None:
    from playwright.sync_api import sync_playwright

    kb = load_kb()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.goto(server + "/")
        page.get_by_role("link", name="Start", exact=True).click()
        page.wait_for_url("**/start")
        page.locator("#text").fill(HIS_WORDS)
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        understood = page.locator("main").inner_text()
        assert 'you wrote "after heavy deadlifts"' in understood
        with page.expect_navigation():
            page.get_by_role("button", name="That's right: continue").click()
        while "/result" not in page.url:
            if page.locator("form.warnings").count():
                with page.expect_navigation():
                    page.get_by_role("button", name="None of these apply to me").click()
                continue
            q = page.locator('input[name="q"]').get_attribute("value")
            f = kb.findings[q]
            want = HIM.get(q, "no" if f.topic == "red_flag" else "unknown")
            with page.expect_navigation():
                if f.type == "number":
                    page.get_by_role("button", name="I don't know").click()
                else:
                    page.locator(f'input[name="v"][value="{want}"]').check()
                    page.get_by_role("button", name="Next").click()
        shot(page, "journey-runner-result")
        assert "Strained or sprained back" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Save this result").click()

        page.get_by_role("link", name="My plan").first.click()
        page.wait_for_load_state()
        top = page.locator("#top-title").locator("..").inner_text()
        assert "Back to running" in top, top
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        shot(page, "journey-runner-plan")
        plan = page.locator("main").inner_text()
        assert "Get back to bending and lifting step by step" in plan
        assert "What to expect" in plan
        assert "Your walking programme" not in plan  # offered as a choice only
        first = page.locator("article.exercise h3").first.inner_text()
        assert first not in _stenosis_exercises(), first

        page.get_by_role("link", name="Self-tests").first.click()
        page.get_by_role("link", name="Single-leg stance (hip muscle control)").click()
        page.wait_for_load_state()
        page.get_by_label("30 seconds with my hips level").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Add this result to my answers").click()
        shot(page, "journey-runner-selftest")
        after = dict(decode(parse_qs(urlparse(page.url).query)["s"][0]))
        assert after["st_single_leg_poor"] == "no"
        assert after["onset_lifting"] == "yes" and after["impact_sport"] == "yes"  # still his
        assert "Strained or sprained back" in page.locator("main").inner_text()
        assert "You stopped before the end" not in page.locator("main").inner_text()
        page.goto(server + "/selftest-results")
        assert "Single-leg stance" in page.locator("main").inner_text()
        browser.close()
