"""Diary form, progress page with its chart, and the matching API (storage-backed)."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path as FsPath
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride import limits
from backstride.diary.amounts import read_distance_m, read_minutes
from backstride.diary.records import (
    DIARY_ACTIVITIES,
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
from backstride.web.zones import person_today, request_zone

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
ACTIVITY_LABELS = {"walk": "A walk", "run": "A run"}
assert tuple(ACTIVITY_LABELS) == DIARY_ACTIVITIES
Activity = Literal["walk", "run"]  # DIARY_ACTIVITIES
ACTIVITY_HELP = "walk or run. Runs are kept out of the walking trend and the walking programme"


#: a walking time or distance typed with its unit, read as `backstride log` reads it
Typed = Annotated[
    str,
    Field(
        max_length=limits.MAX_AMOUNT_FORM_CHARS,
        description='As typed: "25 min", "half an hour", "800m", "1 mile", "3 blocks"',
    ),
]


DAY_RANGE = f"from {limits.EARLIEST_DAY.isoformat()} to today"


class DiaryEntryIn(BaseModel):
    """Limits from ``backstride.limits``, the same as the CLI's and the diary form's."""

    model_config = ConfigDict(extra="forbid")
    day: Day | None = Field(default=None, description=f"Local date, {DAY_RANGE}; default today")
    pain_now: m.Pain | None = Field(default=None, description="0 none to 10 worst")
    walk_minutes: m.in_range(limits.WALK_MINUTES) | Typed | None = None  # type: ignore[valid-type]
    walk_distance_m: m.in_range(limits.WALK_DISTANCE_M) | Typed | None = None  # type: ignore[valid-type]
    onset_minutes: m.in_range(limits.ONSET_MINUTES) | Typed | None = Field(  # type: ignore[valid-type]
        default=None, description="Minutes of walking before symptoms began"
    )
    symptom_reach: Literal["none", "back_only", "buttock", "thigh", "below_knee"] | None = None
    relieved_by: Literal["sitting", "bending_forward", "standing_still", "nothing"] | None = None
    notes: m.Notes = ""
    activity: Activity = Field(default="walk", description=ACTIVITY_HELP)


class DiaryEntryPatch(BaseModel):
    """Change an entry: only the fields sent change; ``null`` empties a field. The whole
    entry is then checked again, as a new one is (limits, no future day, onset within the walk)."""

    model_config = ConfigDict(extra="forbid")
    day: Day | None = Field(default=None, description=f"Local date, {DAY_RANGE}")
    pain_now: m.Pain | None = None
    walk_minutes: m.in_range(limits.WALK_MINUTES) | Typed | None = None  # type: ignore[valid-type]
    walk_distance_m: m.in_range(limits.WALK_DISTANCE_M) | Typed | None = None  # type: ignore[valid-type]
    onset_minutes: m.in_range(limits.ONSET_MINUTES) | Typed | None = None  # type: ignore[valid-type]
    symptom_reach: Literal["none", "back_only", "buttock", "thigh", "below_knee"] | None = None
    relieved_by: Literal["sitting", "bending_forward", "standing_still", "nothing"] | None = None
    notes: m.Notes | None = None
    activity: Activity | None = Field(default=None, description=ACTIVITY_HELP + "; null: walk")


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
    activity: str = Field("walk", description="walk or run")
    summary: str
    updated_at: datetime | None = Field(None, description="When the entry was last edited (UTC)")


class TrendOut(BaseModel):
    first: float
    last: float
    direction: str


class WeekOut(BaseModel):
    start: date = Field(
        description="First day: a Monday, or while a walking programme runs the weekday it started"
    )
    end: date | None = Field(None, description="Last day (start + 6 days)")
    programme_week: int | None = Field(
        None, description="The walking programme's week number (1 = the week it started)"
    )
    entries: int
    minutes_to_onset: float | None
    metres_to_onset: float | None
    pain: float | None
    steps_per_day: float | None
    device_walk_km: float = Field(description="Walks and hikes recorded by a device, km")
    device_run_km: float = Field(0.0, description="Runs recorded by a device, km (not walks)")
    runs: int = Field(0, description="Runs logged in the diary (counted in entries, not walks)")


class ProgressOut(BaseModel):
    diary_entries: int
    runs: int = Field(0, description="Diary entries that are runs: left out of the walking trends")
    walks: int
    out_of_range: int = Field(
        0, description="Stored records dated outside 2000..tomorrow, left out of weeks and trends"
    )
    weeks: list[WeekOut]
    trends: dict[str, TrendOut | None]
    period_start: date | None = Field(None, description="First day shown (the person's own period)")
    period_end: date | None = Field(None, description="Last day shown")
    before_period: int = Field(0, description="Older stored records left out of the period")
    week_anchor: date | None = Field(
        None, description="The day the walking programme started: weeks are counted from it"
    )


def _today(request: Request) -> date | None:
    """The person's own date: in their saved or browser's zone (``web.zones``), or where the
    server runs on their machine (single-person mode). A clinic server that knows neither
    returns None: entries are then checked against the latest date anywhere
    (``limits.latest_day``)."""
    zone = request_zone(request)
    if not zone.known and request.app.state.settings.multi_user:
        return None
    return zone.today()


def _entry(request: Request, data: dict[str, Any]) -> DiaryEntry:
    """The one way an entry enters from the web: the limits, then the day against today."""
    data = {**data, "day": data.get("day") or person_today(request)}
    entry = require_content(DiaryEntry(**data))
    limits.check_day(entry.day, today=_today(request))
    return entry


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in DiaryEntryIn.model_fields} | {"notes": row.get("notes") or ""}


def _out(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row for display: never re-checked against the input limits."""
    keys = [k for k in DiaryEntryOut.model_fields if k not in ("id", "summary", "updated_at")]
    shown = {k: row.get(k) for k in keys}
    shown["notes"] = shown["notes"] or ""
    shown["activity"] = shown["activity"] or "walk"
    return {
        **shown,
        "id": row["id"],
        "summary": describe_entry(SimpleNamespace(**shown)),
        "updated_at": _utc(row.get("updated_at")),
    }


