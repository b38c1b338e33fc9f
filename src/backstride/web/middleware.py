"""Two small pure-ASGI middlewares (cheaper than ``@app.middleware("http")``)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages get a strict policy: only our own files. /docs (Swagger UI) is left alone.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        page = not (path.startswith("/docs") or path.startswith("/api/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                # answers travel in page links: never leak them to other sites
                headers.setdefault("Referrer-Policy", "no-referrer")
                if page:
                    headers.setdefault("Content-Security-Policy", CSP)
                    headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SessionLoader:
    """Puts ``user`` (or None) and the form ``csrf`` token on ``request.state``."""

    def __init__(
        self, app: ASGIApp, *, cookie: str, multi_user: bool, single_csrf: str, lookup: Any
    ) -> None:
        self.app = app
        self.cookie = cookie
        self.multi_user = multi_user
        self.single_csrf = single_csrf
        self.lookup = lookup  # token -> User | None (blocking: runs in the thread pool)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            state["user"] = None
            state["csrf"] = "" if self.multi_user else self.single_csrf
            if self.multi_user and not scope["path"].startswith("/static/"):
                token = self._token(scope)
                if token:
                    user = await run_in_threadpool(self.lookup, token)
                    if user is not None:
                        state["user"] = user
                        state["csrf"] = user.csrf
        await self.app(scope, receive, send)

    def _token(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == b"cookie":
                return cookie_parser(value.decode("latin-1")).get(self.cookie)
        return None
