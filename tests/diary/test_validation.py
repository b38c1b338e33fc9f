"""Impossible diary entries are refused with a clear message wherever they enter (the one
layer is backstride.limits): a future day, symptoms that began after the walk ended."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backstride import limits
from backstride.diary.records import DiaryEntry, parse_day
from backstride.errors import InputError


def test_no_day_after_the_last_date_anywhere_on_earth() -> None:
    ahead = limits.latest_day() + timedelta(days=1)
    with pytest.raises(InputError) as err:
        DiaryEntry(day=ahead, pain_now=3)
    assert ahead.isoformat() in err.value.message and "future" in err.value.message


def test_where_the_person_is_known_their_own_today_is_the_last_day() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InputError, match="in the future"):
        parse_day(tomorrow.isoformat())
    with pytest.raises(InputError, match=tomorrow.isoformat()):
        limits.check_day(tomorrow, today=date.today())
    assert parse_day("today") == date.today()
    assert parse_day(tomorrow.isoformat(), planning=True) == tomorrow  # a programme may start


@pytest.mark.parametrize("planning", [False, True])
def test_an_empty_date_is_refused_not_read_as_today(planning: bool) -> None:
    with pytest.raises(InputError, match="empty") as err:
        parse_day(" ", planning=planning)
    assert "YYYY-MM-DD" in err.value.message and err.value.field == "date"


@pytest.mark.parametrize(("walked", "onset"), [(3, 30), (0, 1), (10, 10.5)])
def test_symptoms_cannot_begin_after_the_walk(walked: float, onset: float) -> None:
    with pytest.raises(InputError) as err:
        DiaryEntry(day=date(2024, 3, 1), walk_minutes=walked, onset_minutes=onset)
    assert f"{onset:g} minutes" in err.value.message and f"{walked:g}" in err.value.message
    assert err.value.field == "onset_minutes"


def test_onset_within_the_walk_or_without_a_walk_length_is_fine() -> None:
    assert DiaryEntry(day=date(2024, 3, 1), walk_minutes=30, onset_minutes=30).onset_minutes == 30
    assert DiaryEntry(day=date(2024, 3, 1), onset_minutes=12).onset_minutes == 12
