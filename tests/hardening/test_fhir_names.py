"""A person's name with a text-direction or control character (stored by `backstride import`,
which keeps older text as it was) reaches the FHIR export made visible, as on the pages and in
the PDF (session 24). Before: the PDF showed "Bob [U+202E]evil" but the FHIR Patient carried
the raw right-to-left override and escape character on to the records system."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = "from backstride.cli import main; main()"
NAME = "Bob \u202eevil\x1b[31m"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_an_imported_name_is_made_visible_in_the_fhir_bundle(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"age": 68, "sex": "male", "answers": {}}))
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    assert run(first, "assess", "--answers", str(answers), "--save").returncode == 0
    exported = tmp_path / "export.json"
    assert run(first, "export", str(exported)).returncode == 0
    doc = json.loads(exported.read_text())
    doc["people"][0].update(name=NAME, uid="imported-person-1")
    exported.write_text(json.dumps(doc))
    r = run(second, "import", str(exported))
    assert r.returncode == 0, r.stderr

    out = tmp_path / "fhir.json"
    r = run(second, "export-fhir", "--person", "1", str(out))
    assert r.returncode == 0, r.stderr
    bundle = json.loads(out.read_text(encoding="utf-8"))
    [patient] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert patient["name"] == [{"text": "Bob [U+202E]evil[U+001B][31m"}]
    text = out.read_text(encoding="utf-8")
    assert "\u202e" not in text and "\\u001b" not in text.lower()
