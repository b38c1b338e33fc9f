"""Code systems and codes used in the FHIR export, with where each LOINC code was checked.

LOINC codes are used only where a matching code was found in a published source; everything
else uses Backstride's own code system (``LOCAL``), which a receiving system can map later.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE = "https://backstride.invalid/fhir"
"""Canonical base of Backstride's own FHIR artefacts. The ``.invalid`` top-level domain is
reserved (RFC 2606) and never resolves: the project has no web home yet. Change it here when it
has one; every canonical URL and local code system below derives from it."""

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LOCAL = f"{BASE}/CodeSystem/observation"
CONDITIONS = f"{BASE}/CodeSystem/condition"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def questionnaire_url(instrument: str) -> str:
    """Our own Questionnaire canonical: item ids and scoring, never the copyrighted wording."""
    return f"{BASE}/Questionnaire/{instrument}"


def answer_system(instrument: str) -> str:
    return f"{BASE}/CodeSystem/{instrument}-answer"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str
    checked: str = ""
    """Where the LOINC code and its meaning were confirmed (empty for local codes)."""

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}

    def concept(self, text: str | None = None) -> dict[str, object]:
        return {"coding": [self.coding()], "text": text or self.display}


# --- LOINC, each confirmed in at least one published FHIR artefact or code list
PAIN_0_10 = Code(
    LOINC,
    "72514-3",
    "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    "hl7-be/patient-monitoring ValueSet pain-scale; hl7-eu/eps vital-sign examples",
)
STEPS_24H = Code(
    LOINC,
    "41950-7",
    "Number of steps in 24 hour Measured",
    "HL7 US Physical Activity IG 1.0.0, ValueSet pa-observation-code-time and "
    "Observation-ExampleDailySteps (UCUM /d)",
)
STEPS_UNSPECIFIED = Code(
    LOINC,
    "55423-8",
    "Number of steps in unspecified time Pedometer",
    "ABDM (India) FHIR IG ValueSet PhysicalActivity; CGM LIFE LOINC table",
)
EXERCISE_DURATION = Code(
    LOINC,
    "55411-3",
    "Exercise duration",
    "HL7 US Physical Activity IG 1.0.0-ballot, ValueSet pa-observation-code-activity",
)
AGE = Code(
    LOINC,
    "30525-0",
    "Age",
    "FSH profiles (code = LOINC#30525-0 'Age'); HL7 v2 OBX 30525-0^Age^LN; CDC ReportStream",
)
START_BACK_TOTAL = Code(
    LOINC,
    "91351-7",
    "Total score [STarT Back]",
    "AHRQ CDS Connect Pain Management Summary CQL: 'Total score [STarT Back]': '91351-7'",
)
ODI_SCORE = Code(
    LOINC,
    "97909-6",
    "Oswestry disability index score ODI",
    "PACIO sample-data ODI Questionnaire (item 'score' coded 97909-6); tx.fhir.org lookup "
    "quoted in a public Go test",
)

# --- Backstride's own codes: no LOINC code was found for these (checked with the search tool;
# 41953-1 is quoted for walking distance only in unofficial code, so it is NOT used).
WALK = Code(LOCAL, "device-walk", "Walk recorded by a device")
WALK_DISTANCE = Code(LOCAL, "walk-distance", "Distance of one walk")
TOLERANCE = Code(LOCAL, "walking-tolerance", "Walking before leg or back symptoms start")
TOLERANCE_MINUTES = Code(LOCAL, "walking-tolerance-minutes", "Minutes walked before symptoms")
TOLERANCE_METRES = Code(LOCAL, "walking-tolerance-distance", "Distance walked before symptoms")
START_BACK_DISTRESS = Code(LOCAL, "start-back-distress", "STarT Back distress subscale score")
START_BACK_GROUP = Code(LOCAL, "start-back-risk-group", "STarT Back risk group")
ZCQ_SEVERITY = Code(LOCAL, "zcq-symptom-severity", "ZCQ symptom severity score")
ZCQ_FUNCTION = Code(LOCAL, "zcq-physical-function", "ZCQ physical function score")
ZCQ_SATISFACTION = Code(LOCAL, "zcq-satisfaction", "ZCQ satisfaction score")
SSHQ_RESULT = Code(LOCAL, "sshq-result", "Konno SSHQ stenosis screen")
SSHQ_CORE = Code(LOCAL, "sshq-core-count", "Konno SSHQ core items answered yes")
SSHQ_CAUDA = Code(LOCAL, "sshq-cauda-equina-count", "Konno SSHQ nerve items answered yes")
SUGIOKA_SCORE = Code(LOCAL, "sugioka-score", "Sugioka self-report stenosis score")
ODI_BAND = Code(LOCAL, "odi-band", "ODI disability band")
DIFFERENTIAL = Code(
    f"{BASE}/CodeSystem/assessment",
    "walking-back-pain-differential",
    "Ranked causes of low back pain brought on by walking",
)

LOINC_CODES: tuple[Code, ...] = (
    PAIN_0_10,
    STEPS_24H,
    STEPS_UNSPECIFIED,
    EXERCISE_DURATION,
    AGE,
    START_BACK_TOTAL,
    ODI_SCORE,
)
