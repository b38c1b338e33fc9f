"""Everyday ways of saying "I run" (and of saying that you stopped), written for this file.

Running is an impact sport: "I normally run", "I usually go running" and "I'm a runner" set it.
Stopping ("I don't run any more", "I used to run but stopped") never sets a "yes"; running in
the past is asked about, not taken as now."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


RUNS = [
    "I normally run",
    "I usually go running",
    "I run three times a week",
    "I'm a runner",
    "I usually run on Sundays",
    "I often go jogging before work",
    "I regularly run 5k",
    "I normally run but my back has stopped me this week",
]

STOPPED = [
    "I don't run any more",
    "I used to run but stopped",
    "I don't usually run",
    "I no longer run",
    "I gave up running",
    "I stopped running last year",
    "I used to go running",
    "I'm not a runner",
]


@pytest.mark.parametrize("text", RUNS)
def test_running_now_is_an_impact_sport(kb, text):
    assert parse(kb, text).answers().get("impact_sport") == "yes"


@pytest.mark.parametrize("text", STOPPED)
def test_running_that_stopped_is_never_a_yes(kb, text):
    assert parse(kb, text).answers().get("impact_sport") != "yes"


NOT_SPORT = [
    "I run a shop",
    "I run my own business",
    "I usually run the house on my own",
    "I run around after the kids all day",
    "I'm always running late",
    "we often run out of time",
]


@pytest.mark.parametrize("text", NOT_SPORT)
def test_running_a_business_or_errands_is_not_a_sport(kb, text):
    assert "impact_sport" not in parse(kb, text).answers()


def test_a_business_and_a_run_in_one_sentence_still_reads_the_run(kb):
    text = "I run my own business and I go running on Sundays"
    assert parse(kb, text).answers().get("impact_sport") == "yes"
