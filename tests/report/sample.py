"""A realistic person in a real SQLite database: diary, device walks, daily steps, two ODI and
two STarT Back scores, one ZCQ and one SSHQ, an assessment (small test knowledge base) and a
stored plan shaped like ``backstride.plan.Plan.to_dict()``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from backstride.diary.records import DailyActivity, DiaryEntry, Walk
from backstride.engine import assess
from backstride.knowledge import KnowledgeBase
from backstride.report.questionnaire import score_record
from backstride.storage import Store

ANSWERS: dict[str, Any] = {
    "age": 67,
    "sex": "female",
    "answers": {"rf": "no", "f1": "yes", "f2": "yes", "where": "calf"},
}
START = date(2025, 3, 3)
DIARY_DAYS = 14  # entries, every third day
# ODI: first 21/45 (one section skipped) = 46.7%, then 12/45 = 26.7% -> 20 points better
ODI_FIRST = {
    "pain_intensity": 3,
    "personal_care": 1,
    "lifting": 3,
    "walking": 3,
    "sitting": 1,
    "standing": 3,
    "sleeping": 2,
    "social_life": 3,
    "travelling": 2,
}
ODI_LATER = {k: max(0, v - 1) for k, v in ODI_FIRST.items()}
SB_HIGH = {
    "leg_pain": "agree",
    "shoulder_neck_pain": "disagree",
    "short_walks": "agree",
    "slow_dressing": "agree",
    "activity_unsafe": "agree",
    "worry": "agree",
    "pessimism": "agree",
    "low_mood": "agree",
    "bothersomeness": "very_much",
}
SB_MEDIUM = {
    **SB_HIGH,
    "activity_unsafe": "disagree",
    "pessimism": "disagree",
    "low_mood": "disagree",
}
ZCQ = {
    "pain_overall": "moderate",
    "pain_frequency": "daily_briefly",
    "back_pain": "moderate",
    "leg_pain": "severe",
    "numbness": "mild",
    "weakness": "mild",
    "balance": "sometimes",
    "walking_distance": "50_feet_to_2_blocks",
    "walks_for_pleasure": "always_painful",
    "shopping": "sometimes_painful",
    "walking_at_home": "comfortably",
    "walking_to_bathroom": "comfortably",
}
SSHQ = {
    "thigh_to_calf_symptoms": "yes",
    "worse_walking_eased_by_rest": "yes",
    "brought_on_by_standing": "yes",
    "eased_by_bending_forward": "yes",
    "numbness_both_legs": "no",
    "numbness_both_soles": "no",
    "numbness_buttocks": "no",
    "numbness_without_pain": "no",
    "burning_buttocks": "no",
    "walking_urinary_urgency": "no",
}
PLAN = {
    "now": ["Book an appointment with your doctor or physiotherapist in the next week or two."],
    "walking": {"summary": "Walk 8 minutes, 5 days a week; add 1 minute a week if it goes well."},
    "exercises": [
        {"id": "knee_to_chest", "name": "Knee to chest", "dose": "5 slow ones, twice a day"},
        {"id": "bridge", "name": "Bridge", "dose": "8 to 10, once a day"},
    ],
    "habits": [{"id": "pace", "title": "Sit down and lean forward when the legs ache"}],
    "options": [],
}


def fill_store(db: Path, kb: KnowledgeBase) -> dict[str, Any]:
    """Fill ``db`` and return what was stored (the assessment result among it)."""
    result = assess(kb, ANSWERS).to_dict()
    with Store.open(str(db)) as store:
        pid = store.person_id()
        for i in range(DIARY_DAYS):
            store.add_diary_entry(
                pid,
                DiaryEntry(
                    day=START + timedelta(days=3 * i),
                    pain_now=max(1, 7 - i // 2),
                    walk_minutes=10.0 + i,
                    walk_distance_m=700.0 + 60 * i,
                    onset_minutes=5.0 + i,
                    symptom_reach="thigh",
                    relieved_by="sitting",
                ),
            )
        walks = [
            Walk(
                source="gpx",
                started_at=datetime(2025, 3, 5 + k, 9, 0),
                day=date(2025, 3, 5 + k),
                duration_s=900.0 + 60 * k,
                distance_m=1100.0 + 50 * k,
                steps=1500 + 40 * k,
                source_file="walk.gpx",
            )
            for k in range(3)
        ]
        days = [
            DailyActivity(source="apple_health", day=START + timedelta(days=i), steps=3000 + 90 * i)
            for i in range(10)
        ]
        store.add_walks(pid, walks, days)
        first, later = datetime(2025, 3, 3, 10), datetime(2025, 4, 10, 10)
        for when, odi, sb in ((first, ODI_FIRST, SB_HIGH), (later, ODI_LATER, SB_MEDIUM)):
            store.save_scores(pid, "odi", score_record("odi", odi)[1], taken_at=when)
            store.save_scores(pid, "start_back", score_record("start_back", sb)[1], taken_at=when)
        store.save_scores(pid, "zcq", score_record("zcq", ZCQ)[1], taken_at=first)
        store.save_scores(pid, "sshq", score_record("sshq", SSHQ)[1], taken_at=first)
        store.save_assessment(pid, ANSWERS, result)
        store.save_plan(pid, PLAN)
    return {"result": result, "walks": walks, "days": days}
