"""Quantities with units in plain English: "about 200 metres", "half a mile", "ten minutes",
"3 blocks", "six months". Pure Python; spans are character offsets into the text.

No library fits well: the candidates read a number but not "half a mile" or "a couple of
blocks" together with a unit, or they pull in large data files. This is small and tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backstride.intake.clean import cleaned

WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "couple of": 2,
    "a couple of": 2, "a couple": 2, "half a": 0.5, "half": 0.5, "a half": 0.5, "half an": 0.5, "a quarter of a": 0.25,
    "quarter of a": 0.25, "a hundred": 100, "a few hundred": 300,
    # "a quarter of an hour" is 15 minutes, not an hour; "three quarters of a mile"
    "a quarter of an": 0.25, "quarter of an": 0.25, "three quarters of an": 0.75,
    "three quarters of a": 0.75, "three quarters of": 0.75, "a quarter": 0.25,
}  # fmt: skip

#: unit word -> (kind, factor to the base unit: metres, minutes or weeks)
UNITS: dict[str, tuple[str, float]] = {
    "m": ("distance", 1), "metre": ("distance", 1), "metres": ("distance", 1),
    "meter": ("distance", 1), "meters": ("distance", 1), "yard": ("distance", 0.9144),
    "yards": ("distance", 0.9144), "yds": ("distance", 0.9144), "mile": ("distance", 1609.344),
    "miles": ("distance", 1609.344), "km": ("distance", 1000), "kilometre": ("distance", 1000),
    "kilometres": ("distance", 1000), "kilometer": ("distance", 1000),
    "kilometers": ("distance", 1000), "block": ("blocks", 1), "blocks": ("blocks", 1),
    "feet": ("distance", 0.3048), "ft": ("distance", 0.3048),
    # a walking step is about three quarters of a metre: "I manage about 200 steps"
    "step": ("distance", 0.75), "steps": ("distance", 0.75), "paces": ("distance", 0.75),
    "min": ("time", 1), "mins": ("time", 1), "minute": ("time", 1), "minutes": ("time", 1),
    "hour": ("time", 60), "hours": ("time", 60), "hr": ("time", 60), "hrs": ("time", 60),
    "day": ("duration", 1 / 7), "days": ("duration", 1 / 7), "week": ("duration", 1),
    "weeks": ("duration", 1), "wk": ("duration", 1), "wks": ("duration", 1),
    "fortnight": ("duration", 2), "month": ("duration", 4.345), "months": ("duration", 4.345),
    "year": ("duration", 52.18), "years": ("duration", 52.18), "yr": ("duration", 52.18),
    "yrs": ("duration", 52.18),
}  # fmt: skip

#: steps counted as a distance, but not a daily count ("8000 steps a day")
_STEPS = frozenset({"step", "steps", "paces"})
_STEPS_A_DAY = re.compile(r"\s*(?:a|per|each|every)\s+(?:day|week)\b|\s*daily\b", re.IGNORECASE)
#: a city block is 100 to 200 metres (the interview's own help text)
BLOCK_METRES = (100.0, 200.0)

#: a number as written: "200", "1.5", "1,500", "1,000,000". Never the tail of another number
#: ("1,000,000" is not "000"; "10,,000" is not "000") nor one after a minus sign or a dash
#: standing for one ("-5 minutes" and "–5 minutes" are not 5 minutes; "2-3" is a range); at
#: most 15 digits a part, so that a number of a thousand digits is not read at all instead of
#: as infinity
_NUM = (
    r"(?<!\d[.,])(?<![.,],)(?<!(?<!\w)[-−–])"
    r"(?:\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,15})?(?![\d,])|\d{1,15}(?:[.,]\d{1,15})?)(?!\d)"
)
#: a fraction of a unit: "1/2 mile", "3/4 of a mile", "1/2 an hour", "1 1/2 miles" (a fraction
#: character is read as one: intake/clean.py); only proper halves, thirds, quarters and
#: eighths, so that a date or a clinician's "10/7" (ten days) is not one
_FRAC = r"(?<![\d/])(?:\d{1,3}\s+)?[1-7]/[2348](?![\d/])(?:\s+(?:of\s+)?an?\b)?"
_WORD = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
#: a count of hundreds or thousands: "two hundred", "a couple of hundred", "couple hundred",
#: "one hundred and fifty", "2 thousand" (a bare "hundred" is 100)
_TIMES = {"hundred": 100, "thousand": 1000}
_SMALL = rf"(?:{_NUM}|{_WORD}|couple)"
_ONE = (
    rf"(?:(?:{_SMALL}\s+)?(?:hundred|thousand)(?:\s+and\s+(?:{_NUM}|{_WORD}))?"
    rf"|{_FRAC}|{_NUM}|{_WORD})(?:\s*-?\s*(?:ish|odd))?"  # "20-ish", "20 odd minutes"
)
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
#: a word between the count and the unit that changes nothing: "a good mile", "a full hour"
_ADJ = r"(?:\s+(?:good|full|solid|long|short|whole|clear))?"
_RX = re.compile(
    rf"\b(?P<a>{_ONE})(?:\s*(?:-|–|to|or)\s*(?P<b>{_ONE}))?"
    rf"(?P<half>\s+and\s+a\s+half)?{_ADJ}\s*-?\s*(?P<unit>{_UNIT})\b(?!-old|\s+old)"
    rf"(?P<half2>\s+and\s+a\s+half\b)?",  # "a month and a half", "a mile and a half"
    re.IGNORECASE,
)
_AGE = re.compile(
    rf"\b(?:i\s*am|i'm|im|aged|age)\s+(?P<n>{_NUM}|[a-z]+(?:[- ][a-z]+)?)\b(?!\s*(?:%|per|kg|pounds|stone|minutes|metres|meters|m\b|weeks?\b|months?\b|days?\b))"
    rf"|\b(?P<m>{_NUM}|[a-z]+(?:[- ][a-z]+)?)[- ]?(?:years?|yrs?)[- ]old\b"
    r"|\b(?P<yo>\d{2,3})\s?(?:yo|y/o|y\.o\.?|yr\s+old|yrs\s+old)(?![a-z])"  # "45yo", "45 y/o"
    r"|\b(?:male|female)\s*,?\s*(?:aged\s+)?(?P<sx>\d{2,3})\b(?![.,/]\d|\s*(?:%|[a-z]))"
    r"|\b(?P<xs>\d{2,3})\s*,?\s*(?:male|female)\b",  # "Male, 58", "71, female"
    re.IGNORECASE,
)


#: clinical shorthand for a length of time in weeks: "3/52" is three weeks. (Only /52: "3/12"
#: and "3/7", months and days in the same shorthand, are also how people write dates.)
_WEEKS_SHORTHAND = re.compile(r"(?<![\d/.])(?P<n>\d{1,2})\s?/\s?52\b(?![/.]\d)")
#: months ("2/12") and days ("3/7") in the same shorthand, read only where the words around
#: them say a length of time, since "2/12" is also a date (the 2nd of December): "a 2/12 hx",
#: "2/12 of LBP", "for 3/7", "3/7 ago", "LBP x 2/12", "over the last 3/12". "since 2/12" is left
#: alone: that is a date.
_OTHER_SHORTHAND = re.compile(r"(?<![\d/.])(?P<n>\d{1,2})\s?/\s?(?P<d>12|7)\b(?![/.]\d)")
_SHORT_LEAD = re.compile(
    r"\b(?:for|x|past|last|over|within|about|approx|approximately|around|a|an"
    # the complaint and then its length, as a note heads it: "LBP 3/12", "duration: 10/7"
    r"|lbp|pain|sx|symptoms|sciatica|hx|history|duration)\s*[:~]?\s*$|~\s*$",
    re.IGNORECASE,
)
#: words that may describe the complaint between the length and its name: "10/7 acute LBP",
#: "18/12 progressive bilat leg heaviness"
_SHORT_ADJ = (
    r"(?:(?:acute|chronic|severe|mild|worsening|progressive|intermittent|constant|increasing"
    r"|ongoing|new|recurrent|mechanical|low|lower|bilat|bilateral|l|r|left|right|of)\s+){0,3}"
)
_SHORT_TAIL = re.compile(
    r"\s*" + _SHORT_ADJ + r"(?:hx|history|of|ago|duration|post|postpartum|post-partum|pp|lbp"
    r"|pain|sx|symptoms|back|leg|legs|sciatica|onset|before|prior|previously|earlier)\b",
    re.IGNORECASE,
)
#: the most a month or day count in that shorthand can be: "18/12" is eighteen months, "10/7"
#: ten days; "40/12" or "30/7" is not written for a length of time
_SHORT_MAX = {"12": 36, "7": 21}


#: a length of time without a number ("for years", "a few weeks", "several months"): the span
#: of counts it can mean, so that one that fits a single answer is read ("for years" is over 6
#: months) and one that does not is asked ("for months" could be 2 or 11)
_VAGUE_COUNT = {"a few": (2, 4), "few": (2, 4), "a couple of": (2, 2), "several": (3, 7),
                "many": (5, 20), "some": (2, 6), "a good few": (3, 8), "donkey's": (5, 30),
                "donkeys": (5, 30), "donkeys'": (5, 30)}  # fmt: skip
_BARE_COUNT = (2, 20)  # "for years", "for weeks": at least two
_VAGUE_UNITS = {
    "days": 1 / 7,
    "weeks": 1.0,
    "months": 4.345,
    "years": 52.18,
    "yonks": 52.18,
    "yrs": 52.18,
    "mths": 4.345,
    "wks": 1.0,
}  # "for yonks": years; "for yrs", "a few wks": texting
_VAGUE = re.compile(
    r"\b(?:(?P<q>a\s+good\s+few|a\s+few|few|a\s+couple\s+of|several|many|some|donkey's"
    r"|donkeys'?)\s+(?:good\s+)?"
    r"|(?P<for>for|over\s+the\s+(?:last|past))\s+)(?P<unit>days|weeks|months|years|yonks|yrs|mths|wks)\b"
    r"(?!\s*(?:old|time|later|before))",
    re.IGNORECASE,
)

#: a span of time named by its unit alone, counted back from now: "this last week", "over the
#: past fortnight", "these last few weeks" is read by its count ("few weeks"), never here
_LAST_UNIT = {"week": 1.0, "fortnight": 2.0, "month": 4.345, "year": 52.18}
_THIS_LAST = re.compile(
    r"\b(?:(?:over|in|during|for|within)\s+)?(?:this|the)\s+(?:last|past)\s+"
    r"(?P<unit>week|fortnight|month|year)\b(?!\s*(?:of|or\s+two|before|and\s+a))",
    re.IGNORECASE,
)

#: a clinician's age and sex in one: "68M", "45 F", "72yo M", "30 y/o F" (a capital M or F
#: only: "68m" is a distance), never a temperature ("temp 99F") or a distance walked ("walks
#: 50M")
AGE_SEX = re.compile(
    r"(?<![\w/.])(?P<n>\d{2})\s?(?:(?i:yo|y/o|y\.o\.|yrs?|years?)\s?)?(?P<s>[MF])(?![\w&/'°])"
)
_NOT_AGE_SEX = re.compile(
    r"\b(?:temp|temperature|t|pyrexi\w*|febrile|fever|walk\w*|after|about|approx|~|ran|run\w*"
    r"|distance|tolerance|up\s+to|to|of)\s*:?\s*$",
    re.IGNORECASE,
)
#: a decade of life: "in his early forties", "a woman in her late 60s", "in their fifties"
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
            "seventies": 70, "eighties": 80, "nineties": 90}  # fmt: skip
_DECADE = re.compile(
    r"\bin\s+(?P<who>his|her|their)\s+(?P<part>early|mid|mid-|late)?\s*(?P<dec>twenties|thirties"
    r"|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0'?s)\b",
    re.IGNORECASE,
)
#: "he is 82", "my dad's 79", "she is now 67" (about the person a carer writes of)
_IS_AGE = re.compile(
    r"\b(?:he|she|dad|father|mum|mom|mother|husband|wife|partner|son|daughter|grandad|grandpa"
    r"|grandfather|grandma|grandmother|gran|nan|nana|granny|brother|sister|aunt|auntie|uncle"
    r"|patient|who)\s*(?:is|'s)\s+(?:now\s+"
    r"|only\s+|just\s+|aged\s+)?(?P<n>\d{2,3}|[a-z]+(?:-[a-z]+)?)\b(?![.,/]\d)(?!\s*(?:%|/|per"
    r"|kg|pounds|lbs|stone|st\b|minutes|mins|metres|meters|m\b|weeks?\b|months?\b|days?\b|years?"
    r"|yrs?\b|cm|times|foot|feet|ft\b))",
    re.IGNORECASE,
)

#: an age set beside the one it is of, in brackets or between commas ("my dad (77)", "my
#: mother, 70, ..."), said "me 55 years", or opening the text before a comma ("35, runner")
_BESIDE_AGE = re.compile(
    r"\b(?:dad|father|mum|mom|mother|husband|wife|partner|son|daughter|grandad|grandpa"
    r"|grandfather|grandma|grandmother|gran|nan|nana|granny|brother|sister|aunt|auntie|uncle)"
    r"\s*(?:\(\s*(?:aged\s+)?(?P<n>\d{2,3})\s*\)|,\s*(?:aged\s+)?(?P<m>\d{2,3})\s*[,.;:](?!\d))"
    r"|\bme\s+(?P<me>\d{2,3})\s+(?:years|yrs)\b|^\s*(?P<lead>\d{2})\s*,\s+(?=[a-z])"
    # English as a second language: "I have 55 years", "my mother have 84 years", "she is 62
    # years," (never "I have 10 years of pain", "he is 20 years older")
    r"|\b(?:i|he|she|dad|father|mum|mom|mother|husband|wife|son|daughter|brother|sister)\s+"
    r"(?:have|has|is|'s)\s+(?P<esl>\d{2,3})\s+(?:years?|yrs?)\b(?=\s*(?:[,.;:]|$|and\b|old\b))",
    re.IGNORECASE,
)


def _age_sex(text: str) -> list[re.Match[str]]:
    return [
        m
        for m in AGE_SEX.finditer(text)
        if int(m["n"]) >= 16 and not _NOT_AGE_SEX.search(text[max(0, m.start() - 20) : m.start()])
    ]


def sex_cues(text: str) -> list[tuple[int, int, str]]:
    """Where a clinician's shorthand says the person's sex: "68M" and "45 y/o F", or "in his
    forties" and "in her late sixties" (start, end, "male" or "female")."""
    out = [(m.start(), m.end(), "male" if m["s"] == "M" else "female") for m in _age_sex(text)]
    for m in _DECADE.finditer(text):
        who = m["who"].lower()
        if who != "their":
            out.append((m.start(), m.end(), "male" if who == "his" else "female"))
    return out


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of its kind: metres, minutes, weeks, or years of age
    low: float
    high: float
    kind: str  # distance, time, duration, age
    unit: str  # as written
    start: int
    end: int
    text: str


