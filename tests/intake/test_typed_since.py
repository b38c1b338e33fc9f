"""A length of time typed as the day it began ("since Saturday", "3rd November"), read with
the person's date today; a day after today, a date that cannot exist, or no date today is
refused with the reason, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from backstride.errors import AnswerError
from backstride.intake.typed import typed_answer, typed_document

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("since Saturday", 2),
        ("Saturday", 2),
        ("since last Friday", 3),
        ("since the 3rd of November", 34),
        ("3rd November", 34),
        ("since Monday", 7),  # today is Monday: the one before
    ],
)
def test_a_start_day_is_read_as_days_back_from_today(kb, typed, days):
    got = typed_answer(kb, "duration_weeks", typed, today=MONDAY)
    assert got == {"duration_weeks": round(days / 7, 2)}


def test_the_weekend_is_a_range_that_gives_one_answer(kb):
    assert typed_answer(kb, "duration_weeks", "last weekend", today=MONDAY) == {
        "duration_weeks": pytest.approx(1.5 / 7, abs=0.01)
    }


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("since the 30th of February", "there is no such date"),
        ("since the 25th of December 2026", "that date is after today"),
    ],
)
def test_a_date_that_cannot_be_the_start_is_refused_with_why(kb, typed, says):
    with pytest.raises(AnswerError) as err:
        typed_answer(kb, "duration_weeks", typed, today=MONDAY)
    assert says in err.value.message and repr(typed) in err.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "since next Friday",  # ahead, not a start
        "it was fine until I lifted the sofa on Saturday afternoon",  # a sentence
        "blue",
    ],
)
def test_anything_else_is_refused_as_before(kb, typed):
    with pytest.raises(AnswerError, match="is not an amount we can read"):
        typed_answer(kb, "duration_weeks", typed, today=MONDAY)


def test_without_today_a_start_day_is_not_guessed(kb):
    with pytest.raises(AnswerError, match="is not an amount we can read"):
        typed_answer(kb, "duration_weeks", "since Saturday")


def test_only_a_length_of_time_takes_a_day(kb):
    with pytest.raises(AnswerError):
        typed_answer(kb, "walk_minutes", "since Saturday", today=MONDAY)


def test_an_answers_document_reads_a_start_day_with_today(kb):
    doc = {"age": 35, "answers": {"duration_weeks": "since Saturday"}}
    assert typed_document(kb, doc, today=MONDAY)["answers"] == {"duration_weeks": 0.29}
