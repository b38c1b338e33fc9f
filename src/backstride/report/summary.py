"""One plain, JSON-ready summary of a person for a clinician: the PDF and the FHIR export both
start from it.

``collect_summary(store, person)`` reads the database; ``build_summary(...)`` does the work on
plain row dicts (as ``Store.list_*`` returns them), so it can be used without a database.

Shape (every date/time is an ISO string)::

    {"generated_at", "kb_version", "disclaimer",
     "person": {"name", "uid", "age", "sex"},
     "assessment": {"date", "result", "answers"} | None,
     "urgency": {...} | None, "red_flags": [...],
     "urgency_clinical": {"level", "label", "reasons", "recomputed"} | None,
     "interview": [{"finding", "clinical", "question", "answer", "value"}],
     "pertinent_negatives": [same shape: warning-sign questions answered so no rule fires],
     "differential": [{"id", "name", "clinical_name", "serious", "probability",
                       "reasons": [{"finding", "clinical", "question", "answer", "weight",
                                    "source", "citation", "estimate", "kind",
                                    "evidence"}],
                       "against": [same shape: the strongest answers against]}],  # top 5
     "questionnaires": [{"instrument", "name", "short_name", "taken_at", "headline",
                         "scores", "answers", "history": [{"taken_at", "headline", "scores", "answers"}],
                         "changes": [{"scale", "name", "before", "after", "direction",
                                      "reaches_mcid", "mcid", "mcid_is_estimate",
                                      "interpretation"}]}],
     "walking": {"tolerance": [{"day", "minutes", "metres", "symptom_free"}],
                 "pain": [{"day", "pain"}], "steps": [{"day", "steps"}],
                 "walks": [{"started_at", "day", "duration_s", "distance_m", "steps", "source"}],
                 "trends": {name: {"first", "last", "direction"} | None}},
     "plan": {...} | None, "plan_lines": [str] (the patient's words),
     "plan_clinical": [str] (the same plan for a clinician),
     "citations": {id: "Author Year. Title. Journal"}}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstride.knowledge.kb import KnowledgeBase
    from backstride.storage import Store
    from backstride.storage.store import PersonRef

TOP_CONDITIONS = 5
TOP_REASONS = 3
TOP_AGAINST = 2
Row = Mapping[str, Any]

# Questionnaire scales compared with their minimal clinically important change:
# instrument -> [(scale id in instruments.MCIDS, key in the stored scores)]
MCID_SCALES: dict[str, list[tuple[str, str]]] = {
    "odi": [("odi", "percentage")],
    "zcq": [
        ("zcq_symptom_severity", "symptom_severity"),
        ("zcq_physical_function", "physical_function"),
    ],
}


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def plain(value: Any) -> Any:
    """Dataclasses, objects with ``to_dict()``, dates and tuples -> JSON-ready values."""
    if hasattr(value, "to_dict"):
        return plain(value.to_dict())
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if hasattr(value, "model_dump"):
        return plain(value.model_dump(mode="json"))
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return _iso(value)


# ------------------------------------------------------------------ questionnaires


def headline(instrument: str, scores: Mapping[str, Any]) -> str:
    """A one-line result a clinician can read at a glance."""
    s = scores
    if instrument == "start_back":
        return (
            f"{s.get('risk_label', s.get('risk_group', '?'))} "
            f"(total {s.get('total')}/9, distress {s.get('distress_score')}/5)"
        )
    if instrument == "odi":
        if s.get("percentage") is None:
            return "No valid score (too many sections missing)"
        label = str(s.get("band_label") or "").split(" (")[0]
        return f"{float(s['percentage']):.0f}% ({label.lower()})"
    if instrument == "zcq":
        parts = []
        for key, name, top in (
            ("symptom_severity", "severity", 5),
            ("physical_function", "function", 4),
            ("satisfaction", "satisfaction", 4),
        ):
            if s.get(key) is not None:
                parts.append(f"{name} {float(s[key]):.2f}/{top}")
        return ", ".join(parts) or "No valid subscale"
    if instrument == "sshq":
        verdict = "Positive" if s.get("positive") else "Negative"
        return (
            f"{verdict} (core {s.get('core_count')}/4, "
            f"cauda equina items {s.get('cauda_equina_count')}/6)"
        )
    if instrument == "sugioka":
        side = "at or above" if s.get("at_or_above_cutoff") else "below"
        return f"Score {s.get('score')} ({side} cut-off {s.get('cutoff')})"
    return ", ".join(f"{k} {v}" for k, v in s.items() if isinstance(v, int | float))


def _changes(instrument: str, rows: list[Row]) -> list[dict[str, Any]]:
    from backstride.instruments import MCIDS, change

    out = []
    for scale, key in MCID_SCALES.get(instrument, []):
        values = [r["scores"][key] for r in rows if isinstance(r["scores"].get(key), int | float)]
        if len(values) < 2:
            continue
        c = change(scale, float(values[0]), float(values[-1]))
        out.append(
            {
                "scale": scale,
                "name": MCIDS[scale].name,
                "before": c.before,
                "after": c.after,
                "direction": c.direction,
                "reaches_mcid": c.reaches_mcid,
                "mcid": c.mcid,
                "mcid_is_estimate": c.mcid_is_estimate,
                "interpretation": c.interpretation,
            }
        )
    return out


def _taken(instrument: str, row: Row) -> dict[str, Any]:
    scores = dict(row["scores"])
    answers = scores.pop("answers", {}) or {}
    return {
        "taken_at": _iso(row["taken_at"]),
        "headline": headline(instrument, scores),
        "scores": plain(scores),
        "answers": plain(answers),
    }


def mcid_texts(instrument: str) -> list[str]:
    """Each scale's minimal important change as a clinician reads it, with where it comes
    from: 'Oswestry Disability Index: MCID 10 percentage points (Ostelo et al. 2008)', or
    '(estimate)' when it could not be confirmed. Shown from the first score on, so the
    baseline can be read against the change that will matter."""
    from backstride.instruments import MCIDS

    out = []
    for scale, _key in MCID_SCALES.get(instrument, []):
        m = MCIDS[scale]
        if m.estimate:
            where = "estimate"
        else:
            author = m.source.split()[0]
            year = re.search(r"\b(?:19|20)\d\d\b", m.source)
            where = f"{author} et al. {year.group(0)}" if year else author
        rel = f", or {m.relative:.0%} of the starting score" if m.relative else ""
        out.append(f"{m.name}: MCID {m.mcid:g} {m.unit}{rel} ({where})")
    return out


def questionnaire_summary(scores: Iterable[Row]) -> list[dict[str, Any]]:
    """Latest result per instrument, its history and its change against the MCID."""
    from backstride.instruments import INSTRUMENT_IDS, load_spec

    by_instrument: dict[str, list[Row]] = {}
    for row in sorted(scores, key=lambda r: str(_iso(r["taken_at"]))):
        by_instrument.setdefault(row["instrument"], []).append(row)
    out = []
    for instrument in sorted(by_instrument, key=lambda i: (i not in INSTRUMENT_IDS, i)):
        rows = by_instrument[instrument]
        history = [_taken(instrument, r) for r in rows]
        spec = load_spec(instrument) if instrument in INSTRUMENT_IDS else None
        out.append(
            {
                "instrument": instrument,
                "name": spec.name if spec else instrument,
                "short_name": spec.short_name if spec else instrument,
                **history[-1],
                "history": history,
                "changes": _changes(instrument, rows),
                "mcids": mcid_texts(instrument),
            }
        )
    return out


# ------------------------------------------------------------------ walking


def walking_summary(diary: Iterable[Row], walks: Iterable[Row], activity: Iterable[Row]) -> dict:
    from backstride.diary.trend import daily_steps, tolerance, trend

    diary = sorted(diary, key=lambda e: str(_iso(e["day"])))
    entries = [{**e, "day": _day(e["day"])} for e in diary]
    points = [(e, tolerance(e)) for e in entries]
    tol = [
        {
            "day": p.day.isoformat(),
            "minutes": p.minutes_to_onset,
            "metres": p.metres_to_onset,
            "symptom_free": e.get("symptom_reach") == "none",
        }
        for e, p in points
        if p.minutes_to_onset is not None or p.metres_to_onset is not None
    ]
    pain = [
        {"day": e["day"].isoformat(), "pain": e["pain_now"]}
        for e in entries
        if e.get("pain_now") is not None
    ]
    steps = daily_steps({**a, "day": _day(a["day"])} for a in activity)
    walk_rows = [
        {
            "started_at": _iso(w["started_at"]),
            "day": _iso(w["day"]),
            "duration_s": w.get("duration_s"),
            "distance_m": w.get("distance_m"),
            "steps": w.get("steps"),
            "source": w.get("source"),
        }
        for w in sorted(walks, key=lambda w: str(_iso(w["started_at"])))
    ]
    trends = {
        "minutes_to_onset": trend(p.minutes_to_onset for _, p in points),
        "metres_to_onset": trend(p.metres_to_onset for _, p in points),
        "pain": trend((e.get("pain_now") for e in entries), lower_is_better=True),
    }
    return {
        "tolerance": tol,
        "pain": pain,
        "steps": [{"day": d.isoformat(), "steps": n} for d, n in sorted(steps.items())],
        "walks": walk_rows,
        "trends": {k: (plain(v) if v is not None else None) for k, v in trends.items()},
    }


# ------------------------------------------------------------------ assessment


def percent_text(value: float) -> str:
    """A posterior probability as people should read it: a rounded percentage, but never
    '0%' or '100%' for what is only very unlikely or very likely ('under 1%', 'over 99%')."""
    p = float(value) * 100
    if p <= 0:
        return "0%"
    if p < 1:
        return "under 1%"
    if 99 < p < 100:
        return "over 99%"
    return f"{p:.0f}%"


def _citation_text(kb: KnowledgeBase | None, source: str | None) -> str | None:
    if not source:
        return None
    c = kb.citations.get(source) if kb is not None else None
    if c is None:
        return source
    return c.short_label


def _clinical_label(kb: KnowledgeBase | None, finding: str | None) -> str | None:
    f = kb.findings.get(finding) if kb is not None and finding else None
    return getattr(f, "clinical", None) if f is not None else None


def evidence_text(r: Mapping[str, Any], kb: KnowledgeBase | None) -> str:
    """What a reason's weight rests on, for a clinician: the kind of evidence (a study, a
    cited description, or an estimate), its source, and a study's likelihood ratio."""
    kind = r.get("kind") or ("estimate" if r.get("estimate") else "study")
    labels: list[str] = []
    for x in [r.get("source"), *(r.get("sources") or [])]:
        label = _citation_text(kb, x)
        if label and label not in labels:
            labels.append(label)
    if kind == "estimate" and not labels:
        return "estimate"
    text = f"{kind}: {', '.join(labels)}" if labels else kind
    if kind == "study" and r.get("lr_published") is not None and r.get("lr_applied") is not None:
        text += (
            f"; LR {float(r['lr_published']):.3g} published, {float(r['lr_applied']):.3g} applied"
        )
    return text


