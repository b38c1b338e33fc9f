"""`backstride log`, `backstride diary list|edit|delete`, `backstride walks import` and
`backstride progress`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from backstride.cli.common import person_today
from backstride.words import count, is_are

DB_HELP = "Database: a file path or URL (postgresql+psycopg://...). Default: $BACKSTRIDE_DB or your data folder."


def walk_time(raw: str | None, limit: Any, field: str) -> float | None:
    """A walking time as typed ("25", "25 min", "half an hour") -> minutes, in range, or a
    clear InputError naming the value and the units (one reader for CLI, web and API)."""
    from backstride.diary.amounts import read_minutes

    return read_minutes(raw, limit, field)


def walk_distance(raw: str) -> float:
    """A distance as typed: 800m, 1.2km, 1mi or a bare number (under 50 is km), as before;
    also yards, miles and blocks in words ("500 yards", "half a mile", "3 blocks")."""
    from backstride.diary.amounts import read_distance_m

    return read_distance_m(raw, "distance", bare_km=True)


def db_option() -> Any:
    return typer.Option(None, "--db", envvar="BACKSTRIDE_DB", help=DB_HELP, show_envvar=True)


def log(
    day: str = typer.Option(
        "today",
        "--date",
        "-d",
        help="YYYY-MM-DD, today or yesterday. Given alone in a terminal, you are asked the rest.",
    ),
    pain: int | None = typer.Option(None, "--pain", "-p", help="Pain now, 0 (none) to 10 (worst)."),
    minutes: str | None = typer.Option(
        None,
        "--minutes",
        "-m",
        help="How long you walked, 0 to 1440 minutes: 25, '25 min', 'half an hour', '1 hour'.",
    ),
    distance: str | None = typer.Option(
        None,
        "--distance",
        help="How far you walked: 800m, 1.2km, 1mi, '500 yards' or '3 blocks' (a bare number "
        "under 50 is km).",
    ),
    onset: str | None = typer.Option(
        None,
        "--onset",
        help="How long you walked before symptoms started, 0 to 1440 minutes: 10, '10 min'.",
    ),
    reach: str | None = typer.Option(
        None,
        "--reach",
        help="How far down symptoms went: none, back, buttock, thigh, 'below knee'.",
    ),
    relief: str | None = typer.Option(
        None,
        "--relief",
        help="What eased them: sitting, 'bending forward', 'standing still', nothing.",
    ),
    notes: str = typer.Option(
        "", "--notes", "-n", help="Anything else worth remembering (up to 2,000 characters)."
    ),
    activity: str | None = typer.Option(
        None,
        "--activity",
        "-a",
        help="walk (the default) or run. Runs are kept out of your walking figures and your "
        "walking programme. Given alone in a terminal, you are asked the rest for a run.",
    ),
    db: str | None = db_option(),
) -> None:
    """Log today's walk or run, or how your day went. Run with no options to be asked step by
    step."""
    from rich.console import Console
    from rich.markup import escape

    from backstride import limits
    from backstride.diary.records import (
        DiaryEntry,
        parse_activity,
        parse_day,
        parse_reach,
        parse_relief,
    )

    console = Console()
    kind = parse_activity(activity) if activity is not None else "walk"  # refused at once
    today = person_today(db)  # the person's date, in their saved zone (else this machine's)
    when = parse_day(day, today=today)  # a bad date is refused before anything is asked
    given = (pain, minutes, distance, onset, reach, relief) != (None,) * 6 or notes
    if not given:
        if not sys.stdin.isatty():
            from backstride.errors import InputError

            raise InputError(
                "Nothing to log. Give at least one of --pain, --minutes, --distance, --onset, "
                "--reach, --relief or --notes (or run `backstride log` in a terminal to be asked)."
            )
        # a date alone (`backstride log --date 2026-03-01`): ask the rest for that day;
        # `--activity run` alone: the same questions, about a run
        entry = _ask_entry(console, None if day == "today" else when, today, activity=kind)
    else:
        entry = DiaryEntry(
            day=when,
            pain_now=pain,
            walk_minutes=walk_time(minutes, limits.WALK_MINUTES, "minutes"),
            walk_distance_m=walk_distance(distance) if distance is not None else None,
            onset_minutes=walk_time(onset, limits.ONSET_MINUTES, "onset"),
            symptom_reach=parse_reach(reach) if reach is not None else None,
            relieved_by=parse_relief(relief) if relief is not None else None,
            notes=notes,
            activity=kind,
        )
    from backstride.diary.records import describe_entry, require_content
    from backstride.storage import Store

    require_content(entry)

    with Store.open(db) as store:
        new_id = store.add_diary_entry(None, entry)
    console.print(f"Saved as entry {new_id}: " + escape(describe_entry(entry)), highlight=False)
    from backstride.cli.programme import report_week

    report_week(console, db)


diary_app = typer.Typer(
    help="Your diary entries: list them with their ids, correct one, or delete one.",
    no_args_is_help=True,
)
CLEARABLE = ("pain", "minutes", "distance", "onset", "reach", "relief", "notes")
_COLUMN = {
    "pain": "pain_now",
    "minutes": "walk_minutes",
    "distance": "walk_distance_m",
    "onset": "onset_minutes",
    "reach": "symptom_reach",
    "relief": "relieved_by",
    "notes": "notes",
}
#: stored fields an edit keeps unless told otherwise (activity cannot be cleared, only changed)
_KEPT = (*_COLUMN.values(), "activity")


@diary_app.command("list")
def diary_list(
    last: int = typer.Option(30, "--last", min=1, help="How many of the newest entries to show."),
    db: str | None = db_option(),
) -> None:
    """Your diary entries, newest last, each with the id that `diary edit` and `diary delete` use."""
    from rich.console import Console
    from rich.markup import escape

    from backstride.storage import Store

    console = Console()
    with Store.open(db) as store:
        rows = store.list_diary_entries(None)
    if not rows:
        console.print("No diary entries yet. Add one with `backstride log`.")
        return
    for row in rows[-last:]:
        edited = " (edited)" if row.get("updated_at") else ""
        console.print(f"{row['id']:>5}  " + escape(_describe_row(row)) + edited, highlight=False)
    if len(rows) > last:
        console.print(f"({len(rows) - last} older entries not shown: use --last {len(rows)}.)")


@diary_app.command("edit")
def diary_edit(
    entry_id: int = typer.Argument(..., help="The entry's id (see `backstride diary list`)."),
    day: str | None = typer.Option(None, "--date", "-d", help="YYYY-MM-DD, today or yesterday."),
    pain: int | None = typer.Option(None, "--pain", "-p", help="Pain, 0 (none) to 10 (worst)."),
    minutes: str | None = typer.Option(
        None, "--minutes", "-m", help="Minutes walked: 25, '25 min', 'half an hour'."
    ),
    distance: str | None = typer.Option(
        None, "--distance", help="800m, 1.2km, 1mi, '500 yards' or '3 blocks'."
    ),
    onset: str | None = typer.Option(
        None, "--onset", help="Minutes before symptoms started: 10, '10 min'."
    ),
    reach: str | None = typer.Option(
        None, "--reach", help="none, back, buttock, thigh, 'below knee'."
    ),
    relief: str | None = typer.Option(
        None, "--relief", help="sitting, 'bending forward', 'standing still', nothing."
    ),
    notes: str | None = typer.Option(None, "--notes", "-n", help="Replace the notes."),
    activity: str | None = typer.Option(None, "--activity", "-a", help="walk or run."),
    clear: list[str] = typer.Option(
        [], "--clear", help=f"Empty a part of the entry (repeatable): {', '.join(CLEARABLE)}."
    ),
    db: str | None = db_option(),
) -> None:
    """Correct a diary entry: give only what changes. The corrected entry is checked as a new one."""
    from rich.console import Console
    from rich.markup import escape

    from backstride import limits
    from backstride.diary.records import (
        DiaryEntry,
        describe_entry,
        parse_activity,
        parse_day,
        parse_reach,
        parse_relief,
        require_content,
    )
    from backstride.errors import InputError
    from backstride.storage import Store

    bad = [c for c in clear if c not in CLEARABLE]
    if bad:
        raise InputError(
            f"--clear {bad[0]!r} is not a part of an entry. Choose from: {', '.join(CLEARABLE)}.",
            field="clear",
            choices=CLEARABLE,
        )
    changes: dict[str, Any] = {_COLUMN[c]: ("" if c == "notes" else None) for c in clear}
    given = {
        "day": parse_day(day, today=person_today(db)) if day is not None else None,
        "pain_now": pain,
        "walk_minutes": walk_time(minutes, limits.WALK_MINUTES, "minutes"),
        "walk_distance_m": walk_distance(distance) if distance is not None else None,
        "onset_minutes": walk_time(onset, limits.ONSET_MINUTES, "onset"),
        "symptom_reach": parse_reach(reach) if reach is not None else None,
        "relieved_by": parse_relief(relief) if relief is not None else None,
        "notes": notes,
        "activity": parse_activity(activity) if activity is not None else None,
    }
    both = sorted(k for k, v in given.items() if v is not None and k in changes)
    if both:
        raise InputError(f"{both[0]} is both given and cleared: choose one.", field="clear")
    changes.update({k: v for k, v in given.items() if v is not None})
    if not changes:
        raise InputError(
            "Nothing to change. Give the new values (--pain, --minutes, --activity, ...) or "
            "--clear a part of the entry."
        )
    with Store.open(db) as store:
        row = store.get_diary_entry(None, entry_id)
        stored = {k: row.get(k) for k in ("day", *_KEPT)}
        stored["notes"] = stored["notes"] or ""
        stored["activity"] = stored["activity"] or "walk"
        entry = require_content(DiaryEntry(**{**stored, **changes}))
        store.update_diary_entry(None, entry_id, entry)
    Console().print(
        f"Entry {entry_id} now reads: " + escape(describe_entry(entry)), highlight=False
    )


@diary_app.command("delete")
def diary_delete(
    entry_id: int = typer.Argument(..., help="The entry's id (see `backstride diary list`)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before deleting."),
    db: str | None = db_option(),
) -> None:
    """Delete one diary entry for good (asks first unless --yes)."""
    from rich.console import Console
    from rich.markup import escape

    from backstride.errors import InputError
    from backstride.storage import Store

    console = Console()
    with Store.open(db) as store:
        row = store.get_diary_entry(None, entry_id)
        shown = escape(_describe_row(row))
        if not yes:
            from backstride.cli.common import ask_yes_no, stdin_is_terminal

            if not stdin_is_terminal():
                raise InputError(
                    f"Deleting entry {entry_id} needs --yes when there is no terminal to ask in. "
                    "Nothing was deleted."
                )
            question = f"Delete entry {entry_id} ({_describe_row(row)})?"
            if not ask_yes_no(console, escape(question)):
                console.print("Nothing was deleted.")
                return
        store.delete_diary_entry(None, entry_id)
    console.print(f"Deleted entry {entry_id}: {shown}", highlight=False)


def _describe_row(row: dict[str, Any]) -> str:
    from types import SimpleNamespace

    from backstride.diary.records import describe_entry

    keys = ("day", *_KEPT)
    return describe_entry(SimpleNamespace(**{k: row.get(k) for k in keys}))


walks_app = typer.Typer(help="Walks and steps recorded by a phone or watch.", no_args_is_help=True)


@walks_app.command("import")
def import_walks(
    files: list[Path] = typer.Argument(
        ..., help="GPX tracks, FIT files from a watch, or Apple Health's export.xml."
    ),
    db: str | None = db_option(),
) -> None:
    """Import walks and daily steps. Files already imported add nothing twice."""
    from rich.console import Console
    from rich.markup import escape

    from backstride.diary.importer import import_walk_file, overlap_counts
    from backstride.errors import BackstrideError
    from backstride.storage import Store

    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    failed = added = 0
    with Store.open(db) as store:
        for path in files:
            err.print(escape(f"Reading {path} ..."), style="dim", highlight=False)
            try:
                result = import_walk_file(store, path)
            except BackstrideError as exc:
                failed += 1
                err.print(f"[bold]Not imported:[/] {escape(exc.message)}", highlight=False)
                continue
            c = result.counts
            parts = [result.added_text]
            if c.walks_already_stored:
                parts.append(f"{c.walks_already_stored} already stored")
            if result.too_short:
                parts.append(f"{result.too_short} shorter than a minute skipped")
            parts += overlap_counts(o.same_file for o in c.overlapping)
            if result.gps_jumps:
                parts.append(f"{count(result.gps_jumps, 'GPS jump')} left out of the distance")
            parts += days_summary(c.days)
            out.print(escape(f"{path.name} ({result.kind}): " + ", ".join(parts)), highlight=False)
            for line in overlap_lines(c.overlapping, zone_name=result.zone_name):
                out.print(escape(f"  {line}"), highlight=False)
            added += c.walks_added
    if added:
        from backstride.cli.programme import report_week

        report_week(out, db)
    if failed:
        err.print(
            f"{failed} of {count(len(files), 'file')} could not be imported; nothing from them "
            "was stored."
        )
        raise typer.Exit(2)


def overlap_lines(overlapping: Any, most: int = 5, zone_name: str | None = None) -> list[str]:
    """One line for each walk left out as the same as a stored one (the first ``most``), its
    times in the person's zone."""
    from backstride.diary.importer import overlap_text

    lines = [overlap_text(o, zone_name).capitalize() + "." for o in overlapping[:most]]
    if len(overlapping) > most:
        lines.append(f"... and {len(overlapping) - most} more.")
    return lines


