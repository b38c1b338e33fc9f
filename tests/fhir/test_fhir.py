"""The FHIR R4 Bundle, checked by an independent model library (fhir.resources, R4B models:
R4B changes none of the resources used here) and round-tripped through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from backstride.fhir import build_bundle, write_fhir_bundle
from backstride.fhir import codes as C
from backstride.report.summary import collect_summary
from backstride.storage import Store
from tests.conftest import SMALL_KB
from tests.report.sample import DIARY_DAYS, ODI_LATER

BIN = str(Path(sys.executable).parent / "backstride")


@pytest.fixture
def summary(filled_db, small_kb):
    db, _ = filled_db
    with Store.open(str(db)) as store:
        return collect_summary(store, kb=small_kb, now=datetime(2025, 4, 20, 9, 0))


@pytest.fixture
def bundle_file(summary, tmp_path) -> Path:
    path = tmp_path / "bundle.json"
    write_fhir_bundle(summary, path)
    return path


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def with_code(bundle: dict, code: str) -> list[dict]:
    return [
        r
        for r in resources(bundle, "Observation")
        if any(c["code"] == code for c in r["code"]["coding"])
    ]


def test_independent_library_accepts_and_round_trips(bundle_file):
    text = bundle_file.read_text()
    parsed = Bundle.model_validate_json(text)
    assert parsed.type == "collection"
    again = json.loads(parsed.model_dump_json(exclude_none=True))
    assert again == json.loads(text)


def test_every_reference_points_inside_the_bundle(bundle_file):
    bundle = json.loads(bundle_file.read_text())
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if "reference" in node:
                refs.append(node["reference"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(bundle["entry"])
    assert refs and set(refs) <= urls
    assert len(urls) == len(bundle["entry"])  # no two resources share an id


def test_patient_is_minimal(bundle_file):
    bundle = json.loads(bundle_file.read_text())
    (patient,) = resources(bundle, "Patient")
    assert patient["gender"] == "female"
    assert "name" not in patient  # the local person has no real name stored
    (age,) = with_code(bundle, C.AGE.code)
    assert age["valueQuantity"] == {"value": 67, "unit": "years", "system": C.UCUM, "code": "a"}


def test_questionnaire_responses_use_item_ids_and_own_canonical(bundle_file):
    bundle = json.loads(bundle_file.read_text())
    qrs = [
        q
        for q in resources(bundle, "QuestionnaireResponse")
        if q["questionnaire"] != C.questionnaire_url("backstride-interview")
    ]
    assert len(qrs) == 6  # ODI x2, STarT Back x2, ZCQ, SSHQ
    odi = [q for q in qrs if q["questionnaire"] == C.questionnaire_url("odi")]
    assert len(odi) == 2
    latest = max(odi, key=lambda q: q["authored"])
    assert latest["authored"] == "2025-04-10T10:00:00Z"
    answers = {i["linkId"]: i["answer"][0]["valueCoding"] for i in latest["item"]}
    assert set(answers) == set(ODI_LATER)  # sex life was skipped: no item for it
    assert answers["pain_intensity"]["code"] == str(ODI_LATER["pain_intensity"])
    assert answers["pain_intensity"]["extension"][0]["valueDecimal"] == ODI_LATER["pain_intensity"]
    assert all(q["questionnaire"].startswith(C.BASE) for q in qrs)


def test_loinc_coded_observations(bundle_file):
    bundle = json.loads(bundle_file.read_text())
    pain = with_code(bundle, "72514-3")
    assert len(pain) == DIARY_DAYS
    assert pain[0]["valueQuantity"]["value"] == 7 and pain[0]["effectiveDateTime"] == "2025-03-03"
    steps = with_code(bundle, "41950-7")
    assert [s["valueQuantity"]["value"] for s in steps] == [3000 + 90 * i for i in range(10)]
    assert steps[0]["valueQuantity"]["code"] == "/d"
    odi = sorted(with_code(bundle, "97909-6"), key=lambda o: o["effectiveDateTime"])
    assert [round(o["valueQuantity"]["value"], 1) for o in odi] == [46.7, 26.7]
    assert odi[0]["derivedFrom"][0]["reference"].startswith("urn:uuid:")
    sb = sorted(with_code(bundle, "91351-7"), key=lambda o: o["effectiveDateTime"])
    assert [o["valueQuantity"]["value"] for o in sb] == [8, 5]
    group = sb[0]["component"][1]["valueCodeableConcept"]["text"]
    assert group == "High risk"


def test_walks_and_tolerance_use_local_codes_where_no_loinc_exists(bundle_file):
    bundle = json.loads(bundle_file.read_text())
    walks = with_code(bundle, C.WALK.code)
    assert len(walks) == 3
    parts = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in walks[0]["component"]}
    assert parts["55423-8"]["value"] == 1500  # steps in this walk (LOINC)
    assert parts["55411-3"] == {"value": 15, "unit": "min", "system": C.UCUM, "code": "min"}
    assert parts[C.WALK_DISTANCE.code]["value"] == 1100
    assert walks[0]["effectivePeriod"] == {
        "start": "2025-03-05T09:00:00Z",
        "end": "2025-03-05T09:15:00Z",
    }
    tolerance = with_code(bundle, C.TOLERANCE.code)
    assert len(tolerance) == DIARY_DAYS
    assert all(o["code"]["coding"][0]["system"] == C.LOCAL for o in walks + tolerance)


def test_risk_assessment_has_the_differential(bundle_file, summary):
    bundle = json.loads(bundle_file.read_text())
    (ra,) = resources(bundle, "RiskAssessment")
    got = [(p["outcome"]["coding"][0]["code"], p["probabilityDecimal"]) for p in ra["prediction"]]
    want = [(c["id"], round(c["probability"], 4)) for c in summary["differential"]]
    assert got == want
    basis = {b["reference"] for b in ra["basis"]}
    qr_urls = {
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }
    assert qr_urls <= basis
    assert any(n["text"].startswith("Urgency:") for n in ra["note"])
    assert "F1? yes (Tester 2020)" in ra["prediction"][0]["rationale"]


def test_care_plan_lists_the_plan(bundle_file, summary):
    bundle = json.loads(bundle_file.read_text())
    (plan,) = resources(bundle, "CarePlan")
    assert plan["status"] == "active" and plan["intent"] == "plan"
    assert [a["detail"]["description"] for a in plan["activity"]] == summary["plan_lines"]


def test_same_data_same_bundle(summary):
    assert build_bundle(summary) == build_bundle(summary)


def test_write_from_a_store(filled_db, tmp_path, monkeypatch):
    db, _ = filled_db
    monkeypatch.setenv("BACKSTRIDE_KB_DIR", str(SMALL_KB))
    path = tmp_path / "from-store.json"
    with Store.open(str(db)) as store:
        bundle = write_fhir_bundle(store, path)
    assert json.loads(path.read_text()) == bundle
    Bundle.model_validate(bundle)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKSTRIDE_KB_DIR": str(SMALL_KB)}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_export_fhir(filled_db, tmp_path):
    db, _ = filled_db
    out = tmp_path / "export.json"
    r = _run("export-fhir", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    parsed = Bundle.model_validate_json(out.read_text())
    kinds = {e.resource.get_resource_type() for e in parsed.entry}
    assert kinds == {
        "Patient",
        "QuestionnaireResponse",
        "Observation",
        "RiskAssessment",
        "CarePlan",
    }


def test_cli_export_fhir_unknown_person(filled_db, tmp_path):
    db, _ = filled_db
    r = _run("export-fhir", str(tmp_path / "x.json"), "--db", str(db), "--person", "Nobody")
    assert r.returncode == 2
    assert "'Nobody'" in r.stderr and "People stored: Me" in r.stderr
    assert not (tmp_path / "x.json").exists()


def test_interview_answers_and_pertinent_negatives(bundle_file, summary):
    """The interview answers as a QuestionnaireResponse (validated above with the rest of the
    bundle); red flags asked and answered no are listed as pertinent negatives."""
    bundle = json.loads(bundle_file.read_text())
    (qr,) = [
        q
        for q in resources(bundle, "QuestionnaireResponse")
        if q["questionnaire"] == C.questionnaire_url("backstride-interview")
    ]
    items = {i["linkId"]: i for i in qr["item"]}
    answers = summary["assessment"]["answers"]["answers"]
    assert set(items) == {f for f in answers if f in {r["finding"] for r in summary["interview"]}}
    assert items and all(i["text"] and i["answer"] for i in items.values())
    (ra,) = resources(bundle, "RiskAssessment")
    assert qr_ref(bundle, qr) in {b["reference"] for b in ra["basis"]}
    assert [n["finding"] for n in summary["pertinent_negatives"]] == ["rf"]  # rf: no
    note = next(n["text"] for n in ra["note"] if n["text"].startswith("Pertinent negatives"))
    assert "RF: no" in note


def qr_ref(bundle, res):
    return next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"] is res or e["resource"] == res
    )
