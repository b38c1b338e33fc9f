"""Questionnaires in the web: fill one in, keep its score, see the scores over time.

The same instruments, item texts and scoring as ``backstride questionnaire``: the items are
described in our own words (``backstride.instruments``), or in a clinic's licensed wording when
the app was started with one (``Settings.wording_files``, read with ``load_wording``, the CLI's
``--wording``). Scores never depend on the wording. Saved with ``Store.save_scores``, as the CLI.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride import limits
from backstride.errors import NotFoundError
from backstride.web import api_models as m
from backstride.web.auth import Person, check_api_csrf, check_form_csrf, get_store
from backstride.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["questionnaires"], responses=m.PROBLEM_RESPONSES)
InstrumentId = Annotated[str, Path(max_length=40)]

#: what each questionnaire is for, in plain words (shown on the list page)
PURPOSE = {
    "start_back": "Nine quick questions that show how likely your back pain is to keep "
    "troubling you, and so how much help you may need.",
    "odi": "Ten parts about how much your back gets in the way of daily life: sitting, "
    "walking, sleep, travel and more. Often used to follow change over months.",
    "zcq": "For pain in the legs on walking: how bad the symptoms are, how far you can walk, "
    "and (after treatment) how pleased you are with it.",
    "sshq": "Ten yes-or-no questions about leg symptoms brought on by walking or standing.",
    "sugioka": "Seven short questions, including your age, that together suggest whether a "
    "narrowed spinal canal may be behind leg symptoms.",
}
#: instruments where an item may be left out (their scoring has a rule for missing items)
SKIPPABLE = ("odi", "zcq")


def _ids() -> tuple[str, ...]:
    from backstride.instruments import INSTRUMENT_IDS

    return INSTRUMENT_IDS


def _instrument(name: str) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in _ids():
        raise NotFoundError(
            f"There is no questionnaire {name!r}.", field="instrument", choices=list(_ids())
        )
    return key


def wordings(settings: Any) -> dict[str, Any]:
    """The licensed wording files given in the settings, by instrument (checked at start-up,
    so a bad file stops the app with the CLI's message instead of failing on a page)."""
    from backstride.errors import InputError
    from backstride.instruments import load_wording

    found: dict[str, Any] = {}
    for path in getattr(settings, "wording_files", ()) or ():
        w = load_wording(path)
        if w.instrument in found:
            raise InputError(
                f"Two wording files for {w.instrument!r}: {found[w.instrument].source} and "
                f"{w.source}. Give one per questionnaire.",
                field="wording",
            )
        found[w.instrument] = w
    return found


def _items(request: Request, instrument: str) -> tuple[Any, list[dict[str, Any]], Any]:
    from backstride.instruments import load_spec, present

    spec = load_spec(instrument)
    wording = getattr(request.app.state, "wordings", {}).get(instrument)
    items = []
    for item in present(instrument, wording):
        s_item = spec.item(item.id)
        items.append(
            {
                "id": item.id,
                "number": item.number,
                "text": item.text,
                "kind": s_item.kind,
                "group": s_item.group,
                "choices": [{"id": c.id, "text": c.text} for c in item.choices],
            }
        )
    return spec, items, wording


def _summaries(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from backstride.report.summary import questionnaire_summary

    return {q["instrument"]: q for q in questionnaire_summary(rows)}


def _use_links(request: Request, rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """For a questionnaire the diagnosis uses (the SSHQ), a link that starts an assessment
    with the latest result already answered, and what that result was."""
    from backstride.instruments import diagnostic_answers
    from backstride.web import state
    from backstride.web.deps import get_kb

    kb = get_kb(request)
    found = diagnostic_answers(rows)
    return {
        got["instrument"]: {
            "href": "/interview?s=" + state.encode([(fid, got["value"])]),
            "verdict": got["verdict"],
        }
        for fid, got in found.items()
        if fid in kb.findings  # a knowledge base without the finding offers no link
    }


def _form_page(
    request: Request,
    instrument: str,
    *,
    given: dict[str, str] | None = None,
    error: str = "",
    error_fields: tuple[str, ...] = (),
    status: int = 200,
) -> Response:
    spec, items, wording = _items(request, instrument)
    return render(
        request,
        "questionnaire.html",
        {
            "spec": spec,
            "items": items,
            "licensed": wording is not None,
            "skippable": instrument in SKIPPABLE,
            "given": given or {},
            "error": error,
            "error_fields": error_fields,
        },
        status,
    )


# --- pages -------------------------------------------------------------------------------


@pages.get("/questionnaires", response_class=HTMLResponse)
def list_page(
    request: Request,
    who: Person,
    saved: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    from backstride.instruments import load_spec

    rows = get_store(request).list_scores(who)  # one query serves both
    done = _summaries(rows)
    use = _use_links(request, rows)
    shown = [
        {
            "id": i,
            "spec": load_spec(i),
            "purpose": PURPOSE.get(i, ""),
            "summary": done.get(i),
            "use": use.get(i),
        }
        for i in _ids()
    ]
    just = done.get(saved)
    return render(request, "questionnaires.html", {"instruments": shown, "saved": just})


@pages.get("/questionnaires/{instrument}", response_class=HTMLResponse)
def form_page(request: Request, who: Person, instrument: InstrumentId) -> Response:
    return _form_page(request, _instrument(instrument))


@pages.post("/questionnaires/{instrument}", dependencies=[Depends(check_form_csrf)])
async def form_save(request: Request, who: Person, instrument: InstrumentId) -> Response:
    from backstride.errors import InputError
    from backstride.report.questionnaire import score_record

    key = _instrument(instrument)
    spec, items, wording = _items(request, key)
    form = await request.form()
    given = {i["id"]: str(form.get(i["id"], "")).strip()[: limits.MAX_NUMBER_CHARS] for i in items}
    answers: dict[str, Any] = {k: v for k, v in given.items() if v}
    treated = str(form.get("treated", "")) == "yes"
    if key == "zcq" and not treated:  # satisfaction is only for people who had treatment
        answers = {k: v for k, v in answers.items() if spec.item(k).group != "satisfaction"}
    from backstride.instruments._common import resolve_answers

    try:
        resolve_answers(spec, answers)  # a value no choice has: the scorer's own message
    except InputError as err:
        return _form_page(
            request,
            key,
            given=given,
            error=err.message,
            error_fields=(err.field or "",),
            status=422,
        )
    missing = [
        n
        for n, i in enumerate(items, 1)
        if key not in SKIPPABLE and i["id"] not in answers and i["group"] != "satisfaction"
    ]
    if missing:
        shown = ", ".join(map(str, missing))
        return _form_page(
            request,
            key,
            given=given,
            error=f"Please answer every question. Not answered yet: question {shown} "
            f"(of {len(items)}). Nothing was saved.",
            error_fields=tuple(f"{key}.{items[n - 1]['id']}" for n in missing),
            status=422,
        )
    try:
        _, record = score_record(key, answers, wording_source=wording.source if wording else None)
    except InputError as err:
        return _form_page(
            request,
            key,
            given=given,
            error=err.message,
            error_fields=(err.field or "",),
            status=422,
        )
    get_store(request).save_scores(who, key, record)
    return RedirectResponse(f"/questionnaires?saved={key}#q-{key}", status_code=303)


# --- API ---------------------------------------------------------------------------------


class QuestionnaireAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, str | int | None] = Field(
        description="Item id -> choice id (or the age in years for an age item); leave an item "
        "out to skip it where the questionnaire allows that"
    )


@api.get("/questionnaires")
def api_list(request: Request) -> list[dict[str, Any]]:
    """Every questionnaire: its items as shown (our own words, or the clinic's licensed
    wording) with the choice ids to send back."""
    out = []
    for i in _ids():
        spec, items, wording = _items(request, i)
        out.append(
            {
                "id": i,
                "name": spec.name,
                "short_name": spec.short_name,
                "recall": spec.recall,
                "wording": wording.source if wording else "own",
                "items": items,
            }
        )
    return out


@api.get("/questionnaires/scores")
def api_scores(request: Request, who: Person) -> list[dict[str, Any]]:
    """Your stored scores: the latest of each questionnaire, its history and the change
    against the smallest change that matters to people (as in the PDF report)."""
    from backstride.report.summary import plain

    return [plain(q) for q in _summaries(get_store(request).list_scores(who)).values()]


@api.post(
    "/questionnaires/{instrument}",
    status_code=201,
    dependencies=[Depends(check_api_csrf)],
    responses=m.NOT_FOUND,
)
def api_save(
    request: Request, who: Person, instrument: InstrumentId, body: QuestionnaireAnswers
) -> dict[str, Any]:
    """Score one filled-in questionnaire and keep it (like ``backstride questionnaire``)."""
    from backstride.report.questionnaire import score_record
    from backstride.report.summary import headline, plain

    key = _instrument(instrument)
    wording = getattr(request.app.state, "wordings", {}).get(key)
    answers = {k: v for k, v in body.answers.items() if v is not None and v != ""}
    _, record = score_record(key, answers, wording_source=wording.source if wording else None)
    new_id = get_store(request).save_scores(who, key, record)
    scores = {k: v for k, v in record.items() if k != "answers"}
    return {"id": new_id, "instrument": key, "headline": headline(key, scores), **plain(record)}


def install(app: FastAPI) -> None:
    """Check the licensed wording files, then add the pages and API."""
    app.state.wordings = wordings(app.state.settings)
    app.include_router(pages)
    app.include_router(api)
