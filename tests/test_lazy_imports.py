"""Assessing an answers file does not load the free-text parser, spaCy, the web or storage.

Those are imported where they are used, so the commonest one-shot command starts quickly (see
BENCHMARKS.md, "Cold start"); this checks what was imported, not how long it took.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
sys.argv = ["backstride", "assess", "--answers", sys.argv[1], "--json"]
from backstride.cli import app
try:
    app()
except SystemExit as e:
    assert not e.code, e.code
heavy = ["backstride.intake.parser", "spacy", "fastapi", "sqlalchemy", "matplotlib", "reportlab"]
print("LOADED", [m for m in heavy if m in sys.modules], file=sys.stderr)
"""


def test_an_answers_file_is_assessed_without_the_parser(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"age": 68, "sex": "male", "answers": {"walk_metres": "200 metres"}})
    )
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(answers)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout)["conditions"], out.stdout[:200]
    assert "LOADED []" in out.stderr, out.stderr[-500:]


def test_the_package_still_gives_the_parser_names() -> None:
    import backstride.intake as intake

    assert callable(intake.parse) and intake.MAX_CHARS > 0