def _utc(moment: datetime | None) -> datetime | None:
    """Stored datetimes are naive UTC; the API says so (an RFC 3339 date-time has an offset)."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


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


def _time(value: str | float | None, name: str, limit: limits.Range) -> float | None:
    """Minutes from the form or the API: a number, or text as `backstride log` reads it
    ("25", "25 min", "half an hour")."""
    if value is None or isinstance(value, float | int):
        return value
    return read_minutes(value, limit, name) if value.strip() else None


def _distance(value: str | float | None, name: str) -> float | None:
    """Metres from the form or the API: a number, or text as `backstride log` reads it
    ("800m", "1.2km", "1 mile", "3 blocks"); a bare number is metres here."""
    if value is None or isinstance(value, float | int):
        return value
    return read_distance_m(value.strip(), name) if value.strip() else None


def _typed(body: dict[str, Any]) -> dict[str, Any]:
    """The API's walking fields, numbers or typed text, as numbers."""
    out = dict(body)
    for key, limit in (
        ("walk_minutes", limits.WALK_MINUTES),
        ("onset_minutes", limits.ONSET_MINUTES),
    ):
        if key in out:
            out[key] = _time(out[key], key, limit)
    if "walk_distance_m" in out:
        out["walk_distance_m"] = _distance(out["walk_distance_m"], "walk_distance_m")
    return out


# --- pages ---------------------------------------------------------------------------------

FORM_KEYS = (
    "day",
    "pain_now",
    "walk_minutes",
    "walk_distance_m",
    "onset_minutes",
    "symptom_reach",
    "relieved_by",
    "notes",
    "activity",
)


