"""Saved assessments (both modes), sharing them with a clinician, and the clinician's list.

Every read goes through :func:`load_assessment`, which returns only what the asker owns or
what was shared with them; anything else is a 404, so ids reveal nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride.engine import assess, parse_answers
from backstride.errors import NotFoundError
from backstride.storage import Store
from backstride.web import api_models as m
from backstride.web import state
from backstride.web.accounts import Accounts, assessment_view
from backstride.web.auth import (
    Person,
    check_api_csrf,
    check_form_csrf,
    client_ip,
    get_store,
    require_user,
)
from backstride.web.deps import get_kb
from backstride.web.pages import _answers_list, next_step_links, render

pages = APIRouter(include_in_schema=False)


def clinic_mode_only(request: Request) -> None:
    """Sharing and the clinician's list exist in clinic mode only. Single-person mode has no
    accounts: such a form, sent there by hand or by an old page, is a 404, never a 500."""
    if not request.app.state.settings.multi_user:
        raise NotFoundError(
            "There is no sharing here: this Backstride runs for one person on this computer "
            "(sharing with a clinician needs a clinic server, `backstride serve --multi-user`).",
            field="clinician",
        )


api = APIRouter(prefix="/api/v1", tags=["saved assessments"], responses=m.PROBLEM_RESPONSES)
StoreDep = Annotated[Store, Depends(get_store)]
AssessmentId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def load_assessment(request: Request, store: Store, assessment_id: int) -> dict[str, Any]:
    if request.app.state.settings.multi_user:
        accounts: Accounts = request.app.state.accounts
        return accounts.get_assessment(require_user(request), assessment_id)
    pid = store.person_id(None)
    row = store.get_assessment(assessment_id)  # checked: a damaged row is named, not a 500
    if row is None or row["person_id"] != pid:
        raise NotFoundError(f"There is no assessment {assessment_id}.", field="assessment_id")
    return assessment_view(row, owner="", mine=True, shared_with=[])


def _save(request: Request, store: Store, who: Any, doc: dict[str, Any]) -> int:
    kb = get_kb(request)
    answers = parse_answers(kb, doc)
    result = assess(kb, answers).to_dict()
    return store.save_assessment(who, answers.to_json(), result)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    result = row["result"] or {}
    # the most likely cause: the list may start with causes to rule out first
    top = max(result.get("conditions") or [{}], key=lambda c: float(c.get("probability") or 0))
    return {
        "id": row["id"],
        "created_at": row["created_at"],
        "kb_version": row["kb_version"],
        "urgency": (result.get("urgency") or {}).get("level"),
        "top": top.get("name"),
        "top_probability": top.get("probability"),
    }


def _pairs(doc: dict[str, Any]) -> state.Pairs:
    pairs: state.Pairs = [(k, doc[k]) for k in ("age", "sex") if doc.get(k) is not None]
    return pairs + list((doc.get("answers") or {}).items())


# --- pages -------------------------------------------------------------------------------


@pages.post("/my/assessments", dependencies=[Depends(check_form_csrf)])
def save_page(
    request: Request,
    store: StoreDep,
    who: Person,
    s: Annotated[str, Form(max_length=state.MAX_STATE_CHARS)] = "",
) -> Response:
    pairs, _ = state.load(get_kb(request), s)
    aid = _save(request, store, who, state.to_document(pairs))
    return RedirectResponse(f"/my/assessments/{aid}", status_code=303)


@pages.get("/my", response_class=HTMLResponse)
def my_page(request: Request, store: StoreDep, who: Person) -> Response:
    rows = [_summary(r) for r in store.list_assessments(who)]
    diary_shares: list[str] = []
    if request.app.state.settings.multi_user:
        diary_shares = request.app.state.accounts.diary_shared_with(require_user(request))
    from backstride.web.clinic_pages import pending_invitation

    return render(
        request,
        "my.html",
        {
            "assessments": list(reversed(rows)),
            "diary_shares": diary_shares,
            "pending_invite": pending_invitation(request) if rows else None,
        },
    )


@pages.get("/my/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment_page(request: Request, store: StoreDep, assessment_id: AssessmentId) -> Response:
    a = load_assessment(request, store, assessment_id)
    kb = get_kb(request)
    pairs = [(k, v) for k, v in _pairs(a["answers"]) if k in kb.findings]
    r = dict(a["result"])
    clinicians: list[str] = []
    pending = None
    if request.app.state.settings.multi_user and a["mine"]:
        from backstride.web.clinic_pages import pending_invitation

        pending = pending_invitation(request)
        # clinicians she already shares with or accepted an invitation from: one click each
        mine = request.app.state.accounts.my_clinicians(require_user(request))
        clinicians = [c for c in mine if c not in a["shared_with"]]
    return render(
        request,
        "saved.html",
        {
            "a": a,
            "my_clinicians": clinicians,
            "pending_invite": pending,
            "r": r,
            "s": state.encode(pairs),
            "answers_list": _answers_list(kb, pairs),
            "citations": kb.citations,
            "saved": True,
            "next_steps": next_step_links(r, state.encode(pairs)),
        },
    )


@pages.post(
    "/my/assessments/{assessment_id}/share",
    dependencies=[Depends(clinic_mode_only), Depends(check_form_csrf)],
)
def share_page(
    request: Request,
    assessment_id: AssessmentId,
    clinician: Annotated[str, Form(max_length=100)],
    diary: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Share this assessment; with ``diary`` ticked, the diary too (a separate choice)."""
    user = require_user(request)
    request.app.state.accounts.share(user, assessment_id, clinician, client_ip(request))
    if diary:
        request.app.state.accounts.share_diary(user, clinician, client_ip(request))
    return RedirectResponse(f"/my/assessments/{assessment_id}", status_code=303)


