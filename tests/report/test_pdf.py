"""The clinician's PDF: a real file, read back with an independent parser (pypdf)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from backstride.report.pdf import write_pdf
from backstride.report.summary import build_summary, collect_summary
from backstride.storage import Store

from ..conftest import SMALL_KB

BIN = str(Path(sys.executable).parent / "backstride")


def text_of(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_KB_DIR": str(SMALL_KB)}
    env.pop("BACKSTRIDE_DB", None)
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def summary(filled_db, small_kb):
    db, _ = filled_db
    with Store.open(str(db)) as store:
        return collect_summary(store, kb=small_kb, now=datetime(2025, 4, 20, 9, 0))


def test_full_summary_fits_two_pages_and_reads_in_order(summary, tmp_path):
    path = tmp_path / "summary.pdf"
    pages = write_pdf(summary, path)
    n, text = text_of(path)
    assert pages == n and 1 <= n <= 2
    top = summary["differential"][0]
    urgency = summary["urgency"]["label"]
    assert f"URGENCY: {urgency}" in text
    # the patient's advice is labelled as such for the clinician
    assert f"Told to the patient: {summary['urgency']['advice'][:30]}" in " ".join(text.split())
    assert top["clinical_name"] in text
    assert f"{top['probability']:.0%}" in text
    # what a clinician needs first comes first
    order = [
        f"URGENCY: {urgency}",
        "Differential",
        "Questionnaires",
        "Walking tolerance",
        "Plan given to the patient",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert "46.7 → 26.7" in text and "reaches MCID" in text  # ODI change vs Ostelo 2008 MCID
    assert "High risk → Medium risk" in text  # STarT Back history
    assert "Tester 2020" in text  # a reason's source
    assert "Exercise: Bridge" in text  # the stored plan
    assert summary["disclaimer"][:40] in text
    assert f"Page {n} of {n}" in text


def test_walking_chart_is_embedded(summary, tmp_path):
    path = tmp_path / "summary.pdf"
    write_pdf(summary, path)
    images = [img for page in PdfReader(str(path)).pages for img in page.images]
    assert len(images) == 1
    without_walks = {**summary, "walking": {**summary["walking"], "tolerance": []}}
    write_pdf(without_walks, tmp_path / "no-chart.pdf")
    assert not [i for p in PdfReader(str(tmp_path / "no-chart.pdf")).pages for i in p.images]


def test_red_flags_are_listed_at_the_top(small_kb, tmp_path):
    from backstride.engine import assess

    result = assess(small_kb, {"age": 70, "answers": {"rf": "yes"}}).to_dict()
    s = build_summary(result=result, answers={}, kb=small_kb)
    write_pdf(s, tmp_path / "flag.pdf")
    n, text = text_of(tmp_path / "flag.pdf")
    assert n == 1
    assert "URGENCY: Emergency" in text
    assert text.index("The red flag") < text.index("Differential")
    assert "Test rule." in text  # the note for the clinician
    assert "Tester 2020" in text.split("Differential")[0]  # its source, as the reasons name one


def test_cli_report_with_answers_file(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps({"age": 72, "sex": "male", "answers": {"rf": "yes", "f1": "yes"}})
    )
    out = tmp_path / "report.pdf"
    r = run("report", "--pdf", str(out), "--answers", str(answers), "--db", str(tmp_path / "b.db"))
    assert r.returncode == 0, r.stderr
    n, text = text_of(out)
    assert n in (1, 2)
    assert "Emergency" in text and "Condition C" in text and "Age: 72" in text
    assert "No plan stored yet" not in text  # a fresh assessment gets a fresh plan


def test_cli_report_from_the_store(filled_db, tmp_path):
    db, stored = filled_db
    out = tmp_path / "report.pdf"
    r = run("report", "--pdf", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    _, text = text_of(out)
    assert stored["result"]["conditions"][0]["name"] in text
    assert "ODI" in text and "STarT Back" in text and "ZCQ" in text and "SSHQ" in text


@pytest.mark.parametrize(
    ("extra", "content", "needle"),
    [
        ([], None, "Nothing to report yet"),
        (["--answers"], {"answers": {"where": "knee"}}, "Valid answers: back, thigh, calf"),
        (["--answers"], {"answers": {"f11": "yes"}}, "Did you mean 'f1'"),
        (["--answers"], "{not json", "not valid JSON"),
    ],
)
def test_cli_report_bad_input_exits_2(tmp_path, extra, content, needle):
    args = ["report", "--pdf", str(tmp_path / "r.pdf"), "--db", str(tmp_path / "b.db")]
    if extra:
        f = tmp_path / "a.json"
        f.write_text(content if isinstance(content, str) else json.dumps(content))
        args += [*extra, str(f)]
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_cli_report_needs_a_pdf_name(tmp_path):
    r = run("report", "--pdf", str(tmp_path / "r.txt"), "--db", str(tmp_path / "b.db"))
    assert r.returncode == 2
    assert "'r.txt'" in r.stderr and ".pdf" in r.stderr


def test_pdf_bytes_for_a_web_download(summary):
    from backstride.report.pdf import pdf_bytes

    data = pdf_bytes(summary)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_pertinent_negatives_are_listed(summary, tmp_path):
    path = tmp_path / "summary.pdf"
    write_pdf(summary, path)
    _, text = text_of(path)
    assert "Pertinent negatives (red flags asked, not present): RF: no" in text
    fired = build_summary(
        assessments=[
            {
                "created_at": "2025-04-01T10:00:00",
                "result": summary["assessment"]["result"],
                "answers": {"answers": {"rf": "yes"}},
            }
        ]
    )
    assert fired["pertinent_negatives"] == []  # no knowledge base, no claims


def test_one_number_per_cause_across_urgency_box_and_table(small_kb, tmp_path):
    """A cause's chance in the urgency reasons is the table's; a concern raised by warning
    signs only is worded as a reason for concern, with no second number."""
    from backstride.engine import assess

    for answers in ({"rf": "yes", "f1": "yes"}, {"f1": "yes", "f2": "yes"}, {"rf": "yes"}):
        result = assess(small_kb, {"age": 60, "answers": answers}).to_dict()
        s = build_summary(result=result, answers={"answers": answers}, kb=small_kb)
        path = tmp_path / "one.pdf"
        write_pdf(s, path)
        _, text = text_of(path)
        table = {c["name"]: f"{c['probability']:.0%}" for c in result["conditions"]}
        for c in result["conditions"]:
            shown = set(re.findall(re.escape(c["name"]) + r" is possible \((\d+%)\)", text))
            assert shown <= {table[c["name"]]}, (answers, c["name"], shown)
        for reason in result["urgency"]["reasons"]:
            m = re.match(r"(.+) is possible \((\d+%)\)", reason)
            if m:
                assert table[m.group(1)] == m.group(2)
        if answers == {"rf": "yes", "f1": "yes"}:  # B raised by the warning sign only
            assert "Reason for concern: your warning-sign answers point to Condition B" in text


def test_a_single_diary_walk_is_shown_not_dropped(tmp_path):
    """One diary walk gives no trend and no chart; the PDF still says what it was, and device
    walks alone do not stand in for the person's own diary (journey check, issue 15)."""
    s = build_summary(
        diary=[{"day": "2026-12-02", "pain_now": 3, "walk_minutes": 9, "onset_minutes": 3}],
        walks=[
            {
                "started_at": "2010-06-01T10:00:00",
                "day": "2010-06-01",
                "duration_s": 900,
                "distance_m": 1000,
                "source": "gpx",
            }
        ],
    )
    path = tmp_path / "one-walk.pdf"
    write_pdf(s, path)
    _, text = text_of(path)
    assert "Minutes before symptoms: 3 (one diary entry)" in text
    assert "Pain (0-10): 3.0 (one diary entry)" in text


