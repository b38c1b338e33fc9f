"""Typical presentations rank their condition first (issue 13).

The cases in typical.yaml were written from cited clinical descriptions before any scoring.
A case that does not rank first on today's evidence table is marked xfail (not strict) by
its id below, so the suite stays green while the evidence cells are being filled; the list
says which stories the table cannot yet tell apart. Never edit a case to make it pass.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from backstride.engine.answers import parse_answers
from backstride.engine.inference import posterior

CASES = yaml.safe_load((Path(__file__).parent / "typical.yaml").read_text(encoding="utf-8"))

#: cases that do not yet rank their condition first on the evidence table of this commit
NOT_YET_FIRST: set[str] = {
    "piriformis_buttock_sitting",  # 2nd; first: disc_radiculopathy
    "facet_extension_pain",  # 3rd; first: chronic_nonspecific
    "spondylolisthesis_degenerative",  # 2nd; first: lumbar_stenosis
    "spondylolysis_young_athlete",  # 6th; first: nonspecific_mechanical
    "ql_one_side_waistline",  # 2nd; first: nonspecific_mechanical
    # 2nd (0.19); first: chronic_nonspecific. Consistent with the evidence, not a gap in it:
    # Rudwaleit 2004 takes axial SpA from 5% of chronic back pain to 14% with inflammatory
    # back pain (LR+ 3.1), and the items' primary-care figures (Braun 2011) are weaker still.
    "inflammatory_back_pain",
    "symptomatic_aortic_aneurysm",  # 2nd; first: visceral_renal
}


def _params():
    for case in CASES:
        marks = (
            [pytest.mark.xfail(strict=False, reason="not yet ranked first by today's table")]
            if case["id"] in NOT_YET_FIRST
            else []
        )
        yield pytest.param(case, id=case["id"], marks=marks)


def _ranking(kb, case) -> list[str]:
    answers = parse_answers(
        kb, {"age": case["age"], "sex": case["sex"], "answers": case["answers"]}
    )
    post = posterior(kb, answers)
    return [kb.condition_ids[int(j)] for j in np.argsort(-post)]


def test_every_condition_has_a_sourced_presentation(kb):
    covered = {c["condition"] for c in CASES}
    assert covered == set(kb.conditions)
    for c in CASES:
        assert c["source"].strip() and c["basis"].strip(), c["id"]
        assert all(cit in kb.citations for cit in c["citations"]), c["id"]
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert {c["id"] for c in CASES} >= NOT_YET_FIRST


@pytest.mark.parametrize("case", list(_params()))
def test_typical_presentation_ranks_its_condition_first(kb, case):
    ranking = _ranking(kb, case)
    assert ranking[0] == case["condition"], (
        f"{case['id']}: {case['condition']} ranked {ranking.index(case['condition']) + 1}, "
        f"first is {ranking[0]}"
    )
