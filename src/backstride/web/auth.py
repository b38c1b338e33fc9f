"""Who is asking: storage, the signed-in user, CSRF checks, and sign-in / register / sign-out.

Single-person mode has no accounts: everything belongs to the storage layer's local person,
and forms carry a per-process CSRF token. Clinic mode (``--multi-user``) has accounts with
sessions in an HttpOnly, SameSite=Lax cookie (Secure off loopback) and a per-session CSRF token
that every state-changing form (and cookie-authenticated API call, as ``X-CSRF-Token``) carries.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from backstride.storage import Store
from backstride.storage.store import PersonRef
from backstride.web.accounts import Accounts, CsrfError, NotSignedIn, User
from backstride.web.api_models import PROBLEM_RESPONSES
from backstride.web.settings import Settings

COOKIE = "backstride_session"
_store_lock = threading.Lock()


def get_store(request: Request) -> Store:
    """The storage layer, opened on first use (the stateless pages never need it)."""
    app = request.app
    if getattr(app.state, "store", None) is None:
        with _store_lock:
            if getattr(app.state, "store", None) is None:
                app.state.store = Store.open(app.state.settings.db_url, name_people_in_errors=False)
    return app.state.store  # type: ignore[no-any-return]


def get_accounts(request: Request) -> Accounts:
    return request.app.state.accounts  # type: ignore[no-any-return]


def current_user(request: Request) -> User | None:
    return getattr(request.state, "user", None)


SESSION_ENDED = "Your session has ended (it expired, or you signed out elsewhere). Sign in again."


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        if getattr(request.state, "session_ended", False):
            raise NotSignedIn(SESSION_ENDED, field="session")
        raise NotSignedIn("Sign in first.", field="session")
    return user


def person(request: Request) -> PersonRef:
    """Whose data this request reads and writes."""
    if not request.app.state.settings.multi_user:
        return None
    return require_user(request).person_id


Person = Annotated[PersonRef, Depends(person)]


def single_csrf(settings: Settings) -> str:
    return hmac.new(settings.secret_key.encode(), b"csrf", hashlib.sha256).hexdigest()[:32]


def check_form_csrf(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> None:
    expected = getattr(request.state, "csrf", "")
    if not expected or not hmac.compare_digest(csrf, expected):
        raise CsrfError(
            "This form has expired or did not come from this site. Reload the page and try again.",
            field="csrf",
        )


def check_api_csrf(request: Request) -> None:
    """Cookie-authenticated API writes must echo the session's CSRF token in a header."""
    if request.app.state.settings.multi_user and current_user(request) is not None:
        sent = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(sent, request.state.csrf):
            raise CsrfError(
                "Send the session's CSRF token in the X-CSRF-Token header.", field="X-CSRF-Token"
            )


def cookies_secure(request: Request) -> bool:
    """Secure when forced on, when not on loopback, or when this request came over HTTPS
    (the scheme is the proxy's X-Forwarded-Proto only for a trusted proxy)."""
    settings: Settings = request.app.state.settings
    if settings.secure_cookies is not None:
        return settings.secure_cookies
    return settings.cookies_secure or request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    settings: Settings = request.app.state.settings
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
        path="/",
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


# --- pages and API for signing in (clinic mode only) --------------------------------------

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["accounts"], responses=PROBLEM_RESPONSES)


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", ended: bool = False) -> Response:
    notice = SESSION_ENDED if ended else ""
    return _render(request, "login.html", {"next": _safe_next(next), "error": "", "notice": notice})


@pages.post("/login", dependencies=[Depends(check_form_csrf)])
def login_form(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    from backstride.errors import InputError

    accounts: Accounts = request.app.state.accounts
    try:
        _, token = accounts.login(username, password, client_ip(request))
    except InputError as err:
        return _render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": err.message, "username": username},
            422,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, request, token)
    return response


@pages.get("/register", response_class=HTMLResponse)
def register_page(
    request: Request,
    invite: Annotated[str, Query(max_length=100)] = "",
    next: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """Patients register freely; a clinician comes with an invitation code (``?invite=``).
    A code that is mistyped, used or expired is said at once (422), before anyone fills in
    the form believing they are joining as a clinician."""
    from backstride.errors import InputError

    if invite:
        try:
            request.app.state.accounts.check_invitation(invite)
        except InputError as err:
            ctx = {"error": err.message, "invitation": "", "invitation_bad": True}
            return _render(request, "register.html", ctx, 422)
    ctx = {"error": "", "invitation": invite, "next": _safe_next(next) if next else ""}
    return _render(request, "register.html", ctx)


@pages.post("/register", dependencies=[Depends(check_form_csrf)])
def register_form(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    invitation: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """A new account, signed in. A patient who came from a link (``next``, e.g. a
    clinician's invitation to share) goes back to it."""
    from backstride.errors import InputError

    accounts: Accounts = request.app.state.accounts
    try:
        accounts.register(
            username, password, invitation=invitation or None, address=client_ip(request)
        )
        user, token = accounts.login(username, password, client_ip(request))
    except InputError as err:
        return _render(
            request,
            "register.html",
            {
                "error": err.message,
                "username": username,
                "invitation": invitation,
                "next": _safe_next(next) if next else "",
            },
            422,
        )
    # a clinician starts at the patients who share with them, a patient at their own results
    # (or back at the link they came from)
    target = "/clinic" if user.role == "clinician" else (_safe_next(next) if next else "/my")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, token)
    return response


@pages.post("/logout", dependencies=[Depends(check_form_csrf)])
def logout_form(request: Request) -> Response:
    request.app.state.accounts.logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)


class NewAccount(Credentials):
    role: str = Field(
        default="patient",
        description="patient, or the role of the invitation (clinician, admin)",
        max_length=20,
    )
    invitation: str | None = Field(
        default=None,
        max_length=100,
        description="The one-time code from `backstride clinic invite`: needed for a clinician",
    )


class SessionInfo(BaseModel):
    username: str
    role: str
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/DELETE")


@api.post("/accounts", response_model=SessionInfo, status_code=201)
def api_register(body: NewAccount, request: Request, response: Response) -> dict[str, Any]:
    """Create an account and sign in (clinic mode)."""
    accounts: Accounts = request.app.state.accounts
    role = "patient" if body.invitation and body.role == "patient" else body.role
    accounts.register(
        body.username, body.password, role, body.invitation, address=client_ip(request)
    )
    return api_login(Credentials(username=body.username, password=body.password), request, response)


@api.post("/session", response_model=SessionInfo)
def api_login(body: Credentials, request: Request, response: Response) -> dict[str, Any]:
    """Sign in; sets the session cookie.

    Limits (defaults): 5 failures in 15 minutes per account and client address, 20 per
    address, 50 per account from addresses it has not signed in from (429 with Retry-After);
    503 with Retry-After when too many sign-ins are being checked at once."""
    accounts: Accounts = request.app.state.accounts
    _, token = accounts.login(body.username, body.password, client_ip(request))
    set_session_cookie(response, request, token)
    user = accounts.user_for(token)
    assert user is not None
    return {"username": user.username, "role": user.role, "csrf_token": user.csrf}


@api.get("/session", response_model=SessionInfo)
def api_whoami(user: Annotated[User, Depends(require_user)]) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "csrf_token": user.csrf}


@api.delete("/session", status_code=204, dependencies=[Depends(check_api_csrf)])
def api_logout(request: Request, response: Response) -> None:
    request.app.state.accounts.logout(request.cookies.get(COOKIE))
    response.delete_cookie(COOKIE, path="/")
