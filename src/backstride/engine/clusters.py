"""Published clusters applied as one finding (docs/METHOD.md, "Clusters").

A cluster (a clinical prediction rule such as Cook 2011's five stenosis items) is a finding
whose state is the number of its items that hold. Its study gives P(state | target condition)
for the condition it was validated for; multiplying the items' own cells would count the same
answers again. So, for each condition with a cluster cell, the engine replaces the product of
the item answers' probabilities by a calibrated one:

    P(item answers | c) = sum over the joint item states s consistent with the answers of
                          P_items(s | c) * P_cell(state(s) | c) / P_items(state(s) | c)

where P_items is the product of the items' cells (independent given the condition) and
P_items(state | c) its total over every joint state with that count. This is a proper
distribution over the item answers whose count follows the published figures exactly, and
within a count keeps the items' own pattern. Conditions without a cluster cell keep the plain
product, so for them nothing changes. Items on age or sex are read from the answers; the
published figures are then renormalised over the counts this person can still reach (an
approximation: the study's figures are averaged over its own age mix).

Nothing here does I/O.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from backstride.knowledge.cells import cell_probabilities
from backstride.knowledge.kb import DEMOGRAPHIC, KnowledgeBase
from backstride.knowledge.schema import Clause, Finding


@dataclass(frozen=True)
class ClusterPlan:
    finding: str
    components: tuple[str, ...]  # the asked findings its items test
    states: np.ndarray  # (n_joint, n_components): state index of each component
    rows: np.ndarray  # (n_joint, n_components): likelihood row of each component state
    targets: np.ndarray  # condition columns with a cluster cell
    target_p: np.ndarray  # (n_cluster_states, n_targets): P_cell(state | target)


def cluster_plans(kb: KnowledgeBase) -> list[ClusterPlan]:
    """One plan per cluster finding that has at least one cell (cached on the KB)."""
    cached = kb.derived.get("cluster_plans")
    if cached is not None:
        return cached  # type: ignore[return-value]
    plans = []
    for f in kb.findings.values():
        if f.cluster is None:
            continue
        cols = [j for j, cid in enumerate(kb.condition_ids) if (f.id, cid) in kb.evidence]
        if not cols:
            continue
        comps = sorted(
            {
                c.finding
                for m in f.cluster.items
                for c in [*m.all, *m.any]
                if c.finding not in DEMOGRAPHIC
            }
        )
        joint = np.array(
            list(itertools.product(*[range(len(kb.findings[c].states)) for c in comps])),
            dtype=int,
        )
        rows = np.array(
            [[kb.rows_of[c][i] for c, i in zip(comps, st, strict=True)] for st in joint]
        )
        target_p = np.array(
            [
                [cell_probabilities(kb.evidence[(f.id, kb.condition_ids[j])], f)[s] for j in cols]
                for s in f.states
            ]
        )
        plans.append(ClusterPlan(f.id, tuple(comps), joint, rows, np.array(cols), target_p))
    kb.derived["cluster_plans"] = plans
    return plans


def _clause_holds(
    kb: KnowledgeBase, c: Clause, plan: ClusterPlan, demo: dict[str, object]
) -> np.ndarray:
    """Truth of one clause for every joint state of the plan's components."""
    n = len(plan.states)
    if c.finding in DEMOGRAPHIC:
        v = demo.get(c.finding)
        if v is None:
            return np.zeros(n, dtype=bool)  # unknown age or sex: the item does not hold
        if c.gte is not None or c.lt is not None:
            x = float(v)  # type: ignore[arg-type]
            ok = (c.gte is None or x >= c.gte) and (c.lt is None or x < c.lt)
        else:
            st = kb.state_of(c.finding, v)
            ok = st == c.is_ if c.is_ is not None else st in (c.in_ or [])
        return np.full(n, ok)
    k = plan.components.index(c.finding)
    names = kb.findings[c.finding].states
    wanted = {c.is_} if c.is_ is not None else set(c.in_ or [])
    hit = np.array([s in wanted for s in names])
    return hit[plan.states[:, k]]


def cluster_state_index(
    kb: KnowledgeBase, f: Finding, plan: ClusterPlan, demo: dict[str, object]
) -> np.ndarray:
    """The cluster state (index into f.states) of every joint state of its components."""
    assert f.cluster is not None and f.number is not None
    count = np.zeros(len(plan.states), dtype=int)
    for m in f.cluster.items:
        ok = np.ones(len(plan.states), dtype=bool)
        for c in m.all:
            ok &= _clause_holds(kb, c, plan, demo)
        if m.any:
            anyok = np.zeros(len(plan.states), dtype=bool)
            for c in m.any:
                anyok |= _clause_holds(kb, c, plan, demo)
            ok &= anyok
        count += ok
    out = np.empty(len(count), dtype=int)
    for i, b in enumerate(f.number.bins):
        sel = ((count >= b.lo) if b.lo is not None else True) & (
            (count < b.hi) if b.hi is not None else True
        )
        out[sel] = i
    return out


def cluster_adjustments(
    kb: KnowledgeBase, states: dict[str, str], demo: dict[str, object]
) -> list[tuple[tuple[str, ...], np.ndarray, np.ndarray]]:
    """For each cluster with an answered item: (its answered components, the target columns,
    the targets' log P(answered components | c) minus the components' log base rates).

    The caller replaces the targets' sum of the components' log weights by this value.
    """
    out = []
    for plan in cluster_plans(kb):
        answered = [c for c in plan.components if c in states]
        if not answered:
            continue
        f = kb.findings[plan.finding]
        t = plan.targets
        # P_items(joint state | target): product of the components' cells
        p_joint = np.prod(kb.likelihood[plan.rows][:, :, t], axis=1)  # (n_joint, n_targets)
        sidx = cluster_state_index(kb, f, plan, demo)
        n_states = len(f.states)
        full = np.zeros((n_states, len(t)))
        np.add.at(full, sidx, p_joint)
        # states this person cannot reach (an age item already decided) drop out, and the
        # published figures are renormalised over the rest: P(state | c, age, sex)
        reach = plan.target_p * (full > 0)
        reach = reach / np.clip(reach.sum(axis=0, keepdims=True), 1e-300, None)
        ratio = np.divide(reach, full, out=np.zeros_like(full), where=full > 0)
        consistent = np.ones(len(plan.states), dtype=bool)
        for c in answered:
            k = plan.components.index(c)
            consistent &= plan.states[:, k] == kb.findings[c].states.index(states[c])
        lik = (p_joint[consistent] * ratio[sidx[consistent]]).sum(axis=0)
        base = sum(float(np.log(kb.base[kb.row[(c, states[c])]])) for c in answered)
        out.append((tuple(answered), t, np.log(np.clip(lik, 1e-300, None)) - base))
    return out
