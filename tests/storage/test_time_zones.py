"""Each person's time zone (revision 0007), with real GPX files whose times are UTC ('Z'), real
databases (SQLite and PostgreSQL) and the real command: the day a walk counts for and the times
a person is shown follow their zone, not the machine's."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from backstride.diary.importer import import_walk_file, overlap_text
from backstride.errors import ImportFileError, InputError
from backstride.storage import Store, engine
from backstride.storage.exchange import export_people, import_people
from backstride.timezones import check_zone, today_in
from tests.storage.dbs import database_at
from tests.storage.test_walk_rules import CLI, steady_walk, write_gpx

#: 23:30 UTC on 1 March: already 2 March in Tokyo (UTC+9), still 1 March in New York
LATE = datetime(2024, 3, 1, 23, 30, tzinfo=UTC)


def test_zone_names_are_checked_and_a_bad_one_is_named_with_valid_examples() -> None:
    assert check_zone("Europe/Paris") == "Europe/Paris"
    assert check_zone(" utc ") == "UTC"
    with pytest.raises(InputError) as err:
        check_zone("Europe/Pariss")
    message = err.value.message
    assert "'Europe/Pariss' is not a time zone" in message
    assert "Did you mean Europe/Paris?" in message
    assert "Europe/London" in message and "America/New_York" in message
    with pytest.raises(InputError, match="'Mars/Olympus' is not a time zone"):
        check_zone("Mars/Olympus")
    with pytest.raises(InputError, match="'' is not a time zone"):
        check_zone("")


def test_today_is_the_persons_date_not_the_servers() -> None:
    assert str(today_in("Asia/Tokyo", LATE)) == "2024-03-02"
    assert str(today_in("America/New_York", LATE)) == "2024-03-01"


def test_a_late_walk_counts_for_the_day_where_the_person_is(store: Store, tmp_path: Path) -> None:
    gpx = write_gpx(tmp_path / "late.gpx", [steady_walk(LATE, 20)])
    store.set_time_zone(None, "Asia/Tokyo")
    result = import_walk_file(store, gpx)
    assert result.zone_name == "Asia/Tokyo"
    (walk,) = store.list_walks()
    assert str(walk["day"]) == "2024-03-02"  # Tokyo's date
    assert walk["started_at"] == LATE.replace(tzinfo=None)  # stored in UTC


def test_saving_a_zone_re_dates_the_walks_already_imported(store: Store, tmp_path: Path) -> None:
    """A walk imported in New York, then the person saves Tokyo: the walk now counts for
    Tokyo's date, as an import made now would give it; its UTC time is kept. Clearing the zone
    leaves the day as it is."""
    store.set_time_zone(None, "America/New_York")
    import_walk_file(store, write_gpx(tmp_path / "late.gpx", [steady_walk(LATE, 20)]))
    assert [str(w["day"]) for w in store.list_walks()] == ["2024-03-01"]
    store.set_time_zone(None, "Asia/Tokyo")
    (walk,) = store.list_walks()
    assert str(walk["day"]) == "2024-03-02"
    assert walk["started_at"] == LATE.replace(tzinfo=None)
    store.set_time_zone(None, None)
    assert [str(w["day"]) for w in store.list_walks()] == ["2024-03-02"]


def test_the_duplicate_message_names_times_in_the_persons_zone(
    store: Store, tmp_path: Path
) -> None:
    watch = write_gpx(tmp_path / "watch.gpx", [steady_walk(LATE, 30)])
    phone = write_gpx(tmp_path / "phone.gpx", [steady_walk(LATE + timedelta(minutes=2), 30)])
    store.set_time_zone(None, "America/New_York")  # UTC-5 in March 2024 (before DST)
    import_walk_file(store, watch)
    result = import_walk_file(store, phone)
    (overlap,) = result.counts.overlapping
    assert overlap_text(overlap, result.zone_name) == (
        "the walk of 2024-03-01 at 18:32 was not stored: it is the same time as the walk "
        "already stored for 2024-03-01 at 18:30 (from watch.gpx)"
    )


def test_the_command_sets_the_zone_and_names_times_in_it(tmp_path: Path) -> None:
    env = {**os.environ, "BACKSTRIDE_DB": str(tmp_path / "d.db"), "TZ": "UTC"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
        )

    shown = run("timezone")
    assert shown.returncode == 0 and "UTC (this machine's" in shown.stdout
    bad = run("timezone", "Asia/Tokio")
    assert bad.returncode == 2
    assert "'Asia/Tokio' is not a time zone. Did you mean Asia/Tokyo?" in bad.stderr
    assert run("timezone").stdout.startswith("Your time zone: UTC")  # nothing saved by it
    assert run("timezone", "Asia/Tokyo").stdout.strip() == "Time zone saved: Asia/Tokyo."
    watch = write_gpx(tmp_path / "watch.gpx", [steady_walk(LATE, 30)])
    phone = write_gpx(tmp_path / "phone.gpx", [steady_walk(LATE + timedelta(minutes=2), 30)])
    r = run("walks", "import", str(watch), str(phone))
    assert r.returncode == 0, r.stderr
    out = " ".join(r.stdout.split())
    assert (
        "The walk of 2024-03-02 at 08:32 was not stored: it is the same time as the walk "
        "already stored for 2024-03-02 at 08:30 (from watch.gpx)." in out
    )
    with Store.open(env["BACKSTRIDE_DB"]) as store:
        assert [str(w["day"]) for w in store.list_walks()] == ["2024-03-02"]


def test_a_refused_track_names_its_start_in_the_persons_zone(store: Store, tmp_path: Path) -> None:
    still = [(52.0, 4.0, LATE + timedelta(seconds=s)) for s in range(0, 1200, 10)]
    store.set_time_zone(None, "Asia/Tokyo")
    with pytest.raises(ImportFileError, match=r"starts 2024-03-02 08:30 \(Asia/Tokyo time\)"):
        import_walk_file(store, write_gpx(tmp_path / "desk.gpx", [still]))
    assert store.list_walks() == []


def test_a_bad_zone_changes_nothing_already_saved(store: Store) -> None:
    store.set_time_zone(None, "Europe/Paris")
    with pytest.raises(InputError):
        store.set_time_zone(None, "Paris")
    assert store.get_time_zone(None) == "Europe/Paris"
    store.set_time_zone(None, None)
    assert store.get_time_zone(None) is None


def test_the_zone_travels_in_an_export(store: Store, tmp_path: Path) -> None:
    pid = store.person_id(None)
    store.set_time_zone(None, "Australia/Sydney")
    with store.read() as s:
        data = export_people(s, [pid])
    assert data["people"][0]["time_zone"] == "Australia/Sydney"
    target = Store.open(f"sqlite:///{tmp_path / 'copy.db'}")
    with target.write() as s:
        import_people(s, data)
    assert target.get_time_zone(data["people"][0]["uid"]) == "Australia/Sydney"
    bad = {**data, "people": [{**data["people"][0], "time_zone": "Nowhere/Land", "uid": "x"}]}
    with (
        pytest.raises(InputError, match=r"people\[0\]\.time_zone: 'Nowhere/Land'"),
        target.write() as s,
    ):
        import_people(s, bad)
    target.close()


def test_upgrade_from_0006_keeps_people_and_walks(db_url: str) -> None:
    with database_at(db_url, "0006") as conn:
        conn.execute(
            text(
                "INSERT INTO walks (person_id, dedupe_key, source, source_file, started_at, day, "
                "duration_s, imported_at, activity) VALUES (1, 'k1', 'gpx', 'old.gpx', :s, :d, "
                "1200, :s, 'walk')"
            ),
            {"s": "2024-03-01 23:30:00", "d": "2024-03-01"},
        )
    with Store.open(db_url) as store:  # opening upgrades to head
        assert engine.current_revision(store.engine) == engine.HEAD_REVISION >= "0007"
        assert store.get_time_zone(None) is None  # not set: the machine's or browser's is used
        (walk,) = store.list_walks()
        assert (walk["source_file"], str(walk["day"])) == ("old.gpx", "2024-03-01")
        store.set_time_zone(None, "Asia/Tokyo")
        assert store.get_time_zone(None) == "Asia/Tokyo"


def test_the_commands_today_is_the_saved_zones(tmp_path: Path) -> None:
    """Kiritimati (UTC+14) and Pago Pago (UTC-11) are on different dates at every hour."""
    env = {**os.environ, "BACKSTRIDE_DB": str(tmp_path / "d.db"), "TZ": "UTC"}
    days = []
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        for args in (("timezone", zone), ("log", "--pain", "3")):
            r = subprocess.run(
                [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env
            )
            assert r.returncode == 0, r.stderr
        days.append(r.stdout.split(": ", 1)[1].split(",")[0])
    assert days == [str(today_in("Pacific/Kiritimati")), str(today_in("Pacific/Pago_Pago"))]


def test_the_pdf_names_times_in_the_persons_zone() -> None:
    from backstride.report.pdf import _date

    assert _date("2024-03-01T23:30:00", True, "Asia/Tokyo") == "02 Mar 2024 08:30 (Asia/Tokyo)"
