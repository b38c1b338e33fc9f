"""Small pure-ASGI middlewares (cheaper than ``@app.middleware("http")``): security headers,
the Host check, and who is asking (session and CSRF token)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages (the API docs at /docs too) get a strict policy: only our own files, no inline code.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# JSON, PDF and images from the API are never a document that may run anything
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
PRE_COOKIE = "backstride_pre"  # anonymous visitor's CSRF seed (clinic mode sign-in forms)


class SecurityHeaders:
    """On every answer: nosniff, no referrer, a CSP, no framing, and ``Cache-Control:
    no-store`` on everything but the static files (answers, diaries and tokens must not stay
    in a shared or back-button cache)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        api = path.startswith("/api/") or path == "/openapi.json"
        static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                # answers travel in page links: never leak them to other sites
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Content-Security-Policy", API_CSP if api else CSP)
                headers.setdefault("X-Frame-Options", "DENY")
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def split_host(value: str) -> str | None:
    """The name in a Host header, lower case, without the port; None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0 or (value[end + 1 :] and not _port(value[end + 1 :])):
            return None
        return value[: end + 1]
    name, sep, port = value.rpartition(":")
    if not sep:
        name = value
    elif not port.isdigit():
        return None
    if not name or any(c in name for c in "/\\@ ?#"):
        return None
    return name


def _port(rest: str) -> bool:
    return rest.startswith(":") and rest[1:].isdigit()


class HostCheck:
    """Answer only the Host names in ``allowed`` (``*.example.org`` wildcards, ``*`` any); any
    other name gets a 400 problem. This is what stops DNS rebinding: a page on evil.example
    that re-points its name at 127.0.0.1 still sends ``Host: evil.example``. Same matching
    as Starlette's TrustedHostMiddleware, with the project's problem+json answer."""

    def __init__(self, app: ASGIApp, *, allowed: Sequence[str], address: str) -> None:
        self.app = app
        self.allowed = [a.lower() for a in allowed]
        self.any = "*" in self.allowed
        self.address = address

    def ok(self, name: str | None) -> bool:
        if name is None:
            return False
        return any(
            name == pattern or (pattern.startswith("*.") and name.endswith(pattern[1:]))
            for pattern in self.allowed
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        name = split_host(raw)
        if self.ok(name):
            await self.app(scope, receive, send)
            return
        shown = (name or raw)[:100]
        body = {
            "type": "/problems/host-not-allowed",
            "title": "Host not allowed",
            "status": 400,
            "detail": f"This server does not answer to the name {shown!r}. Open "
            f"{self.address} instead (a clinic adds its own name with --allowed-host).",
            "field": "Host",
            "choices": [a for a in self.allowed if not a.startswith("*")][:20],
        }
        await _send_problem(send, body)


async def _send_problem(send: Send, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": body["status"],
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Sec-Fetch-Site values a browser sends for a request made by our own pages, or typed in
SAME_ORIGIN = frozenset({"same-origin", "none"})


class OriginCheck:
    """Refuse a state-changing request (POST, PUT, PATCH, DELETE) that a browser says came
    from another site: ``Sec-Fetch-Site`` other than ``same-origin``/``none``, or an ``Origin``
    whose host is not this request's Host (for browsers too old to send the first; the same rule
    as Go's ``http.CrossOriginProtection``). A second line behind the CSRF tokens, and the only
    line for what has no token: the single-person API (a hostile page's ``fetch`` can send a
    multipart upload with no preflight). Clients that are not browsers send neither header
    and are not affected."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def cross_site(scope: Scope) -> str | None:
        """The foreign origin (or fetch site) this request came from; None if it is ours."""
        headers = {k: v.decode("latin-1") for k, v in scope["headers"]}
        site = headers.get(b"sec-fetch-site", "").strip().lower()
        origin = headers.get(b"origin")
        if site:  # every current browser sends it: believe it (a proxy may change ports)
            return None if site in SAME_ORIGIN else (origin or site)
        if origin is None:  # older browsers: compare Origin with Host
            return None
        _, sep, rest = origin.strip().partition("://")
        theirs = rest.lower().rstrip("/") if sep else ""
        ours = headers.get(b"host", "").strip().lower()
        return None if theirs and theirs == ours else origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        foreign = self.cross_site(scope)
        if foreign is None:
            await self.app(scope, receive, send)
            return
        body = {
            "type": "/problems/cross-site-request",
            "title": "Cross-site request",
            "status": 403,
            "detail": f"This change was sent from another site ({foreign[:100]!r}), so it was "
            "refused and nothing was changed. Make changes from Backstride's own pages.",
            "field": "Origin",
            "choices": [],
        }
        await _send_problem(send, body)


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with a 413, before the app reads it: by its
    Content-Length at once, or (sent in chunks) as soon as it passes the limit. Starlette
    would otherwise hold any body whole in memory, also before sign-in: one 300 MB sign-in
    took a server from 210 MB to 1.1 GB. Walk uploads (``upload_paths``) are left to their
    own, larger limit, which they check the same way while the file arrives."""

    def __init__(self, app: ASGIApp, *, limit: int, upload_paths: Sequence[str]) -> None:
        self.app = app
        self.limit = limit
        self.upload_paths = frozenset(upload_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.upload_paths:
            await self.app(scope, receive, send)
            return
        size = next((v for k, v in scope["headers"] if k == b"content-length"), b"")
        if size.isdigit() and int(size) > self.limit:
            await self._refuse(scope, receive, send, int(size))
            return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([], message, receive), send)
                return
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                await self._refuse(scope, receive, send, None)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(chunks, None, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, size: int | None) -> None:
        from starlette.requests import Request

        from backstride.web import problems

        said = f"is {size:,} bytes" if size is not None else f"is more than {self.limit:,} bytes"
        detail = (
            f"The request {said}: the most Backstride takes is {self.limit:,} bytes. Nothing "
            "was saved. Send less (a walk file goes to My data, which takes larger files)."
        )
        request = Request(scope, receive)
        if problems.wants_html(request):
            response = problems._html_error(request, 413, "Request too large", detail)
        else:
            response = problems.problem(
                413, "Request too large", detail, field="body", instance=scope["path"]
            )
        response.headers["Connection"] = "close"  # do not read the rest of it
        await response(scope, receive, send)


def _replay(chunks: list[bytes], last: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read so far as one message, then the real one's."""
    pending: list[Message] = [{"type": "http.request", "body": b"".join(chunks)}] if chunks else []
    if last is not None:
        pending.append(last)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


