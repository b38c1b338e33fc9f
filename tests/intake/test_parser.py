"""The free-text parser on the real knowledge base: what a careful reader would take from a
sentence, and what they would ask about instead."""

from __future__ import annotations

import shutil

import pytest

from backstride.errors import InputError
from backstride.intake import MAX_CHARS, parse
from backstride.intake.confirm import confirmed_answers, items, urgent_now
from backstride.knowledge import load_kb
from backstride.knowledge.loader import data_dir, load_files
from backstride.knowledge.validate import cross_check

pytest.importorskip("spacy")

ISSUE_SENTENCE = (
    "my legs go heavy after about 200 metres and I have to sit down; bending over the trolley "
    "helps; no trouble with my bladder"
)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(kb, text):
    """finding -> (answer, applies) for each mention."""
    return {m.finding: (m.answer, m.applies) for m in parse(kb, text).mentions}


def test_the_68_year_olds_sentence(kb):
    r = parse(kb, ISSUE_SENTENCE)
    assert r.status == "ok"
    got = {m.finding: m for m in r.mentions}
    assert got["legs_give_way_walking"].answer == "yes"
    assert got["walk_metres"].answer == 200
    assert got["relief_by"].answer == "sitting_or_bending"
    assert got["relief_bending_forward"].answer == "yes"
    ces = got["ces_screen"]
    assert (ces.answer, ces.negated, ces.red_flag) == ("no", True, True)
    for m in r.mentions:  # the words each mention came from, by character span
        assert ISSUE_SENTENCE[m.start : m.end] == m.text
        assert m.question == kb.findings[m.finding].question


def test_a_negated_red_flag_never_answers_the_screen_question(kb):
    r = parse(kb, ISSUE_SENTENCE)
    answers = confirmed_answers(r)
    assert "ces_screen" not in answers
    assert answers["legs_give_way_walking"] == "yes"
    still_asked = [it for it in items(r) if not it.counts]
    assert [it.finding for it in still_asked] == ["ces_screen"]
    # the bladder alone is only part of the question: said so, and asked
    assert "only part of the question: we will ask you about it" in still_asked[0].note
    full = parse(kb, "no trouble with my bladder or bowels")
    (it,) = items(full)
    assert (it.answer, it.counts) == ("no", False)
    assert "always ask about warning signs" in it.note


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I can't feel the toilet paper when I wipe", "saddle_numbness"),
        ("I cannot feel the toilet paper", "saddle_numbness"),
        ("when I wipe after the loo I don't feel it properly", "saddle_numbness"),
        ("I wipe on the toilet and can't feel a thing", "saddle_numbness"),
        ("I wet myself on the way to work", "incontinence"),
        ("peeing is hard to start", "urinary_retention"),
        ("I can't empty my bladder", "urinary_retention"),
        ("my foot drags when I walk", "leg_weakness_worsening"),
        ("I've had night sweats and a fever", "fever"),
        ("I've lost weight without trying", "weight_loss"),
    ],
)
def test_plain_red_flags_are_found_and_raise_urgency_at_once(kb, text, finding):
    r = parse(kb, text)
    m = next(m for m in r.mentions if m.finding == finding)
    assert (m.answer, m.applies, m.red_flag) == ("yes", True, True)
    answers = confirmed_answers(r)
    assert answers[finding] == "yes"
    if finding in {"saddle_numbness", "incontinence", "urinary_retention"}:
        assert urgent_now(kb, answers)["level"] == "emergency"


def test_no_red_flag_means_no_urgency_from_text(kb):
    assert urgent_now(kb, confirmed_answers(parse(kb, ISSUE_SENTENCE))) is None


def test_uncertain_words_are_asked_not_set(kb):
    got = found(kb, "Maybe I have a fever. I think my foot drags a bit.")
    assert got["fever"] == ("yes", False)
    assert got["leg_weakness_worsening"] == ("yes", False)
    assert found(kb, "Could it be cancer?")["cancer_history"] == ("yes", False)


def test_history_versus_now(kb):
    got = found(kb, "I had cancer ten years ago")
    assert got == {"cancer_history": ("yes", True)}  # and the ten years are not this pain's
    assert found(kb, "I had a kidney stone years ago")["kidney_stone_history"] == ("yes", True)
    assert found(kb, "I used to play football")["impact_sport"] == ("yes", False)


