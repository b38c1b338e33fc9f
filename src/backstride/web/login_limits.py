"""Sign-in limits, correct under parallel requests and across worker processes.

Every attempt is *reserved* before its password is checked: one short write transaction
(serialised by SQLite's write lock, and by an advisory lock on PostgreSQL) counts the recent
attempts and either refuses or records this one. So 40 parallel wrong passwords get at most
the limit checked, however they interleave. A successful sign-in removes its own
reservations again. Three counts, in this order (docs/SECURITY.md explains the design):

1. per client address (any usernames): stops one address guessing across many accounts;
2. per account and address: the classic "5 wrong passwords, wait 15 minutes";
3. per account from all addresses, set much higher: stops a guesser with many addresses.

Answers that tell whether a username exists (registering with a taken name, sharing with a
name that is no clinician) are counted too, per address and (sharing) per account:
``LoginLimiter.look_up``.

An address the account has signed in from before (within the session lifetime) is "known" for
that account: only count 2 applies to it. So other people's failures, from the same shared
address or from a botnet aimed at the account, never lock the owner out of their usual place,
while every unknown address meets all three limits.

The client address is the connection's, or the X-Forwarded-For address only when the
connection comes from a configured trusted proxy (``Settings.trusted_proxies``).

Password hashing (argon2id, 64 MiB each) runs through :class:`HashGate`: a few at once, a
short queue, and a clear 503 for the rest, so a burst cannot take the server's memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from backstride import words
from backstride.errors import BackstrideError
from backstride.storage import Store
from backstride.storage.models import LoginAttempt, utcnow

T = TypeVar("T")
_PG_LOCK_KEY = 0x6C6F6769  # "logi": serialises the reserve step on PostgreSQL


class TooManyAttempts(BackstrideError):
    status = 429
    exit_code = 2
    title = "Too many attempts"

    def __init__(self, message: str, retry_after: int, field: str = "password"):
        super().__init__(message, field=field)
        self.headers = {"Retry-After": str(retry_after)}


class ServerBusy(BackstrideError):
    status = 503
    exit_code = 1
    title = "Busy"

    def __init__(self, message: str, retry_after: int = 2):
        super().__init__(message, field=None)
        self.headers = {"Retry-After": str(retry_after)}


class HashGate:
    """At most ``slots`` password hashes at once; ``queue`` more may wait up to ``wait_s``."""

    def __init__(self, slots: int, queue: int, wait_s: float = 20.0):
        self._slots = threading.BoundedSemaphore(max(slots, 1))
        self._lock = threading.Lock()
        self._inside = 0  # waiting + running
        self._running = 0
        self.limit = max(slots, 1) + max(queue, 0)
        self.wait_s = wait_s
        self.peak = 0  # most hashes ever running at once (the tests read it)

    def run(self, fn: Callable[[], T]) -> T:
        with self._lock:
            if self._inside >= self.limit:
                raise ServerBusy("The server is busy signing people in. Try again in a moment.")
            self._inside += 1
        try:
            if not self._slots.acquire(timeout=self.wait_s):
                raise ServerBusy("The server is busy signing people in. Try again in a moment.")
            try:
                with self._lock:
                    self._running += 1
                    self.peak = max(self.peak, self._running)
                try:
                    return fn()
                finally:
                    with self._lock:
                        self._running -= 1
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._inside -= 1


class LoginLimiter:
    def __init__(
        self,
        store: Store,
        *,
        window: timedelta,
        per_pair: int,
        per_address: int,
        per_account: int,
        remember: timedelta,
    ):
        self.store = store
        self.window = window
        self.per_pair = per_pair
        self.per_address = per_address
        self.per_account = per_account
        self.remember = remember

    @staticmethod
    def keys(name: str, address: str) -> dict[str, str]:
        address = address[:64]
        return {
            "addr": f"addr:{address}",
            "pair": f"pair:{name}|{address}"[:120],
            "acct": f"acct:{name}",
            "ok": f"ok:{name}|{address}"[:120],
        }

    def reserve(self, name: str, address: str) -> list[int]:
        """Count, then record, this attempt; raises TooManyAttempts if over a limit."""
        k = self.keys(name, address)
        now = utcnow()
        since = now - self.window
        with self.store.write() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            s.execute(
                delete(LoginAttempt).where(
                    LoginAttempt.at < since, ~LoginAttempt.key.startswith("ok:")
                )
            )
            checks = [(k["pair"], self.per_pair)]
            if not self._known(s, k["ok"], now):
                checks = [(k["addr"], self.per_address), *checks, (k["acct"], self.per_account)]
            for key, limit in checks:
                count, oldest = s.execute(
                    select(func.count(), func.min(LoginAttempt.at)).where(
                        LoginAttempt.key == key, LoginAttempt.at >= since
                    )
                ).one()
                if count >= limit:
                    raise self._refuse(oldest, now)
            rows = [LoginAttempt(key=k[part], at=now) for part in ("addr", "pair", "acct")]
            s.add_all(rows)
            s.flush()
            return [r.id for r in rows]

    def _known(self, s: Session, ok_key: str, now: datetime) -> bool:
        found = s.scalar(
            select(LoginAttempt.id).where(
                LoginAttempt.key == ok_key, LoginAttempt.at >= now - self.remember
            )
        )
        return found is not None

    def _refuse(self, oldest: datetime | None, now: datetime) -> TooManyAttempts:
        wait = int(((oldest or now) + self.window - now).total_seconds()) + 1
        return TooManyAttempts(
            f"Too many failed sign-ins. Wait {words.count(max(wait // 60, 1), 'minute')} and try again.",
            retry_after=max(wait, 1),
        )

    def look_up(
        self,
        keys: list[str],
        limit: int,
        probe: Callable[[Session], bool],
        refusal: str,
        field: str,
    ) -> None:
        """A look-up whose answer tells whether a username exists (registering: "taken";
        sharing: "no such clinician"). ``probe`` runs in this write transaction and returns
        whether its answer was one that tells (it is then counted under every key). Once a
        key has ``limit`` counted answers in the window, every look-up under it is refused
        with ``refusal`` (429), whatever the name, so the refusal itself tells nothing."""
        now = utcnow()
        since = now - self.window
        with self.store.write() as s:
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            s.execute(
                delete(LoginAttempt).where(
                    LoginAttempt.at < since, LoginAttempt.key.startswith("names:")
                )
            )
            for key in keys:
                count, oldest = s.execute(
                    select(func.count(), func.min(LoginAttempt.at)).where(
                        LoginAttempt.key == key, LoginAttempt.at >= since
                    )
                ).one()
                if count >= limit:
                    wait = int(((oldest or now) + self.window - now).total_seconds()) + 1
                    raise TooManyAttempts(
                        refusal.format(minutes=words.count(max(wait // 60, 1), "minute")),
                        retry_after=max(wait, 1),
                        field=field,
                    )
            if probe(s):
                s.add_all([LoginAttempt(key=key[:120], at=now) for key in keys])

    def release(self, ids: list[int]) -> None:
        """The attempt was never checked (server busy): it does not count."""
        with self.store.write() as s:
            s.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(ids)))

    def succeeded(self, s: Session, name: str, address: str, ids: list[int]) -> None:
        """Inside the sign-in's own transaction: forget this address's failures on this
        account and remember the address as one the owner uses."""
        k = self.keys(name, address)
        s.execute(
            delete(LoginAttempt).where(
                LoginAttempt.id.in_(ids) | LoginAttempt.key.in_([k["pair"], k["ok"]])
            )
        )
        s.add(LoginAttempt(key=k["ok"], at=utcnow()))
        s.execute(
            delete(LoginAttempt).where(
                LoginAttempt.key.startswith("ok:"), LoginAttempt.at < utcnow() - self.remember
            )
        )


@contextmanager
def reserved(limiter: LoginLimiter, name: str, address: str) -> Iterator[list[int]]:
    """Reserve an attempt; give it back if the password was never checked (server busy)."""
    ids = limiter.reserve(name, address)
    try:
        yield ids
    except ServerBusy:
        limiter.release(ids)
        raise
