"""Answers typed in the units people use (issue 15): one reader for every front end."""

from __future__ import annotations

import pytest

from backstride.engine import assess
from backstride.errors import AnswerError, InputError
from backstride.intake.quantities import AmountError, read_amount
from backstride.intake.typed import typed_answer, typed_document
from backstride.knowledge import load_kb

WALK = ("minutes", "metres")
LONG = ("weeks",)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("typed", "units", "value", "unit"),
    [
        ("3 days", LONG, 0.43, "weeks"),
        ("2 months", LONG, 8.69, "weeks"),
        ("1 year", LONG, 52.18, "weeks"),
        ("a fortnight", LONG, 2, "weeks"),
        ("since yesterday", LONG, 0.14, "weeks"),
        ("today", LONG, 0, "weeks"),
        ("for about 3 weeks", LONG, 3, "weeks"),
        ("2 years and 3 months", LONG, 117.39, "weeks"),
        ("6", LONG, 6, "weeks"),
        ("10 minutes", WALK, 10, "minutes"),
        ("half an hour", WALK, 30, "minutes"),
        ("1 hour 20 minutes", WALK, 80, "minutes"),
        ("200 metres", WALK, 200, "metres"),
        ("about 200 m", WALK, 200, "metres"),
        ("1.5 km", WALK, 1500, "metres"),
        ("300 yards", WALK, 274.32, "metres"),
        ("half a mile", WALK, 804.67, "metres"),
        ("3 blocks", WALK, 450, "metres"),  # a block is 100 to 200 m: the middle
        ("4", WALK, 4, "minutes"),  # a bare number is in the question's own unit
        ("68", ("years",), 68, "years"),
        ("68 years old", ("years",), 68, "years"),
        ("sixty-eight", ("years",), 68, "years"),
    ],
)
def test_amounts_in_the_units_people_use(typed, units, value, unit):
    got = read_amount(typed, units)
    assert got.unit == unit and got.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("typed", "units", "says"),
    [
        ("blue", LONG, "'blue' is not an amount we can read. Type it in days, weeks, months"),
        ("200 metres", LONG, "'200 metres' is a distance, which does not answer this"),
        ("20 weeks", WALK, "'20 weeks' is a length of time, which does not answer this"),
        ("-3", LONG, "'-3' is below zero"),
        ("3 parsecs", WALK, "minutes or hours (for example"),
        ("10 minutes and 200 metres", WALK, "mixes different kinds"),
        ("", LONG, "Please type a number"),
        ("x" * 500, LONG, "is too long"),
    ],
)
def test_what_cannot_be_read_is_named_with_the_valid_units(typed, units, says):
    with pytest.raises(AmountError) as err:
        read_amount(typed, units)
    assert says in err.value.message


def test_a_distance_given_for_the_minutes_question_is_kept_as_a_distance(kb):
    assert typed_answer(kb, "walk_minutes", "200 metres") == {
        "walk_metres": 200.0,
        "walk_minutes": "unknown",  # asked, answered in the other unit: not asked again
    }
    assert typed_answer(kb, "walk_minutes", "5 min") == {"walk_minutes": 5.0}
    assert typed_answer(kb, "duration_weeks", "3 days") == {"duration_weeks": 0.43}
    assert typed_answer(kb, "duration_weeks", "?") == {"duration_weeks": "unknown"}
    assert typed_answer(kb, "fever", "no") == {"fever": "no"}


def test_out_of_range_names_the_value_as_typed_and_the_range(kb):
    with pytest.raises(AnswerError) as err:
        typed_answer(kb, "duration_weeks", "60 years")
    assert err.value.message.startswith("'60 years' (3130.8 weeks) is outside the range")
    assert "from 0 to 2600 weeks" in err.value.message
    with pytest.raises(AnswerError, match="'7' is outside the range: give a number from 16"):
        typed_answer(kb, "age", "7")


def test_an_answers_document_with_units_gives_the_same_result_as_numbers(kb):
    words = {"age": "68", "sex": "male", "answers": {"duration_weeks": "1 year",
             "walk_minutes": "4 minutes", "legs_give_way_walking": "yes"}}  # fmt: skip
    plain = {"age": 68, "sex": "male", "answers": {"duration_weeks": 52.18,
             "walk_minutes": 4, "legs_give_way_walking": "yes"}}  # fmt: skip
    assert assess(kb, typed_document(kb, words)).to_dict() == assess(kb, plain).to_dict()


def test_the_same_walk_given_twice_in_two_units_is_refused(kb):
    with pytest.raises(InputError, match="'walk_metres' is given twice"):
        typed_document(kb, {"answers": {"walk_minutes": "3 blocks", "walk_metres": 400}})


@pytest.mark.parametrize("typed", ["a block", "10 to 20 minutes"])
def test_an_amount_that_spans_two_answers_is_asked_again_not_guessed(kb, typed):
    with pytest.raises(AnswerError, match="spans more than one answer here"):
        typed_answer(kb, "walk_minutes", typed)
    assert typed_answer(kb, "walk_minutes", "6 to 8 minutes") == {"walk_minutes": 7.0}
