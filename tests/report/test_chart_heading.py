"""The chart's title says whose progress it is and the day it was made, the viewer's day."""

from __future__ import annotations

from datetime import date

from backstride.report.charts import heading


def test_the_heading_carries_the_day_given() -> None:
    assert heading("Alice", date(2026, 2, 3)) == "Walking progress — Alice (made 03 Feb 2026)"
    assert heading(None, date(2026, 2, 3), narrow=True) == "Walking progress\n(made 03 Feb 2026)"


def test_without_a_day_the_machines_today() -> None:
    assert heading(None, None).endswith(f"(made {date.today():%d %b %Y})")
