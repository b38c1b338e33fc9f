"""The personal self-care plan and the graded walking programme (pure, no I/O)."""

from backstride.plan.build import Plan, build_plan
from backstride.plan.render import to_markdown
from backstride.plan.walking import WalkingProgramme, WeekLog, next_week, start_programme

__all__ = [
    "Plan",
    "WalkingProgramme",
    "WeekLog",
    "build_plan",
    "next_week",
    "start_programme",
    "to_markdown",
]
