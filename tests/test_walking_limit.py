"""One definition of "walking is limited" in the domain core (engine/walking.py): the engine's
self-test order and the plan's walking programme read the same limits, and the engine never
imports the plan package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import backstride
from backstride.engine import result as engine_result
from backstride.engine import walking
from backstride.plan import build, next_steps

SRC = Path(backstride.__file__).parent
#: diary/importer.py reads files and writes through storage (a known exception, not checked here)
CORE = ("knowledge", "engine", "plan", "intake")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_engine_and_plan_share_the_one_definition() -> None:
    assert engine_result.walking_limited is walking.walking_limited
    assert next_steps.walking_limited is walking.walking_limited
    assert build.walking_limited is walking.walking_limited
    for module in (engine_result, next_steps):  # no second copy of the limits
        names = vars(module)
        assert not [n for n in names if n.startswith("LIMITED_")], module.__name__


def test_engine_never_imports_the_plan_and_the_core_no_io_layers() -> None:
    for path in sorted((SRC / "engine").glob("*.py")):
        bad = {m for m in imported_modules(path) if m.startswith("backstride.plan")}
        assert not bad, f"{path.name} imports {bad}"
    walking_imports = imported_modules(SRC / "engine" / "walking.py")
    assert not {m for m in walking_imports if m.startswith("backstride")}
    for pkg in CORE:
        for path in sorted((SRC / pkg).rglob("*.py")):
            bad = {
                m
                for m in imported_modules(path)
                if m.split(".")[:2]
                in (["backstride", "cli"], ["backstride", "web"], ["backstride", "storage"])
            }
            assert not bad, f"{pkg}/{path.name} imports {bad}"


@pytest.mark.parametrize(
    ("answers", "limited"),
    [
        ({"walk_minutes": 29.9}, True),
        ({"walk_minutes": 30}, False),
        ({"walk_metres": 999}, True),
        ({"walk_metres": 1000.0}, False),
        ({"walk_minutes": "10"}, True),  # a stored answers file may hold strings
        ({"legs_give_way_walking": "yes"}, True),
        ({"legs_give_way_walking": True}, True),
        ({"legs_give_way_walking": "no", "walk_minutes": 45}, False),
        ({"walk_minutes": "unknown"}, False),
        ({}, False),
    ],
)
def test_the_limits_in_both_shapes(answers: dict, limited: bool) -> None:
    assert walking.walking_limited(answers) is limited  # the engine's parsed values
    assert walking.walking_limited({"answers": answers}) is limited  # a stored answers document


def test_self_test_order_and_plan_agree_at_the_limit(kb) -> None:
    from backstride.engine import assess
    from backstride.plan import build_plan

    base = {"age": 50, "sex": "female", "answers": {"legs_give_way_walking": "no"}}
    for minutes, limited in ((29, True), (31, False)):
        data = {**base, "answers": {**base["answers"], "walk_minutes": minutes}}
        res = assess(kb, data).to_dict()
        plan = build_plan(res, data, kb)
        assert (plan.walking is not None) is limited or res["urgency"]["level"] == "emergency"
        ids = [t["id"] for t in res["self_tests"]]
        if not limited and "timed_walk" in ids:
            assert ids[-1] == "timed_walk"
