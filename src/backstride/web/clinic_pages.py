"""Clinic mode: the clinician's page for one patient, and the patient's 'share my diary' choice.

A clinician sees a patient only while the patient shares with them: the assessments they
shared (each on its own), and, only if the patient also shares the diary, their questionnaire
scores, diary, walks, progress chart and walking programme. Anything else is a 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from backstride.errors import NotFoundError
from backstride.storage import Store
from backstride.storage.models import utcnow
from backstride.web import api_models as m
from backstride.web.auth import (
    check_api_csrf,
    check_form_csrf,
    client_ip,
    get_store,
    require_user,
)
from backstride.web.deps import get_kb
from backstride.web.pages import render
from backstride.web.zones import patient_today, person_today

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["clinic"], responses=m.PROBLEM_RESPONSES)
StoreDep = Annotated[Store, Depends(get_store)]
Username = Annotated[str, Path(max_length=40)]


_STATUS = {
    "start": "started",
    "progress": "progressed (pain within limit, settled within 24 h)",
    "hold": "held at the same dose",
    "step_back": "stepped back",
    "target": "target reached",
}


def clinical_programme(state: dict[str, Any] | None) -> dict[str, Any] | None:
    """The walking programme in neutral clinical wording, built from its figures (the saved
    ``summary`` and ``reason`` texts are written to the patient and are not shown here)."""
    if not state or "current" not in state:
        return None
    c = state["current"]
    bouts = int(c.get("bouts_per_session", 1))
    dose = (
        f"Week {c.get('week', 1)} ({_STATUS.get(c.get('status', ''), c.get('status', ''))}): "
        f"{c.get('sessions_per_week')} days/week, {bouts} bout{'s' if bouts != 1 else ''} of "
        f"up to {float(c.get('bout_minutes', 0)):g} min "
        f"({float(c.get('session_minutes', 0)):g} min/session); "
        f"pain limit {c.get('pain_limit')}/10."
    )
    tol = c.get("tolerance_minutes")
    onset = (
        f"Symptoms start after about {float(tol):g} min of walking"
        if tol is not None
        else "Walking time to symptom onset not recorded"
    )
    target = (
        f"target {float(c.get('target_session_minutes', 0)):g} min on "
        f"{c.get('target_sessions_per_week')} days/week ({c.get('cause')} programme)."
    )
    history = []
    for h in list(state.get("history", []))[-8:][::-1]:
        log = h.get("log", {})
        history.append(
            f"Week {h.get('week')} ({h.get('from')} to {h.get('to')}): "
            f"{log.get('walks_done')} days with a walk, {float(log.get('minutes_walked', 0)):g} "
            f"min, worst pain {log.get('worst_pain')}/10; "
            f"{_STATUS.get(h.get('status', ''), h.get('status', ''))}."
        )
    return {"current": f"{dose} {onset}; {target}", "history": history}


def patient_summary(
    request: Request,
    store: Store,
    person_id: int,
    assessments: list[dict[str, Any]],
    *,
    diary: bool,
) -> dict[str, Any]:
    """One summary of what the viewer may see: these assessments, and the diary, walks,
    questionnaires and stored plan only when ``diary`` is allowed."""
    from backstride.report.summary import build_summary

    info = store.get_person(person_id) or {}
    rows: dict[str, Any] = {}
    if diary:
        latest_plan = store.latest_plan(person_id)
        rows = {
            "scores": store.list_scores(person_id),
            "diary": store.list_diary_entries(person_id),
            "walks": store.list_walks(person_id),
            "activity": store.list_daily_activity(person_id),
            "plan": latest_plan["plan"] if latest_plan else None,
        }
    return build_summary(
        person={
            "name": info.get("name"),
            "uid": info.get("uid"),
            "time_zone": info.get("time_zone"),
        },
        assessments=assessments,
        kb=get_kb(request),
        **rows,
    )


def _record(request: Request, store: Store, username: str) -> dict[str, Any]:
    user = require_user(request)
    rec = request.app.state.accounts.patient_record(user, username)
    shared = store.get_assessments([a["id"] for a in rec["assessments"]])  # checked rows
    rows = [
        {"created_at": a["created_at"], "result": a["result"], "answers": a["answers"]}
        for a in shared
        if a is not None
    ]
    return {**rec, "rows": rows}


def _page_context(request: Request, store: Store, username: str) -> dict[str, Any]:
    from backstride.web.report_pages import programme_now

    rec = _record(request, store, username)
    pid = rec["person_id"]
    summary = patient_summary(request, store, pid, rec["rows"], diary=rec["diary_shared"])
    diary = store.list_diary_entries(pid) if rec["diary_shared"] else []
    programme = (
        programme_now(store, pid, patient_today(request, pid)) if rec["diary_shared"] else None
    )
    return {
        "p": rec,
        "s": summary,
        "diary": sorted(diary, key=lambda e: str(e["day"]), reverse=True)[:30],
        "programme": clinical_programme(programme),
    }


@pages.get("/clinic/patients/{username}", response_class=HTMLResponse)
def patient_page(request: Request, store: StoreDep, username: Username) -> Response:
    ctx = _page_context(request, store, username)
    return render(request, "clinic_patient.html", ctx)


@pages.get("/clinic/patients/{username}/chart.svg")
async def patient_chart(request: Request, store: StoreDep, username: Username) -> Response:
    from backstride.web.diary_pages import _chart_svg

    rec = await run_in_threadpool(_record, request, store, username)
    svg = None
    if rec["diary_shared"]:
        pid = rec["person_id"]
        svg = await run_in_threadpool(
            lambda: _chart_svg(
                store, pid, today=patient_today(request, pid), made=person_today(request)
            )
        )
    if svg is None:
        raise NotFoundError("No shared diary to chart for this patient.", field="diary")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@pages.get("/clinic/patients/{username}/report.pdf")
async def patient_pdf(request: Request, store: StoreDep, username: Username) -> Response:
    from backstride.web.report_pages import _pdf_response

    def build() -> dict[str, Any]:
        rec = _record(request, store, username)
        return patient_summary(
            request, store, rec["person_id"], rec["rows"], diary=rec["diary_shared"]
        )

    summary = await run_in_threadpool(build)
    return await run_in_threadpool(lambda: _pdf_response(summary, person_today(request)))


@pages.get("/clinic/patients/{username}/fhir.json")
async def patient_fhir(request: Request, store: StoreDep, username: Username) -> Response:
    """The same summary as the PDF (what this patient shares with you) as a FHIR R4 Bundle."""
    from backstride.web.report_pages import fhir_response

    def build() -> dict[str, Any]:
        rec = _record(request, store, username)
        return patient_summary(
            request, store, rec["person_id"], rec["rows"], diary=rec["diary_shared"]
        )

    summary = await run_in_threadpool(build)
    return await run_in_threadpool(lambda: fhir_response(summary, when=person_today(request)))


# --- the patient's choice: share my diary too --------------------------------------------


@pages.post("/my/diary/share", dependencies=[Depends(check_form_csrf)])
def share_diary_page(
    request: Request,
    clinician: Annotated[str, Form(max_length=100)],
    back: Annotated[str, Form(max_length=200)] = "/my",
) -> Response:
    request.app.state.accounts.share_diary(require_user(request), clinician, client_ip(request))
    return RedirectResponse(back if back.startswith("/my") else "/my", status_code=303)


@pages.post("/my/diary/unshare", dependencies=[Depends(check_form_csrf)])
def unshare_diary_page(
    request: Request, clinician: Annotated[str, Form(max_length=100)]
) -> Response:
    request.app.state.accounts.unshare_diary(require_user(request), clinician)
    return RedirectResponse("/my", status_code=303)


class DiaryShareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clinician: str = Field(max_length=100, description="The clinician's username")


@api.get("/diary/shares", response_model=list[str])
def api_diary_shares(request: Request) -> list[str]:
    """The clinicians who can see your diary, walks, questionnaires and programme."""
    return request.app.state.accounts.diary_shared_with(require_user(request))


@api.post("/diary/shares", status_code=204, dependencies=[Depends(check_api_csrf)])
def api_share_diary(request: Request, body: DiaryShareRequest) -> None:
    """Let a clinician see your diary, walks, questionnaire scores and walking programme.
    (Sharing an assessment alone shares only that assessment.)"""
    request.app.state.accounts.share_diary(
        require_user(request), body.clinician, client_ip(request)
    )


@api.delete("/diary/shares/{clinician}", status_code=204, dependencies=[Depends(check_api_csrf)])
def api_unshare_diary(request: Request, clinician: Annotated[str, Path(max_length=100)]) -> None:
    """Stop sharing your diary with a clinician."""
    request.app.state.accounts.unshare_diary(require_user(request), clinician)


# --- a clinician invites a patient to share ------------------------------------------------
# The clinician gets a one-time link (only its hash is stored; 14 days; revocable). The
# patient opens it signed in, sees who is asking and what would be shared, and accepts or
# declines; only acceptance shares anything, and only what they ticked.

InvitationId = Annotated[int, Path(ge=1, le=2**31 - 1)]
INVITE_PATH = "/share-invitation"


def invitation_link(request: Request, code: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{INVITE_PATH}?code={code}"


def _require_clinician(request: Request) -> Any:
    from backstride.web.accounts import NotAllowed

    user = require_user(request)
    if user.role != "clinician":
        raise NotAllowed("Only clinician accounts can invite patients.", field="role")
    return user


@pages.post("/clinic/invitations", dependencies=[Depends(check_form_csrf)])
def invite_page(request: Request, label: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Make an invitation and show its link once (it cannot be shown again)."""
    from backstride.errors import InputError

    user = _require_clinician(request)
    accounts = request.app.state.accounts
    try:
        iid, code = accounts.invite_patient(user, label)
    except InputError as err:
        ctx = {
            "patients": accounts.patients(user),
            "invitations": accounts.patient_invitations(user),
            "is_clinician": True,
            "invite_error": err.message,
            "label": label,
        }
        return render(request, "clinic.html", ctx, 422)
    made = next(i for i in accounts.patient_invitations(user) if i["id"] == iid)
    return render(
        request, "clinic_invite_made.html", {"link": invitation_link(request, code), "i": made}
    )


