"""Server-rendered pages: home, the interview (one question per page) and the result."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.engine.answers import UNKNOWN
from backstride.engine.context import Context
from backstride.engine.questions import questions_left
from backstride.engine.result import answer_label, interview_urgency
from backstride.errors import AnswerError, InputError
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency
from backstride.web import service, state
from backstride.web.deps import kb_on_loop

router = APIRouter(include_in_schema=False)
KB = Annotated[KnowledgeBase, Depends(kb_on_loop)]  # pure-CPU pages: no thread-pool hop
StateQ = Annotated[str, Query(max_length=state.MAX_STATE_CHARS)]
WMAX = 600  # the ``w`` flag: see ``_noted``


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
    w: str = "",
    n: int = 1,
    chosen: dict[str, str] | None = None,
    missing: frozenset[str] = frozenset(),
) -> Response:
    """``n``: how many answers the page before gave (a checklist gives several); going back
    drops them all, and the alert is announced when they raised the urgency."""
    pairs, answers = state.load(kb, s)
    ctx = Context(kb, answers)  # one engine pass: the next question and the alert share it
    step = service.question_step(kb, ctx)
    if step["should_stop"]:
        return RedirectResponse(f"/result?s={s}" if s else "/result", status_code=303)
    if w and step["phase"] == "screen":
        from backstride.engine.screen import warning_list

        items = warning_list(kb, answers)
        if items:
            return _warnings_page(request, kb, s, pairs, items, error=error, status=status, w=w)
    n = max(1, min(n, len(pairs)))
    back = state.encode(pairs[:-n]) if pairs else None
    back_was = str(pairs[-1][1]) if pairs and n == 1 else ""
    alert, alert_new = _alert(kb, pairs, ctx, n)
    items = _checklist(kb, ctx)
    return render(
        request,
        "question.html",
        {
            "items": [
                {
                    "id": fid,
                    "text": kb.findings[fid].short or kb.findings[fid].question,
                    "value": (chosen or {}).get(fid, ""),
                    "missing": fid in missing,
                }
                for fid in items
            ],
            "n": n,
            "number": (number := _page_number(kb, pairs)),
            "choices": ITEM_CHOICES,
            "q": step["question"],
            # the pages so far plus the most still to come, counted as the pages show them
            "progress": step["progress"]
            | {
                "max_questions": number - 1 + questions_left(kb, answers, ctx, pages=True),
            },
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
            "w": w,
            "unit_hint": _unit_hint(kb, step["question"]),
        },
        status,
    )


def _checklist(kb: KnowledgeBase, ctx: Context) -> tuple[str, ...]:
    """The questions the terminal asks together on one screen now (a checklist, see
    ``NextQuestion.items``), or () when the next question stands alone."""
    from backstride.engine import next_question

    items = next_question(kb, ctx.answers, ctx=ctx).items
    return items if len(items) > 1 else ()


def _page_number(kb: KnowledgeBase, pairs: state.Pairs) -> int:
    """This page's question number, counted as the terminal counts: the answers of one
    checklist, given together, are one question."""
    runs = 0
    last: str | None = None
    for fid, _ in pairs:
        group = kb.findings[fid].checklist if fid in kb.findings else None
        if group is None or group != last:
            runs += 1
        last = group
    return runs + 1


#: a checklist item's answers: the value sent, and what the page calls it
ITEM_CHOICES = (("yes", "Yes"), ("no", "No"), (UNKNOWN, "Not sure"))


@router.post("/interview/checklist")
async def answer_checklist(request: Request, kb: KB) -> Response:
    """Several warning-sign questions answered on one page, as the terminal asks them.

    Every item needs its own answer: "no" is saved only for items the person answered "no",
    or for every item on the page when they chose "None of these apply to me". Blank items
    become "don't know" only when the person ticked that they are not sure about them."""
    form = await request.form()
    s = str(form.get("s") or "")
    if len(s) > state.MAX_STATE_CHARS:
        raise InputError("The answers in this form are damaged.", field="s")
    w = str(form.get("w") or "")[:WMAX]
    pairs, answers = state.load(kb, s)
    listed = tuple(str(x) for x in form.getlist("item"))
    bad = [fid for fid in listed if fid not in kb.findings]
    if bad:
        raise InputError(f"{bad[0]!r} is not one of the questions on this page.", field="item")
    items = _checklist(kb, Context(kb, answers))
    if not items or listed != items:  # an old or edited page: show the questions due now
        msg = "The questions have changed since this page was shown: please answer them here."
        return _question_page(request, kb, s, error=msg, status=422, w=w)
    valid = [v for v, _ in ITEM_CHOICES]
    chosen: dict[str, str] = {}
    for fid in items:
        raw = str(form.get(f"a-{fid}") or "")
        if raw and raw not in valid:
            raise InputError(
                f"{raw!r} is not an answer to {fid!r}.", field=f"a-{fid}", choices=valid
            )
        if raw:
            chosen[fid] = raw
    blanks_unsure = form.get("v") == UNKNOWN
    left = frozenset(fid for fid in items if fid not in chosen)
    again = {"w": w, "chosen": chosen, "status": 422, "n": _int(form.get("n"))}
    if form.get("none") is not None:
        said = [fid for fid, v in chosen.items() if v != "no"]
        if said or blanks_unsure:
            msg = (
                'You answered "Yes" or "Not sure" to some of these and also chose "None of '
                'these apply to me". Check your answers, then choose "Next".'
            )
            return _question_page(request, kb, s, error=msg, **again)
        got = dict.fromkeys(items, "no")
    elif left and not blanks_unsure:
        msg = (
            f"Please answer each one: {len(left)} still "
            f"{'has' if len(left) == 1 else 'have'} no answer (marked below). "
            'Or choose "None of these apply to me" if none of them applies to you.'
        )
        return _question_page(request, kb, s, error=msg, missing=left, **again)
    else:
        got = {fid: chosen.get(fid, UNKNOWN) for fid in items}
    pairs = pairs + list(got.items())
    _, new_answers = state.load(kb, state.encode(pairs))
    out = state.encode(state.canonical(new_answers, pairs))
    flag = f"w={quote(w, safe=',')}&" if w else ""
    return RedirectResponse(f"/interview?{flag}s={out}&n={len(got)}", status_code=303)


def _int(raw: Any) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return 1


def _unit_hint(kb: KnowledgeBase, q: dict[str, Any] | None) -> str:
    from backstride.intake.typed import unit_hint

    return unit_hint(kb, q["id"]) if q and q["type"] == "number" else ""


def _warnings_page(
    request: Request,
    kb: KnowledgeBase,
    s: str,
    pairs: state.Pairs,
    items: tuple[str, ...],
    *,
    error: str = "",
    marked: frozenset[str] = frozenset(),
    status: int = 200,
    w: str = "1",
) -> Response:
    """The warning-sign questions left, on one page (see backstride.engine.screen)."""
    from backstride.engine.screen import heading

    noted = _noted(kb, w)
    shown = [
        {"id": fid, "text": kb.findings[fid].short or kb.findings[fid].question,
         "note": fid in noted, "marked": fid in marked}
        for fid in items
    ]  # fmt: skip
    back = state.encode(pairs[:-1]) if pairs else None
    _, answers = state.load(kb, s)
    alert, alert_new = _alert(kb, pairs, Context(kb, answers))  # urgent advice stays in view
    return render(
        request,
        "warnings.html",
        {
            "alert": alert,
            "alert_new": alert_new,
            "items": shown,
            "heading": heading(kb, items),
            "s": s,
            "error": error,
            "number": len(pairs) + 1,
            "has_back": bool(pairs),
            "back": back,
            "back_was": str(pairs[-1][1]) if pairs else "",
            "w": w,
        },
        status,
    )


def _noted(kb: KnowledgeBase, w: str) -> set[str]:
    """``w`` turns on the one-page warning list after the person's own words: "1", or the
    warning signs their words spoke of without settling, comma-separated."""
    return {fid for fid in w.split(",") if fid in kb.findings}


@router.post("/interview/warnings")
async def answer_warnings(request: Request, kb: KB) -> Response:
    """Every warning sign listed and not marked counts as "no"; marked ones (they apply, or
    the person is not sure) are asked one at a time next."""
    from backstride.engine.screen import apply_list

    form = await request.form()
    s = str(form.get("s") or "")
    if len(s) > state.MAX_STATE_CHARS:
        raise InputError("The answers in this form are damaged.", field="s")
    pairs, answers = state.load(kb, s)
    listed = [str(x) for x in form.getlist("item")]
    marked = [str(x) for x in form.getlist("mark")]
    bad = [fid for fid in [*listed, *marked] if fid not in kb.findings]
    if bad or not set(marked) <= set(listed):
        raise InputError(
            f"{(bad or marked)[0]!r} is not one of the warning signs on this page.", field="mark"
        )
    w = str(form.get("w") or "1")[:WMAX]
    none = form.get("none") is not None
    if not none and not marked:
        from backstride.engine.screen import warning_list

        msg = 'Choose "None of these apply to me", or tick the ones that apply or you are not sure about.'
        return _warnings_page(
            request, kb, s, pairs, warning_list(kb, answers), error=msg, status=422, w=w
        )
    if none and marked:
        from backstride.engine.screen import warning_list

        msg = (
            'You ticked some warning signs and also chose "None of these": tick only the ones '
            'that apply or you are not sure about, then choose "Ask me about the ticked ones".'
        )
        return _warnings_page(
            request, kb, s, pairs, warning_list(kb, answers), error=msg,
            marked=frozenset(marked), status=422, w=w,
        )  # fmt: skip
    new = apply_list(kb, answers, listed, marked)
    pairs = pairs + [(fid, v) for fid, v in new.values.items() if fid not in answers.values]
    out = state.encode(state.canonical(new, pairs))
    return RedirectResponse(f"/interview?s={out}" if out else "/interview", status_code=303)


def _alert(
    kb: KnowledgeBase, pairs: state.Pairs, ctx: Context, n: int = 1
) -> tuple[dict[str, Any] | None, bool]:
    """The urgent or emergency advice the answers so far call for (None below urgent), and
    whether the last page's ``n`` answers raised it (the page then announces it)."""
    u = interview_urgency(kb, ctx.answers, ctx=ctx)
    if Urgency[u["level"]] < Urgency.urgent:
        return None, False
    if not pairs:
        return u, True
    _, before = state.load(kb, state.encode(pairs[:-n]))
    return u, Urgency[interview_urgency(kb, before)["level"]] < Urgency[u["level"]]


