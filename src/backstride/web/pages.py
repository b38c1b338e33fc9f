"""Server-rendered pages: home, the interview (one question per page) and the result."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.engine.answers import UNKNOWN, parse_value
from backstride.engine.context import Context
from backstride.engine.result import answer_label, interview_urgency
from backstride.errors import AnswerError, InputError
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency
from backstride.web import service, state
from backstride.web.deps import get_kb

router = APIRouter(include_in_schema=False)
KB = Annotated[KnowledgeBase, Depends(get_kb)]
StateQ = Annotated[str, Query(max_length=state.MAX_STATE_CHARS)]


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return render(request, "home.html", {})


def _question_page(
    request: Request,
    kb: KnowledgeBase,
    s: str,
    *,
    was: str = "",
    error: str = "",
    typed: str = "",
    status: int = 200,
) -> Response:
    pairs, answers = state.load(kb, s)
    ctx = Context(kb, answers)  # one engine pass: the next question and the alert share it
    step = service.question_step(kb, ctx)
    if step["should_stop"]:
        return RedirectResponse(f"/result?s={s}" if s else "/result", status_code=303)
    back = state.encode(pairs[:-1]) if pairs else None
    back_was = str(pairs[-1][1]) if pairs else ""
    alert, alert_new = _alert(kb, pairs, ctx)
    return render(
        request,
        "question.html",
        {
            "q": step["question"],
            "progress": step["progress"],
            "phase": step["phase"],
            "s": s,
            "back": back,
            "back_was": back_was,
            "has_back": bool(pairs),
            "was": was,
            "error": error,
            "typed": typed,
            "unknown": UNKNOWN,
            "alert": alert,
            "alert_new": alert_new,
        },
        status,
    )


def _alert(
    kb: KnowledgeBase, pairs: state.Pairs, ctx: Context
) -> tuple[dict[str, Any] | None, bool]:
    """The urgent or emergency advice the answers so far call for (None below urgent), and
    whether the last answer is the one that raised it (the page then announces it)."""
    u = interview_urgency(kb, ctx.answers, ctx=ctx)
    if Urgency[u["level"]] < Urgency.urgent:
        return None, False
    if not pairs:
        return u, True
    _, before = state.load(kb, state.encode(pairs[:-1]))
    return u, Urgency[interview_urgency(kb, before)["level"]] < Urgency[u["level"]]


@router.get("/interview", response_class=HTMLResponse)
def interview(
    request: Request, kb: KB, s: StateQ = "", was: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    return _question_page(request, kb, s, was=was)


@router.post("/interview")
def answer(
    request: Request,
    kb: KB,
    q: Annotated[str, Form(max_length=100)],
    s: Annotated[str, Form(max_length=state.MAX_STATE_CHARS)] = "",
    v: Annotated[str, Form(max_length=100)] = "",
    dont_know: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    pairs, _ = state.load(kb, s)
    raw = UNKNOWN if dont_know else v.strip()
    if not raw:
        f = kb.findings.get(q)
        msg = (
            'Type a number, or choose "I don\'t know".'
            if f and f.type == "number"
            else 'Choose one of the answers, or "I don\'t know".'
        )
        return _question_page(request, kb, s, error=msg, status=422)
    try:
        value = parse_value(kb, q, raw)
    except AnswerError:
        f = kb.findings[q]
        if f.type != "number":
            raise
        assert f.number is not None
        msg = (
            f"Please type a number from {f.number.min:g} to {f.number.max:g} "
            f'({f.number.unit}), or choose "I don\'t know".'
        )
        return _question_page(request, kb, s, error=msg, typed=raw, status=422)
    pairs = [p for p in pairs if p[0] != q] + [(q, value)]
    _, answers = state.load(kb, state.encode(pairs))
    new = state.encode(state.canonical(answers, pairs))
    return RedirectResponse(f"/interview?s={new}", status_code=303)


def _answers_list(kb: KnowledgeBase, pairs: state.Pairs) -> list[dict[str, Any]]:
    out = []
    for i, (fid, value) in enumerate(pairs):
        label = "Don't know" if value == UNKNOWN else answer_label(kb, fid, value)
        if kb.findings[fid].type == "boolean" and value != UNKNOWN:
            label = str(value).capitalize()
        out.append(
            {
                "finding": fid,
                "question": kb.findings[fid].question,
                "answer": label,
                "change": state.encode(pairs[:i]),
                "was": str(value),
            }
        )
    return out


@router.get("/result", response_class=HTMLResponse)
def result(request: Request, kb: KB, s: StateQ = "") -> Response:
    pairs, answers = state.load(kb, s)
    step = service.interview_step(kb, answers)
    features = request.app.state.features
    return render(
        request,
        "result.html",
        {
            "r": step,
            "s": s,
            "answers_list": _answers_list(kb, pairs),
            "citations": kb.citations,
            "features": features,
            "next_steps": next_step_links(step, s),
        },
    )


def next_step_links(result: dict[str, Any], s: str) -> list[dict[str, str | None]]:
    """The result's next steps, each with its page link (carrying the answers)."""
    from backstride.plan.next_steps import next_steps

    out = []
    for step in next_steps(result, result):
        href = step.href
        if href and s and href != "/interview":
            path, _, frag = href.partition("#")
            href = f"{path}?s={s}" + (f"#{frag}" if frag else "")
        out.append({"text": step.text, "href": href})
    return out


@router.get("/answers.json")
def answers_json(kb: KB, s: StateQ = "") -> Response:
    """The answers in the file format ``backstride assess --answers`` reads."""
    _, answers = state.load(kb, s)
    body = json.dumps(answers.to_json(), indent=2) + "\n"
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="backstride-answers.json"'},
    )


def require_state(kb: KnowledgeBase, s: str) -> state.Pairs:
    pairs, _ = state.load(kb, s)
    if not pairs:
        raise InputError("Answer the questions first: start at /interview.", field="s")
    return pairs