class SessionLoader:
    """Puts ``user`` (or None) and the form ``csrf`` token on ``request.state``.

    Single-person mode: one per-process token. Clinic mode: the session's token when signed
    in; otherwise a token bound to a random ``backstride_pre`` cookie (set here on first
    visit), so the sign-in and register forms are CSRF-checked too.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        cookie: str,
        multi_user: bool,
        single_csrf: str,
        lookup: Any,
        secret: str = "",
        secure: Callable[[Scope], bool] = lambda scope: False,
    ) -> None:
        self.app = app
        self.cookie = cookie
        self.multi_user = multi_user
        self.single_csrf = single_csrf
        self.lookup = lookup  # token -> User | None (blocking: runs in the thread pool)
        self.secret = secret.encode()
        self.secure = secure

    def pre_csrf(self, seed: str) -> str:
        return hmac.new(self.secret, b"pre|" + seed.encode(), hashlib.sha256).hexdigest()[:32]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["user"] = None
        state["csrf"] = "" if self.multi_user else self.single_csrf
        new_seed = None
        path: str = scope["path"]
        if self.multi_user and not path.startswith("/static/"):
            cookies = self._cookies(scope)
            token = cookies.get(self.cookie)
            if token:
                user = await run_in_threadpool(self.lookup, token)
                if user is not None:
                    state["user"] = user
                    state["csrf"] = user.csrf
                else:  # a session cookie the server no longer knows: expired or signed out
                    state["session_ended"] = True
            if state["user"] is None:
                seed = cookies.get(PRE_COOKIE, "")
                if not (16 <= len(seed) <= 64):
                    seed = new_seed = secrets.token_urlsafe(24)
                state["csrf"] = self.pre_csrf(seed)
        if new_seed is None or path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        cookie = f"{PRE_COOKIE}={new_seed}; Path=/; HttpOnly; SameSite=Lax"
        if self.secure(scope):
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _cookies(scope: Scope) -> dict[str, str]:
        for name, value in scope["headers"]:
            if name == b"cookie":
                return cookie_parser(value.decode("latin-1"))
        return {}
