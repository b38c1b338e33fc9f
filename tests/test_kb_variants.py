"""Conditions with variants (docs/METHOD.md, "Variants"): a condition made of sub-types whose
answers differ, with cells split by sub-type. The posterior mixes the sub-types' joint
likelihoods, so answers that belong to one sub-type count together."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from backstride.engine import parse_answers
from backstride.engine.inference import Belief, posterior
from backstride.knowledge import load_kb
from tests.conftest import SMALL_KB
from tests.test_kb_cells import _problems

VARIANTS = """  variants:
    - {id: x, name: Sub-type X, share: 0.6, source: test2020}
    - {id: y, name: Sub-type Y, share: 0.4, estimate: "the rest"}
"""
F1 = '  f1: {estimate: 0.2, why: "unfilled: set to the average back-pain consulter"}\n'
F3 = '  f3: {estimate: 0.4, why: "unfilled: set to the average back-pain consulter"}\n'
F1_SPLIT = (
    '  f1: {variants: {x: {study: test2020, sens: 0.9, population: "X patients", vs: []}, '
    'y: {estimate: 0.1, why: "Y rarely has it"}}}\n'
)
F3_SPLIT = (
    '  f3: {variants: {x: {estimate: 0.2, why: "X seldom"}, y: {estimate: 0.9, why: "Y mostly"}}}\n'
)


def _kb_dir(tmp_path, variants=VARIANTS, f1=F1_SPLIT, f3=F3_SPLIT):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    cond = root / "conditions" / "c.yaml"
    text = cond.read_text()
    anchor = "  card: {typical_story: Story C.}"
    assert anchor in text
    cond.write_text(text.replace(anchor, anchor + "\n" + variants.rstrip("\n")))
    ev = root / "evidence" / "cond_c.yaml"
    text = ev.read_text()
    assert F1 in text and F3 in text
    ev.write_text(text.replace(F1, f1).replace(F3, f3))
    return root


def test_the_posterior_mixes_the_sub_types_joint_likelihoods(tmp_path):
    kb = load_kb(_kb_dir(tmp_path))
    j = kb.condition_ids.index("cond_c")
    # the condition's own column is the parts mixed by their shares
    assert kb.likelihood[kb.row[("f1", "yes")], j] == pytest.approx(0.6 * 0.9 + 0.4 * 0.1)
    assert kb.likelihood[kb.row[("f3", "yes")], j] == pytest.approx(0.6 * 0.2 + 0.4 * 0.9)
    answers = parse_answers(kb, {"answers": {"f1": "yes", "f3": "yes"}})
    # by hand: a 0.6 x 0.2 x 0.8; b 0.3 x 0.8 x 0.4; c 0.1 x (0.6 x 0.9 x 0.2 + 0.4 x 0.1 x 0.9)
    raw = np.array([0.6 * 0.2 * 0.8, 0.3 * 0.8 * 0.4, 0.1 * (0.6 * 0.9 * 0.2 + 0.4 * 0.1 * 0.9)])
    order = [kb.condition_ids.index(c) for c in ("cond_a", "cond_b", "cond_c")]
    np.testing.assert_allclose(posterior(kb, answers)[order], raw / raw.sum(), rtol=1e-9)
    # one answer from each sub-type: less likely than multiplying the mixed columns would say
    blended = 0.1 * (0.6 * 0.9 + 0.4 * 0.1) * (0.6 * 0.2 + 0.4 * 0.9)
    assert raw[2] < blended


def test_the_incremental_belief_agrees(tmp_path):
    kb = load_kb(_kb_dir(tmp_path))
    belief = Belief.start(kb, parse_answers(kb, {"age": 72, "sex": "female"}))
    given: dict[str, str] = {}
    for fid, value in (("f3", "yes"), ("f1", "no"), ("f2", "yes"), ("where", "calf")):
        belief = belief.add(fid, value)
        given[fid] = value
        want = posterior(kb, parse_answers(kb, {"age": 72, "sex": "female", "answers": given}))
        np.testing.assert_allclose(belief.posterior(), want, atol=1e-12)


def test_without_split_cells_variants_change_nothing(tmp_path, small_kb):
    kb = load_kb(_kb_dir(tmp_path, f1=F1, f3=F3))
    answers = {"answers": {"f1": "yes", "f2": "no", "f3": "yes", "where": "thigh"}}
    np.testing.assert_allclose(
        posterior(kb, parse_answers(kb, answers)),
        posterior(small_kb, parse_answers(small_kb, answers)),
        atol=1e-12,
    )


def test_a_split_cell_shows_its_parts_sources(tmp_path):
    from backstride.engine import assess
    from backstride.knowledge.cells import basis_text

    kb = load_kb(_kb_dir(tmp_path))
    cell = kb.evidence[("f1", "cond_c")]
    assert cell.kind == "estimate"  # a split cell counts as its weakest part
    assert cell.sources == ["test2020"]
    assert basis_text(cell).startswith("by sub-type: x: study test2020 in X patients")
    result = assess(kb, parse_answers(kb, {"answers": {"f1": "yes"}}), top=3).to_dict()
    c = next(c for c in result["conditions"] if c["id"] == "cond_c")
    (reason,) = [r for r in c["reasons_for"] if r["finding"] == "f1"]
    assert reason["sources"] == ["test2020"]


@pytest.mark.parametrize(
    "variants, f1, message",
    [
        (VARIANTS, F1_SPLIT.replace("y: {estimate", "z: {estimate"), "exactly the variants"),
        (VARIANTS.replace("0.4", "0.5"), F1_SPLIT, "shares sum to 1.100, not 1"),
        (VARIANTS, F1_SPLIT.replace("study: test2020", "study: nobody1999"), "(x): unknown"),
        (VARIANTS, F1_SPLIT.replace("vs: []", "spec: 0.9, vs: [all_other]"), "a case series"),
        ("  variants:\n    - {id: x, name: X, share: 1.0, source: test2020}\n", F1, "two or more"),
        (VARIANTS, F1_SPLIT.replace('"Y rarely has it"', '"as madeup2001 says"'), "madeup2001"),
    ],
)
def test_bad_variants_are_named(tmp_path, variants, f1, message):
    assert message in _problems(_kb_dir(tmp_path, variants=variants, f1=f1))


def test_a_split_cell_needs_a_condition_with_variants(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    ev = root / "evidence" / "cond_c.yaml"
    ev.write_text(ev.read_text().replace(F1, F1_SPLIT))
    assert "split by variants, but 'cond_c' has no variants" in _problems(root)


def test_the_kidney_causes_mix_stone_and_infection(kb):
    """Real KB: a stone-like story and an infection-like story both find the kidney, each
    through its own sub-type's figures, which one blended figure per answer could not do."""
    from backstride.knowledge.cells import variant_probabilities

    cid = "visceral_renal"
    assert [v.id for v in kb.conditions[cid].variants] == ["stone", "infection"]
    parts = variant_probabilities(
        kb.evidence[("fever", cid)], kb.findings["fever"], ["stone", "infection"]
    )
    assert parts["stone"]["yes"] < 0.1 < 0.9 < parts["infection"]["yes"]
    j = kb.condition_ids.index(cid)
    base = {"age": 34, "sex": "female"}
    infection = {"fever": "yes", "urinary_symptoms": "yes", "unwell": "yes", "groin_pain": "no"}
    stone = {"flank_colicky": "yes", "groin_pain": "yes", "fever": "no", "unwell": "no"}
    for story in (infection, stone):
        post = posterior(kb, parse_answers(kb, {**base, "answers": story}))
        assert post[j] == post.max(), story


