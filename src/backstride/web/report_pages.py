"""PDF summary downloads and the walking programme (pages and API), storage-backed.

- ``/report.pdf?s=...``: your summary with this (unsaved) result, your questionnaires and walks.
- ``/my/assessments/{id}/report.pdf``: one saved assessment as a PDF, for its owner and for the
  clinicians it was shared with. For a clinician it holds that assessment only, plus the diary,
  walks and questionnaires when the patient also shares the diary (``/my/diary/share``).
- ``/my/assessments/{id}/fhir.json`` and ``/api/v1/assessments/{id}/fhir``: the same as a FHIR R4
  Bundle, with the same access rules as the assessment itself.
- ``/api/v1/programme``: the walking programme, with weeks that ended applied (read only).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from backstride.errors import ConflictError, NotFoundError
from backstride.storage import Store
from backstride.web import api_models as m
from backstride.web import state
from backstride.web.auth import Person, check_form_csrf, get_store
from backstride.web.deps import get_kb
from backstride.web.pages import StateQ
from backstride.web.saved import AssessmentId, load_assessment
from backstride.web.zones import person_today, request_zone

pages = APIRouter(include_in_schema=False)
programme_pages = APIRouter(include_in_schema=False)
pdf_api = APIRouter(prefix="/api/v1", tags=["reports"], responses=m.PROBLEM_RESPONSES)
fhir_pages = APIRouter(include_in_schema=False)
fhir_api = APIRouter(prefix="/api/v1", tags=["reports"], responses=m.PROBLEM_RESPONSES)
api = APIRouter(prefix="/api/v1", tags=["walking programme"], responses=m.PROBLEM_RESPONSES)
StoreDep = Annotated[Store, Depends(get_store)]
PDF = {200: {"content": {"application/pdf": {}}, "description": "A PDF summary"}, **m.NOT_FOUND}
FHIR = {
    200: {"content": {"application/fhir+json": {}}, "description": "A FHIR R4 Bundle"},
    **m.NOT_FOUND,
}


def _file_stem(summary: dict[str, Any]) -> str:
    """The person's name for a download's file name, so a clinician's files do not all look
    alike ('' when there is none)."""
    name = str((summary.get("person") or {}).get("name") or "").lower()
    return re.sub(r"[^a-z0-9._-]+", "-", name).strip("-.")[:40]


def fhir_response(
    summary: dict[str, Any], *, download: bool = True, when: date | None = None
) -> Response:
    """A summary as a FHIR R4 Bundle (``application/fhir+json``); as a file to save when
    ``download``, named after the person and the day."""
    import json

    from backstride.fhir import build_bundle

    headers = {"Cache-Control": "no-store"}
    if download:
        name = _file_stem(summary)
        day = f"{when or date.today():%Y-%m-%d}"
        stem = f"backstride-fhir-{name}-{day}" if name else f"backstride-fhir-{day}"
        headers["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return Response(
        json.dumps(build_bundle(summary), indent=2, ensure_ascii=False),
        media_type="application/fhir+json",
        headers=headers,
    )


def _pdf_response(summary: dict[str, Any], when: datetime | date | None = None) -> Response:
    from backstride.report.pdf import pdf_bytes

    day = (when or date.today()).strftime("%Y-%m-%d")
    name = _file_stem(summary)
    stem = f"backstride-summary-{name}-{day}" if name else f"backstride-summary-{day}"
    return Response(
        pdf_bytes(summary),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{stem}.pdf"',
            "Cache-Control": "no-store",
        },
    )


def _own_summary(request: Request, store: Store, who: Any, s: str) -> dict[str, Any]:
    from backstride.engine import assess
    from backstride.report.summary import collect_summary

    kb = get_kb(request)
    result = answers = None
    if s:
        _, parsed = state.load(kb, s)
        result, answers = assess(kb, parsed).to_dict(), parsed.to_json()
    summary = collect_summary(store, who, result=result, answers=answers, kb=kb)
    person = summary.setdefault("person", {})
    person["time_zone"] = person.get("time_zone") or request_zone(request).name
    if not summary.get("assessment") and not summary.get("questionnaires"):
        raise NotFoundError(
            "Nothing to put in a summary yet: answer the questions first.", field="s"
        )
    return summary


def diary_visible(request: Request, person_id: int) -> bool:
    """The viewer may see this person's diary: their own (and always in single-user mode), or
    shared with them by the patient's 'share my diary' choice."""
    if not request.app.state.settings.multi_user:
        return True
    from backstride.web.auth import require_user

    return bool(request.app.state.accounts.diary_visible(require_user(request), person_id))


def _shared_summary(request: Request, store: Store, assessment_id: int) -> dict[str, Any]:
    from backstride.web.clinic_pages import patient_summary

    a = load_assessment(request, store, assessment_id)
    row = {"created_at": a["created_at"], "result": a["result"], "answers": a["answers"]}
    pid = int(a["person_id"])
    return patient_summary(request, store, pid, [row], diary=diary_visible(request, pid))


@pages.get("/report.pdf")
async def report_pdf(request: Request, store: StoreDep, who: Person, s: StateQ = "") -> Response:
    summary = await run_in_threadpool(_own_summary, request, store, who, s)
    return await run_in_threadpool(lambda: _pdf_response(summary, person_today(request)))


