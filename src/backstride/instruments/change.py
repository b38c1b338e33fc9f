"""Is a change in score big enough to matter? Compares before/after with each scale's minimal
clinically important change (MCID)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backstride.errors import AnswerError
from backstride.instruments.odi import OdiResult
from backstride.instruments.zcq import ZcqResult

Direction = Literal["better", "worse", "no_change"]

_EPS = 1e-9


@dataclass(frozen=True)
class Mcid:
    scale: str
    name: str
    unit: str
    low: float
    high: float
    mcid: float
    """Smallest change in points that matters to patients (lower score = better everywhere)."""
    source: str
    estimate: bool
    """True when the MCID could not be confirmed and is used as an estimate."""
    relative: float | None = None
    """Optional threshold as a fraction of the baseline score (e.g. 0.30 = 30 %)."""
    mdc: float | None = None
    """Smallest change beyond measurement error, where known."""
    mdc_source: str | None = None


MCIDS: dict[str, Mcid] = {
    "odi": Mcid(
        scale="odi",
        name="Oswestry Disability Index",
        unit="percentage points",
        low=0.0,
        high=100.0,
        mcid=10.0,
        relative=0.30,
        source=(
            "Ostelo RWJG et al. Interpreting change scores for pain and functional status in "
            "low back pain: towards international consensus regarding minimal important "
            "change. Spine 2008;33(1):90-4 (10 points, or 30% of the starting score)."
        ),
        estimate=False,
        mdc=10.0,
        mdc_source=(
            "Fritz JM, Irrgang JJ. A comparison of a modified Oswestry Low Back Pain Disability "
            "Questionnaire and the Quebec Back Pain Disability Scale. Phys Ther "
            "2001;81(2):776-88 (minimal detectable change, 90% confidence)."
        ),
    ),
    "zcq_symptom_severity": Mcid(
        scale="zcq_symptom_severity",
        name="ZCQ symptom severity",
        unit="points",
        low=1.0,
        high=5.0,
        mcid=0.5,
        source=(
            "Estimate: 0.5 points is the threshold commonly attributed to Stucki G et al. Spine "
            "1996;21:796-803, but it could not be confirmed. Anchor-based estimates after "
            "non-surgical care are smaller (0.13-0.64: Minetama M et al. Spine "
            "2024;49(18):1275-80)."
        ),
        estimate=True,
    ),
    "zcq_physical_function": Mcid(
        scale="zcq_physical_function",
        name="ZCQ physical function",
        unit="points",
        low=1.0,
        high=4.0,
        mcid=0.5,
        source=(
            "Estimate: 0.5 points is the threshold commonly attributed to Stucki G et al. Spine "
            "1996;21:796-803, but it could not be confirmed; a non-surgical Chinese cohort "
            "found 0.16 (Sci Rep 2025, doi:10.1038/s41598-025-01380-w)."
        ),
        estimate=True,
    ),
}


@dataclass(frozen=True)
class ChangeResult:
    scale: str
    before: float
    after: float
    difference: float
    """after - before; negative is an improvement on every supported scale."""
    direction: Direction
    reaches_mcid: bool
    """True when the size of the change is at least the MCID (in either direction)."""
    mcid: float
    mcid_source: str
    mcid_is_estimate: bool
    relative_change: float | None
    """difference / before (ODI only, when before > 0)."""
    reaches_relative_threshold: bool | None
    beyond_measurement_error: bool | None
    interpretation: str


def _value(scale: str, value: float | OdiResult | ZcqResult, which: str) -> float:
    spec = MCIDS[scale]
    number: float | None
    if isinstance(value, OdiResult):
        if scale != "odi":
            raise AnswerError(f"An ODI result cannot be compared on {scale!r}.", field=which)
        number = value.percentage
    elif isinstance(value, ZcqResult):
        if not scale.startswith("zcq_"):
            raise AnswerError(f"A ZCQ result cannot be compared on {scale!r}.", field=which)
        number = getattr(value, scale.removeprefix("zcq_"))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raise AnswerError(
            f"The {which} score must be a number or a scored result, not {value!r}.", field=which
        )
    if number is None:
        raise AnswerError(
            f"The {which} {spec.name} score is missing (too many unanswered items), so no "
            f"change can be worked out.",
            field=which,
        )
    if not spec.low <= number <= spec.high:
        raise AnswerError(
            f"The {which} {spec.name} score {number!r} is outside its range "
            f"{spec.low:g}-{spec.high:g}.",
            field=which,
        )
    return number


def change(
    instrument: str, before: float | OdiResult | ZcqResult, after: float | OdiResult | ZcqResult
) -> ChangeResult:
    """Compare two scores on one scale (``"odi"``, ``"zcq_symptom_severity"`` or
    ``"zcq_physical_function"``); ``before``/``after`` are numbers or scored results."""
    scale = instrument
    if scale not in MCIDS:
        raise AnswerError(
            f"No minimal clinically important change is set for {scale!r}. "
            f"Valid scales: {', '.join(MCIDS)}.",
            field="instrument",
            choices=list(MCIDS),
        )
    spec = MCIDS[scale]
    start = _value(scale, before, "before")
    end = _value(scale, after, "after")
    difference = end - start
    size = abs(difference)
    direction: Direction = "no_change" if size < _EPS else ("better" if difference < 0 else "worse")
    reaches = size + _EPS >= spec.mcid
    relative: float | None = None
    reaches_relative: bool | None = None
    if spec.relative is not None and start > 0:
        relative = difference / start
        reaches_relative = abs(relative) + _EPS >= spec.relative
    beyond_error = None if spec.mdc is None else size + _EPS >= spec.mdc

    if direction == "no_change":
        words = f"No change in {spec.name} ({start:g})."
    else:
        how = "improved" if direction == "better" else "got worse"
        words = (
            f"{spec.name} {how} by {round(size, 2):g} {spec.unit} (from {start:g} to {end:g}). "
            + (
                f"That is at least the {spec.mcid:g}-point change that patients notice as important."
                if reaches
                else f"That is less than the {spec.mcid:g}-point change that patients "
                f"notice as important."
            )
        )
    if relative is not None and direction != "no_change":
        words += f" It is a {abs(relative):.0%} change from the starting score."
    if spec.estimate:
        words += " (The threshold used here is an estimate.)"
    return ChangeResult(
        scale=scale,
        before=start,
        after=end,
        difference=difference,
        direction=direction,
        reaches_mcid=reaches,
        mcid=spec.mcid,
        mcid_source=spec.source,
        mcid_is_estimate=spec.estimate,
        relative_change=relative,
        reaches_relative_threshold=reaches_relative,
        beyond_measurement_error=beyond_error,
        interpretation=words,
    )
