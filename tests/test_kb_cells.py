"""Knowledge model v2: one explicit cell per (finding, condition), three kinds of source,
base rates derived from the priors, and the fidelity check of study cells."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from backstride.errors import KnowledgeBaseError
from backstride.knowledge import load_kb
from backstride.knowledge.schema import FREQUENCY
from tests.conftest import SMALL_KB


def _edit(tmp_path, condition: str, old: str, new: str):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    path = root / "evidence" / f"{condition}.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))
    return root


def _problems(root) -> str:
    with pytest.raises(KnowledgeBaseError) as exc:
        load_kb(root)
    return "\n".join(exc.value.problems)


def test_missing_cell_fails(tmp_path):
    root = _edit(
        tmp_path,
        "cond_c",
        '  f2: {estimate: 0.5, why: "unfilled: set to the average back-pain consulter"}\n',
        "",
    )
    assert "evidence/cond_c.yaml: missing cell for finding 'f2'" in _problems(root)


def test_missing_condition_file_fails(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    (root / "evidence" / "cond_c.yaml").unlink()
    assert "no file for condition 'cond_c'" in _problems(root)


def test_study_cell_outside_fidelity_fails(tmp_path):
    # LR+ 3 published, but P(f2=yes | A) 0.75 against 0.5 in B and C applies only 1.5
    root = _edit(tmp_path, "cond_a", "lr_pos: 1.5", "lr_pos: 3.0")
    msg = _problems(root)
    assert "evidence/cond_a.yaml: cell f2 (test2020, vs all_other)" in msg
    assert "LR+ published 3.00 applied 1.50" in msg


def test_study_cell_within_fidelity_passes(small_kb):
    (fi,) = [f for f in small_kb.fidelity if f.finding == "f2"]
    assert fi.ok and fi.applied_pos == pytest.approx(1.5)
    (fi,) = [f for f in small_kb.fidelity if f.finding == "where"]
    assert fi.ok and fi.applied_neg == pytest.approx(0.5)  # 0.25 / 0.5


def test_comparison_group_is_the_prior_weighted_mix(tmp_path):
    def setup(root_dir, vs):
        root = _edit(root_dir, "cond_a", "vs: [all_other]", f"vs: [{vs}]")
        c = root / "evidence" / "cond_c.yaml"
        c.write_text(
            c.read_text().replace(
                '  f2: {estimate: 0.5, why: "unfilled: set to the average back-pain consulter"}',
                '  f2: {estimate: 0.25, why: "test"}',
            )
        )
        return root

    # against B (prior 0.3, P(yes) 0.5) and C (prior 0.1, P(yes) 0.25): 0.75 / 0.4375
    kb = load_kb(setup(tmp_path / "bc", "cond_b, cond_c"))
    (fi,) = [f for f in kb.fidelity if f.finding == "f2"]
    assert fi.ok and fi.applied_pos == pytest.approx(0.75 / ((0.3 * 0.5 + 0.1 * 0.25) / 0.4))
    # against C alone: 0.75 / 0.25 = 3, outside x1.5 of the published 1.5
    msg = _problems(setup(tmp_path / "c", "cond_c"))
    assert "cell f2 (test2020, vs cond_c): LR+ published 1.50 applied 3.00" in msg


def test_probabilities_must_sum_to_one(tmp_path):
    root = _edit(
        tmp_path,
        "cond_a",
        "{back: 0.5, thigh: 0.3, calf: 0.2}",
        "{back: 0.5, thigh: 0.3, calf: 0.3}",
    )
    assert "evidence/cond_a.yaml: cell where: probabilities sum to 1.100, not 1" in _problems(root)


def test_unknown_ids_and_keys_fail(tmp_path):
    root = _edit(tmp_path, "cond_a", "  f1: {estimate: 0.2,", "  f9: {estimate: 0.2,")
    msg = _problems(root)
    assert "unknown finding 'f9'" in msg and "missing cell for finding 'f1'" in msg
    root = _edit(
        tmp_path / "b",
        "cond_a",
        'f3: {estimate: 0.8, why: "test estimate"}',
        'f3: {estimate: 0.8, why: "test estimate", sens: 0.8}',
    )
    assert "Extra inputs are not permitted" in _problems(root)
    root = _edit(
        tmp_path / "c", "cond_a", 'f3: {estimate: 0.8, why: "test estimate"}', "f3: {guess: 0.8}"
    )
    assert "a cell needs one of 'study', 'description', 'estimate' or 'variants'" in _problems(root)
    root = _edit(tmp_path / "d", "cond_b", "f1: {study: test2020,", "f1: {study: nobody2020,")
    assert "unknown citation 'nobody2020'" in _problems(root)


def test_duplicate_cell_fails(tmp_path):
    root = _edit(
        tmp_path,
        "cond_a",
        'f3: {estimate: 0.8, why: "test estimate"}',
        'f3: {estimate: 0.8, why: "test estimate"}\n  f3: {estimate: 0.1, why: "again"}',
    )
    assert "duplicate key f3" in _problems(root)


def test_description_cell_maps_through_the_frequency_table(tmp_path):
    root = _edit(
        tmp_path,
        "cond_c",
        'f3: {estimate: 0.4, why: "unfilled: set to the average back-pain consulter"}',
        "f3: {description: test2020, freq: usually}",
    )
    path = root / "evidence" / "cond_c.yaml"
    path.write_text(
        path.read_text().replace(
            'where: {estimate: {back: 0.5, thigh: 0.3, calf: 0.2}, why: "unfilled: set to the average back-pain consulter"}',
            "where: {description: test2020, freq: {back: often, thigh: rarely, calf: sometimes}}",
        )
    )
    kb = load_kb(root)
    j = kb.condition_ids.index("cond_c")
    assert kb.likelihood[kb.row[("f3", "yes")], j] == pytest.approx(FREQUENCY["usually"])
    assert kb.likelihood[kb.row[("f3", "yes")], j] == pytest.approx(0.8)
    words = {"back": "often", "thigh": "rarely", "calf": "sometimes"}
    total = sum(FREQUENCY[w] for w in words.values())
    for state, word in words.items():  # one word per state, normalised
        assert kb.likelihood[kb.row[("where", state)], j] == pytest.approx(FREQUENCY[word] / total)
    cell = kb.evidence[("f3", "cond_c")]
    assert cell.kind == "description" and cell.source == "test2020" and not cell.is_estimate


def test_unknown_frequency_word_fails(tmp_path):
    root = _edit(
        tmp_path,
        "cond_c",
        'f3: {estimate: 0.4, why: "unfilled: set to the average back-pain consulter"}',
        "f3: {description: test2020, freq: mostly}",
    )
    assert "f3" in (msg := _problems(root)) and "'almost always'" in msg


def test_base_rates_are_derived_from_priors_and_cells(small_kb, kb):
    # f1 = yes: 0.6 * 0.2 (A) + 0.3 * 0.8 (B) + 0.1 * 0.2 (C)
    assert small_kb.base[small_kb.row[("f1", "yes")]] == pytest.approx(0.38)
    for k in (small_kb, kb):
        prior = np.array([c.prior.value for c in k.conditions.values()])
        np.testing.assert_allclose(k.base, k.likelihood @ (prior / prior.sum()))
        np.testing.assert_allclose(k.log_weight, np.log(k.likelihood / k.base[:, None]), atol=1e-12)


def test_shown_weight_is_against_all_other_conditions(small_kb):
    # f1 = yes for B: 0.8 against (0.6 * 0.2 + 0.1 * 0.2) / 0.7 = 0.2
    j = small_kb.condition_ids.index("cond_b")
    assert small_kb.weight_vs_rest[small_kb.row[("f1", "yes")], j] == pytest.approx(4.0)


def test_real_kb_has_every_cell(kb):
    # a cluster needs a cell only where a study gives its figures (docs/METHOD.md, "Clusters")
    needed = [f for f, spec in kb.findings.items() if f not in ("age", "sex") and not spec.cluster]
    clusters = sum(1 for f, _ in kb.evidence if kb.findings[f].cluster is not None)
    for cid in kb.conditions:
        assert all((f, cid) in kb.evidence for f in needed), cid
    assert len(kb.evidence) == len(needed) * len(kb.conditions) + clusters
    assert all(fi.ok for fi in kb.fidelity)
    # the examples, applied as published: past cancer LR+ about 15
    (cancer,) = [f for f in kb.fidelity if f.finding == "cancer_history"]
    assert cancer.applied_pos == pytest.approx(15.5, rel=0.1)


def test_study_cell_p_must_agree_with_sens(tmp_path):
    root = _edit(
        tmp_path,
        "cond_b",
        "f1: {study: test2020, sens: 0.8,",
        "f1: {study: test2020, sens: 0.8, p: 0.6,",
    )
    assert "'p' 0.6 differs from sens 0.8" in _problems(root)


def test_kb_stats_counts_cells_by_kind(small_kb):
    from backstride.cli.kb import kb_stats

    s = kb_stats(small_kb)
    assert s["cells"] == 15 and s["by_kind"] == {"study": 4, "description": 0, "estimate": 11}
    assert s["unfilled"] == 10 and s["cells_filled"] == 5 and s["distinct_studies"] == 1
    assert s["per_condition"]["cond_b"]["study"] == 2
    assert s["fidelity"] == {**s["fidelity"], "checked": 2, "within_1_5": 2}
    where = next(c for c in s["fidelity"]["cells"] if c["finding"] == "where")
    assert where["kind"] == "study" and where["population"] == "test"
    assert where["published_lr_neg"] == 0.5 and where["applied_lr_neg"] == 0.5


@pytest.mark.parametrize(
    "why, named",
    [
        ("as nobody2019 found", "nobody2019"),  # an author and year
        ("per some_guideline_page", "some_guideline_page"),  # an id with underscores
    ],
)
def test_a_reason_that_names_an_unknown_source_fails(tmp_path, why, named):
    """A reason may name its source by id only if the id is a citation the user can look up."""
    root = _edit(tmp_path, "cond_a", 'why: "test estimate"', f'why: "test estimate, {why}"')
    msg = _problems(root)
    assert f"evidence/cond_a.yaml: cell f3: its text names {named!r}" in msg
    assert "not a citation id" in msg


def test_a_reason_may_name_citations_findings_and_states(tmp_path):
    # test2020 is a citation; f1 a finding; cond_b a condition; all_other the reserved group
    text = 'why: "test estimate (test2020 for f1, as in cond_b and all_other)"'
    root = _edit(tmp_path, "cond_a", 'why: "test estimate"', text)
    assert load_kb(root).evidence[("f3", "cond_a")].why.endswith("all_other)")


@pytest.mark.parametrize(
    "extra, kind",
    [
        ('{id: again, authors: "B", year: 2021, title: "Other", doi: "10.0000/TEST"}', "DOI"),
        (
            '{id: again, authors: "B", year: 2020, title: "A test study.", url: "https://x.org"}',
            "title and year",
        ),
    ],
)
def test_two_ids_for_one_source_fail(tmp_path, extra, kind):
    """One paper under two ids drifts: a later change cites one and misses the other's note."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    path = root / "citations" / "c.yaml"
    path.write_text(path.read_text() + f"- {extra}\n")
    assert f"citations 'test2020' and 'again' have the same {kind}: keep one id" in _problems(root)


def test_the_same_title_in_another_year_is_another_source(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    path = root / "citations" / "c.yaml"
    extra = '- {id: update, authors: "B", year: 2024, title: "A test study", url: "https://x.org"}'
    path.write_text(path.read_text() + extra + "\n")
    assert "update" in load_kb(root).citations
