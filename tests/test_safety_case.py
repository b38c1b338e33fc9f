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


def test_known_gaps_follow_chains_of_follow_up_questions_as_the_engine_does(kb):
    """A 16-year-old: with the warning signs all "no", the limp question is a follow-up
    (young_person_red_flags); after a limp, the groin question is (young_person_hip_slip).
    The generator says so rather than "every path"."""
    from backstride.engine.answers import parse_answers
    from backstride.engine.questions import is_askable
    from backstride.engine.rules import one_answer_away
    from backstride.knowledge.schema import Urgency

    gen = load_generator()
    reach = gen.follow_up_reach(kb)
    assert "young_person_red_flags" in reach["limp"]
    no = {fid: "no" for fid in gen.clear_screen(kb) if fid in kb.findings}
    no.pop("pregnant", None)
    a = parse_answers(kb, {"age": 16, "sex": "male", "answers": no})

    def away(answers):
        askable = frozenset(
            f
            for f in kb.findings
            if f not in answers.values and is_askable(kb, kb.findings[f], answers)
        )
        return one_answer_away(kb, answers, askable, Urgency.urgent)

    assert "limp" in away(a)
    assert "groin_pain" in away(a.with_answer("limp", "yes"))
    row = next(
        line
        for line in gen.adaptive_dependencies(kb).splitlines()
        if "`young_person_hip_slip`" in line
    )
    assert "every path" not in row and "`limp` via" in row
