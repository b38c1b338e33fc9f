"""The parser on a tenth batch of wordings (session 24), written for this file in other words
than the blind set benchmarks/parse/pass10.yaml: a carer's relative named twice or aged in
English as a second language ("My husband he is 70 years"), an age beside the relation with a
verb of the past; a relative's story that ends where the writer says "I" again; a year's past
that stops at "new"; "but not now" and "doesn't any more" as a "no" of now; a hypothetical
("if I lost ... I'd ring"; "if my foot went floppy I would go to A&E"); a "just" after a list of
"no"s; and phrases in gym slang, phone texts, English as a second language and notes.

Each case lists answers the text must set (other answers may be read too); controls list
findings that must not be set, or not to the answer given."""

from __future__ import annotations

from datetime import date

import pytest

from tests.intake.test_everyday_wordings import answers, want_state  # the first batch's helpers

pytest.importorskip("spacy")
# `kb`: the packaged knowledge base (tests/conftest.py)

TODAY = date(2026, 12, 7)  # a Monday


READ = [
    # a carer's text, in English as a second language or with an age beside the relation
    (
        "My husband he is 70 years, he have diabetes and his back pain wake him every night.",
        {"age": 70, "sex": "male", "diabetes": "yes", "night_pain": "yes"},
    ),
    (
        "My father have 78 years, he fall in the garden two days ago and he cannot walk.",
        {"age": 78, "sex": "male", "fell_over_recently": "yes", "cannot_bear_weight": "yes"},
    ),
    (
        "My son (31) hurt his back when he sneezed this morning. He has osteoporosis.",
        {"age": 31, "sex": "male", "minor_fall": "yes", "bone_fragility": "yes"},
    ),
    ("I have 63 years and my back hurts since one month.", {"age": 63}),
    # the writer's own "I" after a relative: the writer's, not theirs
    ("My daughter keeps telling me that I had bowel cancer.", {"cancer_history": "yes"}),
    ("My brother had a heart attack and I have diabetes.", {"diabetes": "yes"}),
    # a year's past stops at "new", or at a medicine taken now after a comma
    (
        "66F, PMH breast ca 2015, new night pain, wt loss.",
        {"cancer_history": "yes", "night_pain": "yes", "weight_loss": "yes"},
    ),
    ("Crohn's diagnosed 2012, on infliximab.", {"infection_risk": "yes"}),
    # a "no" of now, said after what used to be so
    ("I used to get numbness in my leg, but not now.", {"leg_numbness": "no"}),
    ("The pain woke me at night for a while but it doesn't any more.", {"night_pain": "no"}),
    # "just" after a list of "no"s ends it
    (
        "no tingling no fever, just a sore back from carrying the sofa",
        {"leg_numbness": "no", "fever": "no", "onset_lifting": "yes"},
    ),
    # warning signs in other words
    ("He can't feel his feet properly since the weekend.", {"leg_numbness": "yes"}),
    ("I cannot hold my wee, it just comes.", {"incontinence": "yes"}),
    ("I felt nothing at all sitting on the loo.", {"saddle_numbness": "yes"}),
    ("He has been sweating through the night and shivering.", {"fever": "yes"}),
    ("lost 6 kilo since summer, not dieting", {"weight_loss": "yes"}),
    ("She fell out of her chair yesterday.", {"fell_over_recently": "yes", "minor_fall": "yes"}),
    ("She will not put any weight on her left foot.", {"cannot_bear_weight": "yes"}),
    ("My feet both are become weak since ten days.", {"leg_weakness_worsening": "yes"}),
    ("since the crash I cannot move my legs properly", {"leg_weakness_worsening": "yes"}),
    ("Worsening bilat LL weakness.", {"leg_weakness_worsening": "yes"}),
    ("feet r numb since sat", {"leg_numbness": "yes"}),
    ("I have fallen three times this month.", {"gait_worsening": "yes"}),
    ("Had a skin infection on my leg three weeks ago.", {"infection_risk": "yes"}),
    ("Started on etanercept for my psoriasis.", {"infection_risk": "yes"}),
    ("no hx of ca", {"cancer_history": "no"}),
    # bladder and bowels in other words
    (
        "No problems with the bladder or my back passage.",
        {"ces_screen": "no"},
    ),
    # gym slang for a lift
    ("Went for a squat PR and my back went.", {"onset_lifting": "yes"}),
    ("rdls on monday and my low back is wrecked", {"onset_lifting": "yes"}),
    (
        "Something popped at the gym, my back went at the gym on the leg press.",
        {"onset_lifting": "yes"},
    ),
    ("pulled my lower back moving a wardrobe", {"onset_lifting": "yes"}),
    # a cough that shoots, the reach of a leg's pain, a bike that is fine
    ("If I sneeze it shoots into my buttock.", {"cough_sneeze_worse": "yes"}),
    ("I can't cough without it shooting down my leg.", {"cough_sneeze_worse": "yes"}),
    ("The pain goes until the ankle.", {"symptom_reach": "below_knee"}),
    ("No pain in the legs at all.", {"symptom_reach": "back_only"}),
    ("Riding my bike is fine.", {"cycling_ok": "yes"}),
    ("After a few minutes my legs go tingly and I have to stop.", {"legs_give_way_walking": "yes"}),
]