@pages.get("/my/assessments/{assessment_id}/report.pdf")
async def saved_report_pdf(
    request: Request, store: StoreDep, assessment_id: AssessmentId
) -> Response:
    summary = await run_in_threadpool(_shared_summary, request, store, assessment_id)
    return await run_in_threadpool(lambda: _pdf_response(summary, person_today(request)))


@pdf_api.get("/report.pdf", responses=PDF)
async def api_report_pdf(
    request: Request, store: StoreDep, who: Person, s: StateQ = ""
) -> Response:
    """Your PDF summary for a doctor or physio: your latest saved assessment (or the answers in
    ``s``), questionnaire scores, walking and plan."""
    return await report_pdf(request, store, who, s)


@pdf_api.get("/assessments/{assessment_id}/report.pdf", responses=PDF)
async def api_saved_report_pdf(
    request: Request, store: StoreDep, assessment_id: AssessmentId
) -> Response:
    """One saved assessment as a PDF (for its owner and the clinicians it was shared with)."""
    return await saved_report_pdf(request, store, assessment_id)


@fhir_pages.get("/my/assessments/{assessment_id}/fhir.json")
async def saved_fhir(request: Request, store: StoreDep, assessment_id: AssessmentId) -> Response:
    """One saved assessment as a FHIR R4 Bundle file (for its owner and the clinicians it was
    shared with; the diary only when the patient shares it)."""
    summary = await run_in_threadpool(_shared_summary, request, store, assessment_id)
    return await run_in_threadpool(lambda: fhir_response(summary, when=person_today(request)))


@fhir_api.get("/assessments/{assessment_id}/fhir", responses=FHIR)
async def api_saved_fhir(
    request: Request, store: StoreDep, assessment_id: AssessmentId
) -> Response:
    """One saved assessment as a FHIR R4 Bundle (type ``collection``): Patient, the interview
    as a QuestionnaireResponse, Observations, a RiskAssessment with the ranked causes and a
    CarePlan. For its owner, and in clinic mode for a clinician it is shared with (diary,
    walks and questionnaires only when the patient also shares the diary); 404 for anyone
    else, the same as a missing id."""
    summary = await run_in_threadpool(_shared_summary, request, store, assessment_id)
    return await run_in_threadpool(lambda: fhir_response(summary, download=False))


def programme_now(store: Store, who: Any, today: date | None = None) -> dict[str, Any] | None:
    """The saved programme with the weeks that ended applied (not saved: a read changes nothing)."""
    now = _programme_with_log(store, who, today)
    return now and now[0]


def _programme_with_log(
    store: Store, who: Any, today: date | None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    """``programme_now`` with the diary and walks it was worked out from, read once."""
    from backstride.diary.adapt import catch_up

    saved = store.get_programme_state(who)
    if not saved or "current" not in saved:
        return None
    diary, walks = store.list_diary_entries(who), store.list_walks(who)
    new, _ = catch_up(saved, diary, walks, today or date.today())
    return new, diary, walks


def programme_week_note(request: Request, store: Store, who: Any) -> str:
    """After a walk is logged or uploaded: where the running programme week stands (days with a
    walk, minutes, when it moves on), or "" when no programme runs."""
    from backstride.diary.adapt import week_so_far

    now = _programme_with_log(store, who, person_today(request))
    return week_so_far(*now) if now else ""


@api.get("/programme", responses=m.NOT_FOUND)
def api_programme(request: Request, store: StoreDep, who: Person) -> dict[str, Any]:
    """Your walking programme: this week, the goal, and how past weeks went (from the diary).
    Start one with ``backstride programme start``; the plan shows week 1."""
    now = programme_now(store, who, person_today(request))
    if now is None:
        raise NotFoundError(
            "No walking programme yet. Start one with `backstride programme start`.",
            field="programme",
        )
    return now


@programme_pages.post("/programme/start", dependencies=[Depends(check_form_csrf)])
def programme_start(
    request: Request,
    store: StoreDep,
    who: Person,
    s: Annotated[str, Form(max_length=state.MAX_STATE_CHARS)] = "",
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Start the plan's walking programme (week 1 from these answers), then show progress."""
    from backstride.diary.adapt import new_state
    from backstride.plan.walking import WalkingProgramme
    from backstride.web.pages import require_state

    kb = get_kb(request)
    pairs = require_state(kb, s)
    running = store.get_programme_state(who)
    if running and "current" in running and not replace:
        week = running["current"].get("week", 1)
        raise ConflictError(
            f"You already have a walking programme (week {week}). To start this one instead, "
            "tick 'Replace the programme I already have' and press the button again.",
            field="replace",
        )
    from backstride.engine import assess, parse_answers
    from backstride.plan.build import walking_programme

    answers = parse_answers(kb, state.to_document(pairs))
    walking = walking_programme(assess(kb, answers).to_dict(), answers.to_json())
    programme = WalkingProgramme.from_dict(walking)
    store.save_programme_state(who, new_state(programme, person_today(request), "web plan"))
    return RedirectResponse("/progress", status_code=303)
