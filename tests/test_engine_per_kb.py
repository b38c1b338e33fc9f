"""What the engine works out once per knowledge base gives what working it out each time gave:
the questions that may be asked now, and the evidence a reason cites."""

from __future__ import annotations

from pathlib import Path

from backstride.engine import parse_answers
from backstride.engine.context import Context
from backstride.engine.questions import is_askable
from backstride.engine.result import assess
from backstride.evaluation import case_answers, load_cases
from backstride.knowledge import KnowledgeBase
from backstride.knowledge.cells import basis_text, published_text

CASES = Path(__file__).resolve().parents[1] / "benchmarks" / "vignettes"


def _answer_sets(kb: KnowledgeBase) -> list:
    """Each case's answers, and the first half of them (questions with an ``ask_if`` then
    come out both ways)."""
    out = []
    for case in load_cases(CASES):
        doc = case_answers(case)
        items = list(doc["answers"].items())
        for part in (items, items[: len(items) // 2], []):
            out.append(parse_answers(kb, {**doc, "answers": dict(part)}))
    return out


def test_the_askable_questions_are_those_is_askable_allows(kb: KnowledgeBase) -> None:
    conditional = 0
    for answers in _answer_sets(kb):
        want = {f.id for f in kb.findings.values() if is_askable(kb, f, answers)}
        assert Context(kb, answers).askable == want
        conditional += sum(
            1 for fid in want if kb.findings[fid].ask_if is not None
        )  # the rule-gated ones are exercised, not only the plain ones
    assert conditional > 0


def test_each_reason_cites_its_cell_as_the_cell_says(kb: KnowledgeBase) -> None:
    seen = 0
    for answers in _answer_sets(kb)[:60]:
        for c in assess(kb, answers).conditions:
            for r in [*c.reasons_for, *c.reasons_against]:
                ev = kb.evidence[(r.finding, c.id)]
                assert r.question == kb.findings[r.finding].question
                assert (r.source, r.estimate, r.kind) == (ev.source, ev.is_estimate, ev.kind)
                assert r.published == published_text(ev) and r.basis == basis_text(ev)
                assert r.sources == list(getattr(ev, "sources", []))
                seen += 1
    assert seen > 100
