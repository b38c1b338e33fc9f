"""Condition cards are derived from the evidence table (engine/cards.py)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backstride.cli import app
from backstride.engine.cards import (
    NEARLY_ALWAYS,
    NEARLY_NEVER,
    card_answers,
    condition_card,
    rarity_words,
)


def test_small_kb_card_lists_follow_the_cells(small_kb):
    always, never = card_answers(small_kb, "cond_c")
    # rf: sens 0.9 in cond_c against 0.01 elsewhere
    assert [(a.finding, a.state) for a in always] == [("rf", "yes")]
    assert always[0].kind == "study" and always[0].source == "test2020"
    assert always[0].published == "sensitivity 90%"
    assert never == []  # rf = no has P 0.1: not rare enough
    always_a, never_a = card_answers(small_kb, "cond_a")
    assert [(a.finding, a.state) for a in never_a] == [("rf", "yes")]  # 0.01, x0.04
    # f1 = no (0.8 against 0.35 elsewhere) and f3 = yes (an estimate, 0.8 against 0.4)
    assert [(a.finding, a.state, a.kind) for a in always_a] == [
        ("f1", "no", "estimate"),
        ("f3", "yes", "estimate"),
    ]


def test_answers_common_to_every_condition_are_left_out(small_kb):
    # rf = no has P 0.99 in cond_a and cond_b: nearly always, but it sets neither apart
    for cid in ("cond_a", "cond_b"):
        always, _ = card_answers(small_kb, cid)
        assert ("rf", "no") not in [(a.finding, a.state) for a in always]


def test_card_rarity_and_urgency(small_kb):
    card = condition_card(small_kb, "cond_c")
    assert card["rarity"]["share"] == pytest.approx(0.1)
    assert card["rarity"]["words"] == "common: about 10 in 100 people with low back pain"
    assert card["urgency"]["level"] == "emergency" and card["urgency"]["act_at"] == 0.05
    assert "5%" in card["urgency"]["words"] and "get help now" in card["urgency"]["words"]


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.31, "common: about 31 in 100"),
        (0.05, "fairly common: about 5 in 100"),
        (0.007, "uncommon: about 7 in 1,000"),
        (0.0047, "rare: about 5 in 1,000"),
        (0.0004, "very rare: about 4 in 10,000"),
        (0.00002, "very rare: fewer than 1 in 10,000"),
    ],
)
def test_rarity_words(share, words):
    assert rarity_words(share).startswith(words)


def test_real_cards_respect_the_thresholds(kb):
    for cid in kb.conditions:
        card = condition_card(kb, cid)
        assert all(a["probability"] >= NEARLY_ALWAYS for a in card["nearly_always"])
        assert all(a["probability"] <= NEARLY_NEVER for a in card["nearly_never"])
        assert all(a["kind"] in ("study", "description", "estimate") for a in card["nearly_always"])
    vasc = condition_card(kb, "vascular_claudication")
    assert ("vascular_risk", "yes") in [(a["finding"], a["state"]) for a in vasc["nearly_always"]]
    pgp = condition_card(kb, "pregnancy_pelvic_girdle")
    assert ("pregnant", "no") in [(a["finding"], a["state"]) for a in pgp["nearly_never"]]
    by_age = {b["age"]: b for b in pgp["rarity"]["by_age_sex"]}
    assert by_age["under 40"]["female"] > 100 * by_age["under 40"]["male"]


def test_kb_show_prints_the_derived_card():
    out = CliRunner().invoke(app, ["kb", "show", "pregnancy_pelvic_girdle"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "Nearly always (from the evidence table)" in out.output
    assert "Are you pregnant, or did you give birth in the last three months?" in out.output
    assert "How rare: uncommon: about 5 in 1,000 people with low back pain" in out.output
    assert "How urgent: If this is suspected: book an appointment" in out.output
