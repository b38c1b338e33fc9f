"""Hostile `backstride import` files (session 18): an export made by the real commands, then
damaged one field at a time. Every damaged file is refused naming the field's place and the
bad value, exit code 2, nothing from it is stored, and the people already in the database
keep everything they had. Before this, the import checked only each column's type: a pain
of 99, a walk of -100 seconds, a day in 2125 or an assessment without its urgency were
stored, and later broke (or silently skewed) the report, the FHIR export and the programme."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backstride.errors import InputError
from backstride.storage import Store

CLI = "from backstride.cli import main; main()"
WALKS = Path(__file__).parent.parent / "data" / "walks"
ANSWERS = {
    "age": 68,
    "sex": "male",
    "answers": {"legs_give_way_walking": "yes", "relief_bending_forward": "yes", "fever": "no"},
}
START_BACK = {
    "leg_pain": "agree", "shoulder_neck_pain": "disagree", "short_walks": "agree",
    "slow_dressing": "disagree", "activity_unsafe": "agree", "worry": "agree",
    "pessimism": "disagree", "low_mood": "disagree", "bothersomeness": "very_much",
}  # fmt: skip


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_DB": str(db), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One person's export with every section filled, made by the real commands."""
    tmp = tmp_path_factory.mktemp("export")
    db = tmp / "source.db"
    (tmp / "answers.json").write_text(json.dumps(ANSWERS))
    (tmp / "start_back.json").write_text(json.dumps(START_BACK))
    for args in (
        ("log", "--pain", "3", "--minutes", "20", "--onset", "10", "--reach", "thigh"),
        ("assess", "--answers", str(tmp / "answers.json"), "--save"),
        ("programme", "start", "--minutes", "8", "--type", "neurogenic"),
        ("questionnaire", "start_back", "--answers", str(tmp / "start_back.json")),
        ("selftest", "slr", "--result", "positive"),
        ("walks", "import", str(WALKS / "cerknicko-jezero.gpx")),
        ("export", str(tmp / "export.json")),
    ):
        done = run(db, *args)
        assert done.returncode == 0, (args, done.stderr)
    data = json.loads((tmp / "export.json").read_text())
    person = data["people"][0]
    for section in ("diary", "assessments", "scores", "selftests", "walks"):
        assert person[section], section
    assert person["programme_state"]
    return data


def person(data: dict[str, Any]) -> dict[str, Any]:
    return data["people"][0]


