"""One engine pass per request (engine/context.py), the one-answer update (Belief) and the
serialisation: each gives exactly what the separate, from-scratch computations give."""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from backstride.engine import UNKNOWN, assess, next_question, parse_answers, posterior
from backstride.engine.answers import Answers
from backstride.engine.context import Context
from backstride.engine.inference import Belief
from backstride.engine.questions import expected_gains
from backstride.engine.result import urgency_view
from backstride.evaluation import case_answers, load_cases
from backstride.web import service

CASES = load_cases(Path(__file__).parents[1] / "benchmarks" / "vignettes")


def _docs(n: int = 30) -> list[dict]:
    """Answer sets from the vignettes: whole, and cut short part-way."""
    out = []
    for c in CASES[:n]:
        doc = case_answers(c)
        items = list(doc["answers"].items())
        out.append(doc)
        out.append({**doc, "answers": dict(items[: len(items) // 2])})
    return out


def _reference_to_dict(result) -> dict:
    d = asdict(result)
    d.pop("extra")
    if isinstance(d["age"], float) and d["age"].is_integer():
        d["age"] = int(d["age"])
    return d


@pytest.mark.parametrize("doc", _docs(12))
def test_to_dict_matches_asdict(kb, doc):
    result = assess(kb, doc)
    out = result.to_dict()
    assert out == _reference_to_dict(result)
    assert list(out) == list(_reference_to_dict(result))  # same keys, same order


def test_interview_step_equals_separate_calls(kb):
    for doc in _docs():
        answers = parse_answers(kb, doc)
        step = service.interview_step(kb, doc)
        alone = assess(kb, answers).to_dict()
        nq = next_question(kb, answers)  # its own posterior, rules and gains
        assert {k: step[k] for k in alone} == alone
        assert (step["question"] or {}).get("id") == nq.finding
        assert step["stop_reason"] == (None if nq.finding else nq.reason)


def test_context_posterior_and_urgency_equal_the_plain_functions(kb):
    for doc in _docs():
        answers = parse_answers(kb, doc)
        ctx = Context(kb, answers)
        assert np.array_equal(ctx.post, posterior(kb, answers))
        assert urgency_view(kb, answers, ctx=ctx) == urgency_view(kb, answers)


def test_gains_do_not_depend_on_the_other_candidates(kb):
    answers = parse_answers(kb, case_answers(CASES[0]))
    post = posterior(kb, answers)
    fids = [f for f in kb.findings if f not in answers.values][:40]
    together = expected_gains(kb, answers, post, fids)
    for f in fids[::7]:
        assert expected_gains(kb, answers, post, [f])[f] == pytest.approx(together[f], abs=1e-12)
    assert list(together) == fids


def _random_value(kb, fid, rng):
    f = kb.findings[fid]
    if rng.random() < 0.15:
        return UNKNOWN
    if f.type == "number":
        assert f.number is not None
        return float(rng.randint(int(f.number.min), int(min(f.number.max, 120))))
    return rng.choice(f.states)


@pytest.mark.parametrize("seed", range(6))
def test_belief_one_answer_at_a_time_equals_posterior(kb, seed):
    rng = random.Random(seed)
    fids = [f for f in kb.findings if kb.findings[f].cluster is None]
    rng.shuffle(fids)
    belief = Belief.start(kb)
    answers = Answers({})
    for fid in fids[:35]:
        value = _random_value(kb, fid, rng)
        belief = belief.add(fid, value)
        answers = answers.with_answer(fid, value)
        assert belief.answers == answers
        np.testing.assert_allclose(belief.posterior(), posterior(kb, answers), rtol=0, atol=1e-12)
    # changing an answer already given starts again from the answers
    fid = next(
        f for f in fids[:35] if answers.values[f] != UNKNOWN and kb.findings[f].type != "number"
    )
    value = next(s for s in kb.findings[fid].states if s != answers.values[fid])
    belief = belief.add(fid, value)
    np.testing.assert_allclose(
        belief.posterior(), posterior(kb, answers.with_answer(fid, value)), atol=1e-12
    )


def test_belief_handles_groups_and_clusters(tmp_path, small_kb):
    from tests.test_clusters import _kb

    ckb = _kb(tmp_path)
    for kb_ in (ckb, small_kb):
        for order in (["f1", "f2", "f3"], ["f3", "f1", "f2"]):
            belief = Belief.start(kb_, Answers({"age": 70.0}))
            answers = Answers({"age": 70.0})
            for fid in order:
                if fid not in kb_.findings:
                    continue
                belief = belief.add(fid, "yes")
                answers = answers.with_answer(fid, "yes")
                np.testing.assert_allclose(belief.posterior(), posterior(kb_, answers), atol=1e-12)
