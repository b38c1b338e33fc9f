"""Graded walking programme: deterministic week-by-week rules (documented in docs/WALKING_PROGRAMME.md).

Pure: no I/O, no clock. The diary calls :func:`next_week` with a summary of the last week and
stores the returned :class:`WalkingProgramme` (``to_dict``/``from_dict`` round-trip as JSON).

Three kinds of programme, by suspected cause:

- ``general`` (non-specific, muscle, joint, disc): walk below the point where symptoms start and
  build up towards about 30 minutes, 5 times a week (the WalkBack trial's target, pocovi2024).
- ``neurogenic`` (spinal stenosis): the same target, in intervals, resting by sitting or bending
  forward, which eases squeezed nerves (whitman2006, ammendolia2018).
- ``vascular`` (narrowed leg arteries): walk INTO moderate calf pain, rest standing until it goes,
  repeat; build the session towards 30-45 minutes, at least 3 times a week (gerhard_herman2016).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Literal

from backstride.errors import AnswerError

Cause = Literal["general", "neurogenic", "vascular"]
CAUSES: tuple[str, ...] = ("general", "neurogenic", "vascular")

#: Slow walking pace used to turn metres into minutes when only a distance is known: 3 km/h.
#: Estimate: people whose walking is limited by leg or back symptoms usually walk well below
#: the typical adult pace of about 4.5-5 km/h; a slow pace gives a shorter (safer) start.
SLOW_PACE_M_PER_MIN = 50.0
START_FRACTION = 0.75  # first bouts at 75% of tolerance (brief: 70-80%; estimate, see docs)
PROGRESS_FRACTION = 0.15  # a good week adds 15% to each bout ...
PROGRESS_MIN_STEP = 1.0  # ... and at least 1 minute
STEP_BACK_FRACTION = 0.75  # a flare cuts bouts by a quarter
MIN_BOUT = 1.0
DEFAULT_BOUT = {"general": 10.0, "neurogenic": 5.0, "vascular": 5.0}  # tolerance unknown
MAX_BOUTS = 3  # general/neurogenic: at most 3 pieces per session
START_SESSIONS = 3
MIN_SESSIONS = 2
TARGET = {  # (minutes of walking per session, sessions per week)
    "general": (30.0, 5),
    "neurogenic": (30.0, 5),
    "vascular": (45.0, 3),
}
VASCULAR_START_SESSION = 20.0  # estimate: below the guideline's 30-45 min for a gentle start
VASCULAR_STEP = 5.0
PAIN_LIMIT = {"general": 4, "neurogenic": 4, "vascular": 6}
FLARE_MARGIN = 3  # worst pain this far above the limit counts as a flare
REST = {
    "general": "Rest as you need: stand or sit for a minute or two between walks.",
    "neurogenic": (
        "Between walks, sit down or bend forward (lean on a rail, bench or trolley). Wait until "
        "your legs feel normal again, then wait one more minute."
    ),
    "vascular": (
        "When the calf pain reaches a moderate level, stop and stand still until it has gone, "
        "then walk again."
    ),
}
SECOND_STEP_BACK = (
    "This is the second step back in a row. Please check in with your doctor or physio before "
    "you build up again."
)
SOURCES = {
    "general": ["pocovi2024", "pocovi2022"],
    "neurogenic": ["pocovi2024", "whitman2006", "ammendolia2018"],
    "vascular": ["gerhard_herman2016"],
}


def _half(x: float) -> float:
    """Round to the nearest half minute (never below the minimum bout)."""
    return max(MIN_BOUT, math.floor(x * 2 + 0.5) / 2)


def metres_to_minutes(metres: float, pace_m_per_min: float = SLOW_PACE_M_PER_MIN) -> float:
    if metres < 0:
        raise AnswerError(
            f"Walking distance cannot be negative (got {metres:g} m).", field="walk_metres"
        )
    return round(metres / pace_m_per_min, 1)


@dataclass(frozen=True)
class WeekLog:
    """A week of the diary, summarised."""

    walks_done: int
    minutes_walked: float
    worst_pain: int  # 0-10 during or after walks
    settled_within_24h: bool
    flare: bool = False
    #: Typical minutes walked before symptoms started that week (the middle value of the diary's
    #: "symptoms started after" entries), or None when none was logged.
    onset_minutes: float | None = None

    def __post_init__(self) -> None:
        if self.walks_done < 0:
            raise AnswerError(
                f"walks_done must be 0 or more (got {self.walks_done}).", field="walks_done"
            )
        if self.minutes_walked < 0:
            raise AnswerError(
                f"minutes_walked must be 0 or more (got {self.minutes_walked}).",
                field="minutes_walked",
            )
        if not 0 <= self.worst_pain <= 10:
            raise AnswerError(
                f"worst_pain must be from 0 to 10 (got {self.worst_pain}).", field="worst_pain"
            )
        if self.onset_minutes is not None and self.onset_minutes < 0:
            raise AnswerError(
                f"onset_minutes must be 0 or more (got {self.onset_minutes}).",
                field="onset_minutes",
            )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WeekLog:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass(frozen=True)
class WalkingProgramme:
    """This week's prescription. JSON-serialisable via ``to_dict``."""

    cause: str
    week: int
    sessions_per_week: int
    bouts_per_session: int
    bout_minutes: float
    session_minutes: float  # walking time per session (vascular: walking and standing rests)
    rest: str
    pain_limit: int  # 0-10: how much pain is fine during a walk
    tolerance_minutes: float | None
    target_session_minutes: float
    target_sessions_per_week: int
    status: str  # start | progress | hold | step_back | target
    reason: str
    step_backs_in_a_row: int = 0
    sources: list[str] = field(default_factory=list)

    @property
    def planned_minutes_per_week(self) -> float:
        return round(self.sessions_per_week * self.session_minutes, 1)

    @property
    def at_target(self) -> bool:
        return (
            self.session_minutes >= self.target_session_minutes
            and self.sessions_per_week >= self.target_sessions_per_week
            and (self.cause != "general" or self.bouts_per_session == 1)
        )

    @property
    def when_pain(self) -> str:
        """What to do when pain comes during a walk, in plain words (derived, so programmes
        saved before this text existed get it too)."""
        if self.cause == "vascular":
            return (
                f"Do not walk on once the calf pain is worse than moderate (about "
                f"{self.pain_limit} out of 10). Stop at once and get help if you get chest pain, "
                "feel very out of breath or feel faint."
            )
        settle = (
            "sit down or bend forward until it settles"
            if self.cause == "neurogenic"
            else "stand or sit until it settles"
        )
        return (
            f"If pain goes above {self.pain_limit} out of 10, or your legs get heavy, tingly or "
            f"weak before the time is up, stop that walk and {settle}. Then walk on only if it "
            "has settled. A walk you cut short still counts: log the minutes you did."
        )

    def summary(self) -> str:
        """One plain sentence describing this week."""
        if self.cause == "vascular":
            return (
                f"Week {self.week}: {self.sessions_per_week} sessions of about "
                f"{self.session_minutes:g} minutes. Walk until the calf pain is moderate "
                f"(about {self.pain_limit} out of 10), stand still until it goes, and repeat."
            )
        pieces = "one walk" if self.bouts_per_session == 1 else f"{self.bouts_per_session} walks"
        total = (
            ""
            if self.bouts_per_session == 1
            else f" (about {self.session_minutes:g} minutes in all)"
        )
        return (
            f"Week {self.week}: {self.sessions_per_week} days, each with {pieces} of up to "
            f"{self.bout_minutes:g} minutes{total}. Keep pain at {self.pain_limit} out of 10 or less."
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["planned_minutes_per_week"] = self.planned_minutes_per_week
        d["summary"] = self.summary()
        d["when_pain"] = self.when_pain
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WalkingProgramme:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


def _bouts_for(bout: float, target: float) -> int:
    return max(1, min(MAX_BOUTS, math.ceil(target / bout - 1e-9)))


def _shape(cause: str, bout: float, session: float | None) -> tuple[int, float, float]:
    """(bouts per session, bout minutes, session minutes) for a bout (or vascular session)."""
    target, _ = TARGET[cause]
    if cause == "vascular":
        assert session is not None
        bouts = max(1, math.ceil(session / bout - 1e-9))
        return bouts, bout, session
    bout = min(_half(bout), target)
    bouts = _bouts_for(bout, target)
    return bouts, bout, min(target, round(bout * bouts, 1))  # the last walk may be shorter


def start_programme(
    cause: str,
    tolerance_minutes: float | None = None,
    tolerance_metres: float | None = None,
    pain_limit: int | None = None,
) -> WalkingProgramme:
    """Week 1 from the walking time (or distance) before symptoms start."""
    if cause not in CAUSES:
        raise AnswerError(
            f"Unknown walking programme type {cause!r}. Valid: {', '.join(CAUSES)}.", field="cause"
        )
    if tolerance_minutes is None and tolerance_metres is not None:
        tolerance_minutes = metres_to_minutes(tolerance_metres)
    if tolerance_minutes is not None and tolerance_minutes < 0:
        raise AnswerError(
            f"Walking time cannot be negative (got {tolerance_minutes:g}).", field="walk_minutes"
        )
    target_session, target_sessions = TARGET[cause]
    limit = PAIN_LIMIT[cause] if pain_limit is None else pain_limit
    if not 0 <= limit <= 10:
        raise AnswerError(f"pain_limit must be from 0 to 10 (got {limit}).", field="pain_limit")
    if cause == "vascular":
        bout = _half(tolerance_minutes) if tolerance_minutes else DEFAULT_BOUT[cause]
        bouts, bout, session = _shape(cause, bout, VASCULAR_START_SESSION)
        why = (
            "For narrowed leg arteries, walking into moderate calf pain and resting until it "
            "goes trains the legs to cope. We start at 20 minutes a session, 3 times a week."
        )
    else:
        if tolerance_minutes is None:
            bout = DEFAULT_BOUT[cause]
            why = (
                f"We do not know how far you can walk yet, so we start with {bout:g}-minute walks."
            )
        else:
            bout = max(MIN_BOUT, START_FRACTION * tolerance_minutes)
        bouts, bout, session = _shape(cause, bout, None)
        if tolerance_minutes is not None:
            said = f"Your symptoms start after about {tolerance_minutes:g} minutes"
            if tolerance_metres is not None:
                said = (
                    f"You said your symptoms start after about {tolerance_metres:g} metres. "
                    f"At a slow pace that is about {tolerance_minutes:g} minutes"
                )
            why = (
                f"{said}. So each walk stops before that, at about {bout:g} minutes (about "
                f"{round(bout * SLOW_PACE_M_PER_MIN, -1):g} metres at a slow pace)."
            )
    return WalkingProgramme(
        cause=cause,
        week=1,
        sessions_per_week=min(START_SESSIONS, target_sessions),
        bouts_per_session=bouts,
        bout_minutes=bout,
        session_minutes=session,
        rest=REST[cause],
        pain_limit=limit,
        tolerance_minutes=tolerance_minutes,
        target_session_minutes=target_session,
        target_sessions_per_week=target_sessions,
        status="start",
        reason=why,
        sources=list(SOURCES[cause]),
    )


def _grow(state: WalkingProgramme) -> WalkingProgramme:
    sessions = min(state.sessions_per_week + 1, state.target_sessions_per_week)
    if state.cause == "vascular":
        session = min(state.session_minutes + VASCULAR_STEP, state.target_session_minutes)
        bouts, bout, session = _shape("vascular", state.bout_minutes, session)
    else:
        step = max(PROGRESS_MIN_STEP, PROGRESS_FRACTION * state.bout_minutes)
        bouts, bout, session = _shape(state.cause, state.bout_minutes + step, None)
    return replace(
        state,
        sessions_per_week=sessions,
        bouts_per_session=bouts,
        bout_minutes=bout,
        session_minutes=session,
    )


def _shrink(state: WalkingProgramme) -> WalkingProgramme:
    sessions = max(MIN_SESSIONS, state.sessions_per_week - 1)
    if state.cause == "vascular":
        session = max(10.0, state.session_minutes - VASCULAR_STEP)
        bouts, bout, session = _shape("vascular", state.bout_minutes, session)
    else:
        bouts, bout, session = _shape(state.cause, STEP_BACK_FRACTION * state.bout_minutes, None)
    return replace(
        state,
        sessions_per_week=sessions,
        bouts_per_session=bouts,
        bout_minutes=bout,
        session_minutes=session,
    )


def _rules(state: WalkingProgramme, log: WeekLog) -> WalkingProgramme:
    """Apply the rules, in order, to last week's diary summary and return next week's plan.

    1. Flare (or worst pain at least 3 points above the limit): step back.
    2. Fewer walks or minutes than planned, pain above the limit, or not settled in 24 h: hold.
    3. Otherwise progress (or stay at the target once reached).
    """
    nxt = state.week + 1
    done_enough = (
        log.walks_done >= state.sessions_per_week - 1
        and log.minutes_walked >= 0.8 * state.planned_minutes_per_week
    )
    if log.flare or log.worst_pain >= state.pain_limit + FLARE_MARGIN:
        new = _shrink(state)
        in_a_row = state.step_backs_in_a_row + 1
        what = (
            "you had a flare-up" if log.flare else f"your pain reached {log.worst_pain} out of 10"
        )
        reason = f"Last week {what}, so we step back a little: shorter walks and one fewer day."
        if in_a_row >= 2:
            reason += f" {SECOND_STEP_BACK}"
        return replace(
            new, week=nxt, status="step_back", reason=reason, step_backs_in_a_row=in_a_row
        )
    if log.walks_done == 0:
        return replace(
            state,
            week=nxt,
            status="hold",
            step_backs_in_a_row=0,
            reason="No walks were logged last week, so we repeat the same week.",
        )
    if not done_enough or log.worst_pain > state.pain_limit or not log.settled_within_24h:
        if not done_enough:
            why = "you did fewer walks or minutes than planned"
        elif log.worst_pain > state.pain_limit:
            why = f"your pain went a little above {state.pain_limit} out of 10"
        else:
            why = "your symptoms took longer than a day to settle"
        return replace(
            state,
            week=nxt,
            status="hold",
            step_backs_in_a_row=0,
            reason=f"Last week {why}, so we repeat the same week before going further.",
        )
    if state.at_target:
        return replace(
            state,
            week=nxt,
            status="target",
            step_backs_in_a_row=0,
            reason="You have reached the target. Keep it up. You can add a little pace or some gentle hills if you like.",
        )
    new = _grow(state)
    reason = "Last week went well: pain stayed within your limit and settled within a day, so we build up a little."
    if new.at_target:
        reason += " This week reaches the target."
    return replace(new, week=nxt, status="progress", reason=reason, step_backs_in_a_row=0)


def _fit_to_onset(state: WalkingProgramme, new: WalkingProgramme, onset: float) -> WalkingProgramme:
    """Rule 5: walks that stop before the symptoms, as the diary now shows them.

    Where the plan stays below symptom onset (``general``, ``neurogenic``), a walk longer than
    the time the person can now walk before symptoms start would walk into them. Next week's
    walks are then cut to the same fraction of that time as week 1 (``START_FRACTION``)."""
    if state.cause == "vascular" or onset >= state.bout_minutes:
        return new
    fitted = max(MIN_BOUT, START_FRACTION * onset)
    if _half(fitted) >= new.bout_minutes:
        return new
    bouts, bout, session = _shape(state.cause, fitted, None)
    sessions = min(new.sessions_per_week, state.sessions_per_week)
    why = (
        f"Last week your symptoms started after about {onset:g} minutes, sooner than your "
        f"{state.bout_minutes:g}-minute walks. So each walk is now shorter, about "
        f"{bout:g} minutes, to stop before the symptoms come."
    )
    in_a_row = (
        new.step_backs_in_a_row if new.status == "step_back" else state.step_backs_in_a_row + 1
    )
    if new.status == "step_back":
        why = f"{new.reason} {why}"
    elif in_a_row >= 2:
        why += f" {SECOND_STEP_BACK}"
    return replace(
        new,
        sessions_per_week=sessions,
        bouts_per_session=bouts,
        bout_minutes=bout,
        session_minutes=session,
        status="step_back",
        step_backs_in_a_row=in_a_row,
        reason=why,
    )


def next_week(state: WalkingProgramme, log: WeekLog | dict[str, Any]) -> WalkingProgramme:
    """Next week's plan from last week's diary summary (rules 1-4 in ``_rules``, then rule 5:
    where the person stays below symptom onset, a logged onset shorter than the walks shortens
    them to ``START_FRACTION`` of it, so the programme follows how far they can walk now)."""
    if isinstance(log, dict):
        log = WeekLog.from_dict(log)
    new = _rules(state, log)
    if log.onset_minutes is not None:
        new = _fit_to_onset(state, new, log.onset_minutes)
    return new
