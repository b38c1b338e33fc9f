"""A "no" that opens a phrase of its own ("no leg pain") still denies what is listed after it:
"No leg pain or tingling" is a "no" to tingling too, not a "yes" (found driving the terminal
as the 35-year-old runner, session 16). It stops where a list stops: "but", a new sentence."""

from __future__ import annotations

import pytest

from tests.intake.test_everyday_wordings import answers, kb  # noqa: F401

pytest.importorskip("spacy")

CASES = [
    ("No leg pain or tingling.", {"symptom_reach": "back_only", "leg_numbness": "no"}),
    ("I have no leg pain or tingling", {"symptom_reach": "back_only", "leg_numbness": "no"}),
    ("no pain down my leg or pins and needles", {"leg_numbness": "no"}),
    ("No leg pain or pins and needles in my feet", {"leg_numbness": "no"}),
]

NOT_DENIED = [
    # the list ends: what follows is said, not denied
    ("No leg pain but tingling in my foot", {"leg_numbness": "yes"}),
    ("No leg pain. Tingling in my foot though.", {"leg_numbness": "yes"}),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_a_no_opening_a_phrase_denies_the_list_after_it(kb, text, want):  # noqa: F811
    got = answers(kb, text)
    for fid, v in want.items():
        assert got.get(fid) == v, (text, fid, got)


@pytest.mark.parametrize(("text", "want"), NOT_DENIED)
def test_the_no_stops_where_the_list_stops(kb, text, want):  # noqa: F811
    got = answers(kb, text)
    for fid, v in want.items():
        assert got.get(fid) == v, (text, fid, got)
