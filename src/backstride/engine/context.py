"""One engine pass over one set of answers, shared by everything a request needs.

An interview step needs the posterior, the red-flag rules, the askable questions and the
expected gain of each candidate question, for the assessment, the next question, the urgency
and the progress alike. A :class:`Context` computes each of these at most once, on first use,
and hands the same value to every caller. The functions in questions.py, rules.py and
result.py take an optional ``ctx``; without one they build their own, so each gives the same
answer alone as within a pass.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from backstride.engine.answers import Answers
from backstride.engine.inference import (
    Belief,
    Evidence,
    evidence_rows,
    log_likelihood,
    normalise_log,
)
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Finding, RedFlagRule

if TYPE_CHECKING:
    from backstride.engine.rules import Triage


class Context:
    """Derived values of one (knowledge base, answers) pair, each computed once."""

    def __init__(self, kb: KnowledgeBase, answers: Answers, post: np.ndarray | None = None):
        self.kb = kb
        self.answers = answers
        self._belief: Belief | None = None
        if post is not None:
            self.__dict__["post"] = post

    @classmethod
    def of(cls, belief: Belief) -> Context:
        """A pass over a `Belief`'s answers whose posterior, when some step needs it, comes
        from the belief's incremental sums instead of from scratch (the same up to float
        rounding; see `Belief`)."""
        ctx = cls(belief.kb, belief.answers)
        ctx._belief = belief
        return ctx

    @cached_property
    def evidence(self) -> Evidence:
        return evidence_rows(self.kb, self.answers)

    @cached_property
    def post(self) -> np.ndarray:
        """P(condition | answers): the same numbers as `inference.posterior`."""
        if self._belief is not None:
            return self._belief.posterior()
        prior = self.kb.prior(self.answers.age, self.answers.sex)
        return normalise_log(np.log(prior) + log_likelihood(self.kb, self.evidence))

    @cached_property
    def askable(self) -> frozenset[str]:
        """Findings that may be asked now (see `questions.is_askable`): the same set, with
        the findings that are never asked and those asked unconditionally sorted out once per
        knowledge base."""
        from backstride.engine.rules import matches

        kb, values = self.kb, self.answers.values
        always, conditional = _askable_split(kb)
        return frozenset(
            [fid for fid in always if fid not in values]
            + [
                f.id
                for f in conditional
                if f.id not in values and matches(kb, f.ask_if, self.answers)
            ]
        )

    @cached_property
    def screen_pending(self) -> list[str]:
        from backstride.engine.questions import screen_ids

        return [fid for fid in screen_ids(self.kb) if fid in self.askable]

    @cached_property
    def candidates(self) -> list[str]:
        """Questions the interview may choose from after the screen, in knowledge-base order."""
        askable = self.askable
        return [fid for fid in _adaptive_ids(self.kb) if fid in askable]

    @cached_property
    def selftest_findings(self) -> list[str]:
        """Unanswered findings that some self-test sets, sorted."""
        from backstride.engine.result import selftest_index

        kb, values = self.kb, self.answers.values
        return sorted(
            {
                fid
                for _, _, _, sets in selftest_index(kb)
                for fid in sets
                if fid in kb.findings and fid not in values
            }
        )

    @cached_property
    def all_gains(self) -> dict[str, float]:
        """Expected gain (bits) of every candidate and every self-test finding, in one pass."""
        from backstride.engine.questions import expected_gains

        wanted = set(self.candidates) | set(self.selftest_findings)
        fids = [fid for fid in self.kb.findings if fid in wanted]
        return expected_gains(self.kb, self.answers, self.post, fids)

    @cached_property
    def gains(self) -> dict[str, float]:
        """Expected gain of each candidate question (`candidates` order). Taken from
        `all_gains` when that was computed already; the next question alone needs only the
        candidates."""
        if "all_gains" not in self.__dict__:
            from backstride.engine.questions import expected_gains

            return expected_gains(self.kb, self.answers, self.post, self.candidates)
        g = self.all_gains
        return {fid: g[fid] for fid in self.candidates}

    @cached_property
    def fired(self) -> list[RedFlagRule]:
        from backstride.engine.rules import fired_red_flags

        return fired_red_flags(self.kb, self.answers)

    @cached_property
    def triage(self) -> Triage:
        """The urgency and its reasons (`rules.triage`), from the suspected chances."""
        from backstride.engine.rules import suspicion, triage

        suspected = suspicion(
            self.kb, self.answers, post=self.post, ev=self.evidence, fired=self.fired
        )
        return triage(self.kb, self.answers, self.post, suspected, self.fired)


def _askable_split(kb: KnowledgeBase) -> tuple[tuple[str, ...], tuple[Finding, ...]]:
    """(findings asked whenever unanswered, findings asked only when their ``ask_if`` holds)."""
    cached = kb.derived.get("askable_split")
    if cached is None:
        asked = [f for f in kb.findings.values() if f.ask]
        cached = kb.derived["askable_split"] = (
            tuple(f.id for f in asked if f.ask_if is None),
            tuple(f for f in asked if f.ask_if is not None),
        )
    return cached  # type: ignore[return-value]


def _adaptive_ids(kb: KnowledgeBase) -> tuple[str, ...]:
    """Findings the adaptive phase may ask (every one but the self-tests), in order."""
    cached = kb.derived.get("adaptive_ids")
    if cached is None:
        cached = kb.derived["adaptive_ids"] = tuple(
            f.id for f in kb.findings.values() if f.topic != "selftest"
        )
    return cached  # type: ignore[return-value]
