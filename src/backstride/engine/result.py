"""Put it together: the assessment result a person (or a client) sees."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from backstride.engine.answers import Answers, parse_answers
from backstride.engine.context import Context
from backstride.engine.inference import DAMPING
from backstride.engine.questions import expected_gains, ranked_questions
from backstride.engine.rules import (
    SAFETY_NET,
    URGENCY_TEXT,
    matches,
    safety_net_text,
)
from backstride.engine.walking import walking_limited
from backstride.knowledge.cells import basis_text, positive_states, published_text
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency

DISCLAIMER = (
    "This is not a diagnosis. Backstride weighs your answers against what studies have found, "
    "to show what is likely. But only a doctor or physio who examines you can say for sure "
    "what the cause is."
)


@dataclass(frozen=True)
class Reason:
    finding: str
    question: str
    answer: str
    #: P(answer | condition) / P(answer | all other conditions, prior-weighted)
    weight: float
    source: str | None
    estimate: bool
    published: str | None
    kind: str  # study, description or estimate
    basis: str  # one line: where the number comes from
    #: for a study cell with a published LR: the LR for this answer as published, the one the
    #: engine applies in the study's own contrast, and that contrast (docs/METHOD.md)
    lr_published: float | None = None
    lr_applied: float | None = None
    lr_contrast: list[str] | None = None
    #: a cell split by sub-type (docs/METHOD.md, "Variants"): the citations of its parts
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)  # the fields, in order; every value is a plain JSON value
        if self.lr_contrast is not None:
            d["lr_contrast"] = list(self.lr_contrast)
        return d


@dataclass(frozen=True)
class RankedCondition:
    id: str
    name: str
    clinical_name: str
    category: str
    serious: bool
    probability: float
    reasons_for: list[Reason]
    reasons_against: list[Reason]
    #: the chance at which this cause's own urgency applies (display: the "see a doctor" badge)
    act_at: float | None = None
    #: listed first, before likelier causes: a warning sign (or its own suspected chance) makes
    #: it a reason for urgent or emergency care, so it must be ruled out first
    check_first: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["reasons_for"] = [r.to_dict() for r in self.reasons_for]
        d["reasons_against"] = [r.to_dict() for r in self.reasons_against]
        return d


@dataclass(frozen=True)
class Assessment:
    kb_version: str
    urgency: dict[str, Any]
    red_flags: list[dict[str, Any]]
    conditions: list[RankedCondition]
    factors: list[dict[str, str]]
    next_questions: list[dict[str, Any]]
    self_tests: list[dict[str, Any]]
    would_change: list[str]
    answers: dict[str, Any]
    age: float | None
    sex: str | None
    disclaimer: str = DISCLAIMER
    safety_net: str = SAFETY_NET
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready dicts and lists, the fields in order (no ``extra``).

        Built field by field rather than by ``dataclasses.asdict``, whose deep copy cost more
        than the assessment itself. The dataclasses are converted; the plain dicts and lists
        (urgency, red flags, factors, ...) are built fresh by `assess` for each assessment and
        are handed over as they are, so treat them as read-only if you keep the Assessment.
        """
        d = dict(self.__dict__)
        d.pop("extra")
        d["conditions"] = [c.to_dict() for c in self.conditions]
        if isinstance(d["age"], float) and d["age"].is_integer():
            d["age"] = int(d["age"])
        return d


#: weeks in a month and a year, as the typed-answer reader counts them (intake/quantities.py)
WEEKS_PER_MONTH = 4.345
WEEKS_PER_YEAR = 52.18


def _count(n: float, unit: str) -> str:
    k = max(1, round(n))
    return f"{k} {unit if k == 1 else unit + 's'}"


def duration_text(weeks: float) -> str:
    """How long something has lasted, in the scale a person uses: under 2 weeks in days,
    under 3 months in weeks, under 2 years in months, else years ("about 2 years"). A value
    within half a unit of the next scale counts as it (104 weeks is about 2 years)."""
    w = max(0.0, float(weeks))
    if w == 0:
        return "less than a day"
    if w < 2 - 0.5 / 7:
        return "about " + _count(w * 7, "day")
    if w < 3 * WEEKS_PER_MONTH - 0.5:
        return "about " + _count(w, "week")
    if w < 2 * WEEKS_PER_YEAR - 0.5 * WEEKS_PER_MONTH:
        return "about " + _count(w / WEEKS_PER_MONTH, "month")
    return "about " + _count(w / WEEKS_PER_YEAR, "year")


