"""Rows read back from the database are checked for the types and shapes their readers need.

A database written by Backstride holds only what its inputs allow, but an older version, a
hand edit or a damaged file can leave a row that is not: a day ``'garbage'``, minutes ``'abc'``,
an assessment result without its urgency. Without this check such a row reached the commands
that read it (``plan``, ``report``, ``progress``, ``diary list``) and stopped them with a
traceback. Now the read stops with one clear message naming the table, the row and the value.

Value limits (pain 0 to 10, ...) are not applied here: rows stored under older, looser rules
still list and export (docs/SECURITY.md). Only what a reader cannot work with is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backstride.errors import InputError
from backstride.storage.engine import StorageError

#: tables whose JSON documents are read by other commands: their shape is checked on read
_DOCUMENT_TABLES = ("assessments", "selftest_results", "plans", "programme_states")

_WHAT = {
    "assessments": "assessment",
    "selftest_results": "self-test result",
    "plans": "plan",
    "programme_states": "walking programme",
    "diary_entries": "diary entry",
    "walks": "walk",
    "daily_activity": "day of steps",
    "questionnaire_scores": "questionnaire score",
    "people": "person",
}


def damaged(url: str, table: str, detail: str, row_id: Any = None) -> StorageError:
    what = _WHAT.get(table, f"row of {table}") if table else "value"
    which = f" (table {table}, id {row_id})" if row_id is not None else f" (table {table})"
    which = which if table else ""
    return StorageError(
        f"The database {url} holds a damaged {what}{which}: {detail.rstrip('.')}. Nothing "
        "was changed. Restore a backup of the database, or delete that row (for example with "
        "the sqlite3 command line)."
    )


@contextmanager
def decoding(url: str, table: str) -> Iterator[None]:
    """A stored value the database driver cannot turn back into its type (a date that is not
    a date, JSON that does not parse) is a clear StorageError, not a traceback."""
    try:
        yield
    except (ValueError, TypeError) as exc:
        raise damaged(url, table, f"a value cannot be read ({exc})") from None


def _type_ok(value: Any, kind: type) -> bool:
    if kind in (int, float) and isinstance(value, bool):
        return False  # a JSON true is not a number
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)


def check_stored(url: str, row: Any, values: dict[str, Any]) -> None:
    """Raise StorageError if ``values`` (a row read from ``row``'s table) holds a value of the
    wrong type for its column, or a document of a shape its readers cannot use."""
    from backstride.storage.import_checks import check_row

    table = row.__table__
    row_id = values.get("id", values.get("person_id"))
    for column in table.columns:
        value = values.get(column.key)
        if value is None:
            continue
        try:
            kind = column.type.python_type
        except NotImplementedError:  # a type without one: nothing to compare
            continue
        if not _type_ok(value, kind):
            shown = repr(value)[:60]
            raise damaged(
                url, table.name, f"{column.key} is {shown}, not a {kind.__name__}", row_id
            )
    if table.name in _DOCUMENT_TABLES:
        try:
            check_row(table.name, values, "it")
        except InputError as exc:
            detail = exc.message.removeprefix("it.").removeprefix("it: ")
            raise damaged(url, table.name, detail, row_id) from None
