"""Graded walking programme: one table per rule (docs/WALKING_PROGRAMME.md)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import AnswerError
from backstride.plan.walking import (
    SLOW_PACE_M_PER_MIN,
    WalkingProgramme,
    WeekLog,
    metres_to_minutes,
    next_week,
    start_programme,
)


def good_week(p: WalkingProgramme) -> WeekLog:
    return WeekLog(p.sessions_per_week, p.planned_minutes_per_week, p.pain_limit, True, False)


# ---------------------------------------------------------------- start
@pytest.mark.parametrize(
    ("cause", "minutes", "metres", "bout", "bouts", "sessions"),
    [
        ("general", 8, None, 6.0, 3, 3),  # 75% of 8 min
        ("general", 15, None, 11.5, 3, 3),  # 11.25 rounds to the nearest half minute
        ("general", 60, None, 30.0, 1, 3),  # capped at the 30-minute target: one walk
        ("general", 0, None, 1.0, 3, 3),  # symptoms at once: the minimum 1-minute bout
        ("general", None, None, 10.0, 3, 3),  # tolerance unknown: default 10 minutes
        ("neurogenic", 4, None, 3.0, 3, 3),
        ("neurogenic", None, 400, 6.0, 3, 3),  # 400 m at 50 m/min = 8 min -> 6
        ("neurogenic", None, None, 5.0, 3, 3),
        ("vascular", 4, None, 4.0, 5, 3),  # walk ~4 min into pain, 20-minute session -> 5 bouts
    ],
)
def test_start_below_tolerance(cause, minutes, metres, bout, bouts, sessions):
    p = start_programme(cause, minutes, metres)
    assert (p.bout_minutes, p.bouts_per_session, p.sessions_per_week) == (bout, bouts, sessions)
    assert p.week == 1 and p.status == "start"


@pytest.mark.parametrize(
    ("cause", "rest_words", "pain_limit", "target"),
    [
        ("general", "stand or sit", 4, (30, 5)),
        ("neurogenic", "sit down or bend forward", 4, (30, 5)),
        ("vascular", "stand still", 6, (45, 3)),
    ],
)
def test_rest_posture_pain_rule_and_target_depend_on_cause(cause, rest_words, pain_limit, target):
    p = start_programme(cause, 10)
    assert rest_words in p.rest
    assert p.pain_limit == pain_limit
    assert (p.target_session_minutes, p.target_sessions_per_week) == target


def test_vascular_walks_into_pain_and_neurogenic_stays_below_onset():
    v, n = start_programme("vascular", 6), start_programme("neurogenic", 6)
    assert v.bout_minutes >= 6 and "moderate" in v.rest
    assert n.bout_minutes < 6


def test_metres_convert_at_a_documented_slow_pace():
    assert SLOW_PACE_M_PER_MIN == 50
    assert metres_to_minutes(500) == 10
    assert start_programme("general", tolerance_metres=500).tolerance_minutes == 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cause": "cardio"}, "Unknown walking programme type"),
        ({"cause": "general", "tolerance_minutes": -1}, "cannot be negative"),
        ({"cause": "general", "tolerance_metres": -5}, "cannot be negative"),
        ({"cause": "general", "pain_limit": 11}, "pain_limit"),
    ],
)
def test_start_rejects_bad_input(kwargs, message):
    with pytest.raises(AnswerError, match=message):
        start_programme(**kwargs)


# ---------------------------------------------------------------- next week
@pytest.mark.parametrize(
    ("log", "status", "bout", "sessions"),
    [
        # good week: +15% (at least +1 min) per bout, one more day
        (
            {"walks_done": 3, "minutes_walked": 54, "worst_pain": 3, "settled_within_24h": True},
            "progress",
            7.0,
            4,
        ),
        # pain exactly at the limit is still fine
        (
            {"walks_done": 3, "minutes_walked": 54, "worst_pain": 4, "settled_within_24h": True},
            "progress",
            7.0,
            4,
        ),
        # missing one walk is fine if the minutes are there (>= 80%)
        (
            {"walks_done": 2, "minutes_walked": 44, "worst_pain": 2, "settled_within_24h": True},
            "progress",
            7.0,
            4,
        ),
        # borderline: pain a little above the limit -> hold
        (
            {"walks_done": 3, "minutes_walked": 54, "worst_pain": 5, "settled_within_24h": True},
            "hold",
            6.0,
            3,
        ),
        # borderline: did not settle within 24 h -> hold
        (
            {"walks_done": 3, "minutes_walked": 54, "worst_pain": 2, "settled_within_24h": False},
            "hold",
            6.0,
            3,
        ),
        # too little done -> hold
        (
            {"walks_done": 1, "minutes_walked": 18, "worst_pain": 1, "settled_within_24h": True},
            "hold",
            6.0,
            3,
        ),
        (
            {"walks_done": 0, "minutes_walked": 0, "worst_pain": 0, "settled_within_24h": True},
            "hold",
            6.0,
            3,
        ),
        # flare -> step back: bout x0.75 (4.5), one fewer day
        (
            {
                "walks_done": 3,
                "minutes_walked": 54,
                "worst_pain": 4,
                "settled_within_24h": True,
                "flare": True,
            },
            "step_back",
            4.5,
            2,
        ),
        # pain 3+ above the limit counts as a flare
        (
            {"walks_done": 3, "minutes_walked": 54, "worst_pain": 7, "settled_within_24h": True},
            "step_back",
            4.5,
            2,
        ),
    ],
)
def test_next_week_rules_general(log, status, bout, sessions):
    p = start_programme("general", 8)  # 3 x 6 min, 3 days = 54 min/week
    n = next_week(p, log)
    assert (n.status, n.bout_minutes, n.sessions_per_week, n.week) == (status, bout, sessions, 2)
    assert n.reason


def test_progress_adds_fifteen_percent_when_that_is_more_than_a_minute():
    p = start_programme("general", 20)  # 15-minute bouts
    n = next_week(p, good_week(p))
    assert n.bout_minutes == 17.5  # 15 + 2.25 = 17.25, rounded (half up) to the half minute
    assert n.bouts_per_session == 2  # 2 x 17 covers 30 minutes


def test_flare_is_never_below_the_minimum_bout_or_two_days():
    p = start_programme("neurogenic", 1)
    for _ in range(4):
        p = next_week(p, WeekLog(0, 0, 10, False, True))
    assert p.bout_minutes == 1.0 and p.sessions_per_week == 2


def test_second_step_back_in_a_row_advises_a_check():
    p = start_programme("general", 10)
    flare = WeekLog(3, 10, 8, False, True)
    first = next_week(p, flare)
    second = next_week(first, flare)
    assert "doctor or physio" not in first.reason
    assert "doctor or physio" in second.reason and second.step_backs_in_a_row == 2
    assert next_week(second, good_week(second)).step_backs_in_a_row == 0


@pytest.mark.parametrize(
    ("log", "status", "session"),
    [
        (
            {"walks_done": 3, "minutes_walked": 60, "worst_pain": 6, "settled_within_24h": True},
            "progress",
            25.0,
        ),
        (
            {"walks_done": 3, "minutes_walked": 60, "worst_pain": 7, "settled_within_24h": True},
            "hold",
            20.0,
        ),
        (
            {"walks_done": 3, "minutes_walked": 60, "worst_pain": 9, "settled_within_24h": True},
            "step_back",
            15.0,
        ),
    ],
)
def test_next_week_rules_vascular(log, status, session):
    p = start_programme("vascular", 4)  # 20-minute sessions, 3 a week, walk into moderate pain
    n = next_week(p, log)
    assert (n.status, n.session_minutes) == (status, session)


# From a 2-minute tolerance, good weeks reach the target within WalkBack's 6 months (26 weeks).
# General: one continuous 30-minute walk; neurogenic: 30 minutes in up to 3 walks with rests.
@pytest.mark.parametrize(
    ("cause", "weeks_max"), [("general", 26), ("neurogenic", 12), ("vascular", 6)]
)
def test_good_weeks_reach_the_target_and_stay_there(cause, weeks_max):
    p = start_programme(cause, 2)
    while not p.at_target:
        p = next_week(p, good_week(p))
        assert p.week <= weeks_max, p
    assert p.session_minutes >= p.target_session_minutes
    assert p.sessions_per_week == p.target_sessions_per_week
    held = next_week(p, good_week(p))
    assert held.status == "target"
    assert (held.bout_minutes, held.session_minutes) == (p.bout_minutes, p.session_minutes)


def test_state_round_trips_through_json():
    p = next_week(
        start_programme("neurogenic", 7),
        {"walks_done": 3, "minutes_walked": 45, "worst_pain": 2, "settled_within_24h": True},
    )
    back = WalkingProgramme.from_dict(json.loads(json.dumps(p.to_dict())))
    assert back == p
    assert "Week 2" in p.to_dict()["summary"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("walks_done", -1), ("minutes_walked", -3.0), ("worst_pain", 11)],
)
def test_week_log_rejects_impossible_values(field, value):
    good = {"walks_done": 1, "minutes_walked": 10.0, "worst_pain": 2, "settled_within_24h": True}
    with pytest.raises(AnswerError, match=field):
        WeekLog(**{**good, field: value})


@given(
    cause=st.sampled_from(["general", "neurogenic", "vascular"]),
    tolerance=st.one_of(st.none(), st.floats(0, 120)),
    logs=st.lists(
        st.builds(
            WeekLog,
            st.integers(0, 7),
            st.floats(0, 400),
            st.integers(0, 10),
            st.booleans(),
            st.booleans(),
        ),
        max_size=12,
    ),
)
def test_programme_stays_within_bounds(cause, tolerance, logs):
    p = start_programme(cause, tolerance)
    for log in logs:
        before = p
        p = next_week(p, log)
        assert p.week == before.week + 1
        assert 1.0 <= p.bout_minutes <= max(30.0, before.bout_minutes)
        assert 2 <= p.sessions_per_week <= p.target_sessions_per_week
        assert p.session_minutes <= p.target_session_minutes
        if log.flare:
            assert p.status == "step_back" and p.session_minutes <= before.session_minutes


def test_next_week_is_pure():
    p = start_programme("general", 10)
    q = replace(p)
    next_week(p, good_week(p))
    assert p == q


# Rule 5: walks follow the time the person can walk before symptoms start, as the diary shows it.


def _good_week(p, **kw):
    return WeekLog(
        walks_done=p.sessions_per_week,
        minutes_walked=p.planned_minutes_per_week,
        worst_pain=2,
        settled_within_24h=True,
        **kw,
    )


def test_symptoms_sooner_than_the_walks_shorten_them_even_in_a_good_week():
    p = start_programme("neurogenic", tolerance_metres=200)  # 3-minute walks
    for _ in range(3):
        p = next_week(p, _good_week(p))
    assert p.bout_minutes == 6
    nxt = next_week(p, _good_week(p, onset_minutes=4))
    assert nxt.status == "step_back"
    assert nxt.bout_minutes == 3  # 75% of 4 minutes
    assert nxt.sessions_per_week == p.sessions_per_week
    assert "after about 4 minutes" in nxt.reason and "6-minute walks" in nxt.reason


def test_an_onset_longer_than_the_walks_changes_nothing():
    p = start_programme("neurogenic", tolerance_minutes=8)
    assert next_week(p, _good_week(p, onset_minutes=9)) == next_week(p, _good_week(p))
    assert next_week(p, _good_week(p, onset_minutes=p.bout_minutes)).status == "progress"


def test_a_flare_with_an_early_onset_steps_back_to_the_onset_and_says_both():
    p = start_programme("neurogenic", tolerance_minutes=10)  # 7.5-minute walks
    nxt = next_week(p, _good_week(p, flare=True, onset_minutes=3))
    assert nxt.status == "step_back" and nxt.bout_minutes == 2.5
    assert "flare-up" in nxt.reason and "after about 3 minutes" in nxt.reason


def test_onset_does_not_cut_vascular_sessions_which_walk_into_pain():
    p = start_programme("vascular", tolerance_minutes=6)
    assert next_week(p, _good_week(p, onset_minutes=2)) == next_week(p, _good_week(p))


def test_two_onset_cuts_in_a_row_advise_a_check():
    p = start_programme("neurogenic", tolerance_minutes=12)
    p = next_week(p, _good_week(p, onset_minutes=8))
    p = next_week(p, _good_week(p, onset_minutes=4))
    assert p.step_backs_in_a_row == 2 and "doctor or physio" in p.reason


def test_a_distance_start_says_the_metres_the_person_gave_and_the_walk_length():
    p = start_programme("neurogenic", tolerance_metres=200)
    assert "about 200 metres" in p.reason and "about 4 minutes" in p.reason
    assert "about 3 minutes (about 150 metres" in p.reason
    by_time = start_programme("general", tolerance_minutes=8)
    assert "metres you" not in by_time.reason and "at about 6 minutes" in by_time.reason


@pytest.mark.parametrize(
    "cause, words",
    [
        (
            "neurogenic",
            ["above 4 out of 10", "stop that walk", "sit down or bend forward", "still counts"],
        ),
        ("general", ["above 4 out of 10", "stop that walk", "still counts"]),
        ("vascular", ["worse than moderate", "chest pain"]),
    ],
)
def test_each_programme_says_what_to_do_when_pain_comes(cause, words):
    p = start_programme(cause, tolerance_minutes=6)
    assert all(w in p.when_pain for w in words)
    saved = p.to_dict()
    assert saved["when_pain"] == p.when_pain
    assert WalkingProgramme.from_dict(saved) == p  # derived text does not break the round trip
