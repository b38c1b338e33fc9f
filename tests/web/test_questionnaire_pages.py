"""Questionnaires in the web (issue 15): the CLI's instruments, item texts and scoring, saved
as `backstride questionnaire` saves them, scores over time, licensed wording, CSRF, owner only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backstride.instruments import INSTRUMENT_IDS, load_spec, present
from backstride.report.questionnaire import score_record
from tests.web.conftest import make_app, new_account

PASSWORD = "correct horse battery"


def _csrf(client: TestClient, page: str) -> str:
    r = client.get(page)
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]


def _alert(html: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def _first_choices(instrument: str) -> dict[str, str]:
    out = {}
    for item in load_spec(instrument).items:
        if item.group == "satisfaction":
            continue
        out[item.id] = "67" if item.kind == "age" else item.choices[0].id
    return out


@pytest.mark.parametrize("instrument", INSTRUMENT_IDS)
def test_every_cli_questionnaire_shows_our_words_and_saves_like_the_cli(
    client: TestClient, app: FastAPI, instrument: str
) -> None:
    page = client.get(f"/questionnaires/{instrument}")
    assert page.status_code == 200
    for item in present(instrument):  # the CLI's texts, escaped as HTML
        assert item.text.replace("'", "&#39;") in page.text
        assert f'name="{item.id}"' in page.text
    assert "in our own words" in page.text
    csrf = _csrf(client, f"/questionnaires/{instrument}")
    answers = _first_choices(instrument)
    r = client.post(f"/questionnaires/{instrument}", data={"csrf": csrf, **answers})
    assert r.status_code == 200 and r.url.path == "/questionnaires", _alert(r.text)
    [row] = app.state.store.list_scores(None, instrument)
    expected = json.loads(json.dumps(score_record(instrument, answers)[1]))
    assert row["scores"] == expected  # the very record the CLI's `questionnaire` stores
    assert "Saved." in r.text


def test_scores_over_time_with_the_change(client: TestClient) -> None:
    csrf = _csrf(client, "/questionnaires/odi")
    worst = {i.id: "4" for i in load_spec("odi").items}
    better = {i.id: "1" for i in load_spec("odi").items}
    assert client.post("/questionnaires/odi", data={"csrf": csrf, **worst}).status_code == 200
    r = client.post("/questionnaires/odi", data={"csrf": csrf, **better})
    assert "Your scores over time (2)" in r.text
    assert "80%" in r.text and "20%" in r.text
    assert "Since your first time" in r.text
    [odi] = client.get("/api/v1/questionnaires/scores").json()
    assert [h["scores"]["percentage"] for h in odi["history"]] == [80.0, 20.0]
    assert odi["changes"] and odi["changes"][0]["direction"] == "better"


def test_a_bad_or_missing_answer_is_named_and_nothing_is_saved(
    client: TestClient, app: FastAPI
) -> None:
    csrf = _csrf(client, "/questionnaires/start_back")
    answers = _first_choices("start_back")
    answers.pop("worry")
    r = client.post("/questionnaires/start_back", data={"csrf": csrf, **answers})
    assert r.status_code == 422
    message = _alert(r.text)
    assert "question 6 " in message and "Nothing was saved" in message  # item 6: worry
    assert 'aria-invalid="true"' in r.text
    assert 'value="agree" checked' in r.text  # what was chosen stays chosen
    r = client.post("/questionnaires/start_back", data={"csrf": csrf, "leg_pain": "maybe"})
    assert r.status_code == 422 and "maybe" in _alert(r.text)
    assert client.get("/api/v1/questionnaires/scores").json() == []


def test_unknown_questionnaire_names_the_choices(client: TestClient) -> None:
    r = client.get("/api/v1/questionnaires/nope/none", headers={"accept": "application/json"})
    assert r.status_code in (404, 405)
    r = client.post("/api/v1/questionnaires/nope", json={"answers": {}})
    assert r.status_code == 404 and set(r.json()["choices"]) == set(INSTRUMENT_IDS)
    assert client.get("/questionnaires/nope").status_code == 404


def test_the_form_needs_its_token(client: TestClient, app: FastAPI) -> None:
    r = client.post("/questionnaires/odi", data=_first_choices("odi"))
    assert r.status_code == 403
    assert client.get("/api/v1/questionnaires/scores").json() == []


def test_zcq_satisfaction_only_after_treatment(client: TestClient, app: FastAPI) -> None:
    csrf = _csrf(client, "/questionnaires/zcq")
    answers = _first_choices("zcq")
    satisfied = {i.id: "very_satisfied" for i in load_spec("zcq").group("satisfaction")}
    data = {"csrf": csrf, **answers, **satisfied, "treated": "no"}
    assert client.post("/questionnaires/zcq", data=data).status_code == 200
    data["treated"] = "yes"
    assert client.post("/questionnaires/zcq", data=data).status_code == 200
    first, second = app.state.store.list_scores(None, "zcq")
    assert first["scores"]["satisfaction"] is None
    assert second["scores"]["satisfaction"] == pytest.approx(1.0)


def test_a_licensed_wording_file_is_shown_not_scored(tmp_path: Path) -> None:
    spec = load_spec("odi")
    wording = {
        "instrument": "odi",
        "items": {i.id: {"text": f"Licensed section {i.number}"} for i in spec.items},
    }
    path = tmp_path / "odi-licensed.json"
    path.write_text(json.dumps(wording), "utf-8")
    app = make_app(tmp_path, wording_files=(path,))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get("/questionnaires/odi")
        assert "Licensed section 1" in page.text and "in our own words" not in page.text
        assert "Licensed section" not in c.get("/questionnaires/zcq").text
        csrf = _csrf(c, "/questionnaires/odi")
        c.post("/questionnaires/odi", data={"csrf": csrf, **_first_choices("odi")})
        [row] = app.state.store.list_scores(None, "odi")
        assert row["scores"]["wording"] == str(path) and row["scores"]["percentage"] == 0
        listed = {q["id"]: q for q in c.get("/api/v1/questionnaires").json()}
        assert listed["odi"]["wording"] == str(path) and listed["zcq"]["wording"] == "own"
    app.state.store.close()


def test_a_bad_wording_file_stops_the_app_with_the_clis_message(tmp_path: Path) -> None:
    from backstride.errors import BackstrideError

    path = tmp_path / "bad.json"
    path.write_text('{"instrument": "odi", "items": {"no_such_item": "x"}}', "utf-8")
    with pytest.raises(BackstrideError, match="no_such_item"):
        make_app(tmp_path, wording_files=(path,))


def test_api_saves_and_lists(client: TestClient) -> None:
    r = client.post("/api/v1/questionnaires/sshq", json={"answers": _first_choices("sshq")})
    assert r.status_code == 201, r.text
    assert r.json()["instrument"] == "sshq" and r.json()["headline"].startswith("Positive")
    r = client.post("/api/v1/questionnaires/sshq", json={"answers": {"leg_symptoms": "perhaps"}})
    assert r.status_code == 422 and r.json()["field"].startswith("sshq.")
    [q] = client.get("/api/v1/questionnaires/scores").json()
    assert q["instrument"] == "sshq" and len(q["history"]) == 1


def _signed_in(app: FastAPI, name: str) -> TestClient:
    c = TestClient(app, base_url="http://127.0.0.1")
    assert c.post("/api/v1/accounts", json=new_account(app, name)).status_code in (200, 201)
    r = c.post("/api/v1/session", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c


def test_clinic_scores_are_the_owners_only(clinic_app: FastAPI) -> None:
    ann, bob = _signed_in(clinic_app, "ann"), _signed_in(clinic_app, "bob")
    csrf = _csrf(ann, "/questionnaires/odi")
    r = ann.post("/questionnaires/odi", data={"csrf": csrf, **_first_choices("odi")})
    assert r.status_code == 200
    assert len(ann.get("/api/v1/questionnaires/scores").json()) == 1
    assert bob.get("/api/v1/questionnaires/scores").json() == []
    assert "Your scores over time" not in bob.get("/questionnaires").text
    # the API needs the session's header token; without a session, nothing at all
    body = {"answers": _first_choices("odi")}
    assert bob.post("/api/v1/questionnaires/odi", json=body).status_code == 403
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    assert anon.get("/api/v1/questionnaires/scores").status_code == 401
    assert bob.get("/api/v1/questionnaires/scores").json() == []
    for c in (ann, bob, anon):
        c.close()


def test_a_saved_sshq_starts_an_assessment_that_counts_it(tmp_path: Path) -> None:
    """Issue 13: the stenosis questionnaire feeds the diagnosis, as one answer (real KB)."""
    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    real = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))  # type: ignore[call-arg]
    with TestClient(real, base_url="http://127.0.0.1") as client:
        page = client.get("/questionnaires")
        assert "Start an assessment that uses it" not in page.text  # nothing saved yet
        csrf = _csrf(client, "/questionnaires/sshq")
        core = {i.id: "yes" if i.group == "core" else "no" for i in load_spec("sshq").items}
        r = client.post("/questionnaires/sshq", data={"csrf": csrf, **core})
        assert r.status_code == 200, _alert(r.text)
        assert "Your latest result (positive) can count in your assessment" in r.text
        found = re.search(r'<a href="(/interview\?s=[^"]+)">Start an assessment', r.text)
        assert found, r.text
        s = found.group(1).split("s=")[1]
        result = client.get(f"/result?s={s}")
        assert result.status_code == 200, _alert(result.text)
        assert "(the SSHQ questionnaire)" in result.text  # the answer, among the reasons
        assert "Kato" in result.text  # and its source, beside the weight
        assert client.get(found.group(1)).status_code == 200  # the interview goes on from it


def test_the_small_kb_offers_no_link_it_cannot_follow(client: TestClient) -> None:
    csrf = _csrf(client, "/questionnaires/sshq")
    core = {i.id: "yes" if i.group == "core" else "no" for i in load_spec("sshq").items}
    r = client.post("/questionnaires/sshq", data={"csrf": csrf, **core})
    assert r.status_code == 200 and "Saved." in r.text
    assert "Start an assessment that uses it" not in r.text
