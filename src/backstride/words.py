"""Small helpers for words shown to people: a count with the right singular or plural."""

from __future__ import annotations


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
