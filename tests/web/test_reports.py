"""PDF downloads and the walking programme through the web app, single-person and clinic mode."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from backstride.diary.adapt import new_state
from backstride.diary.records import DiaryEntry
from backstride.plan.walking import start_programme
from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF")
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())


def first_answer(client: TestClient) -> str:
    r = client.post("/interview", data={"s": "", "q": "rf", "v": "no"}, follow_redirects=False)
    return r.headers["location"].split("s=")[1]


def test_pdf_from_the_result_page(client: TestClient) -> None:
    r = client.get("/report.pdf", headers={"accept": "text/html"})
    assert r.status_code == 404 and "answer the questions first" in r.text
    assert (
        client.get("/api/v1/report.pdf")
        .headers["content-type"]
        .startswith("application/problem+json")
    )

    s = first_answer(client)
    page = client.get(f"/result?s={s}").text
    assert f'href="/report.pdf?s={s}"' in page
    r = client.get(f"/report.pdf?s={s}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    text = pdf_text(r.content)
    assert "not a diagnosis" in text.lower()
    assert "Differential" in text and "Condition A 66%" in text

    r = client.get("/api/v1/report.pdf?s=!!bad!!")
    assert r.status_code in (400, 422), r.text


def test_saved_pdf_is_for_the_owner_and_shared_clinicians_only(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    alice.post("/api/v1/diary", json={"pain_now": 5, "notes": "alice private note"})
    url = f"/api/v1/assessments/{a_id}/report.pdf"
    assert alice.get(url).status_code == 200
    assert bob.get(url).status_code == 404
    assert carol.get(url).status_code == 404
    assert TestClient(clinic_app, base_url="http://127.0.0.1").get(url).status_code == 401

    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    r = carol.get(url)
    assert r.status_code == 200
    text = pdf_text(r.content)
    assert "alice" in text
    assert "alice private note" not in text  # sharing an assessment does not share the diary
    assert f"/my/assessments/{a_id}/report.pdf" in carol.get("/clinic").text
    assert carol.get(f"/my/assessments/{a_id}/report.pdf").status_code == 200


def test_programme_api_and_progress_page(app: FastAPI, client: TestClient) -> None:
    r = client.get("/api/v1/programme")
    assert r.status_code == 404 and r.json()["field"] == "programme"

    store = app.state.store
    start = date.today() - timedelta(days=8)
    store.save_programme_state(None, new_state(start_programme("neurogenic", 8), start, "test"))
    for d in range(0, 5):
        store.add_diary_entry(
            None, DiaryEntry(day=start + timedelta(days=d), walk_minutes=20, pain_now=2)
        )

    r = client.get("/api/v1/programme")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["current"]["week"] == 2 and body["history"][0]["status"] == "progress"
    assert store.get_programme_state(None)["current"]["week"] == 1  # reading changes nothing

    page = client.get("/progress").text
    assert "Your walking programme" in page and "Week 2:" in page
    assert "How past weeks went" in page


def test_start_the_walking_programme_from_the_plan_page(app: FastAPI, client: TestClient) -> None:
    import re

    s = first_answer(client)
    page = client.get(f"/plan?s={s}").text
    assert 'action="/programme/start"' in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    r = client.post("/programme/start", data={"s": s}, follow_redirects=False)
    assert r.status_code == 403  # no form token
    assert client.get("/api/v1/programme").status_code == 404

    r = client.post("/programme/start", data={"csrf": csrf, "s": s}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/progress"
    saved = app.state.store.get_programme_state(None)
    assert saved["current"]["week"] == 1 and saved["basis"] == "web plan"
    assert "Week 1:" in client.get("/progress").text

    # a second start does not silently throw the running programme away
    r = client.post(
        "/programme/start", data={"csrf": csrf, "s": s}, headers={"accept": "text/html"}
    )
    assert r.status_code == 409 and "already have a walking programme (week 1)" in r.text
    r = client.post(
        "/programme/start", data={"csrf": csrf, "s": s, "replace": "true"}, follow_redirects=False
    )
    assert r.status_code == 303

    r = client.post("/programme/start", data={"csrf": csrf, "s": ""}, follow_redirects=False)
    assert r.status_code == 422


def test_small_and_large_probabilities_are_never_rounded_to_0_or_100(tmp_path) -> None:
    """Journey check (clinic pre-assessment): the PDF said '0%' for a cause the web page calls
    'under 1%', which reads as ruled out; both now share one wording."""
    from backstride.report.pdf import write_pdf
    from backstride.report.summary import build_summary, percent_text
    from backstride.web.app import _pct

    conditions = [
        {"id": f"c{i}", "name": f"Cause {i}", "probability": p, "reasons_for": []}
        for i, p in enumerate((0.996, 0.003, 0.001))
    ]
    result = {"urgency": {"level": "doctor", "label": "See a doctor"}, "conditions": conditions}
    summary = build_summary(result=result, answers={})
    write_pdf(summary, tmp_path / "s.pdf")
    text = pdf_text((tmp_path / "s.pdf").read_bytes())
    assert "over 99%" in text and text.count("under 1%") == 2
    assert " 0% " not in f" {text} " and "100%" not in text
    assert [percent_text(p) for p in (0, 0.004, 0.5, 0.996, 1)] == [
        "0%",
        "under 1%",
        "50%",
        "over 99%",
        "100%",
    ]
    assert _pct(0.004) == percent_text(0.004)


def test_plan_page_shows_the_week_already_running_not_only_week_1(
    app: FastAPI, client: TestClient
) -> None:
    from datetime import date

    from backstride.diary.adapt import new_state
    from backstride.plan.walking import start_programme

    s = first_answer(client)
    page = client.get(f"/plan?s={s}").text
    assert "You are on week" not in page and "Start this walking programme" in page
    week5 = replace(start_programme("neurogenic", tolerance_minutes=8), week=5, bout_minutes=9.0)
    app.state.store.save_programme_state(None, new_state(week5, date(2025, 3, 3), "test"))
    page = client.get(f"/plan?s={s}").text
    assert "You are on week 5 of your walking programme: Week 5:" in page
    assert "Start again from week 1" in page and "Start this walking programme" not in page
