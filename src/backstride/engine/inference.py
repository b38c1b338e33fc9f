"""Posterior probabilities of the conditions from their priors and the answers.

Method (docs/METHOD.md): a naive-Bayes differential over mutually exclusive conditions.
Each answer contributes, for every condition, the log of its weight
``P(answer | condition) / P(answer | reference population)``. Findings marked as one
dependency group are correlated, so within a group and for each condition the weights pulling
the same way are damped: the strongest counts in full, the next at ``DAMPING``, the next at
``DAMPING**2`` and so on. "Don't know" contributes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from backstride.engine.answers import UNKNOWN, Answers, Value
from backstride.engine.clusters import cluster_adjustments
from backstride.knowledge.kb import KnowledgeBase

#: weight of the 2nd, 3rd, ... same-direction answer within one dependency group
DAMPING = 0.8
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
    k = x.shape[0]
    if k == 1:
        return x[0]
    pos = np.maximum(x, 0.0)
    neg = np.minimum(x, 0.0)
    if k == 2:  # the common case, without the sorts: the same sums, term by term
        return (np.maximum(pos[0], pos[1]) + np.minimum(pos[0], pos[1]) * damping) + (
            np.minimum(neg[0], neg[1]) + np.maximum(neg[0], neg[1]) * damping
        )
    decay = damping ** np.arange(k)[:, None]
    pos = -np.sort(-pos, axis=0)  # descending
    neg = np.sort(neg, axis=0)  # most negative first
    return (pos * decay).sum(axis=0) + (neg * decay).sum(axis=0)


def _grouped_sum(
    kb: KnowledgeBase, ev: Evidence, damping: float, leave_out: tuple[str, ...] = ()
) -> np.ndarray:
    """Sum over the groups of `damped_sum`, every group at once.

    The groups' log weights go into one zero-padded array (groups x most answers in a group x
    conditions); a padded zero adds nothing to either the positive or the negative sum, so
    each group's value is `damped_sum` of its own rows, and the groups are added in the same
    order as one by one."""
    slots: dict[str, int] = {}  # group -> answers in it so far
    number: dict[str, int] = {}  # group -> its place, in order of first answer
    gi, slot, keep = [], [], []
    for i, (f, g) in enumerate(zip(ev.findings, ev.groups, strict=True)):
        if f in leave_out:
            continue
        k = slots.get(g, 0)
        gi.append(number.setdefault(g, len(number)))
        slots[g] = k + 1
        slot.append(k)
        keep.append(i)
    table = kb.all_log_weight  # the conditions' columns, then their variants'
    if not keep:
        return np.zeros(table.shape[1])
    weights = table[ev.rows[keep]]
    kmax = max(slots.values())
    if kmax == 1:  # no group holds two answers: the plain sum, in order
        return np.add.reduce(weights, axis=0)
    padded = np.zeros((len(slots), kmax, table.shape[1]))
    padded[gi, slot] = weights
    decay = (damping ** np.arange(kmax))[None, :, None]
    pos = -np.sort(-np.maximum(padded, 0.0), axis=1)  # descending within each group
    neg = np.sort(np.minimum(padded, 0.0), axis=1)  # most negative first
    per_group = (pos * decay).sum(axis=1) + (neg * decay).sum(axis=1)
    return np.add.reduce(per_group, axis=0)


def log_likelihood(kb: KnowledgeBase, ev: Evidence, damping: float = DAMPING) -> np.ndarray:
    """Sum over groups of the damped log weights: shape (n_conditions,).

    Where a published cluster covers some of the answers (engine/clusters.py), the conditions
    it was validated for take the cluster's calibrated probability of those answers instead
    of their separate weights; every other condition is unchanged.
    """
    if not ev.findings:
        return np.zeros(kb.n_conditions)
    age, sex = ev.demo.get("age"), ev.demo.get("sex")
    total = kb.collapse(_grouped_sum(kb, ev, damping), age, sex)  # type: ignore[arg-type]
    for answered, targets, value in cluster_adjustments(kb, ev.states, ev.demo):
        without = kb.collapse(_grouped_sum(kb, ev, damping, answered), age, sex)  # type: ignore[arg-type]
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


@dataclass(frozen=True)
class Belief:
    """The posterior's parts, kept so that adding one answer is one vector update.

    The log likelihood is a sum over dependency groups of each group's damped sum. A new
    answer in a group with no answer yet adds its row of log weights (a vector of
    ``n_conditions`` values); one in a group that already holds answers replaces that group's
    damped sum. Clusters (engine/clusters.py) are applied on top, as `log_likelihood` does.
    The result equals `posterior` of the same answers up to float rounding (the groups are
    summed in another order); `Belief.start` gives the same parts from scratch.
    """

    kb: KnowledgeBase
    answers: Answers
    log_prior: np.ndarray
    #: answered rows per dependency group, and each group's damped sum of their log weights
    group_rows: dict[str, tuple[int, ...]]
    group_sum: dict[str, np.ndarray]
    #: the sum of the groups' damped sums (no cluster replaced yet)
    total: np.ndarray
    #: answered finding -> state, for the clusters
    states: dict[str, str]

    @classmethod
    def start(cls, kb: KnowledgeBase, answers: Answers | None = None) -> Belief:
        answers = answers or Answers({})
        ev = evidence_rows(kb, answers)
        rows: dict[str, list[int]] = {}
        for r, g in zip(ev.rows.tolist(), ev.groups, strict=True):
            rows.setdefault(g, []).append(r)
        table = kb.all_log_weight
        sums = {g: damped_sum(table[rs], DAMPING) for g, rs in rows.items()}
        total = np.zeros(table.shape[1])
        for s in sums.values():
            total = total + s
        return cls(
            kb,
            answers,
            np.log(kb.prior(answers.age, answers.sex)),
            {g: tuple(rs) for g, rs in rows.items()},
            sums,
            total,
            dict(ev.states),
        )

    def add(self, finding_id: str, value: Value) -> Belief:
        """The belief with one more (already validated) answer."""
        kb = self.kb
        answers = self.answers.with_answer(finding_id, value)
        if finding_id in self.answers.values and self.answers.values[finding_id] != UNKNOWN:
            return Belief.start(kb, answers)  # a changed answer: rebuild
        if finding_id in DEMOGRAPHIC:
            log_prior = np.log(kb.prior(answers.age, answers.sex))
            return replace(self, answers=answers, log_prior=log_prior)
        if value == UNKNOWN:
            return replace(self, answers=answers)
        state = kb.state_of(finding_id, value)
        row = kb.row[(finding_id, state)]
        g = kb.group_of[finding_id]
        old = self.group_rows.get(g, ())
        rows = (*old, row)
        if old:
            new = damped_sum(kb.all_log_weight[list(rows)], DAMPING)
            total = self.total - self.group_sum[g] + new
        else:
            new = kb.all_log_weight[row]
            total = self.total + new  # the common case: one vector add
        return Belief(
            kb,
            answers,
            self.log_prior,
            {**self.group_rows, g: rows},
            {**self.group_sum, g: new},
            total,
            {**self.states, finding_id: state},
        )

    def log_likelihood(self) -> np.ndarray:
        kb = self.kb
        age, sex = self.answers.age, self.answers.sex
        adjustments = cluster_adjustments(kb, self.states, _demo(self.answers))
        if not adjustments:
            return kb.collapse(self.total, age, sex)
        out = kb.collapse(self.total, age, sex)
        for answered, targets, value in adjustments:
            without = self.total.copy()
            touched = {kb.group_of[f] for f in answered}
            left = set(answered)
            for g in touched:
                keep = [r for r in self.group_rows[g] if kb.row_finding[r] not in left]
                without -= self.group_sum[g]
                if keep:
                    without += damped_sum(kb.all_log_weight[keep], DAMPING)
            out[targets] = kb.collapse(without, age, sex)[targets] + value
        return out

    def posterior(self) -> np.ndarray:
        return normalise_log(self.log_prior + self.log_likelihood())


def _demo(answers: Answers) -> dict[str, object]:
    return {k: answers.values[k] for k in DEMOGRAPHIC if answers.values.get(k, UNKNOWN) != UNKNOWN}
