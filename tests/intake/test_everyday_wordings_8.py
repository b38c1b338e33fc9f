"""The parser on an eighth batch of wordings (session 22), written for this file in other words
than the blind set benchmarks/parse/pass8.yaml: a leg symptom newer than the pain said with a
span of time named by its unit alone ("this past week"), with a hedged time in a clause of its
own (", perhaps 6 weeks"), or in so many words ("newer than", "never had that before"); "all of
a sudden" and "came on suddenly" say it did not come on slowly; a trip or slip from standing,
told of the person or of the one written for, is a minor fall; trips again and again, or
unsteady walking with a time of days or weeks, are walking getting worse; punctuation said
aloud to a dictation app; an age set beside the one it is of ("my gran (86)"); and words for
the warning signs not read before.

Each case lists answers the text must set (other answers may be read too); controls list
findings that must not be set, or not to the answer given."""

from __future__ import annotations

from datetime import date

import pytest

from backstride.intake import parse
from tests.intake.test_everyday_wordings import answers, want_state  # the first batch's helpers

pytest.importorskip("spacy")
# `kb`: the packaged knowledge base (tests/conftest.py)

TODAY = date(2026, 12, 7)


READ = [
    # a span named by its unit alone, beside years of pain: the leg symptom is new
    (
        "My back has given me grief for about six years, but over the past week my right calf "
        "has gone numb.",
        {"duration_weeks": 313, "leg_numbness": "yes", "new_leg_nerve_symptoms": "yes"},
    ),
    (
        "This past fortnight the tingling in my left foot, the back itself for 3 years.",
        {"leg_numbness": "yes", "new_leg_nerve_symptoms": "yes"},
    ),
    # a hedged time alone in its clause is the symptom's it follows
    (
        "Lower back for 18 months, the numb feeling in my shin is newer, perhaps 6 weeks.",
        {"duration_weeks": 78, "new_leg_nerve_symptoms": "yes"},
    ),
    # said in so many words
    (
        "The pins and needles in my thigh are more recent than the pain.",
        {"new_leg_nerve_symptoms": "yes"},
    ),
    (
        "my right leg went tingly on tuesday and ive never had that before",
        {"leg_numbness": "yes", "new_leg_nerve_symptoms": "yes"},
    ),
    # a time that opens the sentence stays the pain's unless a leg symptom follows it alone
    (
        "Since yesterday I can't pass urine and my back is in agony.",
        {"duration_weeks": 0.1, "urinary_retention": "yes"},
    ),
    # all of a sudden, came on suddenly
    ("It started all of a sudden while I was hoovering.", {"gradual_onset": "no"}),
    ("The pain came on really suddenly at work.", {"gradual_onset": "no"}),
    ("No, it was not sudden, it built up over the summer.", {"gradual_onset": "yes"}),
    # a trip or slip from standing is a minor fall, told of the person or the one written for
    (
        "My grandad is 87. He slipped getting off the bus on Friday and his back is bad since.",
        {"age": 87, "sex": "male", "minor_fall": "yes", "fell_over_recently": "yes"},
    ),
    ("I fell from standing height in the garden two days ago.", {"minor_fall": "yes"}),
    ("Went over on the ice and landed on my tailbone.", {"minor_fall": "yes"}),
    # walking getting worse: trips again and again, toes catching, unsteady these past days
    (
        "my right toes keep catching on the stairs and i stumbled three times yesterday",
        {"gait_worsening": "yes"},
    ),
    (
        "Over the past week I've been staggering around like I've had a drink.",
        {"unsteady_wide_gait": "yes", "gait_worsening": "yes"},
    ),
    # dictation: the marks said aloud end the clause and the sentence
    (
        "I am seventy two comma my legs give out after ten minutes full stop I have to sit down",
        {"age": 72, "walk_minutes": 10, "legs_give_way_walking": "yes"},
    ),
    # an age set beside the one it is of, or opening a note
    ("Writing on behalf of my gran (86). Her back has been bad for a week.", {"age": 86}),
    ("41, cyclist, back went when I lifted the bike onto the car.", {"age": 41}),
    # warning signs in other words
    (
        "Couldn't pass water this morning, bladder is full but nothing is coming.",
        {"urinary_retention": "yes"},
    ),
    ("ive been pissing myself at night since the weekend", {"incontinence": "yes"}),
    ("There's reduced feeling over the saddle area since Sunday.", {"saddle_numbness": "yes"}),
    ("A lorry went into the back of my car on Friday.", {"trauma_major": "yes"}),
    (
        "Sharp thoracic pain and I'm very tender over T11.",
        {"thoracic_pain": "yes", "bone_tender_spot": "yes"},
    ),
    ("Sneezing aggravates it badly.", {"cough_sneeze_worse": "yes"}),
    # denials said their own way
    ("No temperature and no sweats.", {"fever": "no"}),
    ("I haven't fallen and nobody has hit me.", {"fell_over_recently": "no"}),
]


@pytest.mark.parametrize(("text", "expect"), READ)
def test_wording_is_read(kb, text, expect):
    got = answers(kb, text, TODAY)
    for fid, v in expect.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)


#: each wording with a finding that must not be set (None), or not to the answer given
NOT_READ = [
    # the numbness had for as long as the pain says nothing new
    (
        "For a year my back and my left leg have been numb and sore.",
        "new_leg_nerve_symptoms",
        "yes",
    ),
    # "never had that before" said of the back pain is not a new leg symptom
    ("Never had back pain like this before.", "new_leg_nerve_symptoms", "yes"),
    # a sudden thing that is not the pain's coming
    ("My sister rang all of a sudden to ask about my back.", "gradual_onset", "yes"),
    # someone else's fall stays someone else's
    ("My neighbour slipped getting out of the bath and broke her hip.", "minor_fall", "yes"),
    # a single trip is not walking getting worse
    ("I tripped on the kerb once last year.", "gait_worsening", "yes"),
    # a steroid course's years are not the pain's
    (
        "My back has hurt since Saturday. I'm on prednisolone for my lungs, have been for years.",
        "duration_weeks",
        104,
    ),
]


@pytest.mark.parametrize(("text", "finding", "answer"), NOT_READ)
def test_control_is_not_read(kb, text, finding, answer):
    got = answers(kb, text, TODAY)
    assert got.get(finding) != want_state(kb, finding, answer), (text, got)


def test_a_pause_said_aloud_keeps_every_offset(kb):
    """The dictated "full stop" is read as a mark, but what is shown points into the text as
    it was typed."""
    text = "my legs give out after 200 metres full stop no trouble with my waterworks"
    res = parse(kb, text, TODAY)
    for m in res.mentions:
        assert text[m.start : m.end] == m.text, m


def test_new_since_the_pain_is_still_never_read_as_no(kb):
    """However its time is said, a newer leg symptom only ever raises the warning sign."""
    for text in (
        "My back's been bad for years and the tingling isn't new, I've had it as long.",
        "The numbness in my leg is not more recent than the pain.",
    ):
        assert answers(kb, text, TODAY).get("new_leg_nerve_symptoms") != "no", text
