"""The repository against real SQLite and PostgreSQL databases."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from backstride.diary.records import DailyActivity, DiaryEntry, Walk
from backstride.errors import InputError, NotFoundError
from backstride.storage import Store
from backstride.storage.models import Assessment, DiaryEntryRow, WalkRow
from tests.storage.dbs import BACKENDS, database_url

RESULT = {
    "kb_version": "2024.1",
    "urgency": {"level": "doctor", "reasons": ["a", "b"]},
    "conditions": [{"id": "lss", "probability": 0.4125}],
    "unicode": "Gehstrecke — 500 m",
}


def _walk(hour: int, minutes: float = 30.0, source: str = "gpx") -> Walk:
    return Walk(
        source=source,
        started_at=datetime(2024, 3, 4, hour, 0),
        day=date(2024, 3, 4),
        duration_s=minutes * 60,
        distance_m=2000.0,
        source_file="a.gpx",
    )


def fill(store: Store, person: int | None = None) -> int:
    pid = store.person_id(person)
    store.save_assessment(pid, {"age": 68, "answers": {"walk_minutes": 8}}, RESULT)
    store.save_selftest(pid, "slump_test", "positive", {"side": "left"}, datetime(2024, 3, 1, 9))
    store.add_diary_entry(
        pid,
        DiaryEntry(
            day=date(2024, 3, 2),
            pain_now=4,
            walk_minutes=20,
            walk_distance_m=1500,
            onset_minutes=8.5,
            symptom_reach="thigh",
            relieved_by="sitting",
            notes="hilly",
        ),
    )
    store.add_diary_entry(pid, DiaryEntry(day=date(2024, 3, 3), pain_now=2))
    store.save_scores(pid, "odi", {"percentage": 34.0, "band": "moderate"}, datetime(2024, 3, 1))
    store.save_plan(pid, {"items": ["walk", "stretch"], "weeks": 8})
    store.save_programme_state(pid, {"weeks_done": 2, "next_goal": {"minutes": 12}})
    store.add_walks(
        pid, [_walk(8), _walk(17)], [DailyActivity("apple_health", date(2024, 3, 4), 4321, 1.2)]
    )
    return pid


def test_everything_saved_comes_back(store: Store) -> None:
    pid = fill(store)
    [assessment] = store.list_assessments(pid)
    assert assessment["result"] == RESULT
    assert assessment["kb_version"] == "2024.1"
    assert assessment["answers"]["answers"]["walk_minutes"] == 8
    [test] = store.list_selftests(pid)
    assert (test["test_id"], test["outcome"], test["details"]) == (
        "slump_test",
        "positive",
        {"side": "left"},
    )
    diary = store.list_diary_entries(pid)
    assert [d["day"] for d in diary] == [date(2024, 3, 2), date(2024, 3, 3)]
    assert diary[0]["onset_minutes"] == 8.5 and diary[0]["symptom_reach"] == "thigh"
    assert store.list_diary_entries(pid, since=date(2024, 3, 3))[0]["pain_now"] == 2
    assert store.list_scores(pid, "odi")[0]["scores"]["percentage"] == 34.0
    assert store.latest_plan(pid)["plan"]["weeks"] == 8
    assert store.get_programme_state(pid) == {"weeks_done": 2, "next_goal": {"minutes": 12}}
    assert [w["started_at"].hour for w in store.list_walks(pid)] == [8, 17]
    assert store.list_daily_activity(pid)[0]["steps"] == 4321


def test_one_local_person_by_default(store: Store) -> None:
    assert store.person_id() == store.person_id(None)
    assert [p["uid"] for p in store.list_people()] == ["local"]
    other = store.add_person("Ana")
    assert store.person_id("Ana") == other != store.person_id()
    with pytest.raises(NotFoundError, match="No person 'Bob'"):
        store.person_id("Bob")


def test_programme_state_is_replaced_not_duplicated(store: Store) -> None:
    store.save_programme_state(None, {"weeks_done": 1})
    store.save_programme_state(None, {"weeks_done": 2})
    assert store.get_programme_state() == {"weeks_done": 2}


def test_walks_are_not_stored_twice_and_days_are_updated(store: Store) -> None:
    first = store.add_walks(
        None, [_walk(8), _walk(9)], [DailyActivity("fit", date(2024, 3, 4), 100)]
    )
    assert (first.walks_added, first.walks_already_stored, first.days_added) == (2, 0, 1)
    again = store.add_walks(
        None, [_walk(8), _walk(9), _walk(10)], [DailyActivity("fit", date(2024, 3, 4), 250)]
    )
    assert (again.walks_added, again.walks_already_stored) == (1, 2)
    assert (again.days_added, again.days_updated) == (0, 1)
    assert store.count(WalkRow) == 3
    assert store.list_daily_activity()[0]["steps"] == 250


def test_forget_deletes_one_person_completely(store: Store) -> None:
    me = fill(store)
    ana = fill(store, store.add_person("Ana"))
    counts = store.forget(me)
    assert counts["assessments"] == 1 and counts["walks"] == 2 and counts["diary_entries"] == 2
    assert [p["name"] for p in store.list_people()] == ["Ana"]
    with store.read() as s:
        for table in (Assessment, DiaryEntryRow, WalkRow):
            assert {r.person_id for r in s.query(table)} == {ana}
    assert store.get_programme_state(ana) is not None


def _dump(store: Store) -> str:
    return json.dumps(store.export_data(), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("target", BACKENDS)
def test_export_import_export_is_identical(store: Store, target: str, tmp_path_factory) -> None:
    fill(store)
    fill(store, store.add_person("Ana"))
    exported = _dump(store)
    gen = database_url(target, tmp_path_factory.mktemp("target"))
    try:
        with Store.open(next(gen)) as other:
            counts = other.import_data(json.loads(exported))
            assert counts["people"] == 2 and counts["walks"] == 4
            assert _dump(other) == exported
    finally:
        gen.close()


def test_import_refuses_existing_people_and_changes_nothing(store: Store) -> None:
    fill(store)
    data = store.export_data()
    before = _dump(store)
    with pytest.raises(InputError, match="already in this database"):
        store.import_data(data)
    assert _dump(store) == before


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not a Backstride export"),
        (lambda d: d.update(format_version=99), "version 99"),
        (lambda d: d["people"][0]["diary"][0].update(mood="ok"), r"diary\[0\]: unknown field"),
        (lambda d: d["people"][0]["walks"][0].update(day="soon"), "not a valid date"),
        (lambda d: d["people"][0]["assessments"][0].pop("result"), "missing field 'result'"),
    ],
)
def test_bad_export_files_are_rejected_whole(store: Store, mutate, message: str) -> None:
    fill(store)
    data = store.export_data()
    store.forget()
    mutate(data)
    with pytest.raises(InputError, match=message):
        store.import_data(data)
    assert store.list_people() == []
