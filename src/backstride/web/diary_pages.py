"""Diary form, progress page with its chart, and the matching API (storage-backed)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path as FsPath
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride import limits
from backstride.diary.records import (
    RELIEVED_BY,
    SYMPTOM_REACH,
    DiaryEntry,
    describe_entry,
    require_content,
)
from backstride.errors import InputError, NotFoundError
from backstride.storage import Store
from backstride.web import api_models as m
from backstride.web.auth import Person, check_api_csrf, check_form_csrf, get_store
from backstride.web.pages import render

Day = m.Day
pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["diary and progress"], responses=m.PROBLEM_RESPONSES)
StoreDep = Annotated[Store, Depends(get_store)]

REACH_LABELS = {
    "none": "No symptoms at all",
    "back_only": "Only in my back",
    "buttock": "Down to my buttock",
    "thigh": "Down my thigh",
    "below_knee": "Below my knee",
}
RELIEF_LABELS = {
    "sitting": "Sitting down",
    "bending_forward": "Bending forward",
    "standing_still": "Standing still",
    "nothing": "Nothing helped",
}


class DiaryEntryIn(BaseModel):
    """Limits from ``backstride.limits``, the same as the CLI's and the diary form's."""

    model_config = ConfigDict(extra="forbid")
    day: Day | None = Field(default=None, description="Local date; default today")
    pain_now: m.Pain | None = Field(default=None, description="0 none to 10 worst")
    walk_minutes: m.in_range(limits.WALK_MINUTES) | None = None  # type: ignore[valid-type]
    walk_distance_m: m.in_range(limits.WALK_DISTANCE_M) | None = None  # type: ignore[valid-type]
    onset_minutes: m.in_range(limits.ONSET_MINUTES) | None = Field(  # type: ignore[valid-type]
        default=None, description="Minutes of walking before symptoms began"
    )
    symptom_reach: Literal["none", "back_only", "buttock", "thigh", "below_knee"] | None = None
    relieved_by: Literal["sitting", "bending_forward", "standing_still", "nothing"] | None = None
    notes: m.Notes = ""


class DiaryEntryOut(BaseModel):
    """What is stored, as stored: no input limits here (older rows may lie outside them)."""

    id: int
    day: date
    pain_now: int | None = None
    walk_minutes: float | None = None
    walk_distance_m: float | None = None
    onset_minutes: float | None = None
    symptom_reach: str | None = None
    relieved_by: str | None = None
    notes: str = ""
    summary: str


class TrendOut(BaseModel):
    first: float
    last: float
    direction: str


class WeekOut(BaseModel):
    start: date
    entries: int
    minutes_to_onset: float | None
    metres_to_onset: float | None
    pain: float | None
    steps_per_day: float | None
    device_walk_km: float


class ProgressOut(BaseModel):
    diary_entries: int
    walks: int
    out_of_range: int = Field(
        0, description="Stored records dated outside 2000..tomorrow, left out of weeks and trends"
    )
    weeks: list[WeekOut]
    trends: dict[str, TrendOut | None]


def _entry(fields: DiaryEntryIn) -> DiaryEntry:
    data = fields.model_dump()
    data["day"] = data["day"] or date.today()
    return require_content(DiaryEntry(**data))


def _out(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row for display: never re-checked against the input limits."""
    keys = [k for k in DiaryEntryOut.model_fields if k not in ("id", "summary")]
    shown = {k: row.get(k) for k in keys}
    shown["notes"] = shown["notes"] or ""
    return {**shown, "id": row["id"], "summary": describe_entry(SimpleNamespace(**shown))}


def _num(value: str, name: str, limit: limits.Range) -> float | None:
    if not value.strip():
        return None
    if len(value) > limits.MAX_NUMBER_CHARS:
        raise InputError(f"{value[:12]}... is not a number you can mean.", field=name)
    try:
        x = float(value.replace(",", "."))
    except ValueError:
        raise InputError(f"{value!r} is not a number.", field=name) from None
    return limit.check(x, name)


# --- pages -------------------------------------------------------------------------------


