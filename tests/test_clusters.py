"""A published cluster applied as one finding (engine/clusters.py, docs/METHOD.md "Clusters").

Built on a copy of the small KB with one cluster 'clu': items f1 = yes, f3 = yes and age 60+,
its count binned none (0), some (1-2), all (3). Only cond_b has a cluster cell (the 'study'):
P(none, some, all | B) = 0.05, 0.35, 0.60. Item cells in B: P(f1 = yes) 0.8, P(f3 = yes) 0.4.
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from backstride.engine.answers import parse_answers
from backstride.engine.inference import evidence_rows, log_likelihood, posterior
from backstride.errors import KnowledgeBaseError
from backstride.knowledge import load_kb
from tests.conftest import SMALL_KB

CLUSTER = """- {id: clu, question: "Cluster?", clinical: Test cluster, type: number, topic: pain_pattern,
   ask: false, number: {unit: items, min: 0, max: 3, bins: [{id: none, label: none, hi: 1},
   {id: some, label: 1-2, lo: 1, hi: 3}, {id: all, label: all 3, lo: 3}]},
   cluster: {source: test2020, items: [{all: [{finding: f1, is: "yes"}]},
     {all: [{finding: f3, is: "yes"}]}, {all: [{finding: age, gte: 60}]}]}}
"""
CELL = (
    "  clu: {study: test2020, when: [all], sens: 0.6, p: {none: 0.05, some: 0.35, all: 0.6}, "
    'population: "test", vs: []}\n'
)


def _kb(tmp_path, findings: str = CLUSTER, cell: str = CELL):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    with (root / "findings.yaml").open("a") as fh:
        fh.write(findings)
    if cell:
        path = root / "evidence" / "cond_b.yaml"
        path.write_text(path.read_text() + cell)
    return load_kb(root)


@pytest.fixture
def kb(tmp_path):
    return _kb(tmp_path)


def _ll(kb, doc):
    return log_likelihood(kb, evidence_rows(kb, parse_answers(kb, doc)))


def _lw(kb, fid, state, cid):
    return kb.log_weight[kb.row[(fid, state)], kb.condition_ids.index(cid)]


def test_every_item_answered_applies_the_published_figure(kb, small_kb):
    doc = {"age": 70, "answers": {"f1": "yes", "f3": "yes"}}
    ll = _ll(kb, doc)
    b = kb.condition_ids.index("cond_b")
    base = math.log(kb.base[kb.row[("f1", "yes")]]) + math.log(kb.base[kb.row[("f3", "yes")]])
    # cond_b: P(all three | B) = 0.6 as published, not 0.8 x 0.4 (age is known, so 'none' is
    # out of reach and the figures are renormalised over some/all: 0.6 / 0.95)
    assert ll[b] == pytest.approx(math.log(0.6 / 0.95) - base)
    # cond_a and cond_c keep their item cells (f1 and f3 answered together)
    for cid in ("cond_a", "cond_c"):
        j = kb.condition_ids.index(cid)
        assert ll[j] == pytest.approx(_lw(kb, "f1", "yes", cid) + _lw(kb, "f3", "yes", cid))
    # and without the cluster, cond_b would have multiplied its item cells
    plain = _ll(small_kb, doc)
    assert plain[b] == pytest.approx(
        _lw(small_kb, "f1", "yes", "cond_b") + _lw(small_kb, "f3", "yes", "cond_b")
    )


def test_an_unanswered_item_is_summed_over(kb):
    ll = _ll(kb, {"age": 70, "answers": {"f1": "yes"}})
    b = kb.condition_ids.index("cond_b")
    # f3 yes -> count 3 (all), f3 no -> count 2 (some). With the age item true,
    # P_items(all | B) = 0.8 x 0.4 = 0.32 and P_items(some | B) = 1 - 0.32 = 0.68
    want = 0.8 * 0.4 * (0.6 / 0.95) / 0.32 + 0.8 * 0.6 * (0.35 / 0.95) / 0.68
    assert ll[b] == pytest.approx(math.log(want) - math.log(kb.base[kb.row[("f1", "yes")]]))


def test_the_calibrated_item_probabilities_sum_to_one(kb):
    # over every answer pair, for a person whose age is known, the cluster's distribution
    # of the items is a proper one for cond_b
    b = kb.condition_ids.index("cond_b")
    total = 0.0
    for a1 in ("yes", "no"):
        for a3 in ("yes", "no"):
            ll = _ll(kb, {"age": 40, "answers": {"f1": a1, "f3": a3}})
            base = kb.base[kb.row[("f1", a1)]] * kb.base[kb.row[("f3", a3)]]
            total += math.exp(ll[b]) * base
    assert total == pytest.approx(1.0)


def test_no_item_answered_changes_nothing(kb, small_kb):
    doc = {"age": 70, "answers": {"f2": "yes", "where": "calf"}}
    np.testing.assert_allclose(
        posterior(kb, parse_answers(kb, doc)), posterior(small_kb, parse_answers(small_kb, doc))
    )


def test_a_cluster_needs_cells_only_where_a_study_gives_them(tmp_path):
    kb = _kb(tmp_path, cell="")  # no cell anywhere: loads, and the items act as before
    assert "clu" in kb.findings and not kb.findings["clu"].ask


def test_cluster_items_test_states_not_numbers(tmp_path):
    bad = CLUSTER.replace('{finding: f3, is: "yes"}', "{finding: f3, gte: 1}")
    with pytest.raises(KnowledgeBaseError) as exc:
        _kb(tmp_path, findings=bad)
    assert any("gte/lt only on age" in p for p in exc.value.problems)


def test_a_cluster_is_never_asked(tmp_path):
    with pytest.raises(KnowledgeBaseError):
        _kb(tmp_path, findings=CLUSTER.replace("ask: false", "ask: true"))


def test_a_cluster_cannot_be_answered_directly(kb):
    from backstride.errors import AnswerError

    with pytest.raises(AnswerError, match="worked out from other answers"):
        parse_answers(kb, {"answers": {"clu": 2}})


def test_the_packaged_cook_cluster_is_defined_but_changes_nothing_without_its_cell():
    kb = load_kb()
    f = kb.findings["cook_lss_cluster"]
    assert f.cluster is not None and not f.ask and len(f.cluster.items) == 5
    assert not any(fid == "cook_lss_cluster" for fid, _ in kb.evidence)