@pytest.mark.parametrize(("text", "expect"), READ)
def test_wording_is_read(kb, text, expect):
    got = answers(kb, text, TODAY)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


#: each wording with a finding that must not be set (None), or not to the answer given
NOT_READ = [
    # a hypothetical is not a symptom
    (
        "If my foot went floppy I would go straight to the hospital.",
        "leg_weakness_worsening",
        "yes",
    ),
    ("If I lost feeling down below I'd ring 111.", "saddle_numbness", "yes"),
    # a bladder-only "no" does not deny the bowels (the question asks of both)
    ("No problems with my bladder.", "ces_screen", "no"),
    ("My waterworks are fine.", "ces_screen", "no"),
    ("No issues with my bladder, but I haven't been for a poo in five days.", "ces_screen", "no"),
    # a loss that was meant; a lift someone else has trouble with
    ("I've lost 4 kg on purpose this year.", "weight_loss", "yes"),
    ("I dropped a stone deliberately for my wedding.", "weight_loss", "yes"),
    # someone else's opinion of the writer is theirs
    ("My wife thinks I've got cancer but the doctor says no.", "cancer_history", "yes"),
    # a relative's story in the past, with no age beside them, stays theirs
    ("My mum had breast cancer. I have a sore back from the garden.", "cancer_history", "yes"),
    # a fall that is denied, or from a height, is not a minor fall
    ("I have not had a fall.", "minor_fall", "yes"),
    ("He took a fall from the roof.", "minor_fall", "yes"),
    # a chest infection is not asked as a risk of spinal infection
    ("I had a chest infection in October.", "infection_risk", "yes"),
    # a "no" of now does not reach across the sentence before it
    ("My leg goes numb when I walk. I used to smoke but not now.", "leg_numbness", "no"),
]


@pytest.mark.parametrize(("text", "finding", "answer"), NOT_READ)
def test_control_is_not_read(kb, text, finding, answer):
    got = answers(kb, text, TODAY)
    assert got.get(finding) != want_state(kb, finding, answer), (text, got)


def test_a_bladder_only_no_still_asks_the_bowels(kb):
    """'No problems with my bladder' is shown for what it is, and ces_screen is still asked:
    the mention is kept, but it does not set the answer."""
    from backstride.intake import parse

    r = parse(kb, "No problems with my bladder.")
    ces = [m for m in r.mentions if m.finding == "ces_screen"]
    assert ces and not any(m.applies for m in ces)
    assert all(m.why_not == "it covers only part of the question" for m in ces)
