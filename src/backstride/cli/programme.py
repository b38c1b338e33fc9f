"""`backstride programme start | show | update`: the graded walking programme, kept in the
database and adapted from the diary each week (rules: docs/WALKING_PROGRAMME.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from backstride.cli.common import person_ref
from backstride.cli.diary import db_option
from backstride.words import count

programme_app = typer.Typer(
    help="Your graded walking programme: start it, see this week, and let the diary move it on.",
    no_args_is_help=True,
)

PERSON_HELP = "Whose programme (name or id). Default: you, the local person."
TODAY_HELP = "Treat this date (YYYY-MM-DD) as today. Useful to catch up or to test."


def _today(value: str | None, db: str | None = None, person: str | None = None) -> date:
    """``--date`` / ``--today`` as typed, else the person's date in their time zone."""
    from backstride.cli.common import person_today
    from backstride.diary.records import parse_day

    if value is not None and value.strip().lower() not in ("today", "yesterday"):
        return parse_day(value, planning=True)  # an empty value is refused there
    own = person_today(db, person_ref(person))
    return parse_day(value, planning=True, today=own) if value is not None else own


def _from_assessment(data: dict[str, Any]) -> dict[str, Any]:
    """The plan's week-1 programme for an answers document."""
    from backstride.engine import assess
    from backstride.knowledge import load_kb
    from backstride.plan.build import walking_programme

    kb = load_kb()
    result = assess(kb, data).to_dict()
    return walking_programme(result, data)


def _print_week(console: Any, state: dict[str, Any]) -> None:
    from backstride.diary.adapt import current, week_dates

    p = current(state)
    first, last = week_dates(state)
    console.print(f"[bold]This week ({first:%a %d %b} to {last:%a %d %b})[/]", highlight=False)
    console.print(p.summary(), highlight=False)
    console.print(p.rest, highlight=False)
    console.print(p.when_pain, highlight=False)
    console.print(f"Why: {p.reason}", highlight=False)
    console.print(
        f"Goal: about {p.target_session_minutes:g} minutes of walking, "
        f"{p.target_sessions_per_week} days a week.",
        highlight=False,
    )


def _onset_text(log: dict[str, Any]) -> str:
    onset = log.get("onset_minutes")  # absent in weeks saved before it was read
    return "" if onset is None else f", symptoms after about {onset:g} min"


def _print_applied(console: Any, applied: list[dict[str, Any]]) -> None:
    for week in applied:
        log = week["log"]
        console.print(
            f"Week {week['week']} ({week['from']} to {week['to']}): "
            f"{count(log['walks_done'], 'day')} with a walk, {count(log['minutes_walked'], 'minute')}, "
            f"worst pain {log['worst_pain']}/10{_onset_text(log)}. [bold]{week['status'].replace('_', ' ')}[/]: "
            f"{week['reason']}",
            highlight=False,
        )
        for note in week["notes"]:
            console.print(f"  {note}", style="dim", highlight=False)


@programme_app.command("start")
def start(
    answers: Path | None = typer.Option(
        None, "--answers", help="Answers JSON file (see README). Default: your last assessment."
    ),
    cause: str | None = typer.Option(
        None,
        "--type",
        help="Programme type instead of an assessment: general, neurogenic, vascular.",
    ),
    minutes: float | None = typer.Option(
        None, "--minutes", help="Minutes you can walk before symptoms start."
    ),
    metres: float | None = typer.Option(
        None, "--metres", help="Metres you can walk before symptoms start."
    ),
    day: str | None = typer.Option(None, "--date", help="First day (YYYY-MM-DD). Default: today."),
    restart: bool = typer.Option(False, "--restart", help="Replace a programme already running."),
    json_out: bool = typer.Option(False, "--json", help="Print the saved state as JSON."),
    db: str | None = db_option(),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
) -> None:
    """Start week 1 from your walking time and the likely cause of your symptoms."""
    from rich.console import Console

    from backstride.cli.common import print_json, read_json_file
    from backstride.diary.adapt import new_state
    from backstride.errors import InputError
    from backstride.plan.walking import WalkingProgramme, start_programme
    from backstride.storage import Store

    first = _today(day, db, person)
    who = person_ref(person)
    with Store.open(db) as store:
        if store.get_programme_state(who) and not restart:
            raise InputError(
                "A walking programme is already running. See it with `backstride programme show`, "
                "or start again with `backstride programme start --restart`."
            )
        if cause is not None:
            programme = start_programme(cause, minutes, metres)
            basis = f"type {cause}"
        else:
            if answers is not None:
                data = read_json_file(answers)
                basis = f"answers file {answers.name}"
            else:
                stored = store.list_assessments(who)
                if not stored:
                    raise InputError(
                        "No assessment to start from. Run `backstride assess` first, or give "
                        "--answers FILE, or --type general|neurogenic|vascular with --minutes."
                    )
                data = dict(stored[-1]["answers"])
                basis = f"assessment of {stored[-1]['created_at']:%Y-%m-%d}"
            if minutes is not None or metres is not None:
                inner = dict(data.get("answers", {}))
                inner.pop("walk_minutes", None)
                inner.pop("walk_metres", None)
                inner["walk_minutes" if minutes is not None else "walk_metres"] = (
                    minutes if minutes is not None else metres
                )
                data = {**data, "answers": inner}
            programme = WalkingProgramme.from_dict(_from_assessment(data))
        state = new_state(programme, first, basis)
        store.save_programme_state(who, state)
    if json_out:
        print_json(state)
        return
    console = Console()
    console.print(f"Walking programme started ({basis}).", highlight=False)
    _print_week(console, state)
    console.print(
        "Log your walks and pain with `backstride log`, or import them from a phone or watch "
        "with `backstride walks import FILE`. "
        "Each week, `backstride programme update` moves the programme on.",
        highlight=False,
    )


