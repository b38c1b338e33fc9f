"""No guideline scenario (benchmarks/guidelines/scenarios.yaml) is sent for care later than its
guideline says: neither on its stated answers nor through the real interview.

The scenarios under-called today are marked xfail(strict=True) with the reason; each is
described in BENCHMARKS.md ("Guideline scenarios (session 15)", and "Guideline scenarios, third
round (session 16)" for the r3_ ones) with the change that would fix it. When a change fixes
one, its xfail fails and the mark must be removed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency

ROOT = Path(__file__).resolve().parents[1]


def load_runner() -> Any:
    spec = importlib.util.spec_from_file_location(
        "guideline_run", ROOT / "benchmarks/guidelines/run.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


run = load_runner()
SCENARIOS = run.load_scenarios()

#: under-called today; see BENCHMARKS.md for what would fix each
UNDER_CALLED: dict[str, str] = {}


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def results(real_kb: KnowledgeBase) -> dict[str, Any]:
    return {sc["id"]: run.run_scenario(real_kb, sc) for sc in SCENARIOS}


def _params() -> list[Any]:
    out = []
    for sc in SCENARIOS:
        marks = []
        if sc["id"] in UNDER_CALLED:
            marks.append(pytest.mark.xfail(strict=True, reason=UNDER_CALLED[sc["id"]]))
        out.append(pytest.param(sc["id"], id=sc["id"], marks=marks))
    return out


@pytest.mark.parametrize("sid", _params())
def test_scenario_is_not_under_called(results, sid):
    r = results[sid]
    assert Urgency[r.stated] >= Urgency[r.expected], f"stated answers: {r.stated} < {r.expected}"
    assert Urgency[r.interview] >= Urgency[r.expected], (
        f"interview: {r.interview} < {r.expected}; key {r.key}, asked {r.key_asked}"
    )


def test_the_scenarios_are_well_formed_and_cover_the_topics(real_kb):
    ids = [sc["id"] for sc in SCENARIOS]
    assert len(ids) == len(set(ids)), "scenario ids must be unique"
    assert 90 <= len(ids) <= 220
    for sc in SCENARIOS:
        run.check_scenario(real_kb, sc)  # raises on an unknown finding, answer or level
    assert set(UNDER_CALLED) <= set(ids), "an xfail names a scenario that does not exist"
    topics = {sc["topic"] for sc in SCENARIOS}
    for needed in (
        "cauda equina",
        "spinal metastases / MSCC",
        "spinal infection",
        "vertebral fracture",
        "aortic aneurysm",
        "peripheral arterial disease",
        "axial spondyloarthritis",
        "non-specific low back pain",
        "sciatica",
    ):
        assert needed in topics, needed
    levels = {sc["expected_urgency"] for sc in SCENARIOS}
    assert levels == {u.name for u in Urgency}, "every level should be expected somewhere"


def test_the_runner_notices_an_under_call(real_kb):
    """A made-up person the guideline would send to A&E, with nothing Backstride acts on."""
    sc = {
        "id": "made_up",
        "topic": "check",
        "source": {"name": "none", "year": 2026, "section": "-", "url": "-"},
        "guideline": "-",
        "age": 30,
        "sex": "female",
        "answers": {"onset_lifting": "yes", "duration_weeks": 1},
        "key": ["onset_lifting"],
        "expected_urgency": "emergency",
        "red_flags_absent": True,
    }
    r = run.run_scenario(real_kb, sc)
    assert r.under_stated and r.under_interview and r.under
    assert run.summary([r])["emergencies missed (either way)"] == 1
    with pytest.raises(ValueError, match="not one of Backstride's findings"):
        run.check_scenario(real_kb, {**sc, "answers": {"no_such_finding": "yes"}})
