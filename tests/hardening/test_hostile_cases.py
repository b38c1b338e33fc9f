"""`backstride evaluate` on case files that are not cases: each is refused with a message that
names the file and the bad field (and the valid choices where there are some), exit 2, no
traceback; a good case beside it is not scored until every file reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import run

VIGNETTES = Path(__file__).parents[2] / "benchmarks" / "vignettes" / "heldout"
GOOD = sorted(VIGNETTES.glob("*.json"))[:2]
CASE = {"id": "x1", "age": 40, "sex": "male", "answers": {}, "diagnosis": "facet_joint"}

HOSTILE: dict[str, tuple[bytes, list[str]]] = {
    "not_json": (b"{nojson", ["not valid JSON", "line 1"]),
    "a_list": (b"[1, 2]", ["JSON list, not an object"]),
    "not_utf8": (b"\xff\xfe\x00{", ["not UTF-8"]),
    "nan": (b'{"id": "x1", "age": NaN}', ["NaN"]),
    "deep": (b"[" * 500 + b"]" * 500, ["nested", "levels deep"]),
    "no_id": (json.dumps({**CASE, "id": None, "urgency": "doctor"}).encode(), ["'id'"]),
    "bad_urgency": (
        json.dumps({**CASE, "urgency": "soon"}).encode(),
        ["'soon'", "self_care, doctor, urgent, emergency"],
    ),
    "answers_list": (
        json.dumps({**CASE, "urgency": "doctor", "answers": []}).encode(),
        ["'answers'"],
    ),
    "source_text": (
        json.dumps({**CASE, "urgency": "doctor", "source": "a paper"}).encode(),
        ["'source'"],
    ),
    "unknown_diagnosis": (
        json.dumps({**CASE, "urgency": "doctor", "diagnosis": "gout"}).encode(),
        ["'gout'", "aortic_aneurysm"],
    ),
    "unknown_finding": (
        json.dumps({**CASE, "urgency": "doctor", "answers": {"walking_pian": "yes"}}).encode(),
        ["'walking_pian'"],
    ),
    "out_of_range": (
        json.dumps({**CASE, "urgency": "doctor", "answers": {"walk_minutes": -4}}).encode(),
        ["-4", "walk_minutes", "0 to 240"],
    ),
    "bad_age": (json.dumps({**CASE, "urgency": "doctor", "age": "old"}).encode(), ["'old'", "age"]),
}


def copy_good(tmp_path: Path) -> None:
    (tmp_path / "heldout").mkdir()
    for p in GOOD:
        shutil.copy(p, tmp_path / "heldout" / p.name)


def test_the_good_cases_alone_are_scored(tmp_path: Path) -> None:
    copy_good(tmp_path)
    r = run("evaluate", str(tmp_path), kb_dir=None)
    assert r.returncode == 0, r.stderr
    assert "top-3" in r.stdout


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_case_file_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    copy_good(tmp_path)
    content, words = HOSTILE[name]
    bad = tmp_path / "heldout" / f"{name}.json"
    bad.write_bytes(content)
    r = run("evaluate", str(tmp_path), kb_dir=None)
    assert r.returncode == 2, (r.stdout, r.stderr)
    message = " ".join(r.stderr.split())
    assert "Traceback" not in r.stderr
    assert str(bad) in message
    for w in words:
        assert w in message, (w, message)
    assert "top-3" not in r.stdout  # nothing was scored


def test_two_case_files_with_one_id_are_refused(tmp_path: Path) -> None:
    copy_good(tmp_path)
    first = sorted((tmp_path / "heldout").glob("*.json"))[0]
    twin = tmp_path / "heldout" / "zz_twin.json"
    twin.write_bytes(first.read_bytes())
    r = run("evaluate", str(tmp_path), kb_dir=None)
    assert r.returncode == 2, r.stderr
    message = " ".join(r.stderr.split())
    assert str(first) in message and str(twin) in message and "own id" in message
