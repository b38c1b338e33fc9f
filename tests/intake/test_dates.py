"""When the pain started, given as a date or a day: read only with today's date, which the
front end passes in; a date after today, or one that cannot exist, is shown and never counted."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from backstride.intake.dates import find_dates

THURSDAY = date(2026, 12, 3)


def weeks(text, today=THURSDAY):
    (d,) = find_dates(text, today)
    return d


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("it has ached since the 2nd of November", 31 / 7, 31 / 7),
        ("my back went on Monday", 3 / 7, 3 / 7),
        ("it has been sore since last Friday", 6 / 7, 6 / 7),
        ("I've had it since Boxing Day", 342 / 7, 342 / 7),  # last year's: this one is to come
        ("it started in mid September", 74 / 7, 83 / 7),
        ("it has hurt since April 2025", (date(2026, 12, 3) - date(2025, 4, 30)).days / 7,
         (date(2026, 12, 3) - date(2025, 4, 1)).days / 7),
        ("pain since Nov", 3 / 7, 32 / 7),
        ("it started on Thursday", 1, 1),  # said on a Thursday: a week ago, not today
    ],
)  # fmt: skip
def test_dates_become_weeks_back_from_today(text, low, high):
    d = weeks(text)
    assert (d.low, d.high, d.problem) == (
        pytest.approx(low, abs=0.01),
        pytest.approx(high, abs=0.01),
        None,
    )
    assert text[d.start : d.end] == d.text


def test_a_month_without_a_year_is_its_latest_one():
    assert weeks("it began in January", date(2026, 2, 10)).high == pytest.approx(40 / 7, abs=0.01)
    # said in February, "since August" is last August, not a date still to come
    d = weeks("sore since August", date(2026, 2, 10))
    assert d.problem is None and d.low == pytest.approx(163 / 7, abs=0.01)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("it started on 14 February 2027", "that date is after today"),
        ("since Christmas 2026", "that date is after today"),
        ("my back has hurt since the 30th of February", "there is no such date"),
        ("it began on the 41st of May", "there is no such date"),
    ],
)
def test_a_future_or_impossible_date_is_a_problem_not_a_length(text, problem):
    assert weeks(text).problem == problem


def test_nothing_that_needs_the_calendar_is_read_without_today():
    assert find_dates("my back has hurt since October and it started on a Tuesday", None) == []
    (d,) = find_dates("it has been bad since yesterday", None)  # needs no calendar
    assert d.low == d.high == pytest.approx(1 / 7, abs=0.01)


def test_words_that_look_like_a_month_are_not_dates():
    assert find_dates("it started may be a fortnight ago", THURSDAY) == []
    assert find_dates("I march a lot and it began when I was 30", THURSDAY) == []


# ------------------------------------------------------------------ in the parser
spacy = pytest.importorskip("spacy")
from backstride.intake import parse  # noqa: E402
from backstride.intake.confirm import confirmed_answers, items  # noqa: E402
from backstride.knowledge import load_kb  # noqa: E402


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def duration(kb, text, today=THURSDAY):
    return [m for m in parse(kb, text, today).mentions if m.finding == "duration_weeks"]


def test_the_parser_reads_a_start_date_with_today(kb):
    (m,) = duration(kb, "My lower back has been aching since the 2nd of November when I walk.")
    assert (m.answer, m.applies) == (4.4, True)
    assert kb.state_of("duration_weeks", m.answer) == "under_6"
    (m,) = duration(kb, "The leg pain began in early May.")
    assert m.applies and kb.state_of("duration_weeks", m.answer) == "over_26"


def test_without_today_a_date_is_left_to_the_questions(kb):
    assert duration(kb, "My lower back has been aching since the 2nd of November.", None) == []
    assert duration(kb, "It started last Wednesday.", None) == []


def test_a_future_date_is_shown_as_not_understood_and_never_counted(kb):
    r = parse(kb, "My back has been sore since 9 March 2027, worse walking uphill.", THURSDAY)
    (m,) = [m for m in r.mentions if m.finding == "duration_weeks"]
    assert (m.applies, m.answer) == (False, "unknown")
    assert "after today" in m.why_not
    assert "duration_weeks" not in confirmed_answers(r)
    (it,) = [it for it in items(r) if it.finding == "duration_weeks"]
    assert not it.counts and "could not use" in it.says and "after today" in it.note


def test_a_month_straddling_two_answers_is_asked(kb):
    (m,) = duration(kb, "It has hurt since October.")  # 5 to 9 weeks: either side of 6
    assert not m.applies and "day" in m.why_not


def test_a_date_that_belongs_to_something_else_is_not_the_pains(kb):
    assert duration(kb, "I have been on blood pressure tablets since June.") == []
    (m,) = duration(kb, "My husband's back has hurt since Christmas.")
    assert not m.applies and "someone else" in m.why_not


def test_a_red_flag_in_the_same_sentence_is_still_read(kb):
    r = parse(kb, "Since last Sunday I have wet myself twice and my back aches.", THURSDAY)
    answers = confirmed_answers(r)
    assert answers["incontinence"] == "yes"
    assert kb.state_of("duration_weeks", answers["duration_weeks"]) == "under_6"


def test_the_api_takes_the_persons_date(tmp_path):
    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        text = "My back has hurt since the 1st of November."
        body = c.post("/api/v1/parse", json={"text": text, "today": "2026-11-15"}).json()
        assert body["answers"]["duration_weeks"] == 2.0
        later = c.post("/api/v1/parse", json={"text": text, "today": "2027-07-01"}).json()
        assert kb_state(later["answers"]["duration_weeks"]) == "over_26"
        bad = c.post("/api/v1/parse", json={"text": text, "today": "2026-13-01"})
        assert bad.status_code == 422 and "today" in bad.text
        # no date given: the server's own date, so the answer is there
        plain = c.post("/api/v1/parse", json={"text": "My back has hurt since yesterday."})
        assert plain.json()["answers"]["duration_weeks"] == pytest.approx(0.1)


def kb_state(value):
    return load_kb().state_of("duration_weeks", value)


def test_the_terminal_command_passes_todays_date():
    exe = str(Path(sys.executable).parent / "backstride")
    ten_days = date.today() - timedelta(days=10)
    text = f"My back has hurt since the {ten_days.day} {ten_days.strftime('%B')} {ten_days.year}."
    out = subprocess.run(
        [exe, "parse", "--json", text], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(out.stdout)["answers"]["duration_weeks"] == pytest.approx(1.4)


def test_the_api_refuses_a_number_for_today(tmp_path):
    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r = c.post("/api/v1/parse", json={"text": "sore since May", "today": 0})
        assert r.status_code == 422 and "today" in r.text


# ------------------------------------------------------------------ what was done, then when
MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("sore since heavy squats on Friday", 3, 3),
        ("it has hurt since I was at the gym on Saturday", 2, 2),
        ("stiff after a long drive last weekend", 1, 2),
        ("I tweaked it carrying logs on Thursday", 4, 4),
        ("it came on suddenly on Friday", 3, 3),
        ("since last week", 1, 7),  # any day of the week before this one
        ("it has ached since last month", 7, 36),  # any day of November
        ("since the accident in March", 251, 281),
    ],
)  # fmt: skip
def test_a_day_after_what_was_done_is_counted_back(text, low, high):
    (d,) = find_dates(text, MONDAY)
    assert (d.low, d.high) == (pytest.approx(low / 7, abs=0.01), pytest.approx(high / 7, abs=0.01))
    assert text[d.start : d.end] == d.text


@pytest.mark.parametrize(
    "text",
    [
        "I'm seeing the GP next Friday",
        "it felt better after the massage on Friday",  # a change, not the start
        "after the accident in March",  # only "since" reaches a month this way
        "I did a 10k last week",  # no word of a start
    ],
)
def test_a_day_that_is_not_the_start_is_not_read(text):
    assert find_dates(text, MONDAY) == []
