"""Guideline scenarios: is any person a guideline describes sent for care later than it says?

Run: .venv/bin/python benchmarks/guidelines/run.py          (table and summary)
     .venv/bin/python benchmarks/guidelines/run.py --show   (also each scenario's detail)

Each scenario in scenarios.yaml is run two ways:
- *stated*: `assess` on the scenario's stated answers, fed as a published case is
  (`backstride.evaluation.case_answers`);
- *interview*: the real adaptive interview asks, and the person answers from their truth (the
  stated answers); a yes/no question they were not told about is "no", any other "don't know"
  (as tests/test_safety_scenarios.py does).
The scenario's `key` findings are the question(s) the guideline acts on; the report says
whether the interview asked them. tests/test_guideline_scenarios.py fails on any under-call.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from backstride.engine import assess, parse_answers
from backstride.engine.answers import Answers
from backstride.engine.screen import all_warnings_no
from backstride.evaluation import case_answers, interview_person
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios.yaml"
LEVELS = [u.name for u in Urgency]
REQUIRED = (
    "id",
    "topic",
    "source",
    "guideline",
    "age",
    "sex",
    "answers",
    "key",
    "expected_urgency",
)


def load_scenarios(path: Path = SCENARIOS) -> list[dict[str, Any]]:
    # libyaml's safe loader when present (as knowledge/loader.py): the same data, read faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    scenarios = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(scenarios, list) or not scenarios:
        raise ValueError(f"{path} must be a non-empty list of scenarios")
    return scenarios


def check_scenario(kb: KnowledgeBase, sc: dict[str, Any]) -> None:
    """Raise ValueError if a scenario is malformed (unknown finding, level or missing field)."""
    missing = [k for k in REQUIRED if k not in sc]
    if missing:
        raise ValueError(f"scenario {sc.get('id')!r} lacks {missing}")
    if sc["expected_urgency"] not in LEVELS:
        raise ValueError(f"{sc['id']}: unknown urgency {sc['expected_urgency']!r}")
    for k in ("name", "year", "section", "url"):
        if not sc["source"].get(k):
            raise ValueError(f"{sc['id']}: source lacks {k!r}")
    for fid in [*sc["answers"], *sc["key"]]:
        if fid not in kb.findings:
            raise ValueError(f"{sc['id']}: {fid!r} is not one of Backstride's findings")
    missing_key = [fid for fid in sc["key"] if fid not in sc["answers"]]
    if missing_key:
        raise ValueError(f"{sc['id']}: key findings {missing_key} have no stated answer")
    parse_answers(kb, case_answers(sc))  # every answer valid for its finding


def stated_answers(kb: KnowledgeBase, sc: dict[str, Any]) -> Answers:
    """The scenario's answers as a case is fed (`case_answers`); with `red_flags_absent`, every
    warning-sign question it does not state is "no" (the guideline's person has none)."""
    answers = parse_answers(kb, case_answers(sc))
    if sc.get("red_flags_absent"):
        answers = all_warnings_no(kb, answers)[1]
    return answers


def interview(kb: KnowledgeBase, sc: dict[str, Any]) -> tuple[Answers, list[str]]:
    """Run the interview for the scenario's person; return the answers and every finding asked
    (unstated yes/no questions "no", anything else "don't know")."""
    truth: dict[str, Any] = {**sc["answers"], "age": sc["age"], "sex": sc["sex"]}
    try:
        answers, asked = interview_person(kb, truth)
    except RuntimeError as err:
        raise RuntimeError(f"{sc['id']}: {err}") from None
    return answers, [fid for fid, _ in asked]


@dataclass
class Result:
    id: str
    topic: str
    expected: str
    stated: str
    interview: str
    key: list[str]
    key_asked: list[str]
    questions: int
    stated_flags: list[str] = field(default_factory=list)
    interview_flags: list[str] = field(default_factory=list)

    def _cmp(self, got: str) -> int:
        return Urgency[got] - Urgency[self.expected]

    @property
    def under_stated(self) -> bool:
        return self._cmp(self.stated) < 0

    @property
    def under_interview(self) -> bool:
        return self._cmp(self.interview) < 0

    @property
    def under(self) -> bool:
        return self.under_stated or self.under_interview

    @property
    def over(self) -> bool:
        """Over-called either way, and under-called neither way."""
        return not self.under and (self._cmp(self.stated) > 0 or self._cmp(self.interview) > 0)

    @property
    def exact(self) -> bool:
        return self.stated == self.expected == self.interview

    @property
    def key_status(self) -> str:
        if len(self.key_asked) == len(self.key):
            return "yes"
        return "partly" if self.key_asked else "no"


def run_scenario(kb: KnowledgeBase, sc: dict[str, Any]) -> Result:
    check_scenario(kb, sc)
    stated = assess(kb, stated_answers(kb, sc)).to_dict()
    answers, asked = interview(kb, sc)
    inter = assess(kb, answers).to_dict()
    return Result(
        id=sc["id"],
        topic=sc["topic"],
        expected=sc["expected_urgency"],
        stated=stated["urgency"]["level"],
        interview=inter["urgency"]["level"],
        key=list(sc["key"]),
        key_asked=[fid for fid in sc["key"] if fid in asked],
        questions=len(asked),
        stated_flags=[f["id"] for f in stated["red_flags"]],
        interview_flags=[f["id"] for f in inter["red_flags"]],
    )


def run_all(kb: KnowledgeBase | None = None, path: Path = SCENARIOS) -> list[Result]:
    kb = kb or load_kb()
    return [run_scenario(kb, sc) for sc in load_scenarios(path)]


def summary(results: list[Result]) -> dict[str, int]:
    return {
        "scenarios": len(results),
        "exact (both ways)": sum(r.exact for r in results),
        "under-triage (stated)": sum(r.under_stated for r in results),
        "under-triage (interview)": sum(r.under_interview for r in results),
        "under-triage (either way)": sum(r.under for r in results),
        "over-triage (either way, no under)": sum(r.over for r in results),
        "emergencies missed (either way)": sum(
            r.expected == "emergency" and (r.stated != "emergency" or r.interview != "emergency")
            for r in results
        ),
        "key question not asked": sum(r.key_status != "yes" for r in results),
    }


def mark(r: Result, got: str) -> str:
    d = Urgency[got] - Urgency[r.expected]
    return got + (" **UNDER**" if d < 0 else " (over)" if d > 0 else "")


def table(results: list[Result]) -> str:
    lines = [
        "| scenario | topic | expected | got (stated) | got (interview) | key question asked |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r.id} | {r.topic} | {r.expected} | {mark(r, r.stated)} | "
            f"{mark(r, r.interview)} | {r.key_status} ({', '.join(r.key)}) |"
        )
    return "\n".join(lines)


def summary_table(results: list[Result]) -> str:
    lines = ["| measure | count |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in summary(results).items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print each scenario's detail too")
    args = ap.parse_args(argv)
    kb = load_kb()
    scenarios = load_scenarios()
    results = [run_scenario(kb, sc) for sc in scenarios]
    print(table(results))
    print()
    print(summary_table(results))
    if args.show:
        for sc, r in zip(scenarios, results, strict=True):
            print(
                f"\n## {r.id} ({sc['source']['name']} {sc['source']['year']}, "
                f"{sc['source']['section']})"
            )
            print(f"guideline: {' '.join(str(sc['guideline']).split())}")
            print(f"expected {r.expected}; stated {r.stated}; interview {r.interview}")
            print(f"red flags (stated): {', '.join(r.stated_flags) or '-'}")
            print(f"red flags (interview): {', '.join(r.interview_flags) or '-'}")
            print(f"key {r.key}: asked {r.key_asked or 'none'}; {r.questions} questions")
    under = [r.id for r in results if r.under]
    if under:
        print(f"\nunder-called: {', '.join(under)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
