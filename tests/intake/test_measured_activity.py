"""An activity that ends a distance or a time ("after 200 metres of walking") is not the first
item of a list that goes on after it ("... and sitting down eases it"): the walker of 68 who
wrote this was shown "legs give out: yes" and "no" side by side and asked again."""

from __future__ import annotations

import pytest

from backstride.intake import parse


def answers(kb, text: str) -> dict[str, set]:
    out: dict[str, set] = {}
    for m in parse(kb, text).mentions:
        out.setdefault(m.finding, set()).add(m.answer)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "My legs give out after about 200 metres of walking and sitting down eases it.",
        "legs go heavy after 300 yards walking and sitting helps",
        "My calves ache after 10 minutes of walking and bending forward eases them.",
    ],
)
def test_the_measured_walk_is_not_read_as_easing_the_legs(kb, text: str) -> None:
    found = answers(kb, text)
    assert found.get("legs_give_way_walking") == {"yes"}, found


def test_a_list_that_starts_the_sentence_is_still_read_item_by_item(kb) -> None:
    found = answers(kb, "Walking and standing make it worse.")
    assert found.get("legs_give_way_walking") == {"yes"}
    assert found.get("standing_brings_on") == {"yes"}
