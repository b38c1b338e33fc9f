"""docs/SAFETY.md: its generated tables match the knowledge base and docs/safety_features.yaml."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_generator():
    spec = importlib.util.spec_from_file_location("safety_case", ROOT / "benchmarks/safety_case.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_safety_md_tables_are_up_to_date(kb):
    gen = load_generator()
    text = gen.DOC.read_text()
    blocks = gen.blocks(kb)
    assert set(m.group(2) for m in gen.BLOCK.finditer(text)) == set(blocks)
    assert gen.render(text, blocks) == text, (
        "docs/SAFETY.md is out of date: run .venv/bin/python benchmarks/safety_case.py --write"
    )


def test_every_feature_gets_at_least_its_guideline_urgency_in_the_table(kb):
    """The table's 'engine urgency' column is never below the guideline column."""
    import yaml

    from backstride.knowledge.schema import Urgency

    gen = load_generator()
    for section in yaml.safe_load(gen.FEATURES.read_text()):
        for feat in section["features"]:
            level, _ = gen.engine_level(kb, feat)
            assert Urgency[level] >= Urgency[feat["urgency"]], feat["id"]
