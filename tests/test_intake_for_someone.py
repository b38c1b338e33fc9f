"""`backstride assess --for-someone`: a carer describes the person in a real terminal (tmux).

Without the option, a text that opens with the writer's own story ("I have a bad back too. My
mum is 78 ...") takes "my mum is 78" as someone else's age and asks it again; with it, what the
carer says of the person counts (the web page's box, tests/web/test_for_someone.py). (A text
that only tells of the relation, "My mum is 78 ...", is hers either way: session 21.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .test_cli import needs_tmux
from .tmux_driver import Terminal

pytest.importorskip("spacy")

BIN = str(Path(sys.executable).parent / "backstride")
CARER = (
    "I have a bad back too. My mum is 78 and has had back pain for 3 weeks. Her legs go heavy after 100 metres and "
    "she has to sit down."
)


def _understood(*options: str) -> str:
    with Terminal([BIN, "assess", "--no-save", *options], env={"COLUMNS": "160"}, width=160) as t:
        t.wait_for("in your own words")
        t.type(CARER)
        screen = t.wait_for("Press Enter if this is right")
        t.type("q")
        t.wait_for("EXIT=")
    return " ".join(screen.split())


@needs_tmux
def test_a_carers_words_count_for_the_person_with_the_option():
    screen = _understood("--for-someone")
    assert "Tell me about their back pain" in screen
    counted = screen.split("Here is what we understood:")[1].split("Not counted")[0]
    assert "How old are you? About 78 years" in counted


@needs_tmux
def test_without_the_option_the_age_is_not_counted():
    screen = _understood()
    counted = screen.split("Here is what we understood:")[1].split("Press Enter")[0]
    assert "78 years" not in counted.split("Not counted:")[0]
    assert "someone else" in screen
