"""The self-care plan and the self-test guides (pages and API), from backstride.plan and
backstride.knowledge.selftests. Both are stateless: they read the answers carried in the
link (pages) or the request body (API), like the interview."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride.engine import assess, parse_answers
from backstride.knowledge.kb import KnowledgeBase
from backstride.web import api_models as m
from backstride.web import state
from backstride.web.deps import get_kb
from backstride.web.pages import render

KB = Annotated[KnowledgeBase, Depends(get_kb)]
StateQ = Annotated[str, Query(max_length=state.MAX_STATE_CHARS)]
TestId = Annotated[str, Path(max_length=100)]


def make_plan(kb: KnowledgeBase, doc: dict[str, Any]) -> dict[str, Any]:
    from backstride.plan import build_plan

    answers = parse_answers(kb, doc)
    result = assess(kb, answers).to_dict()
    plan: dict[str, Any] = build_plan(result, answers.to_json(), kb).to_dict()
    return plan


def _tests() -> dict[str, Any]:
    from backstride.knowledge.selftests import load_selftests

    return {t.id: t for t in load_selftests()}


def _test(test_id: str) -> Any:
    from backstride.errors import NotFoundError

    tests = _tests()
    if test_id not in tests:
        raise NotFoundError(
            f"There is no self-test {test_id!r}.", field="test_id", choices=list(tests)
        )
    return tests[test_id]


# --- plan --------------------------------------------------------------------------------

plan_pages = APIRouter(include_in_schema=False)
plan_api = APIRouter(prefix="/api/v1", tags=["plan"], responses=m.PROBLEM_RESPONSES)


def _latest_saved(request: Request, kb: KnowledgeBase) -> str:
    """The state string of the person's latest saved assessment ('' if none or not signed in)."""
    if request.app.state.features.get("storage") is None:
        return ""
    if request.app.state.settings.multi_user and getattr(request.state, "user", None) is None:
        return ""
    from backstride.web.auth import get_store, person
    from backstride.web.saved import _pairs

    rows = get_store(request).list_assessments(person(request))
    if not rows:
        return ""
    doc = rows[-1]["answers"] or {}
    return state.encode([(k, v) for k, v in _pairs(doc) if k in kb.findings])


@plan_pages.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, kb: KB, s: StateQ = "") -> Response:
    pairs, _ = state.load(kb, s)
    if not pairs:
        saved = _latest_saved(request, kb)
        if saved:
            return RedirectResponse(f"/plan?s={saved}", status_code=303)
        return render(request, "plan.html", {"plan": None, "s": ""})
    plan = make_plan(kb, state.to_document(pairs))
    return render(request, "plan.html", {"plan": plan, "s": s, "running": _running(request)})


def _running(request: Request) -> dict | None:
    """The walking programme already running for this person, if any (its current week), so
    the plan page does not offer week 1 as if nothing had been done."""
    if not request.app.state.features.get("storage"):
        return None
    if request.app.state.settings.multi_user and getattr(request.state, "user", None) is None:
        return None
    from backstride.web.auth import get_store, person

    saved = get_store(request).get_programme_state(person(request))
    return dict(saved["current"]) if saved and saved.get("current") else None


@plan_api.post("/plan")
def api_plan(body: m.AssessmentRequest, kb: KB) -> dict[str, Any]:
    """The personal self-care plan for these answers: what to do now, exercises, a graded
    walking programme, habits and the safety net, each with its evidence. Stateless."""
    return make_plan(kb, body.model_dump())


# --- self-tests --------------------------------------------------------------------------

st_pages = APIRouter(include_in_schema=False)
st_api = APIRouter(prefix="/api/v1", tags=["self-tests"], responses=m.PROBLEM_RESPONSES)


class SelfTestResults(BaseModel):
    model_config = ConfigDict(extra="forbid")
    results: dict[str, m.AnswerValue] = Field(
        default_factory=dict, description="Measure id -> option id or number"
    )


