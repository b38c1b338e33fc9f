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
#: a cause this likely is "leading": the interview asks its key questions before it stops
LEADING_PROBABILITY = 0.10
#: how many key questions each condition has (see `key_questions`) ...
KEY_PER_CONDITION = 4
#: ... each expected to move the condition's odds by at least this much (nats, about x1.2)
KEY_MIN_NATS = 0.2
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
    reason: (
        str  # asking: "screen", "informative", "key", "plan"; stopping: "clear", "no_gain", "cap"
    )
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


def key_question_scores(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    """For each condition, how strongly each askable question tells it from the rest.

    The score of finding *f* for condition *c* is the expected size of the log likelihood
    ratio of the answer, c against all the other conditions (weighted by their starting
    chances), when c is the cause: ``sum_s P(s | c) * |log(P(s | c) / P(s | not c))|`` in nats.
    Computed from the evidence table (``kb.likelihood``) alone; the red-flag screen, which is
    always asked, and self-tests are left out. Cached per knowledge base.
    """
    cached = kb.derived.get("key_question_scores")
    if cached is None:
        cached = kb.derived["key_question_scores"] = _key_question_scores(kb)
    return cached  # type: ignore[return-value]


def _key_question_scores(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    fids = [
        f.id
        for f in kb.findings.values()
        if f.ask and not f.screen and f.topic not in ("red_flag", "selftest", "about_you")
    ]
    if not fids:
        return {cid: {} for cid in kb.condition_ids}
    rows = [r for fid in fids for r in kb.rows_of[fid]]
    owner = np.repeat(np.arange(len(fids)), [len(kb.rows_of[fid]) for fid in fids])
    lik = kb.likelihood[rows]  # (n_rows, n_conditions)
    prior = kb.prior(None, None)
    rest = (lik @ prior)[:, None] - lik * prior[None, :]  # P(s) * P(not c), per condition c
    rest = rest / (1.0 - prior)[None, :]
    contrib = lik * np.abs(np.log(lik) - np.log(rest))
    score = np.zeros((len(fids), kb.n_conditions))
    np.add.at(score, owner, contrib)
    return {
        cid: {fid: float(score[i, j]) for i, fid in enumerate(fids)}
        for j, cid in enumerate(kb.condition_ids)
    }


def key_questions(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Each condition's key questions: its ``KEY_PER_CONDITION`` best-scoring questions (see
    `key_question_scores`) that score at least ``KEY_MIN_NATS``, best first."""
    cached = kb.derived.get("key_questions")
    if cached is None:
        cached = {}
        for cid, scores in key_question_scores(kb).items():
            best = sorted(scores, key=lambda f: -scores[f])[:KEY_PER_CONDITION]
            cached[cid] = tuple(f for f in best if scores[f] >= KEY_MIN_NATS)
        kb.derived["key_questions"] = cached
    return cached  # type: ignore[return-value]


def pending_key_questions(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray
) -> list[tuple[str, list[str]]]:
    """The leading causes (``LEADING_PROBABILITY`` or more), most likely first, each with its
    key questions that can still be asked; causes with none left are left out."""
    keys = key_questions(kb)
    out: list[tuple[str, list[str]]] = []
    for j in np.argsort(-post):
        if post[j] < LEADING_PROBABILITY:
            break
        cid = kb.condition_ids[int(j)]
        left = [f for f in keys[cid] if is_askable(kb, kb.findings[f], answers)]
        if left:
            out.append((cid, left))
    return out


def plan_pending(kb: KnowledgeBase, answers: Answers) -> list[str]:
    """Questions the personal plan needs for this person (their ``plan_if`` gate holds), still
    unasked. They are asked before the interview ends, even past the question cap, because the
    plan cannot be sized without them (the walking programme starts from walking time)."""
    return [
        f.id
        for f in kb.findings.values()
        if f.plan_if is not None and is_askable(kb, f, answers) and matches(kb, f.plan_if, answers)
    ]


def next_question(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray | None = None
) -> NextQuestion:
    """The red-flag screen first; then the question with the largest expected gain, until one
    cause is clear or no question gains enough, but never while a leading cause has an
    unasked key question; at most ``MAX_ADAPTIVE`` questions after the screen. Key questions
    come first when the questions left would not otherwise leave room for them."""
    pending = screen_pending(kb, answers)
    if pending:
        return _with_checklist(kb, answers, pending[0], "screen")
    left = MAX_ADAPTIVE - adaptive_asked(kb, answers)
    if left <= 0:
        plan = plan_pending(kb, answers)
        if plan:
            return _with_checklist(kb, answers, plan[0], "plan")
        return NextQuestion(None, "cap")
    post = posterior(kb, answers) if post is None else post
    keys = pending_key_questions(kb, answers, post)
    gains = expected_gains(kb, answers, post, adaptive_candidates(kb, answers))
    best = max(gains, key=lambda k: gains[k]) if gains else None
    stop = None
    if post.max() >= CLEAR_PROBABILITY:
        stop = "clear"
    elif best is None or gains[best] < MIN_GAIN_BITS:
        stop = "no_gain"
    n_keys = len({f for _, fs in keys for f in fs})
    if stop is not None or left <= 1:
        plan = plan_pending(kb, answers)
        if plan:
            return _with_checklist(kb, answers, plan[0], "plan", gains.get(plan[0], 0.0))
    if keys and (stop is not None or n_keys >= left):
        # the most likely cause's key questions first, the most informative of them
        key = max(keys[0][1], key=lambda k: gains.get(k, 0.0))
        return _with_checklist(kb, answers, key, "key", gains.get(key, 0.0))
    if stop is not None or best is None:
        return NextQuestion(None, stop or "no_gain")
    return _with_checklist(kb, answers, best, "informative", gains[best])


def ranked_questions(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, n: int = 3
) -> list[tuple[str, float]]:
    gains = expected_gains(kb, answers, post, adaptive_candidates(kb, answers))
    return sorted(gains.items(), key=lambda kv: -kv[1])[:n]
