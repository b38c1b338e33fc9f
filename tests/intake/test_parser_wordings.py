"""The parser on wordings people use: every finding a person could say in words has phrases,
warning signs said plainly (in several ways) are found and count, and "no", the past and
someone else are read as such."""

from __future__ import annotations

import pytest

from backstride.intake import parse
from backstride.intake.confirm import confirmed_answers, urgent_now
from backstride.knowledge import load_kb
from backstride.knowledge.schema import ContextTrigger

pytest.importorskip("spacy")

#: findings nobody says in a sentence: the guided self-test results (answered in the test
#: itself), a score worked out from other answers, a saved questionnaire's result (set from
#: the stored score), and age (read as a number, not a phrase)
NOT_SAID_IN_WORDS = {"age", "cook_lss_cluster", "sshq_positive"}


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(kb, text):
    """finding -> (answer, applies) for each mention."""
    return {m.finding: (m.answer, m.applies) for m in parse(kb, text).mentions}


def test_every_finding_a_person_could_say_has_phrases(kb):
    have = {p.finding for p in kb.phrases if not isinstance(p, ContextTrigger)}
    wanted = {
        fid
        for fid, f in kb.findings.items()
        if f.topic != "selftest" and fid not in NOT_SAID_IN_WORDS
    }
    assert sorted(wanted - have) == []


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # saddle numbness, said other ways
        ("I'm numb between my legs", "saddle_numbness"),
        ("I feel numb down below", "saddle_numbness"),
        ("I can't feel when I wipe", "saddle_numbness"),
        ("I've lost the feeling down there", "saddle_numbness"),
        ("there's no feeling in my bottom any more", "saddle_numbness"),
        ("my inner thighs have gone numb", "saddle_numbness"),
        ("I can hardly feel myself wiping", "saddle_numbness"),
        ("I have trouble feeling the paper when I wipe", "saddle_numbness"),
        ("it tingles between my legs", "saddle_numbness"),
        ("the skin down there has gone dead", "saddle_numbness"),
        # foot drop and fast weakening
        ("my foot slaps the floor", "leg_weakness_worsening"),
        ("my foot keeps flapping down when I walk", "leg_weakness_worsening"),
        ("I trip over my toes all the time", "leg_weakness_worsening"),
        ("I can't lift my foot up", "leg_weakness_worsening"),
        ("I can't pull my toes up any more", "leg_weakness_worsening"),
        ("my toes catch on the kerb", "leg_weakness_worsening"),
        ("my left foot has started dragging", "leg_weakness_worsening"),
        ("my foot just hangs down", "leg_weakness_worsening"),
        ("I have to lift my knee high to walk", "leg_weakness_worsening"),
        ("I've lost all the strength in my foot", "leg_weakness_worsening"),
        # the warning signs that had no phrases before
        ("this week it has spread to both legs", "new_both_legs"),
        ("now my other leg is going numb as well", "new_both_legs"),
        ("my balance is getting worse by the day", "gait_worsening"),
        ("I have to hold on to the furniture to get around", "gait_worsening"),
        ("I keep stumbling", "gait_worsening"),
        ("I passed out when the pain hit", "fainted_with_pain"),
        ("I almost blacked out", "fainted_with_pain"),
        ("I went cold and clammy", "fainted_with_pain"),
        ("I felt light headed with it", "fainted_with_pain"),
        ("I have new tingling in my foot", "new_leg_nerve_symptoms"),
        ("my leg has started to feel weak", "new_leg_nerve_symptoms"),
    ],
)
def test_warning_signs_said_plainly_are_found_and_count(kb, text, finding):
    r = parse(kb, text)
    m = next((m for m in r.mentions if m.finding == finding), None)
    assert m is not None, f"{finding} not found in {text!r}: {r.mentions}"
    assert (m.answer, m.applies, m.red_flag) == ("yes", True, True)
    assert text[m.start : m.end] == m.text
    assert confirmed_answers(r)[finding] == "yes"


