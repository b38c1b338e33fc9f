"""More ways people describe back pain on walking (session 11's own sentences): relief on
sitting or standing still said as "if I sit ... it goes away", a bike that "doesn't bother me",
and "uphill my calves burn"."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("text", "finding", "answer"),
    [
        ("Once I sit on the bench for a minute or so the ache goes away", "relief_by",
         "sitting_or_bending"),
        ("It settles as soon as I sit down on something", "relief_by", "sitting_or_bending"),
        ("The heaviness disappears when I bend over", "relief_by", "sitting_or_bending"),
        ("My thighs stop aching; it passes as soon as I stand still", "relief_by",
         "standing_still"),
        ("The spin bike at the gym didn't bother me", "cycling_ok", "yes"),
        ("Riding my bicycle is fine", "cycling_ok", "yes"),
        ("Going up a hill my calves cramp", "uphill_downhill", "uphill_worse"),
        ("Coming down the hill my legs hurt", "uphill_downhill", "downhill_worse"),
        # "for a long time" between the activity and what it does
        ("Sitting for hours at my desk is bad, sitting for too long makes it worse",
         "worse_sitting", "yes"),
        ("Standing for long periods makes it worse", "standing_brings_on", "yes"),
        ("Standing too long is bad", "standing_brings_on", "yes"),
        ("If I stop for a bit they settle", "relief_by", "standing_still"),
        # after a list, the verb agrees with all of it: "make", not "makes"
        ("Coughing, twisting and leaning backwards make it worse", "worse_leaning_back", "yes"),
        ("Vacuuming and bending make it worse", "worse_bending_forward", "yes"),
    ],
)  # fmt: skip
def test_walking_wordings(kb, text, finding, answer):
    got = {m.finding: (m.answer, m.applies) for m in parse(kb, text).mentions}
    assert got[finding] == (answer, True)


def test_goes_alone_is_not_relief(kb):
    # "goes" may be "goes stiff" or "goes numb": sitting bringing it on, not easing it
    text = "When I sit at my desk for a while my left leg goes numb"
    assert "relief_by" not in parse(kb, text).answers()


def test_a_bike_that_hurts_is_not_cycling_ok(kb):
    assert (
        parse(kb, "Cycling doesn't help, my bike hurts my back").answers().get("cycling_ok")
        != "yes"
    )
