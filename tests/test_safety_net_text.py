"""The safety net names the warning signs that fired, not always the bottom-of-the-spine nerves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.engine import assess
from backstride.engine.rules import EMERGENCY_WATCH, SAFETY_NET
from backstride.knowledge import load_kb
from backstride.web.state import encode

from .test_screen_rule import SCREEN

CLEAR = {**dict.fromkeys(SCREEN, "no"), "onset_lifting": "yes", "duration_weeks": 1}
BIN = str(Path(sys.executable).parent / "backstride")

# words that belong to the bottom-of-the-spine nerves (cauda equina) only
CES_WORDS = ("cauda", "between your legs", "bottom", "bladder", "pee")

AAA = {"age": 70, "sex": "male", "answers": {**CLEAR, "sudden_abdominal_pain": "yes"}}
CES = {"age": 40, "sex": "female", "answers": {**CLEAR, "ces_screen": "yes"}}
URGENT = {"age": 30, "sex": "female",
          "answers": {**CLEAR, "flank_colicky": "yes", "nausea_vomiting": "yes"}}  # fmt: skip


def net(data: dict) -> tuple[str, dict]:
    r = assess(load_kb(), data).to_dict()
    return r["safety_net"], r


def test_an_aneurysm_warning_names_the_aneurysm_and_not_the_spinal_nerves():
    text, r = net(AAA)
    assert "aaa_sudden_pain" in {f["id"] for f in r["red_flags"]}
    assert "aneurysm" in text.lower()
    assert not [w for w in CES_WORDS if w in text.lower()], text
    assert "emergency" in text.lower()


def test_a_bottom_of_the_spine_warning_keeps_its_own_words():
    text, r = net(CES)
    assert "ces_screen_positive" in {f["id"] for f in r["red_flags"]}
    assert "bladder" in text.lower() and "bottom" in text.lower()
    assert "emergency" in text.lower()


def test_an_urgent_warning_is_named_and_asks_for_a_doctor_soon():
    text, r = net(URGENT)
    assert r["urgency"]["level"] == "urgent"
    assert "loin pain in waves with feeling or being sick" in text.lower()
    assert "doctor" in text.lower()
    # the sign that fired comes first; the signs that would make it an emergency still follow,
    # since an urgent result is not an emergency one and the person must know when it becomes one
    assert text.lower().index("loin pain") < text.lower().index("between your legs")
    assert EMERGENCY_WATCH in text


def test_with_no_warning_sign_the_general_safety_net_stays():
    text, _ = net({"age": 40, "sex": "female", "answers": CLEAR})
    assert text == SAFETY_NET


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def _page(client: TestClient, data: dict) -> str:
    pairs = [("age", data["age"]), ("sex", data["sex"]), *data["answers"].items()]
    html = client.get(f"/result?s={encode(pairs)}").text
    return html.split('id="safety-title"', 1)[1].split("</section>", 1)[0]


def test_the_web_result_page_shows_the_warning_sign_that_fired(client):
    aaa = _page(client, AAA)
    assert "aneurysm" in aaa and "between your legs" not in aaa
    ces = _page(client, CES)
    assert "bladder" in ces and "aneurysm" not in ces


def test_the_cli_shows_the_warning_sign_that_fired(tmp_path):
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("BACKSTRIDE_KB_DIR", None)
    f = tmp_path / "answers.json"
    f.write_text(json.dumps(AAA))
    out = subprocess.run([BIN, "assess", "--answers", str(f)], capture_output=True, text=True,
                         env=env, timeout=120).stdout  # fmt: skip
    panel = out.split("Safety net: when to get help", 1)[1].split("╰", 1)[0]
    panel = " ".join(panel.replace("│", " ").split())
    assert "aneurysm" in panel and "between your legs" not in panel