def _reason(r: Mapping[str, Any], kb: KnowledgeBase | None) -> dict[str, Any]:
    return {
        "finding": r.get("finding"),
        "clinical": _clinical_label(kb, r.get("finding")),
        "question": r.get("question"),
        "answer": r.get("answer"),
        "weight": r.get("weight"),
        "source": r.get("source"),
        "citation": None if r.get("estimate") else _citation_text(kb, r.get("source")),
        "estimate": bool(r.get("estimate")),
        "kind": r.get("kind") or ("estimate" if r.get("estimate") else "study"),
        "evidence": evidence_text(r, kb),
    }


def differential(result: Mapping[str, Any], kb: KnowledgeBase | None) -> list[dict[str, Any]]:
    out = []
    for c in result.get("conditions", [])[:TOP_CONDITIONS]:
        reasons = sorted(c.get("reasons_for", []), key=lambda r: -float(r.get("weight") or 0))
        # the engine's weight is P(answer | cause) / P(answer | the rest): the smallest weights
        # are the answers that count most against this cause
        against = sorted(
            (r for r in c.get("reasons_against", []) if float(r.get("weight") or 1) < 1),
            key=lambda r: float(r.get("weight") or 1),
        )
        out.append(
            {
                "id": c["id"],
                "name": c["name"],
                "clinical_name": c.get("clinical_name") or c["name"],
                "serious": bool(c.get("serious")),
                "check_first": bool(c.get("check_first")),
                "probability": float(c["probability"]),
                "reasons": [_reason(r, kb) for r in reasons[:TOP_REASONS]],
                "against": [_reason(r, kb) for r in against[:TOP_AGAINST]],
            }
        )
    return out


