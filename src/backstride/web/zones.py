"""The visitor's time zone on the web: the one they saved, else their browser's, else a guess.

``static/app.js`` puts the browser's zone (``Intl.DateTimeFormat().resolvedOptions().timeZone``)
in the ``backstride_tz`` cookie on every page, so the server can date "today" where the person
is from their second page on; the person can save a zone on My data (``people.time_zone``),
which then wins. Before either is known, a single-person server (on the person's own machine)
uses its machine's zone and a clinic server UTC, and the diary form's date is corrected in the
browser (``data-browser-today``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Request

from backstride.errors import BackstrideError, InputError
from backstride.timezones import DEFAULT_ZONE, check_zone, machine_zone, today_in

COOKIE = "backstride_tz"


@dataclass(frozen=True)
class Zone:
    name: str
    source: str  # "saved", "browser" or "server" (a guess)

    @property
    def known(self) -> bool:
        return self.source != "server"

    def today(self) -> date:
        return today_in(self.name)


def server_zone(request: Request) -> str:
    """The guess before anyone's zone is known: a clinic server's UTC, or, on a person's own
    machine, that machine's zone."""
    return DEFAULT_ZONE if request.app.state.settings.multi_user else machine_zone()


def browser_zone(request: Request) -> str | None:
    """The browser's zone from its cookie, when it is a real zone name."""
    from urllib.parse import unquote

    raw = unquote(request.cookies.get(COOKIE, "")[:200])  # app.js encodes the slash
    if not raw:
        return None
    try:
        return check_zone(raw)
    except InputError:
        return None


def request_zone(request: Request) -> Zone:
    """The zone for this request's person (worked out once per request)."""
    cached = getattr(request.state, "zone", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    saved = _saved(request)
    if saved:
        found = Zone(saved, "saved")
    elif (browser := browser_zone(request)) is not None:
        found = Zone(browser, "browser")
    else:
        found = Zone(server_zone(request), "server")
    request.state.zone = found
    return found


def browser_today(request: Request) -> date:
    """The person's date for pages that keep nothing (the interview): their browser's zone,
    else the server's guess; never opens the database."""
    cached = getattr(request.state, "zone", None)
    if cached is not None:
        return cached.today()  # type: ignore[no-any-return]
    return today_in(browser_zone(request) or server_zone(request))


def _saved(request: Request) -> str | None:
    from backstride.web.auth import current_user, get_store

    settings = request.app.state.settings
    if settings.multi_user and current_user(request) is None:
        return None
    who = current_user(request).person_id if settings.multi_user else None  # type: ignore[union-attr]
    try:
        return get_store(request).get_time_zone(who)
    except BackstrideError:  # no such person yet, or no database: no saved zone
        return None


def person_today(request: Request) -> date:
    """The person's date today, where they are."""
    return request_zone(request).today()


def patient_today(request: Request, person_id: int) -> date:
    """Another person's date today (a clinician looking at a patient's programme): the zone
    the patient saved, else the server's default. Their weeks end where they live."""
    from backstride.web.auth import get_store

    try:
        saved = get_store(request).get_time_zone(person_id)
    except BackstrideError:
        saved = None
    return today_in(saved or server_zone(request))
