"""The warning-sign questions left, on one screen after the person's own words
(backstride.engine.screen), on the real knowledge base."""

from __future__ import annotations

import pytest

from backstride.engine import next_question, parse_answers
from backstride.engine.screen import apply_list, warning_list
from backstride.knowledge import load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_nothing_is_listed_before_age_and_sex(kb):
    assert warning_list(kb, parse_answers(kb, {"answers": {"legs_give_way_walking": "yes"}})) == ()
    assert warning_list(kb, parse_answers(kb, {"age": 68})) == ()


def test_the_list_holds_every_warning_sign_the_interview_would_ask(kb):
    answers = parse_answers(kb, {"age": 68, "sex": "male"})
    items = warning_list(kb, answers)
    # answering each "no" one at a time asks exactly these, in this order
    asked, a = [], answers
    while True:
        nq = next_question(kb, a)
        if nq.reason != "screen":
            break
        for fid in nq.items:
            if kb.findings[fid].topic == "red_flag":
                asked.append(fid)
            a = a.with_answer(fid, "no" if kb.findings[fid].type == "boolean" else 52)
    assert sorted(items) == sorted(asked)  # the same questions (checklists group them)
    assert {"ces_screen", "cancer_history", "minor_fall", "abdominal_pain"} <= set(items)
    # the details asked only after a "yes" are not listed
    assert "urinary_retention" not in items and "new_leg_nerve_symptoms" not in items


def test_age_decides_what_is_listed(kb):
    young = warning_list(kb, parse_answers(kb, {"age": 30, "sex": "female"}))
    old = warning_list(kb, parse_answers(kb, {"age": 68, "sex": "female"}))
    assert "minor_fall" not in young and "minor_fall" in old
    assert "first_episode" not in young and "first_episode" in old
    # tummy pain is listed at every age since session 16 (acute pancreatitis)
    assert "abdominal_pain" in young and "abdominal_pain" in old


def test_none_of_these_answers_each_listed_item_no(kb):
    answers = parse_answers(kb, {"age": 68, "sex": "male"})
    items = warning_list(kb, answers)
    done = apply_list(kb, answers, items, [])
    assert all(done.values[f] == "no" for f in items)
    assert next_question(kb, done).finding == "duration_weeks"


def test_a_marked_item_stays_a_question_and_its_yes_still_raises_urgency(kb):
    from backstride.engine.result import interview_urgency

    answers = parse_answers(kb, {"age": 68, "sex": "male"})
    items = warning_list(kb, answers)
    done = apply_list(kb, answers, items, ["ces_screen"])
    assert "ces_screen" not in done.values
    assert next_question(kb, done).finding == "ces_screen"  # asked on its own next
    yes = done.with_answer("ces_screen", "yes")
    assert next_question(kb, yes).reason == "screen"  # its details follow, one by one
    assert interview_urgency(kb, yes)["level"] == "emergency"


def test_an_item_that_was_not_shown_cannot_be_marked(kb):
    answers = parse_answers(kb, {"age": 68, "sex": "male"})
    with pytest.raises(ValueError, match="not shown"):
        apply_list(kb, answers, ["ces_screen"], ["fever"])


def test_a_warning_sign_already_answered_is_not_listed_again(kb):
    answers = parse_answers(kb, {"age": 68, "sex": "male", "answers": {"fever": "no"}})
    assert "fever" not in warning_list(kb, answers)


def test_the_parser_is_built_once_even_when_warmed_from_two_threads(tmp_path):
    import shutil
    import threading

    pytest.importorskip("spacy")
    from backstride.intake.parser import parser_for, warm
    from backstride.knowledge.loader import data_dir
    from backstride.web.intake import warm as warm_web

    shutil.copytree(data_dir(), tmp_path / "data")
    kb = load_kb(tmp_path / "data")  # a knowledge base of its own: nothing built yet
    assert "intake_parser" not in kb.derived
    threads = [threading.Thread(target=warm, args=(kb,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    built = kb.derived["intake_parser"]
    warm_web(kb)
    assert parser_for(kb) is built
