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
    mix_parts,
    positive_states,
    variant_probabilities,
)
from backstride.knowledge.schema import (
    Citation,
    Condition,
    ContextTrigger,
    ContributingFactor,
    Finding,
    KnowledgeBaseFiles,
    PhraseSet,
    PriorModifier,
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
    #: conditions with variants (docs/METHOD.md, "Variants"): one extra column per variant,
    #: after the conditions' own: (condition column, variant id) for each
    variant_cols: list[tuple[int, str]] = field(default_factory=list)
    #: log(P(state | variant) / P(state)), shape (n_rows, n_variant_cols); the condition's own
    #: column in `log_weight` holds the parts mixed by their age/sex-free shares
    variant_log_weight: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    _prior_cache: dict[tuple[float | None, str | None], np.ndarray] = field(
        default_factory=dict, compare=False, repr=False
    )
    _share_cache: dict[tuple[float | None, str | None], tuple[np.ndarray, np.ndarray]] = field(
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
            values[i] = c.prior.value * _factor(c.prior_modifiers, age, sex)
        return values / values.sum()

    @property
    def all_log_weight(self) -> np.ndarray:
        """`log_weight` with the variant columns after the conditions' own."""
        cached = self.derived.get("all_log_weight")
        if cached is None:
            cached = self.derived["all_log_weight"] = np.hstack(
                [self.log_weight, self.variant_log_weight.reshape(len(self.log_weight), -1)]
            )
        return cached  # type: ignore[return-value]

    def variant_shares(self, age: float | None, sex: str | None) -> np.ndarray:
        """Each variant's share of its condition for this age and sex (summing to 1 within
        a condition), in `variant_cols` order."""
        return self._shares(age, sex)[0]

    def _shares(self, age: float | None, sex: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(shares, their logs) for this age and sex, computed once per age and sex."""
        key = (age, sex)
        cached = self._share_cache.get(key)
        if cached is None:
            if len(self._share_cache) > 1024:  # ages are whole years in practice
                self._share_cache.clear()
            raw = np.array(
                [
                    v.share * _factor(v.modifiers, age, sex)
                    for j, vid in self.variant_cols
                    for v in self.conditions[self.condition_ids[j]].variants
                    if v.id == vid
                ]
            )
            out = raw.copy()
            for _, idx in self._variant_groups():
                out[idx] = raw[idx] / raw[idx].sum()
            logs = np.log(out)
            out.flags.writeable = False
            logs.flags.writeable = False
            cached = self._share_cache[key] = (out, logs)
        return cached

    def collapse(self, total: np.ndarray, age: float | None, sex: str | None) -> np.ndarray:
        """Log likelihoods over the conditions from log likelihoods over the conditions and
        their variants (`all_log_weight` columns): a condition with variants takes
        log(sum over its variants of share x likelihood), so answers that go together within
        one sub-type count together."""
        n = self.n_conditions
        out = total[:n].copy()  # a new array: callers may write into it
        if not self.variant_cols:
            return out
        # a few sub-types at most: plain floats are faster here than numpy calls
        logw = (total[n:] + self._shares(age, sex)[1]).tolist()
        for j, idx in self._variant_groups():
            part = [logw[k] for k in idx]
            m = max(part)
            out[j] = m + math.log(sum(math.exp(v - m) for v in part))
        return out

    def _variant_groups(self) -> list[tuple[int, list[int]]]:
        """(condition column, its variants' positions in `variant_cols`), computed once."""
        cached = self.derived.get("variant_groups")
        if cached is None:
            by: dict[int, list[int]] = {}
            for k, (j, _) in enumerate(self.variant_cols):
                by.setdefault(j, []).append(k)
            cached = self.derived["variant_groups"] = list(by.items())
        return cached  # type: ignore[return-value]

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
        variant_cols = [(col[c.id], v.id) for c in files.conditions for v in c.variants]
        shares = {c.id: {v.id: v.share for v in c.variants} for c in files.conditions}
        var_lik = np.empty((n_rows, len(variant_cols)))
        for f in files.findings:
            var_lik[rows_of[f.id], :] = 1.0 / len(f.states)
        for (fid, cid), cell in evidence.items():
            if shares[cid]:
                parts = variant_probabilities(cell, findings[fid], list(shares[cid]))
                probs = mix_parts(parts, shares[cid], findings[fid].states)
                for k, (j, vid) in enumerate(variant_cols):
                    if j == col[cid]:
                        for s, p in parts[vid].items():
                            var_lik[row[(fid, s)], k] = min(max(p, 1e-4), 1 - 1e-4)
            else:
                probs = cell_probabilities(cell, findings[fid])
            for s, p in probs.items():
                likelihood[row[(fid, s)], col[cid]] = min(max(p, 1e-4), 1 - 1e-4)
        for f in files.findings:  # renormalise after the clip
            idx = rows_of[f.id]
            likelihood[idx, :] /= likelihood[idx, :].sum(axis=0, keepdims=True)
            var_lik[idx, :] /= var_lik[idx, :].sum(axis=0, keepdims=True)

        prior = np.array([c.prior.value for c in files.conditions])
        prior = prior / prior.sum()
        base = likelihood @ prior
        log_weight = np.log(likelihood) - np.log(base)[:, None]
        variant_log_weight = np.log(var_lik) - np.log(base)[:, None]
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
            variant_cols=variant_cols,
            variant_log_weight=variant_log_weight,
        )
        assert np.all(np.isfinite(log_weight)) and not math.isnan(float(base.sum()))
        return kb


def _factor(modifiers: list[PriorModifier], age: float | None, sex: str | None) -> float:
    """The product of the modifiers that apply to this age and sex."""
    p = 1.0
    for m in modifiers:
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
    return p
