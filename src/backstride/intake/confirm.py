"""What the front ends share after parsing: which understood answers to show, which count once
the person confirms them, and what stays a question.

Safety rules (docs/METHOD.md):
- a red-flag "yes" from the text counts at once (the urgency rises before anything else);
- a red-flag "no" from the text never answers a warning-sign question: it is shown, and the
  question is still asked in the interview;
- anything uncertain, about someone else, or said two ways is asked, never guessed.
Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from backstride.engine.answers import UNKNOWN
from backstride.intake.parser import Mention, ParseResult
from backstride.intake.typed import OTHER_UNIT
from backstride.knowledge.kb import KnowledgeBase


@dataclass(frozen=True)
class Item:
    """One line of the "here is what we understood" list."""

    index: int
    finding: str
    answer: str | float
    says: str
    quote: str
    red_flag: bool
    counts: bool  # True: becomes an answer once confirmed; False: still asked
    note: str = ""


def items(result: ParseResult) -> list[Item]:
    """Understood answers first (warning signs at the top), then what will still be asked."""
    out: list[Item] = []
    for i, m in enumerate(result.mentions):
        counts, note = _counts(m)
        out.append(Item(i, m.finding, m.answer, m.says, m.text, m.red_flag, counts, note))
    return sorted(out, key=lambda it: (not it.counts, not it.red_flag, it.index))


def _counts(m: Mention) -> tuple[bool, str]:
    if not m.applies and m.red_flag:
        return False, f"Not counted, because {m.why_not}: we will ask you about it."
    if not m.applies:
        return False, f"Not counted, because {m.why_not}."
    if m.red_flag and m.answer == "no":
        return False, "We always ask about warning signs, so we will ask you this."
    return True, ""


def ask_first(kb: KnowledgeBase, result: ParseResult) -> list[str]:
    """Warning-sign questions to ask straight after the check: ones the text raised but did not
    settle (unsure, negated, someone else's...) that the screen would not ask by itself."""
    out: list[str] = []
    for it in items(result):
        f = kb.findings[it.finding]
        if it.red_flag and not it.counts and not f.screen and it.finding not in out:
            out.append(it.finding)
    return out


def warning_notes(result: ParseResult) -> dict[str, str]:
    """Warning signs the text spoke of without settling them (said "no", unsure, someone
    else's...): finding -> the words, to show beside that question when it is asked."""
    out: dict[str, str] = {}
    for it in items(result):
        if it.red_flag and not it.counts:
            out.setdefault(it.finding, it.quote)
    return out


def confirmed_answers(result: ParseResult, rejected: Iterable[int] = ()) -> dict[str, str | float]:
    """Finding -> value for every understood answer that counts and was not rejected (by the
    mention's index in ``result.mentions``)."""
    drop = set(rejected)
    out: dict[str, str | float] = {
        it.finding: it.answer for it in items(result) if it.counts and it.index not in drop
    }
    # a walking limit given as a distance answers the question in minutes too, as a typed
    # distance does (intake.typed): it counts as asked, so the same fact is not asked twice
    for fid, other in OTHER_UNIT.items():
        if fid in out and other not in out:
            out[other] = UNKNOWN
    return out


def urgent_now(kb: KnowledgeBase, answers: dict[str, str | float]) -> dict[str, Any] | None:
    """The urgency implied at once by red-flag answers taken from the text, or None when the
    text raised no warning sign."""
    if not any(kb.findings[f].topic == "red_flag" and v == "yes" for f, v in answers.items()):
        return None
    from backstride.engine import assess

    result = assess(kb, document(answers)).to_dict()
    return result["urgency"] if result["red_flags"] else None


def document(answers: dict[str, str | float]) -> dict[str, Any]:
    """Answers -> the answers document the engine and ``assess --answers`` read."""
    doc: dict[str, Any] = {"age": None, "sex": None, "answers": {}}
    for fid, v in answers.items():
        if fid in ("age", "sex"):
            doc[fid] = int(v) if isinstance(v, float) and v.is_integer() else v
        else:
            doc["answers"][fid] = v
    return doc
