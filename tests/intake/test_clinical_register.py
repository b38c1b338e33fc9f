"""Free text in a clinician's or a carer's register (session 16): the notes a physiotherapist, a
GP or a carer writes ("68M, 2/12 hx LBP radiating to L buttock, nil red flags, afebrile, PMHx
HTN"), written for this file in our own words, not taken from any benchmark case or sentence.

Each row is (text, answers it must set, findings it must leave unset); every row failed against
the parser before this session. The safety rows check that a warning sign is never answered by
a blanket "nil red flags", a query ("?saddle anaesthesia"), safety-netting advice or a test
read at 70 degrees or more; the carer rows that "my dad ... he" is read for the person only when
the writer says they answer for them ("I look after my dad") or the front end says so
(``parse(..., for_someone=True)``): otherwise a relative in the writer's own story stays someone
else's (tests/intake/test_third_person.py)."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.intake.quantities import find_quantities, sex_cues
from tests.intake.test_everyday_wordings import answers, kb, want_state  # noqa: F401

pytest.importorskip("spacy")

CLINICIAN = [
    (
        "68M, 2/12 hx LBP radiating to L buttock, paraesthesia L foot, nil red flags, afebrile, PMHx HTN, T2DM, ex-smoker",
        {
            "age": 68,
            "sex": "male",
            "duration_weeks": 8.7,
            "leg_numbness": "yes",
            "fever": "no",
            "diabetes": "yes",
            "vascular_risk": "yes",
            "symptom_reach": "below_knee",
        },
        ["saddle_numbness", "ces_screen", "cancer_history", "weight_loss", "night_pain"],
    ),
    (
        "She reports bilateral leg heaviness after 200 m relieved by sitting",
        {
            "legs_give_way_walking": "yes",
            "walk_metres": 200,
            "symptom_sides": "both_sides",
            "relief_by": "sitting_or_bending",
        },
        [],
    ),
    (
        "Denies saddle anaesthesia or bladder/bowel dysfunction",
        {"saddle_numbness": "no", "ces_screen": "no"},
        [],
    ),
    ("Pain on lumbar extension", {"worse_leaning_back": "yes"}, []),
    ("SLR positive at 40 degrees on the R", {"st_slr_leg_pain": "yes"}, []),
    ("SLR -ve bilaterally", {"st_slr_leg_pain": "no"}, []),
    ("Crossed SLR +ve", {"st_crossed_slr": "yes"}, []),
    (
        "Pt is a 45 y/o female with a 3/7 hx of acute LBP after lifting a box at work",
        {"age": 45, "sex": "female", "duration_weeks": 0.43, "onset_lifting": "yes"},
        [],
    ),
    (
        "Afebrile, no wt loss, no night pain",
        {"fever": "no", "weight_loss": "no", "night_pain": "no"},
        [],
    ),
    ("PMHx: IHD, CVA 2019", {"vascular_risk": "yes"}, []),
    ("Hx of prostate Ca with bony mets", {"cancer_history": "yes"}, []),
    ("Previous breast Ca, treated 2015", {"cancer_history": "yes"}, []),
    ("No PMHx of Ca", {"cancer_history": "no"}, []),
    ("On long-term oral steroids for RA", {"bone_fragility": "yes"}, []),
    ("Hx of IVDU", {"infection_risk": "yes"}, []),
    ("Insulin-dependent DM", {"diabetes": "yes"}, []),
    ("No DM", {"diabetes": "no"}, []),
    ("Pain localised to the lumbar spine, no radiation", {"symptom_reach": "back_only"}, []),
    ("Bilat leg sx", {"symptom_sides": "both_sides"}, []),
    ("Leg pain > back pain", {"leg_worse_than_back": "yes"}, []),
    ("Back pain worse than leg pain", {"leg_worse_than_back": "no"}, []),
    ("Reduced sensation over the dorsum of the R foot", {"leg_numbness": "yes"}, []),
    (
        "Aggs: prolonged sitting and bending",
        {"worse_sitting": "yes", "worse_bending_forward": "yes"},
        [],
    ),
    (
        "Worse with prolonged standing, relieved by sitting",
        {"standing_brings_on": "yes", "relief_by": "sitting_or_bending"},
        [],
    ),
    (
        "Neurogenic claudication at 100 yards",
        {"legs_give_way_walking": "yes", "walk_metres": 91},
        [],
    ),
    ("Claudication distance 50 m", {"walk_metres": 50}, []),
    (
        "Calf claudication after 2 blocks, relieved by standing still",
        {"calf_cramp_walking": "yes", "walk_metres": 300, "relief_by": "standing_still"},
        [],
    ),
    ("Able to mobilise approx 15 minutes before onset of leg sx", {"walk_minutes": 15}, []),
    ("Able to cycle without sx", {"cycling_ok": "yes"}, []),
    ("EMS > 30 mins", {"morning_stiffness_long": "yes"}, []),
    ("Constant, progressive pain", {"pain_constant_worsening": "yes"}, []),
    ("Pain unaffected by movement or position", {"movement_no_effect": "yes"}, []),
    ("Unexplained wt loss of 6 kg over 3/12", {"weight_loss": "yes"}, ["duration_weeks"]),
    ("Pyrexial on arrival", {"fever": "yes"}, []),
    ("Febrile", {"fever": "yes"}, []),
    ("Systemically well", {"unwell": "no"}, []),
    ("Reports hesitancy and incomplete voiding", {"urinary_retention": "yes"}, []),
    ("Reduced perianal sensation", {"saddle_numbness": "yes"}, []),
    ("Saddle sensation intact", {"saddle_numbness": "no"}, []),
    ("B&B normal", {"ces_screen": "no"}, []),
    ("No B&B dysfunction", {"ces_screen": "no"}, []),
    ("Progressive bilateral leg weakness", {"leg_weakness_worsening": "yes"}, []),
    ("Gait increasingly unsteady over the last 2/52", {"gait_worsening": "yes"}, []),
    ("Onset after an RTC last week", {"trauma_major": "yes"}, []),
    ("Unable to WB on the R leg since the fall", {"cannot_bear_weight": "yes"}, []),
    ("NWB since the fall", {"cannot_bear_weight": "yes"}, []),
    ("Pulsatile abdominal mass", {"pulsing_belly": "yes"}, []),
    ("Known AAA under surveillance", {"pulsing_belly": "yes"}, []),
    ("Syncopal episode with the pain", {"fainted_with_pain": "yes"}, []),
    ("Haematuria", {"urinary_symptoms": "yes"}, []),
    ("Dysuria", {"urinary_symptoms": "yes"}, []),
    ("Hx of renal calculi", {"kidney_stone_history": "yes"}, []),
    ("Epigastric pain radiating through to the back", {"abdominal_pain": "yes"}, []),
    ("6/52 postpartum", {"pregnant": "yes"}, []),
    ("Sedentary lifestyle", {"low_activity": "yes"}, []),
    ("Recently increased his running mileage", {"training_increase": "yes"}, []),
    ("First episode of LBP", {"first_episode": "yes"}, []),
    ("Point tenderness over the L3 spinous process", {"bone_tender_spot": "yes"}, []),
    ("Antalgic gait", {"limp": "yes"}, []),
    ("Wide-based gait", {"unsteady_wide_gait": "yes"}, []),
    ("Responds well to NSAIDs", {"nsaid_relief": "yes"}, []),
    ("-ve for saddle anaesthesia", {"saddle_numbness": "no"}, []),
    ("Saddle anaesthesia absent", {"saddle_numbness": "no"}, []),
    ("No fever or wt loss", {"fever": "no", "weight_loss": "no"}, []),
    ("Nil night pain", {"night_pain": "no"}, []),
    ("Tender over the lower thoracic spine", {"bone_tender_spot": "yes"}, []),
]

SAFETY = [
    ("No red flags except reduced saddle sensation", {"saddle_numbness": "yes"}, []),
    ("Denies trauma, reports new faecal incontinence", {"incontinence": "yes"}, []),
    ("?saddle anaesthesia", {}, ["saddle_numbness"]),
    ("Possible saddle numbness", {}, ["saddle_numbness"]),
    (
        "Safety-netted re saddle anaesthesia and urinary retention",
        {},
        ["saddle_numbness", "urinary_retention"],
    ),
    (
        "Advised to attend ED if develops saddle anaesthesia or bladder dysfunction",
        {},
        ["saddle_numbness", "ces_screen"],
    ),
]

CARER = [
    (
        "I look after my dad. He is 82 and he can't walk far before his legs give out",
        {"age": 82, "legs_give_way_walking": "yes"},
        [],
    ),
    (
        "I care for my mum. She has had back pain for 3 months and she gets pins and needles in her foot",
        {"duration_weeks": 13, "leg_numbness": "yes"},
        [],
    ),
    (
        "I'm filling this in for my husband: his legs go heavy after about 5 minutes and he has to sit down",
        {"legs_give_way_walking": "yes", "walk_minutes": 5},
        [],
    ),
    ("I'm writing for my wife. She has wet herself twice this week", {"incontinence": "yes"}, []),
    ("I look after my dad and he can't feel his bum when he wipes", {"saddle_numbness": "yes"}, []),
    (
        "On behalf of my mum: she had breast cancer 10 years ago and now her back is bad",
        {"cancer_history": "yes"},
        [],
    ),
    (
        "I care for my father. He is diabetic and he smokes",
        {"diabetes": "yes", "vascular_risk": "yes"},
        [],
    ),
    ("I look after my mum, she's had a fever and she's off her food", {"fever": "yes"}, []),
    (
        "I'm her carer and she says it goes right down to her foot",
        {"symptom_reach": "below_knee"},
        [],
    ),
    (
        "I look after my mum and she has no problems with her waterworks or bowels",
        {"ces_screen": "no"},
        [],
    ),
    (
        "I look after my dad. He is 79 and his back has been bad for 6 weeks",
        {"age": 79, "duration_weeks": 6},
        [],
    ),
    (
        "I look after my wife; she can't stand up for long without her back hurting",
        {"standing_brings_on": "yes"},
        [],
    ),
    ("I care for my dad, he's been losing weight without trying", {"weight_loss": "yes"}, []),
    (
        "I look after my son. He is 19 and he plays football 4 times a week",
        {"age": 19, "impact_sport": "yes"},
        [],
    ),
    (
        "I'm filling this in for my wife, she's 34 weeks pregnant and the pain is at the back of her pelvis",
        {"pregnant": "yes"},
        [],
    ),
    (
        "I look after my dad. He says the pain is worse when he coughs",
        {"cough_sneeze_worse": "yes"},
        [],
    ),
]

#: a length of time said of the pain, words of the examination and of the history
CLINICIAN_2 = [
    ("AAA ruled out on ultrasound", {"pulsing_belly": "no"}, []),
    ("Sudden onset of severe tearing back pain", {"sudden_abdominal_pain": "yes"}, []),
    (
        "A 54-year-old retired woman with HTN presents with three weeks of sharp lumbar pain",
        {"age": 54, "sex": "female", "duration_weeks": 3},
        [],
    ),
    (
        "Pt has had 4 months of left hip, buttock and back-of-thigh pain",
        {"duration_weeks": 17.4, "symptom_reach": "thigh"},
        [],
    ),
    ("Five days earlier he felt his back go while gardening", {"duration_weeks": 0.71}, []),
    ("Symptoms have built up over a month", {"duration_weeks": 4.3}, []),
    ("Numbness of the whole right leg", {"leg_numbness": "yes"}, []),
    ("Aching mid-back pain", {"thoracic_pain": "yes"}, []),
    ("Marked midline lumbar tenderness", {"bone_tender_spot": "yes"}, []),
    ("Tender near the right pubic ramus", {"bone_tender_spot": "yes"}, []),
    ("Low back pain without spreading to the legs", {"symptom_reach": "back_only"}, []),
    ("Nothing goes into his legs", {"symptom_reach": "back_only"}, []),
    ("Came on without any clear cause", {"gradual_onset": "yes"}, []),
    ("Started after moving heavy boxes", {"onset_lifting": "yes"}, []),
    ("Pain began after exercising with a barbell", {"onset_lifting": "yes"}, []),
    ("Works as a construction worker", {"heavy_work": "yes"}, []),
    ("Three weeks after a lumbar discectomy", {"infection_risk": "yes"}, []),
    ("Currently being treated for tuberculosis", {"infection_risk": "yes"}, []),
    ("Walking limited to about 100 feet", {"walk_metres": 30}, []),
    ("Right-leg pain down to the knee", {"symptom_sides": "one_side"}, []),
    (
        "It gets worse when she sits and goes completely when he lies down",
        {"worse_sitting": "yes"},
        [],
    ),
    ("The pain goes completely as soon as he sits down", {"no_pain_sitting": "yes"}, []),
    ("Cramping in both calves, the right worse", {"calf_cramp_walking": "yes"}, []),
    ("In her second pregnancy, now 30 weeks", {"pregnant": "yes"}, []),
    ("No fever or systemic symptoms", {"fever": "no", "unwell": "no"}, []),
    ("Her forefoot goes numb when walking", {"leg_numbness": "yes"}, []),
    ("Worse by walking and sitting", {"worse_sitting": "yes"}, []),
]

FOR_SOMEONE = [
    (
        "my dad is 82 and he can't walk far before his legs give out",
        {"age": 82, "legs_give_way_walking": "yes"},
        [],
    ),
    ("My wife has wet herself twice this week", {"incontinence": "yes"}, []),
    ("My mum is 80. Her sister had cancer.", {"age": 80}, ["cancer_history"]),
]


def check(kb, got, text, want, never):  # noqa: F811
    for fid, v in want.items():
        assert got.get(fid) == want_state(kb, fid, v), (text, fid, got)
    for fid in never:
        assert fid not in got, (text, fid, got)


@pytest.mark.parametrize(("text", "want", "never"), CLINICIAN + CLINICIAN_2 + SAFETY + CARER)
def test_a_clinicians_or_carers_note(kb, text, want, never):  # noqa: F811
    check(kb, answers(kb, text), text, want, never)


@pytest.mark.parametrize(("text", "want", "never"), FOR_SOMEONE)
def test_a_text_the_front_end_says_is_a_carers(kb, text, want, never):  # noqa: F811
    got = {
        f: kb.state_of(f, v) if kb.findings[f].type == "number" else v
        for f, v in parse(kb, text, for_someone=True).answers().items()
    }
    check(kb, got, text, want, never)


def test_a_blanket_no_red_flags_answers_no_warning_sign(kb):  # noqa: F811
    """ "Nil red flags" is a summary, not an answer: each warning sign is still asked, and only
    what is named ("afebrile") is read."""
    got = answers(kb, "Nil red flags. Afebrile. No red flags on screening.")
    assert got == {"fever": "no"}


def test_a_warning_sign_after_a_list_of_nos_is_a_statement(kb):  # noqa: F811
    """ "Denies X, reports Y": the "reports" begins a new statement, so Y is a "yes"."""
    (m,) = [m for m in parse(kb, "Denies trauma, reports new faecal incontinence").mentions]
    assert (m.finding, m.answer, m.applies) == ("incontinence", "yes", True)


def test_shorthand_for_months_and_days_is_read_only_as_a_length_of_time():
    (q,) = [q for q in find_quantities("2/12 hx of LBP") if q.kind == "duration"]
    assert round(q.value, 1) == 8.7
    (q,) = [q for q in find_quantities("LBP x 3/7") if q.kind == "duration"]
    assert round(q.value, 2) == 0.43
    # a date: "since 2/12" (the 2nd of December) is not two months
    assert not [q for q in find_quantities("on 2/12 she fell") if q.kind == "duration"]


def test_age_and_sex_shorthand_is_not_a_distance():
    qs = find_quantities("68M, 2/12 hx LBP")
    assert [(q.kind, q.value) for q in qs if q.kind in ("age", "distance")] == [("age", 68.0)]
    assert [c[2] for c in sex_cues("45 y/o F with LBP")] == ["female"]
    assert sex_cues("temp 99F") == []
    assert [(q.kind, q.low, q.high) for q in find_quantities("a man in his late forties")] == [
        ("age", 47, 49)
    ]


def test_a_query_mark_asks_and_does_not_end_the_sentence(kb):  # noqa: F811
    (m,) = [m for m in parse(kb, "Pain, ?saddle anaesthesia").mentions if m.red_flag]
    assert m.finding == "saddle_numbness" and not m.applies