def days_summary(days: Any) -> list[str]:
    """'12 days of steps added', '3 updated', '2 kept because the file had lower counts'."""
    if not (days.added or days.raised or days.kept or days.unchanged):
        return []
    parts = [f"{count(days.added, 'day')} of steps added"]
    if days.raised:
        parts.append(f"{days.raised} updated with higher counts")
    if days.kept:
        parts.append(f"{days.kept} kept because the file had lower counts")
    if days.unchanged:
        parts.append(f"{days.unchanged} unchanged")
    return parts


def progress(
    png: Path | None = typer.Option(None, "--png", help="Also write charts to this PNG file."),
    svg: Path | None = typer.Option(None, "--svg", help="Also write charts to this SVG file."),
    weeks: int | None = typer.Option(
        None,
        "--weeks",
        min=1,
        max=1000,
        help="Only the last N weeks, in the table and the charts. Default: your own period, "
        "from your first diary entry (the table lists its last 12 weeks).",
    ),
    today_text: str | None = typer.Option(
        None,
        "--today",
        help="Treat this date (YYYY-MM-DD) as today: the walking programme's weeks that ended "
        "by then are counted, as `programme show --today` does.",
    ),
    db: str | None = db_option(),
) -> None:
    """How your walking, pain, steps and questionnaire scores have changed over time."""
    from rich.console import Console

    from backstride.diary.progress import gather
    from backstride.storage import Store

    console = Console()
    from backstride.cli.programme import _today

    today = _today(today_text, db)
    with Store.open(db) as store:
        data = gather(store, weeks=weeks, today=today)
        if data.programme and "current" in data.programme:
            from backstride.diary.adapt import catch_up

            # the weeks that ended, applied as the web shows them (a read saves nothing)
            data.programme, _ = catch_up(
                data.programme, store.list_diary_entries(None), store.list_walks(None), today
            )
    _print_progress(console, data, weeks=weeks or 12)
    for path in (png, svg):
        if path is not None:
            if data.empty:
                continue
            import importlib.util

            if importlib.util.find_spec("matplotlib") is None:
                from backstride.errors import InputError

                raise InputError("Charts need matplotlib: pip install 'backstride[charts]'.")
            from backstride.report.charts import render

            render(data, path)
            console.print(f"Charts written to {path}")