@pages.post(
    "/my/assessments/{assessment_id}/unshare",
    dependencies=[Depends(clinic_mode_only), Depends(check_form_csrf)],
)
def unshare_page(
    request: Request, assessment_id: AssessmentId, clinician: Annotated[str, Form(max_length=100)]
) -> Response:
    request.app.state.accounts.unshare(require_user(request), assessment_id, clinician)
    return RedirectResponse(f"/my/assessments/{assessment_id}", status_code=303)


@pages.get("/clinic", response_class=HTMLResponse, dependencies=[Depends(clinic_mode_only)])
def clinic_page(request: Request) -> Response:
    user = require_user(request)
    patients = request.app.state.accounts.patients(user)
    invitations = request.app.state.accounts.patient_invitations(user)
    clinician = user.role == "clinician"
    # a patient or administrator who opens it is told what it is for, with a 403
    return render(
        request,
        "clinic.html",
        {"patients": patients, "invitations": invitations, "is_clinician": clinician},
        200 if clinician else 403,
    )


# --- API ---------------------------------------------------------------------------------


class SavedSummary(BaseModel):
    id: int
    created_at: Any
    kb_version: str
    urgency: str | None
    top: str | None
    top_probability: float | None


class SavedAssessment(BaseModel):
    id: int
    created_at: Any
    kb_version: str
    answers: dict[str, Any]
    result: dict[str, Any]
    owner: str
    mine: bool
    shared_with: list[str]


class ShareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clinician: str = Field(max_length=100, description="The clinician's username")


class PatientShares(BaseModel):
    username: str
    assessments: list[SavedSummary]


@api.get("/assessments", response_model=list[SavedSummary])
def api_list(store: StoreDep, who: Person) -> list[dict[str, Any]]:
    """Your saved assessments, oldest first."""
    return [_summary(r) for r in store.list_assessments(who)]


@api.post(
    "/assessments",
    response_model=SavedAssessment,
    status_code=201,
    dependencies=[Depends(check_api_csrf)],
)
def api_save(
    body: m.AssessmentRequest, request: Request, store: StoreDep, who: Person
) -> dict[str, Any]:
    """Assess these answers and save the result to your record."""
    aid = _save(request, store, who, body.model_dump())
    return load_assessment(request, store, aid)


@api.get("/assessments/{assessment_id}", response_model=SavedAssessment, responses=m.NOT_FOUND)
def api_get(request: Request, store: StoreDep, assessment_id: AssessmentId) -> dict[str, Any]:
    """One saved assessment: yours, or one a patient shared with you."""
    return load_assessment(request, store, assessment_id)


shares_api = APIRouter(prefix="/api/v1", tags=["clinic"], responses=m.PROBLEM_RESPONSES)


@shares_api.post(
    "/assessments/{assessment_id}/shares",
    status_code=204,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_share(request: Request, assessment_id: AssessmentId, body: ShareRequest) -> None:
    """Share one of your assessments with a clinician (clinic mode)."""
    request.app.state.accounts.share(
        require_user(request), assessment_id, body.clinician, client_ip(request)
    )


@shares_api.delete(
    "/assessments/{assessment_id}/shares/{clinician}",
    status_code=204,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_unshare(
    request: Request, assessment_id: AssessmentId, clinician: Annotated[str, Path(max_length=100)]
) -> None:
    """Stop sharing an assessment with a clinician."""
    request.app.state.accounts.unshare(require_user(request), assessment_id, clinician)


@shares_api.get("/patients", response_model=list[PatientShares])
def api_patients(request: Request) -> list[dict[str, Any]]:
    """For clinicians: the patients who shared assessments with you, and only those."""
    return request.app.state.accounts.patients(require_user(request))
