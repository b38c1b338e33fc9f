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


APP_SCRIPT = """
import sys, threading
from backstride.web import Settings, create_app
app = create_app(Settings(db_url=sys.argv[1]))
heavy = ["backstride.intake.parser", "spacy", "matplotlib", "reportlab"]
print("LOADED", [m for m in heavy if m in sys.modules])
print("PDF", app.state.features["pdf"] is not None)
from backstride.web.intake import available, warm
warm(app.state.kb, background=True)
print("RETURNED", "intake_parser" in app.state.kb.derived)
for t in threading.enumerate():
    if t.name == "intake-warm":
        t.join()
print("BUILT", "intake_parser" in app.state.kb.derived, available(app.state.kb))
"""


def test_the_web_app_starts_without_the_parser_charts_or_pdf_libraries(tmp_path: Path) -> None:
    """`backstride serve` answers pages before spaCy, matplotlib or reportlab are loaded; the
    PDF pages are still there, and the parser is built by a thread started after creation."""
    out = subprocess.run(
        [sys.executable, "-c", APP_SCRIPT, str(tmp_path / "b.sqlite")],
        capture_output=True,
        text=True,
        check=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert "LOADED []" in out.stdout, out.stdout + out.stderr[-500:]
    assert "PDF True" in out.stdout, out.stdout
    # warm(background=True) returns before the build is finished, and the build finishes
    assert "RETURNED False" in out.stdout, out.stdout
    assert "BUILT True True" in out.stdout, out.stdout


def test_clinic_mode_makes_the_unknown_name_hash_at_start(tmp_path: Path) -> None:
    """The hash checked for an unknown username is made when a clinic app is created (so the
    first such sign-in is not quicker or slower than others), not when the module loads."""
    script = (
        "import sys\n"
        "from backstride.web import accounts\n"
        "print('BEFORE', accounts.dummy_hash.cache_info().currsize)\n"
        "from backstride.web import Settings, create_app\n"
        "create_app(Settings(db_url=sys.argv[1], multi_user=True))\n"
        "print('AFTER', accounts.dummy_hash.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "c.sqlite")],
        capture_output=True,
        text=True,
        check=True,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert "BEFORE 0" in out.stdout and "AFTER 1" in out.stdout, out.stdout + out.stderr[-500:]