def test_the_physio_sees_the_programme_week_by_week_and_this_week(filled_db, small_kb, tmp_path):
    from datetime import date, timedelta

    from backstride.diary.adapt import catch_up, new_state
    from backstride.plan.walking import start_programme

    db, _ = filled_db
    first = date(2025, 3, 3)
    state = new_state(start_programme("neurogenic", tolerance_metres=200), first, "test")
    diary = []
    for week, (pain, note) in enumerate([(2, ""), (2, ""), (8, "flared up")]):
        for d in (0, 2, 4, 5, 6):
            diary.append(
                {
                    "day": first + timedelta(days=7 * week + d),
                    "walk_minutes": 30,
                    "pain_now": pain,
                    "notes": note,
                    "onset_minutes": None,
                }
            )
    state, _ = catch_up(state, diary, [], first + timedelta(days=21))
    with Store.open(str(db)) as store:
        store.save_programme_state(None, state)
        s = collect_summary(store, kb=small_kb, now=datetime(2025, 4, 20, 9, 0))
    path = tmp_path / "summary.pdf"
    write_pdf(s, path)
    _, text = text_of(path)
    assert "Walking programme (neurogenic), started 2025-03-03" in text
    assert "progressed" in text and "stepped back" in text and "8/10 flare" in text
    week4 = state["current"]["summary"]
    assert week4.startswith("Week 4:")
    assert f"Now: {week4}" in text
    assert "Walking programme: Week 1:" not in text  # the plan line is this week, not week 1
