"""`backstride plan --answers FILE [--json]`: the personal self-care plan."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        answers: Path = typer.Option(..., "--answers", help="Answers JSON file (see README)."),
        json_out: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
        db: str | None = typer.Option(
            None,
            "--db",
            envvar="BACKSTRIDE_DB",
            show_envvar=True,
            help="Database with your questionnaire scores (they shape the plan). Default: your data folder, if it exists.",
        ),
        person: str | None = typer.Option(None, "--person", help="Whose scores (name or id)."),
    ) -> None:
        """Your self-care plan: what to do now, exercises, walking programme and habits."""
        from backstride.cli.common import print_json, read_json_file
        from backstride.engine import assess
        from backstride.knowledge import load_kb
        from backstride.plan import build_plan, to_markdown

        data = read_json_file(answers)
        kb = load_kb()
        result = assess(kb, data).to_dict()
        p = build_plan(result, data, kb, scores=_stored_scores(db, person))
        if json_out:
            print_json(p.to_dict())
            return
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(to_markdown(p)))


def _stored_scores(db: str | None, person: str | None) -> list[dict] | None:
    """The person's stored questionnaire scores, if there is a database to read them from."""
    from backstride.storage.engine import default_sqlite_path

    if not (db or person or default_sqlite_path().exists()):
        return None  # nothing stored yet: do not create a database just to look
    from backstride.storage import Store

    with Store.open(db) as store:
        from backstride.cli.common import person_ref

        return store.list_scores(person_ref(person))
