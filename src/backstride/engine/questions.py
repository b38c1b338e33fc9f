"""Which question to ask next: the red-flag screen first, then the most informative one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from backstride.engine.answers import Answers
from backstride.engine.inference import DAMPING
from backstride.engine.rules import matches
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Finding, Urgency

if TYPE_CHECKING:
    from backstride.engine.context import Context

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
    """Questions answered that are not part of the red-flag screen. The items of one
    checklist are asked together on one page, so they count as one question."""
    singles = 0
    checklists: set[str] = set()
    for fid in answers.values:
        f = kb.findings.get(fid)
        if f is None or f.screen or f.topic == "red_flag":
            continue
        if f.checklist is None:
            singles += 1
        else:
            checklists.add(f.checklist)
    return singles + len(checklists)


def is_askable(kb: KnowledgeBase, f: Finding, answers: Answers) -> bool:
    if not f.ask or f.id in answers.values:
        return False
    return f.ask_if is None or matches(kb, f.ask_if, answers)


def _context(kb: KnowledgeBase, answers: Answers, ctx: Context | None) -> Context:
    if ctx is not None:
        return ctx
    from backstride.engine.context import Context

    return Context(kb, answers)


def screen_ids(kb: KnowledgeBase) -> tuple[str, ...]:
    """The red-flag screen's findings, in knowledge-base order (cached per knowledge base)."""
    cached = kb.derived.get("screen_ids")
    if cached is None:
        cached = kb.derived["screen_ids"] = tuple(
            f.id for f in kb.findings.values() if f.screen or f.topic == "red_flag"
        )
    return cached  # type: ignore[return-value]


def screen_pending(kb: KnowledgeBase, answers: Answers, ctx: Context | None = None) -> list[str]:
    """Red-flag screen questions still to ask, in knowledge-base order (always asked)."""
    if ctx is not None:
        return ctx.screen_pending
    return [fid for fid in screen_ids(kb) if is_askable(kb, kb.findings[fid], answers)]


def _entropy(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-12, 1.0)
    return -(p * np.log2(q)).sum(axis=-1)


def expected_gains(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, candidates: list[str]
) -> dict[str, float]:
    """Expected reduction in entropy (bits) over the conditions, per candidate finding.

    For a state s of a finding, the beliefs after that answer are ``q = post * W_s / Z_s``
    with ``W_s = exp(d * log_weight_s)`` and ``Z_s = W_s @ post`` (``d`` is 1, or ``DAMPING``
    when the finding's group already holds an answer, as the inference would). Their entropy
    needs no table of q: ``H_s = ln Z_s - (M_s @ post + W_s @ (post ln post)) / Z_s`` with
    ``M_s = W_s * d * log_weight_s``. So every state of every finding is scored by one matrix
    product of precomputed tables with two vectors, linear in the size of the table, and the
    candidates are then picked out; nothing loops over rows in Python.
    """
    if not candidates:
        return {}
    t = _gain_tables(kb)
    cand = np.fromiter((t.index[f] for f in candidates), dtype=np.intp, count=len(candidates))
    answered = np.zeros(t.n_groups, dtype=bool)
    groups = [t.group_index[kb.group_of[f]] for f in answers.known() if f in kb.group_of]
    answered[groups] = True
    damped = np.flatnonzero(answered[t.group[t.owner]])  # rows whose group holds an answer
    plogp = post * np.log(post, where=post > 0, out=np.zeros_like(post))
    v = np.stack([post, plogp], axis=1)
    n = t.n_rows
    prod = t.stacked[: 3 * n] @ v  # W, M (d = 1) and the likelihood, for every row
    z = prod[:n, 0].copy()
    s = prod[n : 2 * n, 0] + prod[:n, 1]
    if len(damped):  # the few rows in an answered group: W and M with d = DAMPING
        wd = t.stacked[3 * n + damped] @ v
        md = t.stacked[4 * n + damped] @ post
        z[damped] = wd[:, 0]
        s[damped] = md + wd[:, 1]
    h = (np.log(z) - s / z) / np.log(2.0)  # entropy after each answer, bits
    pred = prod[2 * n :, 0]  # P(state) under the current beliefs
    pred_sum = np.bincount(t.owner, weights=pred, minlength=t.n_findings)
    exp_h = np.bincount(t.owner, weights=pred * h, minlength=t.n_findings)
    gain = _entropy(post) - exp_h[cand] / pred_sum[cand]
    return dict(zip(candidates, gain.tolist(), strict=True))


@dataclass(frozen=True)
class _GainTables:
    index: dict[str, int]  # finding id -> finding number (knowledge-base order)
    n_findings: int
    n_rows: int
    owner: np.ndarray  # finding number of each table row
    group: np.ndarray  # group number of each finding
    group_index: dict[str, int]
    n_groups: int
    #: rows of W and M (d = 1), the likelihood, then W and M (d = DAMPING), stacked:
    #: shape (5 * n_rows, n_conditions); see `expected_gains`
    stacked: np.ndarray


