"""Strict schema for the plan data files (data/plan/*.yaml): exercises, advice, education."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from backstride.knowledge.schema import Id, Strict

Level = Literal["high", "moderate", "low", "very_low", "none", "no_benefit"]

LEVEL_TEXT: dict[str, str] = {
    "high": "Strong evidence",
    "moderate": "Moderate evidence",
    "low": "Weak evidence (low-quality studies)",
    "very_low": "Very weak evidence",
    "none": "No trial evidence: practical tips only",
    "no_benefit": "Tested, and no better than doing nothing",
}


class When(Strict):
    """Who an item is for. It applies if ANY listed condition/category/factor/answer matches.

    ``conditions`` and ``categories`` look at the likely causes (see plan.build.LIKELY_MIN);
    ``factors`` at the contributing factors found; ``answers`` at the raw answers
    (finding id -> accepted values, compared as lower-case strings). ``always`` matches everyone.
    """

    always: bool = False
    conditions: list[Id] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    factors: list[Id] = Field(default_factory=list)
    answers: dict[Id, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _something(self) -> When:
        if not (self.always or self.conditions or self.categories or self.factors or self.answers):
            raise ValueError("a 'for'/'unless' block needs at least one test (or always: true)")
        return self


class Tip(Strict):
    """A tip shown only to the people its ``for`` block matches (e.g. a tip for narrowed nerve
    spaces inside advice that is for everyone). A plain string tip is for everyone the item is
    for."""

    text: str
    for_: When = Field(alias="for")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PlanEvidence(Strict):
    level: Level
    summary: str = Field(description="Honest, plain statement of how strong the support is")
    sources: list[Id] = Field(default_factory=list)


class Dose(Strict):
    sets: int | None = Field(default=None, ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=1, le=120)
    how_often: str = Field(description="e.g. 'twice a day', '3 days a week'")

    def text(self) -> str:
        parts = []
        if self.sets and self.sets > 1 and self.reps:
            parts.append(f"{self.sets} rounds of {self.reps}")
        elif self.reps:
            parts.append(f"{self.reps} times")
        elif self.sets:
            parts.append(f"{self.sets} times")
        if self.hold_seconds:
            parts.append(f"hold each for {self.hold_seconds} seconds")
        parts.append(self.how_often)
        return ", ".join(parts)


class Exercise(Strict):
    id: Id
    name: str
    kind: Literal["mobility", "stretch", "strength", "control", "nerve", "balance", "aerobic"]
    why: str
    steps: list[str] = Field(min_length=2)
    dose: Dose
    progression: str
    should_feel: str
    avoid: str
    for_: When = Field(alias="for")
    unless: When | None = None
    evidence: PlanEvidence
    seeds: list[str] = Field(default_factory=list)
    order: int = 50

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Topic = Literal[
    "safety_net",
    "sport",
    "walking",
    "sitting",
    "footwear",
    "weight_activity",
    "treadmill",
    "daily",
    "home_care",
    "mind",
    "professional",
]


class Advice(Strict):
    id: Id
    topic: Topic
    title: str
    text: str
    tips: list[str | Tip] = Field(default_factory=list)
    urgency: Literal["emergency", "urgent", "doctor"] | None = Field(
        default=None, description="safety_net items only: how fast to act"
    )
    for_: When = Field(default=When(always=True), alias="for")
    unless: When | None = None
    evidence: PlanEvidence | None = None
    seeds: list[str] = Field(default_factory=list)
    order: int = 50

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _urgency_only_for_safety(self) -> Advice:
        if (self.topic == "safety_net") != (self.urgency is not None):
            raise ValueError(f"advice {self.id!r}: 'urgency' is required for safety_net items only")
        if self.topic != "safety_net" and self.evidence is None:
            raise ValueError(f"advice {self.id!r}: needs an evidence statement")
        return self


class EducationCard(Strict):
    id: Id
    title: str
    text: str
    for_: When = Field(default=When(always=True), alias="for")
    unless: When | None = None
    evidence: PlanEvidence | None = None
    seeds: list[str] = Field(default_factory=list)
    order: int = 50

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PlanData(Strict):
    exercises: list[Exercise]
    advice: list[Advice]
    education: list[EducationCard]
