"""Settings for the web app: one place, no globals, easy to build in tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Settings:
    """How the app runs.

    ``multi_user`` turns on clinic mode (accounts, sessions, sharing) and needs ``db_url``.
    ``kb_root`` points at another knowledge-base folder (the tests use a small one).
    ``secure_cookies`` defaults to True unless the app is bound to a loopback address.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    multi_user: bool = False
    db_url: str | None = None
    kb_root: Path | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    secure_cookies: bool | None = None
    #: login rate limit: this many failures per account+IP ...
    login_max_failures: int = 5
    #: ... within this many seconds
    login_window_seconds: int = 15 * 60
    session_days: int = 14

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.host not in LOOPBACK_HOSTS

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
