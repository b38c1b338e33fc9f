"""The engine's priors are the table in docs/METHOD.md ("Priors"), cell by cell."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

METHOD = Path(__file__).resolve().parents[1] / "docs" / "METHOD.md"
COLUMNS = [(sex, age) for sex in ("male", "female") for age in (30, 50, 65, 75)]
FLOOR = 0.0001  # percent, as in scripts/apply_priors.py


def _table() -> dict[str, list[float]]:
    text = METHOD.read_text(encoding="utf-8").split("## Priors", 1)[1]
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^\| ([a-z_]+) \|((?: [0-9.]+ \|){9})$", line)
        if m:
            rows[m.group(1)] = [float(x) for x in m.group(2).split("|") if x.strip()]
    return rows


def test_table_covers_every_condition(kb):
    assert set(_table()) == set(kb.conditions)


@pytest.mark.parametrize(("sex", "age"), COLUMNS)
def test_prior_is_the_table_cell(kb, sex, age):
    table = _table()
    col = COLUMNS.index((sex, age))
    want = np.array([max(table[c][col], FLOOR) for c in kb.condition_ids])
    got = kb.prior(age, sex)
    np.testing.assert_allclose(got, want / want.sum(), rtol=0.01, atol=1e-7)


def test_without_age_and_sex_the_prior_is_the_overall_column(kb):
    table = _table()
    want = np.array([table[c][8] for c in kb.condition_ids])
    np.testing.assert_allclose(kb.prior(None, None), want / want.sum(), rtol=0.01)


def test_unknown_sex_gets_the_band_average(kb):
    table = _table()
    j = kb.condition_ids.index("aortic_aneurysm")
    men, women = table["aortic_aneurysm"][3], table["aortic_aneurysm"][7]
    ratio = kb.prior(75, None)[j] / kb.prior(75, "male")[j]
    assert ratio == pytest.approx((0.45 * men + 0.55 * women) / men, rel=0.05)


def test_every_prior_and_modifier_is_sourced(kb):
    for c in kb.conditions.values():
        for s in [c.prior, *c.prior_modifiers]:
            assert (s.source in kb.citations) or (s.estimate and len(s.estimate) > 20), c.id


@pytest.mark.parametrize("sex", ["male", "female"])
def test_a_slip_is_three_times_likelier_at_16_to_19_than_later_under_40(kb, sex):
    """The youngest users (16-19) get the adolescent share of a stress crack or slip, 4.7% of
    consulters (docs/METHOD.md, "Priors"), against the under-40 band's 1.5%; every other
    condition keeps its under-40 share relative to the others."""
    j = kb.condition_ids.index("spondylolisthesis")
    k = kb.condition_ids.index("nonspecific_mechanical")
    young, adult = kb.prior(17, sex), kb.prior(30, sex)
    assert young[j] / young[k] == pytest.approx(4.7 / 1.5 * adult[j] / adult[k], rel=0.01)
    others = [i for i in range(kb.n_conditions) if i != j]
    np.testing.assert_allclose(
        young[others] / young[others].sum(), adult[others] / adult[others].sum(), rtol=1e-9
    )
    assert kb.prior(20, sex)[j] == pytest.approx(adult[j])
    assert kb.prior(19, sex)[j] == pytest.approx(young[j])
