"""Oswestry Disability Index v2.1a: percentage, band, and the rule for missing sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backstride.errors import AnswerError
from backstride.instruments._common import Answers, load_spec, resolve_answers

Band = Literal["minimal", "moderate", "severe", "crippled", "bed_bound"]

CITATION = (
    "Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940-52 "
    "(scoring and bands). Missing sections: AO Clinical Investigation and Documentation, ODI "
    "scoring algorithm for ODI 1.0/2.0/2.1a (Blauth J, Daigl M 2012; "
    "fmwww.bc.edu/RePEc/bocode/o/odi.html): at most 1 missing section."
)

MAX_MISSING_SECTIONS = 1
"""More missing sections than this -> no valid index. Verified in the AO scoring algorithm
(and the awell-score ODI implementation); the looser '>2 missing' rule is not confirmed."""

# (upper bound inclusive, band, plain label); Fairbank & Pynsent 2000 bands 0-20, 21-40, ...
BANDS: tuple[tuple[float, Band, str], ...] = (
    (20.0, "minimal", "Minimal disability"),
    (40.0, "moderate", "Moderate disability"),
    (60.0, "severe", "Severe disability"),
    (80.0, "crippled", "Very severe disability (the source calls this band 'crippled')"),
    (100.0, "bed_bound", "Bed-bound, or symptoms may be overstated"),
)

BAND_MEANINGS: dict[str, str] = {
    "minimal": "You can do most everyday things. Advice on lifting, sitting and exercise is "
    "usually all that is needed.",
    "moderate": "Sitting, lifting and standing are harder and hurt more; travel and going out "
    "may be hard. This is usually treated without surgery.",
    "severe": "Pain is the main problem and gets in the way of daily life. A closer check-up "
    "by a clinician is worthwhile.",
    "crippled": "Back pain affects every part of life. Active treatment is needed.",
    "bed_bound": "Pain keeps you in bed most of the time, or the answers may overstate it. "
    "Please see a clinician.",
}


@dataclass(frozen=True)
class OdiResult:
    instrument: str
    valid: bool
    """False when more than ``MAX_MISSING_SECTIONS`` sections are unanswered."""
    percentage: float | None
    """0-100 (higher = more disability); None when not valid. Not rounded."""
    raw_sum: int
    answered: int
    missing: tuple[str, ...]
    band: Band | None
    band_label: str | None
    interpretation: str
    section_scores: dict[str, int]
    citation: str = CITATION


def band_for(percentage: float) -> tuple[Band, str]:
    """The disability band for a percentage (0-20 minimal, >20-40 moderate, ...)."""
    if not 0.0 <= percentage <= 100.0:
        raise AnswerError(
            f"An ODI percentage must be between 0 and 100, not {percentage!r}.",
            field="odi.percentage",
        )
    for upper, band, label in BANDS:
        if percentage <= upper:
            return band, label
    raise AssertionError("unreachable")  # pragma: no cover


def score_odi(answers: Answers, *, max_missing: int = MAX_MISSING_SECTIONS) -> OdiResult:
    """Score the ODI. Each section takes its level ``"0"``-``"5"`` (or the int 0-5); leave a
    section out (or None) when it was not answered or does not apply.

    Percentage = sum / (5 x sections answered) x 100.
    """
    spec = load_spec("odi")
    if not 0 <= max_missing <= 9:
        raise AnswerError(
            f"max_missing must be between 0 and 9, not {max_missing!r}.", field="max_missing"
        )
    resolved = resolve_answers(spec, answers)
    scores = {item_id: c.score for item_id, c in resolved.items() if c is not None}
    missing = tuple(item_id for item_id, c in resolved.items() if c is None)
    raw_sum = sum(scores.values())
    answered = len(scores)
    if answered == 0 or len(missing) > max_missing:
        names = ", ".join(spec.item(m).description.split(":")[0] for m in missing)
        return OdiResult(
            instrument=spec.id,
            valid=False,
            percentage=None,
            raw_sum=raw_sum,
            answered=answered,
            missing=missing,
            band=None,
            band_label=None,
            interpretation=(
                f"No valid score: {len(missing)} of 10 sections were left out ({names}), and "
                f"the index allows at most {max_missing}. Please answer the missing sections."
            ),
            section_scores=scores,
        )
    percentage = raw_sum / (5 * answered) * 100
    band, label = band_for(percentage)
    skipped = (
        f" One section was left out ({spec.item(missing[0]).description.split(':')[0]}), so "
        f"the score is out of {5 * answered} instead of 50."
        if missing
        else ""
    )
    return OdiResult(
        instrument=spec.id,
        valid=True,
        percentage=percentage,
        raw_sum=raw_sum,
        answered=answered,
        missing=missing,
        band=band,
        band_label=label,
        interpretation=(
            f"Disability score {percentage:.1f}% ({label.split(' (')[0].lower()}).{skipped} "
            f"{BAND_MEANINGS[band]}"
        ),
        section_scores=scores,
    )