def _update(db: str | None, person: str | None, today: date, flare: bool) -> tuple[Any, Any]:
    from backstride.diary.adapt import catch_up
    from backstride.errors import InputError
    from backstride.storage import Store

    who = person_ref(person)
    with Store.open(db) as store:
        state = store.get_programme_state(who)
        if not state or "current" not in state:
            raise InputError(
                "No walking programme yet. Start one with `backstride programme start`."
            )
        new, applied = catch_up(
            state, store.list_diary_entries(who), store.list_walks(who), today, flare=flare
        )
        if applied:
            store.save_programme_state(who, new)
    return new, applied


def report_week(console: Any, db: str | None, person: str | None = None) -> None:
    """After a walk is logged or imported: if a walking programme runs, say where this week
    stands. Nothing is saved here: a week that ended is applied by `programme update` (or
    `show`), so walks still to be logged for it are not left out."""
    from backstride.diary.adapt import catch_up, week_so_far
    from backstride.storage import Store

    who = person_ref(person)
    with Store.open(db) as store:
        saved = store.get_programme_state(who)
        if not saved or "current" not in saved:
            return
        diary, walks = store.list_diary_entries(who), store.list_walks(who)
    state, applied = catch_up(saved, diary, walks, _today(None, db, person))
    if applied:
        console.print(
            f"{count(len(applied), 'programme week')} ended since the last update. When your "
            "walks for it are all in, `backstride programme update` sets next week from them.",
            highlight=False,
        )
        return
    console.print(week_so_far(state, diary, walks), highlight=False)


@programme_app.command("update")
def update(
    flare: bool = typer.Option(
        False, "--flare", help="Last week you had a flare-up: step back a little."
    ),
    today: str | None = typer.Option(None, "--today", help=TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the weeks applied as JSON."),
    db: str | None = db_option(),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
) -> None:
    """Read your diary for every week that has ended and set next week's walks."""
    from rich.console import Console

    from backstride.cli.common import print_json

    state, applied = _update(db, person, _today(today, db, person), flare)
    if json_out:
        print_json({"applied": applied, "state": state})
        return
    console = Console()
    if not applied:
        console.print("This programme week has not ended yet, so nothing changed.")
    _print_applied(console, applied)
    _print_week(console, state)


@programme_app.command("show")
def show(
    today: str | None = typer.Option(None, "--today", help=TODAY_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the programme state as JSON."),
    db: str | None = db_option(),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
) -> None:
    """This week's walks, why, and how the past weeks went (weeks that ended are applied first)."""
    from rich.console import Console

    from backstride.cli.common import print_json

    state, _ = _update(db, person, _today(today, db, person), False)
    if json_out:
        print_json(state)
        return
    from backstride.diary.adapt import week_so_far
    from backstride.storage import Store

    console = Console()
    history = state.get("history", [])
    if history:
        console.print("[bold]Past weeks[/]")
        _print_applied(console, history[-8:])
    _print_week(console, state)
    with Store.open(db) as store:
        who = person_ref(person)
        line = week_so_far(state, store.list_diary_entries(who), store.list_walks(who))
    console.print(line, highlight=False)


def _clock(value: str) -> Any:
    from datetime import time

    from backstride.errors import InputError

    try:
        hours, minutes = (int(x) for x in value.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise InputError(
            f"The time {value!r} is not a clock time. Give it as HH:MM, for example 09:30.",
            field="time",
        ) from None


@programme_app.command("export")
def export(
    ics: Path = typer.Option(
        ..., "--ics", help="Write this week's walks to this calendar file (.ics)."
    ),
    at: str = typer.Option("10:00", "--time", help="Time of day for each walk (HH:MM)."),
    today: str | None = typer.Option(None, "--today", help=TODAY_HELP),
    db: str | None = db_option(),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
) -> None:
    """This week's walks as calendar reminders (iCalendar), for your phone or computer calendar."""
    from rich.console import Console

    from backstride.diary.adapt import current, week_dates
    from backstride.errors import InputError
    from backstride.plan.ics import programme_ics, walking_days

    clock = _clock(at)
    state, _ = _update(db, person, _today(today, db, person), False)
    p = current(state)
    first, last = week_dates(state)
    try:
        body = programme_ics(p, first, clock)
    except ImportError:
        raise InputError(
            "Calendar export needs the icalendar library: pip install 'backstride[calendar]'."
        ) from None
    try:
        ics.write_bytes(body)
    except OSError as exc:
        raise InputError(f"Cannot write {str(ics)!r}: {exc.strerror}.", field="ics") from None
    n = len(walking_days(first, p.sessions_per_week))
    Console().print(
        f"Wrote {n} walk reminders for week {p.week} ({first:%a %d %b} to {last:%a %d %b}) "
        f"to {ics}. Open the file with your calendar app. After `backstride programme update` "
        "moves the programme on, export again for the new week.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(programme_app, name="programme")
