from __future__ import annotations

from datetime import date, datetime

import pytest

from backstride.diary.records import (
    DiaryEntry,
    Walk,
    describe_entry,
    parse_day,
    parse_distance_m,
    parse_reach,
    parse_relief,
)
from backstride.errors import InputError


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("800m", 800),
        ("1.2km", 1200),
        ("1,5 km", 1500),
        # a comma before three digits in metres is a thousands separator, not 1.5 m
        ("1,500 m", 1500),
        ("1,500m", 1500),
        ("2,000", 2000),
        ("2", 2000),
        ("600", 600),
        ("1mi", 1609.344),
    ],
)
def test_distances(text: str, metres: float) -> None:
    assert parse_distance_m(text) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("parse", "text", "value"),
    [
        (parse_reach, "Below knee", "below_knee"),
        (parse_reach, "back", "back_only"),
        (parse_reach, "none", "none"),
        (parse_relief, "bending forward", "bending_forward"),
        (parse_relief, "Standing-Still", "standing_still"),
    ],
)
def test_choices_accept_everyday_spellings(parse, text: str, value: str) -> None:
    assert parse(text) == value


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: parse_reach("knee"), ["'knee'", "below knee", "buttock"]),
        (lambda: parse_relief("lying"), ["'lying'", "sitting", "standing still"]),
        (lambda: parse_distance_m("far"), ["'far'", "800m"]),
        (lambda: parse_distance_m("1,500 km"), ["'1,500 km'", "1.5km", "1500m"]),
        (lambda: parse_day("31/12/2024"), ["'31/12/2024'", "YYYY-MM-DD"]),
        (lambda: DiaryEntry(day=date(2024, 1, 1), pain_now=11), ["11", "0", "10"]),
        (lambda: DiaryEntry(day=date(2024, 1, 1), onset_minutes=-3), ["-3"]),
    ],
)
def test_bad_values_name_the_value_and_the_valid_ones(call, names: list[str]) -> None:
    with pytest.raises(InputError) as info:
        call()
    for name in names:
        assert name in info.value.message


def test_same_walk_same_key_different_walk_different_key() -> None:
    a = Walk("gpx", datetime(2024, 1, 1, 8), date(2024, 1, 1), 1800.0)
    b = Walk("gpx", datetime(2024, 1, 1, 8), date(2024, 1, 1), 1800.2, distance_m=5.0)
    c = Walk("gpx", datetime(2024, 1, 1, 8, 1), date(2024, 1, 1), 1800.0)
    assert a.dedupe_key == b.dedupe_key != c.dedupe_key


def test_describe_entry_echoes_what_was_understood() -> None:
    entry = DiaryEntry(day=date(2024, 5, 1), pain_now=3, walk_distance_m=1200, symptom_reach="none")
    assert describe_entry(entry) == "2024-05-01, pain 3/10, 1.20 km, reached: no symptoms"