def word_number(token: str) -> float | None:
    """'200' -> 200, '1,000' -> 1000, 'ten' -> 10, 'sixty-eight' -> 68, 'half a' -> 0.5."""
    t = re.sub(r"\s*-?\s*(?:ish|odd)$", "", token.strip().lower())
    t = re.sub(r"\s+", " ", t)
    if t in WORDS:
        return float(WORDS[t])
    frac = re.fullmatch(r"(?:(\d{1,3}) )?([1-7])/([2348])(?: (?:of )?an?)?", t)
    if frac:  # "1 1/2" -> 1.5, "3/4 of a" -> 0.75; "5/4" is not a fraction of one
        whole, top, bottom = int(frac[1] or 0), int(frac[2]), int(frac[3])
        return whole + top / bottom if top < bottom else None
    times = re.fullmatch(r"(?:(.+?)\s+)?(hundred|thousand)(?:\s+and\s+(.+))?", t)
    if times:  # "two hundred", "a couple of hundred", "one hundred and fifty"
        count = 1.0 if times[1] is None else word_number(times[1])
        rest = 0.0 if times[3] is None else word_number(times[3])
        if times[1] == "couple":
            count = 2.0
        if count is None or rest is None or rest >= _TIMES[times[2]]:
            return None
        return count * _TIMES[times[2]] + rest
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if re.fullmatch(_NUM, t):
        return float(t.replace(",", "."))
    t = re.sub(r"\s+", " ", t)
    if t in WORDS:
        return float(WORDS[t])
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in WORDS and parts[1] in WORDS:
        tens, ones = WORDS[parts[0]], WORDS[parts[1]]
        if tens >= 20 and tens % 10 == 0 and 1 <= ones <= 9:
            return float(tens + ones)
    return None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity with a unit, left to right (ranges give low and high)."""
    out: list[Quantity] = []
    shorthand = _age_sex(text)
    for m in shorthand:  # "68M": 68 years old, not 68 metres
        n = float(m["n"])
        out.append(Quantity(n, n, n, "age", "years", m.start(), m.end(), m[0]))
    for m in _DECADE.finditer(text):
        dec = m["dec"].lower().rstrip("s").rstrip("'")
        base = _DECADES.get(m["dec"].lower()) or int(dec)
        part = (m["part"] or "").lower().rstrip("-")
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
        lo, hi = base + lo, base + hi
        out.append(Quantity((lo + hi) / 2, lo, hi, "age", "years", m.start(), m.end(), m[0]))
    for m in _IS_AGE.finditer(text):
        n = word_number(m["n"])
        if n is not None and 16 <= n <= 110 and float(n).is_integer():
            out.append(Quantity(n, n, n, "age", "years", m.start("n"), m.end("n"), m["n"]))
    for m in _BESIDE_AGE.finditer(text):
        g = next(k for k in ("n", "m", "me", "lead", "esl") if m[k])
        n = float(m[g])
        if 16 <= n <= 110 and not any(q.start <= m.start(g) < q.end for q in out):
            out.append(Quantity(n, n, n, "age", "years", m.start(g), m.end(g), m[g]))
    taken = [(q.start, q.end) for q in out]
    for m in _RX.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        a = word_number(m["a"])
        b = word_number(m["b"]) if m["b"] else None
        if a is None or (m["b"] and b is None):
            continue
        times = re.search(r"(hundred|thousand)\s*$", m["b"] or "", re.IGNORECASE)
        if b is not None and times and not re.search(r"hundred|thousand", m["a"], re.I):
            a *= _TIMES[times[1].lower()]  # "2 or 3 hundred yards": 200 to 300
        if m["half"] or m["half2"]:
            a += 0.5
            b = b + 0.5 if b is not None else None
        unit = m["unit"].lower()
        if unit == "m" and not re.match(r"\d", m["a"]):
            continue  # "a m..." is not a distance
        if unit in _STEPS and _STEPS_A_DAY.match(text, m.end()):
            continue  # "10,000 steps a day" is how much, not how far before it hurts
        kind, factor = UNITS[unit]
        lo, hi = (a, b) if b is not None else (a, a)
        lo, hi = min(lo, hi), max(lo, hi)
        if kind == "blocks":
            kind = "distance"
            lo, hi = lo * BLOCK_METRES[0], hi * BLOCK_METRES[1]
        else:
            lo, hi = lo * factor, hi * factor
        out.append(Quantity((lo + hi) / 2, lo, hi, kind, unit, m.start(), m.end(), m[0]))
    for m in _VAGUE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        if m["for"] and re.search(
            r"\b(?:a\s+few|few|couple\s+of|several|many|some)\s+$", text[: m.start("unit")]
        ):
            continue  # "for a few years" is read once, by its count
        q = re.sub(r"\s+", " ", m["q"].lower().replace("’", "'")) if m["q"] else None
        lo_n, hi_n = _VAGUE_COUNT[q] if q else _BARE_COUNT
        factor = _VAGUE_UNITS[m["unit"].lower()]
        lo, hi = lo_n * factor, hi_n * factor
        if m["for"] and m["unit"].lower() in ("days", "weeks"):
            continue  # "aching for days": too loose to tie to this pain without a count
        # a bounded count ("a few") shows its middle; an open one ("for years") its least
        value = (lo + hi) / 2 if hi_n <= 7 else lo
        out.append(Quantity(value, lo, hi, "duration", m["unit"].lower(), m.start(), m.end(), m[0]))
    for m in _THIS_LAST.finditer(text):
        if any(q.start < m.end() and m.start() < q.end for q in out):
            continue
        w = _LAST_UNIT[m["unit"].lower()]
        out.append(Quantity(w, w, w, "duration", m["unit"].lower(), m.start(), m.end(), m[0]))
    for m in _WEEKS_SHORTHAND.finditer(text):
        n = float(m["n"])
        if n > 0:
            out.append(Quantity(n, n, n, "duration", "/52", m.start(), m.end(), m[0]))
    for m in _OTHER_SHORTHAND.finditer(text):
        n = float(m["n"])
        if n <= 0 or n > _SHORT_MAX[m["d"]]:
            continue
        if not (_SHORT_LEAD.search(text[max(0, m.start() - 16) : m.start()])
                or _SHORT_TAIL.match(text, m.end())):  # fmt: skip
            continue  # a date, or we cannot tell
        weeks = n * (4.345 if m["d"] == "12" else 1 / 7)
        unit = "/" + m["d"]
        out.append(Quantity(weeks, weeks, weeks, "duration", unit, m.start(), m.end(), m[0]))
    for m in _AGE.finditer(text):
        raw = m["n"] or m["m"] or m["yo"] or m["sx"] or m["xs"]
        n = word_number(raw)
        if n is None or not 16 <= n <= 110 or not float(n).is_integer():
            continue
        if any(q.start <= m.start() < q.end for q in out):
            continue
        out.append(Quantity(n, n, n, "age", "years", m.start(), m.end(), m[0]))
    return sorted(out, key=lambda q: q.start)


# ---------------------------------------------------------------- one typed answer
#: base unit -> the kind of quantity it measures
BASE_KIND = {"metres": "distance", "minutes": "time", "weeks": "duration", "years": "age"}
#: how each kind may be written, for error messages
SPELLINGS = {
    "distance": "metres, km, yards, miles or blocks (for example: 200 metres, half a mile, 3 blocks)",
    "time": "minutes or hours (for example: 10 minutes, half an hour)",
    "duration": "days, weeks, months or years (for example: 3 days, 6 weeks, 2 months)",
    "age": "years (for example: 68)",
}
#: words around an amount that change nothing: "about 200 metres", "for 3 weeks", "2 weeks ago"
_FILLER = re.compile(
    r"\b(?:about|around|roughly|approximately|approx|nearly|almost|maybe|perhaps|just|only|"
    r"for|ago|since|some|or so|and|in total|old|aged?|i am|i'm|im|walking|of)\b|[~.,;:!?()]",
    re.IGNORECASE,
)
#: durations said in words, relative to today
_SINCE = {
    "today": 0.0, "this morning": 0.0, "since this morning": 0.0, "since today": 0.0,
    "yesterday": 1 / 7, "since yesterday": 1 / 7, "last night": 1 / 7,
    "since last night": 1 / 7, "a day": 1 / 7, "last week": 1.0, "since last week": 1.0,
    "last month": 4.345, "since last month": 4.345, "last year": 52.18,
    "since last year": 52.18,
}  # fmt: skip
MAX_TYPED = 60


class AmountError(ValueError):
    """A typed amount that cannot be read; ``message`` names the value and the valid units."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Amount:
    value: float  # in ``unit``
    unit: str  # a base unit: metres, minutes, weeks or years
    low: float | None = None  # a range ("10 to 15 minutes", "a block"): its ends
    high: float | None = None


