"""Which question to ask next: the red-flag screen first, then the most informative one."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.engine.answers import Answers
from backstride.engine.inference import DAMPING, posterior
from backstride.engine.rules import matches
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Finding

#: stop when the most likely condition reaches this probability ...
CLEAR_PROBABILITY = 0.85
#: ... or when no question is expected to remove this many bits of uncertainty
MIN_GAIN_BITS = 0.05
#: never ask more than this many questions after the red-flag screen
MAX_ADAPTIVE = 10
#: a rough upper bound on a whole interview, for progress displays
MAX_QUESTIONS = 24


def adaptive_asked(kb: KnowledgeBase, answers: Answers) -> int:
    """Questions answered that are not part of the red-flag screen."""
    return sum(
        1
        for fid in answers.values
        if fid in kb.findings
        and not kb.findings[fid].screen
        and kb.findings[fid].topic != "red_flag"
    )


def is_askable(kb: KnowledgeBase, f: Finding, answers: Answers) -> bool:
    if not f.ask or f.id in answers.values:
        return False
    return f.ask_if is None or matches(kb, f.ask_if, answers)


def screen_pending(kb: KnowledgeBase, answers: Answers) -> list[str]:
    """Red-flag screen questions still to ask, in knowledge-base order (always asked)."""
    return [
        f.id
        for f in kb.findings.values()
        if (f.screen or f.topic == "red_flag") and is_askable(kb, f, answers)
    ]


def _entropy(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-12, 1.0)
    return -(p * np.log2(q)).sum(axis=-1)


def expected_gains(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, candidates: list[str]
) -> dict[str, float]:
    """Expected reduction in entropy (bits) over the conditions, per candidate finding.

    Vectorised over every state of every candidate. A candidate whose group already holds an
    answer is weighted by ``DAMPING``, as the inference would.
    """
    if not candidates:
        return {}
    answered_groups = {kb.group_of[f] for f in answers.known() if f in kb.group_of}
    rows, owner, damp = [], [], []
    for i, fid in enumerate(candidates):
        d = DAMPING if kb.group_of[fid] in answered_groups else 1.0
        for r in kb.rows_of[fid]:
            rows.append(r)
            owner.append(i)
            damp.append(d)
    r = np.array(rows)
    lw = kb.log_weight[r] * np.array(damp)[:, None]
    new = normalise_rows(np.log(np.clip(post, 1e-300, None))[None, :] + lw)
    pred = kb.likelihood[r] @ post  # P(state) under the current beliefs
    pred_sum = np.bincount(owner, weights=pred, minlength=len(candidates))
    exp_h = np.bincount(owner, weights=pred * _entropy(new), minlength=len(candidates))
    gain = _entropy(post) - exp_h / pred_sum
    return {fid: float(g) for fid, g in zip(candidates, gain, strict=True)}


def normalise_rows(logp: np.ndarray) -> np.ndarray:
    p = np.exp(logp - logp.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class NextQuestion:
    """The next thing to ask. ``items`` holds every finding asked together on this screen:
    one finding, or the members of a checklist ("Do any of these apply?")."""

    finding: str | None  # None: the interview is done
    reason: str  # "screen", "informative", "clear", "no_gain", "cap"
    gain: float = 0.0
    items: tuple[str, ...] = ()


def _with_checklist(
    kb: KnowledgeBase, answers: Answers, fid: str, reason: str, gain: float = 0.0
) -> NextQuestion:
    cl = kb.findings[fid].checklist
    if cl is None:
        return NextQuestion(fid, reason, gain, (fid,))
    items = tuple(
        f.id for f in kb.findings.values() if f.checklist == cl and is_askable(kb, f, answers)
    )
    return NextQuestion(fid, reason, gain, items)


def adaptive_candidates(kb: KnowledgeBase, answers: Answers) -> list[str]:
    return [
        f.id for f in kb.findings.values() if f.topic != "selftest" and is_askable(kb, f, answers)
    ]


def next_question(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray | None = None
) -> NextQuestion:
    pending = screen_pending(kb, answers)
    if pending:
        return _with_checklist(kb, answers, pending[0], "screen")
    if adaptive_asked(kb, answers) >= MAX_ADAPTIVE:
        return NextQuestion(None, "cap")
    post = posterior(kb, answers) if post is None else post
    if post.max() >= CLEAR_PROBABILITY:
        return NextQuestion(None, "clear")
    gains = expected_gains(kb, answers, post, adaptive_candidates(kb, answers))
    if not gains:
        return NextQuestion(None, "no_gain")
    best = max(gains, key=lambda k: gains[k])
    if gains[best] < MIN_GAIN_BITS:
        return NextQuestion(None, "no_gain")
    return _with_checklist(kb, answers, best, "informative", gains[best])


def ranked_questions(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, n: int = 3
) -> list[tuple[str, float]]:
    gains = expected_gains(kb, answers, post, adaptive_candidates(kb, answers))
    return sorted(gains.items(), key=lambda kv: -kv[1])[:n]
