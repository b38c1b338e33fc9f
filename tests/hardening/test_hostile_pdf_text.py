"""Text a PDF library mishandles, in `backstride report --pdf`: emoji, right-to-left scripts,
combining marks, a 200-character word, markup. The report is written without a crash, every
word stays inside the page (pdftotext's word boxes), markup is shown as typed, and a character
the font has no glyph for is named ("[leg]", "[flag GB]") instead of an empty box (before,
emoji were printed as empty boxes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.report.pdf import printable
from backstride.storage import Store

pytest.importorskip("reportlab")
PDFTOTEXT = shutil.which("pdftotext")
CLI = "from backstride.cli import main; main()"

NAMES = {
    "long": "W" * 200,  # the longest name a person can have, one word
    "rtl": "محمد بن عبد الله שלום עליכם " * 3,
    "hebrew": "דוד כהן",
    "emoji": "Ann 😀🦵🏽👨‍👩‍👧🇬🇧 " * 4,
    "zalgo": "Z̴̡̛a̷̧͝l̶̨̛g̸̢̛o̵̧͝ " * 8,
    "markup": "<b>Bob</b> <font size=40>big</font> &amp; <br/> ]]>",
}


def test_characters_without_a_glyph_are_named() -> None:
    assert printable("walk 🦵🏽 done") == "walk [leg] done"
    assert printable("🇬🇧 👨‍👩‍👧") == "[flag GB] [man][woman][girl]"
    assert printable("Zoë, Åsa") == "Zoë, Åsa"  # the font has these
    assert printable("a\u202eb") == "a[U+202E]b"  # text-direction characters, as before


def test_right_to_left_text_is_put_in_the_order_the_page_draws_it() -> None:
    """A PDF draws glyphs left to right as given: Hebrew and Arabic go in visual order (the
    Unicode bidirectional algorithm), Arabic letters in their joined forms."""
    assert printable("שלום") == "םולש"
    assert printable("Zoë, שלום") == "Zoë, םולש"  # a left-to-right line keeps its order
    assert printable("דוד 2") == "2 דוד"  # a right-to-left name: the number after it, on its left
    arabic = printable("محمد")
    assert arabic != "محمد" and all(0xFE70 <= ord(ch) <= 0xFEFF for ch in arabic)  # joined forms
    assert printable("\u202eשלום") == "[U+202E]םולש"  # an override is shown, not obeyed


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")
def test_a_right_to_left_name_reads_the_right_way_round(reports: dict[str, Path]) -> None:
    """pdftotext reads the page back in logical order: the name comes back as typed (before,
    the glyphs were drawn in typed order, so it came back reversed)."""
    text = subprocess.run(
        [str(PDFTOTEXT), str(reports["hebrew"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "דוד כהן" in text, text[:300]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("pdf")
    db = tmp / "names.db"
    with Store.open(f"sqlite:///{db}") as store:
        for uid, name in NAMES.items():
            store.add_person(name[:200], uid=uid)
    answers = tmp / "a.json"
    answers.write_text(
        '{"age": 68, "sex": "male", "answers": {"symptom_reach": "thigh", "walk_minutes": 5}}'
    )
    out = {}
    env = {**os.environ, "BACKSTRIDE_DB": str(db)}
    for uid in NAMES:
        pdf = tmp / f"{uid}.pdf"
        args = ["report", "--pdf", str(pdf), "--person", uid, "--answers", str(answers)]
        r = subprocess.run(
            [sys.executable, "-c", CLI, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        out[uid] = pdf
    return out


def _words(pdf: Path) -> tuple[float, list[tuple[float, float, str]]]:
    boxes = subprocess.run(
        [str(PDFTOTEXT), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    words = [
        (float(a), float(b), w)
        for a, b, w in re.findall(r'<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
    ]
    return width, words


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("uid", list(NAMES))
def test_a_hostile_name_stays_on_the_page(reports: dict[str, Path], uid: str) -> None:
    width, words = _words(reports[uid])
    assert words
    off = [(w, a, b) for a, b, w in words if a < 0 or b > width]
    assert not off, off[:3]


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")
def test_emoji_are_named_and_markup_is_shown_as_typed(reports: dict[str, Path]) -> None:
    text = " ".join(w for _a, _b, w in _words(reports["emoji"])[1])
    assert "[leg]" in text and "[flag" in text
    markup = " ".join(w for _a, _b, w in _words(reports["markup"])[1])
    assert "&lt;b&gt;Bob&lt;/b&gt;" in markup and "size=40&gt;big" in markup
