"""Filling in the free-text page for someone else (a relative, a carer, a clinician).

A carer writes "I have a bad back too. My mum is 78": without being told, Backstride cannot
know the mum is the person being assessed, so it asks her age instead of reading it. The web page has a box to
say so, the API a field, the terminal an option (tests/test_intake_for_someone.py); with it,
what the carer says of "my mum", "she" and "her" counts.
"""

from __future__ import annotations

import re

import pytest

from backstride.web.state import decode

pytest.importorskip("spacy")

# the writer's own story first: without the box, "my mum is 78" is someone else's age (a text
# that only tells of the relation is hers either way, session 21: tests/intake/test_third_person)
CARER = (
    "I have a bad back too. My mum is 78 and has had back pain for 3 weeks. Her legs go heavy "
    "after 100 metres and she has to sit down."
)


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def _age(body: dict) -> dict:
    return next(m for m in body["mentions"] if m["finding"] == "age")


def test_the_api_reads_a_carers_words_for_the_person_when_told(client):
    plain = client.post("/api/v1/parse", json={"text": CARER}).json()
    assert _age(plain)["applies"] is False and "age" not in plain["answers"]
    told = client.post("/api/v1/parse", json={"text": CARER, "for_someone": True}).json()
    assert _age(told)["applies"] is True
    assert told["answers"]["age"] == 78
    assert told["answers"]["legs_give_way_walking"] == "yes"


@pytest.mark.parametrize("bad", ["yes", 1, "true", None])
def test_the_api_wants_true_or_false(client, bad):
    r = client.post("/api/v1/parse", json={"text": CARER, "for_someone": bad})
    assert r.status_code == 422
    assert "for_someone" in r.text


def test_the_start_page_has_the_box_and_keeps_it_through_the_check(client):
    page = client.get("/start").text
    assert 'name="for_someone"' in page and "for someone else" in page
    r = client.post("/start", data={"text": CARER, "for_someone": "1"})
    assert r.status_code == 200
    assert '<input type="hidden" name="for_someone" value="1">' in r.text
    boxes = dict(re.findall(r'<label for="keep-(\d+)">([^<]*)', r.text))
    assert any("How old" in label for label in boxes.values())
    done = client.post(
        "/start/confirm",
        data={"text": CARER, "for_someone": "1", "keep": list(boxes)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    pairs = dict(decode(done.headers["location"].split("s=")[1]))
    assert pairs["age"] == 78
    assert pairs["legs_give_way_walking"] == "yes"


def test_without_the_box_the_age_is_asked_not_read(client):
    r = client.post("/start", data={"text": CARER})
    boxes = dict(re.findall(r'<label for="keep-(\d+)">([^<]*)', r.text))
    assert not any("How old" in label for label in boxes.values())
    done = client.post(
        "/start/confirm", data={"text": CARER, "keep": list(boxes)}, follow_redirects=False
    )
    assert "age" not in dict(decode(done.headers["location"].split("s=")[1]))


@pytest.mark.parametrize("path", ["/start", "/start/confirm"])
def test_a_bad_box_value_is_a_clear_422(client, path):
    r = client.post(path, data={"text": CARER, "for_someone": "maybe"})
    assert r.status_code == 422
    assert "for_someone" in r.text
