"""A pulsing lump in the tummy is a warning sign of a swollen main artery. People say "a
pulsing lump", "a throbbing lump", "my stomach pulses" or "a lump that throbs" rather than
"pulsing in my tummy"; each must be read, and "no pulsing lump" read as no. A plain lump or a
throbbing pain is not the sign. Sentences written for this file, not taken from a benchmark."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    "text",
    [
        "I can feel a pulsing lump in my tummy",
        "there's a throbbing lump in my belly when I lie down",
        "my stomach pulses and my back aches",
        "I found a lump in my tummy that throbs",
        "a beating swelling on my abdomen",
    ],
)
def test_pulsing_lump_is_read(kb, text):
    assert parse(kb, text).answers().get("pulsing_belly") == "yes"


def test_denied_pulsing_lump_is_no(kb):
    assert parse(kb, "I have no pulsing lump in my tummy").answers().get("pulsing_belly") == "no"


@pytest.mark.parametrize(
    "text", ["a throbbing pain in my tummy", "a lump in my belly", "my heart is pounding"]
)
def test_other_lumps_and_throbs_are_not_the_sign(kb, text):
    assert "pulsing_belly" not in parse(kb, text).answers()
