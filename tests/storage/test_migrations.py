"""Schema upgrades: automatic on open, matching the models, and keeping the data already there."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from backstride.storage import Store, engine
from backstride.storage.models import Base
from tests.storage.dbs import database_at

#: a result as revision 1 stored it: every result Backstride has written has its urgency
#: (engine/result.py since the first storage commit), which readers need and reads check
RESULT_V1 = '{"kb_version": "v1", "urgency": {"level": "doctor"}}'


def test_head_revision_constant_matches_the_migration_files() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(engine.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_heads() == [engine.HEAD_REVISION]


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_from_revision_1_keeps_the_data(db_url: str, tmp_path: Path) -> None:
    with database_at(db_url, "0001") as conn:
        conn.execute(
            text(
                "INSERT INTO diary_entries (person_id, created_at, day, pain_now, notes) "
                "VALUES (1, :t, :d, 6, 'before the upgrade')"
            ),
            {"t": "2024-01-02 03:04:05", "d": "2024-01-02"},
        )
        conn.execute(
            text(
                "INSERT INTO assessments (person_id, created_at, kb_version, answers, result) "
                "VALUES (1, :t, 'v1', :a, :r)"
            ),
            {"t": "2024-01-02 03:04:05", "a": '{"age": 70}', "r": RESULT_V1},
        )
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"

    with Store.open(db_url) as store:  # opening upgrades to head
        assert engine.current_revision(store.engine) == engine.HEAD_REVISION
        [entry] = store.list_diary_entries()
        assert (entry["pain_now"], entry["notes"]) == (6, "before the upgrade")
        assert store.list_assessments()[0]["answers"] == {"age": 70}
        assert store.list_walks() == []  # the new table exists and works
    if db_url.startswith("sqlite"):
        db_file = Path(db_url.removeprefix("sqlite:///"))
        assert Path(f"{db_file}.before-{engine.HEAD_REVISION}.bak").stat().st_size > 0


def test_opening_a_current_database_changes_nothing(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save_plan(None, {"a": 1})
    with Store.open(db_url) as store:
        assert store.latest_plan()["plan"] == {"a": 1}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nosuchdb://x", "Cannot use database URL"),
        ("postgresql+psycopg://u:secret@127.0.0.1:1/none", "Cannot open"),
    ],
)
def test_unusable_database_urls_give_a_clear_error(url: str, message: str) -> None:
    from backstride.errors import BackstrideError

    with pytest.raises(BackstrideError, match=message) as info:
        Store.open(url)
    assert "secret" not in info.value.message


def test_default_location_and_env_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BACKSTRIDE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert (
        engine.resolve_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'backstride' / 'backstride.db'}"
    )
    monkeypatch.setenv("BACKSTRIDE_DB", "postgresql://u@h/db")
    assert engine.resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert engine.resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