def test_experiencer(kb):
    assert found(kb, "My dad had a stent")["vascular_risk"] == ("yes", False)
    assert found(kb, "I had a stent put in last year")["vascular_risk"] == ("yes", True)
    # the spondyloarthritis question asks about the family too
    assert found(kb, "my mother has psoriasis")["spa_features"] == ("yes", True)


def test_negation_words(kb):
    for text in (
        "no fever",
        "I never get a fever",
        "I haven't had a fever",
        "without any fever",
        "I deny fever",
    ):
        assert found(kb, text)["fever"] == ("no", True), text
    got = found(kb, "no trouble with my bladder or bowels but I wet myself")
    assert got["ces_screen"] == ("no", True)
    assert got["incontinence"] == ("yes", True)  # "but" ends the "no"


@pytest.mark.parametrize(
    ("text", "finding", "value", "applies"),
    [
        ("I can walk about half a mile before my legs ache", "walk_metres", 805, True),
        ("I walk 300 yards and have to stop", "walk_metres", 274, True),
        ("after two blocks I have to stop and sit", "walk_metres", 300, True),
        ("after a block or so I have to stop", "walk_metres", 150, False),  # 100-200 m: unclear
        ("I can only walk for ten minutes", "walk_minutes", 10, True),
        ("my back has hurt for six months", "duration_weeks", 26, True),
        ("it started 3 weeks ago", "duration_weeks", 3, True),
        ("I'm 68", "age", 68, True),
        ("a 35-year-old runner", "age", 35, True),
    ],
)
def test_numbers_with_units(kb, text, finding, value, applies):
    got = found(kb, text)
    assert got[finding][0] == pytest.approx(value, abs=1)
    assert got[finding][1] is applies


def test_minutes_without_walking_are_not_walking_time(kb):
    assert "walk_minutes" not in found(kb, "my back is stiff for ten minutes in the morning")


def test_two_answers_to_one_question_are_asked(kb):
    got = found(kb, "sitting makes it worse. Sitting is fine.")
    assert got["worse_sitting"][1] is False


def test_choice_and_sex(kb):
    assert found(kb, "I'm a woman and it goes down to my foot")["symptom_reach"] == (
        "below_knee",
        True,
    )
    assert found(kb, "I'm a woman")["sex"] == ("female", True)


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_is_refused_clearly(kb, text):
    with pytest.raises(InputError, match="type a few words"):
        parse(kb, text)


def test_long_text_is_refused_and_says_the_limit(kb):
    with pytest.raises(InputError, match="at most 2,000"):
        parse(kb, "my back hurts. " * (MAX_CHARS // 10))
    assert parse(kb, "x" * MAX_CHARS).status == "not_understood"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("asdf qwer zxcv", "not_understood"),
        ("Tengo dolor de espalda desde hace dos semanas", "not_understood"),
        ("腰が痛いです", "not_understood"),
        ("I went to the shops on Tuesday with my friend", "nothing_found"),
    ],
)
def test_nonsense_and_other_languages_fall_back_to_the_questions(kb, text, status):
    r = parse(kb, text)
    assert (r.status, r.mentions) == (status, [])
    assert "questions will cover" in r.message


def test_curly_apostrophes(kb):
    assert found(kb, "I can’t feel the toilet paper")["saddle_numbness"] == ("yes", True)


def _check_with(tmp_path, extra: str) -> list[str]:
    root = tmp_path / f"data{len(list(tmp_path.iterdir()))}"
    shutil.copytree(data_dir(), root)
    p = root / "phrases.yaml"
    p.write_text(p.read_text() + extra)
    return cross_check(load_files(root))


def test_kb_check_rejects_unknown_findings_and_answers_in_phrases(tmp_path):
    problems = _check_with(
        tmp_path, "\n- finding: no_such_thing\n  answer: 'yes'\n  phrases: [x]\n"
    )
    assert any("unknown finding 'no_such_thing'" in p for p in problems)
    problems = _check_with(
        tmp_path, "\n- finding: relief_by\n  answer: 'yes'\n  phrases: [x y z]\n"
    )
    assert any("'relief_by' has no state 'yes'" in p for p in problems)


def test_kb_check_rejects_unknown_keys_in_phrases(tmp_path):
    from backstride.errors import KnowledgeBaseError

    with pytest.raises(KnowledgeBaseError, match="phrases"):
        _check_with(tmp_path, "\n- finding: fever\n  answer: 'yes'\n  phrase: [hot]\n")


