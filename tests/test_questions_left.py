"""The interview's "about N questions" (engine.questions.questions_left): an upper bound on
what is still to come, which only a "yes" that opens follow-up questions can raise."""

from __future__ import annotations

import pytest

from backstride.engine import next_question, parse_answers
from backstride.engine.context import Context
from backstride.engine.questions import MAX_ADAPTIVE, questions_left


def _walk(kb, age, sex, pick):
    """Answer every question the interview asks; return (answered so far, bound) per page."""
    answers = parse_answers(kb, {})
    pages = []
    while (nq := next_question(kb, answers, ctx=(ctx := Context(kb, answers)))).finding:
        pages.append((len(answers.values), len(answers.values) + questions_left(kb, answers, ctx)))
        for fid in nq.items:
            f = kb.findings[fid]
            if fid in ("age", "sex"):
                value = age if fid == "age" else sex
            elif f.type == "boolean":
                value = pick
            elif f.type == "choice":
                value = f.options[0].id
            else:
                value = f.number.min
            answers = answers.with_answer(fid, value)
    return pages, len(answers.values)


@pytest.mark.parametrize(("age", "sex"), [(68, "male"), (30, "female"), (52, "female")])
def test_with_no_warning_signs_the_bound_never_rises_and_holds(kb, age, sex):
    pages, total = _walk(kb, age, sex, "no")
    bounds = [b for _, b in pages]
    assert bounds == sorted(bounds, reverse=True), bounds  # never rises
    assert all(done < bound for done, bound in pages)  # a question is always left to show
    assert total <= bounds[0]  # the first page's promise holds to the end


def test_a_yes_may_open_follow_ups_but_the_bound_still_holds_each_page(kb):
    pages, total = _walk(kb, 68, "male", "yes")
    assert all(done < bound for done, bound in pages)
    assert total <= pages[-1][1]


def test_the_bound_is_the_screen_plus_what_the_adaptive_budget_allows(small_kb):
    # age, sex and the warning sign, then the four other questions (fewer than MAX_ADAPTIVE)
    assert MAX_ADAPTIVE > 4
    assert questions_left(small_kb, parse_answers(small_kb, {})) == 7
    a = parse_answers(small_kb, {"age": 30, "sex": "female", "answers": {"rf": "no", "f1": "no"}})
    assert questions_left(small_kb, a) == 3  # f2, f3 and 'where' (its gate shut, still counted)


def test_counted_by_page_a_checklist_is_one_page(kb):
    answers = parse_answers(kb, {"age": 68, "sex": "male", "answers": {}})
    screen = Context(kb, answers).screen_pending
    grouped = [f for f in screen if kb.findings[f].checklist]
    assert len(grouped) >= 2  # the warning signs asked together on one page
    by_page = questions_left(kb, answers, pages=True)
    assert by_page == questions_left(kb, answers) - len(grouped) + len(
        {kb.findings[f].checklist for f in grouped}
    )
