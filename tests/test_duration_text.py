"""Durations shown in the scale a person uses (issue 15): "2 years" is echoed as about 2 years,
not 104 weeks, in the free-text confirmation, the result's "You said", the clinician summary
and the PDF. Real knowledge base."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from backstride.engine.result import answer_label, duration_text
from backstride.intake.parser import describe
from backstride.intake.quantities import read_amount
from backstride.knowledge import load_kb
from backstride.report.summary import interview
from backstride.web.state import encode


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3 days", "about 3 days"),
        ("1 week", "about 7 days"),
        ("2 weeks", "about 2 weeks"),
        ("10 weeks", "about 10 weeks"),
        ("3 months", "about 3 months"),
        ("18 months", "about 18 months"),
        ("1 year", "about 12 months"),
        ("2 years", "about 2 years"),
        ("10 years", "about 10 years"),
    ],
)
def test_a_typed_duration_comes_back_in_its_own_scale(typed, shown):
    assert duration_text(read_amount(typed, ("weeks",)).value) == shown


def test_whole_weeks_near_a_boundary_and_zero():
    assert duration_text(104) == "about 2 years"  # 2 years kept as whole weeks
    assert duration_text(13) == "about 3 months"
    assert duration_text(0) == "less than a day"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_confirmation_you_said_and_clinician_summary_say_years(kb):
    weeks = read_amount("2 years", ("weeks",)).value
    assert describe(kb, "duration_weeks", weeks).endswith(" About 2 years")
    assert answer_label(kb, "duration_weeks", weeks) == "about 2 years"
    rows, _ = interview({"answers": {"duration_weeks": weeks}}, kb)
    assert rows[0]["answer"] == "about 2 years" and rows[0]["value"] == weeks
    assert answer_label(kb, "walk_minutes", 10.0) == "10 minutes"  # other units unchanged


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


PAIRS = [("age", 68), ("sex", "male"), ("ces_screen", "no"), ("leg_weakness_worsening", "no"),
         ("duration_weeks", 104.36), ("legs_give_way_walking", "yes"), ("walk_minutes", 10)]  # fmt: skip


def test_the_result_page_and_the_pdf_say_about_2_years(client):
    page = client.get(f"/result?s={encode(PAIRS)}").text
    assert "about 2 years" in page and "104.36 weeks" not in page and "104 weeks" not in page
    r = client.get(f"/report.pdf?s={encode(PAIRS)}")
    assert r.status_code == 200
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
    )
    assert "about 2 years" in text
    assert "104.36 weeks" not in text
