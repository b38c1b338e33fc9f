"""`backstride export FILE`, `backstride import FILE` and `backstride forget`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from backstride.cli.diary import db_option
from backstride.words import count


def export(
    file: Path = typer.Argument(..., help="Where to write the JSON ('-' for the screen)."),
    fhir: bool = typer.Option(
        False, "--fhir", help="Write one person's FHIR R4 Bundle instead (for a records system)."
    ),
    person: str | None = typer.Option(
        None, "--person", help="With --fhir: whose data (name or id). Default: the local person."
    ),
    db: str | None = db_option(),
) -> None:
    """Write everything stored (all people; in a clinic also the accounts, with their password
    hashes, and shares) to one JSON file, or one person as FHIR R4. Keep the file private."""
    from backstride.storage import Store

    if fhir:
        from backstride.cli.report import export_fhir

        export_fhir(file, answers_file=None, person=person, db=db)
        return

    with Store.open(db) as store:
        data = store.export_data()
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if str(file) == "-":
        sys.stdout.write(text)
        return
    tmp = file.with_name(file.name + ".partial")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(file)  # never leave a half-written export behind
    people = len(data["people"])
    print(f"Exported {count(people, 'person', 'people')} to {file}", file=sys.stderr)


def import_(
    file: Path = typer.Argument(..., help="A JSON file made by `backstride export`."),
    db: str | None = db_option(),
) -> None:
    """Load a `backstride export` file (into an empty database, or one without these people)."""
    from backstride.cli.common import read_json_file
    from backstride.errors import ImportFileError, InputError
    from backstride.limits import MAX_EXPORT_BYTES
    from backstride.storage import Store

    data = read_json_file(file, what="export file", max_bytes=MAX_EXPORT_BYTES)
    with Store.open(db) as store:
        try:
            counts = store.import_data(data)
        except ImportFileError:
            raise
        except InputError as exc:
            raise ImportFileError(f"{file}: {exc.message} Nothing was imported.") from None
    shown = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
    print(f"Imported from {file}: {shown or 'nothing'}.", file=sys.stderr)


def forget(
    person: str | None = typer.Option(
        None, "--person", help="Whose data (name or id). Default: you, the local person."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    db: str | None = db_option(),
) -> None:
    """Delete everything stored about one person, for good: their records, their clinic
    account with its sessions and shares, and their copy in any upgrade backup file."""
    from backstride.storage import Store

    with Store.open(db) as store:
        from backstride.cli.common import person_ref

        ref = person_ref(person)
        pid = store.person_id(ref, create=False) if ref is not None else _local(store)
        if pid is None:
            print("Nothing stored: there is nothing to forget.", file=sys.stderr)
            return
        name = next(p["name"] for p in store.list_people() if p["id"] == pid)
        if not yes:
            from rich.console import Console
            from rich.markup import escape

            from backstride.cli.common import ask_yes_no, stdin_is_terminal

            if not stdin_is_terminal():
                from backstride.errors import InputError

                raise InputError("Not deleted: add --yes to confirm when not in a terminal.")
            question = f"Delete ALL data about {name!r} in {store.url}? This cannot be undone."
            if not ask_yes_no(Console(stderr=True), escape(question)):
                print("Nothing was deleted.", file=sys.stderr)
                raise typer.Exit(1)
        counts = store.forget(pid)
        backups = len(engine_backups(store))
    in_backups = counts.pop("backup_rows", 0)
    print(f"Deleted {name!r}: {count(sum(counts.values()), 'record')} removed.", file=sys.stderr)
    if backups:
        print(
            f"Also removed from {count(backups, 'upgrade backup file')} "
            f"({count(in_backups, 'record')}).",
            file=sys.stderr,
        )


def engine_backups(store: object) -> list[Path]:
    from backstride.storage import Store, engine

    assert isinstance(store, Store)
    return engine.backup_files(store.engine)


def _local(store: object) -> int | None:
    from backstride.errors import NotFoundError
    from backstride.storage import Store

    assert isinstance(store, Store)
    try:
        return store.person_id(None, create=False)
    except NotFoundError:
        return None


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
    app.command("forget")(forget)
