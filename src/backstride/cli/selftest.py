"""`backstride selftest [NAME]`: guided self-tests in the terminal, results fed back to the assessment.

backstride selftest                          list the tests (suggested ones with --answers)
backstride selftest NAME                     walk through one test, step by step
backstride selftest NAME --answers FILE      ... and write the result into FILE
backstride selftest NAME --result VALUE      non-interactive (repeat --result, or measure=value)
backstride selftest --history                your stored results over time

Every result is saved in the database (``--no-save`` to skip), so the web's self-test pages
and ``--history`` show it later.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from backstride.cli.diary import db_option
from backstride.words import count

KEYS = "Enter = next step, b = back, q = stop"


def _load_kb_or_none() -> Any:
    from backstride.errors import KnowledgeBaseError
    from backstride.knowledge import load_kb

    try:
        return load_kb()
    except KnowledgeBaseError:
        return None


def _suggested(data: dict[str, Any]) -> dict[str, str]:
    """Self-tests the assessment suggests for these answers: id -> why."""
    kb = _load_kb_or_none()
    if kb is None:
        return {}
    from backstride.engine import assess

    return {t["id"]: t.get("why", "") for t in assess(kb, data).to_dict().get("self_tests", [])}


def parse_result_args(test: Any, items: list[str]) -> dict[str, str]:
    """--result values: 'measure=value', or bare values filling the measures in order."""
    out: dict[str, str] = {}
    for item in items:
        if "=" in item:
            key, value = item.split("=", 1)
            test.measure(key.strip())  # raises UnknownIdError with the valid measure ids
            out[key.strip()] = value.strip()
            continue
        free = next((m.id for m in test.measures if m.id not in out), None)
        if free is None:
            from backstride.errors import InputError

            raise InputError(
                f"Too many --result values for {test.id!r}: it has {count(len(test.measures), 'measure')}."
            )
        out[free] = item.strip()
    return out


def write_answers(path: Path, findings: dict[str, Any]) -> dict[str, Any]:
    """Merge findings into the answers file (created if missing), keeping every other key."""
    from backstride.cli.common import read_json_file
    from backstride.errors import InputError
    from backstride.knowledge.selftests import apply_to_answers

    data: Any = read_json_file(path) if path.exists() else {}
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        raise InputError(
            f"The answers file {str(path)!r} must be a JSON object with an 'answers' object."
        )
    new = apply_to_answers(data, findings)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return new


def _describe(kb: Any, findings: dict[str, Any]) -> list[str]:
    lines = []
    for fid, value in findings.items():
        f = kb.findings.get(fid) if kb is not None else None
        if f is None:
            lines.append(f"{fid} = {value}")
        elif f.type == "choice":
            label = next((o.label for o in f.options if o.id == value), value)
            lines.append(f"{f.question} -> {label}")
        elif f.type == "number":
            from backstride.engine.result import number_text

            lines.append(f"{f.question} -> {number_text(f.number.unit, value)}")
        else:
            lines.append(f"{f.question} -> {value}")
    return lines


def _list(console: Any, answers: Path | None) -> None:
    from rich.table import Table

    from backstride.cli.common import read_json_file
    from backstride.knowledge.selftests import load_selftests

    suggested = _suggested(read_json_file(answers)) if answers else {}
    table = Table(title="Self-tests", show_lines=False)
    table.add_column("Name to type")
    table.add_column("Test")
    table.add_column("Minutes", justify="right")
    table.add_column("What it checks")
    if answers:
        table.add_column("Suggested for you")
    for t in load_selftests():
        row = [t.id, t.name, str(t.minutes), t.purpose.split(". ")[0].rstrip(".") + "."]
        if answers:
            row.append("yes" if t.id in suggested else "")
        table.add_row(*row)
    console.print(table)
    console.print("Run one with: backstride selftest NAME  (add --answers FILE to save the result)")


def _pause(console: Any, prompt: str = "") -> str:
    raw = console.input(f"[dim]{prompt or KEYS}[/] > ").strip().lower()
    if raw in ("q", "quit", "exit"):
        raise KeyboardInterrupt
    return raw


def _ask_measure(console: Any, m: Any) -> str | float | None:
    from backstride.errors import BackstrideError
    from backstride.knowledge.selftests import parse_measure_value

    console.print()
    console.print(f"[bold]{m.question}[/]")
    if m.type == "choice":
        for i, o in enumerate(m.options, 1):
            console.print(f"  {i}) {o.label}")
    else:
        console.print(f"  Type a number of {m.unit} from {m.min:g} to {m.max:g}.")
    if m.optional:
        console.print("  s) Skip this one")
    while True:
        raw = console.input("> ").strip().lower()
        if raw in ("q", "quit", "exit"):
            raise KeyboardInterrupt
        if m.optional and raw in ("s", "skip"):
            return None
        try:
            return parse_measure_value(m, raw)
        except BackstrideError:
            hint = (
                f"a number from 1 to {len(m.options)}"
                if m.type == "choice"
                else f"a number from {m.min:g} to {m.max:g}"
            )
            console.print(
                f"[red]Please type {hint}{', s to skip' if m.optional else ''}, or q to stop.[/]"
            )


def run_guided(console: Any, test: Any) -> dict[str, Any] | None:
    """Walk a person through one test. Returns measure results, or None if they should not do it."""
    from rich.panel import Panel

    console.print(
        Panel(
            f"[bold]{test.name}[/]\n\n{test.purpose}\n\nIt takes about {test.minutes} minutes.",
            expand=False,
        )
    )
    console.print("[bold red]Do NOT do this test if:[/]")
    for s in test.not_for:
        console.print(f"  - {s}")
    raw = _pause(console, "Is any of these true for you? Type y or n")
    while raw not in ("y", "yes", "n", "no"):
        raw = _pause(console, "Please type y (yes) or n (no), or q to stop")
    if raw.startswith("y"):
        console.print(
            "Then please skip this test. It is not safe for you, and your plan works without it."
        )
        return None
    console.print("\n[bold]You need:[/]")
    for s in test.you_need:
        console.print(f"  - {s}")
    console.print("\n[bold red]Stop at once if:[/]")
    for s in test.stop_if:
        console.print(f"  - {s}")
    _pause(console, "Press Enter when you are ready")
    i = 0
    while i < len(test.steps):
        console.print(f"\n[bold]Step {i + 1} of {len(test.steps)}[/]")
        console.print(test.steps[i])
        raw = _pause(console)
        if raw in ("b", "back"):
            i = max(0, i - 1)
        else:
            i += 1
    console.print("\n[bold]How to read it[/]")
    for s in test.reading:
        console.print(f"  - {s}")
    return {m.id: v for m in test.measures if (v := _ask_measure(console, m)) is not None}


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value)[:16]


def show_history(console: Any, store: Any, person: Any, only: str | None = None) -> int:
    """Print the stored results, one table per test; returns how many were shown."""
    from rich.table import Table

    from backstride.storage.selftests import selftest_history

    shown = 0
    for group in selftest_history(store, person):
        if only is not None and group["id"] != only:
            continue
        table = Table(title=f"{group['name']} ({group['id']})")
        table.add_column("When (UTC)")
        table.add_column("Result")
        for r in group["results"]:
            table.add_row(_when(r["taken_at"]), r["outcome"])
            shown += 1
        console.print(table)
    return shown


def _save(
    test: Any, measures: dict[str, Any], findings: dict[str, Any], person: Any, db: Any
) -> int:
    from backstride.cli.common import person_ref
    from backstride.storage import Store
    from backstride.storage.selftests import record_selftest

    with Store.open(db) as store:
        ref = person_ref(person)
        record_selftest(store, ref, test, measures, findings)
        return len(store.list_selftests(ref))


def register(app: typer.Typer) -> None:
    @app.command("selftest")
    def selftest(
        name: str = typer.Argument(
            None, help="Test to run, e.g. slr or timed_walk. Leave out to list them."
        ),
        answers: Path = typer.Option(
            None, "--answers", help="Answers JSON file: suggest tests, and save results into it."
        ),
        result: list[str] = typer.Option(
            None,
            "--result",
            help="Give the result without the guide (repeat for tests with several questions).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the findings set as JSON."),
        save: bool = typer.Option(
            True, "--save/--no-save", help="Keep the result in the database (default)."
        ),
        history: bool = typer.Option(
            False, "--history", help="Show your stored results over time (of NAME, or all)."
        ),
        person: str | None = typer.Option(
            None, "--person", help="Whose results (name or id). Default: you, the local person."
        ),
        db: str | None = db_option(),
    ) -> None:
        """Guided self-tests (hamstrings, nerve, piriformis, hip flexors, back bend, balance, timed walk)."""
        from rich.console import Console

        from backstride.cli.common import print_json
        from backstride.knowledge.selftests import get_selftest, interpret

        console = Console()
        if history:
            from backstride.cli.common import person_ref
            from backstride.storage import Store

            only = get_selftest(name).id if name is not None else None
            with Store.open(db) as store:
                shown = show_history(console, store, person_ref(person), only)
            if not shown:
                console.print(
                    "No self-test results stored yet. Do one with: backstride selftest NAME"
                )
            return
        if name is None:
            if result:
                from backstride.errors import InputError

                raise InputError(
                    "--result needs a test name, e.g. backstride selftest slr --result positive"
                )
            _list(console, answers)
            return
        test = get_selftest(name)
        if result:
            measures: dict[str, Any] | None = parse_result_args(test, result)
        else:
            try:
                measures = run_guided(console, test)
            except (KeyboardInterrupt, EOFError):
                console.print("\nStopped. Nothing was saved.")
                raise typer.Exit(130) from None
            if measures is None:
                raise typer.Exit(0)
        findings = interpret(test, measures or {})
        if answers:
            write_answers(answers, findings)
        stored = _save(test, measures or {}, findings, person, db) if save and measures else 0
        if json_out:
            print_json(
                {
                    "test": test.id,
                    "findings": findings,
                    "saved_to": str(answers) if answers else None,
                    "stored": bool(stored),
                }
            )
            return
        kb = _load_kb_or_none()
        if not findings:
            console.print(
                "\nNo result was recorded, so nothing changes. You can try the test again later."
            )
            return
        console.print("\n[bold]Recorded:[/]")
        for line in _describe(kb, findings):
            console.print(f"  - {line}")
        if stored:
            console.print(
                f"Kept in your records ({count(stored, 'self-test result')} so far). "
                "See them over time with: backstride selftest --history"
            )
        if answers:
            console.print(f"\nSaved to {answers}. Next, run: backstride assess --answers {answers}")
        else:
            console.print("\nTo use this in your assessment, add it to your answers file:")
            console.print(json.dumps(findings), markup=False, highlight=False)
