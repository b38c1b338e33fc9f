"""Small helpers for words shown to people: a count with the right singular or plural, and a
short span of days."""

from __future__ import annotations

from datetime import date


def plural(n: float, word: str, many: str | None = None) -> str:
    """``word`` for exactly 1, else its plural (``many``, or ``word`` + "s"): 0 walks, 1 walk."""
    return word if n == 1 else (many if many is not None else word + "s")


def count(n: float, word: str, many: str | None = None) -> str:
    """A number with its word: "1 walk", "2 walks", "0 walks", "1 day", "3 days"."""
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {plural(n, word, many)}"


def was_were(n: float) -> str:
    """The verb that goes with a count: "1 record was", "2 records were"."""
    return "was" if n == 1 else "were"


def is_are(n: float) -> str:
    """The present-tense verb for a count: "1 record is", "2 records are"."""
    return "is" if n == 1 else "are"


def week_range(start: date, end: date, with_year: bool = False) -> str:
    """A week as few words as a phone column allows: "9-15 Nov", "30 Nov-6 Dec", and with the
    year where a table spans more than one ("29 Dec 2025-4 Jan 2026")."""
    dash = "\u2013"  # an en dash, as in printed date ranges
    if with_year:
        if start.year != end.year:
            return f"{start.day} {start:%b %Y}{dash}{end.day} {end:%b %Y}"
        if start.month != end.month:
            return f"{start.day} {start:%b}{dash}{end.day} {end:%b %Y}"
        return f"{start.day}{dash}{end.day} {end:%b %Y}"
    if start.month != end.month or start.year != end.year:
        return f"{start.day} {start:%b}{dash}{end.day} {end:%b}"
    return f"{start.day}{dash}{end.day} {end:%b}"
