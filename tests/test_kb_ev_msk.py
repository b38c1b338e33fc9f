"""Key study rows of the musculoskeletal and nerve causes (issue 13, helper ev-msk).

Each test pins a published figure to the weight the engine applies, so a later edit of the
table that stops applying the study as published fails here, not silently in a ranking.
"""

from __future__ import annotations

import pytest

from backstride.knowledge.cells import StudyCell


def _fidelity(kb, finding: str, condition: str):
    rows = [f for f in kb.fidelity if f.finding == finding and f.condition == condition]
    assert len(rows) == 1, (finding, condition)
    return rows[0]


def _p_yes(kb, finding: str, condition: str) -> float:
    return float(kb.likelihood[kb.row[(finding, "yes")], kb.condition_ids.index(condition)])


@pytest.mark.parametrize(
    ("finding", "lr_pos", "lr_neg"),
    [
        # Braun 2011, table 4: improvement by NSAIDs within 48 h 93.8% / 48.0%
        ("nsaid_relief", 0.938 / 0.52, 0.062 / 0.48),
        # Braun 2011, table 4: history of arthritis 10.6% / 95.7%
        ("joint_swelling", 0.106 / 0.043, 0.894 / 0.957),
    ],
)
def test_braun_primary_care_items_apply_their_published_lrs(kb, finding, lr_pos, lr_neg):
    fi = _fidelity(kb, finding, "axial_spondyloarthritis")
    assert fi.vs == ("all_other",)
    assert fi.published_pos == pytest.approx(lr_pos, rel=1e-6)
    assert fi.published_neg == pytest.approx(lr_neg, rel=1e-6)
    assert 1 / 1.5 <= fi.applied_pos / fi.published_pos <= 1.5
    assert 1 / 1.5 <= fi.applied_neg / fi.published_neg <= 1.5


@pytest.mark.parametrize(
    ("finding", "spec"),
    [
        ("morning_stiffness_long", 0.665),
        ("better_with_exercise_not_rest", 0.397),
        ("wakes_second_half_night", 0.575),
        ("alternating_buttock", 0.885),
        ("nsaid_relief", 0.48),
        ("joint_swelling", 0.957),
    ],
)
def test_braun_comparison_group_is_one_minus_specificity(kb, finding, spec):
    """The long-lasting non-specific pain cell is Braun's non-axSpA group, so it must agree
    with the specificity used for axial SpA."""
    cell = kb.evidence[(finding, "chronic_nonspecific")]
    assert isinstance(cell, StudyCell) and cell.study == "braun2011" and cell.vs == []
    assert _p_yes(kb, finding, "chronic_nonspecific") == pytest.approx(1 - spec, abs=1e-6)


def test_home_straight_leg_raise_uses_a_non_surgical_figure(kb):
    """The issue's example: the surgical pooled figure (sens 0.92) made a negative home test
    nearly rule sciatica out. The table now carries Capra 2011 (sciatic-pain outpatients,
    MRI reference): sensitivity 0.36, so a negative test only halves the odds at most."""
    cell = kb.evidence[("st_slr_leg_pain", "disc_radiculopathy")]
    assert isinstance(cell, StudyCell) and cell.study == "capra2011"
    assert _p_yes(kb, "st_slr_leg_pain", "disc_radiculopathy") == pytest.approx(0.36)
    j = kb.condition_ids.index("disc_radiculopathy")
    negative = kb.weight_vs_rest[kb.row[("st_slr_leg_pain", "no")], j]
    assert 0.5 <= negative < 1.0


@pytest.mark.parametrize("finding", ["nsaid_relief", "joint_swelling"])
def test_new_spa_questions_are_asked_only_under_50(kb, finding):
    """Like the SpA history question, these are asked where axial SpA is plausible."""
    gate = kb.findings[finding].ask_if
    assert gate is not None
    assert "age" in gate.model_dump_json() and "50" in gate.model_dump_json()