def _ask(console: Any, question: str, parse: Any) -> Any:
    """Ask until the answer parses; blank skips (returns None)."""
    from rich.markup import escape

    from backstride.errors import InputError

    while True:
        raw = console.input(f"{question} ").strip()
        if not raw:
            return None
        try:
            return parse(raw)
        except (InputError, ValueError) as exc:
            message = getattr(exc, "message", None) or "Please type a number."
            console.print(f"[red]{escape(message)}[/]")


def _ask_entry(console: Any, day: Any = None, today: Any = None, activity: str = "walk") -> Any:
    """Ask for one diary entry step by step; with ``day`` (a past day from --date) the date
    question is not asked. ``today``: the person's date (default: this machine's).
    ``activity``: ``run`` (from ``--activity run``) asks the same questions about a run. Walk
    or run is not asked: walkers, most of the people who keep this diary, answer nothing more."""
    from backstride import limits
    from backstride.diary.records import (
        DiaryEntry,
        parse_day,
        parse_reach,
        parse_relief,
    )
    from backstride.errors import InputError

    def pain(raw: str) -> int:
        try:
            value = float(raw[:30])
        except ValueError:
            raise InputError("Please type a whole number from 0 to 10.") from None
        checked = limits.check_pain(value)
        assert checked is not None
        return checked

    def number(limit: Any) -> Any:
        def parse(raw: str) -> float | None:
            return walk_time(raw, limit, "value")

        return parse

    def notes(raw: str) -> str:
        return limits.check_text(raw, "notes")

    console.print("Press Enter to skip any question. Ctrl-C stops without saving.")
    running = activity == "run"
    if running:
        console.print("Logging a run: it is kept out of your walking figures.")
    else:
        console.print("Went for a run? Log it with `backstride log --activity run`.")

    def when(raw: str) -> Any:
        return parse_day(raw, today=today)

    if day is None:
        day = _ask(console, "Date (Enter for today):", when) or when("today")
    else:
        console.print(f"Logging for {day:%A %d %B %Y}.")
    pain_now = _ask(console, "Pain right now, 0 (none) to 10 (worst):", pain)
    walked = _ask(
        console,
        f"Minutes {'running' if running else 'walked'} (e.g. 25 or half an hour):",
        number(limits.WALK_MINUTES),
    )
    distance = _ask(console, "Distance (e.g. 800m, 1.2km, 1 mile or 3 blocks):", walk_distance)

    def onset(raw: str) -> float | None:
        value = number(limits.ONSET_MINUTES)(raw)
        # asked again at once, not refused at the end
        limits.check_onset(value, walked, "run" if running else "walk")
        return value

    return DiaryEntry(
        day=day,
        pain_now=pain_now,
        walk_minutes=walked,
        walk_distance_m=distance,
        onset_minutes=_ask(console, "Minutes before symptoms started:", onset),
        symptom_reach=_ask(
            console,
            "How far down did they go (none, back, buttock, thigh or below knee):",
            parse_reach,
        ),
        relieved_by=_ask(
            console,
            "What eased them (sitting, bending forward, standing still or nothing):",
            parse_relief,
        ),
        notes=_ask(console, "Notes:", notes) or "",
        activity=activity,
    )


