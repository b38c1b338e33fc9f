"""The REST API on the small test KB: the stateless assessment, KB endpoints, problem+json."""

from __future__ import annotations

from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def step(client: TestClient, **body: object) -> dict:
    r = client.post("/api/v1/assessment", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_first_question_is_the_screen(client: TestClient) -> None:
    r = step(client)
    assert r["should_stop"] is False
    assert r["question"]["id"] == "age"
    assert r["question"]["type"] == "number"
    assert (r["question"]["min"], r["question"]["max"], r["question"]["unit"]) == (16, 110, "years")
    assert r["question"]["screen"] is True
    # age, sex, the one warning sign and the four other questions of the small knowledge base
    assert r["progress"] == {
        "answered": 0,
        "max_questions": 7,
        "screen_left": 3,
        "screen_pages_left": 3,
    }
    assert r["kb_version"] and r["disclaimer"]


def test_client_drives_a_whole_interview_to_the_stop_flag(client: TestClient) -> None:
    body: dict = {"age": 50, "sex": "female", "answers": {}}
    asked = []
    for _ in range(30):
        r = step(client, **body)
        if r["should_stop"]:
            break
        q = r["question"]
        asked.append(q["id"])
        body["answers"][q["id"]] = q["options"][0]["id"] if q["options"] else "unknown"
    else:
        raise AssertionError("the interview never stopped")
    assert r["question"] is None and r["stop_reason"] in ("clear", "no_gain", "cap")
    assert asked[0] == "rf"  # age and sex came at top level, so the screen starts at rf
    assert len(asked) == len(set(asked))
    probs = [c["probability"] for c in r["conditions"]]
    assert probs == sorted(probs, reverse=True) and abs(sum(probs) - 1) < 1e-3


def test_reply_matches_the_documented_response_model(client: TestClient) -> None:
    from backstride.web.api_models import AssessmentResponse

    for body in ({}, {"age": 80, "sex": "male", "answers": {"rf": "yes", "f1": "yes"}}):
        reply = step(client, **body)
        model = AssessmentResponse.model_validate(reply)
        assert model.model_dump(mode="json").keys() <= reply.keys()


def test_red_flag_gives_emergency_with_reasons(client: TestClient) -> None:
    r = step(client, age=40, answers={"rf": "yes"})
    assert r["urgency"]["level"] == "emergency"
    assert [f["id"] for f in r["red_flags"]] == ["rf_rule"]
    c = next(c for c in r["conditions"] if c["id"] == "cond_c")
    assert c["serious"] and c["reasons_for"][0]["finding"] == "rf"
    assert c["reasons_for"][0]["source"] == "test2020"


def test_dont_know_changes_nothing(client: TestClient) -> None:
    a = step(client, age=40, answers={"rf": "no"})
    b = step(client, age=40, answers={"rf": "no", "f1": "unknown"})
    assert [c["probability"] for c in a["conditions"]] == [
        c["probability"] for c in b["conditions"]
    ]
    assert b["answers"]["f1"] == "unknown"


def test_unknown_finding_is_422_naming_field_and_choices(client: TestClient) -> None:
    r = client.post("/api/v1/assessment", json={"answers": {"f9": "yes"}})
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    p = r.json()
    assert p["status"] == 422 and p["title"] == "Unknown id"
    assert "f1" in p["choices"] and "f9" in p["detail"]


def test_bad_choice_names_valid_choices(client: TestClient) -> None:
    p = client.post("/api/v1/assessment", json={"answers": {"where": "knee"}}).json()
    assert p["field"] == "where"
    assert p["choices"] == ["back", "thigh", "calf", "unknown"]


def test_out_of_range_number_is_422(client: TestClient) -> None:
    p = client.post("/api/v1/assessment", json={"age": 5}).json()
    assert p["status"] == 422 and p["field"] == "age" and "16" in p["detail"]


def test_malformed_bodies_are_422_problem_json(client: TestClient) -> None:
    cases = [
        client.post(
            "/api/v1/assessment", content=b"{not json", headers={"content-type": "application/json"}
        ),
        client.post("/api/v1/assessment", json={"answers": ["rf"]}),
        client.post("/api/v1/assessment", json={"age": "old"}),
        client.post("/api/v1/assessment", json={"extra": 1}),
        client.post("/api/v1/assessment", json=[1, 2]),
    ]
    for r in cases:
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == PROBLEM
        assert set(r.json()) >= {"type", "title", "status", "detail", "field", "choices"}
    assert cases[3].json()["field"] == "extra"


def test_conditions_and_card(client: TestClient) -> None:
    ids = [c["id"] for c in client.get("/api/v1/conditions").json()]
    assert ids == ["cond_a", "cond_b", "cond_c"]
    card = client.get("/api/v1/conditions/cond_b").json()
    assert card["card"]["typical_story"] == "Story B."
    # every finding but age and sex has a cell, each saying what kind of source it has
    ev = {e["finding"]: e for e in card["evidence"]}
    assert set(ev) == {"rf", "f1", "f2", "f3", "where"}
    assert ev["f1"]["kind"] == "study" and ev["f1"]["source"] == "test2020"
    assert ev["f2"]["kind"] == "estimate" and ev["f2"]["estimate"].startswith("unfilled:")
    where = ev["where"]
    assert where["vs"] == ["all_other"] and where["lr_neg"] == 0.5
    assert where["applied_lr_neg"] == 0.5  # applied as published, in the study's contrast
    assert card["sources"][0]["url"] == "https://doi.org/10.0000/test"
    assert card["sources"][0]["year"] == 2020 and card["sources"][0]["accessed"] is None
    assert card["sources"][0]["year_label"] == "2020"


def test_unknown_condition_is_404_with_choices(client: TestClient) -> None:
    r = client.get("/api/v1/conditions/cond_x")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    assert r.json()["choices"] == ["cond_a", "cond_b", "cond_c"]


def test_findings(client: TestClient) -> None:
    fs = {f["id"]: f for f in client.get("/api/v1/findings").json()}
    assert [o["id"] for o in fs["where"]["options"]] == ["back", "thigh", "calf"]
    assert client.get("/api/v1/findings/rf").json()["clinical"] == "RF"
    assert client.get("/api/v1/findings/nope").status_code == 404


def test_unknown_api_route_is_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_openapi_documents_the_assessment(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/v1/assessment"]["post"]
    assert "422" in op["responses"]
    assert "AssessmentResponse" in spec["components"]["schemas"]


def test_diary_api_round_trip(client: TestClient) -> None:
    r = client.post(
        "/api/v1/diary",
        json={
            "day": "2025-01-06",
            "pain_now": 4,
            "walk_minutes": 20,
            "onset_minutes": 12,
            "symptom_reach": "thigh",
        },
    )
    assert r.status_code == 201, r.text
    assert "pain 4/10" in r.json()["summary"]
    listed = client.get("/api/v1/diary").json()
    assert [e["onset_minutes"] for e in listed] == [12]
    prog = client.get("/api/v1/progress").json()
    assert prog["diary_entries"] == 1 and prog["weeks"][0]["minutes_to_onset"] == 12
    chart = client.get("/api/v1/progress/chart.svg")
    assert chart.status_code == 200 and chart.content.lstrip().startswith(b"<?xml")


def test_diary_api_rejects_bad_values(client: TestClient) -> None:
    r = client.post("/api/v1/diary", json={"pain_now": 11})
    assert r.status_code == 422 and r.json()["field"] == "pain_now"
    r = client.post("/api/v1/diary", json={"day": "0001-01-01", "pain_now": 1})
    assert r.status_code == 422 and r.json()["field"] == "day"
    r = client.post("/api/v1/diary", json={"symptom_reach": "knee"})
    assert r.json()["field"] == "symptom_reach"
    assert "below_knee" in r.json()["choices"]


def test_empty_progress_chart_is_404(client: TestClient) -> None:
    r = client.get("/api/v1/progress/chart.svg")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_saved_assessments_single_person(client: TestClient) -> None:
    r = client.post("/api/v1/assessment", json={"age": 40, "answers": {"rf": "no"}})
    saved = client.post("/api/v1/assessments", json={"age": 40, "answers": {"rf": "no"}})
    assert saved.status_code == 201
    body = saved.json()
    assert body["result"]["conditions"][0]["id"] == r.json()["conditions"][0]["id"]
    assert client.get(f"/api/v1/assessments/{body['id']}").json()["answers"]["age"] == 40
    assert [a["id"] for a in client.get("/api/v1/assessments").json()] == [body["id"]]
    assert client.get("/api/v1/assessments/999").status_code == 404


def test_condition_card_is_derived_from_the_table(client: TestClient) -> None:
    card = client.get("/api/v1/conditions/cond_c").json()["card"]
    (always,) = card["nearly_always"]
    assert always["finding"] == "rf" and always["state"] == "yes"
    assert always["kind"] == "study" and always["published"] == "sensitivity 90%"
    assert always["probability"] == 0.9 and always["weight"] > 10
    assert card["rarity"]["words"].startswith("common: about 10 in 100")
    assert card["urgency"] == {
        "level": "emergency",
        "label": card["urgency"]["label"],
        "act_at": 0.05,
        "words": card["urgency"]["words"],
    }
    a = client.get("/api/v1/conditions/cond_a").json()["card"]
    assert [(x["finding"], x["state"]) for x in a["nearly_never"]] == [("rf", "yes")]
