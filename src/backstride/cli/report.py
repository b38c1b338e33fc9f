"""`backstride questionnaire NAME`, `backstride report --pdf FILE` and
`backstride export-fhir FILE`: for the clinic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from backstride.cli.diary import db_option

PERSON_HELP = "Whose data (name or id). Default: you, the local person."
INSTRUMENT_HELP = (
    "start_back (Keele STarT Back), odi (Oswestry Disability Index), zcq (Zurich Claudication "
    "Questionnaire), sshq (Konno's stenosis questionnaire) or sugioka (Sugioka stenosis rule)."
)


def _person_ref(person: str | None) -> int | str | None:
    from backstride.cli.common import person_ref

    return person_ref(person)


# ---------------------------------------------------------------- questionnaire


def _ask_item(console: Any, item: Any, kind: str, number: int, total: int, skip: bool) -> Any:
    """One item. Returns a choice id, an age, "skip", or "back"; raises KeyboardInterrupt on q."""
    from rich.text import Text

    console.print()
    console.print(Text(f"Question {number} of {total}", style="dim"))
    console.print(Text(item.text, style="bold"))
    if kind == "age":
        console.print("  Type your age in years.")
    else:
        for i, c in enumerate(item.choices, 1):
            console.print(f"  {i}) {c.text}")
    keys = "b = back, q = stop" + (", s = skip (does not apply)" if skip else "")
    console.print(Text(keys, style="dim"))
    while True:
        raw = console.input("> ").strip().lower()
        if raw in ("q", "quit"):
            raise KeyboardInterrupt
        if raw in ("b", "back"):
            return "back"
        if skip and raw in ("s", "skip"):
            return "skip"
        if kind == "age" and raw.isdigit() and 0 <= int(raw) <= 130:
            return int(raw)
        if kind != "age":
            if raw.isdigit() and 1 <= int(raw) <= len(item.choices):
                return item.choices[int(raw) - 1].id
            ids = [c.id for c in item.choices]
            if raw in ids and not raw.isdigit():
                return raw
            console.print(f"[red]Please type a number from 1 to {len(ids)}, or b or q.[/]")
        else:
            console.print("[red]Please type your age as a whole number of years.[/]")


def run_questionnaire(console: Any, instrument: str, wording: Any = None) -> dict[str, Any]:
    """Ask every item in the terminal; returns item id -> answer (skipped items left out)."""
    from backstride.instruments import load_spec, present

    spec = load_spec(instrument)
    items = present(instrument, wording)
    skippable = instrument in ("odi", "zcq")
    console.print(f"[bold]{spec.name}[/]")
    console.print(f"Think about {spec.recall}.")
    if wording is None:
        console.print(
            "[dim]The items below are short descriptions in our own words; the scoring is the "
            "published one.[/]"
        )
    answers: dict[str, Any] = {}
    asked: list[str] = []
    treated: bool | None = None
    i = 0
    while i < len(items):
        item = items[i]
        spec_item = spec.item(item.id)
        if spec_item.group == "satisfaction":
            if treated is None:
                console.print()
                console.print(
                    "The last 6 items rate how pleased you are with treatment you have had."
                )
                from backstride.cli.common import ask_yes_no

                treated = ask_yes_no(console, "Have you had treatment to rate?")
            if not treated:
                i += 1
                continue
        value = _ask_item(console, item, spec_item.kind, i + 1, len(items), skippable)
        if value == "back":
            if asked:
                last = asked.pop()
                answers.pop(last, None)
                i = spec.item_ids.index(last)
                if spec.item(last).group != "satisfaction":
                    treated = None  # ask about treatment again on the way forward
            else:
                console.print("[dim]This is the first item.[/]")
            continue
        if value != "skip":
            answers[item.id] = value
        asked.append(item.id)
        i += 1
    return answers


def questionnaire(
    name: str = typer.Argument(..., help=INSTRUMENT_HELP),
    answers_file: Path | None = typer.Option(
        None, "--answers", "-a", help="JSON file of item id -> answer. Skips the questions."
    ),
    wording: Path | None = typer.Option(
        None, "--wording", help="A clinic's licensed item wording (YAML/JSON) to show instead."
    ),
    save: bool = typer.Option(True, "--save/--no-save", help="Store the scores (default)."),
    json_out: bool = typer.Option(False, "--json", help="Print the scored record as JSON."),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Fill in a validated questionnaire and keep its score (to compare over time)."""
    from rich.console import Console

    from backstride.cli.common import print_json, read_json_file
    from backstride.errors import AnswerError, UnknownIdError
    from backstride.instruments import INSTRUMENT_IDS, load_wording
    from backstride.report.questionnaire import score_record, unwrap_answers

    instrument = name.strip().lower().replace("-", "_")
    if instrument not in INSTRUMENT_IDS:
        raise UnknownIdError("questionnaire", name, INSTRUMENT_IDS)
    shown = load_wording(wording) if wording is not None else None
    if shown is not None and shown.instrument != instrument:
        raise AnswerError(
            f"The wording file {str(wording)!r} is for {shown.instrument!r}, not {instrument!r}.",
            field="wording",
            choices=[instrument],
        )
    console = Console(stderr=json_out)
    if answers_file is not None:
        answers = unwrap_answers(instrument, read_json_file(answers_file))
    else:
        try:
            answers = run_questionnaire(console, instrument, shown)
        except (KeyboardInterrupt, EOFError):
            console.print("\nStopped. Nothing was saved.")
            raise typer.Exit(130) from None
    result, record = score_record(
        instrument, answers, wording_source=shown.source if shown else None
    )
    changes: list[dict[str, Any]] = []
    if save:
        from backstride.report.summary import questionnaire_summary
        from backstride.storage import Store

        with Store.open(db) as store:
            pid = store.person_id(_person_ref(person))
            store.save_scores(pid, instrument, record)
            rows = store.list_scores(pid, instrument)
        changes = questionnaire_summary(rows)[0]["changes"] if len(rows) > 1 else []
    if json_out:
        print_json({**record, "changes": changes})
        return
    _print_result(console, instrument, record, result, changes, saved=save)


