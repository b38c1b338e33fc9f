"""FIT files damaged in ways the FIT checks miss: bytes changed (with the CRC fixed again, as a
careless tool would), runs of a file repeated, the end cut off. Every one is either read (and its
values checked like any walk file) or refused with a message naming it; none gives a traceback.
fitdecode itself raised ValueError, AssertionError and TypeError on such files, and an array
where one value belongs broke the step counting."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from fitdecode.utils import compute_crc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.diary.importer import read_walks
from backstride.errors import ImportFileError
from tests.diary.test_cli import WALKS, run

SOURCES = {
    n: (WALKS / n).read_bytes()
    for n in (
        "garmin-fenix-5-walk.fit",
        "garmin-fenix-5-run.fit",
        "garmin-run-2013.fit",
        "MonitoringFile.fit",
    )
}
HEADER = 14  # a FIT file's header; the damage is done to the records after it


def _recrc(data: bytes) -> bytes:
    body = data[:-2]
    return body + struct.pack("<H", compute_crc(body))


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    end = len(data) - 2
    how = draw(st.sampled_from(["bytes", "repeat", "cut"]))
    if how == "bytes":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(HEADER, end - 1))] = draw(st.integers(0, 255))
    elif how == "repeat":
        a = draw(st.integers(HEADER, end - 1))
        b = draw(st.integers(a, end))
        data = data[:b] + data[a:b] + data[b:]
    else:
        data = data[: draw(st.integers(HEADER, end))]
        return name, bytes(data)
    return name, _recrc(bytes(data))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(damaged())
def test_a_damaged_fit_file_is_read_or_refused_by_name(tmp_path: Path, case) -> None:
    name, data = case
    path = tmp_path / f"damaged-{name}"
    path.write_bytes(data)
    try:
        read_walks(path)
    except ImportFileError as exc:
        assert str(path) in str(exc)


def _array_step_count() -> bytes:
    """The monitoring file with the steps field of its definitions made two values wide (an
    array where one count belongs), CRC fixed: a file fitdecode reads without complaint."""
    data = bytearray(SOURCES["MonitoringFile.fit"])
    # definition field entries are (number, size, base type); steps/cycles is field 3, uint32
    wider = data.replace(bytes([3, 4, 0x86]), bytes([3, 8, 0x86]))
    assert wider != data
    return _recrc(bytes(wider))


def test_an_array_where_one_value_belongs_is_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "wide.fit"
    path.write_bytes(_array_step_count())
    try:
        read_walks(path)
    except ImportFileError as exc:
        assert str(path) in str(exc)


def test_a_damaged_fit_file_through_the_command(tmp_path: Path) -> None:
    """The command a person runs: exit 2, the file named, no traceback, no warnings from the
    FIT library, nothing stored."""
    db = str(tmp_path / "d.db")
    good = run("walks", "import", str(WALKS / "garmin-run-2013.fit"), db=db)
    assert good.returncode == 0, good.stderr
    data = SOURCES["garmin-run-2013.fit"]
    bad = tmp_path / "damaged-run.fit"
    bad.write_bytes(_recrc(data[:2000] + data[1500:]))  # a run of records repeated
    r = run("walks", "import", str(bad), db=db)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "damaged-run.fit" in r.stderr and "damaged" in r.stderr
    assert "Traceback" not in r.stderr and "warn" not in r.stderr.lower()
    with sqlite3.connect(db) as con:
        stored = [f for (f,) in con.execute("select source_file from walks")]
    assert stored == ["garmin-run-2013.fit"]