@pytest.mark.parametrize(
    "text",
    ["I'm numb down below", "I can't feel the loo roll when I wipe", "my foot slaps when I walk"],
)
def test_these_warning_signs_raise_urgency_at_once(kb, text):
    assert urgent_now(kb, confirmed_answers(parse(kb, text))) is not None


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I don't have any numbness between my legs", "saddle_numbness"),
        ("there's no loss of feeling down below", "saddle_numbness"),
        ("I never trip over my toes", "leg_weakness_worsening"),
        ("I haven't fainted", "fainted_with_pain"),
        ("no swollen joints", "joint_swelling"),
        ("I've never had a swollen knee", "joint_swelling"),
    ],
)
def test_a_no_is_read_as_no_and_a_warning_sign_still_asked(kb, text, finding):
    r = parse(kb, text)
    assert found(kb, text)[finding] == ("no", True)
    if kb.findings[finding].topic == "red_flag":
        assert finding not in confirmed_answers(r)  # the person confirms a "no" to a warning sign


@pytest.mark.parametrize(
    "text",
    ["I can still feel the toilet paper", "the feeling down below is normal"],
)
def test_saying_the_feeling_is_normal_is_a_no(kb, text):
    assert found(kb, text)["saddle_numbness"] == ("no", True)


def test_a_numb_saddle_in_the_past_or_someone_elses_is_asked(kb):
    assert found(kb, "I had numbness down below years ago")["saddle_numbness"] == ("yes", False)
    assert found(kb, "my dad's foot drags")["leg_weakness_worsening"] == ("yes", False)
    assert found(kb, "maybe I'm a bit numb down below")["saddle_numbness"] == ("yes", False)


@pytest.mark.parametrize(
    "text",
    [
        "the pain goes down the back of my lower leg",
        "it runs down my shin",
        "the pain goes right down to my ankle",
        "it reaches my heel",
        "it goes into my big toe",
        "down the outside of my leg to my foot",
    ],
)
def test_the_calf_said_other_ways_is_below_the_knee(kb, text):
    assert found(kb, text)["symptom_reach"] == ("below_knee", True)


def test_the_calf_said_other_ways_for_cramp_and_numbness(kb):
    text = "I get a cramp in the back of my lower leg when I walk"
    assert found(kb, text)["calf_cramp_walking"] == ("yes", True)
    assert found(kb, "my calf muscles tighten up")["calf_cramp_walking"] == ("yes", True)
    assert found(kb, "numbness in my shin")["leg_numbness"] == ("yes", True)
    assert found(kb, "my heel goes numb")["leg_numbness"] == ("yes", True)
    assert found(kb, "no pins and needles in my shin")["leg_numbness"] == ("no", True)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ibuprofen helped within a couple of days", "yes"),
        ("naproxen made my back much better", "yes"),
        ("anti-inflammatories really help", "yes"),
        ("it is much better since starting naproxen", "yes"),
        ("ibuprofen used to take the pain away", "yes"),  # the question asks about ever
        ("ibuprofen doesn't help at all", "no"),
        ("ibuprofen never helped", "no"),
        ("naproxen did nothing", "no"),
        ("anti-inflammatories only take the edge off", "no"),
    ],
)
def test_how_anti_inflammatories_worked(kb, text, answer):
    assert found(kb, text)["nsaid_relief"] == (answer, True)


@pytest.mark.parametrize(
    ("text", "applies"),
    [
        ("my knee swelled up for no reason", True),
        ("I had a hot swollen ankle as a teenager", True),  # "have you ever": the past counts
        ("one of my fingers went like a sausage, a sausage finger", True),
        ("my dad had a swollen knee", False),
    ],
)
def test_a_swollen_joint(kb, text, applies):
    assert found(kb, text)["joint_swelling"] == ("yes", applies)


def test_the_leg_pain_moving_back_into_the_back(kb):
    text = "after press-ups on my tummy the leg pain moves back into my back"
    assert found(kb, text)["centralises"] == ("yes", True)


@pytest.mark.parametrize(
    ("text", "not_finding"),
    [
        ("I have a collapsed disc", "fainted_with_pain"),
        ("I have a collapsed disc", "sudden_abdominal_pain"),
        ("my ankles swell by the evening", "joint_swelling"),
        ("both legs go heavy when I walk", "new_both_legs"),
        ("I can lift my foot fine", "leg_weakness_worsening"),
        ("I don't take ibuprofen", "nsaid_relief"),
        ("there's no feeling down below", "distress"),  # not "feeling down"
    ],
)
def test_near_misses_are_not_read_as_the_finding(kb, text, not_finding):
    assert not_finding not in found(kb, text)


def test_feeling_down_is_still_low_mood(kb):
    assert found(kb, "I've been feeling down lately")["distress"] == ("yes", True)
    assert found(kb, "I'm feeling down.")["distress"] == ("yes", True)