def _gain_tables(kb: KnowledgeBase) -> _GainTables:
    cached = kb.derived.get("gain_tables")
    if cached is None:
        fids = list(kb.findings)
        rows = [r for f in fids for r in kb.rows_of[f]]
        owner = np.repeat(np.arange(len(fids)), [len(kb.rows_of[f]) for f in fids])
        group_index: dict[str, int] = {}
        for f in fids:
            group_index.setdefault(kb.group_of[f], len(group_index))
        lw = kb.log_weight[rows]
        w1, wd = np.exp(lw), np.exp(DAMPING * lw)
        stacked = np.concatenate([w1, w1 * lw, kb.likelihood[rows], wd, wd * (DAMPING * lw)])
        cached = kb.derived["gain_tables"] = _GainTables(
            index={f: i for i, f in enumerate(fids)},
            n_findings=len(fids),
            n_rows=len(rows),
            owner=owner,
            group=np.array([group_index[kb.group_of[f]] for f in fids], dtype=np.intp),
            group_index=group_index,
            n_groups=len(group_index),
            stacked=np.ascontiguousarray(stacked),
        )
    return cached  # type: ignore[return-value]


def normalise_rows(logp: np.ndarray) -> np.ndarray:
    p = np.exp(logp - logp.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class NextQuestion:
    """The next thing to ask. ``items`` holds every finding asked together on this screen:
    one finding, or the members of a checklist ("Do any of these apply?")."""

    finding: str | None  # None: the interview is done
    reason: (  # asking: "screen", "warning", "informative", "key", "plan";
        str  # stopping: "clear", "no_gain", "cap"
    )
    gain: float = 0.0
    items: tuple[str, ...] = ()


def _with_checklist(
    kb: KnowledgeBase, ctx: Context, fid: str, reason: str, gain: float = 0.0
) -> NextQuestion:
    cl = kb.findings[fid].checklist
    if cl is None:
        return NextQuestion(fid, reason, gain, (fid,))
    items = tuple(f.id for f in kb.findings.values() if f.checklist == cl and f.id in ctx.askable)
    return NextQuestion(fid, reason, gain, items)


def adaptive_candidates(
    kb: KnowledgeBase, answers: Answers, ctx: Context | None = None
) -> list[str]:
    return _context(kb, answers, ctx).candidates


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
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, ctx: Context | None = None
) -> list[tuple[str, list[str]]]:
    """The leading causes, each with its key questions that can still be asked; causes with
    none left are left out. A cause leads at ``LEADING_PROBABILITY`` or more, and so does a
    cause that needs more than self-care once it reaches its own ``act_at``. Those come first,
    the most urgent first: before the result raises urgency for a cause, its key questions are
    asked, so an answer can confirm it or rule it down. Then the rest, most likely first."""
    keys = key_questions(kb)
    askable = _context(kb, answers, ctx).askable
    acting: list[tuple[int, float, str, list[str]]] = []
    leading: list[tuple[str, list[str]]] = []
    for j in np.argsort(-post):
        cid = kb.condition_ids[int(j)]
        c = kb.conditions[cid]
        acts = c.urgency != "self_care" and post[j] >= c.act_at
        if post[j] < LEADING_PROBABILITY and not acts:
            continue
        left = [f for f in keys[cid] if f in askable]
        if not left:
            continue
        if acts:
            acting.append((-Urgency[c.urgency], -float(post[j]), cid, left))
        else:
            leading.append((cid, left))
    return [(cid, left) for *_, cid, left in sorted(acting)] + leading


def plan_pending(kb: KnowledgeBase, answers: Answers, ctx: Context | None = None) -> list[str]:
    """Questions the personal plan needs for this person (their ``plan_if`` gate holds), still
    unasked. They are asked before the interview ends, even past the question cap, because the
    plan cannot be sized without them (the walking programme starts from walking time)."""
    askable = _context(kb, answers, ctx).askable
    return [
        f.id
        for f in kb.findings.values()
        if f.plan_if is not None and f.id in askable and matches(kb, f.plan_if, answers)
    ]


def warning_pending(kb: KnowledgeBase, answers: Answers, ctx: Context | None = None) -> list[str]:
    """Questions that alone would make an urgent or emergency warning-sign rule fire, given the
    answers so far (`rules.one_answer_away`): asked right after the screen, even past the cap,
    so that a sign the answers point at is never left unasked (a past cancer and new trouble
    walking; cold, pale feet and diabetes)."""
    from backstride.engine.rules import one_answer_away

    ctx = _context(kb, answers, ctx)
    return one_answer_away(kb, answers, ctx.askable, Urgency.urgent, ctx.fired)


