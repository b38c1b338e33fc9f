"""Gather everything ``backstride progress`` shows: diary, walks, steps, scores, programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backstride import limits
from backstride.diary.records import is_walking
from backstride.diary.trend import Trend, Week, daily_steps, tolerance, trend, week_start, weekly

if TYPE_CHECKING:
    from backstride.storage import Store
    from backstride.storage.store import PersonRef

# questionnaire scale (as in backstride.instruments.MCIDS) -> (stored instrument, score key)
SCALES = {
    "odi": ("odi", "percentage"),
    "zcq_symptom_severity": ("zcq", "symptom_severity"),
    "zcq_physical_function": ("zcq", "physical_function"),
}


@dataclass(frozen=True)
class ScoreSeries:
    scale: str
    name: str
    unit: str
    mcid: float | None
    points: list[tuple[datetime, float]]
    interpretation: str | None  # first vs latest, against the MCID


@dataclass
class Progress:
    diary: list[dict[str, Any]]
    walks: list[dict[str, Any]]
    steps: dict[date, int]
    weeks: list[Week]
    scores: list[ScoreSeries] = field(default_factory=list)
    programme: dict[str, Any] | None = None
    trends: dict[str, Trend | None] = field(default_factory=dict)
    out_of_range: int = 0  # stored rows dated outside limits.EARLIEST_DAY..tomorrow, not charted
    period: tuple[date, date] | None = None  # first and last day shown (see ``period_for``)
    before_period: int = 0  # stored records older than the period, left out of it
    #: the day the walking programme started: weeks are counted from it (else from Mondays)
    week_anchor: date | None = None

    @property
    def runs(self) -> int:
        """Diary entries in the period that were runs: counted apart, never as walks."""
        return sum(not is_walking(r) for r in self.diary)  # as the weeks count them

    @property
    def empty(self) -> bool:
        return not (self.diary or self.walks or self.steps or self.scores or self.programme)


def plausible(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Rows whose day lies in the diary's date range, and how many were left out. Rows stored
    under older, looser rules (a year-1 date) stay in the diary list but out of the weeks,
    trends and charts, which they would stretch over centuries."""
    lo, hi = limits.EARLIEST_DAY, limits.latest_day()
    kept = [r for r in rows if r.get("day") is None or lo <= r["day"] <= hi]
    return kept, len(rows) - len(kept)


#: without a diary, device records alone are shown over their most recent weeks
DEVICE_ONLY_WEEKS = 12


def period_for(
    own_days: list[date],
    device_days: list[date],
    weeks: int | None = None,
    today: date | None = None,
    anchor: date | None = None,
) -> tuple[date, date] | None:
    """The days the progress shows: the person's own period, not every file ever imported.

    ``own_days`` are what the person entered (diary entries, questionnaires), ``device_days``
    what phones and watches recorded. With ``weeks``: the last that many weeks (Monday to
    Sunday, this week the last; with ``anchor``, the walking programme's weeks). Otherwise from the
    first day the person entered, or the day their walking programme (``anchor``) started if that
    is earlier (a walk recorded in programme week 1 belongs to it), to the latest record; with
    nothing entered, the last ``DEVICE_ONLY_WEEKS`` weeks of device records.
    None when there is nothing at all.
    """
    today = today or date.today()
    days = own_days + device_days
    if not days:
        return None
    if weeks is not None:
        last = max(max(days), today)
        return week_start(last, anchor) - timedelta(weeks=weeks - 1), last
    last = max(days)
    if own_days:
        first = min(own_days)
        if anchor is not None and anchor < first:
            first = anchor
        return first, last
    return max(min(days), week_start(last, anchor) - timedelta(weeks=DEVICE_ONLY_WEEKS - 1)), last


def _in(rows: list[dict[str, Any]], lo: date, hi: date) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("day") is None or lo <= r["day"] <= hi]


def gather(
    store: Store, person: PersonRef = None, *, weeks: int | None = None, today: date | None = None
) -> Progress:
    """Read everything in one transaction (``Store.progress_rows``) and summarise the
    person's own period (``period_for``); ``weeks`` limits it to the last that many weeks,
    counted back from ``today`` (the person's date; default: the machine's)."""
    stored = store.progress_rows(person)
    return summarise(stored, weeks=weeks, today=today)


