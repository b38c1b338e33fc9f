"""The signs of inflammatory back pain are asked together, on one page (session 17).

NICE NG65 refers someone under 45 with back pain for 3 months or more when four of its
features are present (waking in the second half of the night, better with exercise and not
rest, buttock pain, a relative with spondyloarthritis, past arthritis, psoriasis...). Asked one
at a time, the interview reached one or two of them before its budget ran out, so a guideline
scenario built on them never had them asked. On one page they cost one question of the
budget, as the history checklist does.
"""

from __future__ import annotations

import pytest

import backstride.engine.questions as q
from backstride.engine import parse_answers
from backstride.engine.answers import Answers
from backstride.engine.questions import adaptive_asked
from backstride.evaluation import interview_person

SIGNS = (
    "morning_stiffness_long",
    "better_with_exercise_not_rest",
    "wakes_second_half_night",
    "alternating_buttock",
    "spa_features",
    "joint_swelling",
)

#: 29, eight months of slowly starting buttock pain, stiff in the morning, better for moving
YOUNG_STIFF = {
    "age": 29,
    "sex": "male",
    "duration_weeks": 34,
    "gradual_onset": "yes",
    "symptom_reach": "buttock",
    "morning_stiffness_long": "yes",
    "better_with_exercise_not_rest": "yes",
    "wakes_second_half_night": "yes",
}


def test_the_signs_share_one_checklist_with_short_labels(kb):
    lists = {kb.findings[f].checklist for f in SIGNS}
    assert len(lists) == 1 and None not in lists
    assert all(kb.findings[f].short for f in SIGNS)


def test_nsaid_relief_is_asked_on_its_own_with_a_way_to_say_not_tried(kb):
    """An unticked box reads as no, and a no to the painkiller question weighs strongly
    against axial SpA; someone who has not tried them must be able to say so."""
    f = kb.findings["nsaid_relief"]
    assert f.checklist is None
    assert "don't know" in (f.help or "")


def test_the_checklist_costs_one_question_of_the_budget(kb):
    some = Answers({"age": 29, "sex": "male", **dict.fromkeys(SIGNS, "no")})
    assert adaptive_asked(kb, some) == 1
    more = some.with_answer("onset_lifting", "no")
    assert adaptive_asked(kb, more) == 2


def test_a_young_person_gets_every_sign_on_the_same_page(kb):
    _, asked = interview_person(kb, YOUNG_STIFF)
    pages = [fid for fid, _ in asked]
    assert all(f in pages for f in SIGNS)
    first = pages.index("morning_stiffness_long")
    assert set(pages[first : first + len(SIGNS)]) == set(SIGNS)


def test_over_50_the_page_leaves_out_the_under_50_items(kb):
    answers = parse_answers(kb, {"age": 60, "sex": "female", "answers": {}})
    from backstride.engine.context import Context

    nq = q._with_checklist(kb, Context(kb, answers), "morning_stiffness_long", "key")
    assert "spa_features" not in nq.items and "joint_swelling" not in nq.items
    assert "wakes_second_half_night" in nq.items


def _adaptive_pages(kb, person):
    """The pages of the interview after the warning signs (a checklist is one page)."""
    _, asked = interview_person(kb, person)
    pages, seen = 0, set()
    for fid, reason in asked:
        f = kb.findings[fid]
        if reason in ("screen", "warning") or f.topic == "red_flag":
            continue
        if f.checklist is None or f.checklist not in seen:
            pages += 1
        if f.checklist is not None:
            seen.add(f.checklist)
    return pages


def test_counted_item_by_item_the_page_would_crowd_out_other_questions(kb, monkeypatch):
    """The budget test above can fail: counted item by item, the page of six signs uses six of
    the ten questions, and the person is asked fewer questions after it."""
    pages = _adaptive_pages(kb, YOUNG_STIFF)

    def one_by_one(kb, a):
        return sum(
            1
            for f in a.values
            if f in kb.findings and not kb.findings[f].screen and kb.findings[f].topic != "red_flag"
        )

    monkeypatch.setattr(q, "adaptive_asked", one_by_one)
    assert _adaptive_pages(kb, YOUNG_STIFF) < pages


@pytest.mark.parametrize("sign", SIGNS)
def test_each_sign_moves_axial_spa(kb, sign):
    from backstride.engine import posterior

    j = kb.condition_ids.index("axial_spondyloarthritis")
    base = {"age": 29, "sex": "male", "answers": {"duration_weeks": 34}}
    yes = {**base, "answers": {**base["answers"], sign: "yes"}}
    assert posterior(kb, parse_answers(kb, yes))[j] > posterior(kb, parse_answers(kb, base))[j]
