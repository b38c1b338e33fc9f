"""`backstride assess`: the interview in the terminal, or a non-interactive answers file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

HELP_KEYS = "Type the number or word. ? = don't know, b = go back, q = stop."


class Quit(KeyboardInterrupt):
    """The person typed q: a chosen stop (exit 0), unlike Ctrl-C (exit 130)."""


def _ask(console: Any, kb: Any, fid: str, number: int, phase: str) -> str | float | None:
    """Ask one question; returns the value, or None for 'go back'. Raises KeyboardInterrupt on q."""
    from rich.text import Text

    from backstride.engine.answers import UNKNOWN, parse_value
    from backstride.errors import AnswerError

    f = kb.findings[fid]
    console.print()
    console.print(Text(f"Question {number} · {phase}", style="dim"))
    console.print(Text(f.question, style="bold"))
    if f.help:
        console.print(Text(f.help, style="italic"))
    choices: list[str] = []
    if f.type == "boolean":
        choices = ["yes", "no"]
        console.print("  1) Yes   2) No   ?) Don't know")
    elif f.type == "choice":
        choices = [o.id for o in f.options]
        for i, o in enumerate(f.options, 1):
            console.print(f"  {i}) {o.label}")
        console.print("  ?) Don't know")
    else:
        console.print(
            f"  Type a number of {f.number.unit} ({f.number.min:g} to {f.number.max:g}), or ? if you don't know"
        )
    while True:
        raw = console.input("> ").strip()
        low = raw.lower()
        if low in ("q", "quit", "exit"):
            raise Quit
        if low in ("b", "back"):
            return None
        if low in ("?", "dk", "don't know", "dont know", "unknown"):
            return UNKNOWN
        if choices and low.isdigit() and 1 <= int(low) <= len(choices):
            return choices[int(low) - 1]
        if f.type == "boolean" and low in ("y", "yes", "n", "no"):
            return "yes" if low.startswith("y") else "no"
        try:
            return parse_value(kb, fid, raw)
        except AnswerError:
            if choices:
                console.print(f"[red]Please type a number from 1 to {len(choices)}, ? or b.[/]")
            else:
                console.print(
                    f"[red]Please type a number from {f.number.min:g} to {f.number.max:g}, ? or b.[/]"
                )


def _ask_checklist(
    console: Any, kb: Any, items: tuple[str, ...], number: int, phase: str
) -> dict[str, str] | None:
    """Ask several yes/no findings at once. Returns answers, or None for 'go back'."""
    from rich.text import Text

    from backstride.engine.answers import UNKNOWN

    console.print()
    console.print(Text(f"Question {number} · {phase}", style="dim"))
    console.print(Text("Do any of these apply to you?", style="bold"))
    for i, fid in enumerate(items, 1):
        console.print(f"  {i}) {kb.findings[fid].short}")
    console.print(
        "Type the numbers of all that apply (for example: 1 3), 0 if none, or ? if you are not sure."
    )
    while True:
        raw = console.input("> ").strip().lower().replace(",", " ")
        if raw in ("q", "quit", "exit"):
            raise Quit
        if raw in ("b", "back"):
            return None
        if raw in ("?", "dk", "unknown"):
            return dict.fromkeys(items, UNKNOWN)
        if raw in ("0", "none", "no", "n"):
            return dict.fromkeys(items, "no")
        parts = raw.split()
        if parts and all(p.isdigit() and 1 <= int(p) <= len(items) for p in parts):
            chosen = {items[int(p) - 1] for p in parts}
            return {fid: "yes" if fid in chosen else "no" for fid in items}
        console.print(
            f"[red]Please type numbers from 1 to {len(items)} separated by spaces, 0, ? or b.[/]"
        )


def run_interview(console: Any, kb: Any, start: dict[str, Any] | None = None) -> Any:
    """Drive the adaptive interview; returns the final Answers."""
    from backstride.engine import Answers, next_question, parse_answers
    from backstride.engine.questions import MAX_ADAPTIVE, adaptive_asked

    answers: Answers = parse_answers(kb, start or {})
    history: list[tuple[str, ...]] = []
    asked = 0
    console.print(
        "[bold]Backstride[/] asks a few questions about your back pain, one at a time. "
        "It takes about 3 to 5 minutes.\n" + HELP_KEYS
    )
    while True:
        nq = next_question(kb, answers)
        if nq.finding is None:
            return answers
        if nq.reason == "screen":
            phase = "Warning signs first"
        else:
            phase = f"Narrowing down (at most {MAX_ADAPTIVE - adaptive_asked(kb, answers)} more)"
        if len(nq.items) > 1:
            got = _ask_checklist(console, kb, nq.items, asked + 1, phase)
        else:
            value = _ask(console, kb, nq.finding, asked + 1, phase)
            got = None if value is None else {nq.finding: value}
        if got is None:  # go back: forget the last screen's answers and ask again
            if history:
                for fid in history.pop():
                    answers = answers.without(fid)
                asked -= 1
            else:
                console.print("[dim]This is the first question.[/]")
            continue
        for fid, value in got.items():
            answers = answers.with_answer(fid, value)
        history.append(tuple(got))
        asked += 1


def assess(
    answers_file: Path | None = typer.Option(
        None,
        "--answers",
        "-a",
        help="JSON file with age, sex and answers (see README). Skips the interview.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    save_answers: Path | None = typer.Option(
        None, "--save-answers", help="After the interview, write your answers to this JSON file."
    ),
    save: bool | None = typer.Option(
        None,
        "--save/--no-save",
        help="Keep this assessment in your diary database. Default: save after an interview, "
        "not for --answers.",
    ),
    person: str | None = typer.Option(None, "--person", help="Whose assessment (name or id)."),
    db: str | None = typer.Option(
        None, "--db", envvar="BACKSTRIDE_DB", help="Database URL or SQLite file.", show_envvar=True
    ),
) -> None:
    """Answer questions about your back pain and see urgency, likely causes and next steps."""
    from rich.console import Console

    from backstride.cli.common import print_json, read_json_file
    from backstride.cli.render import render_result
    from backstride.engine import assess as run_assess
    from backstride.knowledge import load_kb

    kb = load_kb()
    console = Console()
    if answers_file is not None:
        data = read_json_file(answers_file)
        result = run_assess(kb, data)
    else:
        if json_out:
            console = Console(stderr=True)
        try:
            from backstride.cli.intake import own_words

            answers = run_interview(console, kb, own_words(console, kb))
        except (KeyboardInterrupt, EOFError) as stop:
            console.print("\nStopped. Nothing was saved.")
            raise typer.Exit(0 if isinstance(stop, Quit) else 130) from None
        result = run_assess(kb, answers)
        if save_answers:
            import json

            save_answers.write_text(
                json.dumps(answers.to_json(), indent=2) + "\n", encoding="utf-8"
            )
            console.print(f"[dim]Answers saved to {save_answers}[/]")
    data_out = result.to_dict()
    if save if save is not None else answers_file is None:
        from backstride.storage import Store

        with Store.open(db) as store:
            from backstride.cli.common import person_ref

            ref = person_ref(person)
            answers_doc = {
                "age": data_out["age"],
                "sex": data_out["sex"],
                "answers": data_out["answers"],
            }
            number = store.save_assessment(ref, answers_doc, data_out)
            where = store.url
        Console(stderr=True).print(f"[dim]Saved as assessment {number} in {where}.[/]")
    if json_out:
        print_json(data_out)
    else:
        console.print()
        render_result(console, kb, data_out)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
