"""The runner whose pain started with lifting finds the return-to-lifting advice among his
three most important things, whatever else fits him too, and never loses the check-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride.engine import assess
from backstride.plan import build_plan

PROFILES = Path(__file__).parent / "profiles"
LIFTING_TITLE = "Back to the gym and lifting, step by step"


def runner(**extra: object) -> dict:
    data = json.loads((PROFILES / "runner.json").read_text())
    data["answers"].update(extra)
    return data


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"overweight": "yes", "training_increase": "yes"},
        {"overweight": "yes", "training_increase": "yes", "long_sitting": "yes"},
        {
            "onset_lifting": "no",
            "heavy_work": "yes",
            "overweight": "yes",
            "training_increase": "yes",
        },
        {"overweight": "yes", "training_increase": "yes", "night_pain": "yes"},
        {"walk_minutes": 10, "legs_give_way_walking": "yes", "overweight": "yes"},
    ],
)
def test_lifting_is_among_the_three_most_important_things(kb, extra) -> None:
    data = runner(**extra)
    result = assess(kb, data).to_dict()
    plan = build_plan(result, data, kb)
    titles = [k.title for k in plan.summary]
    assert len(titles) == 3
    assert LIFTING_TITLE in titles, titles
    level = result["urgency"]["level"]
    if level in ("urgent", "doctor"):
        assert titles[0] in ("See a doctor soon", "Book a check-up"), titles


def test_no_lifting_item_for_someone_who_does_not_lift(kb) -> None:
    data = runner(onset_lifting="no")
    plan = build_plan(assess(kb, data).to_dict(), data, kb)
    assert LIFTING_TITLE not in [k.title for k in plan.summary]
