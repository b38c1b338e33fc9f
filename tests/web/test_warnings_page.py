"""The one-page warning-sign list after the person's own words, on the real knowledge base."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from backstride.web.state import decode, encode

pytest.importorskip("spacy")

SENTENCE = (
    "my legs go heavy after about 200 metres and I have to sit down; bending over the trolley "
    "helps; no trouble with my bladder"
)


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def _after_text(client: TestClient) -> str:
    """Confirm the sentence, answer age and sex; return the warnings page's location."""
    done = client.post("/start/confirm", data={"text": SENTENCE, "keep": ["0", "1", "2", "3"]},
                       follow_redirects=False)  # fmt: skip
    where = done.headers["location"]
    assert where.startswith("/interview?w=ces_screen&s=")
    for q, v in (("age", "68"), ("sex", "male")):
        page = client.get(where)
        assert f'name="q" value="{q}"' in page.text and 'name="w" value="ces_screen"' in page.text
        s = re.search(r'name="s" value="([^"]*)"', page.text)[1]
        r = client.post("/interview", data={"q": q, "s": s, "v": v, "w": "ces_screen"},
                        follow_redirects=False)  # fmt: skip
        where = r.headers["location"]
    return where


def _form(page: str) -> tuple[str, list[str]]:
    s = re.search(r'name="s" value="([^"]*)"', page)[1]
    return s, re.findall(r'name="item" value="([^"]+)"', page)


def test_the_warning_signs_left_come_on_one_page_with_the_texts_mention(client):
    page = client.get(_after_text(client))
    assert "Do any of these warning signs apply to you?" in page.text
    s, items = _form(page.text)
    assert items[0] == "ces_screen" and {"cancer_history", "abdominal_pain"} <= set(items)
    noted = page.text.split('id="mark-ces_screen"')[1].split("</div>")[0]
    assert "You wrote about this in your own words" in noted
    assert "ces_screen" not in dict(decode(s))  # the text's "no" did not answer it


def test_none_of_these_answers_each_item_no_and_goes_on(client):
    page = client.get(_after_text(client))
    s, items = _form(page.text)
    r = client.post("/interview/warnings", data={"s": s, "item": items, "none": "1"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and "w=" not in r.headers["location"]
    pairs = dict(decode(r.headers["location"].split("s=")[1]))
    assert all(pairs[f] == "no" for f in items)
    assert "How long have you had this pain?" in client.get(r.headers["location"]).text


def test_a_ticked_item_is_asked_on_its_own_and_a_yes_raises_urgency(client):
    page = client.get(_after_text(client))
    s, items = _form(page.text)
    r = client.post("/interview/warnings", data={"s": s, "item": items, "mark": ["cancer_history"]},
                    follow_redirects=False)  # fmt: skip
    where = r.headers["location"]
    pairs = dict(decode(where.split("s=")[1]))
    assert "cancer_history" not in pairs and pairs["fever"] == "no"
    nxt = client.get(where)
    assert 'name="q" value="cancer_history"' in nxt.text and "I don't know" in nxt.text


def test_a_bladder_yes_after_the_list_is_an_emergency(client):
    page = client.get(_after_text(client))
    s, items = _form(page.text)
    r = client.post("/interview/warnings", data={"s": s, "item": items, "mark": ["ces_screen"]},
                    follow_redirects=False)  # fmt: skip
    s2 = r.headers["location"].split("s=")[1]
    r = client.post("/interview", data={"q": "ces_screen", "s": s2, "v": "yes"})
    assert "Emergency" in r.text


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({}, 'Choose "None of these apply to me", or tick'),
        ({"none": "1", "mark": ["fever"]}, 'also chose "None of these"'),
    ],
)
def test_an_unclear_choice_is_asked_again_and_loses_nothing(client, extra, says):
    page = client.get(_after_text(client))
    s, items = _form(page.text)
    r = client.post("/interview/warnings", data={"s": s, "item": items, **extra})
    assert r.status_code == 422 and says in html.unescape(r.text)
    assert _form(r.text) == (s, items)
    if "mark" in extra:
        assert 'id="mark-fever" name="mark" value="fever" checked' in r.text


def test_a_warning_sign_that_was_not_listed_is_refused(client):
    s = encode([("age", 68), ("sex", "male")])
    r = client.post("/interview/warnings", data={"s": s, "item": ["fever"], "mark": ["sciatica"]})
    assert r.status_code == 422 and "'sciatica' is not one of the warning signs" in html.unescape(
        r.text
    )


def test_without_own_words_the_questions_come_one_by_one(client):
    s = encode([("age", 68), ("sex", "male")])
    page = client.get(f"/interview?s={s}")
    assert 'action="/interview/warnings"' not in page.text
    assert 'name="q" value="ces_screen"' in page.text


def test_urgent_advice_already_due_stays_above_the_list(client):
    text = "I can't feel the toilet paper when I wipe"
    done = client.post("/start/confirm", data={"text": text, "keep": ["0"]}, follow_redirects=False)
    where = done.headers["location"]
    for q, v in (("age", "68"), ("sex", "male")):
        page = client.get(where).text
        s = re.search(r'name="s" value="([^"]*)"', page)[1]
        w = re.search(r'name="w" value="([^"]*)"', page)[1]
        r = client.post("/interview", data={"q": q, "s": s, "v": v, "w": w}, follow_redirects=False)
        where = r.headers["location"]
    page = client.get(where).text
    assert 'action="/interview/warnings"' in page
    assert page.index('id="urgent-advice"') < page.index('action="/interview/warnings"')
    assert "Emergency" in page
