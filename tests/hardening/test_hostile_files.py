"""Issue 17 item 7: the hostile-file corpus (tests/data/hostile/make_hostile.py), fed to the
commands and pages a person uses. Each file: a clear message naming it, exit 2 or a 4xx, no
traceback, no crash, and what was stored before is still there."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.cli.common import read_json_file
from backstride.diary.importer import read_walk_file
from backstride.engine import parse_answers
from backstride.errors import ImportFileError, InputError
from backstride.knowledge.kb import KnowledgeBase
from backstride.storage import Store
from tests.data.hostile.make_hostile import large_files, small_files, write
from tests.diary.test_cli import WALKS, run

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
SMALL = small_files()
#: valid files in an encoding that was refused before Backstride decoded it (UTF-16 that
#: still declares UTF-8, as PowerShell writes it): read now, see test_hostile_imports.py
READ_NOW = frozenset({"gpx_utf16.gpx"})
WALK_FILES = sorted(
    n for n in SMALL if n.rsplit(".", 1)[1] in ("gpx", "xml", "fit") and n not in READ_NOW
)
ANSWER_FILES = sorted(n for n in SMALL if n.endswith(".json"))


def test_the_committed_corpus_is_what_the_script_writes() -> None:
    for name, data in SMALL.items():
        assert (HOSTILE / name).read_bytes() == data, f"run {HOSTILE / 'make_hostile.py'}"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-large")
    return {p.name: p for p in write(folder, large_files())}


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database that already holds a walk and a day of steps (nothing may be lost)."""
    url = str(tmp_path / "hostile.db")
    r = run(
        "walks",
        "import",
        str(WALKS / "garmin-run-2013.fit"),  # the Fenix walk is under a minute: skipped now
        str(WALKS / "MonitoringFile.fit"),
        db=url,
    )
    assert r.returncode == 0, r.stderr
    return url


def _stored(url: str) -> tuple[list, list]:
    with Store.open(url) as store:
        walks = [(w["started_at"], w["duration_s"]) for w in store.list_walks()]
        days = [(d["day"], d["steps"]) for d in store.list_daily_activity()]
    return walks, days


def _refused(r, name: str) -> None:
    out = r.stdout + r.stderr
    assert r.returncode == 2, f"{name}: exit {r.returncode}\n{out[-2000:]}"
    assert "Traceback" not in out, out[-2000:]
    assert name in r.stderr and "Not imported" in r.stderr


@pytest.mark.parametrize("name", WALK_FILES)
def test_hostile_walk_files_are_refused_clearly(name: str) -> None:
    with pytest.raises(ImportFileError) as info:
        read_walk_file(HOSTILE / name)
    assert name in info.value.message and "Traceback" not in info.value.message


@pytest.mark.parametrize("name", sorted(READ_NOW))
def test_a_file_once_refused_for_its_encoding_is_read(name: str) -> None:
    kind, walks, _days = read_walk_file(HOSTILE / name)
    assert kind == "gpx" and [w.duration_s for w in walks] == [1800]


CLI_SAMPLE = ["ah_nan_steps.xml", "gpx_year_1.gpx", "fit_start_in_2125.fit", "gpx_xxe.gpx"]


def test_hostile_walk_files_through_the_command(db: str) -> None:
    """The command a person runs: all refused in one go, exit 2, nothing stored changed."""
    before = _stored(db)
    r = run("walks", "import", *(str(HOSTILE / n) for n in CLI_SAMPLE), db=db)
    for name in CLI_SAMPLE:
        _refused(r, name)
    assert f"{len(CLI_SAMPLE)} of {len(CLI_SAMPLE)} files could not be imported" in r.stderr
    assert _stored(db) == before


@pytest.mark.parametrize(
    "name", ["gpx_nested_200000_deep.gpx", "ah_nested_200000_deep.xml", "gpx_30_mb_name.gpx"]
)
def test_large_hostile_walk_files_are_refused_clearly(
    db: str, large: dict[str, Path], name: str
) -> None:
    before = _stored(db)
    r = run("walks", "import", str(large[name]), db=db)
    if name == "gpx_30_mb_name.gpx":  # well-formed, just big and empty: no walk in it
        assert r.returncode == 2 and "no walk found" in r.stderr and "Traceback" not in r.stderr
    else:
        _refused(r, name)
        assert "nested more than" in r.stderr
    assert _stored(db) == before


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_hostile_answers_files_are_refused_clearly(kb: KnowledgeBase, name: str) -> None:
    with pytest.raises(InputError) as info:
        parse_answers(kb, read_json_file(HOSTILE / name))
    assert info.value.message


def test_hostile_answers_file_through_the_command(tmp_path: Path) -> None:
    name = "answers_huge_number.json"
    r = run("assess", "--answers", str(HOSTILE / name), "--no-save", db=str(tmp_path / "a.db"))
    out = r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in out and name in out, out[-2000:]


@pytest.mark.parametrize("name", ["answers_nested_100000_deep.json", "answers_5_mb.json"])
def test_large_answers_files_are_refused_clearly(large: dict[str, Path], name: str) -> None:
    with pytest.raises(InputError) as info:
        read_json_file(large[name])
    assert "limit" in info.value.message


def _link(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


LINKS = {
    "deep": b"[" * 5000 + b"]" * 5000,
    "deep pair": b'[["age", ' + b"[" * 3000 + b"]" * 3000 + b"]]",
    "huge int": b'[["age", ' + b"9" * 400 + b"]]",
    "huge float": b'[["age", 1e400]]',
    "nan": b'[["age", NaN]]',
    "not utf-8": b'[["age", "\xff\xfe"]]',
    "nul": b'[["sex", "fe\\u0000male"]]',
}
PAGES = ["/interview", "/result", "/answers.json", "/plan", "/report.pdf"]  # the pages that read it


@pytest.mark.parametrize("what", LINKS)
@pytest.mark.parametrize("page", PAGES)
def test_damaged_links_give_a_clear_422(client: TestClient, page: str, what: str) -> None:
    r = client.get(page, params={"s": _link(LINKS[what])}, headers={"accept": "text/html"})
    assert r.status_code == 422, (page, what, r.status_code, r.text[:300])
    assert "damaged" in r.text


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deeply_nested_wording_files_are_refused_clearly(tmp_path: Path, suffix: str) -> None:
    from backstride.instruments._common import load_wording

    path = tmp_path / f"wording{suffix}"
    path.write_text("[" * 50_000 + "]" * 50_000)
    with pytest.raises(InputError) as info:
        load_wording(path)
    assert str(path) in info.value.message


BODIES = {
    "deep": b'{"answers": {"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
    "5000 digits": b'{"age": ' + b"9" * 5000 + b"}",
    "400 digits": b'{"age": ' + b"9" * 400 + b"}",
    "NaN": b'{"age": NaN}',
    "Infinity": b'{"age": Infinity, "answers": {"walk_minutes": -Infinity}}',
    "NUL": b'{"sex": "fe\\u0000male", "answers": {"fev\\u0000er": "yes"}}',
    "Latin-1": '{"sex": "fémale"}'.encode("latin-1"),
}


@pytest.mark.parametrize("what", BODIES)
@pytest.mark.parametrize("path", ["/api/v1/assessment", "/api/v1/plan", "/api/v1/diary"])
def test_hostile_api_bodies_are_a_422(client: TestClient, path: str, what: str) -> None:
    r = client.post(path, content=BODIES[what], headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    assert r.headers["content-type"] == "application/problem+json"
