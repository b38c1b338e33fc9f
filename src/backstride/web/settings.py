"""Settings for the web app: one place, no globals, easy to build in tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Host header names always answered (any port): the machine's own loopback names
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True)
class Settings:
    """How the app runs.

    ``multi_user`` turns on clinic mode (accounts, sessions, sharing) and needs ``db_url``.
    ``kb_root`` points at another knowledge-base folder (the tests use a small one).
    ``secure_cookies`` defaults to True unless the app is bound to a loopback address (and a
    request that arrived over HTTPS, directly or from a trusted proxy, always gets them).
    ``allowed_hosts`` are the Host names answered besides the loopback names (a clinic's own
    name, e.g. ``clinic.example.org`` or ``*.example.org``); any other Host gets 400, which
    stops DNS rebinding. ``trusted_proxies`` are the addresses (or CIDR ranges) whose
    X-Forwarded-For and X-Forwarded-Proto headers are believed; nobody else's are.
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
    #: per client address: this many failed sign-ins (any usernames) within the window
    login_max_failures_per_address: int = 20
    #: per account, from all addresses: past this, only addresses that signed in to the
    #: account before (within ``session_days``) may keep trying until the window passes
    login_max_failures_per_account: int = 50
    #: answers that tell whether a username exists ("taken" when registering, "no such
    #: clinician" when sharing) per client address, and per account, within the window
    name_answers_per_window: int = 10
    #: password hashes computed at once (argon2id takes 64 MiB each)
    hash_slots: int = 2
    #: sign-ins allowed to wait for a hashing slot before the rest get 503
    hash_queue: int = 16
    allowed_hosts: tuple[str, ...] = ()
    trusted_proxies: tuple[str, ...] = ()
    #: a clinic's licensed questionnaire wording files (YAML/JSON, as the CLI's --wording),
    #: shown on the questionnaire pages instead of our own descriptions; one per questionnaire
    wording_files: tuple[Path, ...] = ()
    #: the largest walk file (GPX, FIT, Apple Health export or its zip) the upload page takes
    max_upload_bytes: int = 100_000_000

    def __post_init__(self) -> None:
        import ipaddress

        from backstride.errors import InputError

        for name in self.allowed_hosts:
            pattern = name.strip()
            if not pattern or "*" in pattern[1:] or (pattern[0] == "*" and pattern[:2] != "*."):
                raise InputError(
                    f"Allowed host {name!r} is not valid: give a name like clinic.example.org, "
                    "a wildcard like *.example.org, or * for any.",
                    field="allowed_host",
                )
        for proxy in self.trusted_proxies:
            try:
                if proxy != "*":
                    ipaddress.ip_network(proxy.strip(), strict=False)
            except ValueError:
                raise InputError(
                    f"Trusted proxy {proxy!r} is not an IP address or CIDR range "
                    "(e.g. 127.0.0.1 or 10.0.0.0/8).",
                    field="trusted_proxy",
                ) from None

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.host not in LOOPBACK_HOSTS

    @property
    def host_names(self) -> list[str]:
        """Every Host name this app answers: loopback, the address it is bound to (unless a
        wildcard), and ``allowed_hosts``."""
        names = list(LOOPBACK_NAMES)
        if self.host not in LOOPBACK_HOSTS and self.host not in _WILDCARD_BINDS:
            names.append(f"[{self.host}]" if ":" in self.host else self.host)
        names += [h.strip().lower() for h in self.allowed_hosts if h.strip()]
        return list(dict.fromkeys(names))

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
