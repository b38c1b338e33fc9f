from __future__ import annotations

from datetime import date

import pytest

from backstride.diary.progress import programme_summary
from backstride.diary.trend import daily_steps, tolerance, trend, weekly


@pytest.mark.parametrize(
    ("entry", "minutes", "metres"),
    [
        ({"walk_minutes": 20, "walk_distance_m": 1600, "onset_minutes": 5}, 5, 400),
        ({"walk_minutes": 20, "walk_distance_m": 1600, "onset_minutes": 30}, 30, 1600),
        ({"walk_minutes": 20, "walk_distance_m": 1600, "symptom_reach": "none"}, 20, 1600),
        ({"walk_minutes": 20, "walk_distance_m": 1600}, None, None),  # onset not logged
        ({"onset_minutes": 7}, 7, None),
    ],
)
def test_tolerance_per_entry(entry: dict, minutes: float | None, metres: float | None) -> None:
    point = tolerance({"day": date(2024, 1, 1), **entry})
    assert (point.minutes_to_onset, point.metres_to_onset) == (minutes, metres)


@pytest.mark.parametrize(
    ("values", "lower_is_better", "direction"),
    [
        ([5, 6, 8, 10, 12, 14, 15, 18], False, "better"),
        ([5, 6, 8, 10, 12, 14, 15, 18], True, "worse"),
        ([8, 7, 6, 5, 4, 3, 2, 2], True, "better"),
        ([10, 10.2, 9.9, 10.1], False, "steady"),
        ([10], False, "too_little_data"),
    ],
)
def test_trend_direction(values: list[float], lower_is_better: bool, direction: str) -> None:
    assert trend(values, lower_is_better=lower_is_better).direction == direction


def test_trend_of_nothing_is_none() -> None:
    assert trend([None, None]) is None


def test_weekly_summary_groups_by_monday() -> None:
    diary = [
        {"day": date(2024, 3, 4), "pain_now": 6, "onset_minutes": 4, "walk_minutes": 10},
        {"day": date(2024, 3, 10), "pain_now": 4, "onset_minutes": 8, "walk_minutes": 10},
        {"day": date(2024, 3, 11), "pain_now": 2},
    ]
    walks = [{"day": date(2024, 3, 5), "distance_m": 1500.0}]
    activity = [
        {"day": date(2024, 3, 5), "steps": 3000, "source": "fit"},
        {"day": date(2024, 3, 5), "steps": 5000, "source": "apple_health"},
        {"day": date(2024, 3, 6), "steps": 1000, "source": "fit"},
    ]
    assert daily_steps(activity) == {date(2024, 3, 5): 5000, date(2024, 3, 6): 1000}
    first, second = weekly(diary, walks, activity)
    assert first.start == date(2024, 3, 4) and first.entries == 2
    assert (first.minutes_to_onset, first.pain, first.steps_per_day) == (6, 5, 3000)
    assert first.device_walk_km == 1.5
    assert (second.start, second.pain, second.minutes_to_onset) == (date(2024, 3, 11), 2, None)


def test_programme_summary_reads_common_shapes() -> None:
    assert programme_summary(None) == (None, None)
    state = {"weeks_done": 3, "next_goal": {"minutes": 15, "sessions_per_week": 5}}
    assert programme_summary(state) == ("3", "15 min, 5 times a week")
    assert programme_summary({"week": 2, "next_goal": "walk 20 min"}) == ("2", "walk 20 min")
