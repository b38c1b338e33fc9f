"""Score a questionnaire and shape the record that is stored (``Store.save_scores``).

The stored record is the scored result (``dataclasses.asdict``: ``percentage`` for the ODI,
``symptom_severity``/``physical_function`` for the ZCQ, ``risk_group`` for STarT Back, ...)
plus ``answers`` (item id -> choice id, so a FHIR QuestionnaireResponse can be rebuilt) and
``wording`` ("own" or the licensed wording file that was shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from backstride.errors import AnswerError


def unwrap_answers(instrument: str, data: Any) -> Mapping[str, Any]:
    """Accept ``{item: answer}`` or ``{"instrument": ..., "answers": {item: answer}}``."""
    if isinstance(data, Mapping) and isinstance(data.get("answers"), Mapping):
        named = data.get("instrument")
        if named is not None and named != instrument:
            raise AnswerError(
                f"The answers file is for {named!r}, not {instrument!r}. "
                f"Run `backstride questionnaire {named}` or fix the file.",
                field="instrument",
                choices=[instrument],
            )
        return data["answers"]
    if not isinstance(data, Mapping):
        raise AnswerError(
            f"The answers must be a JSON object of item id -> answer, not {type(data).__name__}.",
            field="answers",
        )
    return data


def score_record(
    instrument: str, answers: Mapping[str, Any], *, wording_source: str | None = None
) -> tuple[Any, dict[str, Any]]:
    """Score (raises AnswerError naming a bad item/value and the valid ones) and build the
    record to store. Returns ``(result, record)``."""
    from backstride.instruments import load_spec, score
    from backstride.instruments._common import resolve_answers

    result = score(instrument, answers)
    spec = load_spec(instrument)
    chosen = resolve_answers(spec, answers)
    record = asdict(result)
    record["answers"] = {item: c.id for item, c in chosen.items() if c is not None}
    record["wording"] = wording_source or "own"
    return result, record