class SelfTestFindings(BaseModel):
    findings: dict[str, str | float] = Field(
        description="Finding id -> value, to add to 'answers' in POST /api/v1/assessment"
    )


def _to_latest_saved(request: Request, kb: KnowledgeBase, s: str) -> Response | None:
    """Opened from the menu (no answers in the link): carry the latest saved result, as My plan
    does, so a self-test adds to the person's own answers rather than to an empty interview."""
    saved = "" if s else _latest_saved(request, kb)
    return RedirectResponse(f"{request.url.path}?s={saved}", status_code=303) if saved else None


@st_pages.get("/selftests", response_class=HTMLResponse)
def selftests_page(request: Request, kb: KB, s: StateQ = "") -> Response:
    if (to := _to_latest_saved(request, kb, s)) is not None:
        return to
    return render(request, "selftests.html", {"tests": list(_tests().values()), "s": s})


@st_pages.get("/selftests/{test_id}", response_class=HTMLResponse)
def selftest_page(request: Request, kb: KB, test_id: TestId, s: StateQ = "") -> Response:
    if (to := _to_latest_saved(request, kb, s)) is not None:
        return to
    state.load(kb, s)  # a damaged link fails here, not after the person did the test
    return render(request, "selftest.html", {"t": _test(test_id), "s": s, "error": "", "given": {}})


@st_pages.post("/selftests/{test_id}")
async def selftest_done(request: Request, kb: KB, test_id: TestId) -> Response:
    from backstride.errors import InputError
    from backstride.knowledge.selftests import interpret

    test = _test(test_id)
    form = await request.form()
    s = str(form.get("s", ""))[: state.MAX_STATE_CHARS]
    pairs, _ = state.load(kb, s)
    given = {ms.id: str(form.get(ms.id, "")).strip()[:50] for ms in test.measures}
    results = {k: v for k, v in given.items() if v}
    try:
        found = interpret(test, results)
    except InputError as err:
        return render(
            request, "selftest.html", {"t": test, "s": s, "error": err.message, "given": given}, 422
        )
    from backstride.web import selftest_results

    if selftest_results.can_keep(request):  # it writes to the database: the form's token too
        from backstride.web.auth import check_form_csrf

        check_form_csrf(request, str(form.get("csrf", ""))[:100])
        selftest_results.keep(request, test, results, found)
    found = {k: v for k, v in found.items() if k in kb.findings}
    pairs = [p for p in pairs if p[0] not in found] + list(found.items())
    _, answers = state.load(kb, state.encode(pairs))
    new = state.encode(state.canonical(answers, pairs))
    return RedirectResponse(f"/result?s={new}#tests-title", status_code=303)


@st_api.get("/selftests")
def api_selftests() -> list[dict[str, Any]]:
    """Every guided self-test: who should not do it, what you need, the steps, when to stop,
    how to read it, and the questions asked at the end."""
    return [t.model_dump() for t in _tests().values()]


@st_api.get("/selftests/{test_id}", responses=m.NOT_FOUND)
def api_selftest(test_id: TestId) -> dict[str, Any]:
    """One self-test guide."""
    data: dict[str, Any] = _test(test_id).model_dump()
    return data


@st_api.post(
    "/selftests/{test_id}/findings", response_model=SelfTestFindings, responses=m.NOT_FOUND
)
def api_selftest_findings(test_id: TestId, body: SelfTestResults) -> dict[str, Any]:
    """Turn a self-test's results into findings to send with the next assessment."""
    from backstride.knowledge.selftests import interpret

    results = {k: v for k, v in body.results.items() if v is not None}
    return {"findings": interpret(_test(test_id), results)}


def install(app: FastAPI, features: dict[str, Any]) -> None:
    """Add the routes whose backing modules are installed (see ``detect_features``)."""
    if features.get("build_plan") is not None:
        app.include_router(plan_pages)
        app.include_router(plan_api)
    if features.get("load_selftests") is not None:
        app.include_router(st_pages)
        app.include_router(st_api)
