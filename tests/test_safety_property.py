"""The safety case as a property: every guideline feature of every serious condition
(docs/safety_features.yaml) is asked of the people it applies to and gives at least its urgency.

For each feature, Hypothesis picks an age and sex the feature applies to and random answers to
every other question the interview asks (any state, or "don't know"); the person says the
feature's answers whenever they are asked. Random answers can only add to what is asked (every
gate is a "yes" or an age), so a feature that is not asked is a gap in the interview, not luck.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.engine import UNKNOWN
from backstride.knowledge import load_kb
from backstride.knowledge.schema import Finding, Urgency

from .test_safety_scenarios import interview, outcome

FEATURES_FILE = Path(__file__).resolve().parents[1] / "docs" / "safety_features.yaml"
SECTIONS = yaml.safe_load(FEATURES_FILE.read_text())
FEATURES = [(s["condition"], f) for s in SECTIONS for f in s["features"]]
KB = load_kb()
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def random_value(data: Any, f: Finding) -> Any:
    if f.type == "number":
        assert f.number is not None
        return data.draw(
            st.one_of(st.just(UNKNOWN), st.integers(int(f.number.min), int(f.number.max)))
        )
    return data.draw(st.sampled_from([*f.states, UNKNOWN]))


def test_the_feature_file_names_real_questions_conditions_and_citations():
    cites = set(KB.citations)
    for condition, f in FEATURES:
        assert condition in KB.conditions or condition == "neuro_progressive", condition
        assert Urgency[f["urgency"]]
        assert f.get("asked", "always") in ("always", "adaptive", "follow_up"), f["id"]
        for fid, value in f["answers"].items():
            finding = KB.findings[fid]
            if finding.type != "number":
                assert value in finding.states, (f["id"], fid, value)
        assert set(f["guideline"]) <= cites, f["id"]


@pytest.mark.parametrize(("condition", "feature"), FEATURES, ids=[f["id"] for _, f in FEATURES])
def test_feature_is_asked_of_those_it_applies_to_and_gives_its_urgency(condition, feature):
    lo, hi = feature.get("age_min", 16), feature.get("age_max", 110)
    sexes = [feature["sex"]] if "sex" in feature else ["female", "male"]
    least = Urgency[feature["urgency"]]
    asked_how = feature.get("asked", "always")
    always = asked_how == "always"

    @SETTINGS
    @given(st.integers(lo, hi), st.sampled_from(sexes), st.data())
    def check(age, sex, data):
        answers, asked = interview(
            KB, age, sex, feature["answers"], default=lambda f: random_value(data, f)
        )
        if always:
            missing = set(feature["answers"]) - set(asked)
            assert not missing, f"{feature['id']}: not asked at {age} ({sex}): {missing}"
        elif asked_how == "follow_up":  # the first is always asked, the rest follow from it
            first = next(iter(feature["answers"]))
            assert first in asked, f"{feature['id']}: {first} not asked at {age} ({sex})"
        else:
            for fid, value in feature["answers"].items():
                answers = answers.with_answer(fid, value)
        level, fired = outcome(KB, answers)
        assert level >= least, f"{feature['id']}: {level.name} < {least.name}; fired {fired}"

    check()


def test_every_serious_condition_has_features():
    covered = {c for c, _ in FEATURES}
    serious = {"cauda_equina", "spinal_malignancy", "spinal_infection", "vertebral_fracture"}
    serious |= {"aortic_aneurysm", "visceral_renal"}
    assert serious <= covered
