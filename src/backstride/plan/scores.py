"""Questionnaire results in the plan (issue 7). Pure: no I/O.

- Keele STarT Back risk group -> the matching stratified-care pathway of the STarT Back trial
  (``hill2011``): high -> psychologically informed physiotherapy; medium -> a course of
  physiotherapy; low -> looking after it yourself, with reassurance.
- Oswestry Disability Index in the severe band or worse (over 40%, ``fairbank2000``) -> see a
  physio or doctor about how much the pain limits daily life.

``scores`` is what ``Store.list_scores`` returns (rows with ``instrument``, ``scores`` and
``taken_at``; the latest row of each instrument counts), or a mapping instrument -> stored
record (``report.questionnaire.score_record``), or a list of scored results as dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from backstride.plan.build import Card, Evidence, PlanAdvice
from backstride.plan.schema import LEVEL_TEXT

#: ODI bands at or past "severe" (41-60%), Fairbank & Pynsent 2000.
ODI_SEVERE_BANDS = ("severe", "crippled", "bed_bound")
ODI_SEVERE_OVER = 40.0  # percentage above which the ODI band is "severe" or worse

STRATIFIED_EVIDENCE = Evidence(
    "moderate",
    LEVEL_TEXT["moderate"],
    "One large trial (851 people) tested care matched to the STarT Back group against usual "
    "best care. People did a little better on a 24-point disability scale: about 2 points at "
    "4 months and 1 point at 12 months, and the care cost less.",
    ["hill2011"],
)
ODI_EVIDENCE = Evidence(
    "none",
    LEVEL_TEXT["none"],
    "The score bands come from the authors of the Oswestry index. No trial has tested this "
    "advice on its own: it is common sense when pain limits most of daily life.",
    ["fairbank2000"],
)


@dataclass
class ScoreAdvice:
    """What questionnaire results add to a plan."""

    now: list[str] = field(default_factory=list)
    options: list[PlanAdvice] = field(default_factory=list)
    education: list[Card] = field(default_factory=list)


def _record(value: Any) -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if not isinstance(value, Mapping):
        return {}
    inner = value.get("scores")
    return dict(inner) if isinstance(inner, Mapping) else dict(value)


def latest_scores(scores: Any) -> dict[str, dict[str, Any]]:
    """instrument -> the latest stored score record."""
    if not scores:
        return {}
    if isinstance(scores, Mapping):
        if "instrument" in scores:  # one row or one record
            return {str(scores["instrument"]): _record(scores)}
        return {str(k): _record(v) for k, v in scores.items()}
    rows = [asdict(r) if is_dataclass(r) and not isinstance(r, type) else r for r in scores]
    rows = [r for r in rows if isinstance(r, Mapping) and r.get("instrument")]
    out: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: str(r.get("taken_at") or "")):
        out[str(row["instrument"])] = _record(row)
    return out


def _start_back(group: str) -> ScoreAdvice:
    if group == "high":
        return ScoreAdvice(
            now=[
                "Your STarT Back answers put you in the high-risk group: worry, low mood or fear "
                "of moving are part of your back pain. Ask your doctor or physio for physio that "
                "helps with these as well as with your back (called psychologically informed "
                "physiotherapy)."
            ],
            options=[
                PlanAdvice(
                    "start_back_high",
                    "professional",
                    "Ask for physio that also helps with worry and fear of moving",
                    "In a large trial, people in the high-risk group were offered physio that "
                    "dealt with worries, mood and fear of moving as well as the body. Ask your "
                    "doctor for this kind of physio, and say that your STarT Back result was "
                    "high risk.",
                    [
                        "Take your STarT Back result, or the PDF summary, to the appointment.",
                        "Keep walking and doing the exercises in this plan while you wait.",
                    ],
                    STRATIFIED_EVIDENCE,
                )
            ],
        )
    if group == "medium":
        return ScoreAdvice(
            now=[
                "Your STarT Back answers put you in the medium-risk group. Ask your doctor for a "
                "referral to a physio for a course of exercise and hands-on treatment."
            ],
            options=[
                PlanAdvice(
                    "start_back_medium",
                    "professional",
                    "Ask for a course of physio",
                    "In a large trial, people in the medium-risk group were offered a course of "
                    "physio with exercise and hands-on treatment, to get them moving and back to "
                    "their usual things. Ask your doctor for a referral.",
                    [
                        "Take your STarT Back result, or the PDF summary, to the appointment.",
                        "Keep walking and doing the exercises in this plan while you wait.",
                    ],
                    STRATIFIED_EVIDENCE,
                )
            ],
        )
    if group == "low":
        return ScoreAdvice(
            now=[
                "Your STarT Back answers put you in the low-risk group: your back is likely to "
                "get better by itself. Looking after it yourself with this plan is the right "
                "start. You do not need a referral unless things change."
            ],
            education=[
                Card(
                    "start_back_low",
                    "Your back is likely to get better",
                    "In a large trial, people in the low-risk group had one session of advice "
                    "and reassurance and were not sent on for more treatment, and they did well. "
                    "Staying active and following this plan is what helps most. If the pain "
                    "gets much worse, or you notice a warning sign, get checked.",
                    STRATIFIED_EVIDENCE,
                )
            ],
        )
    return ScoreAdvice()


def _odi_severe(record: Mapping[str, Any]) -> float | None:
    """The ODI percentage if it is in the severe band or worse, else None."""
    pct = record.get("percentage")
    if not isinstance(pct, int | float) or record.get("valid") is False:
        return None
    band = record.get("band")
    if band in ODI_SEVERE_BANDS or (band is None and pct > ODI_SEVERE_OVER):
        return float(pct)
    return None


def score_advice(scores: Any) -> ScoreAdvice:
    """The now-lines, professional options and cards that the latest scores add."""
    latest = latest_scores(scores)
    out = ScoreAdvice()
    sb = latest.get("start_back")
    if sb and sb.get("risk_group"):
        out = _start_back(str(sb["risk_group"]))
    odi = latest.get("odi")
    pct = _odi_severe(odi) if odi else None
    if pct is not None:
        out.now.append(
            f"Your Oswestry score ({pct:.0f}%) shows that back pain limits a lot of your daily "
            "life. See a physio or doctor about how much this limits you."
        )
        out.options.append(
            PlanAdvice(
                "odi_severe",
                "professional",
                "See a physio or doctor about how much this limits you",
                f"Your Oswestry score was {pct:.0f}%. Over 40% means pain gets in the way of most "
                "everyday things. A physio or doctor can look at what holds you back and which "
                "treatment fits, so you are not managing this alone.",
                [
                    "Take your Oswestry result, or the PDF summary, with you.",
                    "Fill in the questionnaire again in a few weeks to see what has changed.",
                ],
                ODI_EVIDENCE,
            )
        )
    return out


def merge(
    now: list[str], options: list[PlanAdvice], education: list[Card], scores: Iterable[Any] | Any
) -> tuple[list[str], list[PlanAdvice], list[Card]]:
    """``now``/``options``/``education`` with the questionnaire advice added (options first)."""
    extra = score_advice(scores)
    return [*now, *extra.now], [*extra.options, *options], [*extra.education, *education]
