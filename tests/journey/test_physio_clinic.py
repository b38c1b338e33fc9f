"""Journey check (issue 15), person 3: a physiotherapist in clinic mode, in headless Chromium.

The administrator prints an invitation with the real CLI (`backstride clinic invite`); the physio
registers through its link and lands on her patient list. A patient registers, describes his
walking, saves and shares his result with his diary, starts the walking programme and logs three
walks. The physio then sees his latest assessment, pertinent negatives, scores, diary, progress
chart and programme, and downloads a PDF with one number per cause. On the packaged knowledge
base and a fresh SQLite file. Screenshots go to /tmp/backstride-screens.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from backstride.knowledge import load_kb
from backstride.web import Settings, create_app
from tests.live import free_port, live_server
from tests.web.test_browser import ARGS, CHROMIUM, DESKTOP, pytestmark, shot

pytest.importorskip("spacy")
__all__ = ["pytestmark"]

BIN = str(Path(sys.executable).parent / "backstride")
HIS_WORDS = (
    "I am 68. My lower back aches and both my legs get heavy and tired after about 200 metres "
    "of walking. I have to sit down or lean on a shopping trolley and then I can go on. It has "
    "been like this for 2 years."
)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    port = free_port()
    db = tmp_path_factory.mktemp("clinic") / "clinic.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}", port=port, multi_user=True))
    with live_server(app, port) as url:
        yield url, db
    app.state.store.close()


def _register(page, url: str, username: str) -> None:
    page.goto(url)
    page.locator("#username").fill(username)
    page.locator("#password").fill(f"{username} password 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()


def _interview(page, url: str, kb) -> None:
    page.goto(url + "/start")
    page.locator("#text").fill(HIS_WORDS)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    with page.expect_navigation():
        page.get_by_role("button", name="That's right: continue").click()
    while "/result" not in page.url:
        if page.locator("form.warnings").count():
            with page.expect_navigation():
                page.get_by_role("button", name="None of these apply to me").click()
            continue
        f = kb.findings[page.locator('input[name="q"]').get_attribute("value")]
        with page.expect_navigation():
            if f.type == "number":
                page.get_by_role("button", name="I don't know").click()
            else:
                want = {"sex": "male"}.get(f.id, "no" if f.topic == "red_flag" else "unknown")
                page.locator(f'input[name="v"][value="{want}"]').check()
                page.get_by_role("button", name="Next").click()


def test_the_physio_sees_her_patients_journey(clinic: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url, db = clinic
    invited = subprocess.run(
        [BIN, "clinic", "invite", "--clinician", "Jo Physio", "--base-url", url, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert invited.returncode == 0, invited.stderr
    link = re.search(r"(http\S+/register\?invite=\S+)", invited.stdout).group(1)
    kb = load_kb()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        physio = browser.new_context(viewport=DESKTOP).new_page()
        _register(physio, link, "physio.jo")
        assert physio.url.endswith("/clinic")  # her patient list, not a patient's page
        assert "No patient shares with you yet" in physio.locator("main").inner_text()

        him = browser.new_context(viewport=DESKTOP).new_page()
        _register(him, url + "/register", "walter")
        _interview(him, url, kb)
        with him.expect_navigation():
            him.get_by_role("button", name="Save this result").click()
        him.locator("#clinician").fill("physio.jo")
        him.locator("#share-diary").check()
        with him.expect_navigation():
            him.get_by_role("button", name="Share", exact=True).click()
        him.get_by_role("link", name="My plan").first.click()
        with him.expect_navigation():  # one click under his three most important things
            him.get_by_role("button", name="Start this walking programme").click()
        for i, (walked, onset, pain) in enumerate([(9, 3, 4), (10, 4, 3), (12, 5, 3)]):
            him.goto(url + "/diary")
            him.locator("#day").fill((date.today() - timedelta(days=2 - i)).isoformat())
            him.locator("#pain_now").fill(str(pain))
            him.locator("#walk_minutes").fill(str(walked))
            him.locator("#onset_minutes").fill(str(onset))
            him.locator("#reach-thigh").check()
            with him.expect_navigation():
                him.get_by_role("button", name="Save entry").click()

        physio.goto(url + "/clinic")
        physio.get_by_role("link", name="walter").first.click()
        physio.wait_for_load_state()
        shot(physio, "journey-physio-patient")
        main = physio.locator("main")
        text = main.inner_text()
        assert "Latest shared assessment" in text
        assert "Pertinent negatives (red flags asked, not present):" in text
        assert "CES screen): no" in text
        # a year-long problem is a reason for a check-up, not a red flag
        assert "4 weeks" not in (main.locator("#red-flags").all_inner_texts() or [""])[0]
        assert "not red flags" in main.locator("#check-ups").inner_text()
        table = main.locator("#differential").inner_text()
        top = re.search(r"Lumbar spinal stenosis[^\n\t]*\t(\d+%)", table).group(1)
        triage = main.locator("#clinic-urgency").inner_text()  # in clinical words
        assert f"neurogenic claudication (central or foraminal): posterior {top}" in triage
        assert "(check-up rule persistent_pain)" in triage and "Your pain" not in triage
        assert "Questionnaire scores" in text
        diary = main.locator("#diary").inner_text()
        assert diary.count("thigh") == 3
        assert "Minutes walking before symptoms: 3 → 5 (better)" in text
        chart = main.locator("figure.chart img")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        assert "Walking programme" in text and "Week 1 (started): 3 days/week" in text

        with physio.expect_download() as got:
            physio.get_by_role("link", name="PDF summary").click()
        pdf = tmp_path / "walter.pdf"
        got.value.save_as(pdf)
        ptext = " ".join(" ".join(pg.extract_text() for pg in PdfReader(str(pdf)).pages).split())
        assert "Pertinent negatives (red flags asked, not present):" in ptext
        assert f"spinal stenosis) is possible ({top})" in ptext
        assert ptext.count(top) >= 2  # the urgency box and the table: the same number
        assert "Minutes before symptoms: 3 → 5 (better)" in ptext
        assert "No walks logged yet" not in ptext
        assert "Check-up: Your pain has lasted 4 weeks or more" in ptext
        browser.close()