def _diary_page(
    request: Request,
    store: Store,
    who: Any,
    *,
    error: str = "",
    added: bool = False,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    rows = [_out(r) for r in store.list_diary_entries(who)]
    return render(
        request,
        "diary.html",
        {
            "entries": list(reversed(rows))[:30],
            "error": error,
            "added": added,
            "today": date.today().isoformat(),
            "reach": REACH_LABELS,
            "relief": RELIEF_LABELS,
            "form": form or {},
        },
        status,
    )


@pages.get("/diary", response_class=HTMLResponse)
def diary_page(
    request: Request, store: StoreDep, who: Person, added: Annotated[int, Query(ge=0, le=1)] = 0
) -> Response:
    return _diary_page(request, store, who, added=bool(added))


@pages.post("/diary", dependencies=[Depends(check_form_csrf)])
def diary_add(
    request: Request,
    store: StoreDep,
    who: Person,
    day: Annotated[str, Form(max_length=20)] = "",
    pain_now: Annotated[str, Form(max_length=10)] = "",
    walk_minutes: Annotated[str, Form(max_length=20)] = "",
    walk_distance_m: Annotated[str, Form(max_length=20)] = "",
    onset_minutes: Annotated[str, Form(max_length=20)] = "",
    symptom_reach: Annotated[str, Form(max_length=20)] = "",
    relieved_by: Annotated[str, Form(max_length=20)] = "",
    notes: Annotated[str, Form(max_length=limits.MAX_NOTES_CHARS)] = "",
) -> Response:
    form = dict(
        day=day,
        pain_now=pain_now,
        walk_minutes=walk_minutes,
        walk_distance_m=walk_distance_m,
        onset_minutes=onset_minutes,
        symptom_reach=symptom_reach,
        relieved_by=relieved_by,
        notes=notes,
    )
    try:
        try:
            when = date.fromisoformat(day) if day else date.today()
        except ValueError:
            raise InputError(f"{day!r} is not a date.", field="day") from None
        pain = limits.check_pain(_num(pain_now, "pain_now", limits.PAIN))
        if symptom_reach and symptom_reach not in SYMPTOM_REACH:
            raise InputError(
                "Choose how far the symptoms went.", field="symptom_reach", choices=SYMPTOM_REACH
            )
        if relieved_by and relieved_by not in RELIEVED_BY:
            raise InputError("Choose what eased them.", field="relieved_by", choices=RELIEVED_BY)
        entry = DiaryEntry(
            day=when,
            pain_now=pain,
            walk_minutes=_num(walk_minutes, "walk_minutes", limits.WALK_MINUTES),
            walk_distance_m=_num(walk_distance_m, "walk_distance_m", limits.WALK_DISTANCE_M),
            onset_minutes=_num(onset_minutes, "onset_minutes", limits.ONSET_MINUTES),
            symptom_reach=symptom_reach or None,
            relieved_by=relieved_by or None,
            notes=notes.strip(),
        )
        require_content(entry)
    except InputError as err:
        return _diary_page(request, store, who, error=err.message, status=422, form=form)
    store.add_diary_entry(who, entry)
    return RedirectResponse("/diary?added=1", status_code=303)


def _chart_svg(store: Store, who: Any) -> bytes | None:
    from backstride.diary.progress import gather
    from backstride.report.charts import render as render_chart

    progress = gather(store, who)
    if progress.empty:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = FsPath(tmp) / "progress.svg"
        try:
            render_chart(progress, path)
        except InputError:
            return None
        return path.read_bytes()


def _progress(store: Store, who: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from backstride.diary.progress import gather

    p = gather(store, who)
    return {
        "diary_entries": len(p.diary),
        "walks": len(p.walks),
        "weeks": [asdict(w) for w in p.weeks],
        "trends": {k: (asdict(v) if v is not None else None) for k, v in p.trends.items()},
        "out_of_range": p.out_of_range,
    }


@pages.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, store: StoreDep, who: Person) -> Response:
    from backstride.web.report_pages import programme_now

    data = _progress(store, who)
    return render(
        request,
        "progress.html",
        {
            "p": data,
            "has_chart": data["diary_entries"] > 0 or data["walks"] > 0,
            "programme": programme_now(store, who),
        },
    )


@pages.get("/progress/chart.svg")
async def progress_chart(store: StoreDep, who: Person) -> Response:
    svg = await run_in_threadpool(_chart_svg, store, who)
    if svg is None:
        raise NotFoundError("Nothing to chart yet: add a diary entry first.", field="diary")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


# --- API ---------------------------------------------------------------------------------


@api.get("/diary", response_model=list[DiaryEntryOut])
def api_diary(store: StoreDep, who: Person) -> list[dict[str, Any]]:
    """Your diary entries, oldest first."""
    return [_out(r) for r in store.list_diary_entries(who)]


@api.post(
    "/diary", response_model=DiaryEntryOut, status_code=201, dependencies=[Depends(check_api_csrf)]
)
def api_diary_add(body: DiaryEntryIn, store: StoreDep, who: Person) -> dict[str, Any]:
    """Add a diary entry: pain, how long and how far you walked, when symptoms began."""
    entry = _entry(body)
    new_id = store.add_diary_entry(who, entry)
    return {**body.model_dump(), "day": entry.day, "id": new_id, "summary": describe_entry(entry)}


@api.get("/progress", response_model=ProgressOut)
def api_progress(store: StoreDep, who: Person) -> dict[str, Any]:
    """Weekly walking tolerance, pain and steps, with the trend of each."""
    return _progress(store, who)


@api.get("/progress/chart.svg", responses={200: {"content": {"image/svg+xml": {}}}, **m.NOT_FOUND})
async def api_progress_chart(store: StoreDep, who: Person) -> Response:
    """The progress chart as SVG."""
    return await progress_chart(store, who)