def _diary_page(
    request: Request,
    store: Store,
    who: Any,
    *,
    error: str = "",
    done: str = "",
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
            "done": done,
            "today": person_today(request).isoformat(),
            "latest": (_today(request) or limits.latest_day()).isoformat(),
            "zone": request_zone(request),
            "reach": REACH_LABELS,
            "relief": RELIEF_LABELS,
            "activities": ACTIVITY_LABELS,
            "form": form or {},
        },
        status,
    )


def _edit_page(
    request: Request, entry_id: int, form: dict[str, str], *, error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "diary_edit.html",
        {
            "entry_id": entry_id,
            "error": error,
            "today": person_today(request).isoformat(),
            "latest": (_today(request) or limits.latest_day()).isoformat(),
            "zone": request_zone(request),
            "reach": REACH_LABELS,
            "relief": RELIEF_LABELS,
            "activities": ACTIVITY_LABELS,
            "form": form,
        },
        status,
    )


def _form_values(row: dict[str, Any]) -> dict[str, str]:
    """A stored entry as the form's text fields."""
    out = {}
    for key in FORM_KEYS:
        value = row.get(key)
        out[key] = (
            ""
            if value is None
            else (
                value.isoformat()
                if key == "day"
                else f"{value:g}"
                if isinstance(value, float)
                else str(value)
            )
        )
    return out


def _form_entry(request: Request, form: dict[str, str]) -> DiaryEntry:
    """The form's text, read and checked as the API's JSON is (one rule for both)."""
    day = form["day"]
    try:
        when = date.fromisoformat(day) if day else person_today(request)
    except ValueError:
        raise InputError(f"{day[:40]!r} is not a date. Use YYYY-MM-DD.", field="day") from None
    if form["symptom_reach"] and form["symptom_reach"] not in SYMPTOM_REACH:
        raise InputError(
            "Choose how far the symptoms went.", field="symptom_reach", choices=SYMPTOM_REACH
        )
    if form["relieved_by"] and form["relieved_by"] not in RELIEVED_BY:
        raise InputError("Choose what eased them.", field="relieved_by", choices=RELIEVED_BY)
    return _entry(
        request,
        {
            "day": when,
            "pain_now": limits.check_pain(_num(form["pain_now"], "pain_now", limits.PAIN)),
            "walk_minutes": _time(form["walk_minutes"], "walk_minutes", limits.WALK_MINUTES),
            "walk_distance_m": _distance(form["walk_distance_m"], "walk_distance_m"),
            "onset_minutes": _time(form["onset_minutes"], "onset_minutes", limits.ONSET_MINUTES),
            "symptom_reach": form["symptom_reach"] or None,
            "relieved_by": form["relieved_by"] or None,
            "notes": form["notes"].strip(),
            # checked by DiaryEntry: another word is refused, naming it and the choices
            "activity": form["activity"] or "walk",
        },
    )


FormText = Annotated[str, Form(max_length=20)]
AmountText = Annotated[str, Form(max_length=limits.MAX_AMOUNT_FORM_CHARS)]


def _form(
    day: FormText = "",
    pain_now: Annotated[str, Form(max_length=10)] = "",
    walk_minutes: AmountText = "",
    walk_distance_m: AmountText = "",
    onset_minutes: AmountText = "",
    symptom_reach: FormText = "",
    relieved_by: FormText = "",
    notes: Annotated[str, Form(max_length=limits.MAX_NOTES_CHARS)] = "",
    activity: FormText = "",
) -> dict[str, str]:
    return dict(
        day=day,
        pain_now=pain_now,
        walk_minutes=walk_minutes,
        walk_distance_m=walk_distance_m,
        onset_minutes=onset_minutes,
        symptom_reach=symptom_reach,
        relieved_by=relieved_by,
        notes=notes,
        activity=activity,
    )


DiaryForm = Annotated[dict[str, str], Depends(_form)]
EntryId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # PostgreSQL integer ids