def number_text(unit: str, value: float) -> str:
    """A number answer with its unit as a person reads it; durations (kept in weeks) in
    days, weeks, months or years (``duration_text``), other units as they are."""
    x = float(value)
    if unit == "weeks":
        return duration_text(x)
    return f"{int(x) if x.is_integer() else x:g} {unit}"


def answer_label(kb: KnowledgeBase, fid: str, value: Any) -> str:
    f = kb.findings[fid]
    if f.type == "choice":
        return next(o.label for o in f.options if o.id == value)
    if f.type == "number":
        assert f.number is not None
        return number_text(f.number.unit, value)
    return str(value)


def _cell_texts(kb: KnowledgeBase) -> Callable[[str, str, Any], tuple[Any, ...]]:
    """What a reason says about one evidence cell apart from the answer and its weight (the
    question, the source, the published figures in words, ...): the same for every
    assessment, so worked out once per cell and kept with the knowledge base."""
    texts = kb.derived.get("reason_texts")
    if texts is None:
        texts = kb.derived["reason_texts"] = {}
    assert isinstance(texts, dict)

    def of(fid: str, cid: str, ev: Any) -> tuple[Any, ...]:
        found = texts.get((fid, cid))
        if found is None:
            found = texts[(fid, cid)] = (
                kb.findings[fid].question,
                ev.source,
                ev.is_estimate,
                published_text(ev),
                ev.kind,
                basis_text(ev),
                tuple(getattr(ev, "sources", ())),
            )
        return found

    return of


def explain(
    kb: KnowledgeBase,
    answers: Answers,
    cid: str,
    known: list[tuple[str, int]] | None = None,
    weights: list[float] | None = None,
) -> tuple[list[Reason], list[Reason]]:
    """The answers that move this condition, split into for and against.

    The weight shown is P(answer | condition) / P(answer | all other conditions, weighted by
    their age/sex-free priors): how many times likelier the answer is with this cause than
    without it (docs/METHOD.md). ``weights``, when given, are those weights for ``known``,
    read from ``kb.weight_vs_rest`` by the caller in one go.
    """
    j = kb.condition_ids.index(cid)
    if known is None:
        known = [(fid, kb.row[(fid, kb.state_of(fid, v))]) for fid, v in answers.known().items()]
    if weights is None:
        weights = [float(kb.weight_vs_rest[row, j]) for _, row in known]
    pro, con = [], []
    fidelity = kb.derived.get("fidelity_by_cell")
    if fidelity is None:
        fidelity = kb.derived["fidelity_by_cell"] = {
            (fi.finding, fi.condition): fi for fi in kb.fidelity
        }
    cells = _cell_texts(kb)
    for (fid, row), w in zip(known, weights, strict=True):
        ev = kb.evidence.get((fid, cid))
        if ev is None:
            continue
        if abs(math.log(w)) < 0.05:
            continue
        question, source, estimate, published, kind, basis, sources = cells(fid, cid, ev)
        r = Reason(
            finding=fid,
            question=question,
            answer=answer_label(kb, fid, answers.values[fid]),
            weight=round(w, 2),
            source=source,
            estimate=estimate,
            published=published,
            kind=kind,
            basis=basis,
            sources=list(sources),
        )
        fi = fidelity.get((fid, cid))  # type: ignore[union-attr]
        if fi is not None:
            positive = kb.row_state(row) in positive_states(ev, kb.findings[fid])
            pub = fi.published_pos if positive else fi.published_neg
            if pub is not None:
                r = replace(
                    r,
                    lr_published=round(pub, 2),
                    lr_applied=round(fi.applied_pos if positive else fi.applied_neg, 2),
                    lr_contrast=list(fi.vs),
                )
        (pro if w > 1 else con).append(r)
    pro.sort(key=lambda r: -r.weight)
    con.sort(key=lambda r: r.weight)
    return pro, con


