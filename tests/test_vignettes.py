"""Validate the published-case benchmark set in benchmarks/vignettes/.

Reads findings.yaml directly with PyYAML so it runs before (and independently of) the engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VIGNETTES = ROOT / "benchmarks" / "vignettes"
FINDINGS_YAML = ROOT / "src" / "backstride" / "knowledge" / "data" / "findings.yaml"

CONDITIONS = {
    "nonspecific_mechanical",
    "chronic_nonspecific",
    "ql_myofascial",
    "piriformis_syndrome",
    "facet_joint",
    "si_joint",
    "discogenic",
    "spondylolisthesis",
    "lumbar_stenosis",
    "disc_radiculopathy",
    "peripheral_neuropathy",
    "hip_osteoarthritis",
    "vascular_claudication",
    "pelvic_stress_fracture",
    "pregnancy_pelvic_girdle",
    "visceral_renal",
    "axial_spondyloarthritis",
    "cauda_equina",
    "spinal_malignancy",
    "vertebral_fracture",
    "spinal_infection",
    "aortic_aneurysm",
}
RED_FLAG = {
    "cauda_equina",
    "spinal_malignancy",
    "spinal_infection",
    "vertebral_fracture",
    "aortic_aneurysm",
}
WALKING_LOOKALIKES = {
    "lumbar_stenosis",
    "vascular_claudication",
    "hip_osteoarthritis",
    "disc_radiculopathy",
}
URGENCIES = {"self_care", "doctor", "urgent", "emergency"}
KINDS = {"case_report", "textbook", "guideline_case", "symptom_checker_vignette"}
REQUIRED = {
    "id",
    "title",
    "source",
    "kind",
    "summary",
    "age",
    "sex",
    "answers",
    "diagnosis",
    "diagnosis_as_published",
    "urgency",
    "urgency_basis",
    "notes",
}
SPLITS = ("tuning", "heldout")
# Conference abstracts with no stored web address; the citation alone identifies them.
NO_LOCATOR = {"ql_kim_kps_2018"}


def _findings() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(FINDINGS_YAML.read_text(encoding="utf-8"))
    return {f["id"]: f for f in data}


def _case_files() -> list[Path]:
    return sorted(p for split in SPLITS for p in (VIGNETTES / split).glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


FINDINGS = _findings()
CASE_FILES = _case_files()


def answer_error(finding_id: str, value: object) -> str | None:
    """Return why `value` is not a valid state of `finding_id`, or None when it is valid."""
    finding = FINDINGS.get(finding_id)
    if finding is None:
        return f"unknown finding id {finding_id!r}"
    if finding_id in ("age", "sex"):
        return "age and sex belong at top level, not in answers"
    kind = finding["type"]
    if kind == "boolean":
        return (
            None
            if value in ("yes", "no", "unknown")
            else f"{finding_id}: {value!r} is not yes/no/unknown"
        )
    if kind == "choice":
        options = {o["id"] for o in finding["options"]} | {"unknown"}
        return None if value in options else f"{finding_id}: {value!r} not in {sorted(options)}"
    if kind == "number":
        if value == "unknown":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{finding_id}: {value!r} is not a number"
        spec = finding["number"]
        if not spec["min"] <= value <= spec["max"]:
            return f"{finding_id}: {value} outside {spec['min']}..{spec['max']}"
        return None
    return f"{finding_id}: unsupported finding type {kind!r}"


def test_answer_checker_rejects_bad_states() -> None:
    assert answer_error("fever", "yes") is None
    assert answer_error("fever", "maybe") is not None
    assert answer_error("symptom_reach", "thigh") is None
    assert answer_error("symptom_reach", "ankle") is not None
    assert answer_error("walk_minutes", 8) is None
    assert answer_error("walk_minutes", "8") is not None
    assert answer_error("walk_minutes", True) is not None
    assert answer_error("no_such_finding", "yes") is not None
    assert answer_error("age", 50) is not None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_is_valid(path: Path) -> None:
    case = _load(path)
    assert case.keys() >= REQUIRED, f"missing keys: {sorted(REQUIRED - case.keys())}"
    assert case["id"] == path.stem
    assert case["kind"] in KINDS
    assert case["diagnosis"] in CONDITIONS
    assert case["urgency"] in URGENCIES
    assert case["urgency_basis"].strip() and case["diagnosis_as_published"].strip()
    assert isinstance(case["source"], dict) and case["source"].get("citation", "").strip()
    if case["id"] not in NO_LOCATOR:
        assert any(case["source"].get(k) for k in ("url", "doi", "pmid")), (
            "source needs a url, doi or pmid"
        )
    assert isinstance(case["age"], int) and 16 <= case["age"] <= 110
    assert case["sex"] in ("female", "male")
    assert isinstance(case["answers"], dict)
    errors = [e for k, v in case["answers"].items() if (e := answer_error(k, v)) is not None]
    assert not errors, errors


def test_set_size_split_and_coverage() -> None:
    cases = [(p.parent.name, _load(p)) for p in CASE_FILES]
    ids = [c["id"] for _, c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids across splits"
    assert len(cases) >= 40
    held = sum(1 for split, _ in cases if split == "heldout")
    assert 0.5 <= held / len(cases) <= 0.7, "held-out share should be about 60%"
    diagnoses = [c["diagnosis"] for _, c in cases]
    assert sum(d in RED_FLAG for d in diagnoses) >= 10
    assert sum(d in WALKING_LOOKALIKES for d in diagnoses) >= 10
    assert {c["urgency"] for _, c in cases} == URGENCIES
    for split in SPLITS:
        assert any(s == split for s, _ in cases), f"empty split {split}"
