"""Evidence cells: P(each state | condition) from a cell, and the fidelity check of study cells.

See docs/METHOD.md ("Evidence cells"). Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.knowledge.schema import (
    ALL_OTHER,
    FREQUENCY,
    DescriptionCell,
    EstimateCell,
    Finding,
    StudyCell,
    VariantsCell,
)

#: a study cell passes the fidelity check when applied / published LR is within this factor
FIDELITY_FACTOR = 1.5
#: tolerance on probabilities that must sum to 1
SUM_TOLERANCE = 0.011

PlainCell = StudyCell | DescriptionCell | EstimateCell
Cell = PlainCell | VariantsCell


def positive_states(cell: Cell, finding: Finding) -> list[str]:
    if cell.when is not None:
        return list(cell.when)
    if finding.type == "boolean":
        return ["yes"]
    return []


def variant_probabilities(
    cell: Cell, finding: Finding, variants: list[str]
) -> dict[str, dict[str, float]]:
    """P(state | variant) for every variant of a condition: a split cell's own part for each
    variant, or the one plain cell for all of them. Raises ValueError if ill-formed."""
    if not isinstance(cell, VariantsCell):
        probs = cell_probabilities(cell, finding)
        return {v: probs for v in variants}
    if set(cell.variants) != set(variants):
        raise ValueError(
            f"a split cell needs one part for exactly the variants {variants}, "
            f"got {sorted(cell.variants)}"
        )
    return {v: cell_probabilities(cell.variants[v], finding) for v in variants}


def mix_parts(
    parts: dict[str, dict[str, float]], shares: dict[str, float], states: list[str]
) -> dict[str, float]:
    """P(state | condition) of a condition with variants: the parts mixed by their shares."""
    return {s: sum(shares[v] * parts[v][s] for v in shares) for s in states}


def cell_probabilities(cell: Cell, finding: Finding) -> dict[str, float]:
    """P(state | condition) for every state of the finding. Raises ValueError if ill-formed."""
    if isinstance(cell, VariantsCell):
        raise ValueError("a cell split by 'variants' needs a condition with variants")
    states = finding.states
    when = positive_states(cell, finding)
    bad = [s for s in when if s not in states]
    if bad:
        raise ValueError(f"states {bad} in 'when' are not states of the finding {states}")
    if isinstance(cell, StudyCell):
        value: float | dict[str, float] | None = cell.p if cell.p is not None else cell.sens
    elif isinstance(cell, DescriptionCell):
        value = (
            {s: FREQUENCY[w] for s, w in cell.freq.items()}
            if isinstance(cell.freq, dict)
            else FREQUENCY[cell.freq]
        )
    else:
        value = cell.estimate
    assert value is not None  # the schema requires sens or p
    if isinstance(value, dict):
        if set(value) != set(states):
            raise ValueError(
                f"give a probability for exactly the states {states}, got {sorted(value)}"
            )
        total = sum(value.values())
        if isinstance(cell, DescriptionCell):  # one word per state: normalised (METHOD.md)
            return {s: value[s] / total for s in states}
        if abs(total - 1) > SUM_TOLERANCE:
            raise ValueError(f"probabilities sum to {total:.3f}, not 1")
        out = {s: value[s] / total for s in states}
        if isinstance(cell, StudyCell) and cell.sens is not None and when:
            pos = sum(out[s] for s in when)
            if abs(pos - cell.sens) > 0.005:
                raise ValueError(
                    f"'p' of the states {when} sums to {pos:.3f}, not sens {cell.sens}"
                )
        return out
    pinned = isinstance(cell, StudyCell) and cell.p is not None and cell.sens is not None
    if pinned and abs(float(value) - cell.sens) > 0.005:  # type: ignore[union-attr,operator]
        raise ValueError(f"'p' {value} differs from sens {cell.sens}: P(positive) is the sens")
    if len(states) != 2:
        raise ValueError(f"a single number needs a two-state finding; give one per state {states}")
    if len(when) != 1:
        raise ValueError(f"'when' must name one of the states {states}")
    (other,) = [s for s in states if s not in when]
    return {when[0]: float(value), other: 1 - float(value)}


@dataclass(frozen=True)
class Fidelity:
    """A study cell's published LRs next to the ones the engine applies in its own contrast."""

    finding: str
    condition: str
    study: str
    vs: tuple[str, ...]
    published_pos: float | None
    published_neg: float | None
    applied_pos: float
    applied_neg: float

    @property
    def ok(self) -> bool:
        def close(pub: float | None, app: float) -> bool:
            if pub is None:
                return True
            if pub <= 0 or app <= 0:
                return pub == app
            return 1 / FIDELITY_FACTOR <= app / pub <= FIDELITY_FACTOR

        return close(self.published_pos, self.applied_pos) and close(
            self.published_neg, self.applied_neg
        )


def comparison_group(cell: StudyCell, condition: str, conditions: list[str]) -> list[str]:
    if ALL_OTHER in cell.vs:
        return [c for c in conditions if c != condition]
    return list(cell.vs)


def applied_lrs(
    likelihood: np.ndarray,
    prior: np.ndarray,
    rows: list[int],
    target: int,
    group: list[int],
) -> tuple[float, float]:
    """(LR+, LR-) applied for the positive rows: target vs the prior-weighted group mix."""
    p_t = float(likelihood[rows, target].sum())
    w = prior[group] / prior[group].sum()
    m = float(likelihood[np.ix_(rows, group)].sum(axis=0) @ w)
    return p_t / m, (1 - p_t) / (1 - m)


def published_text(cell: Cell) -> str | None:
    """The source's own figures, in words: a study's accuracy, or a description's word."""
    if isinstance(cell, VariantsCell):
        parts = [(v, published_text(c)) for v, c in cell.variants.items()]
        return "; ".join(f"{v}: {t}" for v, t in parts if t) or None
    if isinstance(cell, StudyCell):
        parts = []
        if cell.sens is not None:
            parts.append(f"sensitivity {cell.sens:.0%}")
        if cell.spec is not None:
            parts.append(f"specificity {cell.spec:.0%}")
        if cell.lr_pos is not None:
            parts.append(f"LR+ {cell.lr_pos:g}")
        if cell.lr_neg is not None:
            parts.append(f"LR- {cell.lr_neg:g}")
        return ", ".join(parts)
    if isinstance(cell, DescriptionCell):
        if isinstance(cell.freq, dict):
            return "; ".join(f"{s}: {w} ({FREQUENCY[w]:.0%})" for s, w in cell.freq.items())
        return f"{cell.freq} ({FREQUENCY[cell.freq]:.0%})"
    return None


def basis_text(cell: Cell) -> str:
    """One line on where the number comes from, for every kind of cell."""
    if isinstance(cell, VariantsCell):
        return "by sub-type: " + "; ".join(
            f"{v}: {basis_text(c)}" for v, c in cell.variants.items()
        )
    if isinstance(cell, StudyCell):
        return f"study {cell.study} in {cell.population}: {published_text(cell)}"
    if isinstance(cell, DescriptionCell):
        return f"described in {cell.description} as {published_text(cell)}"
    return f"estimate: {cell.why}"
