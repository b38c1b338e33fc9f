"""Self-administered questionnaires that screen for lumbar spinal stenosis: Konno's SSHQ and
the Sugioka 2008 self-report prediction rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backstride.instruments._common import Answers, load_spec, require_all, resolve_answers

SSHQ_CITATION = (
    "Konno S et al. A diagnostic support tool for lumbar spinal stenosis: a self-administered, "
    "self-reported history questionnaire. BMC Musculoskelet Disord 2007;8:102. Positive rule "
    "as tabulated in Pain Res Treat 2011;2011:340629, Table 1."
)
SUGIOKA_CITATION = (
    "Sugioka T, Hayashino Y, Konno S, Kikuchi S, Fukuhara S. Predictive value of self-reported "
    "patient information for the identification of lumbar spinal stenosis. Fam Pract "
    "2008;25(4):237-44."
)

SSHQ_ALL_CORE = 4
"""Positive when all 4 core items (Q1-Q4) are yes, ..."""
SSHQ_SOME_CORE = 2
SSHQ_CAUDA_EQUINA = 3
"""... or when at least 2 core items and at least 3 of the 6 items Q5-Q10 are yes."""

SUGIOKA_CUTOFF = 7
"""Score >= 7 treated as 'stenosis likely'. NOT verified against the paper: the weights are
verified, but the cut-off comes from an archived table label only; another summary reports
a questionnaire-only cut-off of 5. Reported with ``cutoff_verified=False``."""
SUGIOKA_CUTOFF_VERIFIED = False
SUGIOKA_RANGE = (-2, 10)


@dataclass(frozen=True)
class SshqResult:
    instrument: str
    core_count: int
    """Yes answers among Q1-Q4 (symptoms with walking or standing, eased by rest or bending)."""
    cauda_equina_count: int
    """Yes answers among Q5-Q10 (numbness, burning and bladder symptoms)."""
    total: int
    positive: bool
    rule_met: Literal["all_core", "core_and_cauda_equina"] | None
    interpretation: str
    item_scores: dict[str, int]
    citation: str = SSHQ_CITATION


@dataclass(frozen=True)
class SugiokaResult:
    instrument: str
    score: int
    """Sum of the item weights, -2 to 10."""
    cutoff: int
    at_or_above_cutoff: bool
    cutoff_verified: bool
    interpretation: str
    item_scores: dict[str, int]
    citation: str = SUGIOKA_CITATION


def sshq_positive(core_count: int, cauda_equina_count: int) -> bool:
    """Konno's rule: all 4 core items, or >= 2 core items and >= 3 cauda-equina items."""
    return core_count >= SSHQ_ALL_CORE or (
        core_count >= SSHQ_SOME_CORE and cauda_equina_count >= SSHQ_CAUDA_EQUINA
    )


def score_sshq(answers: Answers) -> SshqResult:
    """Score Konno's 10 yes/no items (``"yes"``/``"no"`` or True/False); all are required."""
    spec = load_spec("sshq")
    chosen = require_all(spec, resolve_answers(spec, answers))
    item_scores = {item_id: c.score for item_id, c in chosen.items()}
    core = sum(item_scores[i.id] for i in spec.group("core"))
    cauda = sum(item_scores[i.id] for i in spec.group("cauda_equina"))
    positive = sshq_positive(core, cauda)
    rule: Literal["all_core", "core_and_cauda_equina"] | None = None
    if core >= SSHQ_ALL_CORE:
        rule = "all_core"
    elif positive:
        rule = "core_and_cauda_equina"
    counts = (
        f"{core} of the 4 main walking and standing questions and {cauda} of the 6 nerve questions"
    )
    if positive:
        interpretation = (
            f"Positive: you answered yes to {counts}. This pattern is common when the space "
            f"for the nerves in the lower back is narrowed (lumbar spinal stenosis). It is not "
            f"a diagnosis; a clinician can check."
        )
    else:
        interpretation = (
            f"Negative: you answered yes to {counts}, which is not the pattern this "
            f"questionnaire looks for in lumbar spinal stenosis. It cannot rule it out."
        )
    return SshqResult(
        instrument=spec.id,
        core_count=core,
        cauda_equina_count=cauda,
        total=core + cauda,
        positive=positive,
        rule_met=rule,
        interpretation=interpretation,
        item_scores=item_scores,
    )


def score_sugioka(answers: Answers) -> SugiokaResult:
    """Score the Sugioka self-report rule. ``age`` takes years (e.g. 68) or a band id; the
    other six items take ``"yes"``/``"no"`` or True/False. All are required."""
    spec = load_spec("sugioka")
    chosen = require_all(spec, resolve_answers(spec, answers))
    item_scores = {item_id: c.score for item_id, c in chosen.items()}
    score = sum(item_scores.values())
    above = score >= SUGIOKA_CUTOFF
    caveat = (
        f" The cut-off of {SUGIOKA_CUTOFF} could not be checked against the original paper, so "
        f"treat this as a rough guide."
        if not SUGIOKA_CUTOFF_VERIFIED
        else ""
    )
    verdict = (
        "at or above the cut-off, which points towards narrowing of the spinal canal "
        "(lumbar spinal stenosis)"
        if above
        else "below the cut-off, which makes lumbar spinal stenosis less likely"
    )
    return SugiokaResult(
        instrument=spec.id,
        score=score,
        cutoff=SUGIOKA_CUTOFF,
        at_or_above_cutoff=above,
        cutoff_verified=SUGIOKA_CUTOFF_VERIFIED,
        interpretation=(
            f"Score {score} (possible range {SUGIOKA_RANGE[0]} to {SUGIOKA_RANGE[1]}): {verdict}. "
            f"It is not a diagnosis.{caveat}"
        ),
        item_scores=item_scores,
    )
