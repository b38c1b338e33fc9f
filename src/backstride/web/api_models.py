"""Pydantic models at the API edge: they document the API (OpenAPI) and shape replies."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from backstride import limits
from backstride.errors import InputError


def huge_as_infinite(value: Any) -> Any:
    """An integer too big for a float (10**400) as +-infinity, so that the check of the
    finding's own range refuses it in words ("give years from 16 to 110")."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**1023:
        return math.inf if value > 0 else -math.inf
    return value


AnswerValue = Annotated[str | float | bool | None, BeforeValidator(huge_as_infinite)]


# --- input types built from backstride.limits (the CLI and the forms check the same) -------


def _pydantic(check: Any) -> Any:
    """A limits check as a pydantic validator: its message becomes the 422's detail."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except InputError as exc:
            raise ValueError(exc.message) from None

    return run


def in_range(r: limits.Range) -> Any:
    return Annotated[
        float,
        Strict(),  # a number: not true/false, not "12"
        Field(ge=r.lo, le=r.hi, allow_inf_nan=False, description=f"{r.label}, {r.describe()}"),
    ]


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text cannot contain NUL characters (\\0)")
    return value


Text = Annotated[str, AfterValidator(no_nul)]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def written_day(value: Any) -> Any:
    """A date as YYYY-MM-DD only: pydantic also reads 0 as 1970-01-01 (a Unix time) and
    "2026-01-01T00:00:00+23:59" as 2026-01-01, and such a diary day was stored."""
    if (
        value is None
        or isinstance(value, date)
        or (isinstance(value, str) and ISO_DAY.fullmatch(value))
    ):
        return value
    raise ValueError(
        f"{str(value)[:40]!r} is not a date: write it as YYYY-MM-DD, "
        f"a day from {limits.EARLIEST_DAY.isoformat()} to today"
    )


Day = Annotated[
    date,
    Field(description=f"From {limits.EARLIEST_DAY.isoformat()} to tomorrow"),
    BeforeValidator(written_day),
    AfterValidator(_pydantic(limits.check_day)),
]
MAX_ROW_ID = 2**31 - 1  # PostgreSQL integer ids; a larger one overflowed the query (a 500)


def _json_integer(value: Any) -> Any:
    """A JSON integer (2048 or 2048.0, as JSON Schema counts them), never true or "12"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not an id: give a whole number from 1 to {MAX_ROW_ID}")
    return value


RowId = Annotated[
    int,
    Field(ge=1, le=MAX_ROW_ID, description=f"An id, from 1 to {MAX_ROW_ID}"),
    BeforeValidator(_json_integer),  # after Field: before it, the schema loses the range
]
FormRowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]  # a form sends ids as text
Pain = Annotated[int, Field(ge=limits.PAIN.lo, le=limits.PAIN.hi, strict=True)]
Notes = Annotated[
    str,
    Field(max_length=limits.MAX_NOTES_CHARS),
    AfterValidator(_pydantic(lambda v: limits.check_text(v, "notes"))),
]


