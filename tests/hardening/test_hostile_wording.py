"""Hostile clinic wording files (session 19): real files through `load_wording`, the command
`backstride questionnaire --wording` and the web app's start-up and pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.errors import InputError
from backstride.instruments import load_wording
from backstride.web import Settings, create_app

CLI = "from backstride.cli import main; main()"
HEAD = "instrument: odi\nitems:\n"

BAD = {
    # (the file's text, what the message must say besides the file's name)
    "empty text": (HEAD + "  walking: ''\n", "text of item walking is empty"),
    "blank text": (HEAD + "  walking: '   '\n", "text of item walking is empty"),
    "empty choice": (
        HEAD + "  walking:\n    choices:\n      '0': ''\n",
        "choice 0 of item walking",
    ),
    "key twice": (HEAD + "  walking: a\n  walking: b\n", "'walking' is given twice"),
    "unknown item": (HEAD + "  not_an_item: x\n", "'not_an_item'. Valid ODI items: lifting"),
    "unknown choice": (
        HEAD + "  walking:\n    choices:\n      '9': x\n",
        "no choice '9': its choices are 0, 1, 2, 3, 4, 5",
    ),
    "no instrument": ("items:\n  walking: x\n", "'instrument', one of start_back, odi"),
    "instrument a number": ("instrument: 5\nitems: {}\n", "'instrument', one of"),
    "wrong type": (HEAD + "  walking: 5\n", "(it is int '5')"),
    "nested deep": (HEAD + "  walking: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "NUL": (HEAD + '  walking: "a\\0b"\n', "U+0000"),
    "override": (HEAD + '  walking: "walk \u202eabc"\n', "U+202E"),
    "zero-width space": (HEAD + '  walking: "wa\u200blk"\n', "U+200B"),
    "python tag": (
        HEAD.replace("items:\n", "items: !!python/object/apply:os.system [id]\n"),
        "tag",
    ),
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wording.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "says"), BAD.values(), ids=BAD.keys())
def test_a_bad_wording_file_is_refused_naming_file_and_problem(
    tmp_path: Path, text: str, says: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_wording(path)
    assert str(path) in info.value.message
    assert says in info.value.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "wording.yaml"
    path.write_bytes((HEAD + "  walking: caf\xe9\n").encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 37"):
        load_wording(path)


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    for name in ("folder.yaml", "loop.yaml", "missing.yaml"):
        with pytest.raises(InputError, match="Cannot use the wording file"):
            load_wording(tmp_path / name)


def test_the_command_refuses_before_asking_and_saves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    path = _write(tmp_path, BAD["key twice"][0])
    r = subprocess.run(
        [sys.executable, "-c", CLI, "questionnaire", "odi", "--wording", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": f"sqlite:///{db}"},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "is given twice" in r.stderr
    assert not db.exists()  # nothing asked, nothing stored


def test_markup_in_wording_is_shown_as_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEAD
        + '  pain_intensity:\n    text: "<script>alert(1)</script> {{ 7*7 }} {% raw %}"\n'
        + "    choices:\n      '0': '<img src=x onerror=alert(1)>'\n",
    )
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'w.db'}", wording_files=(path,)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/questionnaires/odi").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% raw %}" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_web_app_does_not_start_with_a_bad_file(tmp_path: Path) -> None:
    path = _write(tmp_path, BAD["blank text"][0])
    with pytest.raises(InputError, match="is empty"):
        create_app(Settings(db_url=f"sqlite:///{tmp_path / 'w.db'}", wording_files=(path,)))