def at(section: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        person(data)[section][0][key] = value

    return change


def on_person(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        person(data)[key] = value

    return change


def on_state(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        person(data)["programme_state"]["state"]["current"][key] = value

    return change


def on_top(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


# (change, the place the message names, a word of the bad value or of the rule)
DAMAGED = {
    "pain out of range": (at("diary", "pain_now", 99), "diary[0].pain_now", "0 to 10"),
    "pain true": (at("diary", "pain_now", True), "diary[0].pain_now", "True"),
    "minutes 1e308": (at("diary", "walk_minutes", 1e308), "diary[0].walk_minutes", "1440"),
    "minutes negative": (at("diary", "walk_minutes", -30), "diary[0].walk_minutes", "-30"),
    "minutes as text": (at("diary", "walk_minutes", "30"), "diary[0].walk_minutes", "'30'"),
    "onset after the walk": (at("diary", "onset_minutes", 500), "onset_minutes", "500"),
    "diary day in 2125": (at("diary", "day", "2125-01-01"), "diary[0].day", "2125-01-01"),
    "diary day in year 1": (at("diary", "day", "0001-01-01"), "diary[0].day", "2000-01-01"),
    "symptom reach": (at("diary", "symptom_reach", "moon"), "symptom_reach", "below_knee"),
    "notes too long": (at("diary", "notes", "a" * 100_000), "diary[0].notes", "2,000"),
    "notes null": (at("diary", "notes", None), "diary[0]", "notes"),
    "walk seconds negative": (at("walks", "duration_s", -100), "walks[0].duration_s", "-100"),
    "walk seconds 1e300": (at("walks", "duration_s", 1e300), "walks[0].duration_s", "172800"),
    "walk steps 1e20": (at("walks", "steps", 10**20), "walks[0].steps", "too large"),
    "walk day in 2200": (at("walks", "day", "2200-01-01"), "walks[0].day", "2200-01-01"),
    "walk source": (at("walks", "source", "\u202egpx"), "walks[0].source", "apple_health"),
    "walk file name": (at("walks", "source_file", "f" * 10_000), "source_file", "500"),
    "result without urgency": (at("assessments", "result", {}), "assessments[0]", "urgency"),
    "urgency a number": (
        at("assessments", "result", {"urgency": 5, "conditions": "x"}),
        "assessments[0]",
        "urgency",
    ),
    "urgency level": (
        at("assessments", "result", {"urgency": {"level": "relax"}}),
        "assessments[0]",
        "relax",
    ),
    "answers a list": (at("assessments", "answers", []), "assessments[0]", "answers"),
    "self-test details": (
        at("selftests", "details", {"findings": "x"}),
        "selftests[0]",
        "findings",
    ),
    "questionnaire unknown": (at("scores", "instrument", "nope"), "scores[0].instrument", "odi"),
    "questionnaire answers": (
        at("scores", "scores", {"total": "x", "answers": 5}),  # once a FHIR traceback
        "scores[0].scores",
        "answers",
    ),
    "questionnaire answer": (
        at("scores", "scores", {"answers": {**START_BACK, "worry": "perhaps"}}),
        "scores[0]: scores.answers",
        "perhaps",
    ),
    "programme week as text": (on_state("week", "x"), "programme_state", "week"),
    "programme cause": (on_state("cause", "flying"), "programme_state", "neurogenic"),
    "programme state a list": (
        on_person("programme_state", {"updated_at": "2026-01-01T00:00:00", "state": []}),
        "programme_state",
        "object",
    ),
    "name an object": (on_person("name", {"a": 1}), "people[0].name", "{'a': 1}"),
    "name with a NUL": (on_person("name", "a\x00b"), "people[0].name", "NUL"),
    "uid a number": (on_person("uid", 12), "people[0].uid", "12"),
    "unknown person field": (on_person("surprise", 1), "people[0]", "surprise"),
    "unknown top-level field": (on_top("surprise", 1), "the export", "surprise"),
    "version true": (on_top("format_version", True), "version", "True"),
    "version 2.0": (on_top("format_version", 2.0), "version", "2.0"),
    "username with a direction mark": (
        on_top(
            "accounts",
            [
                {
                    "username": "ali\u202ece",
                    "role": "admin",
                    "person_uid": "local",
                    "password_hash": "$argon2id$x",
                }
            ],
        ),
        "accounts[0].username",
        "u202e",
    ),
    "share naming a list": (
        on_top("shares", [{"patient": ["x"], "clinician": {}}]),
        "shares[0]",
        "clinician",
    ),
}


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_export_is_refused_naming_the_field(
    name: str, export: dict[str, Any], tmp_path: Path
) -> None:
    change, place, word = DAMAGED[name]
    data = copy.deepcopy(export)
    change(data)
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        other = store.add_person("Someone else", uid="someone")
        store.save_scores(other, "start_back", {"answers": START_BACK, "total": 5})
        before = store.export_data()
        with pytest.raises(InputError) as caught:
            store.import_data(data)
        assert store.export_data() == before  # nothing stored, nothing lost
    message = caught.value.message
    assert place in message, message
    assert word.lower() in message.lower(), message


def test_the_command_says_which_field_and_exits_2(export: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(export)
    person(data)["walks"][0]["steps"] = 10**20  # once an OverflowError traceback
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data))
    done = run(tmp_path / "db.sqlite", "import", str(path))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "people[0].walks[0].steps" in done.stderr
    assert "Nothing was imported." in done.stderr
    assert done.stderr.count("Nothing was imported.") == 1  # said once, not twice
    assert run(tmp_path / "db.sqlite", "diary", "list").returncode == 0


def test_times_with_a_zone_are_stored_as_utc(export: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(export)
    person(data)["diary"][0]["created_at"] = "2026-03-01T10:00:00+05:00"
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        store.import_data(data)
        entry = store.export_data()["people"][0]["diary"][0]
    assert entry["created_at"] == "2026-03-01T05:00:00"


def test_an_undamaged_export_still_imports_and_exports_the_same(
    export: dict[str, Any], tmp_path: Path
) -> None:
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        store.import_data(copy.deepcopy(export))
        again = store.export_data()
    for section in ("diary", "assessments", "scores", "selftests", "walks", "programme_state"):
        assert again["people"][0][section] == export["people"][0][section], section
