"""`backstride plan --answers FILE [--json]`: the personal self-care plan."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        answers: Path = typer.Option(..., "--answers", help="Answers JSON file (see README)."),
        json_out: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
    ) -> None:
        """Your self-care plan: what to do now, exercises, walking programme and habits."""
        from backstride.cli.common import print_json, read_json_file
        from backstride.engine import assess
        from backstride.knowledge import load_kb
        from backstride.plan import build_plan, to_markdown

        data = read_json_file(answers)
        kb = load_kb()
        result = assess(kb, data).to_dict()
        p = build_plan(result, data, kb)
        if json_out:
            print_json(p.to_dict())
            return
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(to_markdown(p)))
