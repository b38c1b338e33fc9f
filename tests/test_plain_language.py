"""Plain language for patients: every patient-facing text reads at about age 12.

The measure is the Flesch-Kincaid grade (textstat, offline: see tests/selftests/readability.py).
A US school grade of 8 is reading age 13 to 14; the brief asks for "about age 12", and the grade
is noisy on one sentence, so each text block must reach grade 8 or lower. Blocks under six
words (titles, answer labels such as "Yes") carry no grade worth the name and are checked for
jargon only.

Some long words cannot be avoided: the names of services people must ask for (emergency
department, physiotherapist), and the names of conditions a doctor will use, given next to
plain words. ALLOWED lists them; before grading each is swapped for a one-syllable word, so it
neither helps nor hurts the grade. Every entry says why it is there.

JARGON lists clinicians' words that must not reach patients unless the plain meaning stands
next to them: the term in brackets after plain words ("narrowing of the spine (stenosis)").
Clinicians' views (`kb show`, the PDF's clinician section, FHIR) keep the precise terms; the
knowledge base keeps them in `clinical`, `clinical_name` and `clinician_note` fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat

from backstride.engine import assess
from backstride.engine.result import DISCLAIMER
from backstride.engine.rules import SAFETY_NET, URGENCY_TEXT, safety_net_text
from backstride.knowledge.selftests import load_selftests
from backstride.plan import build_plan
from backstride.plan.data import load_plan_data
from backstride.plan.next_steps import next_steps

from .selftests import readability  # noqa: F401  (switches textstat to its offline syllables)

MAX_GRADE = 8.0
MIN_WORDS = 6
PROFILES = Path(__file__).parent / "plan" / "profiles"

#: Words that may stay although long, each with the reason. Swapped for "thing" before grading.
ALLOWED: dict[str, str] = {
    "physiotherapist": "the professional people are sent to; 'physio' is used where it fits",
    "physiotherapy": "the name of the service people ask for",
    "emergency department": "the place people must go to; said with 'A&E' beside it",
    "emergency": "the word on the door and on the phone (999, 911, 112)",
    "ambulance": "what to call; no shorter word",
    "cauda equina": "the name to say at A&E, so the right scan is done at once",
    "osteoporosis": "given with 'thin bones' beside it",
    "psoriasis": "a skin condition people know by this name",
    "inflammatory bowel disease": "given with Crohn's and colitis beside it",
    "ankylosing spondylitis": "a family diagnosis people know by this name",
    "uveitis": "given with 'painful red eye' beside it",
    "anti-inflammatory": "the medicine group on the packet (ibuprofen, naproxen)",
    "anti-inflammatories": "the medicine group on the packet (ibuprofen, naproxen)",
    "piriformis": "the muscle's name, given after plain words",
    "quadratus lumborum": "the muscle's name, given after plain words",
    "sacroiliac": "the joint's name, given after plain words",
    "peripheral neuropathy": "the condition's name, given after plain words",
    "sciatic": "the nerve people know by this name",
    "sciatica": "the word people use themselves",
    "acupuncture": "the treatment's name; no shorter word",
    "biofeedback": "the treatment's name; no shorter word",
    "osteoarthritis": "the condition's name, given after plain words",
    "vitamin": "no shorter word",
    "kettlebell": "the name of the weight",
    "aneurysm": "the diagnosis people are told by name; given with 'a swollen main artery'",
    "treadmill": "no shorter word",
    "immune system": "no shorter everyday phrase",
    "diabetes": "the name people know",
    "maternity": "the name of the service people call",
}

#: Clinicians' words. Allowed in patient text only inside brackets after plain words.
JARGON = [
    "sensitivity",
    "specificity",
    "likelihood ratio",
    "lr+",
    "lr-",
    "radiculopathy",
    "radicular",
    "claudication",
    "stenosis",
    "spondylolisthesis",
    "spondyloarthritis",
    "centralis",
    "kappa",
    "mcid",
    "flexion",
    "lumbar",
    "bilateral",
    "prevalence",
    "median",
    "cbt",
    "neuropathy",
    "myofascial",
    "dermatome",
    "myotome",
    "nsaid",
    "aetiology",
    "differential",
    "iliopsoas",
]


def _profile_plans(kb) -> Iterator[tuple[str, str]]:
    import json

    for path in sorted(PROFILES.glob("*.json")):
        data = json.loads(path.read_text())
        result = assess(kb, data).to_dict()
        for i, step in enumerate(next_steps(result, data)):
            yield f"next_step:{path.stem}:{i}", step.text
        plan = build_plan(result, data, kb)
        for i, text in enumerate(plan.all_text()):
            yield f"plan:{path.stem}:{i}", text


def patient_texts(kb) -> Iterator[tuple[str, str]]:
    """Every patient-facing text block, with where it comes from."""
    for f in kb.findings.values():
        yield f"findings.yaml {f.id} question", f.question
        if f.help:
            yield f"findings.yaml {f.id} help", f.help
        if f.short:
            yield f"findings.yaml {f.id} short", f.short
        for o in f.options:
            yield f"findings.yaml {f.id} option {o.id}", o.label
        if f.number is not None:
            for b in f.number.bins:
                yield f"findings.yaml {f.id} bin {b.id}", b.label
    for c in kb.conditions.values():
        where = f"conditions {c.id}"
        yield f"{where} name", c.name
        yield f"{where} summary", c.summary
        yield f"{where} typical_story", c.card.typical_story
        for i, s in enumerate([*c.card.nearly_always, *c.card.nearly_never]):
            yield f"{where} card line {i}", s
        for i, s in enumerate(c.helps):
            yield f"{where} helps {i}", s
    for r in kb.red_flags:
        yield f"red_flags.yaml {r.id} name", r.name
        yield f"red_flags.yaml {r.id} advice", r.advice
    for fa in kb.factors:
        yield f"factors.yaml {fa.id} name", fa.name
        yield f"factors.yaml {fa.id} summary", fa.summary
    data = load_plan_data()
    for e in data.exercises:
        where = f"exercises.yaml {e.id}"
        for key in ("name", "why", "progression", "should_feel", "avoid"):
            yield f"{where} {key}", getattr(e, key)
        for i, s in enumerate(e.steps):
            yield f"{where} step {i}", s
        yield f"{where} evidence", e.evidence.summary
    for a in data.advice:
        yield f"advice.yaml {a.id} title", a.title
        yield f"advice.yaml {a.id} text", a.text
        for i, s in enumerate(a.tips):
            yield f"advice.yaml {a.id} tip {i}", s if isinstance(s, str) else s.text
        if a.evidence:
            yield f"advice.yaml {a.id} evidence", a.evidence.summary
    for card in data.education:
        yield f"education.yaml {card.id} title", card.title
        yield f"education.yaml {card.id} text", card.text
        if card.evidence:
            yield f"education.yaml {card.id} evidence", card.evidence.summary
    for t in load_selftests():
        where = f"selftests.yaml {t.id}"
        yield f"{where} name", t.name
        yield f"{where} purpose", t.purpose
        for key in ("not_for", "you_need", "steps", "stop_if", "reading"):
            for i, s in enumerate(getattr(t, key)):
                yield f"{where} {key} {i}", s
        yield f"{where} evidence", t.evidence.summary
        for m in t.measures:
            yield f"{where} {m.id} question", m.question
            for o in m.options or []:
                yield f"{where} {m.id} option {o.id}", o.label
    for level, (label, advice) in URGENCY_TEXT.items():
        yield f"engine urgency {level.name} label", label
        yield f"engine urgency {level.name} advice", advice
    yield "engine disclaimer", DISCLAIMER
    yield "engine safety net", SAFETY_NET
    for r in kb.red_flags:  # the safety net that names a warning sign that fired
        if r.urgency in ("emergency", "urgent"):
            yield f"engine safety net for {r.id}", safety_net_text([r])
    yield from _profile_plans(kb)


def graded(text: str) -> float:
    """Flesch-Kincaid grade with the allowed words swapped for a one-syllable word."""
    low = text
    for word in sorted(ALLOWED, key=len, reverse=True):
        low = re.sub(re.escape(word), "thing", low, flags=re.IGNORECASE)
    return textstat.flesch_kincaid_grade(low)


def unexplained_jargon(text: str) -> list[str]:
    """Jargon words outside brackets (a bracket after plain words is the explanation)."""
    low = text.lower()
    found = []
    for term in JARGON:
        for m in re.finditer(r"(?<![a-z])" + re.escape(term), low):
            before = low[: m.start()]
            called = re.search(r"(called|known as)( [a-z]+)? ?$", before) is not None
            if before.count("(") <= before.count(")") and not called:
                found.append(term)
    return found


@pytest.fixture(scope="module")
def texts(kb) -> list[tuple[str, str]]:
    return list(patient_texts(kb))


def test_the_collection_covers_every_source(texts):
    sources = {where.split()[0] for where, _ in texts}
    assert {
        "findings.yaml",
        "conditions",
        "red_flags.yaml",
        "factors.yaml",
        "exercises.yaml",
        "advice.yaml",
        "education.yaml",
        "selftests.yaml",
        "engine",
    } <= sources
    assert any(w.startswith("plan:") for w in sources) and any(
        w.startswith("next_step:") for w in sources
    )
    assert len(texts) > 900


def test_every_patient_text_reads_at_grade_8_or_lower(texts):
    hard = sorted(
        (
            (round(graded(t), 1), where, t)
            for where, t in texts
            if len(t.split()) >= MIN_WORDS and graded(t) > MAX_GRADE
        ),
        reverse=True,
    )
    assert not hard, "\n".join(f"{g} {w}: {t}" for g, w, t in hard)


def test_no_clinicians_words_in_patient_text(texts):
    bad = [(where, unexplained_jargon(t), t) for where, t in texts if unexplained_jargon(t)]
    assert not bad, "\n".join(f"{w} {j}: {t}" for w, j, t in bad)


def test_the_checks_can_fail():
    hard = (
        "Neurogenic claudication secondary to degenerative lumbar stenosis demonstrates "
        "characteristic postural modulation of symptomatology."
    )
    assert graded(hard) > MAX_GRADE
    assert set(unexplained_jargon(hard)) == {"claudication", "lumbar", "stenosis"}
    assert unexplained_jargon("Narrowing around the nerves (stenosis) is common.") == []
    assert unexplained_jargon("The nerves are squeezed. This is called stenosis.") == []
    # an allowed word neither helps nor hurts: the text around it is still graded
    assert graded("Go to the emergency department now.") < MAX_GRADE
