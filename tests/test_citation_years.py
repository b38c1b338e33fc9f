"""A citation shows its publication year; an undated web page shows 'n.d.' and keeps the day
it was read (`accessed`), never the reading year passed off as a publication year."""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

from backstride.cli.render import cite
from backstride.knowledge.schema import Citation
from backstride.plan.build import _citation_label
from backstride.report.summary import _citation_text, _citations

PAGE = {"id": "page", "authors": "Some Clinic", "title": "A page", "url": "https://example.org"}


def test_an_undated_page_needs_only_the_day_it_was_read() -> None:
    c = Citation(**PAGE, accessed=datetime.date(2026, 12, 1))
    assert c.year is None and c.accessed == datetime.date(2026, 12, 1)
    assert c.year_label == "n.d."


def test_a_citation_needs_a_year_or_an_accessed_date() -> None:
    with pytest.raises(ValidationError, match="needs a year"):
        Citation(**PAGE)


def test_a_given_year_is_still_checked_and_shown() -> None:
    assert Citation(**PAGE, year=2019).year_label == "2019"
    with pytest.raises(ValidationError):
        Citation(**PAGE, year=1800)


def test_every_display_shows_no_date_for_an_undated_source(small_kb) -> None:
    assert small_kb.citations["testpage"].year_label == "n.d."
    assert cite(small_kb, "testpage", estimate=False) == "Test Clinic n.d."
    assert cite(small_kb, "test2020", estimate=False) == "Tester 2020"
    assert _citation_text(small_kb, "testpage") == "Test Clinic n.d."
    assert _citations(small_kb, ["testpage"])["testpage"].startswith("Test Clinic (n.d.). An")
    assert _citation_label(small_kb, "testpage").startswith("Test Clinic (n.d.) An undated")