def test_a_bad_phrase_set_is_named_by_its_finding_and_answer(tmp_path):
    from backstride.errors import KnowledgeBaseError

    long = "x " * 150
    with pytest.raises(KnowledgeBaseError) as err:
        _check_with(tmp_path, f"\n- finding: fever\n  answer: 'yes'\n  phrases: ['{long}']\n")
    assert "'fever=yes'" in str(err.value) and "None" not in str(err.value)


def test_not_phrases_cancel_only_their_own_set(kb):
    # "run a shop" cancels the running match, but the shop owner's heavy lifting still counts
    r = parse(kb, "I run a shop and I'm lifting heavy boxes all day")
    assert "impact_sport" not in r.answers()
    assert r.answers().get("heavy_work") == "yes"


def test_unsettled_warning_signs_outside_the_screen_are_asked_first(kb):
    from backstride.intake.confirm import ask_first

    # pulsing in the tummy is only asked from 60 or after sudden pain: raised here, so ask now
    r = parse(kb, "maybe I can feel a pulsing in my tummy")
    assert ask_first(kb, r) == ["pulsing_belly"]
    # the bladder question is part of the screen, which asks it anyway
    assert ask_first(kb, parse(kb, ISSUE_SENTENCE)) == []


def test_a_list_of_activities_shares_what_is_said_of_it(kb):
    text = "standing, walking and going downhill make it worse"
    r = parse(kb, text)
    got = {m.finding: m for m in r.mentions}
    assert got["standing_brings_on"].answer == "yes" and got["standing_brings_on"].applies
    for m in r.mentions:  # every quote is the person's own words, where they wrote them
        assert text[m.start : m.end] == m.text
    assert found(kb, "bending forward and sitting are fine") == {
        "worse_bending_forward": ("no", True),
        "worse_sitting": ("no", True),
    }


def test_a_no_before_a_list_reaches_every_item(kb):
    got = found(kb, "neither standing nor walking makes it worse")
    assert got["standing_brings_on"] == ("no", True)
    assert found(kb, "coughing and sneezing make it worse")["cough_sneeze_worse"] == ("yes", True)


def test_a_list_of_things_that_are_not_activities_adds_nothing(kb):
    assert parse(kb, "something and nothing and everything").status != "ok"


@pytest.mark.parametrize(
    ("text", "reach"),
    [
        ("the pain goes into my buttock and down the back of my thigh", "thigh"),
        ("it spreads below the knee", "below_knee"),
        ("it goes into my buttock, my thigh and down to my foot", "below_knee"),
        ("pain down the front of my thigh", "thigh"),
    ],
)
def test_where_the_symptoms_reach_is_the_farthest_place_named(kb, text, reach):
    assert found(kb, text)["symptom_reach"] == (reach, True)


def test_only_in_the_back_and_a_leg_place_is_asked_not_guessed(kb):
    got = found(kb, "it's only in my lower back. It goes into my thigh.")
    assert got["symptom_reach"][1] is False


@pytest.mark.parametrize(
    "text",
    [
        "My lower back got sore two weeks ago after heavy deadlifts at the gym.",
        "it started after some lifting in the garden",
    ],
)
def test_a_word_between_after_and_the_lift_still_reads_as_lifting(kb, text):
    """The runner's sentence (journey check, issue 15): 'after heavy deadlifts' is a lift."""
    assert found(kb, text)["onset_lifting"] == ("yes", True)


def test_a_distance_from_the_own_words_counts_as_the_minutes_question_asked(kb):
    """As a distance typed into the minutes question does (intake.typed): the interview does
    not ask the same walking limit again, and the plan sizes the programme from the metres."""
    from backstride.engine import next_question, parse_answers
    from backstride.engine.answers import UNKNOWN

    answers = confirmed_answers(parse(kb, "I can only walk about 300 metres before my legs ache"))
    assert answers["walk_metres"] == 300 and answers["walk_minutes"] == UNKNOWN
    doc = {"age": 70, "sex": "female", "answers": {**answers, "legs_give_way_walking": "yes"}}
    a = parse_answers(
        kb, {**doc, "answers": {k: v for k, v in doc["answers"].items() if k != "age"}}
    )
    asked = []
    while (nq := next_question(kb, a)).finding:
        asked += nq.items
        for fid in nq.items:
            a = a.with_answer(fid, "no" if kb.findings[fid].type == "boolean" else UNKNOWN)
    assert "walk_minutes" not in asked
    minutes_only = confirmed_answers(parse(kb, "my legs ache after 10 minutes of walking"))
    assert "walk_metres" in minutes_only and minutes_only["walk_metres"] == UNKNOWN
