from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from backstride.diary.progress import Progress, ScoreSeries
from backstride.diary.trend import weekly
from backstride.errors import InputError
from backstride.report.charts import render


def _progress(diary: list[dict], steps: dict | None = None, scores: list | None = None) -> Progress:
    return Progress(
        diary=diary, walks=[], steps=steps or {}, weeks=weekly(diary, [], []), scores=scores or []
    )


def test_chart_files_are_written(tmp_path: Path) -> None:
    diary = [
        {
            "day": date(2024, 3, d),
            "pain_now": 9 - d // 4,
            "walk_minutes": 20,
            "walk_distance_m": 1500,
            "onset_minutes": d,
            "symptom_reach": "thigh",
        }
        for d in range(1, 28, 3)
    ]
    steps = {date(2024, 3, d): 3000 + 50 * d for d in range(1, 29)}
    odi = ScoreSeries(
        "odi",
        "ODI",
        "percentage points",
        10.0,
        [(datetime(2024, 3, 1), 40.0), (datetime(2024, 3, 28), 28.0)],
        None,
    )
    progress = _progress(diary, steps, [odi])
    png = render(progress, tmp_path / "out" / "p.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    svg = render(progress, tmp_path / "p.svg").read_text()
    for label in ("Minutes walked", "Kilometres walked", "Pain now", "Steps per day", "Score"):
        assert label in svg
    assert render(progress, tmp_path / "q.svg").read_text() == svg  # no timestamps inside


def test_nothing_to_chart(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Nothing to chart"):
        render(_progress([{"day": date(2024, 1, 1), "notes": "x"}]), tmp_path / "p.png")


def test_one_entry_gets_a_two_week_date_axis(tmp_path: Path) -> None:
    import re

    progress = _progress([{"day": date(2024, 3, 10), "pain_now": 4, "onset_minutes": 12}])
    svg = render(progress, tmp_path / "one.svg").read_text()
    # tick labels are days of March 2024, not a span of years
    assert re.search(r"<!-- 0[3-9] -->", svg), "no day ticks (zero-padded days of the month)"
    for year in ("2023", "2025", "2026"):
        assert f"<!-- {year} -->" not in svg
    render(progress, tmp_path / "one.png")
