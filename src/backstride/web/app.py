"""The app factory: ``create_app(settings)`` builds the whole web app and API."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from backstride import __version__, limits
from backstride.knowledge import load_kb
from backstride.pictures import picture
from backstride.web import problems
from backstride.web.middleware import (
    BodyLimit,
    HostCheck,
    OriginCheck,
    SecurityHeaders,
    SessionLoader,
)
from backstride.web.settings import Settings
from backstride.words import week_range

HERE = Path(__file__).parent

DESCRIPTION = """
Backstride weighs answers about lower back pain that comes on with walking against
published research: warning signs first, then the likely causes with their reasons.

**Not a diagnosis.** Every error is `application/problem+json` naming the `field` at fault
and, where there is a fixed set, the valid `choices`.
"""


def _optional(module: str, attr: str) -> Any:
    """An attribute of an optional module (written by other engineers), or None."""
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, attr, None)


def _lazy(module: str, attr: str, needs: str) -> Any:
    """Like ``_optional``, for a module that is slow to import (reportlab): present when the
    library it needs is installed, imported on first call rather than at start-up."""
    if importlib.util.find_spec(needs) is None:
        return None

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), attr)(*args, **kwargs)

    return call


def detect_features() -> dict[str, Any]:
    storage = _optional("backstride.storage", "Store")
    charts = _optional("backstride.report.charts", "render")
    return {
        "build_plan": _optional("backstride.plan", "build_plan"),
        "load_selftests": _optional("backstride.knowledge.selftests", "load_selftests"),
        "storage": storage,
        "diary": storage,
        "progress": charts if storage is not None else None,
        "pdf": _lazy("backstride.report.pdf", "pdf_bytes", "reportlab")
        if storage is not None
        else None,
    }


def _pct(value: float) -> str:
    from backstride.report.summary import percent_text

    return percent_text(value)


def _shown(value: Any) -> Any:
    """Jinja's finalize: plain strings pass through ``limits.shown_text``; markup we built
    ourselves (already escaped) and non-strings are left as they are."""
    if type(value) is str:
        return limits.shown_text(value)
    return value


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    kb = load_kb(settings.kb_root)  # fail fast on a broken knowledge base
    app = FastAPI(
        title="Backstride API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI needs a CDN; /docs is our own offline page
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # every {{ value }} on every page: text stored before the character rule (limits.py), or
    # by an older version, shows a hidden or text-direction character as [U+202E]
    templates.env.finalize = _shown
    templates.env.filters["pct"] = _pct
    templates.env.filters["week_range"] = week_range
    templates.env.globals["settings"] = settings
    templates.env.globals["kb_version"] = kb.version
    features = detect_features()
    templates.env.globals["features"] = {k: v is not None for k, v in features.items()}
    app.state.settings = settings
    app.state.kb = kb
    app.state.templates = templates
    app.state.features = features
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # exercise and self-test drawings (package data, one SVG per id; `kb check` checks them)
    app.mount("/pictures", StaticFiles(directory=str(HERE.parent / "pictures")), name="pictures")
    templates.env.globals["has_picture"] = lambda item_id: picture(item_id) is not None
    problems.install(app)

    from backstride.web import api, kb_pages, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(kb_pages.router)
    from backstride.web import intake

    app.include_router(intake.api)
    app.include_router(intake.pages)
    templates.env.globals["intake"] = intake.available(kb)
    from backstride.web import auth, diary_pages, extras, saved

    extras.install(app, features)
    app.include_router(saved.pages)
    app.include_router(saved.api)
    app.include_router(diary_pages.pages)
    app.include_router(diary_pages.api)
    from backstride.web import report_pages

    app.include_router(report_pages.api)
    app.include_router(report_pages.fhir_pages)
    app.include_router(report_pages.fhir_api)
    if features.get("build_plan") is not None:
        app.include_router(report_pages.programme_pages)
    if features.get("pdf") is not None:
        app.include_router(report_pages.pages)
        app.include_router(report_pages.pdf_api)
    if features.get("storage") is not None:
        from backstride.web import data_pages, questionnaire_pages, selftest_results

        questionnaire_pages.install(app)
        app.include_router(selftest_results.pages)
        app.include_router(selftest_results.api)
        data_pages.install(app)
    if settings.multi_user:
        _install_clinic(app, settings)
    _document_errors(app, settings)
    accounts = getattr(app.state, "accounts", None)
    from backstride.limits import MAX_REQUEST_BYTES

    # inside SessionLoader, so a refused page still knows who is signed in
    app.add_middleware(
        BodyLimit,
        limit=MAX_REQUEST_BYTES,
        upload_paths=("/my/data/walks", "/api/v1/my/walks"),
    )
    app.add_middleware(
        SessionLoader,
        cookie=auth.COOKIE,
        multi_user=settings.multi_user,
        single_csrf=auth.single_csrf(settings),
        lookup=accounts.user_for if accounts is not None else None,
        secret=settings.secret_key,
        secure=lambda scope: (
            settings.secure_cookies
            if settings.secure_cookies is not None
            else settings.cookies_secure or scope.get("scheme") == "https"
        ),
    )

    # outermost last: security headers on every answer, then who the client really is
    # (only from a trusted proxy), then which Host names are answered at all, then whether
    # a browser sent this change from another site
    app.add_middleware(OriginCheck)
    app.add_middleware(HostCheck, allowed=settings.host_names, address=settings.address)
    if settings.trusted_proxies:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    app.add_middleware(SecurityHeaders)
    return app


ENV_SETTINGS = "BACKSTRIDE_WEB_SETTINGS"


def app_from_env() -> FastAPI:
    """uvicorn factory for several worker processes: settings as JSON in $BACKSTRIDE_WEB_SETTINGS
    (``backstride serve --workers N`` sets it, with one secret key shared by all workers)."""
    import json
    import os

    data = json.loads(os.environ.get(ENV_SETTINGS, "{}"))
    if data.get("kb_root"):
        data["kb_root"] = Path(data["kb_root"])
    for key in ("allowed_hosts", "trusted_proxies"):
        if key in data:
            data[key] = tuple(data[key])
    app = create_app(Settings(**data))
    from backstride.web.intake import warm

    warm(app.state.kb, background=True)  # each worker, while it already answers pages
    return app


def _install_clinic(app: FastAPI, settings: Settings) -> None:
    from backstride.storage import Store
    from backstride.web import auth, saved
    from backstride.web.accounts import Accounts, dummy_hash

    dummy_hash()  # now, so the first sign-in with an unknown name takes as long as any other
    if not settings.db_url:
        from backstride.errors import InputError

        raise InputError(
            "Clinic mode needs a database: give --db URL (PostgreSQL recommended).", field="db"
        )
    store = Store.open(settings.db_url, name_people_in_errors=False)
    app.state.store = store
    app.state.accounts = Accounts(
        store,
        max_failures=settings.login_max_failures,
        window_seconds=settings.login_window_seconds,
        session_days=settings.session_days,
        per_address=settings.login_max_failures_per_address,
        per_account=settings.login_max_failures_per_account,
        hash_slots=settings.hash_slots,
        hash_queue=settings.hash_queue,
        name_answers=settings.name_answers_per_window,
    )
    app.include_router(auth.pages)
    app.include_router(auth.api)
    app.include_router(saved.shares_api)
    from backstride.web import clinic_pages

    app.include_router(clinic_pages.pages)
    app.include_router(clinic_pages.api)


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
        },
    }


def _calls(dependant: Any) -> set[Any]:
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def _error_statuses(route: Any, op: dict[str, Any], settings: Settings) -> dict[int, str]:
    """The error answers this operation can give, as the app is set up."""
    from backstride.web import auth

    calls = _calls(route.dependant)
    codes = {400: "Host name not allowed (the server answers only its own names)"}
    if op.get("parameters") or op.get("requestBody"):
        codes[422] = "Invalid input"
    if route.dependant.path_params:
        codes[404] = "Not found"
    if settings.multi_user:
        # signed-in routes: by their dependencies, or (checked inside) the saved records
        private = route.path.startswith(("/api/v1/assessments/", "/api/v1/patients"))
        if private or calls & {auth.person, auth.require_user}:
            codes[401] = "Not signed in"
        if auth.check_api_csrf in calls:
            codes[403] = "Missing or wrong X-CSRF-Token"
        if route.path in ("/api/v1/session", "/api/v1/accounts") and "POST" in route.methods:
            codes[429] = "Too many failed sign-ins, or taken usernames (see Retry-After)"
            codes[503] = "Too many sign-ins being checked at once (see Retry-After)"
        if route.path.endswith("/shares") and "POST" in route.methods:
            codes[429] = "Too many names that are no clinician here (see Retry-After)"
    return codes


def _api_routes(app: FastAPI) -> list[Any]:
    """The API routes in the schema (newer FastAPI keeps included routers unflattened)."""
    from fastapi import routing

    contexts = getattr(routing, "iter_route_contexts", None)
    if contexts is None:  # older FastAPI: app.routes is already flat
        found = [r for r in app.routes if isinstance(r, routing.APIRoute)]
    else:
        found = [c for c in contexts(app.routes) if isinstance(c.original_route, routing.APIRoute)]
    return [r for r in found if r.include_in_schema]


def _document_errors(app: FastAPI, settings: Settings) -> None:
    """Every documented error status in the OpenAPI schema, as problem+json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = generate()
        for route in _api_routes(app):
            for method in route.methods:
                op = spec.get("paths", {}).get(route.path_format, {}).get(method.lower())
                if op is None:
                    continue
                for code, text in _error_statuses(route, op, settings).items():
                    op["responses"].setdefault(str(code), _problem(text))
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
