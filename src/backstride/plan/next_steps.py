"""What to do next after an assessment: two or three steps, so the result is never a dead end.

Pure: reads the result dict (the contract) and the answers. Each step names the command (CLI)
and the page (web) that does it. For an emergency, getting help comes first and the self-care
plan is only 'for later'.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from backstride.engine.walking import walking_limited


@dataclass(frozen=True)
class Step:
    text: str
    command: str | None = None
    href: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def next_steps(result: dict[str, Any], answers: dict[str, Any] | None = None) -> list[Step]:
    """The two or three things to do next, most important first."""
    urgency = result.get("urgency") or {}
    level = urgency.get("level", "self_care")
    advice = urgency.get("advice") or ""
    if level == "emergency":
        return [
            Step(f"Get help now. {advice}".strip()),
            Step(
                "For later, once you have been checked: your self-care plan.",
                "backstride plan",
                "/plan",
            ),
        ]
    steps: list[Step] = []
    if level == "urgent":
        steps.append(Step(f"See a doctor soon. {advice}".strip()))
    elif level == "doctor":
        steps.append(Step(f"Book a check-up. {advice}".strip()))
    steps.append(
        Step(
            "Read your plan: the three most important things first, then the details.",
            "backstride plan",
            "/plan",
        )
    )
    if level != "urgent":
        tests = result.get("self_tests") or []
        if tests:
            t = tests[0]
            steps.append(
                Step(
                    f"Try a self-test to sharpen the picture: {t.get('name', t['id'])}.",
                    f"backstride selftest {t['id']}",
                    f"/selftests/{t['id']}",
                )
            )
        if walking_limited(answers) and len(steps) < 3:
            steps.append(
                Step(
                    "Start the walking programme, and log your walks in the diary.",
                    "backstride programme start",
                    "/plan#walk-title",
                )
            )
    if len(steps) < 3:
        steps.append(
            Step(
                "Answer the questions again in 2 weeks, or sooner if things change. Get help "
                "at once if any warning sign in the safety net appears.",
                "backstride assess",
                "/interview",
            )
        )
    return steps[:3]
