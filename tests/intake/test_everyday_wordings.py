"""The parser on everyday ways of saying (and denying) things, written for this file from how
people talk (UK and US English, casual, typed on a phone), not taken from any benchmark sentence:
"my legs go", "dead leg", "wee" and "poo", "I've had", "never had", "nothing wrong with",
"apart from", "not only", "can't walk far without...", "hardly ever".

Each case lists answers the text must set; the safety cases check that a warning sign said
plainly is never read as a "no", and that a hedge or a double negative is asked, not guessed."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.knowledge import load_kb

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def answers(kb, text, today=None):
    """finding -> state the text sets (numbers as their answer bin), read on ``today`` if
    given (a text's dates count back from it)."""
    out = {}
    for fid, v in parse(kb, text, today).answers().items():
        out[fid] = kb.state_of(fid, v) if kb.findings[fid].type == "number" else v
    return out


def want_state(kb, fid, v):
    return kb.state_of(fid, v) if kb.findings[fid].type == "number" else v


SAYING_IT = [
    # walking and the legs
    (
        "my legs go after about ten minutes of walking and I have to sit on a wall",
        {"legs_give_way_walking": "yes", "walk_minutes": 10},
    ),
    ("my legs go on me if I walk too far", {"legs_give_way_walking": "yes"}),
    ("I can't walk far before my legs give up on me", {"legs_give_way_walking": "yes"}),
    ("after five minutes walking my legs feel like lead", {"legs_give_way_walking": "yes"}),
    ("I can't walk a block without stopping", {"legs_give_way_walking": "yes"}),
    ("i cant walk to the shops without having to stop", {"legs_give_way_walking": "yes"}),
    ("my legs turn to jelly when I walk", {"legs_give_way_walking": "yes"}),
    # numbness and tingling
    ("I get a dead leg when I'm out walking", {"leg_numbness": "yes"}),
    ("my foot goes all numb", {"leg_numbness": "yes"}),
    ("my toes feel like they're asleep", {"leg_numbness": "yes"}),
    ("I've got no feeling in my big toe", {"leg_numbness": "yes"}),
    ("I get pins n needles in my foot", {"leg_numbness": "yes"}),
    ("my legs keep going numb", {"leg_numbness": "yes"}),
    # where it goes
    ("it shoots right down into my foot", {"symptom_reach": "below_knee"}),
    ("it stays in my lower back", {"symptom_reach": "back_only"}),
    ("no pain in my legs at all, just my back", {"symptom_reach": "back_only"}),
    ("it hasn't spread down my legs", {"symptom_reach": "back_only"}),
    # warning signs in toilet words
    ("I keep weeing myself", {"incontinence": "yes"}),
    ("I've wet myself a couple of times this week", {"incontinence": "yes"}),
    ("I'm struggling to wee", {"urinary_retention": "yes"}),
    ("I haven't been able to have a wee since yesterday", {"urinary_retention": "yes"}),
    ("my bum's gone numb", {"saddle_numbness": "yes"}),
    ("my foot's gone floppy", {"leg_weakness_worsening": "yes"}),
    ("my legs have gone really weak", {"leg_weakness_worsening": "yes"}),
    # feeling unwell
    ("I've been running a temp", {"fever": "yes"}),
    ("I've been hot and shivery", {"fever": "yes"}),
    ("the weight is dropping off me", {"weight_loss": "yes"}),
    ("I've felt under the weather for weeks", {"unwell": "yes"}),
    ("I can't sleep with it", {"night_pain": "yes"}),
    ("it never stops and it's getting worse", {"pain_constant_worsening": "yes"}),
    ("I slipped on the ice", {"minor_fall": "yes"}),
    ("my belly's really sore", {"abdominal_pain": "yes"}),
    # how it started and the rest of the history
    ("I did it picking up my grandson", {"onset_lifting": "yes"}),
    ("it went when I bent down to pick up the washing", {"onset_lifting": "yes"}),
    ("Ive had this for about six weeks", {"duration_weeks": 6}),
    ("I'm expecting my second baby", {"pregnant": "yes"}),
    ("I play footie on Sundays", {"impact_sport": "yes"}),
    ("I go for a run most mornings", {"impact_sport": "yes"}),
    # what makes it better or worse
    ("it eases off when I sit down", {"relief_by": "sitting_or_bending"}),
    ("sitting kills me", {"worse_sitting": "yes"}),
    ("it hurts like hell when I sneeze", {"cough_sneeze_worse": "yes"}),
    ("I can ride my bike no bother", {"cycling_ok": "yes"}),
    ("it's worse when I stand for ages", {"standing_brings_on": "yes"}),
    ("going up hills is a killer", {"uphill_downhill": "uphill_worse"}),
    ("it's been about 2 months", {"duration_weeks": 9}),
    ("I've been feeling really low", {"distress": "yes"}),
    ("tingeling in my toes", {"leg_numbness": "yes"}),
    ("numbess in my foot", {"leg_numbness": "yes"}),
    ("my leg goes a bit numb", {"leg_numbness": "yes"}),
]

DENYING_IT = [
    ("no problems with my wee or poo", {"ces_screen": "no"}),
    ("nothing wrong with my bladder or bowels", {"ces_screen": "no"}),
    ("my bladder and bowels are fine", {"ces_screen": "no"}),
    ("I've never had cancer", {"cancer_history": "no"}),
    ("not had any fever", {"fever": "no"}),
    ("I havent lost any weight", {"weight_loss": "no"}),
    ("no pins and needles", {"leg_numbness": "no"}),
    ("never any tingling", {"leg_numbness": "no"}),
    ("no numbness or tingling in my legs", {"leg_numbness": "no"}),
    ("I don't feel sick", {"nausea_vomiting": "no"}),
    ("sitting doesn't bother me", {"worse_sitting": "no"}),
    ("bending is fine", {"worse_bending_forward": "no"}),
    ("I'm not diabetic", {"diabetes": "no"}),
    ("not pregnant", {"pregnant": "no"}),
    ("no tummy pain", {"abdominal_pain": "no"}),
    ("I haven't noticed any tingling", {"leg_numbness": "no"}),
    ("coughing doesn't make it worse", {"cough_sneeze_worse": "no"}),
    ("it doesn't hurt when I cough", {"cough_sneeze_worse": "no"}),
    ("I sleep fine", {"night_pain": "no"}),
    ("I wasn't in an accident", {"trauma_major": "no"}),
    ("my foot doesn't drag", {"leg_weakness_worsening": "no"}),
    ("no trouble going to the loo", {"ces_screen": "no"}),
]

#: a "no" to one part of a question of several parts is shown, and the question is asked
PARTLY = [
    ("I don't have any problems peeing", "ces_screen"),
    ("never had any bother with my bowels, no trouble pooing", "ces_screen"),
]

#: a "no" that stops where the statement does: what comes after "but", "apart from", "except"
#: is said, not denied
NO_STOPS = [
    ("no numbness but my legs go heavy after a while", {"legs_give_way_walking": "yes"}),
    ("no problems apart from some tingling in my foot", {"leg_numbness": "yes"}),
    ("nothing else except pins and needles in my toes", {"leg_numbness": "yes"}),
    ("not only does my back hurt, I get pins and needles in my foot", {"leg_numbness": "yes"}),
    ("it's not just my back, it goes right down to my ankle", {"symptom_reach": "below_knee"}),
    ("no matter how I sit I get pins and needles", {"leg_numbness": "yes"}),
    ("the pain never goes away and my legs tingle", {"leg_numbness": "yes"}),
    # double negatives: "can't ... without" says it happens
    ("I can't walk far without my legs going numb", {"leg_numbness": "yes"}),
    ("I never get far without my legs going heavy", {"legs_give_way_walking": "yes"}),
]


@pytest.mark.parametrize(("text", "expect"), SAYING_IT + DENYING_IT + NO_STOPS)
def test_everyday_wording_is_read(kb, text, expect):
    got = answers(kb, text)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), f"{text!r}: {fid} -> {got.get(fid)}"


