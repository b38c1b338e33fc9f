"""Free text a person stores and others read (diary notes, invitation notes) may not hold
characters that hide or turn around the text near it: control characters, text-direction
controls and other invisible format characters. One rule (``limits.check_characters``) for
the CLI, the API and the form, refused with a message naming the character and its place;
text stored before the rule shows such characters as ``[U+202E]`` on the command line, the
pages and the PDF."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from backstride import limits
from backstride.errors import InputError
from backstride.storage import Store
from backstride.storage.models import DiaryEntryRow, Invitation, utcnow
from tests.diary.test_cli import entries, run
from tests.web.conftest import app, client, clinic_app  # noqa: F401  (fixtures)
from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)
from tests.web.test_reports import pdf_text

RLO = "\u202e"  # right-to-left override: "pain 2, 40 min" can be made to read otherwise
SPOOF = f"walked fine {RLO}01 :niap"  # shows as "walked fine pain: 10"

REFUSED = [
    ("\u202e", "U+202E"),  # overrides and embeddings
    ("\u202a", "U+202A"),
    ("\u2066", "U+2066"),  # isolates
    ("\u2069", "U+2069"),
    ("\u200f", "U+200F"),  # marks
    ("\u061c", "U+061C"),
    ("\x1b", "U+001B"),  # a terminal escape sequence starts here
    ("\x07", "U+0007"),
    ("\x7f", "U+007F"),
    ("\x9b", "U+009B"),
    ("\u2028", "U+2028"),
    ("\ufeff", "U+FEFF"),
    ("\u200b", "U+200B"),
    ("\u00ad", "U+00AD"),
    ("\U000e0041", "U+E0041"),  # a tag character: invisible "ASCII smuggling"
]


@pytest.mark.parametrize(("ch", "code"), REFUSED)
def test_the_rule_names_the_character_and_its_place(ch: str, code: str) -> None:
    with pytest.raises(InputError) as err:
        limits.check_text(f"abc{ch}def", "notes")
    assert err.value.field == "notes"
    assert code in err.value.message and "character 4" in err.value.message
    assert "letters of any language" in err.value.message  # and what is allowed
    assert limits.shown_text(f"abc{ch}def") == f"abc[{code}]def"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("from a text box\r\nsecond line\rthird", "from a text box\nsecond line\nthird"),
        ("caf\u0065\u0301", "caf\u00e9"),  # NFC
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None),  # Persian needs ZWNJ
        ("\u0936\u094d\u200d\u0930", None),  # Devanagari with ZWJ
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 family walk", None),  # emoji sequence
        ("שלום and مرحبا, 10\u00a0km", None),  # right-to-left letters themselves are fine
    ],
)
def test_writing_in_any_language_is_kept(text: str, kept: str | None) -> None:
    assert limits.check_text(text, "notes") == (text if kept is None else kept)
    assert "[U+" not in limits.shown_text(text)


def test_one_line_text_refuses_new_lines() -> None:
    with pytest.raises(InputError, match="U\\+000A LINE FEED"):
        limits.check_characters("Dr\nSmith", "note", multiline=False)
    assert limits.shown_text("a\rb", multiline=False) == "a[U+000D]b"


# --- the command line ---------------------------------------------------------------------


def test_log_refuses_and_keeps_what_was_saved(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    assert run("log", "--pain", "2", "--notes", "first", db=db).returncode == 0
    for bad in (SPOOF, "a\x1b[2Jcleared", "x\u2067y"):
        r = run("log", "--pain", "9", "--notes", bad, db=db)
        assert r.returncode == 2, r.stdout + r.stderr
        assert "cannot be stored" in r.stderr and "U+" in r.stderr
        assert "Traceback" not in r.stderr
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in run("log", "--notes", SPOOF, db=db).stderr
    r = run("diary", "edit", "1", "--notes", SPOOF, db=db)
    assert r.returncode == 2 and "U+202E" in r.stderr
    assert [(e["pain_now"], e["notes"]) for e in entries(db)] == [(2, "first")]


def test_clinic_invite_refuses_a_hidden_character(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    r = run("clinic", "invite", "--clinician", f"Dr {RLO}htimS", db=db)
    assert r.returncode == 2 and "U+202E" in r.stderr, r.stdout + r.stderr
    assert "register?invite=" not in r.stdout
    assert run("clinic", "invite", "--clinician", "Dr Smith", db=db).returncode == 0


def _store_old_note(url: str, notes: str, person: int | None = None) -> None:
    """A note stored before the rule (the CLI, API and form used to accept these)."""
    with Store.open(url) as store:
        pid = person if person is not None else store.person_id(None)
        with store.write() as s:
            s.add(DiaryEntryRow(person_id=pid, created_at=utcnow(), day=date.today(), notes=notes))


def test_old_notes_cannot_rewrite_the_terminal(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    assert run("log", "--pain", "2", db=db).returncode == 0
    _store_old_note(f"sqlite:///{db}", f"x\x1b[2J\rpain 0\n    9  {date.today()}, fake{RLO}y")
    r = run("diary", "list", db=db)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\r" not in r.stdout and RLO not in r.stdout
    assert "x[U+001B][2J / pain 0 /     9" in r.stdout and "fake[U+202E]y" in r.stdout
    assert len(r.stdout.strip().splitlines()) == 2  # the note's new line made no fake entry


# --- the API and the diary form -----------------------------------------------------------


def test_api_refuses_with_a_422_naming_the_character(client: TestClient) -> None:  # noqa: F811
    first = client.post("/api/v1/diary", json={"pain_now": 2, "notes": "fine"})
    assert first.status_code == 201
    r = client.post("/api/v1/diary", json={"pain_now": 9, "notes": SPOOF})
    assert r.status_code == 422 and r.json()["field"] == "notes"
    assert "U+202E" in r.json()["detail"] and "character 13" in r.json()["detail"]
    r = client.patch(f"/api/v1/diary/{first.json()['id']}", json={"notes": "a\x1bb"})
    assert r.status_code == 422 and "U+001B" in r.text
    assert [e["notes"] for e in client.get("/api/v1/diary").json()] == ["fine"]


def test_form_refuses_and_keeps_what_was_typed(client: TestClient) -> None:  # noqa: F811
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/diary").text).group(1)
    r = client.post("/diary", data={"csrf": csrf, "pain_now": "3", "notes": SPOOF})
    assert r.status_code == 422 and "U+202E RIGHT-TO-LEFT OVERRIDE" in r.text
    assert RLO not in r.text  # the text box shows it back, made visible
    assert client.get("/api/v1/diary").json() == []
    r = client.post("/diary", data={"csrf": csrf, "pain_now": "3", "notes": "line one\r\nline two"})
    assert r.status_code in (200, 303), r.text
    assert [e["notes"] for e in client.get("/api/v1/diary").json()] == ["line one\nline two"]


def test_old_notes_show_as_code_points_to_the_clinician(
    clinic_app: FastAPI,  # noqa: F811
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, carol = people["alice"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"age": 60, "answers": {"rf": "no"}}).json()
    r = alice.post("/api/v1/diary", json={"pain_now": 4, "walk_minutes": 20, "notes": "plain"})
    assert r.status_code == 201
    with clinic_app.state.store.write() as s:  # as if stored before the rule
        s.execute(update(DiaryEntryRow).values(notes=SPOOF + "\x1b[0m"))
        s.execute(update(Invitation).values(note=f"test {RLO}x"))
    r = alice.post(f"/api/v1/assessments/{a_id['id']}/shares", json={"clinician": "carol"})
    assert r.status_code == 204, r.text
    assert alice.post("/api/v1/diary/shares", json={"clinician": "carol"}).status_code == 204
    html = carol.get("/clinic/patients/alice").text
    assert "walked fine [U+202E]01 :niap[U+001B][0m" in html
    assert RLO not in html and "\x1b" not in html
    pdf = carol.get("/clinic/patients/alice/report.pdf")
    assert pdf.status_code == 200 and RLO not in pdf_text(pdf.content)


def test_interactive_log_asks_again(tmp_path: Path) -> None:
    """`backstride log` in a real terminal (tmux): a pasted right-to-left override is named
    and the note is asked for again; the entry is saved with the note typed next."""
    import shutil
    import sys

    from tests.tmux_driver import Terminal

    if shutil.which("tmux") is None:
        pytest.skip("needs tmux")
    db = str(tmp_path / "t.db")
    cmd = [sys.executable, "-c", "from backstride.cli import main; main()", "log"]
    with Terminal(cmd, env={"BACKSTRIDE_DB": db}, width=160) as t:
        for prompt, typed in [
            ("Date (Enter for today):", ""),
            ("Pain right now", "2"),
            ("Minutes walked", ""),
            ("Distance", ""),
            ("Minutes before symptoms started:", ""),
            ("How far down did they go", ""),
            ("What eased them", ""),
            ("Notes:", SPOOF),
        ]:
            t.wait_for(prompt)
            t.type(typed)
        t.wait_for("U+202E RIGHT-TO-LEFT OVERRIDE")
        t.wait_for("Notes:", count=2)
        t.type("to the shop and back")
        screen = t.wait_for("EXIT=0")
    assert "Saved as entry 1" in screen and "notes: to the shop and back" in screen
    assert [e["notes"] for e in entries(db)] == ["to the shop and back"]
