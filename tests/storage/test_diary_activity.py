"""Diary entries that are runs (revision 0008), on SQLite and PostgreSQL: stored, edited,
upgraded from older databases as walks, and carried through export and import."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from backstride.diary.records import DiaryEntry
from backstride.errors import InputError
from backstride.storage import Store, engine
from tests.storage.dbs import BACKENDS, database_at, database_url

RUN = DiaryEntry(day=date(2024, 3, 2), walk_minutes=30, walk_distance_m=5000, activity="run")
WALK = DiaryEntry(day=date(2024, 3, 3), walk_minutes=20, onset_minutes=12)


def test_a_run_comes_back_as_a_run_and_a_walk_as_a_walk(store: Store) -> None:
    store.add_diary_entry(None, RUN)
    store.add_diary_entry(None, WALK)
    assert [r["activity"] for r in store.list_diary_entries()] == ["run", "walk"]
    assert [r["activity"] for r in store.progress_rows()["diary"]] == ["run", "walk"]


def test_an_edit_can_turn_a_walk_into_a_run(store: Store) -> None:
    entry_id = store.add_diary_entry(None, WALK)
    row = store.update_diary_entry(None, entry_id, replace(WALK, activity="run"))
    assert row["activity"] == "run"
    assert store.get_diary_entry(None, entry_id)["activity"] == "run"


def test_entries_stored_before_revision_8_are_walks(db_url: str) -> None:
    with database_at(db_url, "0007") as conn:
        conn.execute(
            text(
                "INSERT INTO diary_entries (person_id, created_at, day, walk_minutes, notes) "
                "VALUES (1, :t, :d, 25, 'before runs were kept')"
            ),
            {"t": "2024-01-02 03:04:05", "d": "2024-01-02"},
        )
    with Store.open(db_url) as store:
        assert engine.current_revision(store.engine) == "0008"
        [row] = store.list_diary_entries()
        assert (row["activity"], row["walk_minutes"]) == ("walk", 25)
        store.add_diary_entry(None, RUN)  # and the new column takes a run
        assert [r["activity"] for r in store.list_diary_entries()] == ["walk", "run"]


def _dump(store: Store) -> str:
    return json.dumps(store.export_data(), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("target", BACKENDS)
def test_runs_survive_export_and_import(
    store: Store, target: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    store.add_diary_entry(None, RUN)
    store.add_diary_entry(None, WALK)
    exported = _dump(store)
    assert [e["activity"] for e in json.loads(exported)["people"][0]["diary"]] == ["run", "walk"]
    gen = database_url(target, tmp_path_factory.mktemp("target"))
    try:
        with Store.open(next(gen)) as other:
            other.import_data(json.loads(exported))
            assert [r["activity"] for r in other.list_diary_entries()] == ["run", "walk"]
            assert _dump(other) == exported
    finally:
        gen.close()


def test_an_export_without_activities_imports_as_walks(store: Store) -> None:
    store.add_diary_entry(None, WALK)
    store.add_diary_entry(None, replace(WALK, day=date(2024, 3, 4)))
    data = store.export_data()
    for entry in data["people"][0]["diary"]:
        del entry["activity"]  # as an export made before revision 0008
    data["schema_revision"] = "0007"
    store.forget()
    counts = store.import_data(data)
    assert counts["diary"] == 2
    assert [r["activity"] for r in store.list_diary_entries()] == ["walk", "walk"]


def test_an_export_with_another_activity_is_refused_whole(store: Store) -> None:
    store.add_diary_entry(None, WALK)
    data = store.export_data()
    data["people"][0]["diary"][0]["activity"] = "swim"
    store.forget()
    with pytest.raises(InputError, match=r"diary\[0\]\.activity: 'swim' .* walk, run"):
        store.import_data(data)
    assert store.list_people() == []


def test_old_export_file_from_before_revision_8_imports(tmp_path: Path) -> None:
    """A file as Backstride wrote it at revision 0007 (no activity on diary entries)."""
    old = {
        "format": "backstride-export",
        "format_version": 2,
        "schema_revision": "0007",
        "people": [
            {
                "uid": "local",
                "name": "Me",
                "created_at": "2024-01-02T03:04:05",
                "time_zone": None,
                "diary": [
                    {
                        "created_at": "2024-01-02T03:04:05",
                        "day": "2024-01-02",
                        "pain_now": 3,
                        "walk_minutes": 25.0,
                        "walk_distance_m": None,
                        "onset_minutes": 15.0,
                        "symptom_reach": "thigh",
                        "relieved_by": "sitting",
                        "notes": "",
                        "updated_at": None,
                    }
                ],
            }
        ],
        "accounts": [],
        "shares": [],
    }
    with Store.open(str(tmp_path / "new.db")) as store:
        store.import_data(old)
        [row] = store.list_diary_entries()
    assert (row["activity"], row["onset_minutes"]) == ("walk", 15.0)
