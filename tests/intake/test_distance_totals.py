"""A distance said as a total over a week, a month or a weekend ("I run about 30 km a week") is a
training volume, not how far the person can walk before symptoms start: it is not offered as
the walking distance at all (it used to be shown as "not counted, outside 0 to 20000 metres").
A distance said without a period, or "a day" (often how far a person can manage), still is."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


TOTALS = [
    "I'm 35 and I run about 30 km a week. My lower back got sore after deadlifts.",
    "I cycle 100 miles a month and walking is fine, but my back aches.",
    "I usually run 20 km every weekend, and now my back hurts when I bend.",
    "I run 15 km/week and my back hurts after lifting.",
]


@pytest.mark.parametrize("text", TOTALS)
def test_a_distance_over_a_week_or_a_month_is_not_the_walking_distance(kb, text):
    said = parse(kb, text)
    assert not [m for m in said.mentions if m.finding == "walk_metres"], said.to_dict()


STILL = [
    ("I can walk about 200 metres before my legs give out", 200),
    ("I can only manage 100 yards a day before my legs go heavy", 91),
    ("After half a mile my legs go heavy. I do 10 km a week on the bike.", 805),
]


@pytest.mark.parametrize(("text", "metres"), STILL)
def test_a_walking_distance_is_still_read(kb, text, metres):
    got = parse(kb, text).answers().get("walk_metres")
    assert got is not None and abs(float(got) - metres) <= 1, got