def _print_result(
    console: Any, instrument: str, record: dict, result: Any, changes: list, *, saved: bool
) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from backstride.instruments import load_spec
    from backstride.report.summary import headline

    spec = load_spec(instrument)
    body = Text(result.interpretation)
    for c in changes:
        body.append("\n\nSince your first score: " + c["interpretation"])
    console.print()
    console.print(Panel(body, title=f"{spec.short_name}: {headline(instrument, record)}"))
    console.print(
        "[dim]Saved. Your clinician sees it in `backstride report --pdf`.[/]"
        if saved
        else "[dim]Not saved (--no-save).[/]"
    )


# ---------------------------------------------------------------- report and FHIR


def _summary(store: Any, person: str | None, answers_file: Path | None) -> dict[str, Any]:
    from backstride.knowledge import load_kb
    from backstride.report.summary import collect_summary

    kb = load_kb()
    result = answers = None
    if answers_file is not None:
        from backstride.cli.common import read_json_file
        from backstride.engine import assess

        answers = read_json_file(answers_file)
        result = assess(kb, answers).to_dict()
    return collect_summary(store, _person_ref(person), result=result, answers=answers, kb=kb)


def report(
    pdf: Path = typer.Option(..., "--pdf", help="Where to write the PDF summary."),
    answers_file: Path | None = typer.Option(
        None, "--answers", "-a", help="Assess these answers (JSON) instead of the last stored."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """A one- or two-page PDF for your physiotherapist or doctor."""
    import sys

    from backstride.errors import InputError
    from backstride.report.pdf import write_pdf
    from backstride.storage import Store

    if pdf.suffix.lower() != ".pdf":
        raise InputError(f"The report file must end in .pdf, not {pdf.name!r}.", field="pdf")
    with Store.open(db) as store:
        summary = _summary(store, person, answers_file)
    if not (summary["assessment"] or summary["questionnaires"] or summary["walking"]["tolerance"]):
        raise InputError(
            "Nothing to report yet: run `backstride assess`, give --answers FILE, fill in a "
            "questionnaire (`backstride questionnaire odi`) or log a walk (`backstride log`)."
        )
    pages = write_pdf(summary, pdf)
    print(f"Wrote a {pages}-page summary to {pdf}", file=sys.stderr)


def export_fhir(
    file: Path = typer.Argument(..., help="Where to write the FHIR R4 Bundle (JSON)."),
    answers_file: Path | None = typer.Option(
        None, "--answers", "-a", help="Assess these answers (JSON) instead of the last stored."
    ),
    person: str | None = typer.Option(None, "--person", help=PERSON_HELP),
    db: str | None = db_option(),
) -> None:
    """Export one person's data as a FHIR R4 Bundle for a health records system."""
    import sys

    from backstride.fhir import write_fhir_bundle
    from backstride.storage import Store

    with Store.open(db) as store:
        summary = _summary(store, person, answers_file)
    bundle = write_fhir_bundle(summary, file)
    print(f"Wrote {len(bundle['entry'])} FHIR resources to {file}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("questionnaire")(questionnaire)
    app.command("report")(report)
    app.command("export-fhir")(export_fhir)