def _citations(kb: KnowledgeBase | None, ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for cid in sorted(set(ids)):
        c = kb.citations.get(cid) if kb is not None else None
        out[cid] = (
            f"{c.authors} ({c.year_label}). {c.title}. {c.journal or ''}".strip() if c else cid
        )
    return out


def _answer_text(kb: KnowledgeBase, fid: str, value: Any) -> str:
    f = kb.findings[fid]
    if f.type == "number":
        if isinstance(value, int | float) and not isinstance(value, bool) and f.number:
            from backstride.engine.result import number_text

            return number_text(f.number.unit, value)
        return f"{value:g}" if isinstance(value, int | float) else str(value)
    return str(value)


def _clinical_urgency(
    result: Mapping[str, Any], answers: Mapping[str, Any] | None, kb: KnowledgeBase | None
) -> dict[str, Any] | None:
    """The urgency in a clinician's words, worked out again from the saved answers.
    ``recomputed`` is true when today's knowledge base gives another level than the saved
    one (the page then says so)."""
    if kb is None or not answers or not result.get("urgency"):
        return None
    from backstride.engine import parse_answers
    from backstride.engine.result import clinical_urgency
    from backstride.errors import BackstrideError

    try:
        view = clinical_urgency(kb, parse_answers(kb, dict(answers)))
    except BackstrideError:  # answers the knowledge base no longer knows: no clinical view
        return None
    return {**view, "recomputed": view["level"] != result["urgency"].get("level")}


def interview(
    answers: Mapping[str, Any] | None, kb: KnowledgeBase | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The interview answers for a clinician (finding, precise label, question, answer) and the
    pertinent negatives among them: warning-sign questions asked and answered so that no
    red-flag rule can fire on them (what a referral letter needs)."""
    if kb is None or not answers:
        return [], []
    from backstride.engine.answers import UNKNOWN
    from backstride.engine.rules import red_flag_answers

    flagged = red_flag_answers(kb)
    flag_findings = {fid for fid, _ in flagged}
    rows, negatives = [], []
    for fid, value in (answers.get("answers") or {}).items():
        if fid not in kb.findings:
            continue
        f = kb.findings[fid]
        known = value is not None and value != UNKNOWN
        row = {
            "finding": fid,
            "clinical": f.clinical,
            "question": f.question,
            "answer": _answer_text(kb, fid, value) if known else "not sure",
            "value": value,
        }
        rows.append(row)
        if known and fid in flag_findings and (fid, kb.state_of(fid, value)) not in flagged:
            negatives.append(row)
    return rows, negatives


# ------------------------------------------------------------------ plan


def plan_lines(plan: Mapping[str, Any] | None, limit: int = 9) -> list[str]:
    """A few short lines from a plan dict (``backstride.plan.Plan.to_dict()``): what to do now,
    the walking programme, the exercises with their dose, and the habit advice titles."""
    if not plan:
        return []
    lines: list[str] = [str(x) for x in (plan.get("now") or [])[:2]]
    walking = plan.get("walking")
    if isinstance(walking, Mapping) and walking.get("summary"):
        lines.append(f"Walking programme: {walking['summary']}")
    for ex in plan.get("exercises") or []:
        if isinstance(ex, Mapping):
            dose = f": {ex['dose']}" if ex.get("dose") else ""
            lines.append(f"Exercise: {ex.get('name') or ex.get('id')}{dose}")
    for key in ("habits", "options"):
        for item in plan.get(key) or []:
            if isinstance(item, Mapping) and item.get("title"):
                first = str(item.get("text") or "").split(". ")[0].strip().rstrip(".")
                lines.append(f"Advice: {item['title']}" + (f" ({first})" if first else ""))
    if not lines:  # another layout: take any title/text pairs
        for item in plan.get("items") or plan.get("steps") or []:
            if isinstance(item, Mapping):
                lines.append(str(item.get("title") or item.get("text") or ""))
            else:
                lines.append(str(item))
    return [line for line in lines if line][:limit]


def clinical_plan_lines(plan: Mapping[str, Any] | None) -> list[str]:
    """The plan the patient was given, for a clinician: the graded walking programme from its
    figures, each exercise with its dose, and the first leaflet titles, quoted, as one line (the plan's
    own sentences are written to the patient and are left out)."""
    if not plan:
        return []
    lines: list[str] = []
    w = plan.get("walking")
    if isinstance(w, Mapping) and w.get("session_minutes") is not None:
        bouts = int(w.get("bouts_per_session") or 1)
        lines.append(
            f"Graded walking programme ({w.get('cause')}), week {w.get('week', 1)}: "
            f"{w.get('sessions_per_week')} days/week, {bouts} bout{'s' if bouts != 1 else ''} "
            f"of up to {float(w.get('bout_minutes') or 0):g} min "
            f"({float(w['session_minutes']):g} min/session), pain limit "
            f"{w.get('pain_limit')}/10; target {float(w.get('target_session_minutes') or 0):g} "
            f"min on {w.get('target_sessions_per_week')} days/week"
        )
    for ex in plan.get("exercises") or []:
        if isinstance(ex, Mapping):
            dose = f": {ex['dose']}" if ex.get("dose") else ""
            lines.append(f"Exercise: {ex.get('name') or ex.get('id')}{dose}")
    topics = [
        f"“{item['title']}”"
        for key in ("habits", "education")
        for item in plan.get(key) or []
        if isinstance(item, Mapping) and item.get("title")
    ]
    if topics:
        more = f"; and {len(topics) - 6} more" if len(topics) > 6 else ""
        lines.append("Patient leaflets: " + "; ".join(topics[:6]) + more)
    return lines


def _build_plan(result: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any] | None:
    try:
        from backstride.plan import build_plan
    except ImportError:
        try:
            from backstride.plan.build import build_plan
        except ImportError:  # no plan module: the report shows the stored plan, if any
            return None
    return plain(build_plan(dict(result), dict(answers)))


# ------------------------------------------------------------------ walking programme


STATUS_LABELS = {
    "start": "started",
    "progress": "progressed",
    "hold": "held",
    "step_back": "stepped back",
    "target": "at target",
}


def programme_course(state: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The stored walking programme for the clinician: this week, and each finished week with
    what was logged and what the rules did (``diary.adapt`` history rows)."""
    if not state or not isinstance(state.get("current"), Mapping):
        return None
    current = state["current"]
    weeks = []
    for row in state.get("history") or []:
        log = row.get("log") or {}
        weeks.append(
            {
                "week": row.get("week"),
                "from": row.get("from"),
                "walk_days": log.get("walks_done"),
                "minutes": log.get("minutes_walked"),
                "worst_pain": log.get("worst_pain"),
                "onset_minutes": log.get("onset_minutes"),
                "flare": bool(log.get("flare")),
                "decision": STATUS_LABELS.get(str(row.get("status")), str(row.get("status"))),
                "reason": row.get("reason"),
            }
        )
    return {
        "current": current.get("summary") or "",
        "week": current.get("week"),
        "cause": current.get("cause"),
        "started_on": state.get("started_on"),
        "weeks": weeks,
    }


# ------------------------------------------------------------------ the whole summary


def build_summary(
    *,
    person: Mapping[str, Any] | None = None,
    assessments: Iterable[Row] = (),
    scores: Iterable[Row] = (),
    diary: Iterable[Row] = (),
    walks: Iterable[Row] = (),
    activity: Iterable[Row] = (),
    plan: Mapping[str, Any] | None = None,
    result: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    kb: KnowledgeBase | None = None,
    now: datetime | None = None,
    programme: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything a clinician needs, from plain rows. ``result``/``answers`` (a fresh assessment)
    take the place of the latest stored assessment; a fresh assessment also gets a fresh plan."""
    now = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # naive UTC, as stored
    stored = sorted(assessments, key=lambda a: str(_iso(a["created_at"])))
    assessment: dict[str, Any] | None = None
    if result is not None:
        assessment = {"date": now.isoformat(), "result": plain(result), "answers": answers or {}}
    elif stored:
        last = stored[-1]
        assessment = {
            "date": _iso(last["created_at"]),
            "result": plain(last["result"]),
            "answers": plain(last.get("answers") or {}),
        }
    r: dict[str, Any] = assessment["result"] if assessment else {}
    if assessment and (result is not None or plan is None):
        plan = _build_plan(r, assessment["answers"]) or plan
    plan = plain(plan) if plan is not None else None

    questionnaires = questionnaire_summary(scores)
    lines = [line for line in plan_lines(plan) if line != (r.get("urgency") or {}).get("advice")]
    course = programme_course(programme)
    if course:  # the week the person is on now, not the plan's week 1
        lines = [
            f"Walking programme: {course['current']}" if x.startswith("Walking programme:") else x
            for x in lines
        ]
    sb = next((q for q in questionnaires if q["instrument"] == "start_back"), None)
    if sb and sb["scores"].get("recommendation"):  # stratified care (Hill 2011) joins the plan
        label = sb["scores"].get("risk_label", "")
        lines.insert(0, f"STarT Back {label.lower()}: {sb['scores']['recommendation']}")
    diff = differential(r, kb)
    urgency_clinical = _clinical_urgency(r, assessment["answers"] if assessment else None, kb)
    asked, negatives = interview(assessment["answers"] if assessment else None, kb)
    cited = [s for f in r.get("red_flags", []) for s in f.get("sources", [])]
    cited += [
        x["source"]
        for c in diff
        for x in [*c["reasons"], *c["against"]]
        if x["source"] and not x["estimate"]
    ]
    person = dict(person or {})
    return {
        "generated_at": now.isoformat(),
        "kb_version": r.get("kb_version"),
        "disclaimer": r.get("disclaimer")
        or "This is not a diagnosis. Only a clinician who examines the person can diagnose.",
        "person": {
            "name": person.get("name"),
            "uid": person.get("uid"),
            "time_zone": person.get("time_zone"),
            "age": r.get("age"),
            "sex": r.get("sex"),
        },
        "assessment": assessment,
        "urgency": r.get("urgency"),
        "urgency_clinical": urgency_clinical,
        "red_flags": [  # each source also as the short label the reasons use
            {**f, "source_labels": [_citation_text(kb, x) for x in f.get("sources", [])]}
            for f in r.get("red_flags", [])
        ],
        "differential": diff,
        "factors": list(r.get("factors", [])),
        "interview": asked,
        "pertinent_negatives": negatives,
        "questionnaires": questionnaires,
        "walking": walking_summary(diary, walks, activity),
        "programme": course,
        "plan": plan,
        "plan_lines": lines,
        "plan_clinical": ([lines[0]] if sb and sb["scores"].get("recommendation") else [])
        + clinical_plan_lines(plan),
        "citations": _citations(kb, cited),
    }


def collect_summary(
    store: Store,
    person: PersonRef = None,
    *,
    result: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    kb: KnowledgeBase | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Gather one person's latest assessment, questionnaires, walking and plan from the store."""
    if kb is None:
        from backstride.knowledge import load_kb

        kb = load_kb()
    pid = store.person_id(person)
    info = store.get_person(pid) or {}
    latest_plan = store.latest_plan(pid)
    return build_summary(
        person=info,
        assessments=store.list_assessments(pid),
        scores=store.list_scores(pid),
        diary=store.list_diary_entries(pid),
        walks=store.list_walks(pid),
        activity=store.list_daily_activity(pid),
        plan=latest_plan["plan"] if latest_plan else None,
        result=result,
        answers=answers,
        kb=kb,
        now=now,
        programme=store.get_programme_state(pid),
    )