#: warning signs said plainly, with a "no" elsewhere in the sentence: never read as a "no"
RED_FLAG_NOT_NEGATED = [
    ("no fever but I've wet myself twice", "incontinence"),
    ("I can't walk without my foot dragging", "leg_weakness_worsening"),
    ("not only is my back bad, I can't feel the toilet paper", "saddle_numbness"),
    ("nothing helps and I've lost a lot of weight", "weight_loss"),
    ("no idea why but I've been wetting the bed", "incontinence"),
    ("it doesn't matter how I sit, my bum's numb", "saddle_numbness"),
]


@pytest.mark.parametrize(("text", "finding"), RED_FLAG_NOT_NEGATED)
def test_a_warning_sign_said_plainly_is_never_a_no(kb, text, finding):
    mentions = [m for m in parse(kb, text).mentions if m.finding == finding]
    assert mentions, f"{finding} not found in {text!r}"
    assert all(m.answer == "yes" and not m.negated for m in mentions), mentions
    assert any(m.applies for m in mentions)


@pytest.mark.parametrize(("text", "finding"), PARTLY)
def test_a_no_to_part_of_a_question_is_asked(kb, text, finding):
    mentions = [m for m in parse(kb, text).mentions if m.finding == finding]
    assert mentions and all(m.answer == "no" and not m.applies for m in mentions), mentions


#: hedged: shown, asked, never set either way
ASKED = [
    ("I hardly ever get pins and needles", "leg_numbness"),
    ("I rarely get night sweats", "fever"),
    ("not that I've noticed any tingling", "leg_numbness"),
    ("I don't really get tingling", "leg_numbness"),
]


@pytest.mark.parametrize(("text", "finding"), ASKED)
def test_a_hedged_answer_is_asked_not_guessed(kb, text, finding):
    mentions = [m for m in parse(kb, text).mentions if m.finding == finding]
    assert mentions, f"{finding} not found in {text!r}"
    assert not any(m.applies for m in mentions), mentions


def test_a_gap_in_a_phrase_does_not_swallow_a_no(kb):
    # "coughing ... makes it worse" must not read "coughing never makes it worse" as a "yes"
    got = answers(kb, "coughing never makes it worse")
    assert got.get("cough_sneeze_worse") != "yes"
    got = answers(kb, "sitting down never makes it worse")
    assert got.get("worse_sitting") != "yes"


def test_every_no_phrase_of_a_warning_sign_says_no_or_normal(kb):
    """A warning-sign phrase filed under "no" by mistake would read the sign as denied; each "no"
    phrase of a warning sign must carry a "no" or a "normal" word of its own."""
    from backstride.knowledge.schema import PhraseSet

    says_no = ("no", "not", "n't", "never", "fine", "normal", "ok", "okay", "same", "can", "still")
    # a clinician's words for "no" or "normal" (tests/intake/test_clinical_register.py)
    says_no += ("afebrile", "apyrexial", "intact", "preserved", "unchanged", "stable", "steady",
                "unaffected", "unremarkable", "negative")  # fmt: skip
    for ps in kb.phrases:
        if not isinstance(ps, PhraseSet) or ps.answer != "no":
            continue
        if kb.findings[ps.finding].topic != "red_flag":
            continue
        for phrase in ps.phrases:
            words = set(phrase.replace("(", " ").replace(")", " ").replace("|", " ").split())
            assert words & set(says_no), f"{ps.finding}: {phrase!r} does not say no"