#: one plain sentence for every warning sign; a new warning sign needs one here
PLAIN = {
    "visible_blood_in_urine": "my wee has gone pink",
    "unsteady_wide_gait": "I'm unsteady on my feet",
    "thoracic_pain": "it hurts between my shoulder blades too",
    "ces_screen": "I've been having trouble with my bowels",
    "urinary_retention": "I can't pass urine",
    "incontinence": "I've wet myself twice",
    "saddle_numbness": "my bottom is numb",
    "leg_weakness_worsening": "my right leg is getting weaker by the day",
    "fever": "I've had a fever",
    "infection_risk": "I inject drugs",
    "cancer_history": "I have breast cancer",
    "weight_loss": "I've lost two stone without trying",
    "night_pain": "the pain wakes me at night",
    "pain_constant_worsening": "the pain is constant and getting worse",
    "trauma_major": "I was in a car crash last week",
    "bone_fragility": "I have osteoporosis",
    "new_both_legs": "the sciatica has now spread to both legs",
    "gait_worsening": "my walking is getting worse by the day",
    "minor_fall": "I slipped and fell on the ice",
    "sudden_abdominal_pain": "a sudden terrible pain came on in my back",
    "pulsing_belly": "I can feel my tummy pulsing",
    "fainted_with_pain": "I fainted when the pain came on",
    "new_leg_nerve_symptoms": "I've got new numbness in my leg",
    "abdominal_pain": "I have a stomach ache",
    "cold_pale_feet": "my feet are always cold and pale",
    "flank_colicky": "the pain comes in waves in my side",
    "first_episode": "I've never had back pain before",
    "cannot_bear_weight": "I can't put any weight on my left leg",
    "leg_sudden_cold": "this morning my leg suddenly went cold and white",
    "known_ankylosing_spondylitis": "I was diagnosed with ankylosing spondylitis years ago",
    "testicle_pain": "I've got a sudden terrible pain in my left testicle",
    "heart_warning_signs": "my chest feels tight and I'm short of breath",
    "one_side_rash": "there's a blistery rash on the right side of my back",
    "fell_over_recently": "I had a fall at home yesterday and my back hurts",
    "hands_clumsy_numb": "my hands have gone numb and clumsy",
    "girdle_stiffness": "both my shoulders and hips are so stiff in the mornings",
    "nausea_vomiting": "the pain makes me feel sick",
    "sickle_cell": "I have sickle cell anaemia",
    "sickle_crisis_pain": "it feels like one of my sickle crises",
    "sexual_function_change": "since last week I can't get an erection",
    "pregnancy_contractions": "I'm 31 weeks pregnant and my bump keeps going tight",
    "leg_swollen_one_side": "my left calf is swollen and tender",
    "anticoagulant": "I take warfarin for my heart",
    "pregnancy_warning_signs": "since yesterday my vision has gone blurry",
    "testicle_lump": "I've found a lump in my left testicle",
    "nsaid_regular": "I've been taking ibuprofen every day for my back",
    "gi_bleed_signs": "my poo has gone black and sticky",
    "ulcer_warning_signs": "my stomach pain is getting worse",
    "clot_risk": "I had a long flight home last week",
    "clot_lung_signs": "I coughed up blood this morning",
    "postpartum_heavy_bleeding": "since the birth I'm soaking a pad every hour",
    "red_painful_eye": "my right eye has gone red and bright light hurts my eye",
    "aorta_condition": "I have Marfan syndrome",
    "sepsis_signs": "I have a fever and I'm shaking uncontrollably",
}


def test_every_warning_sign_has_a_plain_sentence_here(kb):
    assert set(PLAIN) == {fid for fid, f in kb.findings.items() if f.topic == "red_flag"}


def test_night_sweats_said_plainly_answer_the_fever_question_and_its_follow_up(kb):
    """night_sweats_only (session 24) is a history answer, not a warning sign, so it is not in
    PLAIN; said plainly, night sweats answer both the fever question and it."""
    said = found(kb, "I keep waking up with night sweats")
    assert said["fever"] == ("yes", True)
    assert said["night_sweats_only"] == ("yes", True)


