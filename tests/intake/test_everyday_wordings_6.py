"""The parser on a sixth batch of wordings (session 20), written for this file from the kinds of
miss the blind set benchmarks/parse/pass6.yaml showed, in other words than that set's: a worried
statement ending in "?" is taken as said while a real question is still asked (and never read
as a "no"); someone else's story that runs past a comma or a "because" ("she couldn't ..."); a
time in the past that opens a sentence, and "... but that cleared up"; a carer's text read
sentence by sentence; a "no" whose word lies past an aside between commas; a full stop and a
comma after a shortened word; the "g" a phone leaves off "-ing"; "legs buckle" said loosely;
fears and being asked about something; "had an accident" denied. And the benchmark's reading
of the day a set records.

Each case lists answers the text must set (other answers may be read too); controls list
findings that must not be set, or that must not be read as the answer given."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from backstride.intake import parse
from tests.intake.test_everyday_wordings import answers, want_state  # the first batch's helpers

pytest.importorskip("spacy")
# `kb`: the packaged knowledge base (tests/conftest.py)

READ = [
    # a worried statement with a "?" (or several) after it is said, not asked
    ("i cant feel my privates??", {"saddle_numbness": "yes"}),
    ("been wetting myself at night?!", {"incontinence": "yes"}),
    ("Is it normal that my foot keeps dragging?", {"leg_weakness_worsening": "yes"}),
    ("why do my legs keep getting weaker every day?", {"leg_weakness_worsening": "yes"}),
    # a carer's text, sentence by sentence: the writer's own sentence does not make the others
    # the writer's, and a relation used as a name ("Dad") is the person
    (
        "I look after my mum. I've got a bad back myself. She has wet herself twice this week.",
        {"incontinence": "yes"},
    ),
    ("I'm his son. Dad can't pass water since this morning.", {"urinary_retention": "yes"}),
    # a "no" that reaches past an aside or along a long list
    ("I haven't, thank goodness, had any fevers", {"fever": "no"}),
    (
        "No: night sweats, weight loss, bladder trouble, bowel trouble, fevers",
        {"fever": "no", "weight_loss": "no"},
    ),
    # a full stop and a comma after a shortened word do not end the "denies"
    (
        "Denies perianal anaes., urinary incont., faecal incont.",
        {"saddle_numbness": "no", "incontinence": "no"},
    ),
    # the "g" a phone leaves off
    ("my foot keeps draggin", {"leg_weakness_worsening": "yes"}),
    # falls on the flat, nights, balance
    ("tripped over the dog and landed on my backside", {"minor_fall": "yes"}),
    ("it has woken me up every night this week", {"night_pain": "yes"}),
    ("my balance has gone wobbly", {"gait_worsening": "yes"}),
]


@pytest.mark.parametrize(("text", "expect"), READ)
def test_wording_is_read(kb, text, expect):
    got = answers(kb, text)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


#: each wording with a control that must not set the finding (or not to that answer)
NOT_READ = [
    # a real question asks
    ("Does a numb bottom mean it's serious?", "saddle_numbness", "yes"),
    ("Can a slipped disc make you wet yourself?", "incontinence", "yes"),
    # someone else's story past a comma, a "because", a relative clause
    (
        "My sister had to be catheterised because she couldn't pass water, mine is just stiff",
        "urinary_retention",
        "yes",
    ),
    ("My uncle, who is 75, had prostate cancer", "cancer_history", "yes"),
    ("My gran, bless her, has osteoporosis", "bone_fragility", "yes"),
    # in the past: a time that opens the sentence, or "... but that cleared up"
    ("Years back, after the op, I was leaking urine for months", "incontinence", "yes"),
    ("I had night sweats in October but they went away", "fever", "yes"),
    ("I leaked a bit after my hysterectomy, but that's long gone", "incontinence", "yes"),
    # "buckle" said loosely, of now
    ("my knees buckle when I kneel down to garden", "leg_weakness_worsening", "yes"),
    ("carrying the shopping up the hill makes my legs buckle", "leg_weakness_worsening", "yes"),
    # a fear, being asked about something
    ("I'm frightened this is cancer", "cancer_history", "yes"),
    ("the GP asked about leaking", "incontinence", "yes"),
    # "had an accident" may be a crash: denied, it is asked, never a "no"
    ("I haven't had an accident, I just woke up with it", "incontinence", "no"),
    # "any kind of" hedges nothing: this stays a clear "no", not a question
    ("I've never had any kind of cancer", "cancer_history", None),
]


@pytest.mark.parametrize(("text", "finding", "answer"), NOT_READ)
def test_control_is_not_read(kb, text, finding, answer):
    got = answers(kb, text)
    if answer is None:
        assert got.get(finding) == "no", (text, got)
    else:
        assert got.get(finding) != want_state(kb, finding, answer), (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "I don't have a temperature?",
        "no numbness down below??",
        "Does having no fever mean it isn't an infection?",
        "Is it ok that I haven't wet myself?",
    ],
)
def test_a_question_mark_never_makes_a_warning_sign_no(kb, text):
    for m in parse(kb, text).mentions:
        if m.red_flag and m.applies:
            assert m.answer != "no", (text, m)


def test_a_worried_statement_is_taken_but_a_question_is_asked(kb):
    said = {m.finding: m for m in parse(kb, "my bottom has gone numb??").mentions}
    asked = {m.finding: m for m in parse(kb, "Does a numb bottom mean it's serious?").mentions}
    assert said["saddle_numbness"].applies and said["saddle_numbness"].answer == "yes"
    assert not asked["saddle_numbness"].applies
    assert asked["saddle_numbness"].why_not == "you did not sound sure"


def test_a_number_with_a_question_mark_is_still_a_guess(kb):
    # "about 200 yards?" is not sure of itself: asked, not taken
    got = parse(kb, "my legs go after 200 yards?").mentions
    walked = [m for m in got if m.finding == "walk_metres"]
    assert walked and not any(m.applies for m in walked)


def test_he_and_she_in_a_texts_own_story_are_someone_else_but_a_carers_person(kb):
    own = "My husband is poorly too. He has lost control of his bladder. My back aches."
    carer = "I'm filling this in for my husband. He has lost control of his bladder."
    assert "incontinence" not in answers(kb, own)
    assert answers(kb, carer).get("incontinence") == "yes"


# ------------------------------------------------------------------ the benchmark's set files
def _run_module():
    path = Path(__file__).parents[2] / "benchmarks" / "parse" / "run.py"
    spec = importlib.util.spec_from_file_location("parse_run", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_set_records_the_day_its_dates_count_back_from(tmp_path):
    run = _run_module()
    dated = tmp_path / "dated.yaml"
    dated.write_text(
        "today: 2026-12-07\nsentences:\n- id: a\n  text: 'since Monday'\n  expect: {}\n",
        encoding="utf-8",
    )
    cases, today = run.read_set(str(dated))
    assert today == date(2026, 12, 7) and [c["id"] for c in cases] == ["a"]
    plain = tmp_path / "plain.yaml"
    plain.write_text("- id: b\n  text: 'x'\n  expect: {}\n", encoding="utf-8")
    assert run.read_set(str(plain)) == ([{"id": "b", "text": "x", "expect": {}}], None)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("today: last week\nsentences: []\n", "'last week'"),
        ("today: 2026-12-07\ncases: []\n", "sentences"),
        ("today: 2026-12-07\nsentences: []\ntomorrow: 1\n", "tomorrow"),
    ],
)
def test_a_bad_set_file_is_named_with_what_is_wrong(tmp_path, body, named):
    run = _run_module()
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError) as e:
        run.read_set(str(bad))
    assert named in str(e.value) and "bad.yaml" in str(e.value)


def test_the_dated_sets_record_their_day():
    run = _run_module()
    for name in ("pass4.yaml", "pass5.yaml", "pass6.yaml"):
        assert run.read_set(name)[1] == date(2026, 12, 7), name