@pages.get("/diary", response_class=HTMLResponse)
def diary_page(
    request: Request,
    store: StoreDep,
    who: Person,
    added: Annotated[int, Query(ge=0, le=1)] = 0,
    changed: Annotated[int, Query(ge=0, le=1)] = 0,
    deleted: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    done = "Saved." if added else "Changes saved." if changed else ""
    done = "Entry deleted." if deleted else done
    if added:
        from backstride.web.report_pages import programme_week_note

        done = " ".join(x for x in (done, programme_week_note(request, store, who)) if x)
    return _diary_page(request, store, who, done=done)


@pages.post("/diary", dependencies=[Depends(check_form_csrf)])
def diary_add(request: Request, store: StoreDep, who: Person, form: DiaryForm) -> Response:
    try:
        entry = _form_entry(request, form)
    except InputError as err:
        return _diary_page(request, store, who, error=err.message, status=422, form=form)
    store.add_diary_entry(who, entry)
    return RedirectResponse("/diary?added=1", status_code=303)


@pages.get("/diary/{entry_id:int}/edit", response_class=HTMLResponse)
def diary_edit_page(request: Request, store: StoreDep, who: Person, entry_id: EntryId) -> Response:
    row = store.get_diary_entry(who, entry_id)  # 404 for anyone else's entry
    return _edit_page(request, entry_id, _form_values(row))


@pages.post("/diary/{entry_id:int}/edit", dependencies=[Depends(check_form_csrf)])
def diary_edit(
    request: Request, store: StoreDep, who: Person, entry_id: EntryId, form: DiaryForm
) -> Response:
    store.get_diary_entry(who, entry_id)  # 404 before any message about the values
    try:
        entry = _form_entry(request, form)
    except InputError as err:
        return _edit_page(request, entry_id, form, error=err.message, status=422)
    store.update_diary_entry(who, entry_id, entry)
    return RedirectResponse("/diary?changed=1", status_code=303)


@pages.post("/diary/{entry_id:int}/delete", dependencies=[Depends(check_form_csrf)])
def diary_delete(store: StoreDep, who: Person, entry_id: EntryId) -> Response:
    store.delete_diary_entry(who, entry_id)
    return RedirectResponse("/diary?deleted=1", status_code=303)


Weeks = Annotated[
    int | None, Query(ge=1, le=1000, description="Only the last that many weeks (default: all)")
]


Layout = Annotated[
    Literal["wide", "narrow"],
    Query(description="wide (a screen or page) or narrow (a phone: larger words, fewer dates)"),
]


def _chart_svg(
    store: Store,
    who: Any,
    weeks: int | None = None,
    today: date | None = None,
    narrow: bool = False,
    made: date | None = None,
) -> bytes | None:
    """The progress chart as SVG: ``today`` dates the person's weeks, ``made`` (the viewer's
    day, default ``today``) is printed in its title."""
    from backstride.diary.progress import gather
    from backstride.report.charts import render as render_chart

    progress = gather(store, who, weeks=weeks, today=today)
    if progress.empty:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = FsPath(tmp) / "progress.svg"
        try:
            render_chart(progress, path, narrow=narrow, made=made or today)
        except InputError:
            return None
        return path.read_bytes()


def _progress(
    store: Store, who: Any, weeks: int | None = None, today: date | None = None
) -> dict[str, Any]:
    from dataclasses import asdict

    from backstride.diary.progress import gather

    p = gather(store, who, weeks=weeks, today=today)
    return {
        "diary_entries": len(p.diary),
        "runs": p.runs,
        "walks": len(p.walks),
        "weeks": [asdict(w) for w in p.weeks],
        "trends": {k: (asdict(v) if v is not None else None) for k, v in p.trends.items()},
        "out_of_range": p.out_of_range,
        "period_start": p.period[0] if p.period else None,
        "period_end": p.period[1] if p.period else None,
        "before_period": p.before_period,
        "week_anchor": p.week_anchor,
    }


@pages.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, store: StoreDep, who: Person, weeks: Weeks = None) -> Response:
    from backstride.web.report_pages import programme_now

    today = person_today(request)
    data = _progress(store, who, weeks, today)
    return render(
        request,
        "progress.html",
        {
            "p": data,
            "has_chart": data["diary_entries"] > 0 or data["walks"] > 0,
            "programme": programme_now(store, who, today),
            "weeks": weeks,
        },
    )