def read_amount(raw: str, units: tuple[str, ...]) -> Amount:
    """What a person typed as an amount -> a value in one of ``units`` (base units, see
    ``BASE_KIND``; a bare number is in the first one). "3 days" -> 0.43 weeks, "2 blocks" ->
    300 metres (a block is 100 to 200 m: the middle), "half an hour" -> 30 minutes, "since
    yesterday" -> 0.14 weeks. Raises AmountError naming the value and the units it accepts."""
    typed = " ".join(str(raw).split())
    text = " ".join(cleaned(str(raw)).text.split())  # "½ mile", full-width digits, ...
    kinds = [BASE_KIND[u] for u in units]
    valid = "; or ".join(SPELLINGS[k] for k in kinds)
    shown = typed if len(typed) <= MAX_TYPED else typed[:MAX_TYPED] + "..."
    if not text:
        raise AmountError(f"Please type a number, in {valid}.")
    if len(text) > MAX_TYPED:
        raise AmountError(f"{shown!r} is too long for an amount. Type it in {valid}.")
    low = text.lower().replace("’", "'")
    bare = word_number(re.sub(r"^(?:about|around|roughly|nearly|almost|~)\s*", "", low))
    if bare is not None:
        if bare < 0:
            raise AmountError(f"{shown!r} is below zero. Type an amount in {valid}.")
        return Amount(bare, units[0])
    if "duration" in kinds and low.strip(" .!") in _SINCE:
        return Amount(round(_SINCE[low.strip(" .!")], 2), _unit(units, "duration"))
    found = [q for q in find_quantities(low) if q.kind != "age" or "age" in kinds]
    if "age" in kinds:  # "68 years" is an age here, not a duration
        found = [
            Quantity(q.value / 52.18, q.low, q.high, "age", q.unit, q.start, q.end, q.text)
            if q.kind == "duration" and q.unit.startswith(("year", "yr"))
            else q
            for q in found
        ]
    rest = low
    for q in reversed(found):
        rest = rest[: q.start] + " " + rest[q.end :]
    if not found or _FILLER.sub(" ", rest).strip():
        if re.search(r"-\s*\d", low):
            raise AmountError(f"{shown!r} is below zero. Type an amount in {valid}.")
        raise AmountError(f"{shown!r} is not an amount we can read. Type it in {valid}.")
    got = {q.kind for q in found}
    if len(got) > 1:
        raise AmountError(f"{shown!r} mixes different kinds of amount. Type it in {valid}.")
    (kind,) = got
    if kind not in kinds:
        raise AmountError(
            f"{shown!r} is {_NAMES[kind]}, which does not answer this. Type it in {valid}."
        )
    value = sum(q.value for q in found)  # "1 hour 20 minutes", "2 years and 3 months"
    low, high = sum(q.low for q in found), sum(q.high for q in found)
    if kind == "age":
        low = high = value
    return Amount(round(value, 2), _unit(units, kind), round(low, 2), round(high, 2))


_NAMES = {
    "distance": "a distance", "time": "a walking time", "duration": "a length of time",
    "age": "an age",
}  # fmt: skip


def _unit(units: tuple[str, ...], kind: str) -> str:
    return next(u for u in units if BASE_KIND[u] == kind)
