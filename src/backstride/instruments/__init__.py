"""Validated questionnaire scoring: pure functions on plain values.

    score_start_back(answers) -> StartBackResult   Keele STarT Back (total, distress, risk group)
    score_odi(answers)        -> OdiResult         Oswestry Disability Index v2.1a
    score_zcq(answers)        -> ZcqResult         Zurich Claudication Questionnaire
    score_sshq(answers)       -> SshqResult        Konno's stenosis questionnaire
    score_sugioka(answers)    -> SugiokaResult     Sugioka 2008 self-report stenosis rule
    score(instrument, answers)                     the same, by instrument id
    change(instrument, before, after) -> ChangeResult   versus the minimal important change

``answers`` maps item id -> choice id (see ``present(instrument)`` or the YAML files in
``data/``). Bad answers raise :class:`backstride.errors.AnswerError` naming the item, the value
and the valid choices. Item texts are our own words; a licensed clinic can show the official
wording with ``present(instrument, load_wording(path))``; scores never depend on the wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backstride.errors import UnknownIdError
from backstride.instruments._common import (
    INSTRUMENT_IDS,
    Answers,
    InstrumentSpec,
    PresentedChoice,
    PresentedItem,
    Wording,
    load_spec,
    load_wording,
    present,
    wording_from_mapping,
)
from backstride.instruments.change import MCIDS, ChangeResult, Mcid, change
from backstride.instruments.odi import OdiResult, score_odi
from backstride.instruments.start_back import StartBackResult, risk_group, score_start_back
from backstride.instruments.stenosis import (
    SshqResult,
    SugiokaResult,
    score_sshq,
    score_sugioka,
    sshq_positive,
)
from backstride.instruments.zcq import ZcqResult, score_zcq

Result = StartBackResult | OdiResult | ZcqResult | SshqResult | SugiokaResult

SCORERS: dict[str, Callable[[Answers], Result]] = {
    "start_back": score_start_back,
    "odi": score_odi,
    "zcq": score_zcq,
    "sshq": score_sshq,
    "sugioka": score_sugioka,
}


def score(instrument: str, answers: Answers) -> Result:
    """Score any instrument by id (``start_back``, ``odi``, ``zcq``, ``sshq``, ``sugioka``)."""
    try:
        scorer = SCORERS[instrument]
    except KeyError:
        raise UnknownIdError("instrument", instrument, INSTRUMENT_IDS) from None
    return scorer(answers)


#: questionnaires whose published accuracy the diagnosis uses, and the finding each sets
DIAGNOSTIC_FINDINGS: dict[str, str] = {"sshq": "sshq_positive"}
#: how a person is told which saved questionnaire is being used
DIAGNOSTIC_NAMES: dict[str, str] = {
    "sshq": "questionnaire on squeezed nerves in the low back (SSHQ)",
}


def _day(when: Any) -> str:
    """A stored time as the day people read it ("2 Dec 2026")."""
    if hasattr(when, "strftime"):
        return f"{when.day} {when.strftime('%b %Y')}"
    return str(when or "")


def diagnostic_answers(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The answers the latest scored record of each diagnostic questionnaire gives the
    interview: ``{finding_id: {"value": "yes"|"no", "verdict": "positive"|"negative",
    "instrument": ..., "name": ..., "taken_at": ..., "day": "2 Dec 2026"}}``.

    ``records`` are stored score rows (``instrument``, ``scores``, ``taken_at``) in time
    order; a later record replaces an earlier one. Only the SSHQ counts today: its rule's
    accuracy was measured as a whole (Kato 2015), so the rule is one answer, not ten."""
    out: dict[str, dict[str, Any]] = {}
    for row in records:
        fid = DIAGNOSTIC_FINDINGS.get(str(row.get("instrument")))
        scores = row.get("scores") or {}
        if fid is None or not isinstance(scores.get("positive"), bool):
            continue
        out[fid] = {
            "value": "yes" if scores["positive"] else "no",
            "verdict": "positive" if scores["positive"] else "negative",
            "instrument": row["instrument"],
            "name": DIAGNOSTIC_NAMES[row["instrument"]],
            "taken_at": row.get("taken_at"),
            "day": _day(row.get("taken_at")),
        }
    return out


__all__ = [
    "DIAGNOSTIC_FINDINGS",
    "DIAGNOSTIC_NAMES",
    "INSTRUMENT_IDS",
    "MCIDS",
    "SCORERS",
    "Answers",
    "ChangeResult",
    "InstrumentSpec",
    "Mcid",
    "OdiResult",
    "PresentedChoice",
    "PresentedItem",
    "Result",
    "SshqResult",
    "StartBackResult",
    "SugiokaResult",
    "Wording",
    "ZcqResult",
    "change",
    "diagnostic_answers",
    "load_spec",
    "load_wording",
    "present",
    "risk_group",
    "score",
    "score_odi",
    "score_sshq",
    "score_start_back",
    "score_sugioka",
    "score_zcq",
    "sshq_positive",
    "wording_from_mapping",
]