def test_the_result_page_names_the_sub_types_sources(tmp_path):
    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app
    from backstride.web.state import encode

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    story = [("age", 45), ("sex", "male"), ("flank_colicky", "yes"), ("groin_pain", "yes")]
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get(f"/result?s={encode(story)}")
    assert page.status_code == 200
    assert "differs by type of cause; sources:" in page.text
    assert '<a href="/sources#bestbets2387_kartal">BestBETs' in page.text


def test_slips_are_isthmic_in_the_young_and_degenerative_in_older_women(kb):
    shares = {
        (age, sex): dict(
            (v, float(x))
            for (j, v), x in zip(kb.variant_cols, kb.variant_shares(age, sex), strict=True)
            if kb.condition_ids[j] == "spondylolisthesis"
        )
        for age, sex in ((17, "male"), (68, "female"))
    }
    assert shares[(17, "male")]["isthmic"] > 0.9
    assert shares[(68, "female")]["degenerative"] > 0.7
    assert all(abs(sum(s.values()) - 1) < 1e-9 for s in shares.values())


def test_pelvic_stress_fractures_are_fatigue_fractures_in_the_young_and_insufficiency_later(kb):
    def share(age: int, sex: str, variant: str) -> float:
        for (j, v), x in zip(kb.variant_cols, kb.variant_shares(age, sex), strict=True):
            if kb.condition_ids[j] == "pelvic_stress_fracture" and v == variant:
                return float(x)
        raise AssertionError(variant)

    assert share(25, "female", "fatigue") > 0.9
    assert share(80, "female", "insufficiency") > 0.9
    assert share(50, "female", "insufficiency") > share(50, "male", "insufficiency")


def test_the_condition_page_and_api_show_the_kinds_and_their_shares(tmp_path):
    from fastapi.testclient import TestClient

    from backstride.web import Settings, create_app

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/conditions/spondylolisthesis")
        kinds = client.get("/api/v1/conditions/visceral_renal").json()["variants"]
        plain = client.get("/conditions/facet_joint")
    assert page.status_code == 200 and "<h3>Its kinds</h3>" in page.text
    assert "about 67 in 100 overall, more or fewer with age and sex" in page.text
    assert [(v["id"], v["share"]) for v in kinds] == [("stone", 0.55), ("infection", 0.45)]
    assert "Its kinds" not in plain.text


def test_kb_stats_counts_a_split_cells_parts_apart(tmp_path):
    """A split cell counts as its weakest part; its parts are counted by kind on their own."""
    from backstride.cli.kb import kb_stats

    s = kb_stats(load_kb(_kb_dir(tmp_path)))
    assert s["split_cells"] == {
        "cond_c/f1": {"x": "study", "y": "estimate"},
        "cond_c/f3": {"x": "estimate", "y": "estimate"},
    }
    assert s["split_parts_by_kind"] == {"study": 1, "description": 0, "estimate": 3}
