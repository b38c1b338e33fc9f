"""A screen question that is not a warning sign (pregnancy, women under 55) joins the one-page
list after the person's own words, instead of taking a page of its own after it."""

from __future__ import annotations

import re

import pytest

from backstride.engine.answers import parse_answers
from backstride.engine.questions import screen_pending
from backstride.engine.screen import HEADING, HEADING_MIXED, apply_list, heading, warning_list
from backstride.knowledge import load_kb
from backstride.web.state import decode

pytest.importorskip("spacy")

SENTENCE = "my lower back has ached for a week since I moved house, it gets worse when I walk"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _answers(kb, age: int, sex: str):
    return parse_answers(kb, {"age": age, "sex": sex, "answers": {}})


def test_a_woman_under_55_sees_the_pregnancy_question_on_the_list(kb):
    items = warning_list(kb, _answers(kb, 31, "female"))
    assert "pregnant" in items and "ces_screen" in items
    assert heading(kb, items) == HEADING_MIXED
    men = warning_list(kb, _answers(kb, 31, "male"))
    assert "pregnant" not in men and heading(kb, men) == HEADING
    older = warning_list(kb, _answers(kb, 60, "female"))
    assert "pregnant" not in older


def test_none_of_these_answers_it_no_and_no_screen_page_is_left(kb):
    a = _answers(kb, 31, "female")
    items = warning_list(kb, a)
    after = apply_list(kb, a, items, [])
    assert after.values["pregnant"] == "no"
    left = screen_pending(kb, after)
    assert left == ["duration_weeks"]  # only the number question is still to come


def test_ticked_it_is_asked_on_its_own_next(kb):
    a = _answers(kb, 31, "female")
    items = warning_list(kb, a)
    after = apply_list(kb, a, items, ["pregnant"])
    assert "pregnant" not in after.values and after.values["ces_screen"] == "no"
    assert set(screen_pending(kb, after)) == {"duration_weeks", "pregnant"}


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def test_the_web_list_asks_do_any_of_these_apply(client):
    done = client.post("/start/confirm", data={"text": SENTENCE, "keep": ["0", "1", "2"]},
                       follow_redirects=False)  # fmt: skip
    where = done.headers["location"]
    for q, v in (("age", "31"), ("sex", "female")):
        page = client.get(where)
        assert f'name="q" value="{q}"' in page.text, page.text[:2000]
        s = re.search(r'name="s" value="([^"]*)"', page.text)[1]
        w = re.search(r'name="w" value="([^"]*)"', page.text)[1]
        r = client.post("/interview", data={"q": q, "s": s, "v": v, "w": w},
                        follow_redirects=False)  # fmt: skip
        where = r.headers["location"]
    page = client.get(where).text
    assert f">{HEADING_MIXED}</h1>" in page
    items = re.findall(r'name="item" value="([^"]+)"', page)
    assert "pregnant" in items
    s = re.search(r'name="s" value="([^"]*)"', page)[1]
    r = client.post("/interview/warnings", data={"s": s, "item": items, "none": "1"},
                    follow_redirects=False)  # fmt: skip
    got = dict(decode(r.headers["location"].split("s=")[1]))
    assert got["pregnant"] == "no"
    nxt = client.get(r.headers["location"]).text
    assert 'name="q" value="pregnant"' not in nxt