@pytest.mark.parametrize(("finding", "text"), sorted(PLAIN.items()))
def test_every_warning_sign_said_plainly_counts(kb, finding, text):
    assert found(kb, text)[finding] == ("yes", True)
    assert found(kb, "I've been feeling down")["distress"] == ("yes", True)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # contractions typed without the apostrophe, as on a phone
        ("i cant pass water", "urinary_retention"),
        ("I couldnt feel the tissue", "saddle_numbness"),
        ("my foot wont lift", "leg_weakness_worsening"),
        ("i cant hold my wee", "incontinence"),
        ("the pain is spreading and now its in both legs", "new_both_legs"),
    ],
)
def test_warning_signs_typed_without_apostrophes_count(kb, text, finding):
    assert found(kb, text)[finding] == ("yes", True)


def test_contractions_without_apostrophes_in_the_phrase_syntax():
    from backstride.intake.patterns import compile_phrase, literal_forms

    def tok(s):
        return s.split()

    forms = literal_forms("(ca n't|cannot) feel it 's", tok)
    assert ["ca", "nt", "feel", "its"] in forms
    assert ["ca", "n't", "feel", "it", "'s"] in forms
    patterns = compile_phrase("ca n't ... feel", tok)
    assert any(p[1] == {"LOWER": {"IN": ["n't", "nt"]}} for p in patterns)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # -ing forms, plain words for "very bad", a pulse felt in words
        ("I keep pooing myself", "incontinence"),
        ("suddenly this horrible belly pain hit me", "sudden_abdominal_pain"),
        ("it feels like there's a heartbeat in my stomach", "pulsing_belly"),
        ("my tummy feels like it is throbbing", "pulsing_belly"),
        # American words
        ("my butt is numb", "saddle_numbness"),
    ],
)
def test_more_ways_of_saying_a_warning_sign(kb, text, finding):
    assert found(kb, text)[finding] == ("yes", True)


def test_a_sudden_bad_back_is_not_a_sudden_tummy_pain(kb):
    assert "sudden_abdominal_pain" not in found(kb, "I felt a sudden bad twinge lifting the box")


@pytest.mark.parametrize(
    ("text", "finding", "answer"),
    [
        ("my glutes ache on the left", "symptom_reach", "buttock"),
        ("my butt hurts after the gym", "symptom_reach", "buttock"),
        ("it's harder going down hills", "uphill_downhill", "downhill_worse"),
        ("walking uphill is the worst", "uphill_downhill", "uphill_worse"),
        ("I can't stand in line at the bank", "standing_brings_on", "yes"),
        ("my pee stings", "urinary_symptoms", "yes"),
        ("I've lost quite a bit of weight", "weight_loss", "yes"),
    ],
)
def test_everyday_wordings_of_other_findings(kb, text, finding, answer):
    assert found(kb, text)[finding] == (answer, True)


@pytest.mark.parametrize(
    "text",
    [
        "I don't think there's any tingling in my feet",
        "no pins and needles as far as I know",
        "I don't reckon I trip over my toes",
    ],
)
def test_a_hedged_no_is_asked_not_taken(kb, text):
    (answer, applies) = next(v for f, v in found(kb, text).items() if f != "symptom_reach")
    assert (answer, applies) == ("no", False)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("a dull ache in my left ankle", "below_knee"),
        ("it travels down my right thigh", "thigh"),
        ("tingling down my other shin", "below_knee"),
    ],
)
def test_how_far_down_with_a_side_named(kb, text, answer):
    assert found(kb, text)["symptom_reach"] == (answer, True)


def test_each_no_in_a_list_quotes_its_own_no(kb):
    r = parse(kb, "never any night sweats, no weight loss")
    quoted = {m.finding: m.text for m in r.mentions}
    assert quoted["weight_loss"] == "no weight loss"
    assert quoted["fever"] == "never any night sweats"


@pytest.mark.parametrize(
    "text",
    [
        # lost feeling of the bladder, its flow or a full bowel: GIRFT's suspected-CES triggers
        "I can't feel myself peeing any more",
        "I can't tell when my bladder is full",
        "I don't feel when I need to poo",
        "i cant feel the urine coming out",
        "I can't tell when I need to go for a wee",
    ],
)
def test_lost_feeling_of_bladder_or_bowel_is_the_bladder_and_bowel_warning(kb, text):
    assert found(kb, text)["ces_screen"] == ("yes", True)


@pytest.mark.parametrize(
    "text",
    ["I don't know if I have to go to hospital", "I can't tell if it is my hip or my back"],
)
def test_not_knowing_whether_to_go_somewhere_is_not_a_bladder_warning(kb, text):
    assert "ces_screen" not in found(kb, text)
