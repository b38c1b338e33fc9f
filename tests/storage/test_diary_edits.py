"""Editing and deleting diary entries in the repository: owner only, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from backstride.diary.records import DiaryEntry
from backstride.errors import NotFoundError
from backstride.storage import Store
from tests.storage.dbs import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for url in database_url(request.param, tmp_path):
        with Store.open(url) as s:
            yield s


def test_edit_replaces_the_entry_and_marks_it_edited(store: Store) -> None:
    first = DiaryEntry(day=date(2024, 3, 1), pain_now=4, walk_minutes=3, notes="typo")
    entry_id = store.add_diary_entry(None, first)
    assert store.get_diary_entry(None, entry_id)["updated_at"] is None
    fixed = replace(first, walk_minutes=30, onset_minutes=20, notes="")
    row = store.update_diary_entry(None, entry_id, fixed)
    assert (row["walk_minutes"], row["onset_minutes"], row["notes"]) == (30, 20, "")
    assert row["updated_at"] is not None
    [stored] = store.list_diary_entries()
    assert stored["id"] == entry_id and stored["walk_minutes"] == 30


def test_delete_removes_only_that_entry(store: Store) -> None:
    keep = store.add_diary_entry(None, DiaryEntry(day=date(2024, 3, 1), pain_now=2))
    gone = store.add_diary_entry(None, DiaryEntry(day=date(2024, 3, 2), pain_now=9))
    assert store.delete_diary_entry(None, gone)["pain_now"] == 9
    assert [r["id"] for r in store.list_diary_entries()] == [keep]
    with pytest.raises(NotFoundError, match=f"no diary entry {gone}"):
        store.delete_diary_entry(None, gone)


def test_nobody_edits_or_deletes_anyone_elses_entry(store: Store) -> None:
    ann, bob = store.add_person("Ann"), store.add_person("Bob")
    anns = store.add_diary_entry(ann, DiaryEntry(day=date(2024, 3, 1), notes="Ann's"))
    for attempt in (
        lambda: store.get_diary_entry(bob, anns),
        lambda: store.update_diary_entry(bob, anns, DiaryEntry(day=date(2024, 3, 1), pain_now=1)),
        lambda: store.delete_diary_entry(bob, anns),
        lambda: store.delete_diary_entry(bob, 999_999),
    ):
        with pytest.raises(NotFoundError) as err:
            attempt()
        assert "Ann" not in err.value.message  # the same answer as for an id that never was
    assert [r["notes"] for r in store.list_diary_entries(ann)] == ["Ann's"]
