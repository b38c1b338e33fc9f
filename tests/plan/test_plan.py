"""The self-care plan: condition profiles through the real engine, hand-written results,
data integrity, seed coverage, and reading level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride.engine import assess
from backstride.knowledge.selftests import load_selftests
from backstride.plan import build_plan, to_markdown
from backstride.plan.build import walking_programme
from backstride.plan.data import check_against_kb, load_plan_data

from ..selftests.readability import mean_grade, worst

PROFILES = Path(__file__).parent / "profiles"


def profile(name: str) -> dict:
    return json.loads((PROFILES / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def plans(kb):
    out = {}
    for name in ("stenosis", "muscular", "sciatica", "vascular", "emergency"):
        data = profile(name)
        result = assess(kb, data).to_dict()
        out[name] = (result, build_plan(result, data, kb))
    return out


def ids(items) -> list[str]:
    return [i.id for i in items]


# ---------------------------------------------------------------- profiles (table)
@pytest.mark.parametrize(
    ("name", "top", "level", "walking", "must_have", "must_not_have"),
    [
        (
            "stenosis",
            "lumbar_stenosis",
            "doctor",
            "neurogenic",
            {
                "knee_to_chest",
                "seated_forward_bend",
                "bike_forward_lean",
                "stenosis_lean",
                "stenosis_card",
            },
            {"repeated_press_up", "hip_flexor_stretch", "vascular_card"},
        ),
        (
            "muscular",
            "nonspecific_mechanical",
            "self_care",
            "general",
            # One-sided flank pain worse on side-bending makes the side-of-back muscle (QL) the
            # second cause (about 20%): its self-massage comes in. The strength slots go to the
            # exercises that suit a lifting strain (bird dog, bridge), which the leading cause
            # (about 76%) outscores the side plank for.
            {"bird_dog", "bridge", "muscle_card", "self_massage", "desk_setup"},
            {"stenosis_lean", "knee_to_chest", "sn_vascular", "pro_surgery"},
        ),
        (
            "sciatica",
            "disc_radiculopathy",
            "doctor",
            "general",
            {"nerve_glide", "direction_card", "pro_surgery", "bird_dog"},
            {"stenosis_lean", "knee_to_chest", "repeated_press_up"},
        ),
        pytest.param(
            "vascular",
            "vascular_claudication",
            "doctor",
            "vascular",
            {"sn_vascular", "vascular_card", "bike_forward_lean"},
            {"stenosis_lean", "stenosis_card"},
            id="vascular",
            # With the primary-care priors (stenosis 10% against arteries 2% in a man of 67)
            # and the arterial cells still mostly unfilled, stenosis reaches 20% in this
            # profile and the plan adds its advice; the filled cells should bring it down.
            marks=pytest.mark.xfail(strict=False, reason="stenosis at 20% until cells are filled"),
        ),
    ],
)
def test_profile_plans(plans, name, top, level, walking, must_have, must_not_have):
    result, plan = plans[name]
    assert result["conditions"][0]["id"] == top
    assert plan.urgency["level"] == level and not plan.emergency
    assert plan.walking["cause"] == walking
    present = set(
        ids(plan.exercises)
        + ids(plan.habits)
        + ids(plan.education)
        + ids(plan.safety_net)
        + ids(plan.options)
    )
    assert must_have <= present, must_have - present
    assert not (must_not_have & present), must_not_have & present
    assert 3 <= len(plan.exercises) <= 6
    assert {"sn_emergency", "sn_urgent", "sn_doctor"} <= set(ids(plan.safety_net))
    for e in plan.exercises:  # every exercise has its dose, feel, avoid and evidence
        assert e.dose and e.should_feel and e.avoid and e.progression and e.evidence.label


def test_emergency_plan_is_only_the_emergency_advice(plans):
    result, plan = plans["emergency"]
    assert result["urgency"]["level"] == "emergency"
    assert plan.emergency
    assert (
        plan.exercises == [] and plan.habits == [] and plan.education == [] and plan.options == []
    )
    assert plan.walking is None
    md = to_markdown(plan)
    assert (
        "EMERGENCY" in md
        and "Exercises" not in md
        and "walking programme" not in md.lower().replace("a walking programme until", "")
    )
    assert any("Do not start any exercises" in s for s in plan.now)


def test_walking_programme_uses_the_persons_walking_time(plans):
    _, plan = plans["stenosis"]
    assert plan.walking["tolerance_minutes"] == 8
    assert plan.walking["bout_minutes"] == 6.0
    assert "sit down or bend forward" in plan.walking["rest"]
    _, vplan = plans["vascular"]
    assert "stand still" in vplan.walking["rest"] and vplan.walking["pain_limit"] == 6


def test_plan_json_is_serialisable_and_names_its_sources(plans, kb):
    for _, plan in plans.values():
        d = json.loads(json.dumps(plan.to_dict()))
        assert set(d) >= {
            "urgency",
            "now",
            "safety_net",
            "exercises",
            "walking",
            "habits",
            "education",
            "options",
            "sources",
        }
        for cid in d["sources"]:
            assert cid in kb.citations


def test_markdown_sections_in_order(plans):
    md = to_markdown(plans["stenosis"][1])
    heads = [
        "## 1. What to do now",
        "### Safety net",
        "## 2. Exercises",
        "## 3. Walking",
        "## 4. Good to know",
        "## 5. Treatments",
        "## Sources",
    ]
    positions = [md.index(h) for h in heads]
    assert positions == sorted(positions)
    assert "Hayden et al. 2021" in md or "Whitman et al. 2006" in md


# ---------------------------------------------------------------- hand-written results (contract)
def result(
    level: str,
    conditions: list[tuple[str, str, float]],
    factors: tuple[str, ...] = (),
    red_flags=(),
):
    return {
        "kb_version": "test",
        "urgency": {"level": level, "label": level, "advice": f"advice for {level}", "reasons": []},
        "red_flags": [
            {
                "id": r,
                "name": r,
                "urgency": level,
                "advice": f"do {r}",
                "clinician_note": "",
                "sources": [],
            }
            for r in red_flags
        ],
        "conditions": [
            {
                "id": i,
                "name": i.replace("_", " ").title(),
                "clinical_name": i,
                "category": c,
                "serious": False,
                "probability": p,
                "reasons_for": [],
                "reasons_against": [],
            }
            for i, c, p in conditions
        ],
        "factors": [{"id": f, "name": f, "summary": ""} for f in factors],
        "next_questions": [],
        "self_tests": [],
    }


def test_directional_preference_gets_press_ups_unless_stenosis():
    r = result("self_care", [("discogenic", "disc", 0.7)])
    with_dp = build_plan(r, {"answers": {"centralises": "yes"}})
    without = build_plan(r, {"answers": {"centralises": "no"}})
    assert "repeated_press_up" in ids(with_dp.exercises)
    assert "repeated_press_up" not in ids(without.exercises)
    sten = build_plan(
        result("self_care", [("lumbar_stenosis", "stenosis", 0.7)]),
        {"answers": {"centralises": "yes"}},
    )
    assert "repeated_press_up" not in ids(sten.exercises)


@pytest.mark.parametrize(
    ("answers", "factors", "expected"),
    [
        ({"st_hip_flexors_tight": "yes"}, (), "hip_flexor_stretch"),
        ({}, ("tight_hip_flexors",), "hip_flexor_stretch"),
        ({"st_hamstrings_tight": "yes"}, (), "hamstring_stretch"),
        ({"st_piriformis_stretch_pain": "yes"}, (), "piriformis_stretch"),
        ({"st_single_leg_poor": "yes"}, (), "side_lying_leg_lift"),
    ],
)
def test_self_test_results_and_factors_add_exercises(answers, factors, expected):
    base = result("self_care", [("nonspecific_mechanical", "nonspecific", 0.9)])
    assert expected not in ids(build_plan(base, {"answers": {}}).exercises)
    r = result("self_care", [("nonspecific_mechanical", "nonspecific", 0.9)], factors)
    assert expected in ids(build_plan(r, {"answers": answers}).exercises)


def test_urgent_plan_says_wait_for_the_doctor_before_exercises():
    plan = build_plan(
        result("urgent", [("vertebral_fracture", "bone", 0.4)], red_flags=("fracture_risk",)), {}
    )
    assert "Wait until a doctor has checked you" in plan.exercise_note
    assert plan.red_flags[0]["advice"] == "do fracture_risk"


@pytest.mark.parametrize(
    ("conditions", "answers", "cause"),
    [
        ([("lumbar_stenosis", "stenosis", 0.6)], {}, "neurogenic"),
        (
            [("nonspecific_mechanical", "nonspecific", 0.6)],
            {"relief_by": "sitting_or_bending"},
            "neurogenic",
        ),
        (
            [("vascular_claudication", "vascular", 0.6), ("lumbar_stenosis", "stenosis", 0.3)],
            {},
            "vascular",
        ),
        (
            [("vascular_claudication", "vascular", 0.3), ("lumbar_stenosis", "stenosis", 0.5)],
            {},
            "neurogenic",
        ),
        ([("aortic_aneurysm", "vascular", 0.6)], {}, "general"),  # not claudication
        ([("nonspecific_mechanical", "nonspecific", 0.9)], {}, "general"),
    ],
)
def test_walking_cause(conditions, answers, cause):
    assert walking_programme(result("doctor", conditions), {"answers": answers})["cause"] == cause
    limited = {"answers": {**answers, "legs_give_way_walking": "yes"}}
    assert build_plan(result("doctor", conditions), limited).walking["cause"] == cause


def test_walking_distance_in_metres_is_used_when_minutes_are_missing():
    plan = build_plan(
        result("self_care", [("nonspecific_mechanical", "nonspecific", 0.9)]),
        {"answers": {"walk_metres": 500}},
    )
    assert plan.walking["tolerance_minutes"] == 10


# ---------------------------------------------------------------- data integrity and coverage
def test_plan_data_references_resolve(kb):
    assert check_against_kb(kb) == []


#: SEEDS_CHECKLIST.md "Checks a person can do" and "Self-care and treatment": each bullet and
#: the seed keys (or self-test ids) that give it its place.
SEED_ITEMS = {
    "sitting/standing/walking pattern": {"what_makes_it_worse"},
    "piriformis test": {"selftest:seated_piriformis"},
    "90/90 hamstring test": {"selftest:hamstring_9090"},
    "lumbar extension range": {"selftest:extension_range"},
    "clinician movement assessment": {"clinician_movement_check"},
    "trigger-point massage QL and piriformis": {"trigger_point_massage"},
    "iliacus/psoas release; hip flexor lunge stretch": {"psoas_release", "hip_flexor_stretch"},
    "piriformis stretching": {"piriformis_stretch"},
    "glute activation": {"glute_activation"},
    "core strengthening": {"core_strength"},
    "stretches: forward bend, cat-camel, child's pose, daily routine": {
        "seated_forward_bend",
        "cat_camel",
        "childs_pose",
        "daily_stretch_routine",
    },
    "walking posture": {"walking_posture"},
    "shorter strides": {"shorter_strides"},
    "stay active but smart": {"stay_active"},
    "walk regularly; wider benefits": {"walk_regularly", "walking_benefits"},
    "stenosis forward lean": {"stenosis_flexion"},
    "desk ergonomics": {"desk_ergonomics"},
    "footwear": {"footwear"},
    "treadmill choice": {"treadmill"},
    "weight, diet, stress, beliefs, gradual return": {
        "weight_diet",
        "stress_beliefs",
        "positive_beliefs",
        "gradual_return",
    },
    "leg soreness home care": {"leg_soreness"},
    "professional: physio, chiro, massage": {"professional_physio", "professional_massage"},
    "professional: medicines incl. opioid risks, antidepressants": {"professional_medicines"},
    "professional: counselling/CBT": {"professional_counselling"},
    "professional: injections": {"professional_injections"},
    "professional: acupuncture, biofeedback, TENS": {"professional_acupuncture_tens"},
    "professional: surgery": {"professional_surgery"},
}


def test_every_seed_item_has_its_place():
    data = load_plan_data()
    keys = {s for item in [*data.exercises, *data.advice, *data.education] for s in item.seeds}
    keys |= {f"selftest:{t.id}" for t in load_selftests()}
    missing = {name: want for name, want in SEED_ITEMS.items() if not (want <= keys)}
    assert not missing


def test_evidence_statements_are_honest_for_weak_items():
    data = load_plan_data()
    by_id = {i.id: i for i in [*data.exercises, *data.advice]}
    assert by_id["self_massage"].evidence.level == "low"
    assert by_id["treadmill"].evidence.level == "none"
    assert by_id["hip_flexor_stretch"].evidence.level == "no_benefit"
    assert "hatefi2021" in by_id["hip_flexor_stretch"].evidence.sources
    assert (
        "opioids" in by_id["pro_medicines"].text.lower()
        and "addiction" in by_id["pro_medicines"].text
    )
    assert "mixed" in by_id["pro_surgery"].text


def test_plan_text_reads_at_about_age_12(plans):
    texts = [s for _, plan in plans.values() for s in plan.all_text()]
    assert mean_grade(texts) <= 8.0, worst(texts)


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        # a clear vascular story: stenosis at 12% is under a quarter of 69%, so it does not shape it
        (
            [("vascular_claudication", "vascular", 0.69), ("lumbar_stenosis", "stenosis", 0.12)],
            ["vascular_claudication"],
        ),
        # a mixed picture: both are at least a quarter of the leader, both shape the plan
        (
            [("vascular_claudication", "vascular", 0.4), ("lumbar_stenosis", "stenosis", 0.12)],
            ["vascular_claudication", "lumbar_stenosis"],
        ),
        # under 10% never shapes the plan, however close to the leader
        (
            [("si_joint", "joint", 0.12), ("facet_joint", "joint", 0.09)],
            ["si_joint"],
        ),
    ],
)
def test_likely_causes_need_a_share_of_the_leading_cause(conditions, expected):
    plan = build_plan(result("doctor", conditions), {"answers": {}})
    assert [c["id"] for c in plan.likely] == expected


FORWARD_BENDS = {"knee_to_chest", "seated_forward_bend", "childs_pose"}


def test_no_forward_bending_stretch_when_bending_forward_hurts(kb):
    """A 35-year-old with a strained back after deadlifts whose pain is worse bending forward
    was given the seated forward bend ("open up the nerve spaces ... whenever walking brings on
    leg symptoms") and child's pose: the movement that hurts him, with words for stenosis."""
    data = profile("runner")
    data = {**data, "answers": {**data["answers"], "worse_bending_forward": "yes"}}
    plan = build_plan(assess(kb, data).to_dict(), data, kb)
    chosen = set(ids(plan.exercises))
    assert not chosen & FORWARD_BENDS, chosen
    assert len(chosen) >= 3  # other exercises take their places
    same = {**data, "answers": {**data["answers"], "worse_bending_forward": "no"}}
    others = set(ids(build_plan(assess(kb, same).to_dict(), same, kb).exercises))
    assert others & FORWARD_BENDS  # the rule, not the person, leaves them out
