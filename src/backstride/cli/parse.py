"""`backstride parse TEXT`: what Backstride understands from a description in plain English."""

from __future__ import annotations

from datetime import date

import typer


def parse(
    text: str = typer.Argument(
        ..., help="Your description, in quotes. Use - to read it from standard input."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the mentions as JSON."),
) -> None:
    """Read a description of your back pain and show each thing understood from it."""
    import sys

    from rich.console import Console

    from backstride.cli.common import print_json
    from backstride.intake import confirm, parse
    from backstride.knowledge import load_kb

    if text == "-":
        text = sys.stdin.read()
    kb = load_kb()
    result = parse(kb, text, date.today())
    answers = confirm.confirmed_answers(result)
    urgency = confirm.urgent_now(kb, answers)
    if json_out:
        print_json({**result.to_dict(), "answers": answers, "urgency": urgency})
        return
    console = Console()
    if urgency:
        console.print(f"[bold red]{urgency['label']}[/]: {urgency['advice']}", highlight=False)
    console.print(result.message)
    for it in confirm.items(result):
        mark = "[green]✓[/]" if it.counts else "[yellow]?[/]"
        console.print(f' {mark} {it.says}  [dim](from "{it.quote}")[/]', highlight=False)
        if it.note:
            console.print(f"     [dim]{it.note}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)
