"""Small helpers shared by command modules (kept import-light)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from backstride.errors import InputError


def read_json_file(path: Path, what: str = "answers file", max_bytes: int | None = None) -> Any:
    """A JSON file a person gives, within ``limits``' size (``max_bytes``, default
    ``MAX_JSON_BYTES``), depth and number limits."""
    from backstride.limits import MAX_JSON_BYTES, load_json

    limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
    try:
        if path.stat().st_size > limit:
            raise InputError(
                f"The {what} {str(path)!r} is {path.stat().st_size:,} bytes: the limit is "
                f"{limit:,}.",
                field="file",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"The {what} {str(path)!r} does not exist.", field="file") from None
    except OSError as exc:
        raise InputError(f"Cannot read the {what} {str(path)!r}: {exc.strerror}.") from None
    return load_json(data, f"{what} {str(path)!r}", field="file", max_bytes=limit)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def person_ref(person: str | None) -> int | str | None:
    """A --person value: a number is a person id, anything else a name (None: the local person)."""
    return int(person) if person and person.isdigit() else person


def person_today(db: str | None, person: Any = None) -> Any:
    """The person's date today in their saved time zone (``backstride timezone``), else in
    this machine's."""
    from backstride.errors import NotFoundError
    from backstride.storage import Store
    from backstride.timezones import machine_zone, today_in

    with Store.open(db) as store:
        try:
            saved = store.get_time_zone(person)
        except NotFoundError:  # an unknown person is reported by the command itself
            saved = None
    return today_in(saved or machine_zone())


YES_WORDS = ("y", "yes")
NO_WORDS = ("n", "no")


def stdin_is_terminal() -> bool:
    """Whether a person can be asked a question (kept here so tests can stand in a terminal)."""
    return sys.stdin.isatty()


def ask_yes_no(console: Any, question: str, *, enter: bool | None = None) -> bool:
    """Ask a yes/no question until the answer is y, yes, n or no (any case, spaces around it
    are fine). Anything else asks again and says what to type. ``enter``: what pressing Enter
    alone means; None asks again. Ctrl-C and the end of input are left to the caller."""
    hint = "y/n" if enter is None else ("Y/n" if enter else "y/N")
    while True:
        raw = console.input(f"{question} \\[{hint}] ").strip().lower()
        if raw in YES_WORDS:
            return True
        if raw in NO_WORDS:
            return False
        if raw == "" and enter is not None:
            return enter
        console.print("Please type y or yes, or n or no.", markup=False, highlight=False)
