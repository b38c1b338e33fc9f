"""Free-text intake on the web: ``POST /api/v1/parse`` and the first interview page (/start),
where a person describes their back pain, checks what was understood, then answers the rest."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from backstride import limits
from backstride.errors import BackstrideError, InputError
from backstride.knowledge.kb import KnowledgeBase
from backstride.web import api_models as m
from backstride.web import state
from backstride.web.deps import get_kb
from backstride.web.zones import browser_today

KB = Annotated[KnowledgeBase, Depends(get_kb)]
TODAY_RANGE = (limits.EARLIEST_DAY, date(2099, 12, 31))
#: the longest description read (``limits.MAX_FREE_TEXT_CHARS``): longer ones are refused by
#: the parser's own check, with one message on every front end (the request body limit,
#: ``limits.MAX_REQUEST_BYTES``, bounds what is received at all), and the page shows the text
#: again so that nothing typed is lost
MAX_CHARS = limits.MAX_FREE_TEXT_CHARS


class NotInstalled(BackstrideError):
    status = 503
    title = "Not installed"


class ParseRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "My legs go heavy after about 200 metres and I have to sit down; "
                    "no trouble with my bladder."
                }
            ]
        },
    )
    text: str = Field(
        description=f"At most {MAX_CHARS:,} characters",
        json_schema_extra={"maxLength": MAX_CHARS},
    )
    for_someone: StrictBool = Field(
        default=False,
        description="True when someone else writes about the person (a relative, a carer or a "
        "clinician): their own 'I' and 'my' are then not the person's, and what they say of "
        "'she', 'he' or 'my mum' counts",
    )
    today: date | None = Field(
        default=None,
        description="The person's date today (YYYY-MM-DD), so that 'since March' or 'it started "
        "on Tuesday' can be read as a length of time; when left out, the date in the browser's "
        "time zone (the backstride_tz cookie), else the server's",
    )

    @field_validator("today", mode="before")
    @classmethod
    def _a_written_date(cls, v: Any) -> Any:
        # a date as YYYY-MM-DD, never a number (pydantic would read 0 as 1970-01-01)
        if v is not None and not (isinstance(v, str) and m.ISO_DAY.fullmatch(v)):
            raise ValueError(f"{str(v)[:40]!r} is not a date: give today's date as YYYY-MM-DD")
        return v

    @field_validator("today")
    @classmethod
    def _a_plausible_today(cls, v: date | None) -> date | None:
        # 0001-01-01 and 9999-12-31 were read as today; date sums near them overflow
        if v is not None and not TODAY_RANGE[0] <= v <= TODAY_RANGE[1]:
            lo, hi = (d.isoformat() for d in TODAY_RANGE)
            raise ValueError(f"{v.isoformat()} cannot be today: give a date from {lo} to {hi}")
        return v


class Mention(BaseModel):
    finding: str = Field(description="Finding id (see /api/v1/findings)")
    answer: str | float = Field(description="State id, option id, or a number in its unit")
    text: str = Field(description="The words it came from")
    start: int = Field(description="Character offset of those words in the text")
    end: int
    negated: bool
    uncertain: bool
    historical: bool
    experiencer: Literal["self", "other"]
    red_flag: bool
    applies: bool = Field(description="False: too unsure to set; ask the question instead")
    why_not: str | None
    question: str = Field(description="The question this answers, in plain words")
    says: str = Field(description="What was understood, in plain words")


class ParseResponse(BaseModel):
    status: Literal["ok", "nothing_found", "not_understood"]
    message: str
    mentions: list[Mention]
    answers: dict[str, str | float] = Field(
        description="What counts once the person confirms it. Red-flag 'no' answers are never "
        "here: ask those questions anyway."
    )
    urgency: m.Urgency | None = Field(
        description="Set when the text states a warning sign: act on it at once"
    )
    ask_first: list[str] = Field(
        description="Warning-sign questions the text raised but did not settle, which the "
        "screen would not ask by itself: ask these straight away"
    )


def available(kb: KnowledgeBase) -> bool:
    """Free text is offered when the knowledge base has phrase lists and spaCy is installed."""
    import importlib.util

    return bool(kb.phrases) and importlib.util.find_spec("spacy") is not None


def warm(kb: KnowledgeBase, background: bool = False) -> None:
    """At server start: build the free-text parser (a few seconds), so the first description
    is read at once. ``background=True`` builds it in a thread, so the server answers pages
    meanwhile; a description sent before it is ready waits for that one build."""
    if available(kb):
        from backstride.intake.parser import warm as build

        build(kb, background=background)


def _parse(
    kb: KnowledgeBase, text: str, today: date | None = None, for_someone: bool = False
) -> Any:
    try:
        from backstride.intake import parse
    except ModuleNotFoundError as exc:  # pragma: no cover - the nlp extra is missing
        raise NotInstalled(
            "Reading free text needs the optional part 'nlp': pip install 'backstride[nlp]'. "
            "The questions work without it."
        ) from exc
    return parse(kb, text, today or date.today(), for_someone)


api = APIRouter(prefix="/api/v1", responses=m.PROBLEM_RESPONSES)


@api.post("/parse", response_model=ParseResponse, tags=["assessment"])
def post_parse(body: ParseRequest, kb: KB, request: Request) -> dict[str, Any]:
    """Read a description in plain English and return each thing understood from it.

    Each mention names the finding, the answer, the words (and character span) it came from,
    and whether it was negated, uncertain, in the past or about someone else. Show them to the
    person to confirm before they count; then send ``answers`` to ``/assessment``.
    """
    from backstride.intake import confirm

    result = _parse(kb, body.text, body.today or browser_today(request), body.for_someone)
    answers = confirm.confirmed_answers(result)
    return {
        **result.to_dict(),
        "answers": answers,
        "urgency": confirm.urgent_now(kb, answers),
        "ask_first": confirm.ask_first(kb, result),
    }


pages = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
#: the "I am filling this in for someone else" box: ticked sends "1"
ForSomeone = Annotated[Literal["", "1"], Form()]


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


@pages.get("/start")
def start(request: Request, kb: KB) -> Response:
    from backstride.intake import MAX_CHARS

    if not available(kb):
        return RedirectResponse("/interview", status_code=303)
    ctx = {"text": "", "error": "", "max_chars": MAX_CHARS, "for_someone": False}
    return _render(request, "intake.html", ctx)


@pages.post("/start")
def read_text(request: Request, kb: KB, text: Text = "", for_someone: ForSomeone = "") -> Response:
    from backstride.intake import MAX_CHARS, confirm

    someone = for_someone == "1"
    ctx: dict[str, Any] = {
        "text": text,
        "max_chars": MAX_CHARS,
        "error": "",
        "for_someone": someone,
    }
    try:
        result = _parse(kb, text, browser_today(request), someone)
    except (InputError, NotInstalled) as err:
        return _render(request, "intake.html", {**ctx, "error": err.message}, 422)
    if result.status != "ok":
        return _render(request, "intake.html", {**ctx, "error": result.message})
    answers = confirm.confirmed_answers(result)
    ctx.update(
        items=confirm.items(result),
        urgency=confirm.urgent_now(kb, answers),
        ask_first=[kb.findings[f] for f in confirm.ask_first(kb, result)],
        saved=[
            {"finding": fid, **got}
            for fid, got in saved_answers(request, kb).items()
            if fid not in answers  # what the text itself said wins
        ],
    )
    return _render(request, "intake_confirm.html", ctx)


@pages.post("/start/confirm")
async def confirm_text(request: Request, kb: KB) -> Response:
    """Only the ticked answers count; warning signs the text raised but did not settle are
    answered on the same page; everything else is asked in the interview."""
    from backstride.engine.answers import UNKNOWN, parse_value
    from backstride.intake import confirm

    form = await request.form()
    text = str(form.get("text") or "")
    limits.check_free_text(text)  # the message of the first page
    someone = str(form.get("for_someone") or "")
    if someone not in ("", "1"):
        raise InputError(
            f"for_someone: {someone[:20]!r} is not a valid choice. Valid choices: 1 (ticked) or "
            "nothing.",
            field="for_someone",
            choices=("1",),
        )
    result = _parse(kb, text, browser_today(request), someone == "1")
    kept = {str(k) for k in form.getlist("keep")}
    rejected = [it.index for it in confirm.items(result) if str(it.index) not in kept]
    answers = confirm.confirmed_answers(result, rejected)
    for fid in confirm.ask_first(kb, result):
        answers[fid] = parse_value(kb, fid, str(form.get(f"a_{fid}") or UNKNOWN))
    use = {str(v) for v in form.getlist("use")}
    if use:  # the values come from the store, never from the form: it only says which count
        for fid, got in saved_answers(request, kb).items():
            if fid in use and fid not in answers:
                answers[fid] = parse_value(kb, fid, got["value"])
    pairs = state.canonical(*_load(kb, list(answers.items())))
    s = state.encode(pairs)
    # the warning signs left come on one page (see backstride.engine.screen); ``w`` names
    # those the text spoke of without settling, so that page can point them out
    w = ",".join(confirm.warning_notes(result)) or "1"
    return RedirectResponse(
        f"/interview?w={w}&s={s}" if s else f"/interview?w={w}", status_code=303
    )


def saved_answers(request: Request, kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """The saved questionnaire results the diagnosis can use (today the SSHQ), for the person
    this request belongs to: ``{finding_id: {"value", "verdict", "day", ...}}``.

    Nobody signed in (clinic mode), or no database yet (a SQLite file not created), gives
    nothing: reading here never creates a database."""

    from backstride.instruments import diagnostic_answers
    from backstride.storage.engine import database_exists
    from backstride.web.auth import current_user, get_store

    app = request.app
    settings = app.state.settings
    if settings.multi_user:
        user = current_user(request)
        if user is None:
            return {}
        who = user.person_id
    else:
        who = None
    if getattr(app.state, "store", None) is None and not database_exists(settings.db_url):
        return {}
    try:
        rows = get_store(request).list_scores(who)
    except BackstrideError:  # nobody of that name stored yet
        return {}
    found = diagnostic_answers(rows)
    return {fid: got for fid, got in found.items() if fid in kb.findings}


def _load(kb: KnowledgeBase, pairs: state.Pairs) -> tuple[Any, state.Pairs]:
    _, answers = state.load(kb, state.encode(pairs))
    return answers, pairs
