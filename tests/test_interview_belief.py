"""The interview loops on the incremental posterior (`Belief` + `Context.of`): they ask the
same questions, in the same order, and end with the same answers as recomputing everything
from scratch after each answer."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rich.console import Console

from backstride.cli.assess import run_interview
from backstride.engine import UNKNOWN, next_question, parse_answers, posterior
from backstride.engine.answers import parse_value
from backstride.engine.context import Context
from backstride.engine.inference import Belief
from backstride.evaluation import case_answers, load_cases, simulate_interview
from backstride.intake.typed import typed_answer

CASES = load_cases(Path(__file__).parents[1] / "benchmarks" / "vignettes")


def _source(case: dict[str, Any]) -> dict[str, Any]:
    known = case_answers(case)
    return {**known["answers"], "age": known["age"], "sex": known["sex"]}


def _from_scratch(kb, case):
    """The simulated interview with every step computed from the answers alone."""
    source = _source(case)
    answers = parse_answers(kb, {})
    steps = []
    while (nq := next_question(kb, answers)).finding is not None:
        steps.append((nq.finding, nq.reason, nq.items))
        for fid in nq.items:
            value = source.get(fid)
            answers = answers.with_answer(fid, UNKNOWN if value is None else value)
    return answers, steps, nq.reason


def test_simulated_interview_equals_the_from_scratch_loop(kb):
    for case in CASES:
        answers, asked = simulate_interview(kb, case)
        ref, steps, _ = _from_scratch(kb, case)
        assert answers == ref, case["id"]
        assert list(answers.values) == list(ref.values), case["id"]  # asked in the same order
        assert asked == len(steps), case["id"]


def test_each_step_on_a_belief_equals_the_step_from_scratch(kb):
    """At every step of every case: the same question, reason and stop, a gain and a
    posterior equal to float rounding."""
    for case in CASES[::3]:
        source = _source(case)
        belief = Belief.start(kb)
        while True:
            ctx = Context.of(belief)
            nq = next_question(kb, belief.answers, ctx=ctx)
            ref = next_question(kb, belief.answers)
            assert (nq.finding, nq.reason, nq.items) == (ref.finding, ref.reason, ref.items)
            assert nq.gain == pytest.approx(ref.gain, abs=1e-9)
            if "post" in ctx.__dict__:  # computed for the choice: it is the belief's
                np.testing.assert_allclose(
                    ctx.post, posterior(kb, belief.answers), rtol=0, atol=1e-12
                )
            if nq.finding is None:
                break
            for fid in nq.items:
                value = source.get(fid)
                belief = belief.add(fid, UNKNOWN if value is None else value)


def test_context_of_a_belief_is_over_its_answers(kb):
    answers = parse_answers(kb, case_answers(CASES[0]))
    belief = Belief.start(kb, answers)
    ctx = Context.of(belief)
    assert ctx.answers is belief.answers and ctx.kb is kb
    np.testing.assert_allclose(ctx.post, posterior(kb, answers), rtol=0, atol=1e-12)
    assert ctx.askable == Context(kb, answers).askable


def _typed(kb, fid: str, value: Any) -> str:
    """What a person would type at the terminal for this answer."""
    if value is None or value == UNKNOWN:
        return "?"
    f = kb.findings[fid]
    if f.type == "choice":
        return str([o.id for o in f.options].index(value) + 1)
    return str(value)


def _terminal_answers(kb, typed: str, fid: str) -> dict[str, Any]:
    """The answers the terminal makes of one typed line (as `_ask` reads it)."""
    f = kb.findings[fid]
    if typed == "?":
        return {fid: UNKNOWN}
    if f.type == "choice":
        return {fid: f.options[int(typed) - 1].id}
    if f.type == "number":
        return typed_answer(kb, fid, typed)
    return {fid: parse_value(kb, fid, typed)}


def _script(kb, case, back_at: int | None) -> tuple[list[str], Any]:
    """The lines typed in a whole interview answering from the case, and the answers the
    from-scratch loop ends with. After each answer comes a "c": it carries on past urgent
    advice, and where no such prompt follows, the next question takes it as a typo and asks
    again. ``back_at``: after that many questions, go back (b) once and answer again."""
    source = _source(case)
    answers = parse_answers(kb, {})
    lines: list[str] = []
    while (nq := next_question(kb, answers)).finding is not None:
        if len(nq.items) > 1:  # a checklist: the numbers of the "yes" items, 0, or ?
            if all(source.get(f) is None for f in nq.items):
                typed, got = "?", dict.fromkeys(nq.items, UNKNOWN)
            else:
                yes = [i for i, f in enumerate(nq.items, 1) if source.get(f) == "yes"]
                typed = " ".join(map(str, yes)) or "0"
                got = {f: "yes" if i in yes else "no" for i, f in enumerate(nq.items, 1)}
        else:
            typed = _typed(kb, nq.finding, source.get(nq.finding))
            got = _terminal_answers(kb, typed, nq.finding)
        lines += [typed, "c"]
        if back_at is not None and len(lines) == 2 * back_at:
            lines += ["b", "c", typed, "c"]
        for fid, value in got.items():
            answers = answers.with_answer(fid, value)
    return lines, answers


@pytest.mark.parametrize("back_at", [None, 3])
def test_terminal_interview_ends_with_the_from_scratch_answers(kb, monkeypatch, back_at):
    for case in CASES[::10]:
        lines, ref = _script(kb, case, back_at)
        monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
        out = io.StringIO()
        answers = run_interview(Console(file=out, width=100), kb)
        assert answers == ref, case["id"]
        assert list(answers.values) == list(ref.values), case["id"]
        # going back asks the third question again
        assert out.getvalue().count("Question 3 · ") == (1 if back_at is None else 2)