def _would_change(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, candidates: list[str]
) -> list[str]:
    """Plain sentences: which single answer would change the most likely cause.

    All states of all candidates are scored in one vectorised pass, with the same update the
    question chooser uses (a weight is damped when its group already holds an answer).
    """
    if not candidates:
        return []
    top = int(post.argmax())
    answered_groups = {kb.group_of[f] for f in answers.known() if f in kb.group_of}
    rows, owners = [], []
    for fid in candidates:
        for state, r in zip(kb.findings[fid].states, kb.rows_of[fid], strict=True):
            rows.append(r)
            owners.append((fid, state))
    damp = np.array([DAMPING if kb.group_of[f] in answered_groups else 1.0 for f, _ in owners])
    new_top = (
        np.log(np.clip(post, 1e-300, None))[None, :] + kb.log_weight[rows] * damp[:, None]
    ).argmax(axis=1)
    out, done = [], set()
    for (fid, state), t in zip(owners, new_top, strict=True):
        if t == top or fid in done:
            continue
        done.add(fid)
        f = kb.findings[fid]
        if f.type == "number":
            assert f.number is not None
            label = next(b.label for b in f.number.bins if b.id == state)
        else:
            label = answer_label(kb, fid, state)
        out.append(
            f"If you answered '{label}' to \"{f.question}\", the most likely cause would change "
            f"from {kb.conditions[kb.condition_ids[top]].name} to "
            f"{kb.conditions[kb.condition_ids[int(t)]].name}."
        )
    return out[:3]


def selftest_index(kb: KnowledgeBase) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(id, name, purpose, findings it sets) of each self-test; kept with the knowledge base
    by the loader, else loaded here once."""
    tests = kb.derived.get("selftest_index")
    if tests is None:  # not loaded with the knowledge base (knowledge/loader.py)
        try:
            from backstride.knowledge.selftests import load_selftests
        except ImportError:  # self-test data not installed yet
            return ()
        tests = kb.derived["selftest_index"] = tuple(
            (t.id, t.name, t.purpose, tuple(t.sets)) for t in load_selftests()
        )
    return tests  # type: ignore[return-value]


#: Self-tests about walking: suggested in their gain order only where walking is limited, else
#: after the others (a long timed walk tells little to someone who walks as far as they like).
WALKING_SELFTESTS = frozenset({"timed_walk"})


def suggest_self_tests(
    kb: KnowledgeBase, answers: Answers, post: np.ndarray, ctx: Context | None = None
) -> list[dict[str, Any]]:
    """Self-tests ranked by how much their results would sharpen the picture."""
    tests = selftest_index(kb)
    if ctx is not None:
        sets = set(ctx.selftest_findings)
        gains = ctx.all_gains
    else:
        sets = {
            fid
            for _, _, _, t_sets in tests
            for fid in t_sets
            if fid in kb.findings and fid not in answers.values
        }
        gains = expected_gains(kb, answers, post, sorted(sets))
    scored = []
    for t_id, name, purpose, t_sets in tests:
        g = max((gains.get(fid, 0.0) for fid in t_sets), default=0.0)
        if g > 0.01 or any(fid in sets and kb.findings[fid].topic == "selftest" for fid in t_sets):
            scored.append({"id": t_id, "name": name, "why": purpose, "gain": round(g, 3)})
    limited = walking_limited(answers.values)
    scored.sort(key=lambda d: (not limited and d["id"] in WALKING_SELFTESTS, -d["gain"]))
    return scored[:4]


def urgency_view(
    kb: KnowledgeBase,
    answers: Answers,
    post: np.ndarray | None = None,
    ctx: Context | None = None,
) -> dict[str, Any]:
    """How urgently to get care, from the answers so far: level, label, advice and reasons.

    The same block the full assessment carries; the interview uses it after every answer, so
    that a warning sign is shown the moment it is answered.
    """
    ctx = Context(kb, answers, post) if ctx is None else ctx
    tri = ctx.triage
    label, _ = URGENCY_TEXT[tri.level]
    return {"level": tri.level.name, "label": label, "advice": tri.advice, "reasons": tri.reasons}


def clinical_urgency(kb: KnowledgeBase, answers: Answers) -> dict[str, Any]:
    """The urgency of a completed assessment in a clinician's words: the level, and each
    reason behind it (the red-flag rule's clinical note, or a condition's posterior against
    its action threshold), one for one with the patient's ``urgency_view`` reasons."""
    from backstride.engine.rules import CLINICAL_LEVEL

    tri = Context(kb, answers).triage
    return {"level": tri.level.name, "label": CLINICAL_LEVEL[tri.level], "reasons": tri.clinical}


