"""Storage: SQLAlchemy 2 tables and one repository class, ``Store``.

Where the data lives: ``--db URL`` on the commands, else ``$BACKSTRIDE_DB``, else a SQLite file
in the user's data directory (``platformdirs.user_data_dir("backstride")/backstride.db``).
A plain path is a SQLite file; PostgreSQL is ``postgresql+psycopg://USER:PASS@HOST/DB``.
Opening runs any pending Alembic migrations (``storage/migrations``) in one transaction.

API (``person`` is an id, a uid, a name, or None for the one local person, made on first use)::

    from backstride.storage import Store
    with Store.open(url=None) as store:
        pid = store.person_id()                                  # the local person
        store.save_assessment(pid, answers_json, result.to_dict())   # -> id
        store.list_assessments(pid)                              # [dict], oldest first
        store.save_selftest(pid, "slump_test", "positive", {"side": "left"})
        store.add_diary_entry(pid, DiaryEntry(day=date.today(), pain_now=4))
        store.list_diary_entries(pid, since=None)
        store.add_walks(pid, walks, days)     # one transaction; duplicates skipped -> ImportCounts
        store.list_walks(pid); store.list_daily_activity(pid)
        store.save_scores(pid, "odi", {"total": 32.0}); store.list_scores(pid, "odi")
        store.save_plan(pid, plan_dict); store.latest_plan(pid)
        store.save_programme_state(pid, state_dict); store.get_programme_state(pid)
        data = store.export_data()            # everyone, JSON-ready; no database ids
        store.import_data(data)               # into an empty database (or new people)
        store.forget(pid)                     # deletes that person and all their rows

Rows come back as plain dicts (column name -> value; datetimes naive UTC, ``day`` local dates).
For anything else, ``with store.read() as session`` / ``with store.write() as session`` give a
SQLAlchemy session inside one transaction.
"""

from backstride.storage.engine import StorageError, resolve_url
from backstride.storage.store import ImportCounts, Store

__all__ = ["ImportCounts", "StorageError", "Store", "resolve_url"]
