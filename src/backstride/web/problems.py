"""Errors as RFC 9457 ``application/problem+json`` for the API, and as a page for people.

One mapping for the whole app: a :class:`BackstrideError` carries its HTTP ``status``, the
``field`` at fault and the valid ``choices``; FastAPI's own validation errors become 422s in
the same shape. Bad input is always a 4xx, never a 500.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from backstride.errors import BackstrideError
from backstride.web.field_hints import describe, known_fields
from backstride.words import count

log = logging.getLogger("backstride.web")

PROBLEM_JSON = "application/problem+json"
MAX_CHOICES = 200


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    choices: list[str] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/problems/{_slug(title)}",
        "title": title,
        "status": status,
        "detail": detail,
        "field": field,
        "choices": (choices or [])[:MAX_CHOICES],
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def wants_html(request: Request) -> bool:
    """Pages get a page; the API (and clients asking for JSON) get problem+json."""
    if request.url.path.startswith("/api/"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or not accept or accept == "*/*"


def _html_error(request: Request, status: int, title: str, detail: str) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"title": title, "detail": detail, "status": status},
        status_code=status,
    )


# pydantic adds the union member it tried to a location ("walk_minutes", "constrained-float"):
# the person's field is the part before it
_TYPE_TAG = re.compile(
    r"^(constrained-\w+|function-\w+\[.*\]|str|float|int|bool|none|json-or-python\[.*\])$"
)


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    while len(parts) > 1 and _TYPE_TAG.match(parts[-1]):
        parts.pop()
    return ".".join(parts) or str(loc[0] if loc else "body")


def _validation_problem(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request", "ctx": {}}
    field = _field_of(tuple(first.get("loc", ())))
    ctx = first.get("ctx") or {}
    choices: list[str] = []
    expected = ctx.get("expected")
    if isinstance(expected, str) and "'" in expected:
        choices = re.findall(r"'([^']*)'", expected)
    msg = str(first.get("msg", "invalid value")).removeprefix("Value error, ").rstrip(".")
    detail = f"{field}: {msg}."
    if first.get("type") == "literal_error":  # name what was sent, not only what is valid
        detail = f"{field}: {str(first.get('input'))[:30]!r} is not a valid choice. {msg}."
    loc = tuple(first.get("loc", ()))
    if loc == ("body",):
        detail = _body_fault(request, first)
    elif first.get("type") == "extra_forbidden":  # name the fields there are
        choices = known_fields(request, loc[:-1])
        detail = f"{detail} Valid fields: {', '.join(choices)}." if choices else detail
    elif first.get("type") != "value_error":  # our own checks already name the range
        hint, listed_choices = describe(request, loc)
        detail = f"{detail} {hint}" if hint else detail
        choices = choices or listed_choices
    if len(errors) > 1:
        detail += f" ({count(len(errors) - 1, 'more problem')} listed in 'errors'.)"
    listed = [
        {
            "field": _field_of(tuple(e.get("loc", ()))),
            "message": str(e.get("msg", "")).removeprefix("Value error, "),
        }
        for e in errors[:20]
    ]
    if wants_html(request):
        return _html_error(request, 422, "Invalid input", detail)
    return problem(
        422,
        "Invalid input",
        detail,
        field=field,
        choices=choices,
        instance=request.url.path,
        errors=listed,
    )


def _body_fault(request: Request, error: dict[str, Any]) -> str:
    """The body as a whole is wrong: empty, not JSON, or not a JSON object."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind != "application/json" and not kind.endswith("+json"):
        return (
            f"body: the body is sent as {kind!r}: send a JSON object "
            "with Content-Type: application/json."
        )
    if error.get("type") == "missing":
        return (
            "body: the request body is empty: send a JSON object (Content-Type: application/json)."
        )
    return "body: the body must be a JSON object ({...}) with the fields this operation documents."


def _unreadable_body(request: Request) -> Response:
    detail = (
        "body: the request body is not JSON Backstride can read: it must be UTF-8 text, "
        "nested less than a few hundred levels deep, with numbers of fewer than 4,300 digits."
    )
    if wants_html(request):
        return _html_error(request, 422, "Invalid input", detail)
    return problem(422, "Invalid input", detail, field="body", instance=request.url.path)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette's own 405 names only the first
    matching route's, so a path with GET and POST routes answered 'Allow: GET')."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def install(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""

    @app.exception_handler(BackstrideError)
    async def _backstride(request: Request, exc: BackstrideError) -> Response:
        status = exc.status
        if status >= 500:
            log.error("server-side error: %s", exc.message)
        if wants_html(request):
            if status == 401:  # a page that needs sign-in: go there, then come back
                from urllib.parse import quote

                target = quote(
                    request.url.path + (f"?{request.url.query}" if request.url.query else ""),
                    safe="",
                )
                ended = "&ended=1" if getattr(request.state, "session_ended", False) else ""
                return RedirectResponse(f"/login?next={target}{ended}", status_code=303)
            return _html_error(request, status, exc.title, exc.message)
        headers = getattr(exc, "headers", None)
        return problem(
            status,
            exc.title,
            exc.message,
            field=exc.field,
            choices=exc.choices,
            instance=request.url.path,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return _validation_problem(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            401: "Not signed in",
            403: "Forbidden",
            429: "Too many requests",
        }
        title = titles.get(exc.status_code, "Error")
        detail = str(exc.detail) if exc.detail else title
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is nothing at {request.url.path}."
        if exc.status_code == 400 and "parsing the body" in detail:  # FastAPI: not UTF-8 JSON
            return _unreadable_body(request)
        if wants_html(request):
            return _html_error(request, exc.status_code, title, detail)
        return problem(
            exc.status_code, title, detail, instance=request.url.path, headers=headers or None
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:  # pragma: no cover
        log.exception("unexpected error on %s", request.url.path)
        return problem(
            500, "Internal error", "Something went wrong on our side.", instance=request.url.path
        )