def summarise(
    stored: dict[str, Any], *, weeks: int | None = None, today: date | None = None
) -> Progress:
    diary, hidden_diary = plausible(stored["diary"])
    walks, hidden_walks = plausible(stored["walks"])
    activity, hidden_days = plausible(stored["activity"])
    scores = stored["scores"]
    own_days = [r["day"] for r in diary] + [_day_of(r["taken_at"]) for r in scores]
    device_days = [r["day"] for r in walks] + [r["day"] for r in activity]
    anchor = programme_anchor(stored["programme"])
    span = period_for(own_days, device_days, weeks, today, anchor)
    total = len(diary) + len(walks) + len(activity)
    if span is not None:
        lo, hi = span
        diary, walks, activity = _in(diary, lo, hi), _in(walks, lo, hi), _in(activity, lo, hi)
        scores = [r for r in scores if lo <= _day_of(r["taken_at"]) <= hi]
    weeks_list = weekly(diary, walks, activity, anchor)
    points = [tolerance(e) for e in diary]  # walks only: a run has no walking tolerance
    progress = Progress(
        diary=diary,
        walks=walks,
        steps=daily_steps(activity),
        weeks=weeks_list,
        scores=score_series(scores),
        programme=stored["programme"],
        out_of_range=hidden_diary + hidden_walks + hidden_days,
        period=span,
        before_period=total - len(diary) - len(walks) - len(activity),
        week_anchor=anchor,
    )
    progress.trends = {
        "minutes_to_onset": trend(p.minutes_to_onset for p in points),
        "metres_to_onset": trend(p.metres_to_onset for p in points),
        "pain": trend((e.get("pain_now") for e in diary), lower_is_better=True),
        "steps_per_day": trend(w.steps_per_day for w in weeks_list),
    }
    return progress


def programme_anchor(state: dict[str, Any] | None) -> date | None:
    """The day a walking programme saved by ``backstride programme`` (or the plan page)
    started; None without one. The progress weeks then start on that weekday."""
    if not state or not isinstance(state.get("current"), dict):
        return None
    try:
        return date.fromisoformat(str(state.get("started_on")))
    except ValueError:
        return None


def _day_of(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def score_series(rows: list[dict[str, Any]]) -> list[ScoreSeries]:
    try:
        from backstride.instruments import MCIDS, change
    except ImportError:  # the instruments package is optional here
        MCIDS, change = {}, None
    out = []
    for scale, (instrument, key) in SCALES.items():
        points = [
            (r["taken_at"], float(r["scores"][key]))
            for r in rows
            if r["instrument"] == instrument and isinstance(r["scores"].get(key), int | float)
        ]
        if not points:
            continue
        spec = MCIDS.get(scale)
        words = None
        if change is not None and spec is not None and len(points) >= 2:
            words = change(scale, points[0][1], points[-1][1]).interpretation
        out.append(
            ScoreSeries(
                scale=scale,
                name=spec.name if spec else scale,
                unit=spec.unit if spec else "points",
                mcid=spec.mcid if spec else None,
                points=points,
                interpretation=words,
            )
        )
    return out


def programme_summary(state: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(weeks done, next goal) from the walking programme's saved state, as text."""
    if not state:
        return None, None
    if isinstance(state.get("current"), dict):  # saved by `backstride programme` (diary.adapt)
        cur = state["current"]
        return str(max(0, int(cur.get("week", 1)) - 1)), cur.get("summary")
    weeks = state.get("weeks_done", state.get("week"))
    goal = state.get("next_goal") or state.get("goal") or state.get("current_goal")
    if isinstance(goal, dict):
        parts = []
        if goal.get("minutes") is not None:
            parts.append(f"{goal['minutes']:g} min")
        if goal.get("sessions_per_week") is not None:
            parts.append(f"{goal['sessions_per_week']} times a week")
        text = goal.get("text") or goal.get("summary") or goal.get("description")
        goal = text or ", ".join(parts) or None
    return (None if weeks is None else str(weeks)), (None if goal is None else str(goal))
