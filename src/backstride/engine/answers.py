"""Validate and normalise a person's answers against the knowledge base."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backstride.errors import AnswerError, InputError, UnknownIdError
from backstride.knowledge.kb import KnowledgeBase

UNKNOWN = "unknown"
_UNKNOWN_SPELLINGS = {"unknown", "dont_know", "don't know", "dont know", "?", ""}
TOP_LEVEL_KEYS = ("age", "sex", "answers")

Value = str | float


@dataclass(frozen=True)
class Answers:
    """Validated answers. ``values`` maps finding id -> state id, number or ``UNKNOWN``.

    A finding present with ``UNKNOWN`` was asked and answered "don't know": it counts as
    asked for the interview and changes nothing in the probabilities.
    """

    values: dict[str, Value] = field(default_factory=dict)

    @property
    def age(self) -> float | None:
        v = self.values.get("age")
        return None if v is None or v == UNKNOWN else float(v)

    @property
    def sex(self) -> str | None:
        v = self.values.get("sex")
        return None if v is None or v == UNKNOWN else str(v)

    def known(self) -> dict[str, Value]:
        return {k: v for k, v in self.values.items() if v != UNKNOWN}

    def with_answer(self, finding_id: str, value: Value) -> Answers:
        return Answers({**self.values, finding_id: value})

    def without(self, finding_id: str) -> Answers:
        return Answers({k: v for k, v in self.values.items() if k != finding_id})

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"age": None, "sex": None, "answers": {}}
        for k, v in self.values.items():
            if k in ("age", "sex"):
                out[k] = None if v == UNKNOWN else v
            else:
                out["answers"][k] = v
        if isinstance(out["age"], float) and out["age"].is_integer():
            out["age"] = int(out["age"])
        return out


def parse_value(kb: KnowledgeBase, finding_id: str, raw: Any) -> Value:
    """One answer -> its canonical value, or AnswerError naming the valid choices."""
    if finding_id not in kb.findings:
        raise UnknownIdError("finding", finding_id, kb.findings)
    f = kb.findings[finding_id]
    if f.cluster is not None:
        raise AnswerError(
            f"{finding_id!r} is worked out from other answers and cannot be answered itself. "
            "Answer its items instead: "
            + ", ".join(sorted({c.finding for m in f.cluster.items for c in [*m.all, *m.any]}))
            + ".",
            field=finding_id,
        )
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in _UNKNOWN_SPELLINGS):
        return UNKNOWN
    if f.type == "boolean":
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        if isinstance(raw, str) and raw.strip().lower() in ("yes", "no", "y", "n"):
            return "yes" if raw.strip().lower().startswith("y") else "no"
        raise AnswerError(
            f"Answer {raw!r} for {finding_id!r} is not valid. Valid answers: yes, no, unknown.",
            field=finding_id,
            choices=["yes", "no", UNKNOWN],
        )
    if f.type == "choice":
        valid = f.states
        if isinstance(raw, str) and raw.strip() in valid:
            return raw.strip()
        raise AnswerError(
            f"Answer {raw!r} for {finding_id!r} is not one of its choices. "
            f"Valid answers: {', '.join(valid)}, unknown.",
            field=finding_id,
            choices=[*valid, UNKNOWN],
        )
    assert f.number is not None
    spec = f.number
    try:
        if isinstance(raw, bool):
            raise ValueError
        x = float(raw)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int of 400 digits
        raise AnswerError(
            f"Answer {raw!r} for {finding_id!r} must be a number of {spec.unit} "
            f"from {spec.min:g} to {spec.max:g}, or unknown.",
            field=finding_id,
        ) from None
    if not spec.min <= x <= spec.max or x != x:
        raise AnswerError(
            f"Answer {raw!r} for {finding_id!r} is out of range: give {spec.unit} "
            f"from {spec.min:g} to {spec.max:g}.",
            field=finding_id,
        )
    return x


def parse_answers(kb: KnowledgeBase, data: Any) -> Answers:
    """Validate an answers document ``{"age": .., "sex": .., "answers": {...}}``."""
    if isinstance(data, Answers):
        return data
    if not isinstance(data, Mapping):
        raise InputError(
            "The answers must be a JSON object with the keys age, sex and answers, "
            f"not {type(data).__name__}."
        )
    extra = [k for k in data if k not in TOP_LEVEL_KEYS]
    if extra:
        raise UnknownIdError("top-level key", str(extra[0]), TOP_LEVEL_KEYS)
    answers = data.get("answers", {}) or {}
    if not isinstance(answers, Mapping):
        raise InputError(
            f"'answers' must be an object of finding id -> answer, not {type(answers).__name__}.",
            field="answers",
        )
    values: dict[str, Value] = {}
    for key in ("age", "sex"):
        if data.get(key) is not None:
            values[key] = parse_value(kb, key, data[key])
    for fid, raw in answers.items():
        if fid in ("age", "sex") and fid in values:
            raise InputError(f"{fid!r} is given twice: at top level and in answers.", field=fid)
        values[str(fid)] = parse_value(kb, str(fid), raw)
    return Answers(values)