@router.get("/interview", response_class=HTMLResponse)
async def interview(
    request: Request,
    kb: KB,
    s: StateQ = "",
    was: Annotated[str, Query(max_length=100)] = "",
    w: Annotated[str, Query(max_length=WMAX)] = "",
    n: Annotated[int, Query(ge=1, le=100)] = 1,
) -> Response:
    # async, with an async knowledge-base dependency: one question page is about a
    # millisecond of computation and no I/O, less than the two hops to the thread pool a
    # plain `def` handler and dependency cost (measured: about 0.5 ms less server CPU a page)
    return _question_page(request, kb, s, was=was, w=w, n=n)


@router.post("/interview")
def answer(
    request: Request,
    kb: KB,
    q: Annotated[str, Form(max_length=100)],
    s: Annotated[str, Form(max_length=state.MAX_STATE_CHARS)] = "",
    v: Annotated[str, Form(max_length=100)] = "",
    dont_know: Annotated[str, Form(max_length=10)] = "",
    w: Annotated[str, Form(max_length=WMAX)] = "",
    n: Annotated[int, Form(ge=1, le=100)] = 1,
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
        return _question_page(request, kb, s, error=msg, status=422, w=w, n=n)
    from backstride.intake.typed import typed_answer
    from backstride.web.zones import browser_today

    try:
        given = typed_answer(
            kb, q, raw, today=browser_today(request)
        )  # a number may carry a unit: "3 days", "200 metres"
    except AnswerError as err:
        f = kb.findings[q]
        if f.type != "number":
            raise
        msg = f'{err.message} Or choose "I don\'t know".'
        return _question_page(request, kb, s, error=msg, typed=raw, status=422, w=w, n=n)
    pairs = [p for p in pairs if p[0] not in given] + list(given.items())
    _, answers = state.load(kb, state.encode(pairs))
    new = state.encode(state.canonical(answers, pairs))
    flag = f"w={quote(w, safe=',')}&" if w else ""
    return RedirectResponse(f"/interview?{flag}s={new}", status_code=303)


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