def interview_urgency(
    kb: KnowledgeBase,
    answers: Answers,
    post: np.ndarray | None = None,
    ctx: Context | None = None,
) -> dict[str, Any]:
    """The urgency to show during the interview, after each answer.

    Once the red-flag screen is answered this is the full urgency (`urgency_view`). While
    screen questions are still to come, only the warning-sign rules count: until then each
    condition's chance is close to its starting chance, which says nothing yet about this
    person, so it neither raises nor lowers what is shown.
    """
    ctx = Context(kb, answers, post) if ctx is None else ctx
    if not ctx.screen_pending:
        return urgency_view(kb, answers, ctx=ctx)
    fired = ctx.fired
    level = max((Urgency[r.urgency] for r in fired), default=Urgency.self_care)
    label, generic = URGENCY_TEXT[level]
    advice = next((r.advice for r in fired if Urgency[r.urgency] == level), generic)
    return {
        "level": level.name,
        "label": label,
        "advice": advice,
        "reasons": [f"{r.label}: {r.name}" for r in fired],
    }


def display_order(kb: KnowledgeBase, post: np.ndarray, check_first: list[str]) -> np.ndarray:
    """The order the causes are listed in: those to rule out first (the causes behind an
    urgent or emergency call, `rules.triage`), then all others; each part by its chance.
    The chances themselves are the posterior's, unchanged."""
    by_chance = np.argsort(-post)
    if not check_first:
        return by_chance
    first = {kb.condition_ids.index(c) for c in check_first}
    head = [j for j in by_chance.tolist() if j in first]
    return np.array(head + [j for j in by_chance.tolist() if j not in first], dtype=np.intp)


def assess(kb: KnowledgeBase, data: Any, *, top: int = 8, ctx: Context | None = None) -> Assessment:
    """Assess a person's answers: urgency first, then the ranked differential with reasons.

    ``ctx``: a pass over these same answers (engine/context.py) whose posterior, rules and
    question gains the caller shares with the next question; without it, one is made here.
    """
    if ctx is None:
        ctx = Context(kb, parse_answers(kb, data))
    answers = ctx.answers
    post = ctx.post
    order = display_order(kb, post, ctx.triage.check_first)
    known = [
        (fid, kb.row[(fid, kb.state_of(fid, v))])
        for fid, v in answers.known().items()
        if fid not in ("age", "sex")
    ]
    ranked = []
    first = set(ctx.triage.check_first)
    shown = order[: max(top, len(first))]
    # the weights of every known answer for every condition shown, in one read of the table
    table = kb.weight_vs_rest[np.array([r for _, r in known], dtype=np.intp)][:, shown]
    columns = table.T.tolist()
    for k, j in enumerate(shown):
        cid = kb.condition_ids[int(j)]
        c = kb.conditions[cid]
        pro, con = explain(kb, answers, cid, known, columns[k])
        ranked.append(
            RankedCondition(
                cid,
                c.name,
                c.clinical_name,
                c.category,
                c.serious,
                round(float(post[j]), 4),
                pro,
                con,
                c.act_at,
                cid in first,
            )
        )
    ctx.all_gains  # noqa: B018 (the questions and the self-tests scored in one pass)
    nq = ranked_questions(kb, answers, post, n=3, ctx=ctx)
    next_questions = []
    for fid, gain in nq:
        f = kb.findings[fid]
        next_questions.append(
            {
                "finding": fid,
                "question": f.question,
                "type": f.type,
                "options": [o.id for o in f.options]
                if f.type == "choice"
                else (["yes", "no"] if f.type == "boolean" else []),
                "gain": round(gain, 3),
            }
        )
    return Assessment(
        kb_version=kb.version,
        urgency=urgency_view(kb, answers, ctx=ctx),
        red_flags=[
            {
                "id": r.id,
                "name": r.name,
                "urgency": r.urgency,
                "advice": r.advice,
                "clinician_note": r.clinician_note,
                "sources": list(r.sources),
                "kind": r.kind,
            }
            for r in ctx.fired
        ],
        conditions=ranked,
        factors=[
            {"id": f.id, "name": f.name, "summary": f.summary}
            for f in kb.factors
            if matches(kb, f.indicators, answers)
        ],
        next_questions=next_questions,
        self_tests=suggest_self_tests(kb, answers, post, ctx),
        would_change=_would_change(kb, answers, post, [fid for fid, _ in nq]),
        answers=answers.to_json()["answers"],
        age=answers.age,
        sex=answers.sex,
        safety_net=safety_net_text(ctx.fired),
    )
