"""The clinician's view of a patient (SQLite and PostgreSQL, through the web client): the
shared assessment always; the diary, scores, chart and programme only when the patient also
shares the diary; never anything for another clinician or patient."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import FastAPI

from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)
from tests.web.test_reports import pdf_text


def _log_walks(alice: Person) -> None:
    start = date.today() - timedelta(days=6)
    for i in range(4):
        body = {
            "day": (start + timedelta(days=i)).isoformat(),
            "pain_now": 6 - i,
            "walk_minutes": 10 + 2 * i,
            "onset_minutes": 5 + 2 * i,
            "symptom_reach": "below_knee",
            "notes": f"walk note {i}",
        }
        r = alice.post("/api/v1/diary", json=body)
        assert r.status_code == 201, r.text


def test_diary_is_shared_only_by_the_patients_choice(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, bob, carol, dave = (people[k] for k in ("alice", "bob", "carol", "dave"))
    a_id = alice.post("/api/v1/assessments", json={"age": 68, "answers": {"rf": "no"}}).json()["id"]
    _log_walks(alice)
    page = "/clinic/patients/alice"
    assert carol.get(page).status_code == 404  # shares nothing yet

    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    html = carol.get(page).text
    assert "Latest shared assessment" in html and 'id="differential"' in html
    assert "has not shared their diary" in html and "walk note 0" not in html
    assert carol.get(f"{page}/chart.svg").status_code == 404
    pdf = pdf_text(carol.get(f"/my/assessments/{a_id}/report.pdf").content)
    assert "No walks logged yet" in pdf and "walk note" not in pdf

    r = alice.post("/api/v1/diary/shares", json={"clinician": "carol"})
    assert r.status_code == 204
    assert alice.get("/api/v1/diary/shares").json() == ["carol"]
    html = carol.get(page).text
    assert "walk note 3" in html and 'id="diary"' in html and "has not shared" not in html
    assert "Minutes walking before symptoms: 5 → 11 (better)" in html
    chart = carol.get(f"{page}/chart.svg")
    assert chart.status_code == 200 and chart.content.lstrip().startswith((b"<?xml", b"<svg"))
    for url in (f"/my/assessments/{a_id}/report.pdf", f"{page}/report.pdf"):
        pdf = pdf_text(carol.get(url).content)
        assert "No walks logged yet" not in pdf
        assert "Minutes before symptoms: 5 → 11" in pdf
    assert "Shares their diary" in carol.get("/clinic").text

    # another clinician, another patient, an unknown name: all 404
    for who in (dave, bob):
        assert who.get(page).status_code == 404
        assert who.get(f"{page}/chart.svg").status_code == 404
        assert who.get(f"{page}/report.pdf").status_code == 404
    assert carol.get("/clinic/patients/bob").status_code == 404
    # sharing with a non-clinician is refused and names the field
    r = alice.post("/api/v1/diary/shares", json={"clinician": "bob"})
    assert r.status_code == 422 and r.json()["field"] == "clinician"

    # stopping the diary share hides it again; the shared assessment stays
    csrf = alice.form_csrf("/my")
    assert "Stop sharing my diary" in alice.get("/my").text
    alice.client.post("/my/diary/unshare", data={"csrf": csrf, "clinician": "carol"})
    html = carol.get(page).text
    assert "has not shared their diary" in html and "walk note" not in html
    assert carol.get(f"{page}/chart.svg").status_code == 404


def test_share_form_can_share_the_diary_too(people: dict[str, Person]) -> None:  # noqa: F811
    alice, carol = people["alice"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    _log_walks(alice)
    url = f"/my/assessments/{a_id}"
    assert 'name="diary"' in alice.get(url).text
    csrf = alice.form_csrf(url)
    alice.client.post(f"{url}/share", data={"csrf": csrf, "clinician": "carol"})
    assert "walk note" not in carol.get("/clinic/patients/alice").text  # box not ticked
    alice.client.post(f"{url}/share", data={"csrf": csrf, "clinician": "carol", "diary": "yes"})
    assert "walk note 1" in carol.get("/clinic/patients/alice").text


def test_pre_assessment_is_in_clinical_wording_with_its_evidence(
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check (a physio's pre-assessment): the differential's reasons were the patient's
    questions ("Do you ...? yes") with a bare author, not the finding's clinical label with the
    kind of evidence (study, description, estimate) and a study's likelihood ratio."""
    alice, carol = people["alice"], people["carol"]
    answers = {"rf": "no", "f1": "yes", "f2": "yes", "f3": "no", "where": "unknown"}
    body = {"age": 68, "sex": "male", "answers": answers}
    a_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    saved = alice.get(f"/api/v1/assessments/{a_id}").json()["result"]
    kinds = {r["kind"] for c in saved["conditions"] for r in c["reasons_for"]}
    html = carol.get("/clinic/patients/alice").text
    table = html.split('id="differential"', 1)[1].split("</table>", 1)[0]
    assert "Strongest answers for (weight; evidence: source)" in table
    assert "F1</span>: <strong>yes</strong>" in table
    assert "F1?" not in table.replace('title="F1?"', "")  # the question is only a tooltip
    for kind in kinds:
        assert f"; {kind}" in table, kind
    pdf = pdf_text(carol.get(f"/my/assessments/{a_id}/report.pdf").content)
    assert "F1: yes (" in pdf and "evidence: source" in pdf


