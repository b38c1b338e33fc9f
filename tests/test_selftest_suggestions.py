"""The timed walking test is suggested first only to people whose walking is limited; for
anyone else it comes after the other self-tests (or not at all)."""

from __future__ import annotations

import json
from pathlib import Path

from backstride.engine import assess

PROFILES = Path(__file__).parent / "plan" / "profiles"


def profile(name: str, **extra: object) -> dict:
    data = json.loads((PROFILES / f"{name}.json").read_text())
    data["answers"].update(extra)
    return data


def suggested(kb, data: dict) -> list[str]:
    return [t["id"] for t in assess(kb, data).to_dict()["self_tests"]]


def test_runner_who_walks_freely_is_not_sent_on_the_timed_walk_first(kb) -> None:
    ids = suggested(kb, profile("runner"))
    assert ids and ids[0] != "timed_walk"
    if "timed_walk" in ids:
        assert ids[-1] == "timed_walk"


def test_timed_walk_keeps_its_gain_order_when_walking_is_limited(kb) -> None:
    for data in (profile("runner", walk_minutes=10), profile("walker68")):
        tests = assess(kb, data).to_dict()["self_tests"]
        gains = [t["gain"] for t in tests]
        assert gains == sorted(gains, reverse=True)  # by gain alone


def test_free_walker_still_gets_the_timed_walk_after_the_others(kb) -> None:
    tests = assess(kb, profile("runner")).to_dict()["self_tests"]
    others = [t["gain"] for t in tests if t["id"] != "timed_walk"]
    assert others == sorted(others, reverse=True)
