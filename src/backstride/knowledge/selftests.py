"""Guided self-tests: strict schema, loader, and turning a person's results into findings.

A self-test is data (``data/selftests.yaml``): safety rules, steps, stop rules, how to read the
result, and *measures* (the questions asked at the end). Each choice option names the finding
states it sets; a number measure can copy its value into a number finding (``sets_value``); a
``derived`` rule compares two numbers (the timed walk: "a third longer when leaning forward").
Cross-checks against findings.yaml live in :func:`check_against_kb` and in the tests.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from backstride.errors import AnswerError, KnowledgeBaseError, UnknownIdError
from backstride.knowledge.schema import Id, Strict

UNSURE = "unsure"


class ResultOption(Strict):
    id: Id
    label: str
    sets: dict[Id, str] = Field(
        default_factory=dict, description="finding id -> state this answer sets"
    )


class Measure(Strict):
    """One question asked when the test is done."""

    id: Id
    question: str
    type: Literal["choice", "number"]
    options: list[ResultOption] = Field(default_factory=list)
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    cap: float | None = Field(
        default=None, description="A value at the cap means 'no symptoms by then': not copied"
    )
    sets_value: Id | None = Field(default=None, description="number finding that gets the value")
    optional: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Measure:
        if self.type == "choice":
            if len(self.options) < 2:
                raise ValueError(f"choice measure {self.id!r} needs at least two options")
            if self.unit or self.sets_value or self.min is not None or self.max is not None:
                raise ValueError(f"choice measure {self.id!r} takes no unit/min/max/sets_value")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError(f"measure {self.id!r}: duplicate option ids")
        else:
            if self.options:
                raise ValueError(f"number measure {self.id!r} has no options")
            if self.unit is None or self.min is None or self.max is None or self.min >= self.max:
                raise ValueError(f"number measure {self.id!r} needs unit and min < max")
        return self


class Compare(Strict):
    """yes if left >= at_least * times (both number measures), else no."""

    left: Id
    at_least: float = Field(gt=0)
    times: Id


class Derived(Strict):
    finding: Id
    yes_if: Compare
    note: str


class TestEvidence(Strict):
    summary: str = Field(description="Accuracy and reliability in plain words, honestly")
    sources: list[Id] = Field(description="Citation ids; empty means no study was found")


class SelfTest(Strict):
    id: Id
    name: str
    purpose: str
    minutes: int = Field(gt=0, le=120)
    not_for: list[str] = Field(min_length=1, description="Who should NOT do this test")
    you_need: list[str] = Field(min_length=1)
    steps: list[str] = Field(min_length=2)
    stop_if: list[str] = Field(min_length=1)
    reading: list[str] = Field(min_length=1, description="How to read the result")
    measures: list[Measure] = Field(min_length=1)
    derived: list[Derived] = Field(default_factory=list)
    sets: list[Id] = Field(min_length=1, description="Every finding this test can set")
    evidence: TestEvidence
    clinician_note: str

    @model_validator(mode="after")
    def _consistent(self) -> SelfTest:
        ids = [m.id for m in self.measures]
        if len(set(ids)) != len(ids):
            raise ValueError(f"self-test {self.id!r}: duplicate measure ids")
        numbers = {m.id for m in self.measures if m.type == "number"}
        for d in self.derived:
            for ref in (d.yes_if.left, d.yes_if.times):
                if ref not in numbers:
                    raise ValueError(
                        f"self-test {self.id!r}: derived rule uses {ref!r}, not a number measure"
                    )
        touched = set(self.findings_touched())
        if touched != set(self.sets):
            raise ValueError(
                f"self-test {self.id!r}: 'sets' {sorted(self.sets)} must equal the findings its "
                f"measures set {sorted(touched)}"
            )
        return self

    def findings_touched(self) -> list[str]:
        out: list[str] = []
        for m in self.measures:
            if m.sets_value:
                out.append(m.sets_value)
            for o in m.options:
                out += list(o.sets)
        out += [d.finding for d in self.derived]
        return list(dict.fromkeys(out))

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise UnknownIdError("measure", measure_id, [m.id for m in self.measures])


def parse_measure_value(m: Measure, raw: str | float | int | None) -> str | float | None:
    """Check one answer to a measure: an option id, or a number in range. None = not given."""
    if raw is None:
        return None
    if m.type == "choice":
        value = str(raw).strip().lower()
        ids = [o.id for o in m.options]
        if value.isdigit() and 1 <= int(value) <= len(ids):
            return ids[int(value) - 1]
        if value not in ids:
            raise UnknownIdError("answer", value, ids, field=m.id)
        return value
    try:
        x = float(raw)
    except (TypeError, ValueError):
        raise AnswerError(
            f"The result for {m.id!r} must be a number of {m.unit} from {m.min:g} to {m.max:g}; "
            f"got {raw!r}.",
            field=m.id,
        ) from None
    assert m.min is not None and m.max is not None
    if not m.min <= x <= m.max:
        raise AnswerError(
            f"The result for {m.id!r} must be from {m.min:g} to {m.max:g} {m.unit}; got {x:g}.",
            field=m.id,
        )
    return x


def interpret(test: SelfTest, results: dict[str, Any]) -> dict[str, str | float]:
    """Turn measure results (measure id -> option id or number) into finding values.

    Missing optional measures and 'unsure' options set nothing. A number at its cap ("nothing
    started by 20 minutes") is not copied and not compared, because the true value is unknown.
    """
    unknown = set(results) - {m.id for m in test.measures}
    if unknown:
        raise UnknownIdError("measure", sorted(unknown)[0], [m.id for m in test.measures])
    values: dict[str, str | float | None] = {}
    for m in test.measures:
        v = parse_measure_value(m, results.get(m.id))
        if v is None and not m.optional:
            raise AnswerError(f"Self-test {test.id!r} needs a result for {m.id!r}.", field=m.id)
        values[m.id] = v
    out: dict[str, str | float] = {}
    for m in test.measures:
        v = values[m.id]
        if v is None:
            continue
        if m.type == "choice":
            out.update(next(o for o in m.options if o.id == v).sets)
        elif m.sets_value and not (m.cap is not None and float(v) >= m.cap):
            out[m.sets_value] = int(v) if float(v).is_integer() else float(v)
    caps = {m.id: m.cap for m in test.measures}
    for d in test.derived:
        left, right = values.get(d.yes_if.left), values.get(d.yes_if.times)
        if left is None or right is None:
            continue
        cap_r = caps.get(d.yes_if.times)
        if cap_r is not None and float(right) >= cap_r:
            continue  # no symptoms on the first walk: nothing to compare
        out[d.finding] = "yes" if float(left) >= d.yes_if.at_least * float(right) else "no"
    return out


def apply_to_answers(data: dict[str, Any], findings: dict[str, str | float]) -> dict[str, Any]:
    """A copy of an answers-file dict with these findings written into ``answers``.

    Every other key (age, sex, other answers, unknown extras) is kept as it was.
    """
    new = dict(data)
    answers = dict(new.get("answers") or {})
    answers.update(findings)
    new["answers"] = answers
    return new


@lru_cache(maxsize=1)
def load_selftests() -> tuple[SelfTest, ...]:
    """The packaged self-tests, validated (cached). Raises KnowledgeBaseError."""
    from backstride.knowledge.loader import load_yaml

    path = resources.files("backstride.knowledge") / "data" / "selftests.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) or []
    problems: list[str] = []
    tests: list[SelfTest] = []
    for entry in raw:
        try:
            tests.append(SelfTest.model_validate(entry))
        except ValidationError as err:
            ident = entry.get("id") if isinstance(entry, dict) else None
            problems += [
                f"selftests.yaml: {ident!r}: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                for e in err.errors()
            ]
    ids = [t.id for t in tests]
    problems += [f"selftests.yaml: duplicate id {i!r}" for i in set(ids) if ids.count(i) > 1]
    if problems:
        raise KnowledgeBaseError(problems)
    return tuple(tests)


def get_selftest(test_id: str) -> SelfTest:
    tests = {t.id: t for t in load_selftests()}
    if test_id not in tests:
        raise UnknownIdError("self-test", test_id, tests)
    return tests[test_id]


def check_against_kb(kb: Any, tests: tuple[SelfTest, ...] | None = None) -> list[str]:
    """Every finding a test sets exists, with valid states and the right type; citations resolve."""
    problems: list[str] = []
    for t in tests or load_selftests():
        for m in t.measures:
            for o in m.options:
                for fid, state in o.sets.items():
                    f = kb.findings.get(fid)
                    if f is None:
                        problems.append(f"self-test {t.id}: unknown finding {fid!r}")
                    elif f.type == "number" or state not in f.states:
                        problems.append(
                            f"self-test {t.id}: {fid!r} has no state {state!r} ({f.states})"
                        )
            if m.sets_value:
                f = kb.findings.get(m.sets_value)
                if f is None or f.type != "number":
                    problems.append(
                        f"self-test {t.id}: sets_value {m.sets_value!r} is not a number finding"
                    )
        for d in t.derived:
            f = kb.findings.get(d.finding)
            if f is None or f.type != "boolean":
                problems.append(f"self-test {t.id}: derived {d.finding!r} is not a boolean finding")
        for c in t.evidence.sources:
            if c not in kb.citations:
                problems.append(f"self-test {t.id}: unknown citation {c!r}")
    return problems
