"""The compiled knowledge base: validated entries plus the numeric tables the engine needs.

Built once per process (``load_kb`` caches it). Nothing here does I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from backstride.knowledge.cells import (
    Cell,
    Fidelity,
    applied_lrs,
    cell_probabilities,
    comparison_group,
    positive_states,
)
from backstride.knowledge.schema import (
    Citation,
    Condition,
    ContextTrigger,
    ContributingFactor,
    Finding,
    KnowledgeBaseFiles,
    PhraseSet,
    RedFlagRule,
    StudyCell,
)

#: findings that act through the priors only, never as evidence
DEMOGRAPHIC = ("age", "sex")


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    citations: dict[str, Citation]
    conditions: dict[str, Condition]
    findings: dict[str, Finding]
    evidence: dict[tuple[str, str], Cell]  # (finding, condition) -> cell
    red_flags: list[RedFlagRule]
    factors: list[ContributingFactor]
    # --- compiled tables -------------------------------------------------------------
    condition_ids: list[str]
    #: row index of (finding, state) in the likelihood tables
    row: dict[tuple[str, str], int]
    #: rows of each finding, in state order
    rows_of: dict[str, list[int]]
    #: P(state | condition), shape (n_rows, n_conditions)
    likelihood: np.ndarray
    #: P(state) in the reference population, derived: sum over conditions of the age/sex-free
    #: prior x P(state | condition), shape (n_rows,)
    base: np.ndarray
    #: log(P(state | condition) / P(state)): each answer's log weight per condition
    log_weight: np.ndarray
    #: the weight shown to people: P(state | condition) / P(state | all other conditions,
    #: prior-weighted), shape (n_rows, n_conditions)
    weight_vs_rest: np.ndarray
    #: age/sex-free prior, normalised, in condition_ids order
    base_prior: np.ndarray
    #: each study cell's published LRs beside the ones applied in the study's own contrast
    fidelity: list[Fidelity]
    #: dependency group of each finding (its own id when ungrouped)
    group_of: dict[str, str]
    row_finding: list[str] = field(default_factory=list)
    #: free-text intake: phrase sets and context triggers (phrases.yaml; empty when absent)
    phrases: list[PhraseSet | ContextTrigger] = field(default_factory=list)
    _prior_cache: dict[tuple[float | None, str | None], np.ndarray] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: values derived once from the entries by engine modules (never changes the KB)
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_conditions(self) -> int:
        return len(self.condition_ids)

    def prior(self, age: float | None, sex: str | None) -> np.ndarray:
        """Normalised prior over conditions, adjusted for age and sex where evidence exists."""
        key = (age, sex)
        cached = self._prior_cache.get(key)
        if cached is None:
            if len(self._prior_cache) > 1024:  # ages are whole years in practice; stay bounded
                self._prior_cache.clear()
            cached = self._prior_cache[key] = self._compute_prior(age, sex)
            cached.flags.writeable = False
        return cached

    def _compute_prior(self, age: float | None, sex: str | None) -> np.ndarray:
        values = np.empty(self.n_conditions)
        for i, cid in enumerate(self.condition_ids):
            c = self.conditions[cid]
            p = c.prior.value
            for m in c.prior_modifiers:
                if m.sex is not None and m.sex != sex:
                    continue
                if m.age_min is not None or m.age_max is not None:
                    if age is None:
                        continue
                    if m.age_min is not None and age < m.age_min:
                        continue
                    if m.age_max is not None and age > m.age_max:
                        continue
                p *= m.factor
            values[i] = p
        return values / values.sum()

    def row_state(self, row: int) -> str:
        """The state a row of the likelihood tables stands for."""
        fid = self.row_finding[row]
        return self.findings[fid].states[self.rows_of[fid].index(row)]

    def state_of(self, finding_id: str, value: object) -> str:
        """The state an already-validated answer falls in (numbers map to their bin)."""
        f = self.findings[finding_id]
        if f.type != "number":
            return str(value)
        assert f.number is not None
        x = float(value)  # type: ignore[arg-type]
        for b in f.number.bins:
            if (b.lo is None or x >= b.lo) and (b.hi is None or x < b.hi):
                return b.id
        raise AssertionError(f"{x} outside the bins of {finding_id}")  # bins cover all reals

    @classmethod
    def build(cls, files: KnowledgeBaseFiles) -> KnowledgeBase:
        """Compile validated files (run `validate.cross_check` first)."""
        conditions = {c.id: c for c in files.conditions}
        findings = {f.id: f for f in files.findings}
        evidence = {
            (fid, ce.condition): cell for ce in files.evidence for fid, cell in ce.cells.items()
        }
        condition_ids = list(conditions)
        col = {cid: j for j, cid in enumerate(condition_ids)}

        row: dict[tuple[str, str], int] = {}
        rows_of: dict[str, list[int]] = {}
        row_finding: list[str] = []
        for f in files.findings:
            rows_of[f.id] = []
            for s in f.states:
                row[(f.id, s)] = len(row_finding)
                rows_of[f.id].append(len(row_finding))
                row_finding.append(f.id)

        n_rows, n_cond = len(row_finding), len(condition_ids)
        likelihood = np.empty((n_rows, n_cond))
        for f in files.findings:  # age and sex carry no evidence: equal in every condition
            likelihood[rows_of[f.id], :] = 1.0 / len(f.states)
        for (fid, cid), cell in evidence.items():
            probs = cell_probabilities(cell, findings[fid])
            for s, p in probs.items():
                likelihood[row[(fid, s)], col[cid]] = min(max(p, 1e-4), 1 - 1e-4)
        for f in files.findings:  # renormalise after the clip
            idx = rows_of[f.id]
            likelihood[idx, :] /= likelihood[idx, :].sum(axis=0, keepdims=True)

        prior = np.array([c.prior.value for c in files.conditions])
        prior = prior / prior.sum()
        base = likelihood @ prior
        log_weight = np.log(likelihood) - np.log(base)[:, None]
        # P(state | all other conditions), prior-weighted: (base - prior_j L_j) / (1 - prior_j)
        rest = (base[:, None] - likelihood * prior[None, :]) / (1 - prior[None, :])
        weight_vs_rest = likelihood / np.clip(rest, 1e-12, None)

        fidelity = []
        for (fid, cid), cell in evidence.items():
            if not isinstance(cell, StudyCell) or findings[fid].cluster is not None:
                continue  # a cluster's figures are applied by engine/clusters.py
            pub_pos, pub_neg = cell.published_lrs()
            if pub_pos is None and pub_neg is None:
                continue
            group = comparison_group(cell, cid, condition_ids)
            rows = [row[(fid, s)] for s in positive_states(cell, findings[fid])]
            app_pos, app_neg = applied_lrs(
                likelihood, prior, rows, col[cid], [col[g] for g in group]
            )
            fidelity.append(
                Fidelity(fid, cid, cell.study, tuple(cell.vs), pub_pos, pub_neg, app_pos, app_neg)
            )

        group_of = {f.id: f.group or f"_{f.id}" for f in files.findings}
        kb = cls(
            version=files.version,
            citations={c.id: c for c in files.citations},
            conditions=conditions,
            findings=findings,
            evidence=evidence,
            red_flags=list(files.red_flags),
            factors=list(files.factors),
            condition_ids=condition_ids,
            row=row,
            rows_of=rows_of,
            likelihood=likelihood,
            base=base,
            log_weight=log_weight,
            weight_vs_rest=weight_vs_rest,
            base_prior=prior,
            fidelity=fidelity,
            group_of=group_of,
            row_finding=row_finding,
            phrases=list(files.phrases),
        )
        assert np.all(np.isfinite(log_weight)) and not math.isnan(float(base.sum()))
        return kb
