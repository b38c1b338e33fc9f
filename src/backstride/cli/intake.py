"""The interview's first step in the terminal: the person's own words, then a check of what was
understood (the rules live in backstride.intake.confirm)."""

from __future__ import annotations

from datetime import date
from typing import Any

PROMPT = "Tell me about your back pain in your own words (or press Enter to skip)."
PROMPT_FOR_SOMEONE = (
    "Tell me about their back pain in your own words (or press Enter to skip). "
    "Then answer the questions as they would."
)
SKIP = "We will go on with the questions."


def own_words(
    console: Any, kb: Any, *, for_someone: bool = False
) -> tuple[dict[str, Any], dict[str, str]] | None:
    """Ask for a description, show what was understood, let the person correct it.

    ``for_someone``: a relative, a carer or a clinician writes about the person, so their own
    "I" and "my" are not the person's (see `backstride.intake.parse`).

    Returns the answers document to start the interview from and the warning signs the text
    spoke of without settling them (finding -> the words), or None to start from nothing.
    Raises KeyboardInterrupt (or the interview's Quit) like the questions do.
    """
    if not kb.phrases:
        return None
    from backstride.errors import InputError

    try:  # build the parser while the person types (a few seconds)
        from backstride.intake.parser import warm

        warm(kb, background=True)
    except ModuleNotFoundError:
        pass
    console.print(f"[bold]{PROMPT_FOR_SOMEONE if for_someone else PROMPT}[/]")
    console.print(
        "[dim]For example: how far you can walk, what eases it, where it hurts, how long you "
        "have had it. One paragraph, at most 2,000 characters.[/]"
    )
    text = console.input("> ")
    if not text.strip():
        return None
    if text.strip().lower() in ("q", "quit", "exit"):
        from backstride.cli.assess import Quit

        raise Quit
    try:
        from backstride.intake import confirm, parse
    except ModuleNotFoundError:
        console.print(
            "Reading your own words needs the optional part 'nlp': "
            f"pip install 'backstride[nlp]'. {SKIP}"
        )
        return None
    try:
        result = parse(kb, text, date.today(), for_someone)
    except InputError as err:
        console.print(f"[yellow]{err.message}[/] {SKIP}")
        return None
    if result.status != "ok":
        console.print(f"[yellow]{result.message}[/]")
        return None
    rejected = _check(console, kb, result, confirm)
    answers = confirm.confirmed_answers(result, rejected)
    for fid in confirm.ask_first(kb, result):
        answers[fid] = _ask_now(console, kb, fid)
    return confirm.document(answers), confirm.warning_notes(result)


def _ask_now(console: Any, kb: Any, fid: str) -> str:
    """A warning-sign question the text raised but did not settle: asked straight away."""
    from rich.text import Text

    from backstride.engine.answers import UNKNOWN

    console.print()
    console.print(Text("About what you wrote", style="dim"))
    console.print(Text(kb.findings[fid].question, style="bold"))
    console.print("  1) Yes   2) No   ?) Don't know")
    while True:
        raw = console.input("> ").strip().lower()
        if raw in ("q", "quit", "exit"):
            from backstride.cli.assess import Quit

            raise Quit
        if raw in ("1", "y", "yes"):
            return "yes"
        if raw in ("2", "n", "no"):
            return "no"
        if raw in ("?", "dk", "don't know", "dont know", "unknown"):
            return UNKNOWN
        console.print("[red]Please type 1 (yes), 2 (no) or ? (don't know).[/]")


def _check(console: Any, kb: Any, result: Any, confirm: Any) -> set[int]:
    """Show the understood answers; return the indices the person says are wrong."""
    from rich.text import Text

    urgency = confirm.urgent_now(kb, confirm.confirmed_answers(result))
    if urgency:
        console.print()
        console.print(Text(f"{urgency['label']}. {urgency['advice']}", style="bold red"))
    items = confirm.items(result)
    counted = [it for it in items if it.counts]
    asked = [it for it in items if not it.counts]
    console.print()
    if counted:
        console.print(Text("Here is what we understood:", style="bold"))
        for n, it in enumerate(counted, 1):
            console.print(Text(f'  {n}) {it.says}  (you wrote "{it.quote}")'))
    if asked:
        console.print(Text("Not counted:", style="bold"))
        for it in asked:
            console.print(Text(f'  - {it.says}  (you wrote "{it.quote}"). {it.note}'))
    if not counted:
        return set()
    console.print(
        "Press Enter if this is right, or type the numbers of any that are wrong "
        "(for example: 1 3). Wrong ones are asked as questions instead."
    )
    while True:
        raw = console.input("> ").strip().lower().replace(",", " ")
        if raw in ("q", "quit", "exit"):
            from backstride.cli.assess import Quit

            raise Quit
        if raw in ("", "y", "yes", "ok"):
            return set()
        parts = raw.split()
        if all(p.isdigit() and 1 <= int(p) <= len(counted) for p in parts):
            return {counted[int(p) - 1].index for p in parts}
        console.print(
            f"[red]Please press Enter, or type numbers from 1 to {len(counted)} separated by "
            "spaces.[/]"
        )
