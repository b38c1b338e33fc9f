"""When the pain started, said as a date or a day: "since March", "since last Tuesday", "it
started on the 3rd of November", "since Christmas". Pure Python; no clock is read here: today's
date is passed in by the front end (``today``), and without it nothing that needs it is read.

Each phrase becomes a length of time in weeks, with its low and high ends: a month without a day
("since March") may be any day of that month, so it is a range, and a range that spans more than
one answer is asked, not guessed. A date without a year is its latest one not after today ("since
March", said in December, is this March; said in February, last March). A date with a year that
is after today, or one that cannot exist (the 30th of February), is not read as a length of time:
it is returned with ``problem`` set, to be shown as not understood.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
#: fixed days of the year people date things by: (month, day)
HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "boxing day": (12, 26),
            "new year": (1, 1), "new year's": (1, 1), "new years": (1, 1),
            "new year's day": (1, 1), "new years day": (1, 1)}  # fmt: skip
#: days back that need no calendar: (low, high) in days
RELATIVE = {"yesterday": (1, 1), "last night": (0, 1), "this morning": (0, 0),
            "today": (0, 0), "the day before yesterday": (2, 2),
            "the other day": (1, 7)}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_HOLIDAY = "|".join(sorted((re.escape(h) for h in HOLIDAYS), key=len, reverse=True))
_RELATIVE = "|".join(sorted((re.escape(h) for h in RELATIVE), key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
#: any number of four or more digits after a date is its year, a possible one or not: "since
#: March 1850" and "the 3rd of May 10000" are refused, not read as this year's
_YEAR = r"(?:,?\s+(?P<y>\d{4,}(?![.,]?\d)))?(?:\s+(?P<yr>last|this)\s+year)?"
#: how far back a year may lie: the oldest age the interview takes (110), and a little more
OLDEST_YEARS = 120
_PART = r"(?:(?P<part>early|mid|late|the\s+(?:start|beginning|middle|end)\s+of)\s+)?"
_WHEN = (
    rf"(?P<rel>{_RELATIVE})"
    rf"|(?P<last>last\s+|this\s+past\s+|this\s+)?(?:"
    rf"(?P<wd>{_WEEKDAY})(?:\s+(?:just\s+)?gone)?"
    rf"|(?:the\s+)?(?P<wk>weekend)"
    rf"|(?<=last\s)(?P<lw>week|month)"
    rf"|(?P<hol>{_HOLIDAY}){_YEAR.replace('P<y>', 'P<hy>').replace('P<yr>', 'P<hyr>')}"
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?\s+(?P<m1>{_MONTH}){_YEAR.replace('P<', 'P<a')}"
    rf"|(?P<m2>{_MONTH})\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"{_YEAR.replace('P<', 'P<b')}"
    rf"|{_PART}(?P<m3>{_MONTH}){_YEAR.replace('P<', 'P<c')}"
    # a year on its own: "since 2019", "it started in 2023", "since last year" (never a number
    # with a unit after it: "started 2000 metres in")
    rf"|(?P<yy>(?:19|20)\d\d)(?![.,]?\d)(?!\s*(?:m|km|metres|meters|yards|yds|steps|miles|feet|ft)\b)"
    rf"|(?P<ly>last\s+year))"
)
#: the words that make a date the start of the pain: "since ...", "it started on ..."
_LEAD = (
    r"(?:ever\s+)?since(?:\s+(?:just\s+|shortly\s+)?(?:after|before|around|about))?"
    r"|(?:started|starting|began|begun|start|came\s+on|kicked\s+in|went)"
    r"(?:\s+(?:on|in|at|around|about|over|back\s+in|back\s+on|just\s+after|after))?"
)
_RX = re.compile(
    rf"\b(?P<lead>{_LEAD})\s+(?:{_WHEN})\b(?!\s*(?:/|-)\s*\d)(?!\s+(?:be|have|not|well)\b)",
    re.IGNORECASE,
)
#: what happened, then when: "since heavy deadlifts on Saturday", "sore after squats last
#: weekend", "hurt my back gardening on Friday", "came on suddenly on Friday". The day is the
#: pain's start; a few words of what was done may stand between (never a word that begins
#: another clause, a number, or a word that points ahead: "since I'm seeing the GP next
#: Friday"). Only "since" reaches a month or a year this way ("since the accident in March");
#: the others only a day counted back from today, as a start said in passing is.
_SINCE_GAP = r"(?:ever\s+)?since"
_DID_GAP = (
    r"after|(?:hurt|tweaked|pulled|strained|injured|jarred|ricked|cricked|twisted|wrenched|did"
    r"|done|threw|thrown|put|felt|started|began|came\s+on|kicked\s+in|went|go|gone)"
)
_GAP_WORD = (
    r"(?!(?:and|but|or|so|then|until|till|since|because|though|although|while|whilst|which"
    r"|before|ago|next|tomorrow|will|going|gonna|booked|appointment|see|seeing|better|worse"
    r"|eased|easier|improved)\b)[A-Za-z][A-Za-z'’-]*"
)
#: "better after physio on Friday", "worse after lifting yesterday": a change, not the start
_CHANGED = re.compile(
    r"\b(?:better|worse|worst|easier|eased|improved|helped|fine|ok|okay|good)\b(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
_GAP_RX = re.compile(
    rf"\b(?P<lead>{_SINCE_GAP}|{_DID_GAP})(?P<gap>(?:\s+{_GAP_WORD}){{1,5}}?)"
    rf"\s+(?:(?:on|in|at|over|during)\s+)?(?:{_WHEN})\b(?!\s*(?:/|-)\s*\d)"
    r"(?!\s+(?:be|have|not|well)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DatePhrase:
    low: float  # weeks back, at least
    high: float  # weeks back, at most
    start: int
    end: int
    text: str
    problem: str | None = None  # why it cannot be read: a date after today, or none such

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


def find_dates(text: str, today: date | None) -> list[DatePhrase]:
    """Every "since <date>" or "started on <date>" in ``text``, as weeks back from ``today``.
    Without ``today`` only the days that need no calendar ("since yesterday") are read."""
    out: list[DatePhrase] = []
    plain = list(_RX.finditer(text))
    gapped = [
        m
        for m in _GAP_RX.finditer(text)
        if not any(p.start() < m.end() and m.start() < p.end() for p in plain)
        and (re.match(_SINCE_GAP, m["lead"], re.IGNORECASE) or _counted_back(m))
        and not (m["lead"].lower() == "after" and _CHANGED.search(text, 0, m.start()))
    ]
    for m in sorted(plain + gapped, key=lambda m: m.start()):
        got = _days_back(m, today)
        if got is None:
            continue
        if isinstance(got, str):
            out.append(DatePhrase(0.0, 0.0, m.start(), m.end(), m[0], got))
            continue
        lo, hi = got
        out.append(DatePhrase(round(lo / 7, 2), round(hi / 7, 2), m.start(), m.end(), m[0]))
    return out


def _counted_back(m: re.Match[str]) -> bool:
    """A day counted back from today: "yesterday", "on Saturday", "last weekend"."""
    return bool(m["rel"] or m["wd"] or m["wk"] or m["lw"])


def _days_back(m: re.Match[str], today: date | None) -> tuple[int, int] | str | None:
    """(fewest, most) days back, a problem in words, or None when ``today`` is needed."""
    if m["rel"]:
        return RELATIVE[m["rel"].lower()]
    if today is None:
        return None
    last = bool(m["last"]) and m["last"].lower().strip() != "this"
    if m["wd"]:
        back = (today.weekday() - WEEKDAYS[m["wd"].lower()]) % 7 or 7
        return back, back
    if m["lw"]:  # "last week": any day of the calendar week before this one; "last month" alike
        wd = today.weekday()
        if m["lw"].lower() == "week":
            return wd + 1, wd + 7
        first = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
        end = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
        return (today - end).days, (today - first).days
    if m["wk"]:  # "over the weekend": the last Saturday and Sunday (on a Sunday, this one)
        wd = today.weekday()
        if wd == 6:
            return 0, 1
        if wd == 5:
            return 0, 7
        return wd + 1, wd + 2
    if m["yy"] or m["ly"]:  # a whole year: any day of it
        whole = int(m["yy"]) if m["yy"] else today.year - 1
        if whole > today.year:
            return "that date is after today"
        if whole < today.year - OLDEST_YEARS:
            return "that year is too long ago"
        return (today - min(date(whole, 12, 31), today)).days, (today - date(whole, 1, 1)).days
    year = _year(m["hy"] or m["ay"] or m["by"] or m["cy"], None, today)
    if year is not None and year > today.year:
        return "that date is after today"
    if year is not None and year < today.year - OLDEST_YEARS:
        return "that year is too long ago"
    if m["hol"]:
        mon, day = HOLIDAYS[m["hol"].lower()]
        return _on_day(today, mon, day, _year(m["hy"], m["hyr"], today), last)
    if m["m1"] or m["m2"]:
        mon = MONTHS[(m["m1"] or m["m2"]).lower()]
        day = int(m["d"] or m["d2"])
        year = _year(m["ay"] or m["by"], m["ayr"] or m["byr"], today)
        return _on_day(today, mon, day, year, last)
    mon = MONTHS[m["m3"].lower()]
    year = _year(m["cy"], m["cyr"], today)
    if year is None:  # its latest one: this month counts ("since December", in December)
        year = today.year if mon <= today.month else today.year - 1
        if last and mon == today.month:
            year -= 1
    first, end = 1, calendar.monthrange(year, mon)[1]
    part = (m["part"] or "").lower()
    if part in ("early", "the start of", "the beginning of"):
        end = 10
    elif part in ("mid", "the middle of"):
        first, end = 11, 20
    elif part in ("late", "the end of"):
        first = 21
    lo_day, hi_day = date(year, mon, first), date(year, mon, end)
    if lo_day > today:
        return "that date is after today"
    return (today - min(hi_day, today)).days, (today - lo_day).days


def _year(y: str | None, rel: str | None, today: date) -> int | None:
    if y:
        return int(y) if len(y) <= 6 else 10**6  # a number of a thousand digits: far too late
    if rel:
        return today.year - (rel.lower() == "last")
    return None


def _on_day(today: date, mon: int, day: int, year: int | None, last: bool) -> tuple[int, int] | str:
    if not 1 <= day <= 31 or day > max(calendar.monthrange(y, mon)[1] for y in (2023, 2024)):
        return "there is no such date"
    if year is not None:
        if day > calendar.monthrange(year, mon)[1]:
            return "there is no such date"
        when = date(year, mon, day)
        if when > today:
            return "that date is after today"
    else:  # its latest one not after today (the 29th of February: the last leap year's)
        when = None
        for y in range(today.year, today.year - 9, -1):
            if day <= calendar.monthrange(y, mon)[1] and date(y, mon, day) <= today:
                if last and date(y, mon, day) == today:
                    continue
                when = date(y, mon, day)
                break
        if when is None:  # pragma: no cover - every date comes round within 8 years
            return "there is no such date"
    back = (today - when).days
    return back, back
