"""Runs of characters with no space (punctuation, emoji, one endless word): the parser reads
them as words of at most ``limits.MAX_WORD_CHARS`` characters, because spaCy's tokenizer works
on such a run for seconds (2,000 characters of punctuation: about 2 s a request, measured);
what is said around them is read as before, and quoted and placed as it was typed."""

from __future__ import annotations

import pytest

from backstride import limits
from backstride.intake import parse
from backstride.intake.clean import capped_words, cleaned
from backstride.knowledge.kb import KnowledgeBase

SENTENCE = "I lost control of my bladder"


def test_a_run_without_a_space_is_cut_into_words_that_map_back() -> None:
    typed = "!?" * 50 + " back " + "😀" * 90
    read = capped_words(cleaned(typed), limits.MAX_WORD_CHARS)
    assert max(len(run) for run in read.text.split()) == limits.MAX_WORD_CHARS
    assert read.text.replace(" ", "") == typed.replace(" ", "")
    start = read.text.index("back")
    assert typed[slice(*read.span(start, start + 4))] == "back"
    assert typed[slice(*read.span(0, len(read.text)))] == typed
    plain = cleaned("my back hurts")
    assert capped_words(plain, limits.MAX_WORD_CHARS) is plain  # ordinary text: untouched


@pytest.mark.parametrize("run", ["!.,;:" * 120, "😀" * 500, "a" * 600, "-" * 900])
def test_what_is_said_around_a_long_run_is_read_and_quoted_as_typed(
    kb: KnowledgeBase, run: str
) -> None:
    text = f"{run} {SENTENCE}. {run}"[: limits.MAX_FREE_TEXT_CHARS]
    result = parse(kb, text)
    (m,) = [m for m in result.mentions if m.finding == "incontinence"]
    assert m.applies and text[m.start : m.end] == m.text == "lost control of my bladder"
