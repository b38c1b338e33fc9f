"""Diary -> week log -> next week: one table per rule in docs/WALKING_PROGRAMME.md ("From the diary")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backstride.diary.adapt import catch_up, new_state, week_log
from backstride.plan.walking import start_programme

MON = date(2026, 11, 2)


def entry(offset: int, minutes: float | None = None, pain: int | None = None, notes: str = ""):
    return {
        "day": MON + timedelta(days=offset),
        "walk_minutes": minutes,
        "pain_now": pain,
        "notes": notes,
    }


def walk(offset: int, minutes: float):
    return {"day": MON + timedelta(days=offset), "duration_s": minutes * 60}


def test_days_with_a_walk_and_minutes_from_diary_and_device():
    diary = [entry(0, 10, 2), entry(0, 5), entry(2, 12, 3)]
    walks = [walk(2, 15), walk(4, 20)]  # day 2 is the same walk logged twice: count the larger
    log, notes = week_log(diary, walks, MON, pain_limit=4)
    assert log.walks_done == 3
    assert log.minutes_walked == 15 + 15 + 20
    assert log.worst_pain == 3 and log.settled_within_24h and not log.flare
    assert notes == []


def test_entries_outside_the_week_do_not_count():
    diary = [entry(-1, 30, 9), entry(7, 30, 1), entry(2, 10, 2)]
    log, _ = week_log(diary, [walk(-3, 40), walk(7, 40)], MON, pain_limit=4)
    assert (log.walks_done, log.minutes_walked, log.worst_pain) == (1, 10, 2)


def test_no_pain_logged_counts_as_zero_and_says_so():
    log, notes = week_log([], [walk(1, 20)], MON, pain_limit=4)
    assert log.worst_pain == 0
    assert any("No pain scores" in n for n in notes)


@pytest.mark.parametrize(
    ("walk_day_pain", "next_day_pain", "settled"),
    [(3, 5, False), (3, 4, True), (6, 5, True), (None, 6, False), (3, None, True)],
)
def test_not_settled_when_next_day_pain_is_above_limit_and_higher(
    walk_day_pain, next_day_pain, settled
):
    diary = [entry(1, 10, walk_day_pain)]
    if next_day_pain is not None:
        diary.append(entry(2, None, next_day_pain))
    log, _ = week_log(diary, [], MON, pain_limit=4)
    assert log.settled_within_24h is settled


def test_day_after_the_week_counts_for_settling_only():
    diary = [entry(6, 10, 2), entry(7, None, 6)]
    log, _ = week_log(diary, [], MON, pain_limit=4)
    assert not log.settled_within_24h and log.worst_pain == 2


@pytest.mark.parametrize(
    ("notes", "flag", "flare"),
    [("Flare-up after gardening", False, True), ("fine", True, True), ("fine", False, False)],
)
def test_flare_from_a_note_or_from_the_person(notes, flag, flare):
    log, _ = week_log([entry(1, 10, 3, notes)], [], MON, pain_limit=4, flare=flag)
    assert log.flare is flare


def good_week(start_offset: int, days: int = 5, minutes: float = 60, pain: int = 2):
    return [entry(start_offset + d, minutes, pain) for d in range(days)]


def test_catch_up_applies_every_ended_week_in_order():
    state = new_state(start_programme("neurogenic", tolerance_minutes=8), MON, "test")
    diary = good_week(0) + good_week(7, pain=8)  # week 2 has pain 8: step back (limit 4 + 3)
    new, applied = catch_up(state, diary, [], MON + timedelta(days=15))
    assert [a["week"] for a in applied] == [1, 2]
    assert [a["status"] for a in applied] == ["progress", "step_back"]
    assert new["current"]["week"] == 3
    assert new["week_started"] == (MON + timedelta(days=14)).isoformat()
    assert new["current"]["bout_minutes"] < applied[0]["log"]["minutes_walked"]
    assert state["history"] == [] and state["current"]["week"] == 1  # input untouched


def test_catch_up_before_the_week_ends_changes_nothing():
    state = new_state(start_programme("general", tolerance_minutes=10), MON, "test")
    new, applied = catch_up(state, good_week(0), [], MON + timedelta(days=6))
    assert applied == [] and new["current"] == state["current"]


def test_a_missed_week_holds_and_says_why():
    state = new_state(start_programme("general", tolerance_minutes=10), MON, "test")
    _, applied = catch_up(state, [], [], MON + timedelta(days=7))
    assert applied[0]["status"] == "hold"
    assert "No walks" in applied[0]["reason"]


def test_too_few_minutes_holds_with_planned_and_logged_figures():
    state = new_state(start_programme("neurogenic", tolerance_minutes=8), MON, "test")
    _, applied = catch_up(state, good_week(0, days=3, minutes=5), [], MON + timedelta(days=7))
    assert applied[0]["status"] == "hold"
    assert any(
        "Planned: 3 days" in n and "Logged: 3 days, 15 minutes" in n for n in applied[0]["notes"]
    )


def test_flare_flag_marks_only_the_latest_week():
    state = new_state(start_programme("general", tolerance_minutes=10), MON, "test")
    diary = good_week(0) + good_week(7)
    _, applied = catch_up(state, diary, [], MON + timedelta(days=14), flare=True)
    assert [a["log"]["flare"] for a in applied] == [False, True]
    assert applied[-1]["status"] == "step_back"


def test_onset_is_the_middle_value_of_the_week_and_shortens_longer_walks():
    diary = [{**entry(d, 6, 2), "onset_minutes": m} for d, m in ((0, 3), (2, 4), (4, 9))] + [
        {**entry(1, None, 2), "onset_minutes": None}
    ]
    log, _ = week_log(diary, [], MON, pain_limit=4)
    assert log.onset_minutes == 4
    state = new_state(start_programme("neurogenic", tolerance_minutes=8), MON, "test")
    _, applied = catch_up(state, diary, [], MON + timedelta(days=7))
    assert applied[0]["log"]["onset_minutes"] == 4
    assert applied[0]["status"] == "step_back" and "after about 4 minutes" in applied[0]["reason"]


def test_no_onset_logged_leaves_it_unknown():
    log, _ = week_log([entry(0, 6, 2)], [], MON, pain_limit=4)
    assert log.onset_minutes is None
