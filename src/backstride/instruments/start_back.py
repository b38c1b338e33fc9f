"""Keele STarT Back Screening Tool (9 items): total, distress subscale, risk group, and the
matching stratified-care pathway."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backstride.instruments._common import Answers, load_spec, require_all, resolve_answers

RiskGroup = Literal["low", "medium", "high"]

CITATION = (
    "Hill JC et al. A primary care back pain screening tool: identifying patient subgroups for "
    "initial treatment. Arthritis Rheum 2008;59(5):632-41; Keele University, Using and scoring "
    "the Keele STarT Back Screening Tool (keele.ac.uk/sbst). Care pathways: Hill JC et al. "
    "Comparison of stratified primary care management for low back pain with current best "
    "practice (STarT Back): a randomised controlled trial. Lancet 2011;378:1560-71."
)

HIGH_RISK_DISTRESS = 4
"""Distress subscale 4 or 5 -> high risk, whatever the total (Keele scoring guidance)."""
MEDIUM_RISK_TOTAL = 4
"""Total 4-9 (with distress subscale 3 or less) -> medium risk; total 0-3 -> low risk."""

GROUP_LABELS: dict[str, str] = {
    "low": "Low risk",
    "medium": "Medium risk",
    "high": "High risk",
}

RECOMMENDATIONS: dict[str, str] = {
    "low": (
        "Your back is likely to get better on its own. What helps most is reassurance, clear "
        "advice, staying active and looking after it yourself. In the STarT Back trial this "
        "group had one session with advice and a booklet, with no routine referral."
    ),
    "medium": (
        "A course of physiotherapy is likely to help, with exercise and hands-on treatment "
        "aimed at getting you moving and doing your usual things again."
    ),
    "high": (
        "Physiotherapy that deals with worries, mood and fear of moving as well as the body "
        "itself (psychologically informed physiotherapy) gives the best chance of recovery."
    ),
}


@dataclass(frozen=True)
class StartBackResult:
    instrument: str
    total: int
    """0-9: sum of all nine item scores."""
    distress_score: int
    """0-5: the distress (psychosocial) subscale, items 5-9."""
    risk_group: RiskGroup
    risk_label: str
    recommendation: str
    """What stratified care offers this group, in plain words (Hill 2011)."""
    interpretation: str
    item_scores: dict[str, int]
    citation: str = CITATION


def risk_group(total: int, distress_score: int) -> RiskGroup:
    """Keele rule: distress subscale >= 4 -> high; else total >= 4 -> medium; else low."""
    if distress_score >= HIGH_RISK_DISTRESS:
        return "high"
    if total >= MEDIUM_RISK_TOTAL:
        return "medium"
    return "low"


def score_start_back(answers: Answers) -> StartBackResult:
    """Score the 9-item STarT Back tool. Every item must be answered.

    Items 1-8 take ``"agree"``/``"disagree"`` (or True/False); item 9 takes one of
    ``not_at_all, slightly, moderately, very_much, extremely``.
    """
    spec = load_spec("start_back")
    chosen = require_all(spec, resolve_answers(spec, answers))
    item_scores = {item_id: choice.score for item_id, choice in chosen.items()}
    total = sum(item_scores.values())
    distress = sum(item_scores[item.id] for item in spec.group("distress"))
    group = risk_group(total, distress)
    reason = {
        "high": f"the distress part of the score is {distress} out of 5 (4 or more is high risk)",
        "medium": f"the total is {total} out of 9 (4 or more) and the distress part is "
        f"{distress} out of 5 (3 or less)",
        "low": f"the total is {total} out of 9 (3 or less)",
    }[group]
    interpretation = (
        f"{GROUP_LABELS[group]} of back pain that lasts and gets in the way of life, because "
        f"{reason}. {RECOMMENDATIONS[group]}"
    )
    return StartBackResult(
        instrument=spec.id,
        total=total,
        distress_score=distress,
        risk_group=group,
        risk_label=GROUP_LABELS[group],
        recommendation=RECOMMENDATIONS[group],
        interpretation=interpretation,
        item_scores=item_scores,
    )
