"""Turn an assessment result into a personal self-care plan. Pure: no I/O beyond package data.

Sections: (1) what to do now and the safety net; (2) exercises matched to the likely causes and
contributing factors; (3) the graded walking programme and everyday habits (walking, sitting,
footwear, weight, treadmill, daily care, mind); (4) education cards; (5) professional options to
discuss. An emergency result gets ONLY section 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from backstride.engine.walking import walking_limited
from backstride.plan.data import load_plan_data
from backstride.plan.schema import LEVEL_TEXT, Advice, PlanEvidence, When
from backstride.plan.walking import start_programme

VASCULAR_CLAUDICATION = "vascular_claudication"
LIKELY_MIN = 0.10  # conditions at or above this probability shape the plan (top 3 at most)
MAX_LIKELY = 3
#: ... and at least this share of the leading cause's probability, so a clear story is not
#: diluted by advice for a cause that is far less likely (it still shows in the differential)
RELATIVE_MIN = 0.25
MAX_EXERCISES = 6
PERSONAL_SCORE = 1.2  # a factor or self-test result of yours outranks a cause you probably have
ALWAYS_SCORE = 0.25  # items for everyone compete with items for a cause of about 15% probability
#: At most this many exercises of one group, so a plan mixes mobility, strength and control.
KIND_GROUP = {"mobility": "flexibility", "stretch": "flexibility"}
MAX_PER_GROUP = 2
HABIT_TOPICS = (
    "sport",
    "walking",
    "sitting",
    "footwear",
    "weight_activity",
    "treadmill",
    "daily",
    "home_care",
    "mind",
)
TOPIC_TITLES = {
    "sport": "Getting back to lifting, running and sport",
    "walking": "Walking",
    "sitting": "Sitting and desk",
    "footwear": "Footwear",
    "weight_activity": "Body weight, activity and lifting",
    "treadmill": "Treadmill",
    "daily": "Every day",
    "home_care": "Home care",
    "mind": "Stress, mood and sleep",
    "professional": "Treatments to discuss with a professional",
}
URGENCY_ORDER = ("self_care", "doctor", "urgent", "emergency")
DISCLAIMER = (
    "This plan is general advice based on your answers. It is not a diagnosis and does not "
    "replace a check-up. Stop any exercise that makes your symptoms spread or get much worse."
)
#: Plain phrases for answers that select plan items (why an item is in your plan).
ANSWER_REASONS = {
    "centralises": "one movement makes your leg pain move back towards your spine",
    "st_hip_flexors_tight": "your Thomas test showed tight hip muscles",
    "long_sitting": "you sit for long spells",
    "st_hamstrings_tight": "your 90/90 test showed tight hamstrings",
    "st_piriformis_stretch_pain": "your seated piriformis test brought on your buttock pain",
    "st_slr_leg_pain": "your straight-leg raise brought on your leg pain",
    "st_single_leg_poor": "your single-leg stance test showed weak hip control",
    "unsteady_wide_gait": "you feel unsteady when you walk",
    "overweight": "you said your weight may be adding load",
    "distress": "you said you feel low or worried",
    "duration_weeks": "your pain has lasted more than 3 months",
    "relief_by": "sitting or bending forward eases your legs",
    "st_walk_lean_helps": "you walk further leaning forward",
    "pregnant": "you are pregnant",
    "onset_lifting": "your pain started with lifting or hard effort, and strong trunk and hip muscles help you get back to it",
    "impact_sport": "you run or play sport, and strong trunk and hip muscles help you get back to it",
    "training_increase": "you recently trained a lot more",
    "heavy_work": "your work or day has lots of lifting",
}


@dataclass(frozen=True)
class Evidence:
    level: str
    label: str
    summary: str
    sources: list[str]


@dataclass(frozen=True)
class PlanExercise:
    id: str
    name: str
    kind: str
    why: str
    steps: list[str]
    dose: str
    progression: str
    should_feel: str
    avoid: str
    evidence: Evidence
    chosen_because: list[str]


@dataclass(frozen=True)
class PlanAdvice:
    id: str
    topic: str
    title: str
    text: str
    tips: list[str]
    evidence: Evidence | None
    urgency: str | None = None


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    text: str
    evidence: Evidence | None


@dataclass(frozen=True)
class KeyPoint:
    """One of "your three most important things" (the plan's one-screen summary)."""

    title: str
    text: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Plan:
    kb_version: str | None
    urgency: dict[str, Any]
    emergency: bool
    now: list[str]
    red_flags: list[dict[str, str]]
    safety_net: list[PlanAdvice]
    likely: list[dict[str, Any]]
    exercises: list[PlanExercise]
    exercise_note: str | None
    walking: dict[str, Any] | None
    habits: list[PlanAdvice]
    education: list[Card]
    options: list[PlanAdvice]
    sources: dict[str, str] = field(default_factory=dict)
    disclaimer: str = DISCLAIMER
    summary: list[KeyPoint] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def all_text(self, patient_only: bool = True) -> list[str]:
        """Every patient-facing string (for readability checks and search)."""
        out = [*self.now, self.exercise_note or ""]
        for k in self.summary:
            out += [k.title, k.text]
        out += [r["advice"] for r in self.red_flags]
        for a in [*self.safety_net, *self.habits, *self.options]:
            out += [a.title, a.text, *a.tips]
            if a.evidence:
                out.append(a.evidence.summary)
        for e in self.exercises:
            out += [e.why, *e.steps, e.progression, e.should_feel, e.avoid, e.evidence.summary]
        for c in self.education:
            out += [c.title, c.text]
        if self.walking:
            out += [self.walking["summary"], self.walking["rest"], self.walking["reason"]]
        return [s for s in out if s]


@dataclass
class _Context:
    likely: list[dict[str, Any]]
    factors: dict[str, str]  # id -> plain name
    answers: dict[str, str]

    @property
    def condition_ids(self) -> set[str]:
        return {c["id"] for c in self.likely}

    @property
    def categories(self) -> set[str]:
        return {c.get("category", "") for c in self.likely}


def _answer_strings(answers: dict[str, Any]) -> dict[str, str]:
    inner = answers.get("answers", answers) if isinstance(answers, dict) else {}
    out = {}
    for k, v in (inner or {}).items():
        if isinstance(v, bool):
            v = "yes" if v else "no"
        out[str(k)] = str(v).strip().lower()
    return out


def _duration_state(value: str) -> str | None:
    try:
        weeks = float(value)
    except ValueError:
        return value
    return (
        "over_26"
        if weeks >= 26
        else "from_12_to_26"
        if weeks >= 12
        else "from_6_to_12"
        if weeks >= 6
        else "under_6"
    )


def _answer_hits(when: When, ctx: _Context) -> list[str]:
    hits = []
    for fid, states in when.answers.items():
        value = ctx.answers.get(fid)
        if value is None:
            continue
        if fid == "duration_weeks":
            value = _duration_state(value)
        if value in states:
            hits.append(fid)
    return hits


def _score(when: When, ctx: _Context) -> tuple[float, list[str]]:
    """How well an item fits this person (0 = not at all) and the plain reasons why."""
    score, why = 0.0, []
    for c in ctx.likely:
        if c["id"] in when.conditions or c.get("category") in when.categories:
            score += 0.1 + float(c.get("probability", 0))
            why.append(f"it suits {c['name'][:1].lower()}{c['name'][1:]}")
    for f in sorted(set(ctx.factors) & set(when.factors)):
        score += PERSONAL_SCORE
        name = ctx.factors[f]
        why.append(f"your answers point to this: {name[:1].lower()}{name[1:]}")
    for fid in _answer_hits(when, ctx):
        score += PERSONAL_SCORE
        why.append(ANSWER_REASONS.get(fid, f"your answer about {fid.replace('_', ' ')}"))
    if when.always:
        score += ALWAYS_SCORE
    return score, why


def _excluded(unless: When | None, ctx: _Context) -> bool:
    return unless is not None and _score(unless, ctx)[0] > 0.0 and not unless.always


def _evidence(e: PlanEvidence | None) -> Evidence | None:
    if e is None:
        return None
    return Evidence(e.level, LEVEL_TEXT[e.level], e.summary, list(e.sources))


def _tips(a: Advice, ctx: _Context | None) -> list[str]:
    """The item's tips for this person: plain ones always, a conditional one when its ``for``
    block matches (by likely cause, factor or answer, as for whole items)."""
    out = []
    for t in a.tips:
        if isinstance(t, str):
            out.append(t)
        elif ctx is not None and _score(t.for_, ctx)[0] > 0:
            out.append(t.text)
    return out


def _advice(a: Advice, ctx: _Context | None = None) -> PlanAdvice:
    return PlanAdvice(
        a.id, a.topic, a.title, a.text, _tips(a, ctx), _evidence(a.evidence), a.urgency
    )


def _likely(result: dict[str, Any]) -> list[dict[str, Any]]:
    # by chance: the list may start with causes to rule out first (engine/result.py)
    ranked = sorted(result.get("conditions") or [], key=lambda c: -float(c.get("probability", 0)))
    top = max((float(c.get("probability", 0)) for c in ranked), default=0.0)
    floor = max(LIKELY_MIN, RELATIVE_MIN * top)
    chosen = [c for c in ranked if float(c.get("probability", 0)) >= floor][:MAX_LIKELY]
    return chosen or ranked[:1]


def walking_cause(ctx: _Context) -> str:
    """general | neurogenic | vascular: which resting posture and pain rule this person needs."""
    p = {"stenosis": 0.0, "vascular": 0.0}
    for c in ctx.likely:
        if c.get("category") == "stenosis":
            p["stenosis"] += float(c.get("probability", 0))
        elif c["id"] == VASCULAR_CLAUDICATION:
            p["vascular"] += float(c.get("probability", 0))
    if (
        ctx.answers.get("relief_by") == "sitting_or_bending"
        or ctx.answers.get("st_walk_lean_helps") == "yes"
    ):
        p["stenosis"] += 0.2
    if ctx.answers.get("relief_by") == "standing_still" and p["vascular"] > 0:
        p["vascular"] += 0.2
    if p["vascular"] >= 0.2 and p["vascular"] > p["stenosis"]:
        return "vascular"
    if p["stenosis"] >= 0.2:
        return "neurogenic"
    return "general"


def _number(value: str | None) -> float | None:
    if value is None or value == "unknown":
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _now(result: dict[str, Any], level: str, walking: bool = True) -> list[str]:
    urgency = result.get("urgency") or {}
    lines = [urgency.get("advice", "")]
    if level == "emergency":
        lines.append(
            "Do not start any exercises or a walking programme until you have been checked."
        )
        lines.append("If you can, take this list of your answers with you.")
    elif level == "urgent":
        lines.append(
            "Until a doctor has checked you, keep moving gently as far as the pain allows, but wait before you start the new exercises."
        )
    elif level == "doctor":
        lines.append(
            "While you wait for the appointment, you can start gently with the plan below."
        )
    elif walking:
        lines.append(
            "Start with the walking programme and two or three of the exercises below. Add more over the next weeks."
        )
    else:
        lines.append(
            "Start with two or three of the exercises below and keep up your normal day. Add more over the next weeks."
        )
    return [s for s in lines if s]


def _citation_label(kb: Any, cid: str) -> str:
    c = getattr(kb, "citations", {}).get(cid) if kb is not None else None
    if c is None:
        return cid
    return f"{c.short_author} ({c.year_label}) {c.title}. {c.journal or c.url or ''}".strip()


def build_plan(
    result: dict[str, Any], answers: dict[str, Any], kb: Any = None, scores: Any = None
) -> Plan:
    """The personal plan for an assessment ``result`` (the dict in the contract) and its answers.

    ``answers`` is the answers-file dict (``{"age", "sex", "answers": {...}}``) or just the inner
    answers mapping. ``kb`` (optional) adds the knowledge base's condition cards and full
    citation labels. ``scores`` (optional): the latest questionnaire results (``Store.list_scores``
    rows, or instrument -> stored record); see ``plan.scores`` for what they add.
    """
    data = load_plan_data()
    urgency = dict(result.get("urgency") or {"level": "self_care", "label": "", "advice": ""})
    level = urgency.get("level", "self_care")
    if level not in URGENCY_ORDER:
        level = "self_care"
    red_flags = [
        {"name": r.get("name", ""), "advice": r.get("advice", ""), "urgency": r.get("urgency", "")}
        for r in result.get("red_flags") or []
    ]
    limited = walking_limited(answers)
    now = _now(result, level, limited)
    if level == "emergency":
        return Plan(
            result.get("kb_version"),
            urgency,
            True,
            now,
            red_flags,
            [],
            [],
            [],
            None,
            None,
            [],
            [],
            [],
            {},
            summary=[KeyPoint("Get help now", urgency.get("advice", ""))],
        )

    ctx = _Context(
        _likely(result),
        {f["id"]: f.get("name") or f["id"] for f in result.get("factors") or []},
        _answer_strings(answers),
    )

    def applies(item: Any) -> bool:
        return _score(item.for_, ctx)[0] > 0 and not _excluded(getattr(item, "unless", None), ctx)

    safety = [
        _advice(a, ctx)
        for a in sorted(data.advice, key=lambda a: a.order)
        if a.topic == "safety_net" and applies(a)
    ]

    scored = []
    for ex in data.exercises:
        s, why = _score(ex.for_, ctx)
        if s > 0 and not _excluded(ex.unless, ctx):
            scored.append((s, ex, why))
    scored.sort(key=lambda t: (-t[0], t[1].order, t[1].id))
    exercises: list[PlanExercise] = []
    per_group: dict[str, int] = {}
    for _, ex, why in scored:
        group = KIND_GROUP.get(ex.kind, ex.kind)
        if len(exercises) == MAX_EXERCISES or per_group.get(group, 0) == MAX_PER_GROUP:
            continue
        per_group[group] = per_group.get(group, 0) + 1
        exercises.append(
            PlanExercise(
                ex.id,
                ex.name,
                ex.kind,
                ex.why,
                list(ex.steps),
                ex.dose.text(),
                ex.progression,
                ex.should_feel,
                ex.avoid,
                _evidence(ex.evidence),  # type: ignore[arg-type]
                why or ["it suits most people with back pain"],
            )
        )
    exercise_note = (
        "Wait until a doctor has checked you before you start these exercises."
        if level == "urgent"
        else "Exercise in general helps long-lasting back pain a little. No one exercise is best, so "
        "keep the ones that feel right and that you will keep doing."
    )

    walking = _walking(ctx) if limited else None

    habit_items = [
        a
        for a in sorted(
            data.advice,
            key=lambda a: (HABIT_TOPICS.index(a.topic) if a.topic in HABIT_TOPICS else 99, a.order),
        )
        if a.topic in HABIT_TOPICS and applies(a)
    ]
    habits = [_advice(a, ctx) for a in habit_items]
    personal = [
        _advice(a, ctx)
        for a in sorted(habit_items, key=lambda a: -_score(a.for_, ctx)[0])
        if _score(a.for_, ctx)[0] >= PERSONAL_SCORE
    ]
    options = [
        _advice(a, ctx)
        for a in sorted(data.advice, key=lambda a: a.order)
        if a.topic == "professional" and applies(a)
    ]
    education = [
        Card(c.id, c.title, c.text, _evidence(c.evidence))
        for c in sorted(data.education, key=lambda c: c.order)
        if applies(c)
    ]
    if kb is not None:
        for c in ctx.likely[:2]:
            cond = getattr(kb, "conditions", {}).get(c["id"])
            if cond is not None and not cond.serious:
                education.append(
                    Card(
                        f"condition_{cond.id}",
                        f"About: {cond.name}",
                        cond.card.typical_story.strip(),
                        None,
                    )
                )

    n_options = len(options)
    if scores:
        from backstride.plan.scores import merge

        now, options, education = merge(now, options, education, scores)
    from_scores = options[: len(options) - n_options]  # questionnaire advice comes first

    used: list[str] = list(walking["sources"]) if walking else []
    for item in [*exercises, *habits, *options, *safety, *education]:
        if item.evidence:
            used += item.evidence.sources
    sources = {cid: _citation_label(kb, cid) for cid in dict.fromkeys(used)}
    likely = [
        {"id": c["id"], "name": c.get("name", c["id"]), "probability": c.get("probability")}
        for c in ctx.likely
    ]
    summary = _summary(
        level,
        urgency,
        walking,
        [*from_scores, *personal],
        education,
        exercises,
        fillers=[*habits, *safety],
    )
    return Plan(
        result.get("kb_version"),
        urgency,
        False,
        now,
        red_flags,
        safety,
        likely,
        exercises,
        exercise_note,
        walking,
        habits,
        education,
        options,
        sources,
        summary=summary,
    )


def _walking(ctx: _Context) -> dict[str, Any]:
    cause = walking_cause(ctx)
    minutes = _number(ctx.answers.get("walk_minutes"))
    metres = _number(ctx.answers.get("walk_metres"))
    return start_programme(cause, minutes, metres).to_dict()


def walking_programme(result: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Week 1 of the walking programme for this assessment, whether or not walking is limited
    (for someone who asks for one with ``programme start``)."""
    return _walking(_Context(_likely(result), {}, _answer_strings(answers)))


EXPECTED_COURSE_CARD = "expected_course"
#: Advice kept among the three most important things whenever it is personal (the pain started
#: with lifting, or the person lifts): what people ask first is when and how to lift again.
LIFTING_ADVICE = "sport_lifting"
MAX_SUMMARY = 3


def _summary(
    level: str,
    urgency: dict[str, Any],
    walking: dict[str, Any] | None,
    personal: list[PlanAdvice],
    education: list[Card],
    exercises: list[PlanExercise],
    fillers: list[PlanAdvice] | None = None,
) -> list[KeyPoint]:
    """Your three most important things: getting checked (if needed), then what fits you best:
    the walking programme where walking is limited, advice chosen by your own answers and
    questionnaire scores (lifting, running, ...), what to expect, and the top exercise. When
    fewer than three fit, everyday habits and then the safety net fill the list, so the summary
    always holds three things (the emergency plan has one, and says so)."""
    out: list[KeyPoint] = []
    if level in ("urgent", "doctor"):
        title = "See a doctor soon" if level == "urgent" else "Book a check-up"
        out.append(KeyPoint(title, urgency.get("advice", "")))
    if personal and personal[0].topic == "professional":  # from your questionnaire scores
        out.append(KeyPoint(personal[0].title, personal[0].text, personal[0].evidence))
        personal = personal[1:]
    if walking:
        out.append(
            KeyPoint(
                "Start your walking programme",
                f"{walking['summary']} {walking['rest']}",
            )
        )
    for a in personal[:2]:
        out.append(KeyPoint(a.title, a.text, a.evidence))
    course = next((c for c in education if c.id == EXPECTED_COURSE_CARD), None)
    if course is not None:
        out.append(KeyPoint(course.title, course.text, course.evidence))
    if exercises and level != "urgent":
        e = exercises[0]
        out.append(
            KeyPoint(
                f"Exercise: {e.name}", f"{e.why} {e.dose[:1].upper()}{e.dose[1:]}.", e.evidence
            )
        )
    lifting = next((a for a in personal if a.id == LIFTING_ADVICE), None)
    if lifting is not None and lifting.title not in {k.title for k in out[:MAX_SUMMARY]}:
        # it takes the last place: the check-up (always first) and score advice stay
        out = [*out[: MAX_SUMMARY - 1], KeyPoint(lifting.title, lifting.text, lifting.evidence)]
    titles = {k.title for k in out}
    for a in fillers or []:
        if len(out) >= MAX_SUMMARY:
            break
        if a.title not in titles and a.text:
            out.append(KeyPoint(a.title, a.text, a.evidence))
            titles.add(a.title)
    return out[:MAX_SUMMARY]