@pages.get("/progress/chart.svg")
async def progress_chart(
    request: Request, store: StoreDep, who: Person, weeks: Weeks = None, layout: Layout = "wide"
) -> Response:
    today = await run_in_threadpool(person_today, request)
    svg = await run_in_threadpool(_chart_svg, store, who, weeks, today, layout == "narrow")
    if svg is None:
        raise NotFoundError("Nothing to chart yet: add a diary entry first.", field="diary")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


# --- API ---------------------------------------------------------------------------------


@api.get("/diary", response_model=list[DiaryEntryOut])
def api_diary(store: StoreDep, who: Person) -> list[dict[str, Any]]:
    """Your diary entries, oldest first, each with the id that edits or deletes it."""
    return [_out(r) for r in store.list_diary_entries(who)]


@api.post(
    "/diary", response_model=DiaryEntryOut, status_code=201, dependencies=[Depends(check_api_csrf)]
)
def api_diary_add(
    request: Request, body: DiaryEntryIn, store: StoreDep, who: Person
) -> dict[str, Any]:
    """Add a diary entry: pain, how long and how far you walked (or ran: ``activity``), when
    symptoms began."""
    data = _typed(body.model_dump())
    entry = _entry(request, data)
    new_id = store.add_diary_entry(who, entry)
    return {**data, "day": entry.day, "id": new_id, "summary": describe_entry(entry)}


@api.get("/diary/{entry_id:int}", response_model=DiaryEntryOut, responses=m.NOT_FOUND)
def api_diary_entry(store: StoreDep, who: Person, entry_id: EntryId) -> dict[str, Any]:
    """One of your diary entries (404 if it is not yours or does not exist)."""
    return _out(store.get_diary_entry(who, entry_id))


@api.patch(
    "/diary/{entry_id:int}",
    response_model=DiaryEntryOut,
    responses=m.NOT_FOUND,
    dependencies=[Depends(check_api_csrf)],
)
def api_diary_edit(
    request: Request, body: DiaryEntryPatch, store: StoreDep, who: Person, entry_id: EntryId
) -> dict[str, Any]:
    """Change one of your diary entries: send only the fields that change (``null`` empties
    one). The changed entry must pass the same checks as a new one. 404 if it is not yours."""
    row = store.get_diary_entry(who, entry_id)
    merged = {**_fields(row), **_typed(body.model_dump(exclude_unset=True))}
    merged["notes"] = merged.get("notes") or ""
    merged["activity"] = merged.get("activity") or "walk"
    entry = _entry(request, merged)
    return _out(store.update_diary_entry(who, entry_id, entry))


@api.delete(
    "/diary/{entry_id:int}",
    status_code=204,
    responses=m.NOT_FOUND,
    dependencies=[Depends(check_api_csrf)],
)
def api_diary_delete(store: StoreDep, who: Person, entry_id: EntryId) -> None:
    """Delete one of your diary entries for good. 404 if it is not yours or does not exist."""
    store.delete_diary_entry(who, entry_id)


@api.get("/progress", response_model=ProgressOut)
def api_progress(
    request: Request, store: StoreDep, who: Person, weeks: Weeks = None
) -> dict[str, Any]:
    """Weekly walking tolerance, pain and steps, with the trend of each, over your own period
    (from your first diary entry or questionnaire), or the last ``weeks`` weeks."""
    return _progress(store, who, weeks, person_today(request))


@api.get("/progress/chart.svg", responses={200: {"content": {"image/svg+xml": {}}}, **m.NOT_FOUND})
async def api_progress_chart(
    request: Request, store: StoreDep, who: Person, weeks: Weeks = None
) -> Response:
    """The progress chart as SVG, over the same period as ``/progress``."""
    return await progress_chart(request, store, who, weeks)
