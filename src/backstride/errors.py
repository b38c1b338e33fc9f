"""One exception tree for the whole project.

BackstrideError                 message for a person; ``exit_code`` for the CLI, ``status`` for HTTP
├── InputError                  bad input from a person or a client (exit 2, HTTP 422)
│   ├── UnknownIdError          an id that does not exist (names close matches)
│   └── AnswerError             an answer of the wrong type or out of range
├── KnowledgeBaseError          the knowledge base failed validation (exit 1, HTTP 500)
├── NotFoundError               a stored thing that does not exist (exit 2, HTTP 404)
└── ImportFileError             a walk or export file that cannot be read (exit 2, HTTP 422)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from backstride.words import count


class BackstrideError(Exception):
    """Base class: ``str(err)`` is a complete message a person can act on."""

    exit_code = 1
    status = 500
    title = "Backstride error"

    def __init__(self, message: str, *, field: str | None = None, choices: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.choices = list(choices)


class InputError(BackstrideError):
    exit_code = 2
    status = 422
    title = "Invalid input"


class UnknownIdError(InputError):
    title = "Unknown id"

    def __init__(self, kind: str, value: str, valid: Iterable[str], *, field: str | None = None):
        valid = sorted(valid)
        close = difflib.get_close_matches(value, valid, n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = ", ".join(valid[:12]) + (", ..." if len(valid) > 12 else "")
        super().__init__(
            f"Unknown {kind} {value!r}.{hint} Valid {kind}s: {shown}",
            field=field or kind,
            choices=valid,
        )
        self.value = value
        self.suggestions = close


class AnswerError(InputError):
    title = "Invalid answer"


class KnowledgeBaseError(BackstrideError):
    exit_code = 1
    title = "Knowledge base error"

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"The knowledge base has {count(len(problems), 'problem')}:\n- " + "\n- ".join(problems)
        )


class NotFoundError(BackstrideError):
    exit_code = 2
    status = 404
    title = "Not found"


class ConflictError(InputError):
    """The request clashes with what is stored (for example a programme already running)."""

    status = 409


class ImportFileError(InputError):
    title = "Cannot import file"
