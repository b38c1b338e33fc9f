"""The command line as a person uses it: real processes, a real terminal for the interview."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SMALL_KB
from .tmux_driver import Terminal

BIN = str(Path(sys.executable).parent / "backstride")


def run(*args: str, kb_dir: Path | None = SMALL_KB, **kw) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    if kb_dir is not None:
        env["BACKSTRIDE_KB_DIR"] = str(kb_dir)
    else:
        env.pop("BACKSTRIDE_KB_DIR", None)
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=60, **kw)


def write(tmp_path: Path, data: object, name: str = "answers.json") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data))
    return p


def test_help_lists_commands():
    r = run("--help")
    assert r.returncode == 0
    assert "assess" in r.stdout and "kb" in r.stdout


def test_version_names_the_package_and_the_knowledge_base():
    from backstride import __version__
    from backstride.knowledge import load_kb

    r = run("--version", kb_dir=None)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"backstride {__version__} (knowledge base {load_kb().version})"
    small = run("--version")  # the knowledge base in use, here the small test one
    assert small.returncode == 0 and load_kb(SMALL_KB).version in small.stdout


def test_assess_json_is_stable(tmp_path):
    f = write(tmp_path, {"age": 50, "sex": "female", "answers": {"f1": "yes", "rf": "no"}})
    r = run("assess", "--answers", str(f), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("urgency", "conditions", "red_flags", "next_questions", "self_tests", "kb_version"):
        assert key in out
    top = out["conditions"][0]
    assert top["id"] == "cond_b"
    assert set(top) >= {"id", "name", "probability", "reasons_for", "reasons_against"}


def test_assess_text_shows_urgency_first(tmp_path):
    f = write(tmp_path, {"age": 50, "answers": {"rf": "yes"}})
    r = run("assess", "--answers", str(f))
    assert r.returncode == 0, r.stderr
    assert r.stdout.index("Emergency") < r.stdout.index("Likely causes")
    assert "not a diagnosis" in r.stdout


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ({"answers": {"f11": "yes"}}, "Did you mean 'f1'"),
        ({"answers": {"where": "knee"}}, "Valid answers: back, thigh, calf"),
        ({"age": 500}, "out of range"),
        ("{not json", "not valid JSON"),
    ],
)
def test_bad_answers_file_exits_2_with_clear_message(tmp_path, content, needle):
    f = write(tmp_path, content)
    r = run("assess", "--answers", str(f), "--json")
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


def test_missing_answers_file(tmp_path):
    r = run("assess", "--answers", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_kb_check_passes_and_fails(tmp_path):
    assert run("kb", "check").returncode == 0
    broken = tmp_path / "kb"
    shutil.copytree(SMALL_KB, broken)
    ev = broken / "evidence" / "cond_b.yaml"
    text = ev.read_text()
    assert "vs: [all_other]" in text
    ev.write_text(text.replace("vs: [all_other]", "vs: [cond_x]"))
    r = run("kb", "check", kb_dir=broken)
    assert r.returncode == 1
    assert "unknown condition 'cond_x'" in r.stdout
    # a missing cell fails too, naming the file and the finding
    ev.write_text("\n".join(x for x in text.splitlines() if not x.startswith("  f3:")))
    r = run("kb", "check", kb_dir=broken)
    assert r.returncode == 1
    assert "evidence/cond_b.yaml: missing cell for finding 'f3'" in r.stdout


def test_kb_show_unknown_id_suggests():
    r = run("kb", "show", "cond_z")
    assert r.returncode == 2
    assert "cond_a" in r.stderr


def test_kb_list_json():
    out = json.loads(run("kb", "list", "--json").stdout)
    assert {c["id"] for c in out["conditions"]} == {"cond_a", "cond_b", "cond_c"}
    where = next(f for f in out["findings"] if f["id"] == "where")
    assert where["answers"] == ["back", "thigh", "calf", "unknown"]


needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true", reason="tmux not installed"
)


@needs_tmux
def test_interactive_interview_in_a_terminal(tmp_path):
    saved = tmp_path / "mine.json"
    env = {"BACKSTRIDE_KB_DIR": str(SMALL_KB), "COLUMNS": "110"}
    with Terminal([BIN, "assess", "--save-answers", str(saved)], env=env) as t:
        t.wait_for("Age?")
        assert "Question 1" in t.screen()
        t.type("72")
        t.wait_for("Sex?")
        t.type("b")  # go back to the age question and change the answer
        t.wait_for("Age?", count=2)
        t.type("44")
        t.wait_for("Sex?", count=2)
        t.type("3")  # not a choice: the person is told what to type
        t.wait_for("Please type a number from 1 to 2")
        t.type("1")
        t.wait_for("Red flag?")
        t.type("n")
        t.wait_for("Question 4")
        for n in range(5, 30):  # "don't know" to whatever the interview asks next
            t.type("?")
            if t.wait_any(f"Question {n}", "Likely causes") == "Likely causes":
                break
        screen = t.wait_for("Likely causes")
        assert "Safety net" in t.wait_for("EXIT=0")
        assert screen.index("Self-care") < screen.index("Likely causes")
    data = json.loads(saved.read_text())
    assert data["age"] == 44 and data["sex"] == "female"
    assert data["answers"]["rf"] == "no"


@needs_tmux
def test_ctrl_c_exits_cleanly():
    with Terminal([BIN, "assess"], env={"BACKSTRIDE_KB_DIR": str(SMALL_KB)}) as t:
        t.wait_for("Question 1")
        t.key("C-c")
        screen = t.wait_for("EXIT=")
        assert "Stopped. Nothing was saved." in screen
        assert "Traceback" not in screen
        assert "EXIT=130" in screen


@needs_tmux
def test_q_stops_without_an_error_code():
    with Terminal([BIN, "assess"], env={"BACKSTRIDE_KB_DIR": str(SMALL_KB)}) as t:
        t.wait_for("Question 1")
        t.type("q")
        screen = t.wait_for("EXIT=")
        assert "Stopped. Nothing was saved." in screen
        assert "EXIT=0" in screen


@needs_tmux
def test_real_interview_with_checklist_reaches_a_result(tmp_path):
    """The packaged knowledge base: screen questions, the history checklist, then adaptive ones."""
    saved = tmp_path / "mine.json"
    env = {"COLUMNS": "110"}
    with Terminal([BIN, "assess", "--save-answers", str(saved)], env=env) as t:
        t.wait_for("in your own words (or press Enter to skip)")
        t.type("")  # skip the free-text step
        t.wait_for("How old are you?")
        t.type("58")
        t.wait_for("What sex")
        t.type("1")
        t.wait_for("Question 3")
        # "no" (2) to single questions, "don't know" to numbers, "cancer" on the checklist
        seen_checklist = False
        for n in range(3, 40):
            block = t.screen().split(f"Question {n} ")[-1]
            if "Do any of these apply" in block:
                seen_checklist = True
                # the checklist is long: wait until all of it is on the screen
                block = t.wait_for("Type the numbers of all that apply").split(f"Question {n} ")[-1]
                line = next(ln for ln in block.splitlines() if "Cancer, now or in the past" in ln)
                t.type(line.strip().split(")")[0])
            else:
                t.type("?" if "Type a number" in block else "2")
            if t.wait_any(f"Question {n + 1} ", "Likely causes") == "Likely causes":
                break
        screen = t.wait_for("EXIT=0")
        assert seen_checklist
    data = json.loads(saved.read_text())
    assert data["answers"]["cancer_history"] == "yes"
    assert data["answers"]["fever"] == "no"
    # a past cancer is a warning sign: never self-care
    assert "Self-care" not in screen.split("Likely causes")[0]
    assert "Warning sign" in screen


def test_answers_file_is_saved_only_when_asked(tmp_path):
    from backstride.storage import Store

    db = tmp_path / "me.db"
    f = write(tmp_path, {"age": 50, "sex": "male", "answers": {"f1": "yes"}})
    assert run("assess", "--answers", str(f), "--db", str(db)).returncode == 0
    assert run("assess", "--answers", str(f), "--db", str(db), "--save").returncode == 0
    with Store.open(str(db)) as store:
        saved = store.list_assessments()
    assert len(saved) == 1
    assert saved[0]["answers"]["answers"] == {"f1": "yes"}
    conditions = saved[0]["result"]["conditions"]
    # C's chance calls for the emergency, so C is listed first; B is the likeliest
    assert [c["id"] for c in conditions if c["check_first"]] == ["cond_c"]
    assert max(conditions, key=lambda c: c["probability"])["id"] == "cond_b"


def test_export_fhir_from_the_last_assessment(tmp_path):
    db = tmp_path / "me.db"
    f = write(tmp_path, {"age": 68, "sex": "male", "answers": {"legs_give_way_walking": "yes"}})
    r = run("assess", "--answers", str(f), "--db", str(db), "--save", kb_dir=None)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "bundle.json"
    r = run("export", "--fhir", str(out), "--db", str(db), kb_dir=None)
    assert r.returncode == 0, r.stderr
    bundle = json.loads(out.read_text())
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert bundle["resourceType"] == "Bundle" and {"Patient", "RiskAssessment"} <= kinds


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        (
            "reportlab",
            ["report", "--pdf", "{tmp}/r.pdf", "--answers", "{profile}", "--db", "{tmp}/b.db"],
            "pdf",
        ),
        ("uvicorn", ["serve", "--port", "1"], "web"),
        ("spacy", ["parse", "my legs go heavy"], "nlp"),
    ],
)
def test_missing_optional_part_names_the_extra(tmp_path, blocked, args, extra):
    """Without an optional library, the command says which extra to install (exit 1, no traceback)."""
    profile = Path(__file__).parent / "plan" / "profiles" / "muscular.json"
    argv = [a.format(tmp=tmp_path, profile=profile) for a in args]
    code = (
        "import sys\n"
        f"sys.modules[{blocked!r}] = None\n"
        f"sys.argv = ['backstride', *{argv!r}]\n"
        "from backstride.cli import main\n"
        "main()\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert f"pip install 'backstride[{extra}]'" in r.stderr
    assert f"{blocked} is not installed" in r.stderr
    assert "Traceback" not in r.stderr


def test_evaluate_table_has_one_column_per_split():
    r = run("evaluate", str(Path(__file__).parent / "data" / "cases_small"))
    assert r.returncode == 0, r.stderr
    header = next(line for line in r.stdout.splitlines() if "measure" in line)
    assert [w for w in ("heldout", "tuning", "all") if w in header] == ["heldout", "tuning", "all"]
    assert header.count("all") == 1
    assert any(line.strip("│┃ ").startswith("top-3") for line in r.stdout.splitlines())


def test_evaluate_one_folder_of_cases_shows_one_column(tmp_path):
    src = Path(__file__).parent / "data" / "cases_small" / "heldout"
    r = run("evaluate", str(src))
    assert r.returncode == 0, r.stderr
    header = next(line for line in r.stdout.splitlines() if "measure" in line)
    assert header.count("all") == 1 and "heldout" not in header


CES_ADVICE = "ask to be checked for cauda equina"


def _answer_ces_yes(t: Terminal) -> str:
    """Age, sex, then 'yes' to the cauda equina screen question; returns the next screen."""
    t.wait_for("in your own words (or press Enter to skip)")
    t.type("")  # skip the free-text step
    t.wait_for("How old are you?")
    t.type("40")
    t.wait_for("What sex")
    t.type("1")
    t.wait_for("bladder or bowels")
    t.type("1")
    return t.wait_for("carry on")


@needs_tmux
def test_emergency_advice_shows_on_the_very_next_screen_and_q_repeats_it(tmp_path):
    db = tmp_path / "me.db"
    with Terminal([BIN, "assess", "--db", str(db)], env={"COLUMNS": "110"}) as t:
        screen = _answer_ces_yes(t)
        after = screen.split("bladder or bowels")[-1]
        assert "Emergency: get help now" in after and CES_ADVICE in after.replace("\n", " ")
        assert "Question 4" not in after  # the advice comes before any other question
        t.type("c")  # carry on with the questions
        t.wait_for("Question 4")
        t.type("q")  # then stop: the advice is shown again, with an offer to save
        screen = t.wait_for("the full result? (Enter stops here)")
        tail = screen.split("Question 4")[-1]
        assert "Emergency: get help now" in tail and CES_ADVICE in tail.replace("\n", " ")
        t.type("")
        screen = t.wait_for("EXIT=")
        assert "EXIT=0" in screen and "Nothing was saved" in screen, screen[-4000:]
        assert "Traceback" not in screen
    assert not db.exists()


@needs_tmux
def test_stop_after_emergency_answer_shows_result_and_saves(tmp_path):
    from backstride.storage import Store

    db = tmp_path / "me.db"
    with Terminal([BIN, "assess", "--db", str(db)], env={"COLUMNS": "110"}) as t:
        _answer_ces_yes(t)
        t.type("")  # Enter: the default is to stop and see the result
        screen = t.wait_for("EXIT=")
        assert "EXIT=0" in screen, screen[-4000:]
        tail = screen.split("carry on")[-1]
        assert tail.index("Emergency: get help now") < tail.index("Likely causes")
    with Store.open(str(db)) as store:
        saved = store.list_assessments()
    assert saved[0]["result"]["urgency"]["level"] == "emergency"
    assert saved[0]["answers"]["answers"]["ces_screen"] == "yes"


@needs_tmux
def test_q_after_emergency_answer_can_save_and_ctrl_c_prints_the_advice(tmp_path):
    from backstride.storage import Store

    db = tmp_path / "me.db"
    with Terminal([BIN, "assess", "--db", str(db)], env={"COLUMNS": "110"}) as t:
        _answer_ces_yes(t)
        t.type("q")
        t.wait_for("the full result? (Enter stops here)")
        t.type("y")
        screen = t.wait_for("EXIT=")
        assert "EXIT=0" in screen and "Likely causes" in screen
    with Store.open(str(db)) as store:
        assert store.list_assessments()[0]["result"]["urgency"]["level"] == "emergency"
    with Terminal([BIN, "assess", "--db", str(db)], env={"COLUMNS": "110"}) as t:
        _answer_ces_yes(t)
        t.type("c")
        t.wait_for("Question 4")
        t.key("C-c")
        screen = t.wait_for("EXIT=")
        tail = screen.split("Question 4")[-1]
        assert "Emergency: get help now" in tail and CES_ADVICE in tail.replace("\n", " ")
        assert "EXIT=130" in screen and "Traceback" not in screen


def test_kb_show_lists_the_key_questions_derived_from_the_evidence():
    r = run("kb", "show", "lumbar_stenosis", kb_dir=None)
    assert r.returncode == 0, r.stderr
    block = r.stdout.split("Key questions")[1].split("Sources")[0]
    assert "relief_bending_forward" in block and "legs_give_way_walking" in block


def test_saved_assessment_message_shows_no_database_address(tmp_path):
    db = tmp_path / "me.db"
    f = write(tmp_path, {"age": 50, "sex": "male", "answers": {"f1": "yes"}})
    r = run("assess", "--answers", str(f), "--db", str(db), "--save")
    assert r.returncode == 0, r.stderr
    assert "Saved as assessment 1." in r.stderr
    assert "sqlite" not in r.stdout + r.stderr and str(db) not in r.stdout + r.stderr


def test_plan_with_a_missing_database_says_so_and_creates_nothing(tmp_path: Path) -> None:
    """Reading commands leave a named but missing SQLite file uncreated (nothing to read)."""
    db = tmp_path / "not-yet.db"
    for person in ([], ["--person", "ann"]):
        r = run("plan", "--db", str(db), *person, kb_dir=None)
        assert r.returncode != 0 and "No saved assessment yet" in r.stdout + r.stderr
        assert not db.exists()
