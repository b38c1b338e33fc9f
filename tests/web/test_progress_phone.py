"""The progress page on a phone: a chart drawn for a narrow screen, short week labels, and no
column that has nothing in it (before, a 390-pixel screen showed 5-pixel chart words and cut off
the last column)."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from backstride.words import week_range


def _log(client: TestClient, day: str, pain: int, onset: int) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/diary").text).group(1)
    r = client.post(
        "/diary",
        data={
            "csrf": csrf,
            "day": day,
            "pain_now": str(pain),
            "walk_minutes": "20",
            "onset_minutes": str(onset),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303


def _svg_width_pt(svg: str) -> float:
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))


def test_a_phone_gets_a_narrow_chart_and_a_desktop_the_wide_one(client: TestClient) -> None:
    for i, day in enumerate(["2025-03-03", "2025-03-05", "2025-03-11", "2025-03-12"]):
        _log(client, day, 3 + i, 10 - i)
    page = client.get("/progress").text
    assert '<source media="(max-width: 600px)" srcset="/progress/chart.svg?layout=narrow">' in page
    assert '<img src="/progress/chart.svg"' in page
    wide = client.get("/progress/chart.svg").text
    narrow = client.get("/progress/chart.svg?layout=narrow").text
    assert _svg_width_pt(narrow) < 0.5 * _svg_width_pt(wide)
    # the weeks filter carries over to the phone chart too
    assert "layout=narrow&amp;weeks=200" in client.get("/progress?weeks=200").text


def test_a_bad_chart_layout_names_the_choices(client: TestClient) -> None:
    _log(client, "2025-03-03", 3, 10)
    r = client.get("/progress/chart.svg?layout=tall", headers={"accept": "application/json"})
    assert r.status_code == 422
    body = r.text
    assert "layout" in body and "wide" in body and "narrow" in body


def test_weeks_are_short_and_an_empty_steps_column_is_left_out(client: TestClient) -> None:
    _log(client, "2025-03-03", 3, 10)
    _log(client, "2025-03-31", 4, 9)
    table = client.get("/progress").text.split("<table", 1)[1].split("</table>", 1)[0]
    assert "3\u20139 Mar" in table and "31 Mar\u20136 Apr" in table
    assert " to " not in table
    assert "Steps a day" not in table


def test_week_range_words() -> None:
    assert week_range(date(2026, 11, 9), date(2026, 11, 15)) == "9\u201315 Nov"
    assert week_range(date(2026, 11, 30), date(2026, 12, 6)) == "30 Nov\u20136 Dec"
    assert week_range(date(2025, 12, 29), date(2026, 1, 4)) == "29 Dec\u20134 Jan"
    assert week_range(date(2025, 12, 29), date(2026, 1, 4), True) == "29 Dec 2025\u20134 Jan 2026"
    assert week_range(date(2026, 3, 2), date(2026, 3, 8), True) == "2\u20138 Mar 2026"
