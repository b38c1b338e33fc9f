"""`backstride plan [--answers FILE] [--full] [--json]`: the personal self-care plan.

Without --answers the plan is made from your latest saved assessment. It opens with the three
most important things; --full shows everything."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import typer

NO_ASSESSMENT = (
    "No saved assessment yet, so there is nothing to build a plan from. Run `backstride assess` "
    "first (it saves your answers), or give an answers file with --answers FILE."
)


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        answers: Path | None = typer.Option(
            None,
            "--answers",
            help="Answers JSON file (see README). Default: your latest saved assessment.",
        ),
        full: bool = typer.Option(
            False, "--full", help="Show the whole plan, not just the summary."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
        db: str | None = typer.Option(
            None,
            "--db",
            envvar="BACKSTRIDE_DB",
            show_envvar=True,
            help="Database with your saved assessments and questionnaire scores. Default: your data folder, if it exists.",
        ),
        person: str | None = typer.Option(None, "--person", help="Whose plan (name or id)."),
    ) -> None:
        """Your self-care plan: the three most important things, then (--full) exercises,
        walking programme and habits."""
        from backstride.cli.common import print_json, read_json_file
        from backstride.engine import assess
        from backstride.knowledge import load_kb
        from backstride.plan import build_plan, to_markdown
        from backstride.plan.render import summary_markdown

        data = read_json_file(answers) if answers is not None else latest_answers(db, person)
        kb = load_kb()
        result = assess(kb, data).to_dict()
        p = build_plan(result, data, kb, scores=_stored_scores(db, person))
        if json_out:
            print_json(p.to_dict())
            return
        from rich.console import Console
        from rich.markdown import Markdown

        console = Console()
        console.print(Markdown(to_markdown(p) if full else summary_markdown(p)))
        if p.walking and not p.emergency:
            console.print(_programme_next(db, person, answers), highlight=False)


def _programme_next(db: str | None, person: str | None, answers: Path | None) -> str:
    """The plan's walking programme, one step from the plan: how to start it, or that it runs."""
    running = None
    if _has_store(db):
        from backstride.cli.common import person_ref
        from backstride.storage import Store

        with Store.open(db) as store:
            running = (store.get_programme_state(person_ref(person)) or {}).get("current")
    if running:
        return (
            f"Your walking programme is running (week {running.get('week', 1)}). "
            "See this week with `backstride programme show`."
        )
    start = "backstride programme start" + (
        f" --answers {shlex.quote(str(answers))}" if answers is not None else ""
    )
    return (
        f"Next: start your walking programme with `{start}`. Then log each "
        "walk with `backstride log`, or import it from a phone or watch with "
        "`backstride walks import FILE`."
    )


def _has_store(db: str | None) -> bool:
    from backstride.storage.engine import database_exists

    return database_exists(db)


def latest_answers(db: str | None, person: str | None) -> dict[str, Any]:
    """The answers of the person's latest saved assessment; a clear InputError if there is none."""
    from backstride.errors import InputError

    if not _has_store(db):
        raise InputError(NO_ASSESSMENT, field="answers")
    from backstride.cli.common import person_ref
    from backstride.storage import Store

    with Store.open(db) as store:
        stored = store.list_assessments(person_ref(person))
    if not stored:
        raise InputError(NO_ASSESSMENT, field="answers")
    return dict(stored[-1]["answers"])


def _stored_scores(db: str | None, person: str | None) -> list[dict] | None:
    """The person's stored questionnaire scores, if there is a database to read them from."""
    if not _has_store(db):
        return None  # nothing stored yet: do not create a database just to look
    from backstride.storage import Store

    with Store.open(db) as store:
        from backstride.cli.common import person_ref

        return store.list_scores(person_ref(person))
