"""The phrase syntax and the quantity reader, without spaCy."""

from __future__ import annotations

import pytest

from backstride.intake.patterns import (
    NEGATION_WORDS,
    PhraseSyntaxError,
    compile_phrase,
    literal_forms,
)
from backstride.intake.quantities import find_quantities, word_number


def tok(s: str) -> list[str]:
    return s.split()


def test_literal_forms_expand_alternatives_groups_and_optional_words():
    forms = literal_forms("my? leg|legs (go heavy|give out)", tok)
    assert ["my", "leg", "go", "heavy"] in forms
    assert ["legs", "give", "out"] in forms
    assert len(forms) == 2 * 2 * 2


def test_gaps_and_prefixes_need_the_token_matcher():
    assert literal_forms("walk* ... stop", tok) is None
    (pattern,) = compile_phrase("walk* ... stop", tok)
    assert pattern[0] == {"LOWER": {"REGEX": "^(?:walk)"}}
    # the gap is up to three words, none of them a "no": "walking never makes me stop" is not
    # "walking ... stop"
    assert pattern[1] == {"LOWER": {"NOT_IN": NEGATION_WORDS}, "OP": "{0,3}"}
    assert {"not", "n't", "never", "no", "without"} <= set(NEGATION_WORDS)
    assert pattern[2] == {"LOWER": {"IN": ["stop"]}}


def test_a_full_verb_also_matches_its_contraction():
    forms = literal_forms("my bum is numb", tok)
    assert ["my", "bum", "'s", "numb"] in forms
    (pattern,) = compile_phrase("foot has ... floppy", tok)
    assert pattern[1] == {"LOWER": {"IN": ["'s", "has"]}}


@pytest.mark.parametrize("bad", ["(a|b", "a|b)", "a||b", "(|x)"])
def test_malformed_phrases_are_refused(bad):
    with pytest.raises(PhraseSyntaxError):
        compile_phrase(bad, tok)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("about 200 metres", "distance", 200),
        ("200m", "distance", 200),
        ("half a mile", "distance", 804.672),
        ("one and a half miles", "distance", 2414.016),
        ("1,000 yards", "distance", 914.4),
        ("3 blocks", "distance", 450),
        ("10-15 mins", "time", 12.5),
        ("an hour", "time", 60),
        ("a couple of weeks", "duration", 2),
        ("six months", "duration", 26.07),
        ("I am 68 years old", "age", 68),
        ("a sixty-eight-year-old", "age", 68),
        # hundreds counted, not read as one hundred (session 16)
        ("two hundred metres", "distance", 200),
        ("a couple of hundred metres", "distance", 200),
        ("a couple hundred yards", "distance", 182.88),
        ("one hundred and fifty yards", "distance", 137.16),
        ("2 or 3 hundred yards", "distance", 228.6),
        ("a few hundred yards", "distance", 274.32),
        # the half after the unit, a word between count and unit, "-ish"
        ("a month and a half", "duration", 6.5175),
        ("an hour and a half", "time", 90),
        ("a good mile", "distance", 1609.344),
        ("20ish minutes", "time", 20),
        ("a couple minutes", "time", 2),
        # ages as people and forms write them
        ("45yo", "age", 45),
        ("45 y/o", "age", 45),
        # vague lengths of time
        ("for donkey's years", "duration", 260.9),
        ("a good few months", "duration", 13.035),
    ],
)
def test_quantities(text, kind, value):
    (q,) = find_quantities(text)
    assert (q.kind, q.value) == (kind, pytest.approx(value, rel=1e-3))
    assert text[q.start : q.end] == q.text


def test_no_quantity_without_a_unit_or_a_number():
    assert find_quantities("I am a man and it is a pain") == []
    assert find_quantities("I walked 200") == []


def test_word_numbers():
    assert word_number("sixty-eight") == 68
    assert word_number("1,500") == 1500
    assert word_number("2.5") == 2.5
    assert word_number("lots") is None


def test_weeks_in_clinical_shorthand():
    (q,) = find_quantities("sciatica 4/52")
    assert (q.kind, q.value, q.unit) == ("duration", 4, "/52")
    assert find_quantities("seen on 12/5/52") == []
    assert find_quantities("3/12 and 3/7") == []  # months and days: could be dates


def test_weeks_shorthand_is_a_duration_without_for_or_ago():
    pytest.importorskip("spacy")
    from backstride.intake import parse
    from backstride.knowledge import load_kb

    kb = load_kb()
    assert parse(kb, "left leg pain 5/52").answers()["duration_weeks"] == 5
    assert "duration_weeks" not in parse(kb, "bowel cancer 2/52 ago").answers()
