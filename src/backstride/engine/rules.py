"""Deterministic rules: gating of questions, red flags, contributing factors, urgency."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.engine.answers import UNKNOWN, Answers
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Clause, Match, RedFlagRule, Urgency

URGENCY_TEXT = {
    Urgency.emergency: (
        "Emergency: get help now",
        "Call an ambulance (999, 911 or 112) or go to the emergency department now. "
        "Do not wait to see if it gets better.",
    ),
    Urgency.urgent: (
        "Urgent: see a doctor today or within a few days",
        "Contact your doctor today and say what you told us. If you cannot be seen within a "
        "few days, or it gets worse, use an urgent care service.",
    ),
    Urgency.doctor: (
        "Book an appointment with a doctor or physiotherapist",
        "This is not an emergency, but a doctor or physio should check it. Book an appointment "
        "in the next week or two. Meanwhile, keep gently active.",
    ),
    Urgency.self_care: (
        "Self-care: you can start looking after this yourself",
        "Most back pain like this gets better with gentle activity and time. Use the plan, and "
        "see a doctor if anything in the safety net below happens.",
    ),
}

SAFETY_NET = (
    "Get emergency help at once if you notice numbness between your legs or around your "
    "bottom, new trouble peeing or controlling your bladder or bowels, or legs that are getting "
    "weaker. See a doctor soon if you get a fever, lose weight without trying, have pain that "
    "keeps you awake every night, or are not getting better after 4 to 6 weeks."
)


def clause_true(kb: KnowledgeBase, clause: Clause, answers: Answers) -> bool:
    value = answers.values.get(clause.finding)
    if value is None or value == UNKNOWN:
        return False
    if clause.gte is not None or clause.lt is not None:
        x = float(value)
        return (clause.gte is None or x >= clause.gte) and (clause.lt is None or x < clause.lt)
    state = kb.state_of(clause.finding, value)
    return state == clause.is_ if clause.is_ is not None else state in (clause.in_ or [])


def matches(kb: KnowledgeBase, m: Match, answers: Answers) -> bool:
    ok_all = all(clause_true(kb, c, answers) for c in m.all)
    ok_any = not m.any or any(clause_true(kb, c, answers) for c in m.any)
    return ok_all and ok_any


def fired_red_flags(kb: KnowledgeBase, answers: Answers) -> list[RedFlagRule]:
    fired = [r for r in kb.red_flags if matches(kb, r.when, answers)]
    return sorted(fired, key=lambda r: -Urgency[r.urgency])


@dataclass(frozen=True)
class Triage:
    level: Urgency
    reasons: list[str]
    advice: str


def triage(kb: KnowledgeBase, answers: Answers, post: np.ndarray) -> Triage:
    """The highest urgency called for by the red-flag rules and the likely conditions.

    A red flag can only raise urgency: probabilities never lower what a rule set.
    """
    level = Urgency.self_care
    reasons: list[str] = []
    fired = fired_red_flags(kb, answers)
    for rule in fired:
        level = max(level, Urgency[rule.urgency])
        reasons.append(f"Warning sign: {rule.name}")
    for cid, p in zip(kb.condition_ids, post, strict=True):
        c = kb.conditions[cid]
        u = Urgency[c.urgency]
        if p >= c.act_at and u > Urgency.self_care:
            reasons.append(f"{c.name} is possible ({p:.0%}), which needs {u.name.replace('_', ' ')} care")
            level = max(level, u)
    advice = next((r.advice for r in fired if Urgency[r.urgency] == level), "")
    label, generic = URGENCY_TEXT[level]
    return Triage(level=level, reasons=reasons, advice=advice or generic)
