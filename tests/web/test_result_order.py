"""The web result says what to do before why: the urgency, then 'What to do next' (the advice
said once), then the likely causes and their reasons, with the safety net and the
not-a-diagnosis line still on the page. Real app, real SQLite, real knowledge base."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from tests.web.test_plan_pages import real_client, state_for


def main_text(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.mark.parametrize("profile", ["walker68", "runner", "emergency"])
def test_what_to_do_comes_before_the_causes_and_the_advice_is_said_once(
    tmp_path: Path, profile: str
) -> None:
    with real_client(tmp_path) as client:
        page = client.get(f"/result?s={state_for(profile)}").text
        assert page.index('id="urgency-title"') < page.index('id="next-title"')
        assert page.index('id="next-title"') < page.index('id="causes-title"')
        text = main_text(page)
        advice = re.search(r'class="advice"[^>]*>(.*?)</(?:p|li)>', page, re.S)
        assert advice, "the urgency advice is on the page"
        words = " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", advice.group(1))).split())
        words = words.removeprefix("What to do now:").strip()
        if words.startswith(("Book a check-up.", "See a doctor soon.", "Get help now.")):
            words = words.split(".", 1)[1].strip()
        assert words and text.count(words) == 1, words
        assert "Safety net" in text and "not a diagnosis" in text.lower()
        assert text.count("What to do next") == 1
