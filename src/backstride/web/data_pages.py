"""My data: download it, add walks from a phone or watch file, delete it.

- ``GET /my/data/export.json``: this person's records in export format 2 (``backstride
  export``'s format, so ``backstride import`` reads it). Clinic sign-in details (the password
  hash) and the shares with clinicians are left out of a download from the web: a stolen
  session must not hand out a password hash. ``backstride export`` on the server has them.
- ``POST /my/data/walks``: a GPX, FIT or Apple Health file (``export.xml``, or the export's
  ``.zip``) through the CLI's importer (``backstride.diary.importer``) with its limits; the
  upload itself is limited to ``Settings.max_upload_bytes``. A bad file changes nothing.
- ``POST /my/data/delete``: everything about this person (and in a clinic their account), as
  ``backstride forget``, after a confirmation; then checks that nothing is left.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from datetime import UTC
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from starlette.requests import ClientDisconnect
from starlette.requests import Request as RawRequest

from backstride.errors import BackstrideError, InputError
from backstride.web import api_models as m
from backstride.web.auth import COOKIE, Person, check_api_csrf, check_form_csrf, get_store
from backstride.web.pages import render
from backstride.web.zones import request_zone
from backstride.words import count

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["my data"], responses=m.PROBLEM_RESPONSES)

SUFFIXES = (".gpx", ".fit", ".xml", ".zip")
#: an Apple Health export.xml inside a zip may be this much larger than the zip itself
MAX_UNZIPPED_FACTOR = 20
CONFIRM_WORD = "delete"


class UploadTooLarge(InputError):
    status = 413


# --- what is stored ----------------------------------------------------------------------


def _person_or_none(request: Request, who: Any) -> int | None:
    from backstride.errors import NotFoundError

    try:
        return get_store(request).person_id(who, create=False)
    except NotFoundError:
        return None


def stored_counts(request: Request, pid: int | None) -> dict[str, int]:
    """Rows stored about this person, by kind (people's own tables and their clinic account)."""
    from backstride.storage.models import Account
    from backstride.storage.store import PERSON_TABLES

    if pid is None:
        return {}
    tables = (*PERSON_TABLES, Account)
    with get_store(request).read() as s:
        return {
            t.__tablename__: int(
                s.scalar(select(func.count()).select_from(t).where(t.person_id == pid)) or 0
            )
            for t in tables
        }


LABELS = {  # table -> (one, several)
    "assessments": ("answer sheet with its result", "answer sheets with their results"),
    "selftest_results": ("self-test result", "self-test results"),
    "diary_entries": ("diary entry", "diary entries"),
    "questionnaire_scores": ("questionnaire score", "questionnaire scores"),
    "plans": ("plan", "plans"),
    "programme_states": ("walking programme", "walking programmes"),
    "walks": ("walk from a phone or watch", "walks from a phone or watch"),
    "daily_activity": ("day of step counts", "days of step counts"),
    "web_accounts": ("sign-in account", "sign-in accounts"),
}


def _described(counts: dict[str, int]) -> list[str]:
    return [f"{n} {LABELS.get(k, (k, k))[n != 1]}" for k, n in counts.items() if n]


def remaining(request: Request, pid: int, uid: str) -> int:
    """Rows left anywhere that name this person (by id or uid): 0 after a delete."""
    from backstride.storage.models import Person

    with get_store(request).read() as s:
        people = int(
            s.scalar(
                select(func.count())
                .select_from(Person)
                .where((Person.id == pid) | (Person.uid == uid))
            )
            or 0
        )
    return people + sum(stored_counts(request, pid).values())


# --- export ------------------------------------------------------------------------------


def my_export(request: Request, who: Any) -> dict[str, Any]:
    """This person's records in export format 2, without clinic sign-in details or shares."""
    data = get_store(request).export_data(who, everyone=False)
    data["accounts"], data["shares"] = [], []
    data.pop("diary_shares", None)
    data.pop("invitations", None)
    return data


def _download(data: dict[str, Any]) -> Response:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return Response(
        text.encode("utf-8"),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="backstride-my-data.json"'},
    )


# --- walk upload -------------------------------------------------------------------------


async def limited_form(request: Request, limit: int) -> Any:
    """The multipart form, refusing a body over ``limit`` bytes before or while it arrives."""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > limit:
        raise UploadTooLarge(_too_large(limit), field="file")
    seen = 0
    receive = request.receive

    async def counted() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadTooLarge(_too_large(limit), field="file")
        return message

    raw = RawRequest(request.scope, counted)
    try:
        return await raw.form(max_files=1, max_fields=5, max_part_size=64 * 1024)
    except ClientDisconnect:
        raise InputError("The upload stopped before the file arrived.", field="file") from None


def _too_large(limit: int) -> str:
    return (
        f"The file is larger than {limit / 1e6:.0f} MB, the most this page takes. Import it on "
        "the computer running Backstride with `backstride walks import FILE`, or split it."
    )


def _safe_name(name: str) -> str:
    """The person's file name as shown and stored with the walks (never used as a path).
    Browsers send a name's quote, CR and LF as %22, %0D and %0A (HTML's multipart encoding)."""
    from backstride.storage.upsert import sent_name

    for code, char in (("%22", '"'), ("%0D", "\r"), ("%0A", "\n")):
        name = name.replace(code, char)
    return sent_name(name) or "upload"


def _unzip_export(zpath: FsPath, folder: FsPath, limit: int) -> FsPath:
    """Apple Health's export.zip: take ``export.xml`` out, counting bytes as they come."""
    try:
        with zipfile.ZipFile(zpath) as z:
            member = next(
                (i for i in z.infolist() if i.filename.replace("\\", "/").endswith("export.xml")),
                None,
            )
            if member is None:
                raise InputError(
                    "The zip file has no export.xml in it. Upload the zip that the Health app "
                    "makes (Export All Health Data), or a GPX or FIT file.",
                    field="file",
                )
            if member.file_size > limit:
                raise UploadTooLarge(
                    f"export.xml in the zip is {member.file_size / 1e6:.0f} MB unpacked; this "
                    f"page takes up to {limit / 1e6:.0f} MB. Import it with "
                    "`backstride walks import export.xml` on the computer running Backstride.",
                    field="file",
                )
            out = folder / "export.xml"
            written = 0
            with z.open(member) as src, out.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > limit:  # the header lied about the size
                        raise UploadTooLarge(
                            "export.xml in the zip unpacks to more than it says.", field="file"
                        )
                    dst.write(chunk)
            return out
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise InputError(f"The zip file cannot be opened ({exc}).", field="file") from None
    except RuntimeError as exc:  # encrypted members
        raise InputError(f"The zip file cannot be opened ({exc}).", field="file") from None


def import_upload(request: Request, who: Any, name: str, upload: Any) -> dict[str, Any]:
    """Store a walk file from the form (in a private temporary folder, removed afterwards)."""
    from backstride.diary.importer import import_walk_file, overlap_text

    shown = _safe_name(name)
    suffix = FsPath(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{shown!r} is not a walk file this page takes. Choose a GPX track (.gpx), a FIT "
            "file from a watch (.fit), or Apple Health's export (export.xml or its .zip).",
            field="file",
            choices=list(SUFFIXES),
        )
    limit = request.app.state.settings.max_upload_bytes
    folder = FsPath(tempfile.mkdtemp(prefix="backstride-upload-"))
    try:
        path = folder / f"upload{suffix}"
        with path.open("wb") as dst:
            shutil.copyfileobj(upload.file, dst, 1 << 20)
        if path.stat().st_size == 0:
            raise InputError(f"{shown!r} is empty.", field="file")
        if suffix == ".zip":
            path = _unzip_export(path, folder, limit * MAX_UNZIPPED_FACTOR)
        try:
            zone_name = request_zone(request).name
            result = import_walk_file(
                get_store(request), path, who, name=shown, zone_name=zone_name
            )
        except BackstrideError as exc:
            text = exc.message.replace(str(path), shown).replace(str(folder), "")
            raise InputError(text, field="file") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    c = result.counts
    return {
        "file": shown,
        "kind": result.kind,
        "walks_added": c.walks_added,
        "runs": result.runs,  # of the file's recordings, the runs (never counted as walks)
        "recordings": result.recordings,
        "too_short": result.too_short,
        "walks_already_stored": c.walks_already_stored,
        "days_added": c.days.added,
        "days_updated": c.days.raised,
        "days_kept": c.days.kept,
        "gps_jumps": result.gps_jumps,
        "overlapping": [
            {
                "started_at": o.started_at.replace(tzinfo=UTC).isoformat(),
                "stored_started_at": o.stored_started_at.replace(tzinfo=UTC).isoformat(),
                "stored_file": o.stored_file,
                "same_file": o.same_file,
                "message": overlap_text(o, zone_name),
            }
            for o in c.overlapping
        ],
    }


def import_sentence(r: dict[str, Any]) -> str:
    from backstride.diary.importer import added_text, overlap_counts

    kinds = {"gpx": "GPX track", "fit": "FIT file", "apple_health": "Apple Health export"}
    parts = [added_text(r["walks_added"], r.get("runs", 0), r.get("recordings", 0))]
    if r["walks_already_stored"]:
        parts.append(f"{r['walks_already_stored']} already stored")
    if r.get("too_short"):
        parts.append(f"{r['too_short']} shorter than a minute skipped")
    parts += overlap_counts(bool(o.get("same_file")) for o in r.get("overlapping", ()))
    if r.get("gps_jumps"):
        parts.append(f"{count(r['gps_jumps'], 'GPS jump')} left out of the distance")
    if r["days_added"] or r["days_updated"]:
        parts.append(f"{count(r['days_added'], 'day')} of steps added, {r['days_updated']} updated")
    overlaps = "".join(f" {o['message'].capitalize()}." for o in r.get("overlapping", ()))
    return f"{r['file']} ({kinds.get(r['kind'], r['kind'])}): " + ", ".join(parts) + "." + overlaps


async def _read_upload(request: Request, who: Any) -> dict[str, Any]:
    form = await limited_form(request, request.app.state.settings.max_upload_bytes)
    try:
        check_form_csrf(request, str(form.get("csrf", ""))[:100])
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
            raise InputError("Choose a file to upload first.", field="file")
        return await run_in_threadpool(import_upload, request, who, upload.filename, upload)
    finally:
        await form.close()


# --- pages -------------------------------------------------------------------------------


def _data_page(request: Request, who: Any, *, status: int = 200, **ctx: Any) -> Response:
    counts = stored_counts(request, _person_or_none(request, who))
    return render(
        request,
        "my_data.html",
        {
            "stored": _described(counts),
            "max_mb": request.app.state.settings.max_upload_bytes / 1e6,
            "imported": "",
            "error": "",
            "zone": request_zone(request),
            "zone_error": "",
            "zone_done": "",
            "zone_value": "",
            **ctx,
        },
        status,
    )


@pages.get("/my/data", response_class=HTMLResponse)
def data_page(request: Request, who: Person) -> Response:
    return _data_page(request, who)


@pages.get("/my/data/export.json")
def export_download(request: Request, who: Person) -> Response:
    return _download(my_export(request, who))


@pages.post("/my/data/walks")
async def walks_upload(request: Request, who: Person) -> Response:
    try:
        result = await _read_upload(request, who)
    except UploadTooLarge as err:
        return _data_page(request, who, error=err.message, status=413)
    except InputError as err:
        if err.status == 403:
            raise
        return _data_page(request, who, error=err.message, status=422)
    from backstride.web.report_pages import programme_week_note

    note = await run_in_threadpool(programme_week_note, request, get_store(request), who)
    return _data_page(
        request, who, imported=" ".join(x for x in (import_sentence(result), note) if x)
    )


@pages.post("/my/data/timezone", dependencies=[Depends(check_form_csrf)])
def timezone_save(
    request: Request, who: Person, time_zone: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """Save the person's time zone; a bad name is shown back with valid examples."""
    try:
        saved = get_store(request).set_time_zone(who, time_zone)
    except InputError as err:
        return _data_page(
            request, who, zone_error=err.message, zone_value=time_zone[:64], status=422
        )
    request.state.zone = None  # worked out again from what was just saved
    return _data_page(request, who, zone_done=f"Time zone saved: {saved}.")


@pages.get("/my/data/delete", response_class=HTMLResponse)
def delete_page(request: Request, who: Person) -> Response:
    counts = stored_counts(request, _person_or_none(request, who))
    return render(
        request, "my_data_delete.html", {"stored": _described(counts), "word": CONFIRM_WORD}
    )


def forget_me(request: Request, who: Any) -> dict[str, Any]:
    """Delete everything about this person; returns what was removed and what is left (0)."""
    from backstride.storage.models import Person as PersonRow

    store = get_store(request)
    pid = _person_or_none(request, who)
    if pid is None:
        return {"removed": 0, "remaining": 0}
    with store.read() as s:
        uid = str(s.scalar(select(PersonRow.uid).where(PersonRow.id == pid)))
    counts = store.forget(pid)
    counts.pop("backup_rows", None)
    return {"removed": sum(counts.values()), "remaining": remaining(request, pid, uid)}


@pages.post("/my/data/delete", dependencies=[Depends(check_form_csrf)])
async def delete_now(request: Request, who: Person) -> Response:
    form = await request.form()
    typed = str(form.get("confirm", "")).strip().lower()[:20]
    if typed != CONFIRM_WORD:
        counts = stored_counts(request, _person_or_none(request, who))
        return render(
            request,
            "my_data_delete.html",
            {
                "stored": _described(counts),
                "word": CONFIRM_WORD,
                "error": f'Nothing was deleted: type the word "{CONFIRM_WORD}" to confirm.',
            },
            422,
        )
    done = await run_in_threadpool(forget_me, request, who)
    multi = request.app.state.settings.multi_user
    if multi:
        request.state.user = None  # signed out: the page after shows no account
    response = render(request, "my_data_deleted.html", {**done, "account": multi})
    if multi:
        response.delete_cookie(COOKIE, path="/")
    return response


# --- API ---------------------------------------------------------------------------------


@api.get("/my/data", responses={200: {"content": {"application/json": {}}}})
def api_export(request: Request, who: Person) -> Response:
    """Your records in export format 2 (as ``backstride export``; no sign-in details)."""
    return _download(my_export(request, who))


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@api.post(
    "/my/walks",
    status_code=201,
    dependencies=[Depends(check_api_csrf)],
    openapi_extra=UPLOAD_BODY,
    responses={413: {"description": "The file is larger than the upload limit"}},
)
async def api_walks(request: Request, who: Person) -> dict[str, Any]:
    """Upload a GPX, FIT or Apple Health file (multipart form, field ``file``; also ``csrf``
    when signed in with a cookie). Nothing from a bad file is stored."""
    form = await limited_form(request, request.app.state.settings.max_upload_bytes)
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
            raise InputError("Send the file in the form field 'file'.", field="file")
        result = await run_in_threadpool(import_upload, request, who, upload.filename, upload)
    finally:
        await form.close()
    return {**result, "summary": import_sentence(result)}


@api.delete("/my/data", dependencies=[Depends(check_api_csrf)])
async def api_delete(
    request: Request, who: Person, confirm: Annotated[Literal["delete"], Query()]
) -> Response:
    """Delete everything about you (and your clinic account): pass ``?confirm=delete``."""
    done = await run_in_threadpool(forget_me, request, who)
    response = Response(json.dumps(done), media_type="application/json")
    if request.app.state.settings.multi_user:
        response.delete_cookie(COOKIE, path="/")
    return response


class TimeZoneBody(BaseModel):
    time_zone: str = Field(
        min_length=1,
        max_length=64,
        description="IANA time zone name, e.g. Europe/London; checked against the time zone "
        "database (a name it lacks: 422 naming it, with valid examples)",
        examples=["Europe/London"],
    )


@api.get("/my/timezone")
def api_timezone(request: Request, who: Person) -> dict[str, Any]:
    """Your time zone and where it comes from: ``saved``, ``browser`` (the ``backstride_tz``
    cookie) or ``server`` (a guess: not known yet)."""
    zone = request_zone(request)
    return {"time_zone": zone.name, "source": zone.source}


@api.put("/my/timezone", dependencies=[Depends(check_api_csrf)])
def api_timezone_set(request: Request, who: Person, body: TimeZoneBody) -> dict[str, Any]:
    """Save your time zone (a bad name: 422 naming it, with valid examples)."""
    saved = get_store(request).set_time_zone(who, body.time_zone)
    return {"time_zone": saved, "source": "saved"}


def install(app: FastAPI) -> None:
    app.include_router(pages)
    app.include_router(api)