class AssessmentRequest(BaseModel):
    """Everything the person has answered so far. The server keeps nothing between calls."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"age": 68, "sex": "male", "answers": {"fever": "no", "walk_minutes": 8}}]
        },
    )
    age: Annotated[float | None, BeforeValidator(huge_as_infinite)] = Field(
        default=None, description="Age in years"
    )
    sex: str | None = Field(default=None, description="female or male")
    answers: dict[str, AnswerValue] = Field(
        default_factory=dict,
        description=(
            "Finding id -> answer: yes/no/unknown for yes-no questions, an option id for "
            "choice questions, a number for number questions (or text with a unit: '3 days', "
            "'200 metres'). 'unknown' means don't know."
        ),
    )


class Option(BaseModel):
    id: str
    label: str


class Question(BaseModel):
    id: str = Field(description="The finding id to answer")
    text: str
    help: str | None = None
    type: Literal["boolean", "choice", "number"]
    topic: str
    screen: bool = Field(description="Part of the warning-sign screen")
    options: list[Option] = []
    unit: str | None = None
    min: float | None = None
    max: float | None = None


class Finding(Question):
    clinical: str
    asked: bool


class Progress(BaseModel):
    answered: int
    max_questions: int
    screen_left: int = Field(description="Warning-sign questions still to ask")
    screen_pages_left: int = Field(
        description="The pages those take on the web: one page per checklist of several items"
    )


class Urgency(BaseModel):
    level: Literal["self_care", "doctor", "urgent", "emergency"]
    label: str
    advice: str
    reasons: list[str] = []


class Reason(BaseModel):
    finding: str
    question: str
    answer: str
    weight: float = Field(description="How many times likelier this answer makes the cause")
    source: str | None = None
    estimate: bool = False
    published: str | None = None
    kind: Literal["study", "description", "estimate"] = "estimate"
    basis: str = Field(default="", description="Where the number comes from, in one line")
    lr_published: float | None = Field(
        default=None, description="A study's likelihood ratio for this answer, as published"
    )
    lr_applied: float | None = Field(
        default=None, description="The likelihood ratio the engine applies in the study's contrast"
    )
    lr_contrast: list[str] | None = Field(
        default=None, description="The study's comparison group (condition ids or all_other)"
    )
    sources: list[str] = Field(
        default=[],
        description="For an answer whose figure differs by sub-type of the cause (a kidney "
        "stone or a kidney infection): the citations of the sub-types' figures",
    )


class RankedCondition(BaseModel):
    id: str
    name: str
    clinical_name: str
    category: str
    serious: bool
    probability: float
    reasons_for: list[Reason] = []
    reasons_against: list[Reason] = []
    act_at: float | None = Field(
        default=None, description="The chance at which this cause's own urgency applies"
    )
    check_first: bool = Field(
        default=False,
        description="Listed first, before likelier causes: a warning sign (or its own suspected "
        "chance) makes it a reason for urgent or emergency care, so it must be ruled out first",
    )


class RedFlag(BaseModel):
    id: str
    name: str
    urgency: str
    advice: str
    clinician_note: str
    sources: list[str] = []
    kind: str = Field(
        default="warning_sign", description="warning_sign, or check_up: a reason to be checked"
    )


class Factor(BaseModel):
    id: str
    name: str
    summary: str


class SelfTest(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    why: str | None = None


class AssessmentResponse(BaseModel):
    question: Question | None = Field(description="Ask this next; null when should_stop")
    should_stop: bool
    stop_reason: str | None = Field(default=None, description="clear, no_gain or cap")
    progress: Progress
    urgency: Urgency
    red_flags: list[RedFlag]
    conditions: list[RankedCondition]
    factors: list[Factor]
    self_tests: list[SelfTest]
    would_change: list[str] = []
    answers: dict[str, AnswerValue]
    age: float | None
    sex: str | None
    kb_version: str
    disclaimer: str
    safety_net: str = ""


class ConditionSummary(BaseModel):
    id: str
    name: str
    clinical_name: str
    category: str
    serious: bool
    summary: str
    urgency: str


class CardAnswer(BaseModel):
    """An answer that nearly always (or nearly never) goes with the condition, from its cell."""

    finding: str
    state: str
    question: str = Field(description="The question as the person is asked it")
    answer: str = Field(description="The answer, in the person's words")
    clinical: str = Field(description="The finding's clinical label")
    probability: float = Field(description="P(this answer | this condition)")
    weight: float = Field(
        description="P(this answer | this condition) / P(this answer | all other conditions)"
    )
    kind: Literal["study", "description", "estimate"]
    source: str | None = None
    published: str | None = Field(default=None, description="The source's own figures")
    basis: str = Field(description="Where the number comes from, in one line")


class AgeSexShare(BaseModel):
    age: str
    male: float
    female: float


class Rarity(BaseModel):
    share: float = Field(description="Share of people with low back pain, age and sex unknown")
    words: str = Field(description="The same in plain words")
    by_age_sex: list[AgeSexShare]
    source: str | None = None
    estimate: str | None = None


class CardUrgency(BaseModel):
    level: Literal["self_care", "doctor", "urgent", "emergency"]
    label: str
    act_at: float = Field(description="Probability at which this urgency applies")
    words: str


class CardThresholds(BaseModel):
    nearly_always: float
    nearly_never: float
    distinct: float = Field(description="How many times likelier (or less likely) than elsewhere")


class Card(BaseModel):
    """The condition card, derived from the evidence table and the priors."""

    typical_story: str
    nearly_always: list[CardAnswer] = []
    nearly_never: list[CardAnswer] = []
    rarity: Rarity
    urgency: CardUrgency
    thresholds: CardThresholds


class Prior(BaseModel):
    value: float
    source: str | None = None
    estimate: str | None = None


class EvidenceRow(BaseModel):
    """One evidence cell: P(answer | this condition) and where it comes from."""

    finding: str
    question: str
    clinical: str
    when: list[str]
    kind: Literal["study", "description", "estimate"]
    probability: float = Field(description="P(these answers | this condition)")
    weight: float = Field(
        description="P(these answers | this condition) / P(these answers | all other conditions)"
    )
    sens: float | None = None
    spec: float | None = None
    lr_pos: float | None = None
    lr_neg: float | None = None
    population: str | None = None
    vs: list[str] = Field(default=[], description="A study's comparison group")
    applied_lr_pos: float | None = Field(
        default=None, description="LR+ the engine applies in the study's own contrast"
    )
    applied_lr_neg: float | None = None
    published: str | None = None
    source: str | None = None
    estimate: str | None = Field(default=None, description="An estimate's reason")
    basis: str = ""
    note: str | None = None


class Citation(BaseModel):
    id: str
    authors: str
    year: int | None = Field(description="The publication year; null for an undated page")
    year_label: str = Field(description="The year as shown to a person, or 'n.d.' (no date)")
    accessed: str | None = Field(
        default=None, description="The day an undated web page was read (ISO date)"
    )
    title: str
    journal: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    kind: str


class Variant(BaseModel):
    id: str
    name: str = Field(description="The sub-type, in plain words")
    share: float = Field(description="Its share of the condition, before age and sex")
    source: str | None = None
    estimate: str | None = Field(default=None, description="Why, when the share is an estimate")
    by_age_or_sex: bool = Field(description="Whether the share changes with age or sex")


class ConditionDetail(ConditionSummary):
    card: Card
    helps: list[str] = []
    prior: Prior
    variants: list[Variant] = Field(
        default=[],
        description="Sub-types whose answers differ; the evidence may be split by them",
    )
    evidence: list[EvidenceRow]
    sources: list[Citation]


class Health(BaseModel):
    status: Literal["ok"]
    kb_version: str
    multi_user: bool


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with the field at fault and its valid choices."""

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    choices: list[str] = []
    instance: str | None = None


def _problem(description: str) -> dict[str, object]:
    return {
        "model": ProblemDetails,
        "description": description,
        "content": {"application/problem+json": {}},
    }


# Errors any API operation can answer with, in the problem+json shape (routes add 404, 409
# where they can). 401, 403 and 429 depend on the route and the mode: web/app.py documents them
# per operation (`_document_errors`), so public operations do not list them.
PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    422: _problem("Invalid input: the field at fault and the valid choices"),
    503: _problem("Database busy with another change: try again after Retry-After seconds"),
}
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {
        "model": ProblemDetails,
        "description": "Not found",
        "content": {"application/problem+json": {}},
    },
}
