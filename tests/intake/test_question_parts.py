"""Questions of several parts: a "no" to one part is shown as that, and the question is still
asked; a former smoker answers the vascular question "yes", someone who only tried it does not."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.intake.confirm import confirmed_answers, items, warning_notes
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def mentions(kb, text, fid):
    return [m for m in parse(kb, text).mentions if m.finding == fid]


@pytest.mark.parametrize(
    "text",
    [
        "My bowels have been fine, it is just my legs that ache when I walk",
        "nothing wrong with my waterworks",
        "I've had no changes in my bowel habits",
        "no problems with the bladder",
    ],
)
def test_a_no_about_the_bladder_or_the_bowels_alone_is_not_a_no(kb, text):
    r = parse(kb, text)
    got = [m for m in r.mentions if m.finding == "ces_screen"]
    for m in got:
        assert not m.applies and "only part" in m.why_not and "no only about" in m.says
    assert "ces_screen" not in r.answers() and "ces_screen" not in confirmed_answers(r)


def test_what_is_shown_says_which_part_was_answered(kb):
    r = parse(kb, "No trouble with my bowels. My calves cramp after ten minutes of walking.")
    (it,) = [it for it in items(r) if it.finding == "ces_screen"]
    assert not it.counts
    assert it.says.endswith("you said no only about your bowels")
    assert "we will ask you about it" in it.note
    # pointed out beside the question on the warning list, with the person's own words
    assert warning_notes(r)["ces_screen"] == "No trouble with my bowels"


@pytest.mark.parametrize(
    "text",
    [
        "my bladder and my bowels are both normal",
        "I have had no problems with my bowels or my bladder",
        "no trouble with my bladder, and no trouble with my bowels either",
    ],
)
def test_a_no_covering_both_is_a_no(kb, text):
    (m,) = mentions(kb, text, "ces_screen")
    assert (m.answer, m.applies) == ("no", True)
    assert "ces_screen" not in confirmed_answers(parse(kb, text))  # a warning sign: asked


@pytest.mark.parametrize(
    "text",
    [
        "no trouble with my bladder but my bowels have changed",
        "my bowels are fine but I have trouble with my bladder",
    ],
)
def test_a_yes_to_one_part_is_still_a_yes_beside_a_no_to_the_other(kb, text):
    r = parse(kb, text)
    assert confirmed_answers(r)["ces_screen"] == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "I smoked twenty a day for 30 years but stopped when I retired",
        "I'm an ex-smoker with sore legs when I walk",
        "I used to smoke a pack a day",
        "I gave up smoking in my fifties",
        "former smoker",
    ],
)
def test_a_former_smoker_answers_yes(kb, text):
    assert confirmed_answers(parse(kb, text))["vascular_risk"] == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "I only tried smoking once, at school",
        "I have never smoked a cigarette",
        "I'm a non-smoker",
        "I don't smoke",
    ],
)
def test_trying_once_or_never_smoking_is_not_a_yes(kb, text):
    got = mentions(kb, text, "vascular_risk")
    assert got and all(m.answer == "no" and not m.applies for m in got)  # smoking only
    assert "vascular_risk" not in confirmed_answers(parse(kb, text))


def test_one_part_yes_is_a_yes_whatever_else_is_denied(kb):
    r = parse(kb, "I've never smoked but I take tablets for high blood pressure")
    assert confirmed_answers(r)["vascular_risk"] == "yes"


def test_the_start_page_shows_the_partial_no_for_what_it_is(tmp_path):
    import html

    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.post("/start", data={"text": "No trouble with my bowels, my legs ache walking"})
        body = html.unescape(page.text)
        assert "you said no only about your bowels" in body
        assert "only part of the question: we will ask you about it" in body
        assert "private parts: no <span" not in body  # not shown as a full "no"
