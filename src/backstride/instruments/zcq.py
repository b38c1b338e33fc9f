"""Zurich Claudication Questionnaire: symptom severity, physical function and satisfaction."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.instruments._common import Answers, InstrumentSpec, load_spec, resolve_answers

CITATION = (
    "Stucki G et al. Measurement properties of a self-administered outcome measure in lumbar "
    "spinal stenosis. Spine 1996;21(7):796-803. Item scores and missing-item limits: AO "
    "Clinical Investigation and Documentation, ZCQ scoring algorithm (Blauth J, Daigl M 2012; "
    "fmwww.bc.edu/repec/bocode/z/zcq.sthlp). Satisfaction cut-off 2.5: Minetama M et al. "
    "Spine 2024;49(18):1275-80."
)

# subscale -> (most missing items allowed, lowest score, highest score); AO algorithm.
SUBSCALES: dict[str, tuple[int, int, int]] = {
    "symptom_severity": (2, 1, 5),
    "physical_function": (1, 1, 4),
    "satisfaction": (1, 1, 4),
}

SATISFIED_AT_MOST = 2.5
"""Satisfaction mean of 2.5 or less = at least fairly pleased overall (cut-off used by
Minetama 2024 to split responders from non-responders)."""


@dataclass(frozen=True)
class ZcqResult:
    instrument: str
    symptom_severity: float | None
    """Mean of items 1-7, 1 (none) to 5 (very severe); None if more than 2 items missing."""
    physical_function: float | None
    """Mean of items 8-12, 1 (walks comfortably) to 4 (cannot); None if more than 1 missing."""
    satisfaction: float | None
    """Mean of items 13-18, 1 (very pleased) to 4 (very unhappy); None if not asked or more
    than 1 missing. Only meaningful after treatment."""
    missing: dict[str, tuple[str, ...]]
    """Unanswered item ids per subscale."""
    interpretation: str
    item_scores: dict[str, int]
    citation: str = CITATION

    def percent_of_maximum(self, subscale: str) -> float | None:
        """A subscale as a percentage of its maximum (mean / max x 100, as in the AO
        algorithm's percentage option)."""
        value = getattr(self, subscale)
        return None if value is None else value / SUBSCALES[subscale][2] * 100


def _subscale_mean(
    spec: InstrumentSpec, subscale: str, scores: dict[str, int]
) -> tuple[float | None, tuple[str, ...]]:
    items = spec.group(subscale)
    answered = [scores[i.id] for i in items if i.id in scores]
    missing = tuple(i.id for i in items if i.id not in scores)
    limit = SUBSCALES[subscale][0]
    if not answered or len(missing) > limit:
        return None, missing
    return sum(answered) / len(answered), missing


def _describe(subscale: str, value: float | None, missing: tuple[str, ...]) -> str:
    name, scale = _WORDS[subscale]
    if value is None:
        return (
            f"{name}: no score, because {len(missing)} items were left out "
            f"(at most {SUBSCALES[subscale][0]} may be missing)."
        )
    return f"{name}: {value:.2f} on a scale from {scale}."


_WORDS: dict[str, tuple[str, str]] = {
    "symptom_severity": ("Symptom severity", "1 (no symptoms) to 5 (very severe)"),
    "physical_function": ("Walking and physical function", "1 (walks in comfort) to 4 (cannot)"),
    "satisfaction": ("Satisfaction with treatment", "1 (very pleased) to 4 (very unhappy)"),
}


def score_zcq(answers: Answers) -> ZcqResult:
    """Score the ZCQ. Answers are choice ids (e.g. ``"moderate"``) or the item score itself.

    The balance item (7) scores 1, 3 or 5 only. Leave the satisfaction items (13-18) out before
    treatment; the satisfaction score is then None.
    """
    spec = load_spec("zcq")
    resolved = resolve_answers(spec, answers)
    scores = {item_id: c.score for item_id, c in resolved.items() if c is not None}
    severity, miss_sev = _subscale_mean(spec, "symptom_severity", scores)
    function, miss_fun = _subscale_mean(spec, "physical_function", scores)
    satisfaction, miss_sat = _subscale_mean(spec, "satisfaction", scores)
    satisfaction_asked = len(miss_sat) < len(spec.group("satisfaction"))

    parts = [
        _describe("symptom_severity", severity, miss_sev),
        _describe("physical_function", function, miss_fun),
    ]
    if satisfaction is not None:
        pleased = "pleased" if satisfaction <= SATISFIED_AT_MOST else "not pleased"
        parts.append(
            _describe("satisfaction", satisfaction, miss_sat)[:-1]
            + f", which means {pleased} with treatment on the whole."
        )
    elif satisfaction_asked:
        parts.append(_describe("satisfaction", None, miss_sat))
    else:
        parts.append("Satisfaction was not asked; it is only used after treatment.")
    parts.append("Higher numbers mean worse symptoms or function.")
    return ZcqResult(
        instrument=spec.id,
        symptom_severity=severity,
        physical_function=function,
        satisfaction=satisfaction,
        missing={
            "symptom_severity": miss_sev,
            "physical_function": miss_fun,
            "satisfaction": miss_sat,
        },
        interpretation=" ".join(parts),
        item_scores=scores,
    )