def test_pre_assessment_names_age_sex_and_each_red_flag_with_its_rule_and_source(
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check: the clinician's page had no age or sex (only the PDF did), and a red flag
    was its patient wording alone, without the rule it came from or the guideline behind it."""
    alice, carol = people["alice"], people["carol"]
    body = {"age": 68, "sex": "male", "answers": {"rf": "yes"}}
    a_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    html = carol.get("/clinic/patients/alice").text
    assert "Age 68 · Male" in html.split('id="patient-details"', 1)[1].split("</p>", 1)[0]
    flags = html.split('id="red-flags"', 1)[1].split("</div>", 1)[0]
    assert "<strong>Test rule.</strong>" in flags
    assert "rule <code>rf_rule</code>, emergency" in flags
    assert "source: Tester 2020" in flags and "The red flag" in flags


def test_clinician_downloads_the_shared_pre_assessment_as_fhir(
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check: the FHIR R4 export was only `backstride export --fhir` on the server; a
    clinician in clinic mode had no way to take a shared pre-assessment into their records."""
    from fhir.resources.R4B.bundle import Bundle

    alice, bob, carol, dave = (people[k] for k in ("alice", "bob", "carol", "dave"))
    a_id = alice.post("/api/v1/assessments", json={"age": 68, "answers": {"rf": "no"}}).json()["id"]
    _log_walks(alice)
    url = "/clinic/patients/alice/fhir.json"
    assert carol.get(url).status_code == 404  # nothing shared yet
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    assert 'href="/clinic/patients/alice/fhir.json"' in carol.get("/clinic/patients/alice").text
    r = carol.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/fhir+json")
    assert "backstride-fhir-alice-" in r.headers["content-disposition"]
    Bundle.model_validate(r.json()) if hasattr(Bundle, "model_validate") else Bundle(**r.json())
    kinds = {e["resource"]["resourceType"] for e in r.json()["entry"]}
    assert {"Patient", "RiskAssessment"} <= kinds
    assert "walk note" not in r.text  # the diary is not shared
    for who in (dave, bob):
        assert who.get(url).status_code == 404
    assert carol.get("/clinic/patients/bob/fhir.json").status_code == 404


def test_each_patients_pdf_has_its_own_file_name(people: dict[str, Person]) -> None:  # noqa: F811
    """Journey check: every PDF a clinician downloaded was 'backstride-summary-DATE.pdf', so
    two patients' summaries overwrote or muddled each other in the downloads folder; and the
    clinician's PDF told them to run `backstride log`."""
    carol = people["carol"]
    for name in ("alice", "bob"):
        who = people[name]
        a_id = who.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
        who.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
        for url in (f"/my/assessments/{a_id}/report.pdf", f"/clinic/patients/{name}/report.pdf"):
            r = carol.get(url)
            assert f'filename="backstride-summary-{name}-' in r.headers["content-disposition"]
            assert "`backstride log`" not in pdf_text(r.content)


def test_a_first_questionnaire_score_comes_with_its_minimal_important_change(
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check: before the first visit there is one score per scale, and the page and PDF
    said only 'First score'; the clinician needs the MCID it will be judged against."""
    from backstride.instruments import load_spec

    alice, carol = people["alice"], people["carol"]
    a_id = alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).json()["id"]
    csrf = alice.form_csrf("/questionnaires/odi")
    odi = {i.id: "2" for i in load_spec("odi").items}
    r = alice.client.post("/questionnaires/odi", data={"csrf": csrf, **odi})
    assert r.status_code == 200
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    alice.post("/api/v1/diary/shares", json={"clinician": "carol"})
    mcid = "Oswestry Disability Index: MCID 10 percentage points, or 30% of the starting score"
    table = carol.get("/clinic/patients/alice").text.split('id="scores"', 1)[1]
    assert f"First score<br>{mcid} (Ostelo et al. 2008)" in table.split("</table>", 1)[0]
    pdf = pdf_text(carol.get("/clinic/patients/alice/report.pdf").content)
    assert "First score" in pdf and "MCID 10 percentage points" in pdf and "Ostelo" in pdf


def _check_bundle(text: str) -> dict:
    """As tests/fhir does: the independent models accept it and round-trip it unchanged, and
    every reference points at a resource inside the Bundle."""
    import json

    from fhir.resources.R4B.bundle import Bundle

    parsed = Bundle.model_validate_json(text)
    assert parsed.type == "collection"
    bundle = json.loads(text)
    assert json.loads(parsed.model_dump_json(exclude_none=True)) == bundle
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "reference" in node:
                refs.append(node["reference"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(bundle["entry"])
    assert refs and set(refs) <= urls and len(urls) == len(bundle["entry"])
    return bundle


def test_one_saved_assessment_as_fhir_for_its_owner_and_shared_clinicians_only(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check: the saved-assessment page had no FHIR link and the API had no FHIR
    export of one assessment; the Bundle follows the assessment's own access rules."""
    from fastapi.testclient import TestClient

    from backstride.fhir import codes as C

    alice, bob, carol, dave = (people[k] for k in ("alice", "bob", "carol", "dave"))
    body = {"age": 68, "sex": "male", "answers": {"rf": "yes"}}
    a_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    _log_walks(alice)
    api, page = f"/api/v1/assessments/{a_id}/fhir", f"/my/assessments/{a_id}/fhir.json"
    assert f'href="{page}"' in alice.get(f"/my/assessments/{a_id}").text

    r = alice.get(api)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/fhir+json")
    assert "content-disposition" not in r.headers and r.headers["cache-control"] == "no-store"
    bundle = _check_bundle(r.text)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "QuestionnaireResponse", "RiskAssessment"} <= kinds
    f = alice.get(page)
    assert (
        f.status_code == 200
        and 'filename="backstride-fhir-alice-' in f.headers["content-disposition"]
    )

    def predictions(b: dict) -> list:
        (ra,) = [
            e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "RiskAssessment"
        ]
        return ra["prediction"]

    assert predictions(f.json()) == predictions(r.json())  # the same content (times differ)

    # not shared yet: the other clinician, the clinician, the other patient all get a 404
    for who in (carol, dave, bob):
        r = who.get(api)
        assert r.status_code == 404 and r.json()["field"] == "assessment_id", r.text
        r = who.get(page)  # a page: the error page, saying what is missing
        assert r.status_code == 404 and f"no assessment {a_id} you can see" in r.text
    anon = TestClient(clinic_app, base_url="http://127.0.0.1")
    assert anon.get(api).status_code == 401
    assert alice.get(f"/api/v1/assessments/{a_id + 1000}/fhir").status_code == 404
    assert alice.get("/api/v1/assessments/0/fhir").status_code == 422

    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    r = carol.get(api)
    assert r.status_code == 200
    assert f'href="{page}"' in carol.get(f"/my/assessments/{a_id}").text
    pain = C.PAIN_0_10.code

    def pains(bundle: dict) -> int:
        return sum(
            1
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"
            and any(c["code"] == pain for c in e["resource"]["code"]["coding"])
        )

    assert pains(_check_bundle(r.text)) == 0  # the diary is not shared, so not in the Bundle
    assert pains(bundle) == 4  # the owner's own Bundle has her four diary pain scores
    assert dave.get(api).status_code == 404 and bob.get(api).status_code == 404
    alice.post("/api/v1/diary/shares", json={"clinician": "carol"})
    assert pains(_check_bundle(carol.get(api).text)) == 4
    alice.client.delete(
        f"/api/v1/assessments/{a_id}/shares/carol", headers={"X-CSRF-Token": alice.csrf}
    )
    assert carol.get(api).status_code == 404


def test_fhir_of_a_saved_assessment_in_single_person_mode(client) -> None:
    a_id = client.post("/api/v1/assessments", json={"age": 50, "answers": {"rf": "no"}}).json()[
        "id"
    ]
    r = client.get(f"/api/v1/assessments/{a_id}/fhir")
    assert r.status_code == 200
    _check_bundle(r.text)
    assert client.get(f"/api/v1/assessments/{a_id + 1}/fhir").status_code == 404
    assert f"/my/assessments/{a_id}/fhir.json" in client.get(f"/my/assessments/{a_id}").text


def test_the_differential_shows_answers_against_each_cause(
    people: dict[str, Person],  # noqa: F811
) -> None:
    """Journey check: the clinician's differential gave only the reasons for each cause."""
    alice, carol = people["alice"], people["carol"]
    body = {"age": 68, "answers": {"rf": "yes", "f1": "yes"}}
    a_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    html = carol.get("/clinic/patients/alice").text
    table = html.split('id="differential"', 1)[1].split("</table>", 1)[0]
    assert "Strongest answers against" in table
    rows = table.split("<tr>")[2:]  # after the header row
    assert len(rows) == 3
    first_for = rows[0].split('class="reasons-for">', 1)[1].split("</td>", 1)[0]
    first_against = rows[0].split('class="reasons-against">', 1)[1].split("</td>", 1)[0]
    assert ">RF</span>: <strong>" in first_for and ">F1</span>: <strong>" in first_against
    last_for = rows[2].split('class="reasons-for">', 1)[1].split("</td>", 1)[0]
    last_against = rows[2].split('class="reasons-against">', 1)[1].split("</td>", 1)[0]
    assert "none" in last_for
    assert last_against.index(">RF<") < last_against.index(">F1<")  # strongest first
    assert "(×0.04; " in last_against
    pdf = pdf_text(carol.get("/clinic/patients/alice/report.pdf").content)
    assert "− RF: " in pdf or "− RF:" in pdf.replace("\n", " ")


def test_clinician_pages_speak_to_the_clinician(people: dict[str, Person]) -> None:  # noqa: F811
    """Journey check: the clinician's urgency box and plan were the patient's sentences ("you
    should ...") and the menu was the patient's menu."""
    import re

    alice, carol = people["alice"], people["carol"]
    # a routine case first (it has a plan), then a red flag (an emergency has no plan)
    body = {"age": 68, "sex": "male", "answers": {"rf": "no", "f1": "yes", "f2": "yes"}}
    a_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    alice.post(f"/api/v1/assessments/{a_id}/shares", json={"clinician": "carol"})
    alice.post("/api/v1/diary/shares", json={"clinician": "carol"})
    html = carol.get("/clinic/patients/alice").text
    box = html.split('id="clinic-urgency"', 1)[1].split("</div>", 1)[0]
    assert "Triage: Routine review by a doctor or physiotherapist" in box
    assert re.search(r"<li>Condition B: posterior \d+%, at or above its action threshold", box)
    plan = html.split('id="plan"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", plan, re.S)
    assert items and all(i.startswith(("Exercise: ", "Patient leaflets: ")) for i in items)
    assert "While you wait" not in plan and "Advice:" not in plan

    # saved within the same second as the first (times are kept to the second): the page
    # still shows the one saved last (this failed on PostgreSQL, which orders ties freely)
    body = {"age": 68, "sex": "male", "answers": {"rf": "yes", "f1": "no"}}
    b_id = alice.post("/api/v1/assessments", json=body).json()["id"]
    alice.post(f"/api/v1/assessments/{b_id}/shares", json={"clinician": "carol"})
    html = carol.get("/clinic/patients/alice").text
    box = html.split('id="clinic-urgency"', 1)[1].split("</div>", 1)[0]
    assert "Triage: Emergency (same-day emergency assessment)" in box
    assert "<li>Test rule (red flag rf_rule)</li>" in box
    told = alice.get(f"/api/v1/assessments/{b_id}").json()["result"]["urgency"]["label"]
    assert f"Patient was told: “{told}”" in box
    assert not re.search(r"\byou(r)?\b", box.replace(told, ""), re.I), box

    assert 'id="plan"' not in html  # an emergency: no plan to show

    def menu(page: str) -> str:
        return page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]

    for url in ("/clinic", "/clinic/patients/alice", f"/my/assessments/{b_id}"):
        nav = menu(carol.get(url).text)
        assert 'href="/clinic">Patients' in nav and "Sign out" in nav, url
        assert "Check my back" not in nav and "My plan" not in nav and "Diary" not in nav, url
    nav = menu(alice.get("/my").text)
    assert "Check my back" in nav and "/clinic" not in nav
