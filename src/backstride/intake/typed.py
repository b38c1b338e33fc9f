"""Answers typed in the units people use: one function for every front end.

"3 days" or "2 months" for how long the pain has lasted; "10 minutes", "200 metres", "half a
mile" or "3 blocks" for how far someone can walk. The terminal interview, the web form, the
REST API and ``assess --answers`` all read number answers through ``typed_answer``.

A walking answer given as a distance, to the question in minutes, is kept as the distance
(``walk_metres``): nothing converts one into the other here, and the minutes question then
counts as asked ("don't know"), so it is not asked again. Nothing here does I/O.

A length of time may also be typed as the day it began ("since Saturday", "last Friday", "the
3rd of November"), read against the person's date today, which the front end passes in
(``today``); without it, or for a date after today, the answer is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from backstride.engine.answers import UNKNOWN, Value, parse_value
from backstride.errors import AnswerError, InputError
from backstride.intake.quantities import Amount, AmountError, read_amount
from backstride.knowledge.kb import KnowledgeBase

#: a number finding -> the finding that holds the same thing in another unit
OTHER_UNIT = {"walk_minutes": "walk_metres", "walk_metres": "walk_minutes"}
_UNKNOWN = {"unknown", "dont_know", "don't know", "dont know", "?", "", "not sure"}


def units_for(kb: KnowledgeBase, fid: str) -> tuple[str, ...]:
    """The base units a number question accepts, its own first."""
    f = kb.findings[fid]
    assert f.number is not None
    units = [f.number.unit]
    other = OTHER_UNIT.get(fid)
    if other in kb.findings and kb.findings[other].number is not None:
        units.append(kb.findings[other].number.unit)  # type: ignore[union-attr]
    return tuple(u for u in units if u in ("metres", "minutes", "weeks", "years"))


def unit_hint(kb: KnowledgeBase, fid: str) -> str:
    """How a number answer may be written, in plain words ("" for a plain count or age)."""
    from backstride.intake.quantities import BASE_KIND, SPELLINGS

    kinds = [BASE_KIND[u] for u in units_for(kb, fid) if BASE_KIND[u] != "age"]
    return "; or ".join(SPELLINGS[k] for k in kinds)


def typed_answer(
    kb: KnowledgeBase, fid: str, raw: Any, today: date | None = None
) -> dict[str, Value]:
    """One typed answer -> the answers it gives (finding -> value). Numbers may carry a
    unit, and a length of time may be the day it began (read with ``today``); anything else
    goes to ``parse_value``. Raises AnswerError naming the value typed, the units accepted
    and the range."""
    f = kb.findings.get(fid)
    if f is None or f.type != "number" or not isinstance(raw, str):
        return {fid: parse_value(kb, fid, raw)}
    assert f.number is not None
    if raw.strip().lower() in _UNKNOWN:
        return {fid: UNKNOWN}
    units = units_for(kb, fid)
    if not units:  # a count such as the number of signs: a plain number only
        return {fid: parse_value(kb, fid, raw)}
    try:
        amount = read_amount(raw, units)
    except AmountError as err:
        since = _since(raw, today) if f.number.unit == "weeks" else None
        if since is None:
            raise AnswerError(err.message, field=fid) from None
        if isinstance(since, str):
            raise AnswerError(
                f"{raw.strip()[:60]!r}: {since}. Give how long, for example 3 days or 6 weeks.",
                field=fid,
            ) from None
        amount = since
    target = fid if amount.unit == f.number.unit else OTHER_UNIT[fid]
    spec = kb.findings[target].number
    assert spec is not None
    if not spec.min <= amount.value <= spec.max:
        typed = raw.strip()[:60]
        same = typed.replace(",", ".") == f"{amount.value:g}"
        conv = "" if same else f" ({amount.value:g} {amount.unit})"
        raise AnswerError(
            f"{typed!r}{conv} is outside the range: give a number from {spec.min:g} to {spec.max:g} "
            f"{spec.unit}.",
            field=fid,
        )
    lo, hi = amount.low, amount.high
    if lo is not None and hi is not None and lo != hi:
        a, b = max(lo, spec.min), min(hi, spec.max)
        if kb.state_of(target, a) != kb.state_of(target, b):  # ambiguous: ask, never guess
            raise AnswerError(
                f"{raw.strip()[:60]!r} could be anything from {lo:g} to {hi:g} {amount.unit}, "
                f"which spans more than one answer here. Please give one number, for example "
                f"in {amount.unit}.",
                field=fid,
            )
    out = {target: parse_value(kb, target, amount.value)}
    if target != fid:
        out[fid] = UNKNOWN  # asked, and answered in the other unit
    return out


def _since(raw: str, today: date | None) -> Amount | str | None:
    """A typed start day ("since Saturday", "last Friday", "3rd November") as weeks back from
    ``today``; a reason in words when that day cannot be used (after today, no such date);
    None when the text is not one start day and little else."""
    if today is None:
        return None
    from backstride.intake.dates import find_dates

    typed = " ".join(raw.split())[:80]
    for text in (typed, f"since {typed}"):
        found = find_dates(text, today)
        if found:
            break
    if len(found) != 1:
        return None
    d = found[0]
    if len((text[: d.start] + " " + text[d.end :]).split()) > 2:
        return None  # a sentence, not a start day: "it was fine until I lifted on Saturday"
    if d.problem:
        return d.problem
    return Amount(d.value, "weeks", d.low, d.high)


def typed_document(kb: KnowledgeBase, data: Any, today: date | None = None) -> Any:
    """An answers document whose number answers may carry units (or, for a length of time,
    the day it began, read with ``today``) -> the same document with plain numbers (anything
    else is left for ``parse_answers`` to check)."""
    if not isinstance(data, Mapping):
        return data
    out = dict(data)
    if isinstance(out.get("age"), str):
        out["age"] = typed_answer(kb, "age", out["age"])["age"]
    answers = out.get("answers")
    if not isinstance(answers, Mapping):
        return out
    new: dict[str, Any] = {}
    for fid, raw in answers.items():
        if not (isinstance(raw, str) and fid in kb.findings and kb.findings[fid].type == "number"):
            new[fid] = _keep(new, fid, raw)
            continue
        for k, v in typed_answer(kb, str(fid), raw, today).items():
            new[k] = _keep(new, k, v, given=k in answers and k != fid)
    out["answers"] = new
    return out


def _keep(new: dict[str, Any], fid: str, value: Any, given: bool = False) -> Any:
    if given or (fid in new and new[fid] != UNKNOWN and value != UNKNOWN and new[fid] != value):
        raise InputError(
            f"{fid!r} is given twice: once directly and once as a walking answer in another "
            "unit. Give it once.",
            field=fid,
        )
    return value
