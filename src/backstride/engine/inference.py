"""Posterior probabilities of the conditions from their priors and the answers.

Method (docs/METHOD.md): a naive-Bayes differential over mutually exclusive conditions.
Each answer contributes, for every condition, the log of its weight
``P(answer | condition) / P(answer | reference population)``. Findings marked as one
dependency group are correlated, so within a group and for each condition the weights pulling
the same way are damped: the strongest counts in full, the next at ``DAMPING``, the next at
``DAMPING**2`` and so on. "Don't know" contributes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backstride.engine.answers import UNKNOWN, Answers
from backstride.engine.clusters import cluster_adjustments
from backstride.knowledge.kb import KnowledgeBase

#: weight of the 2nd, 3rd, ... same-direction answer within one dependency group
DAMPING = 0.5
DEMOGRAPHIC = ("age", "sex")


@dataclass(frozen=True)
class Evidence:
    """The answered findings as table rows, ready for inference."""

    findings: tuple[str, ...]
    rows: np.ndarray  # row index per answered finding
    groups: tuple[str, ...]
    states: dict[str, str] = field(default_factory=dict)  # answered finding -> state
    demo: dict[str, object] = field(default_factory=dict)  # age and sex, where known


def evidence_rows(kb: KnowledgeBase, answers: Answers) -> Evidence:
    fids, rows, groups, states = [], [], [], {}
    for fid, value in sorted(answers.values.items()):
        if value == UNKNOWN or fid in DEMOGRAPHIC:
            continue
        fids.append(fid)
        states[fid] = kb.state_of(fid, value)
        rows.append(kb.row[(fid, states[fid])])
        groups.append(kb.group_of[fid])
    demo = {k: answers.values[k] for k in DEMOGRAPHIC if answers.values.get(k, UNKNOWN) != UNKNOWN}
    return Evidence(tuple(fids), np.array(rows, dtype=int), tuple(groups), states, demo)


def damped_sum(x: np.ndarray, damping: float) -> np.ndarray:
    """Combine a group's log weights (shape (k, n)) per condition, damping repeats."""
    if x.shape[0] == 1:
        return x[0]
    decay = damping ** np.arange(x.shape[0])[:, None]
    pos = -np.sort(-np.clip(x, 0, None), axis=0)  # descending
    neg = np.sort(np.clip(x, None, 0), axis=0)  # most negative first
    return (pos * decay).sum(axis=0) + (neg * decay).sum(axis=0)


def _grouped_sum(
    kb: KnowledgeBase, ev: Evidence, damping: float, leave_out: tuple[str, ...] = ()
) -> np.ndarray:
    total = np.zeros(kb.n_conditions)
    weights = kb.log_weight[ev.rows]
    by_group: dict[str, list[int]] = {}
    for i, (f, g) in enumerate(zip(ev.findings, ev.groups, strict=True)):
        if f not in leave_out:
            by_group.setdefault(g, []).append(i)
    for idx in by_group.values():
        total += damped_sum(weights[idx], damping)
    return total


def log_likelihood(kb: KnowledgeBase, ev: Evidence, damping: float = DAMPING) -> np.ndarray:
    """Sum over groups of the damped log weights: shape (n_conditions,).

    Where a published cluster covers some of the answers (engine/clusters.py), the conditions
    it was validated for take the cluster's calibrated probability of those answers instead
    of their separate weights; every other condition is unchanged.
    """
    if not ev.findings:
        return np.zeros(kb.n_conditions)
    total = _grouped_sum(kb, ev, damping)
    for answered, targets, value in cluster_adjustments(kb, ev.states, ev.demo):
        without = _grouped_sum(kb, ev, damping, answered)
        total[targets] = without[targets] + value
    return total


def normalise_log(logp: np.ndarray) -> np.ndarray:
    p = np.exp(logp - logp.max())
    return p / p.sum()


def posterior(kb: KnowledgeBase, answers: Answers, damping: float = DAMPING) -> np.ndarray:
    """P(condition | answers), shape (n_conditions,), in ``kb.condition_ids`` order.

    ``damping=1.0`` gives the plain naive-Bayes posterior (used to check against pgmpy).
    """
    prior = kb.prior(answers.age, answers.sex)
    return normalise_log(np.log(prior) + log_likelihood(kb, evidence_rows(kb, answers), damping))
