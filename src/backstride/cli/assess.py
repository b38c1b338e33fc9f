"""`backstride assess`: the interview in the terminal, or a non-interactive answers file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

HELP_KEYS = "Type the number or word. ? = don't know, b = go back, q = stop."


class Quit(KeyboardInterrupt):
    """The person typed q: a chosen stop (exit 0), unlike Ctrl-C (exit 130)."""


def _number_hint(kb: Any, fid: str) -> str:
    """How to type a number answer: its range, and the units it may be given in."""
    from backstride.intake.typed import unit_hint

    f = kb.findings[fid]
    hint = f"Type a number of {f.number.unit} ({f.number.min:g} to {f.number.max:g})"
    extra = unit_hint(kb, fid)
    return hint + (f", or with a unit: {extra}" if extra else "")


def _ask(
    console: Any, kb: Any, fid: str, number: int, phase: str
) -> str | float | dict[str, Any] | None:
    """Ask one question; returns the value (a number question: the answers it gives, which
    may include the same thing in another unit), or None for 'go back'. Raises
    KeyboardInterrupt on q."""
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
        console.print(f"  {_number_hint(kb, fid)}, or ? if you don't know")
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
            if f.type == "number":
                from backstride.intake.typed import typed_answer

                return typed_answer(kb, fid, raw, today=date.today())
            return parse_value(kb, fid, raw)
        except AnswerError as err:
            if choices:
                console.print(f"[red]Please type a number from 1 to {len(choices)}, ? or b.[/]")
            else:
                console.print(Text(f"{err.message} Or type ? or b.", style="red"))


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


def _ask_warning_list(
    console: Any, kb: Any, items: tuple[str, ...], notes: dict[str, str], number: int
) -> set[str] | None:
    """The warning-sign questions left, on one screen (see backstride.engine.screen).

    Returns the items the person marked (they apply, or they are not sure), which are then
    asked one at a time; every other item counts as "no". None: go back."""
    from rich.text import Text

    console.print()
    console.print(Text(f"Question {number} · Warning signs", style="dim"))
    from backstride.engine.screen import heading

    console.print(Text(heading(kb, items), style="bold"))
    for i, fid in enumerate(items, 1):
        f = kb.findings[fid]
        line = f"  {i}) {f.short or f.question}"
        if fid in notes:
            line += f'  (you wrote "{notes[fid]}": please check)'
        console.print(Text(line))
    console.print(
        "Type 0 if none of these apply to you. Otherwise type the numbers of any that apply "
        "or that you are not sure about (for example: 2 5): we will ask about each of those."
    )
    while True:
        raw = console.input("> ").strip().lower().replace(",", " ")
        if raw in ("q", "quit", "exit"):
            raise Quit
        if raw in ("b", "back"):
            return None
        if raw in ("0", "none", "none of these"):
            return set()
        if raw in ("?", "dk", "unknown", "not sure"):
            return set(items)
        parts = raw.split()
        if parts and all(p.isdigit() and 1 <= int(p) <= len(items) for p in parts):
            return {items[int(p) - 1] for p in parts}
        console.print(
            f"[red]{raw!r} is not an answer here. Please type 0 (none of these), or numbers "
            f"from 1 to {len(items)} separated by spaces, ? (not sure about all) or b.[/]"
        )


def _alert(console: Any, u: dict[str, Any]) -> None:
    """Show the urgency box at once, with the reasons for it."""
    from rich.text import Text

    from backstride.cli.render import urgency_panel

    console.print()
    console.print(urgency_panel(u))
    for reason in u["reasons"][:3]:
        console.print(Text(f"  • {reason}"))


def _carry_on(console: Any) -> bool:
    """After an urgent answer: stop and show the result (the default), or carry on."""
    console.print(
        "Press Enter to stop here and see your result, or type c to carry on with the "
        "questions (your answers can help whoever sees you)."
    )
    while True:
        raw = console.input("> ").strip().lower()
        if raw in ("", "s", "stop", "n", "no"):
            return False
        if raw in ("c", "carry on", "continue", "y", "yes"):
            return True
        if raw in ("q", "quit", "exit"):
            raise Quit
        console.print("[red]Press Enter to stop and see your result, or type c to carry on.[/]")


def run_interview(
    console: Any,
    kb: Any,
    start: dict[str, Any] | None = None,
    *,
    warnings_together: bool = False,
    notes: dict[str, str] | None = None,
) -> Any:
    """Drive the adaptive interview; returns the final Answers.

    With ``warnings_together`` (after the person's own words) the warning-sign questions left
    are shown once on one screen; ``notes`` holds what the text said about any of them.

    The moment an answer makes the urgency urgent or emergency, its advice is shown and the
    person chooses to stop (the default) or carry on. On q, Ctrl-C or end of input, the
    exception raised carries the answers so far as ``.answers``, so the caller can still show
    the advice.

    Each answer updates the beliefs incrementally (`Belief.add`); after it, one engine pass
    (`Context`) serves both the urgency shown and the next question.
    """
    from backstride.engine import Answers, next_question, parse_answers
    from backstride.engine.context import Context
    from backstride.engine.inference import Belief
    from backstride.engine.questions import MAX_ADAPTIVE, adaptive_asked
    from backstride.engine.result import interview_urgency
    from backstride.engine.screen import warning_list
    from backstride.knowledge.schema import Urgency

    answers: Answers = parse_answers(kb, start or {})
    belief = Belief.start(kb, answers)
    ctx = Context.of(belief)  # the pass over the answers so far
    history: list[tuple[str, ...]] = []
    listed_at: int | None = None  # where in ``history`` the warning list's answers are
    asked = 0
    alerted = Urgency.self_care  # the highest urgency already shown during the interview
    console.print(
        "[bold]Backstride[/] asks a few questions about your back pain, one at a time. "
        "It takes about 3 to 5 minutes.\n" + HELP_KEYS
    )
    try:
        if answers.values:  # answers from the person's own words: act on a warning sign at once
            u = interview_urgency(kb, answers, ctx=ctx)
            level = Urgency[u["level"]]
            if level >= Urgency.urgent:
                _alert(console, u)
                alerted = level
                if not _carry_on(console):
                    return answers
        while True:
            nq = next_question(kb, answers, ctx=ctx)
            if nq.finding is None:
                return answers
            if nq.reason == "screen":
                phase = "Warning signs first"
            elif nq.reason == "warning":  # a sign the answers so far point at
                phase = "Checking a warning sign"
            else:
                phase = (
                    f"Narrowing down (at most {MAX_ADAPTIVE - adaptive_asked(kb, answers)} more)"
                )
            together = ()
            if warnings_together and listed_at is None and nq.reason == "screen":
                together = warning_list(kb, answers)
            if together:
                marked = _ask_warning_list(console, kb, together, notes or {}, asked + 1)
                got = None if marked is None else {f: "no" for f in together if f not in marked}
                if got is not None:
                    listed_at = len(history)
            elif len(nq.items) > 1:
                got = _ask_checklist(console, kb, nq.items, asked + 1, phase)
            else:
                value = _ask(console, kb, nq.finding, asked + 1, phase)
                got = value if isinstance(value, dict) or value is None else {nq.finding: value}
            if got is None:  # go back: forget the last screen's answers and ask again
                if history:
                    for fid in history.pop():
                        answers = answers.without(fid)
                    belief = Belief.start(kb, answers)  # rare: rebuilt from the answers left
                    asked -= 1
                    if listed_at == len(history):
                        listed_at = None  # the list is shown again
                else:
                    console.print("[dim]This is the first question.[/]")
            else:
                for fid, value in got.items():
                    belief = belief.add(fid, value)
                answers = belief.answers
                history.append(tuple(got))
                asked += 1
            ctx = Context.of(belief)
            u = interview_urgency(kb, answers, ctx=ctx)
            level = Urgency[u["level"]]
            if level > alerted and level >= Urgency.urgent:
                _alert(console, u)
                if not _carry_on(console):
                    return answers
            alerted = level if level >= Urgency.urgent else Urgency.self_care
    except (KeyboardInterrupt, EOFError) as stop:
        stop.answers = answers  # type: ignore[attr-defined]
        raise


def _stopped(console: Any, kb: Any, stop: BaseException, can_save: bool) -> bool:
    """Stopped early. If the answers so far call for urgent care, always show that advice,
    and (after q) offer to save. Returns True to go on to the full result."""
    from backstride.cli.render import urgency_panel
    from backstride.engine.result import interview_urgency
    from backstride.knowledge.schema import Urgency

    answers = getattr(stop, "answers", None)
    u = interview_urgency(kb, answers) if answers is not None else None
    if u is None or Urgency[u["level"]] < Urgency.urgent:
        console.print("\nStopped. Nothing was saved.")
        return False
    console.print()
    console.print(urgency_panel(u))
    if isinstance(stop, Quit):
        what = "Save what you have answered so far and see" if can_save else "See"
        from backstride.cli.common import ask_yes_no

        try:
            if ask_yes_no(console, f"{what} the full result? (Enter stops here)", enter=False):
                return True
        except (KeyboardInterrupt, EOFError):
            pass
    console.print("Stopped. Nothing was saved. Please follow the advice above.")
    return False


def _with_questionnaires(
    console: Any, start: dict[str, Any] | None, db: str | None, person: str | None
) -> dict[str, Any] | None:
    """Add the person's latest stenosis questionnaire (SSHQ) result to the interview's first
    answers, saying so, unless the answers already hold one. Only an existing database is
    read: a first assessment creates nothing here."""

    from backstride.errors import BackstrideError
    from backstride.instruments import diagnostic_answers
    from backstride.storage import Store
    from backstride.storage.engine import database_exists

    if not database_exists(db):
        return start
    try:
        with Store.open(db) as store:
            from backstride.cli.common import person_ref

            rows = store.list_scores(person_ref(person))
    except BackstrideError:  # nobody of that name yet: nothing to add
        return start
    found = diagnostic_answers(rows)
    doc = dict(start or {})
    answers = dict(doc.get("answers") or {})
    for fid, got in found.items():
        if fid in answers:
            continue
        answers[fid] = got["value"]
        console.print(
            f"[dim]Using your {got['name']} of {got['day']}: "
            f"{got['verdict']}. "
            f"Fill it in again with `backstride questionnaire {got['instrument']}` "
            "if things have changed.[/]"
        )
    if not answers:
        return start
    doc["answers"] = answers
    return doc


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
    for_someone: bool = typer.Option(
        False,
        "--for-someone",
        help="You are filling this in for someone else (a relative or a patient): your own "
        "words about them are read as theirs.",
    ),
    db: str | None = typer.Option(
        None, "--db", envvar="BACKSTRIDE_DB", help="Database URL or SQLite file.", show_envvar=True
    ),
) -> None:
    """Answer questions about your back pain and see urgency, likely causes and next steps."""
    # rich and the renderer are imported only when something is printed for people:
    # `assess --answers FILE --json` is the scripted path and should start fast
    from backstride.cli.common import print_json, read_json_file
    from backstride.engine import assess as run_assess
    from backstride.knowledge import load_kb

    kb = load_kb()
    if answers_file is not None:
        from backstride.intake.typed import typed_document

        data = read_json_file(answers_file)
        result = run_assess(kb, typed_document(kb, data, today=date.today()))
    else:
        from rich.console import Console

        console = Console()
        if json_out:
            console = Console(stderr=True)
        try:
            from backstride.cli.intake import own_words

            told = own_words(console, kb, for_someone=for_someone)
            start = _with_questionnaires(console, told[0] if told else None, db, person)
            answers = run_interview(
                console,
                kb,
                start,
                warnings_together=told is not None,
                notes=told[1] if told else None,
            )
        except (KeyboardInterrupt, EOFError) as stop:
            if not _stopped(console, kb, stop, can_save=save is not False):
                raise typer.Exit(0 if isinstance(stop, Quit) else 130) from None
            answers = stop.answers  # type: ignore[attr-defined]
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
        from rich.console import Console

        Console(stderr=True).print(f"[dim]Saved as assessment {number}.[/]")
    if json_out:
        print_json(data_out)
    else:
        from rich.console import Console

        from backstride.cli.render import render_result

        console = Console()
        console.print()
        render_result(console, kb, data_out)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
