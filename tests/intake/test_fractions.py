"""Fractions in free text (session 19): "½ mile" was read as 2 miles (the character folds to
"1⁄2", read as the number after the slash), "1½ miles" and "1 1/2 miles" as 2 miles, and
"¾ of a mile" as 1 mile. A fraction is read as its value, alone, after a whole number, with
"of a" or "an" after it; dates and a clinician's "10/7" (ten days) are not fractions. A dash
before a number that stands for a minus ("–5 minutes") is not 5 minutes, while "10–15" stays
a range."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.intake.clean import cleaned
from backstride.intake.quantities import word_number

pytest.importorskip("spacy")


def _read(kb, text: str, fid: str) -> float | None:
    got = [m.answer for m in parse(kb, text).mentions if m.finding == fid]
    return float(got[0]) if got else None


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("I can only walk ½ mile and then my legs go heavy", 805),
        ("I can only walk 1/2 a mile before I have to stop", 805),
        ("I can walk 1½ miles if I take it slowly", 2414),
        ("I can walk 1 1/2 miles if I take it slowly", 2414),
        ("I can walk 1 ½ miles at most", 2414),
        ("walking ¾ of a mile brings the pain on", 1207),
        ("I get about 1/4 mile before the pain starts", 402),
        ("I can walk 2 miles", 3219),  # a whole number as before
    ],
)
def test_a_fraction_of_a_distance_is_its_value(kb, text: str, metres: float) -> None:
    assert _read(kb, text, "walk_metres") == pytest.approx(metres, abs=1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("I can walk for ½ an hour before it hurts", 30),
        ("after walking 1/2 an hour my legs ache", 30),
        ("I can walk 1 1/2 hours on a good day", 90),
        ("I can walk 10–15 minutes", 12.5),  # an en dash between two numbers: a range
    ],
)
def test_a_fraction_of_an_hour_is_its_value(kb, text: str, minutes: float) -> None:
    assert _read(kb, text, "walk_minutes") == pytest.approx(minutes, abs=3)


def test_an_en_dash_for_a_minus_sign_is_not_a_number(kb) -> None:
    assert _read(kb, "I can walk –5 minutes", "walk_minutes") is None


def test_a_fraction_character_after_a_digit_is_not_a_longer_number() -> None:
    assert cleaned("1½ miles").text == "1 1/2 miles"
    assert cleaned("½ mile").text == "1/2 mile"
    cut = cleaned("about 1½ miles")
    start = cut.text.index("1 1/2")
    assert cut.span(start, start + 5) == (6, 8)  # the words as typed: "1½"


@pytest.mark.parametrize(
    ("token", "value"),
    [("1/2", 0.5), ("3/4 of a", 0.75), ("1 1/2", 1.5), ("2 1/4", 2.25), ("5/4", None)],
)
def test_word_number_reads_proper_fractions_only(token: str, value: float | None) -> None:
    assert word_number(token) == value


@pytest.mark.parametrize("text", ["back pain 10/7, walks fine", "since 3/12/2026 it hurts"])
def test_dates_and_day_counts_are_not_fractions(kb, text: str) -> None:
    assert _read(kb, text, "walk_metres") is None


@pytest.mark.parametrize(
    ("typed", "metres"),
    [("½ mile", 805), ("1½km", 1500), ("¾ mile", 1207), ("２００ｍ", 200), ("１.５km", 1500)],
)
def test_the_diary_reads_fraction_characters_too(typed: str, metres: float) -> None:
    from backstride.diary.amounts import read_distance_m

    assert read_distance_m(typed, "distance", bare_km=True) == pytest.approx(metres, abs=1)


def test_a_refused_amount_quotes_what_was_typed() -> None:
    from backstride.errors import InputError
    from backstride.intake.quantities import AmountError, read_amount

    with pytest.raises((AmountError, InputError)) as err:
        read_amount("½ far", ("metres",))
    assert "'½ far'" in err.value.message