def questions_left(
    kb: KnowledgeBase, answers: Answers, ctx: Context | None = None, *, pages: bool = False
) -> int:
    """How many more questions the interview can ask at most, as things stand: the warning
    signs still to screen (for every age while the age is unknown), the adaptive questions left
    under ``MAX_ADAPTIVE``, and the plan's questions (asked even past the cap). Only a "yes"
    that opens follow-up questions can raise it. With ``pages``, the warning signs of one
    checklist count once, as the pages that show them together do."""
    known = answers.values
    missing = [k for k in ("age", "sex") if k not in known]
    if missing:  # some warning signs are asked only at some ages or for one sex: the most
        ages = [known["age"]] if "age" in known else _TRIAL_AGES
        sexes = [known["sex"]] if "sex" in known else ("female", "male")
        trials = [answers.with_answer("age", a).with_answer("sex", x) for a in ages for x in sexes]
        return len(missing) + max(_left(kb, t, None, pages) for t in trials)
    return _left(kb, answers, ctx, pages)


def screen_pages(kb: KnowledgeBase, screen: Iterable[str]) -> int:
    """The pages the warning signs ``screen`` take, as the web shows them: one page per
    checklist, one per question outside a checklist."""
    screen = list(screen)
    groups = {kb.findings[f].checklist for f in screen} - {None}
    return len(groups) + sum(1 for f in screen if kb.findings[f].checklist is None)


#: ages tried while the age is unknown: one on each side of every age gate in findings.yaml
_TRIAL_AGES = (30, 49, 52, 57, 62, 70)


def _left(kb: KnowledgeBase, answers: Answers, ctx: Context | None, pages: bool) -> int:
    ctx = _context(kb, answers, ctx)
    screen = ctx.screen_pending
    shown = len(screen)
    if pages:
        shown = screen_pages(kb, screen)
    extra = plan_pending(kb, answers, ctx) + warning_pending(kb, answers, ctx)
    plan = [f for f in dict.fromkeys(extra) if f not in screen]
    unasked = sum(  # adaptive questions not yet answered, whether or not their gate is open
        1
        for f in kb.findings.values()
        if f.ask and not f.screen and f.topic != "red_flag" and f.id not in answers.values
    )
    budget = max(0, MAX_ADAPTIVE - adaptive_asked(kb, answers))
    return shown + min(budget + len(plan), unasked)


def next_question(
    kb: KnowledgeBase,
    answers: Answers,
    post: np.ndarray | None = None,
    *,
    ctx: Context | None = None,
) -> NextQuestion:
    """The red-flag screen first; then the question with the largest expected gain, until one
    cause is clear or no question gains enough, but never while a leading cause has an
    unasked key question; at most ``MAX_ADAPTIVE`` questions after the screen. Key questions
    come first when the questions left would not otherwise leave room for them.

    ``post`` (the posterior of these answers) or ``ctx`` (a pass over them) saves recomputing
    what the caller already has."""
    if ctx is None:
        from backstride.engine.context import Context

        ctx = Context(kb, answers, post)
    pending = ctx.screen_pending
    if pending:
        return _with_checklist(kb, ctx, pending[0], "screen")
    warning = warning_pending(kb, answers, ctx)
    if warning:  # a warning sign one answer away is decided before anything else, cap or not
        return _with_checklist(kb, ctx, warning[0], "warning")
    left = MAX_ADAPTIVE - adaptive_asked(kb, answers)
    if left <= 0:
        plan = plan_pending(kb, answers, ctx)
        if plan:
            return _with_checklist(kb, ctx, plan[0], "plan")
        return NextQuestion(None, "cap")
    post = ctx.post
    keys = pending_key_questions(kb, answers, post, ctx)
    gains = ctx.gains
    best = max(gains, key=lambda k: gains[k]) if gains else None
    stop = None
    if post.max() >= CLEAR_PROBABILITY:
        stop = "clear"
    elif best is None or gains[best] < MIN_GAIN_BITS:
        stop = "no_gain"
    n_keys = len({f for _, fs in keys for f in fs})
    if stop is not None:
        plan = plan_pending(kb, answers, ctx)
        if plan:
            return _with_checklist(kb, ctx, plan[0], "plan", gains.get(plan[0], 0.0))
    if keys and (stop is not None or n_keys >= left):
        # the most likely cause's key questions first, the most informative of them
        key = max(keys[0][1], key=lambda k: gains.get(k, 0.0))
        return _with_checklist(kb, ctx, key, "key", gains.get(key, 0.0))
    if stop is not None or best is None:
        return NextQuestion(None, stop or "no_gain")
    return _with_checklist(kb, ctx, best, "informative", gains[best])


def ranked_questions(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, n: int = 3, ctx: Context | None = None
) -> list[tuple[str, float]]:
    if ctx is None:
        from backstride.engine.context import Context

        ctx = Context(kb, answers, post)
    gains = ctx.gains
    return sorted(gains.items(), key=lambda kv: -kv[1])[:n]