@pages.post("/clinic/invitations/{invitation_id}/revoke", dependencies=[Depends(check_form_csrf)])
def revoke_invite_page(request: Request, invitation_id: InvitationId) -> Response:
    request.app.state.accounts.revoke_patient_invitation(require_user(request), invitation_id)
    return RedirectResponse("/clinic#invitations", status_code=303)


def _invite_context(request: Request, store: Store, code: str) -> dict[str, Any]:
    from backstride.web.saved import _summary

    accounts = request.app.state.accounts
    found = accounts.share_invitation(code)  # 404 for any code that does not work
    user = getattr(request.state, "user", None)
    ctx: dict[str, Any] = {"code": code, "clinician": found["clinician"], "user": user}
    ctx["expires_at"] = found["expires_at"]
    if user is not None and user.role == "patient":
        rows = [_summary(r) for r in store.list_assessments(user.person_id)]
        ctx["assessments"] = list(reversed(rows))
        ctx["diary_shared"] = found["clinician"] in accounts.diary_shared_with(user)
    return ctx


@pages.get(INVITE_PATH, response_class=HTMLResponse)
def share_invitation_page(
    request: Request, store: StoreDep, code: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    """The patient's page for an invitation: sign in first, then yes or no."""
    ctx = _invite_context(request, store, code)
    from urllib.parse import quote

    ctx["next"] = quote(f"{INVITE_PATH}?code={code}", safe="")
    response = render(request, "share_invitation.html", ctx)
    if ctx.get("assessments") == []:
        # a new patient has nothing to share yet: remember the invitation in her browser, so
        # her saved result offers to answer it (pending_invitation) without the link again
        left = (ctx["expires_at"] - utcnow()).total_seconds()
        response.set_cookie(
            PENDING_INVITE_COOKIE,
            code,
            max_age=max(1, int(left)),
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


#: the cookie that keeps an invitation opened before there was anything to share
PENDING_INVITE_COOKIE = "backstride_invite"


def pending_invitation(request: Request) -> dict[str, str] | None:
    """The invitation a signed-in patient opened before she had a saved check, if it still
    works: who asks and the link to answer it (see ``share_invitation_page``)."""
    code = request.cookies.get(PENDING_INVITE_COOKIE, "")[:100]
    user = getattr(request.state, "user", None)
    if not code or user is None or user.role != "patient":
        return None
    try:
        found = request.app.state.accounts.share_invitation(code)
    except NotFoundError:
        return None
    from urllib.parse import quote

    return {"clinician": found["clinician"], "link": f"{INVITE_PATH}?code={quote(code)}"}


@pages.post(INVITE_PATH, dependencies=[Depends(check_form_csrf)])
def answer_invitation_page(
    request: Request,
    store: StoreDep,
    code: Annotated[str, Form(max_length=100)],
    answer: Annotated[str, Form(max_length=10)],
    assessment: Annotated[list[m.FormRowId], Form()] = [],  # noqa: B006 (FastAPI reads it, never mutated)
    diary: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    from backstride.errors import InputError

    user = require_user(request)
    if answer not in ("accept", "decline"):
        raise InputError(
            f"Answer {answer!r} is not one of accept, decline.",
            field="answer",
            choices=("accept", "decline"),
        )
    try:
        done = request.app.state.accounts.answer_share_invitation(
            user, code, accept=answer == "accept", assessment_ids=assessment, diary=bool(diary)
        )
    except InputError as err:
        ctx = _invite_context(request, store, code)
        ctx.update(error=err.message, next="")
        return render(request, "share_invitation.html", ctx, 422)
    response = render(request, "share_invitation_done.html", {"done": done})
    response.delete_cookie(PENDING_INVITE_COOKIE)
    return response


# --- the same in the API ---------------------------------------------------------------


class PatientInvitation(BaseModel):
    id: int
    label: str
    created_at: Any
    expires_at: Any
    answered_at: Any
    state: str = Field(description="pending, accepted, declined, revoked or expired")
    patient: str | None = Field(description="The patient's username, once they accepted")


class NewPatientInvitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(
        default="",
        max_length=60,
        description="Your own note, e.g. the patient's first name (no health data)",
    )


class MadePatientInvitation(PatientInvitation):
    code: str = Field(description="The one-time code: shown only now")
    link: str = Field(description="The link to send the patient")


class InvitationCode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=100)


class InvitationAsks(BaseModel):
    clinician: str
    expires_at: Any
    asks: list[str] = Field(description="What the patient may choose to share")


class InvitationAnswer(InvitationCode):
    accept: StrictBool = Field(description="true or false (not 0/1, not text)")
    assessments: list[m.RowId] = Field(
        default=[], max_length=1000, description="Ids of your saved assessments to share"
    )
    diary: StrictBool = Field(
        default=False, description="Also share diary, walks, questionnaires and programme"
    )


class InvitationAnswered(BaseModel):
    clinician: str
    accepted: bool
    assessments: list[int]
    diary: bool


User_ = Annotated[Any, Depends(require_user)]


@api.get("/clinic/invitations", response_model=list[PatientInvitation])
def api_invitations(request: Request, user: User_) -> list[dict[str, Any]]:
    """For clinicians: your invitations to patients, newest first, with their state."""
    return request.app.state.accounts.patient_invitations(user)


@api.post(
    "/clinic/invitations",
    response_model=MadePatientInvitation,
    status_code=201,
    dependencies=[Depends(check_api_csrf)],
)
def api_invite(request: Request, body: NewPatientInvitation, user: User_) -> dict[str, Any]:
    """For clinicians: a one-time link (14 days) asking a patient to share with you. Nothing
    is shared until the patient accepts. The code is returned only here."""
    if user.role != "clinician":
        _require_clinician(request)
    accounts = request.app.state.accounts
    iid, code = accounts.invite_patient(user, body.label)
    made = next(i for i in accounts.patient_invitations(user) if i["id"] == iid)
    return {**made, "code": code, "link": invitation_link(request, code)}


@api.delete(
    "/clinic/invitations/{invitation_id}",
    status_code=204,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_revoke_invitation(request: Request, invitation_id: InvitationId, user: User_) -> None:
    """For clinicians: take back a pending invitation; its link stops working."""
    request.app.state.accounts.revoke_patient_invitation(user, invitation_id)


ASKS = ["assessments", "diary"]


@api.post(
    "/share-invitations/lookup",
    response_model=InvitationAsks,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_lookup_invitation(request: Request, body: InvitationCode, user: User_) -> dict[str, Any]:
    """For patients: who is asking with this code (404 for a code that does not work)."""
    found = request.app.state.accounts.share_invitation(body.code)
    return {"clinician": found["clinician"], "expires_at": found["expires_at"], "asks": ASKS}


@api.post(
    "/share-invitations/answer",
    response_model=InvitationAnswered,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_answer_invitation(request: Request, body: InvitationAnswer, user: User_) -> dict[str, Any]:
    """For patients: accept (sharing the assessments you list, and the diary if ``diary``)
    or decline (sharing nothing). Either way the code is used up."""
    return request.app.state.accounts.answer_share_invitation(
        user, body.code, accept=body.accept, assessment_ids=body.assessments, diary=body.diary
    )