def _fmt(value: float | None, pattern: str = "{:.0f}") -> str:
    return "–" if value is None else pattern.format(value)


_ARROWS = {"better": "better", "worse": "worse", "steady": "about the same", "too_little_data": ""}


def _print_progress(console: Any, data: Any, *, weeks: int) -> None:
    from rich.table import Table

    from backstride.diary.progress import programme_summary

    if data.empty:
        console.print(
            "Nothing logged yet. Start with `backstride log` or `backstride walks import FILE`."
        )
        return
    anchor = getattr(data, "week_anchor", None)
    table = Table(
        title="Week by week"
        + (
            f" (weeks start on a {anchor:%A}, the day your walking programme started)"
            if anchor
            else ""
        ),
        title_justify="left",
        caption="* walked before symptoms started (middle value of the week)",
        caption_justify="left",
    )
    table.add_column("Week", no_wrap=True)
    runs = data.runs  # a column for them only when there are any: walkers see the table as before
    headers = ["Logs", *(["Runs"] if runs else []), "Minutes*", "Metres*", "Pain/10"]
    # two-line headers and week cells: the table fits an 80-column terminal without cutting
    # a header down to "Minu…"
    for header in (*headers, "Steps\nper day", "Device\nkm"):
        table.add_column(header, justify="right")
    for week in data.weeks[-weeks:]:
        table.add_row(
            f"{week.start:%Y-%m-%d}"
            + (f"\nprogramme week {week.programme_week}" if week.programme_week else ""),
            str(week.entries),
            *([str(week.runs)] if runs else []),
            _fmt(week.minutes_to_onset),
            _fmt(week.metres_to_onset),
            _fmt(week.pain, "{:.1f}"),
            _fmt(week.steps_per_day),
            _fmt(week.device_walk_km or None, "{:.1f}"),
        )
    console.print(table)
    if data.period is not None:
        lo, hi = data.period
        console.print(
            f"Shown: {lo:%d %b %Y} to {hi:%d %b %Y}"
            + (
                f"; {count(len(data.weeks) - weeks, 'earlier week')} "
                f"{is_are(len(data.weeks) - weeks)} in the charts"
                if len(data.weeks) > weeks
                else ""
            )
            + "."
        )
    if runs:
        console.print(
            f"{count(runs, 'run')} logged: counted in Logs, but kept out of the minutes and "
            "metres before symptoms, which are about walking."
        )
    if data.before_period:
        console.print(
            f"{count(data.before_period, 'older record')} from phones or watches, before your "
            f"own period, {is_are(data.before_period)} left out (use --weeks to look further back)."
        )
    if data.out_of_range:
        console.print(
            f"{count(data.out_of_range, 'stored record')} dated before 2000 or in the future "
            f"{is_are(data.out_of_range)} left out of the weeks, trends and charts."
        )
    labels = {
        "minutes_to_onset": ("Minutes walked before symptoms", "{:.0f} min"),
        "metres_to_onset": ("Distance walked before symptoms", "{:.0f} m"),
        "pain": ("Pain", "{:.1f}/10"),
        "steps_per_day": ("Steps a day", "{:.0f}"),
    }
    for key, (label, pattern) in labels.items():
        t = data.trends.get(key)
        if t is None:
            continue
        if t.direction == "too_little_data":
            console.print(f"{label}: {pattern.format(t.last)} (one record so far)")
        else:
            console.print(
                f"{label}: {pattern.format(t.first)} at first, {pattern.format(t.last)} lately "
                f"({_ARROWS[t.direction]})."
            )
    for series in data.scores:
        latest = series.points[-1][1]
        line = f"{series.name}: {latest:g} {series.unit} ({count(len(series.points), 'time')})."
        console.print(line + (f" {series.interpretation}" if series.interpretation else ""))
    weeks_done, goal = programme_summary(data.programme)
    if weeks_done is not None or goal is not None:
        console.print(
            "Walking programme: "
            + (f"{count(weeks_done, 'week')} done" if weeks_done is not None else "")
            + ("; " if weeks_done is not None and goal else "")
            + (f"next goal: {goal}" if goal else "")
        )


def timezone(
    name: str | None = typer.Argument(
        None, help="Your time zone, e.g. Europe/London or America/New_York. Omit to see it."
    ),
    clear: bool = typer.Option(False, "--clear", help="Forget it: use this machine's zone."),
    db: str | None = db_option(),
) -> None:
    """Show or set your time zone: the day a walk counts for, and the times you are shown."""
    from backstride.errors import InputError
    from backstride.storage import Store
    from backstride.timezones import machine_zone

    with Store.open(db) as store:
        if clear:
            store.set_time_zone(None, None)
        elif name is not None:
            try:
                saved = store.set_time_zone(None, name)
            except InputError as exc:
                print(exc.message, file=sys.stderr)
                raise typer.Exit(2) from None
            print(f"Time zone saved: {saved}.")
            return
        saved = store.get_time_zone(None)
    if saved:
        print(f"Your time zone: {saved}.")
    else:
        print(
            f"Your time zone: {machine_zone()} (this machine's; set yours with "
            "`backstride timezone NAME`)."
        )


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("timezone")(timezone)
    app.add_typer(diary_app, name="diary")
    app.add_typer(walks_app, name="walks")
    app.command("progress")(progress)
