"""REST API ``/api/v1``: the stateless assessment and the knowledge base."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from backstride.knowledge.kb import KnowledgeBase
from backstride.web import api_models as m
from backstride.web import service
from backstride.web.deps import get_kb, get_settings
from backstride.web.settings import Settings

router = APIRouter(prefix="/api/v1", responses=m.PROBLEM_RESPONSES)
KB = Annotated[KnowledgeBase, Depends(get_kb)]
IdPath = Annotated[str, Path(max_length=100)]


@router.post("/assessment", response_model=m.AssessmentResponse, tags=["assessment"])
async def post_assessment(body: m.AssessmentRequest, request: Request) -> JSONResponse:
    """One step of the interview, stateless.

    Send age, sex and every answer so far. A number answer may be a number in the finding's
    unit or a string with a unit: "3 days" or "2 months" (or the day it began, "since Saturday",
    on the person's date from the backstride_tz cookie, else the server's) for duration_weeks; "10 minutes",
    "200 metres", "half a mile" or "3 blocks" for walk_minutes (a distance is kept as
    walk_metres). The reply holds the next question to ask (or
    ``should_stop: true``), the urgency, the ranked likely causes with the reasons for and
    against each, the warning signs found, contributing factors and suggested self-tests.
    """
    # Async, and the knowledge base read straight from the app: one step is about a
    # millisecond of pure computation, less than the hop to the thread pool that a plain
    # `def` handler (and a `def` dependency) would cost.
    # Returned as a ready JSONResponse: FastAPI then skips re-validating this large reply
    # against the response model (tests check that the two agree).
    from backstride.intake.typed import typed_document  # "3 days", "200 metres": see there
    from backstride.web.zones import browser_today  # "since Saturday": the person's day

    kb: KnowledgeBase = request.app.state.kb
    data = typed_document(kb, body.model_dump(), today=browser_today(request))
    return JSONResponse(service.interview_step(kb, data))


@router.get("/conditions", response_model=list[m.ConditionSummary], tags=["knowledge base"])
def list_conditions(kb: KB) -> list[dict[str, Any]]:
    """Every condition the knowledge base knows about."""
    return [service.condition_summary(kb, cid) for cid in kb.conditions]


@router.get(
    "/conditions/{condition_id}",
    response_model=m.ConditionDetail,
    responses=m.NOT_FOUND,
    tags=["knowledge base"],
)
def get_condition(condition_id: IdPath, kb: KB) -> dict[str, Any]:
    """A condition card: what it is, its evidence table and the sources behind it."""
    return service.get_condition(kb, condition_id)


@router.get("/findings", response_model=list[m.Finding], tags=["knowledge base"])
def list_findings(kb: KB) -> list[dict[str, Any]]:
    """Every finding (question) with its answer type and valid answers."""
    return [service.finding_view(kb, fid) for fid in kb.findings]


@router.get(
    "/findings/{finding_id}",
    response_model=m.Finding,
    responses=m.NOT_FOUND,
    tags=["knowledge base"],
)
def get_finding(finding_id: IdPath, kb: KB) -> dict[str, Any]:
    """One finding."""
    return service.get_finding(kb, finding_id)


@router.get("/health", response_model=m.Health, tags=["service"])
def health(kb: KB, settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, Any]:
    """Liveness and the knowledge-base version in use."""
    return {"status": "ok", "kb_version": kb.version, "multi_user": settings.multi_user}
