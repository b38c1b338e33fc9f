"""Issue 17 items 4 and 7: one set of input limits for the CLI, the API and the pages, and
stored values always display, whatever rules they were stored under."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride import limits
from backstride.storage import Store
from backstride.storage.models import DiaryEntryRow, utcnow
from tests.diary.test_cli import entries, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "limits.db")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--minutes", "1500"], "1440"),
        (["--minutes", "nan"], "Minutes walked"),
        (["--onset", "-1"], "0"),
        (["--distance", "900km"], "200000"),
        (["--date", "0001-01-01"], "2000-01-01"),
        (["--date", "9999-12-31"], "future"),
        (["--date", (date.today() + timedelta(days=3)).isoformat()], "future"),
        (["--pain", "11"], "10"),
        (["--notes", "x" * 100_000], "2,000"),
        (["--date", "2024-03-01"], "Nothing to log"),  # a date alone says nothing
    ],
)
def test_log_refuses_what_the_api_could_not_show(db: str, args: list[str], says: str) -> None:
    r = run("log", *args, db=db)
    assert r.returncode == 2, r.stdout + r.stderr
    assert says in r.stderr and "Traceback" not in r.stderr
    assert entries(db) == []


def test_notes_are_printed_as_typed_not_as_markup(db: str) -> None:
    r = run("log", "--pain", "3", "--notes", "[/] [bold]not bold[/bold] [link=x]", db=db)
    assert r.returncode == 0, r.stderr
    assert "[/] [bold]not bold[/bold] [link=x]" in r.stdout
    assert [e["notes"] for e in entries(db)] == ["[/] [bold]not bold[/bold] [link=x]"]
    long = run("log", "--pain", "3", "--notes", "[b]" * 600, db=db)  # 1,800 characters
    assert long.returncode == 0 and "[b]" * 600 in long.stdout.replace("\n", "")


def _store_raw(url: str, **values: object) -> None:
    """A row stored under older, looser rules (the CLI used to accept these)."""
    with Store.open(url) as store:
        pid = store.person_id(None)
        with store.write() as s:
            s.add(DiaryEntryRow(person_id=pid, created_at=utcnow(), notes="", **values))


@pytest.mark.parametrize(
    "values",
    [
        {"day": date(2024, 3, 1), "walk_minutes": 1500.0, "pain_now": 4},
        {"day": date(1, 1, 1), "walk_distance_m": 9e9, "onset_minutes": -4.0},
        {"day": date(9999, 12, 31), "pain_now": 99},
    ],
)
def test_stored_values_always_display(tmp_path: Path, values: dict) -> None:
    from tests.web.conftest import make_app

    app = make_app(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        _store_raw(f"sqlite:///{tmp_path / 'web.db'}", **values)
        r = client.get("/api/v1/diary")
        assert r.status_code == 200, r.text
        assert r.json()[0]["day"] == values["day"].isoformat()
        assert client.get("/diary").status_code == 200
        progress = client.get("/api/v1/progress")
        assert progress.status_code == 200
        inside = limits.EARLIEST_DAY <= values["day"] <= limits.latest_day()
        assert progress.json()["out_of_range"] == (0 if inside else 1)
        assert client.get("/progress").status_code == 200
        assert client.get("/progress/chart.svg").status_code in (200, 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"day": "0001-01-01", "pain_now": 3}, "day"),
        ({"day": "9999-12-31", "pain_now": 3}, "day"),
        ({"walk_minutes": 1441}, "walk_minutes"),
        ({"walk_distance_m": 1e300}, "walk_distance_m"),
        ({"pain_now": 3, "notes": "a\x00b"}, "notes"),
        ({"pain_now": 3, "notes": "x" * 2001}, "notes"),
        ({}, "pain_now"),  # an empty entry (issue 17 item 9)
        ({"day": "2024-03-01", "notes": ""}, "pain_now"),
    ],
)
def test_api_refuses_the_same_values(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/api/v1/diary", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field
    assert client.get("/api/v1/diary").json() == []


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"walk_minutes": "1500"}, "1440"),
        ({"day": "0001-01-01", "pain_now": "2"}, "2000-01-01"),
        ({"pain_now": "2", "notes": "a\x00b"}, "NUL"),
        ({"walk_minutes": "1" * 400}, "at most 200 characters"),
    ],
)
def test_diary_form_refuses_the_same_values(client: TestClient, form: dict, says: str) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/diary").text).group(1)
    r = client.post("/diary", data={"csrf": csrf, **form})
    assert r.status_code == 422 and says in r.text
