"""The literal-phrase matcher finds what spaCy's PhraseMatcher(attr="NORM") finds.

``intake.literals`` replaced the PhraseMatcher because giving it ~170,000 word sequences meant
building as many spaCy Docs (most of the parser's start-up). These tests hold it to the
PhraseMatcher's answers on random phrases and texts, norms included ("his" is matched as "my").
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from backstride.intake.literals import Literals  # noqa: E402
from backstride.intake.patterns import norm  # noqa: E402

# few words, so that phrases often occur in the texts; "his"/"my" and "n"/"and" share a norm
WORDS = ["my", "his", "back", "leg", "n", "and", "numb", "pain", "left", "l", "it", "'s"]
NLP = spacy.blank("en")


def _doc(words: list[str]) -> Doc:
    doc = Doc(NLP.vocab, words=words)
    for t in doc:
        t.norm_ = norm(t.text)
    return doc


phrases = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    keyed=st.lists(phrases, min_size=1, max_size=3),
    text=st.lists(st.sampled_from(WORDS), max_size=14),
)
def test_same_matches_as_the_phrase_matcher(keyed: list[list[list[str]]], text: list[str]):
    ours, theirs = Literals(NLP.vocab.strings), PhraseMatcher(NLP.vocab, attr="NORM")
    for i, forms in enumerate(keyed):
        ours.add(f"k{i}", forms)
        if forms:
            theirs.add(f"k{i}", [_doc(f) for f in forms])
    doc = _doc(text)
    expected = set(theirs(doc)) if len(theirs) else set()
    found = ours(doc)
    assert set(found) == expected
    assert len(found) == len(set(found)), "a match is given once"
    assert found == sorted(found, key=lambda m: (m[1], m[2])), "ordered by start, then end"


def test_keys_sharing_a_span_keep_the_order_they_were_added():
    ours = Literals(NLP.vocab.strings)
    ours.add("second", [["numb", "leg"]])
    ours.add("first", [["numb"]])
    ours.add("also", [["numb", "leg"], ["his", "numb", "leg"]])
    got = [(NLP.vocab.strings[k], s, e) for k, s, e in ours(_doc(["my", "numb", "leg"]))]
    assert got == [("also", 0, 3), ("first", 1, 2), ("second", 1, 3), ("also", 1, 3)]


def test_an_empty_sequence_matches_nothing():
    ours = Literals(NLP.vocab.strings)
    ours.add("k", [[], ["back"]])
    assert len(ours) == 1
    assert [(s, e) for _, s, e in ours(_doc(["my", "back"]))] == [(1, 2)]
