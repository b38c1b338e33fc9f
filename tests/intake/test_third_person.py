"""Text written wholly about one person, by a carer or a clinician ("She can walk 100 yards
..."), is that person's story: "he" and "she" are the person, not someone else. So is a text
that opens by saying what a named relation is or has now ("My mum is 80. She has had cancer.",
session 21). As soon as the writer speaks of themselves ("I", "my") in their own story, "she
has" is someone else again, and its answers are asked, not set."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from tests.intake.test_everyday_wordings import answers, kb  # noqa: F401

pytest.importorskip("spacy")

ABOUT_THE_PERSON = [
    (
        "She has new numbness in the saddle area since yesterday.",
        {"saddle_numbness": "yes"},
    ),
    ("He has had cancer of the prostate.", {"cancer_history": "yes"}),
    ("He had a fever last night and he has back pain.", {"fever": "yes"}),
    ("My mum is 80. She has had cancer.", {"cancer_history": "yes", "age": 80}),
]

SOMEONE_ELSE = [
    "I have back pain. She has had cancer.",
    "My back hurts and he had a fever last week.",
    "My mum died at 80. She had had cancer.",
    "I have a bad back too. My mum is 80. She has had cancer.",
]


@pytest.mark.parametrize(("text", "want"), ABOUT_THE_PERSON)
def test_a_text_about_one_person_answers_for_them(kb, text, want):  # noqa: F811
    got = answers(kb, text)
    for fid, v in want.items():
        assert got.get(fid) == (kb.state_of(fid, v) if fid == "age" else v), (text, fid, got)


@pytest.mark.parametrize("text", SOMEONE_ELSE)
def test_he_or_she_beside_the_writers_own_words_is_someone_else(kb, text):  # noqa: F811
    result = parse(kb, text)
    others = [m for m in result.mentions if m.experiencer == "other"]
    assert others, text
    set_by_text = answers(kb, text)
    for m in others:
        assert m.finding not in set_by_text, (text, m.finding)
