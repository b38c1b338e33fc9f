"""Self-test results kept in the database: saved when a person finishes a self-test page, and
shown over time at ``/selftest-results`` (and ``GET /api/v1/selftest-results``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from backstride.web import api_models as m
from backstride.web.auth import Person, get_store
from backstride.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["self-tests"], responses=m.PROBLEM_RESPONSES)


def can_keep(request: Request) -> bool:
    """There is a database, and (in clinic mode) someone signed in to keep it for."""
    if request.app.state.features.get("storage") is None:
        return False
    multi = request.app.state.settings.multi_user
    return not multi or getattr(request.state, "user", None) is not None


def keep(request: Request, test: Any, results: dict[str, Any], findings: dict[str, Any]) -> bool:
    """Save a finished self-test for the person asking; False when there is nobody to keep it
    for (the result still goes into the answers in the link, as before)."""
    if not can_keep(request) or not results:
        return False
    from backstride.storage.selftests import record_selftest
    from backstride.web.auth import person

    record_selftest(get_store(request), person(request), test, results, findings)
    return True


def _history(request: Request, who: Any) -> list[dict[str, Any]]:
    from backstride.knowledge.selftests import load_selftests
    from backstride.storage.selftests import selftest_history

    tests = {t.id: t for t in load_selftests()}
    groups = selftest_history(get_store(request), who)
    for g in groups:
        test = tests.get(g["id"])
        for r in g["results"]:
            r["lines"] = _lines(test, r["measures"]) if test is not None else [r["outcome"]]
    return groups


def _lines(test: Any, measures: dict[str, Any]) -> list[str]:
    """Each question asked at the end of the test, with the answer given."""
    from backstride.storage.selftests import measure_text

    out = []
    for ms in test.measures:
        if measures.get(ms.id) is None:
            continue
        question = ms.question.split("?")[0] + "?" if "?" in ms.question else ms.question
        out.append(f"{question} {measure_text(ms, measures[ms.id])}")
    return out


@pages.get("/selftest-results", response_class=HTMLResponse)
def results_page(request: Request, who: Person) -> Response:
    return render(request, "selftest_results.html", {"groups": _history(request, who)})


@api.get("/selftest-results")
def api_results(request: Request, who: Person) -> list[dict[str, Any]]:
    """Your stored self-test results, by test, oldest first: when, the answers in words, and
    the measures as recorded."""
    groups = _history(request, who)
    for g in groups:
        for r in g["results"]:
            r["taken_at"] = r["taken_at"].isoformat()
            r.pop("lines", None)
    return groups
