"""Build a FHIR R4 Bundle (type ``collection``) from a clinician summary
(:func:`backstride.report.summary.build_summary`). Plain dicts in, plain dicts out: no FHIR
library is needed to write the file (the tests check it with an independent one).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from backstride.fhir import codes as C
from backstride.limits import shown_text

_NAMESPACE = uuid.UUID("3b1f3c52-7a51-4f0e-9a43-6a1f5b0e2d11")
Resource = dict[str, Any]
URGENCY_TEXT = {
    "self_care": "Self-care",
    "doctor": "See a doctor",
    "urgent": "Urgent",
    "emergency": "Emergency",
}
INTERVIEW = "backstride-interview"  # our own Questionnaire: the Backstride interview


def _fhir_time(value: Any) -> str:
    """A FHIR dateTime: a bare date stays a date; times are written in UTC ('Z'); a time
    without a zone is already UTC (as stored)."""
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    if len(text) == 10:
        return text
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _reasons_text(reasons: list[dict[str, Any]]) -> str:
    """Answers with their source, for a RiskAssessment's rationale."""
    return "; ".join(
        f"{r['question']} {r['answer']}"
        + (f" ({r['citation']})" if r.get("citation") else " (estimate)")
        for r in reasons
    )


class _Builder:
    def __init__(self, summary: Mapping[str, Any]):
        self.s = summary
        person = summary.get("person") or {}
        self.seed = str(person.get("uid") or person.get("name") or "person")
        self.entries: list[Resource] = []
        self.patient_ref = ""

    def _url(self, *key: object) -> str:
        return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "|".join([self.seed, *map(str, key)])))

    def add(self, resource: Resource, *key: object) -> str:
        url = self._url(resource["resourceType"], *key)
        resource = {"resourceType": resource["resourceType"], "id": url[9:], **resource}
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    # -------------------------------------------------------------- resources

    def patient(self) -> None:
        p = self.s.get("person") or {}
        res: Resource = {"resourceType": "Patient", "active": True}
        sex = p.get("sex")
        res["gender"] = sex if sex in ("male", "female") else "unknown"
        if p.get("name") and p.get("uid") != "local":
            # as on the pages and in the PDF: a control or text-direction character stored
            # by an import is made visible ([U+202E]), never handed on to a records system
            res["name"] = [{"text": shown_text(str(p["name"]), multiline=False)}]
        self.patient_ref = self.add(res)

    def observation(
        self,
        code: C.Code,
        when: Any,
        key: tuple[object, ...],
        *,
        category: str,
        value: Resource | None = None,
        components: list[Resource] | None = None,
        derived_from: list[str] | None = None,
        period: tuple[Any, Any] | None = None,
        note: str | None = None,
    ) -> str:
        res: Resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": C.OBS_CATEGORY, "code": category}]}],
            "code": code.concept(),
            "subject": {"reference": self.patient_ref},
        }
        if period is not None:
            res["effectivePeriod"] = {"start": _fhir_time(period[0]), "end": _fhir_time(period[1])}
        else:
            res["effectiveDateTime"] = _fhir_time(when)
        if value is not None:
            res.update(value)
        if components:
            res["component"] = components
        if derived_from:
            res["derivedFrom"] = [{"reference": ref} for ref in derived_from]
        if note:
            res["note"] = [{"text": note}]
        return self.add(res, code.code, *key)

    def age(self) -> list[str]:
        a = self.s.get("assessment")
        age = (self.s.get("person") or {}).get("age")
        if not a or age is None:
            return []
        value = _quantity(float(age), "years", "a")
        return [self.observation(C.AGE, a["date"], ("age",), category="survey", value=value)]

    def questionnaires(self) -> list[str]:
        refs: list[str] = []
        for q in self.s.get("questionnaires", []):
            for n, taken in enumerate(q.get("history") or [q]):
                qr = self.questionnaire_response(q["instrument"], taken, n)
                refs.append(qr)
                refs.extend(self.score_observations(q["instrument"], taken, qr, n))
        return refs

    def questionnaire_response(self, instrument: str, taken: Mapping[str, Any], n: int) -> str:
        from backstride.instruments import INSTRUMENT_IDS, load_spec

        spec = load_spec(instrument) if instrument in INSTRUMENT_IDS else None
        items = []
        for item_id, choice_id in (taken.get("answers") or {}).items():
            if choice_id is None:
                continue
            coding: Resource = {"system": C.answer_system(instrument), "code": str(choice_id)}
            entry: Resource = {"linkId": item_id}
            if spec is not None and item_id in spec.item_ids:
                item = spec.item(item_id)
                entry["text"] = item.description
                if str(choice_id) in item.choice_ids:
                    choice = item.choice(str(choice_id))
                    coding["display"] = choice.meaning
                    coding["extension"] = [{"url": C.ORDINAL_VALUE, "valueDecimal": choice.score}]
            entry["answer"] = [{"valueCoding": coding}]
            items.append(entry)
        res: Resource = {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": C.questionnaire_url(instrument),
            "status": "completed",
            "subject": {"reference": self.patient_ref},
            "authored": _fhir_time(taken["taken_at"]),
        }
        if items:
            res["item"] = items
        return self.add(res, instrument, n)

    def interview_response(self) -> list[str]:
        """The interview answers as one QuestionnaireResponse (item ids are finding ids)."""
        a = self.s.get("assessment")
        asked = self.s.get("interview") or []
        if not a or not asked:
            return []
        items = []
        for row in asked:
            value = row.get("value")
            answer: Resource
            if isinstance(value, bool) or not isinstance(value, int | float):
                answer = {
                    "valueCoding": {
                        "system": C.answer_system(INTERVIEW),
                        "code": str(value),
                        "display": str(row["answer"]),
                    }
                }
            else:
                answer = {"valueDecimal": value}
            items.append({"linkId": row["finding"], "text": row["clinical"], "answer": [answer]})
        res: Resource = {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": C.questionnaire_url(INTERVIEW),
            "status": "completed",
            "subject": {"reference": self.patient_ref},
            "authored": _fhir_time(a["date"]),
            "item": items,
        }
        return [self.add(res, INTERVIEW)]

    def score_observations(
        self, instrument: str, taken: Mapping[str, Any], qr: str, n: int
    ) -> list[str]:
        s = taken.get("scores") or {}
        when = taken["taken_at"]
        note = taken.get("headline")

        def obs(code: C.Code, value: Resource, comps: list[Resource] | None = None) -> str:
            return self.observation(
                code,
                when,
                (instrument, n),
                category="survey",
                value=value,
                components=comps,
                derived_from=[qr],
                note=note,
            )

        out: list[str] = []
        if instrument == "start_back" and s.get("total") is not None:
            comps = [
                {"code": C.START_BACK_DISTRESS.concept(), **_score(s.get("distress_score"))},
                {
                    "code": C.START_BACK_GROUP.concept(),
                    "valueCodeableConcept": {
                        "coding": [
                            {
                                "system": C.LOCAL,
                                "code": f"start-back-{s.get('risk_group')}",
                                "display": str(s.get("risk_label")),
                            }
                        ],
                        "text": str(s.get("risk_label")),
                    },
                },
            ]
            out.append(obs(C.START_BACK_TOTAL, _score(s["total"]), comps))
        elif instrument == "odi" and s.get("percentage") is not None:
            comps = [{"code": C.ODI_BAND.concept(), "valueString": str(s.get("band_label"))}]
            out.append(obs(C.ODI_SCORE, _quantity(float(s["percentage"]), "%", "%"), comps))
        elif instrument == "zcq":
            for code, key in (
                (C.ZCQ_SEVERITY, "symptom_severity"),
                (C.ZCQ_FUNCTION, "physical_function"),
                (C.ZCQ_SATISFACTION, "satisfaction"),
            ):
                if s.get(key) is not None:
                    out.append(obs(code, _score(float(s[key]))))
        elif instrument == "sshq" and s.get("positive") is not None:
            comps = [
                {"code": C.SSHQ_CORE.concept(), **_score(s.get("core_count"))},
                {"code": C.SSHQ_CAUDA.concept(), **_score(s.get("cauda_equina_count"))},
            ]
            out.append(obs(C.SSHQ_RESULT, {"valueBoolean": bool(s["positive"])}, comps))
        elif instrument == "sugioka" and s.get("score") is not None:
            out.append(obs(C.SUGIOKA_SCORE, _score(s["score"])))
        return out

    def walking(self) -> list[str]:
        w = self.s.get("walking") or {}
        refs: list[str] = []
        for p in w.get("pain", []):
            refs.append(
                self.observation(
                    C.PAIN_0_10,
                    p["day"],
                    (p["day"], len(refs)),
                    category="survey",
                    value=_score(p["pain"]),
                )
            )
        for t in w.get("tolerance", []):
            comps = []
            if t.get("minutes") is not None:
                comps.append(
                    {
                        "code": C.TOLERANCE_MINUTES.concept(),
                        **_quantity(float(t["minutes"]), "min", "min"),
                    }
                )
            if t.get("metres") is not None:
                comps.append(
                    {
                        "code": C.TOLERANCE_METRES.concept(),
                        **_quantity(float(t["metres"]), "m", "m"),
                    }
                )
            note = (
                "No symptoms during the whole walk (tolerance is at least this)."
                if t.get("symptom_free")
                else None
            )
            refs.append(
                self.observation(
                    C.TOLERANCE,
                    t["day"],
                    (t["day"], len(refs)),
                    category="activity",
                    components=comps,
                    note=note,
                )
            )
        for d in w.get("steps", []):
            refs.append(
                self.observation(
                    C.STEPS_24H,
                    d["day"],
                    (d["day"],),
                    category="activity",
                    value=_quantity(float(d["steps"]), "steps/day", "/d"),
                )
            )
        for walk in w.get("walks", []):
            refs.append(self.device_walk(walk))
        return refs

    def device_walk(self, walk: Mapping[str, Any]) -> str:
        start = datetime.fromisoformat(str(walk["started_at"]))
        seconds = float(walk.get("duration_s") or 0.0)
        end = datetime.fromtimestamp(start.replace(tzinfo=UTC).timestamp() + seconds, UTC)
        comps = [
            {
                "code": C.EXERCISE_DURATION.concept(),
                **_quantity(round(seconds / 60, 1), "min", "min"),
            }
        ]
        if walk.get("distance_m") is not None:
            comps.append(
                {
                    "code": C.WALK_DISTANCE.concept(),
                    **_quantity(round(float(walk["distance_m"]), 1), "m", "m"),
                }
            )
        if walk.get("steps") is not None:
            comps.append(
                {
                    "code": C.STEPS_UNSPECIFIED.concept(),
                    **_quantity(float(walk["steps"]), "steps", "{steps}"),
                }
            )
        return self.observation(
            C.WALK,
            None,
            (walk["started_at"], walk.get("source")),
            category="activity",
            components=comps,
            period=(start, end),
            note=f"Source: {walk.get('source')}" if walk.get("source") else None,
        )

    def risk_assessment(self, basis: list[str]) -> None:
        a = self.s.get("assessment")
        if not a:
            return
        urgency = self.s.get("urgency") or {}
        predictions = []
        for c in self.s.get("differential", []):
            parts = [
                f"{label}: {listed}"
                for label, listed in (
                    ("Main reasons", _reasons_text(c.get("reasons", []))),
                    ("Against", _reasons_text(c.get("against", []))),
                )
                if listed
            ]
            if c.get("check_first"):
                parts.insert(0, "Listed first: to rule out first (red flags)")
            why = ". ".join(parts)
            predictions.append(
                {
                    "outcome": {
                        "coding": [{"system": C.CONDITIONS, "code": c["id"], "display": c["name"]}],
                        "text": c["clinical_name"],
                    },
                    "probabilityDecimal": round(float(c["probability"]), 4),
                    **({"rationale": why} if why else {}),
                }
            )
        level = str(urgency.get("level", ""))
        notes = (
            [f"Urgency: {URGENCY_TEXT.get(level, level)} ({level}). {urgency.get('label', '')}"]
            if urgency
            else []
        )
        notes += [
            f"Warning sign: {f['name']}. {f.get('clinician_note') or ''}".strip()
            for f in self.s.get("red_flags", [])
        ]
        negs = self.s.get("pertinent_negatives") or []
        if negs:
            notes.append(
                "Pertinent negatives (red flags asked, not present): "
                + "; ".join(f"{n['clinical']}: {n['answer']}" for n in negs)
            )
        notes.append(str(self.s.get("disclaimer")))
        res: Resource = {
            "resourceType": "RiskAssessment",
            "status": "final",
            "subject": {"reference": self.patient_ref},
            "code": C.DIFFERENTIAL.concept(),
            "occurrenceDateTime": _fhir_time(a["date"]),
            "method": {
                "text": f"Backstride Bayesian ranking, knowledge base {self.s.get('kb_version')}"
            },
            "note": [{"text": n} for n in notes if n],
        }
        if urgency.get("advice"):
            res["mitigation"] = str(urgency["advice"])
        if basis:
            res["basis"] = [{"reference": ref} for ref in basis]
        if predictions:
            res["prediction"] = predictions
        self.add(res, "differential")

    def care_plan(self) -> None:
        lines = self.s.get("plan_lines") or []
        if not lines:
            return
        plan = self.s.get("plan") or {}
        res: Resource = {
            "resourceType": "CarePlan",
            "status": "active",
            "intent": "plan",
            "title": str(plan.get("title") or "Backstride self-care and walking plan"),
            "subject": {"reference": self.patient_ref},
            "activity": [
                {"detail": {"status": "not-started", "description": line}} for line in lines
            ],
        }
        if isinstance(plan.get("summary"), str):
            res["description"] = plan["summary"]
        self.add(res, "plan")


def _score(value: Any) -> Resource:
    return _quantity(float(value), "score", "{score}")


def _quantity(value: float, unit: str, code: str) -> Resource:
    number: float | int = int(value) if float(value).is_integer() else value
    return {"valueQuantity": {"value": number, "unit": unit, "system": C.UCUM, "code": code}}


def build_bundle(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The whole Bundle as a JSON-ready dict. The same summary always gives the same ids."""
    b = _Builder(summary)
    b.patient()
    basis = b.age() + b.interview_response() + b.questionnaires()
    b.walking()
    b.risk_assessment(basis)
    b.care_plan()
    return {
        "resourceType": "Bundle",
        "id": b._url("Bundle", summary.get("generated_at"))[9:],
        "meta": {"lastUpdated": _fhir_time(summary.get("generated_at"))},
        "type": "collection",
        "timestamp": _fhir_time(summary.get("generated_at")),
        "entry": b.entries,
    }
