"""The clinician's PDF: one or two A4 pages from a summary (``report.summary``).

Order is what a clinician needs first: who and when, urgency and warning signs (top, in a
coloured band that also reads in black and white), the ranked causes with their main reasons
and sources, questionnaire scores against their minimal important change, the walking
tolerance chart, the current plan, and the disclaimer.
"""

from __future__ import annotations

import functools
import tempfile
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from backstride import limits
from backstride.report.summary import percent_text

URGENCY_COLOURS = {  # background, text
    "emergency": ("#b00020", "#ffffff"),
    "urgent": ("#e66a00", "#000000"),
    "doctor": ("#f2c200", "#000000"),
    "self_care": ("#2e7d32", "#ffffff"),
}
INK = colors.HexColor("#111111")
GREY = colors.HexColor("#666666")
RULE = colors.HexColor("#cccccc")
MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
CHART_MAX_HEIGHT = 85 * mm

_FONT = "Helvetica"


def _fonts() -> tuple[str, str, str]:
    """DejaVu Sans (ships with matplotlib; full Unicode) or the built-in Helvetica."""
    global _FONT
    try:
        import matplotlib

        base = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        if "BS-Sans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("BS-Sans", base / "DejaVuSans.ttf"))
            pdfmetrics.registerFont(TTFont("BS-Sans-Bold", base / "DejaVuSans-Bold.ttf"))
            pdfmetrics.registerFont(TTFont("BS-Sans-Italic", base / "DejaVuSans-Oblique.ttf"))
        _FONT = "BS-Sans"
        return "BS-Sans", "BS-Sans-Bold", "BS-Sans-Italic"
    except (ImportError, OSError):  # pragma: no cover - matplotlib is in the pdf extra
        return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=8.5, leading=11, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.8),
        "grey": ParagraphStyle("grey", parent=base, fontSize=7, leading=8.8, textColor=GREY),
        "italic": ParagraphStyle("italic", parent=base, fontName=italic, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=14, leading=17),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, textColor=GREY),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=10, leading=13, spaceBefore=7, spaceAfter=3
        ),
        "band": ParagraphStyle("band", parent=base, fontName=bold, fontSize=13, leading=16),
        "band_text": ParagraphStyle("band_text", parent=base, fontSize=9, leading=11.5),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
    }


def _date(value: Any, with_time: bool = False, zone_name: str | None = None) -> str:
    """A date, or with ``with_time`` a stored naive-UTC time in the person's zone (``zone_name``,
    named after the time; None: the machine's zone, unnamed, as before zones were kept)."""
    if not value:
        return "–"
    moment = datetime.fromisoformat(str(value)) if not isinstance(value, date) else value
    if with_time and isinstance(moment, datetime):
        if zone_name:
            from backstride.timezones import local

            return f"{local(moment, zone_name):%d %b %Y %H:%M} ({zone_name})"
        if moment.tzinfo is None:  # stored times are naive UTC: show them in local time
            moment = moment.replace(tzinfo=UTC).astimezone()
        return moment.strftime("%d %b %Y %H:%M")
    return moment.strftime("%d %b %Y")


def _zone(summary: Mapping[str, Any]) -> str | None:
    return (summary.get("person") or {}).get("time_zone")


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(str(text))), style)


def printable(text: str) -> str:
    """Text as the PDF can show it: hidden and text-direction characters as [U+202E]
    (``limits.shown_text``), and each character the font has no glyph for (most emoji) named
    in brackets ("[grinning face]", a flag as "[flag GB]") instead of an empty box; joiners,
    variation selectors and skin-tone modifiers the font lacks show nothing on their own and
    are left out."""
    text = _visual(limits.shown_text(text))
    glyphs = _glyphs()
    if glyphs is None or all(ord(ch) in glyphs for ch in text):
        return text
    out: list[str] = []
    flag = ""
    for ch in text:
        code = ord(ch)
        if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicator letters: two make a flag
            flag += chr(code - 0x1F1E6 + ord("A"))
            if len(flag) == 2:
                out.append(f"[flag {flag}]")
                flag = ""
            continue
        if code in glyphs or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf", "Sk") or 0xFE00 <= code <= 0xFE0F:
            continue
        else:
            name = unicodedata.name(ch, "")
            out.append(f"[{name.lower()}]" if name else f"[U+{code:04X}]")
    if flag:
        out.append(f"[letter {flag}]")
    return "".join(out).replace("]\u200d[", "][")  # a joiner between two named emoji


def _visual(text: str) -> str:
    """Right-to-left text (Hebrew, Arabic) in the order a PDF draws it: the PDF places glyphs
    left to right as given, so a name typed in Hebrew came out backwards and Arabic letters
    unjoined. Arabic letters take their joined forms (arabic-reshaper), then each line is put
    in visual order by the Unicode bidirectional algorithm (python-bidi), both in the pdf
    extra; without them the text is left as typed. Direction characters were already made
    visible by ``limits.shown_text``, so text cannot reorder what follows it."""
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return text
    try:
        from bidi import get_display
    except ImportError:  # pragma: no cover - python-bidi is in the pdf extra
        return text
    reshaper = _reshaper()
    if reshaper is not None:
        text = reshaper.reshape(text)
    return "\n".join(get_display(line) for line in text.split("\n"))


@functools.cache
def _reshaper() -> Any:
    """Arabic letters joined, but no ligatures: the font has few of them (Allah, lam-alef).
    None without arabic-reshaper (in the pdf extra)."""
    try:
        from arabic_reshaper import ArabicReshaper
    except ImportError:  # pragma: no cover - arabic-reshaper is in the pdf extra
        return None
    return ArabicReshaper(configuration={"support_ligatures": False})


def _glyphs() -> Any:
    """The code points the text font has glyphs for (None: a built-in font, no table)."""
    regular = _fonts()[0]
    face = getattr(pdfmetrics.getFont(regular), "face", None)
    return getattr(face, "charToGlyph", None)


class _Bar(Flowable):
    """A small probability bar (black and white friendly)."""

    def __init__(self, p: float, width: float = 22 * mm, height: float = 2.6 * mm):
        super().__init__()
        self.p, self.width, self.height = max(0.0, min(1.0, p)), width, height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(GREY)
        c.setLineWidth(0.4)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillColor(INK)
        c.rect(0, 0, self.width * self.p, self.height, stroke=0, fill=1)


def _table(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
    ]
    if header:
        style += [("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    t.setStyle(TableStyle(style))
    return t


# ------------------------------------------------------------------ sections


def _who(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    person = s.get("person") or {}
    name = person.get("name") if person.get("uid") != "local" else None
    sex = {"male": "Male", "female": "Female"}.get(str(person.get("sex")), "not given")
    age = person.get("age")
    assessed = (s.get("assessment") or {}).get("date")
    head = Table(
        [
            [
                _p("Backstride summary for the clinician", st["title"]),
                _p(f"Made {_date(s.get('generated_at'), True, _zone(s))}", st["right"]),
            ]
        ],
        colWidths=[WIDTH * 0.65, WIDTH * 0.35],
    )
    head.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    facts = (
        f"<b>Name:</b> {escape(printable(name or 'not recorded'))} &nbsp;&nbsp; "
        f"<b>Age:</b> {age if age is not None else 'not given'} &nbsp;&nbsp; "
        f"<b>Sex:</b> {sex} &nbsp;&nbsp; "
        f"<b>Assessed:</b> {_date(assessed, True, _zone(s)) if assessed else 'no assessment stored'}"
    )
    return [head, Spacer(1, 2 * mm), Paragraph(facts, st["base"]), Spacer(1, 3 * mm)]


def _urgency(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    u = s.get("urgency")
    if not u:
        return [_p("No assessment: urgency not assessed.", st["bold"]), Spacer(1, 2 * mm)]
    bg, fg = URGENCY_COLOURS.get(u.get("level"), ("#dddddd", "#000000"))
    band_style = ParagraphStyle("b", parent=st["band"], textColor=colors.HexColor(fg))
    text_style = ParagraphStyle("t", parent=st["band_text"], textColor=colors.HexColor(fg))
    cells: list[Any] = [_p(f"URGENCY: {u.get('label', u.get('level'))}", band_style)]
    if u.get("advice"):  # in the patient's words: say so, for the clinician reading it
        cells.append(_p(f"Told to the patient: {u['advice']}", text_style))
    for reason in u.get("reasons", [])[:4]:
        cells.append(_p(f"• {reason}", text_style))
    band = Table([[c] for c in cells], colWidths=[WIDTH])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(bg)),
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (0, 0), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
            ]
        )
    )
    out: list[Any] = [band, Spacer(1, 2.5 * mm)]
    flags = s.get("red_flags") or []
    if not flags:
        out.append(_p("Warning signs (red flags): none reported.", st["bold"]))
        return out + _negatives(s, st)
    rows = [
        [
            _p("Warning sign", st["bold"]),
            _p("For the clinician", st["bold"]),
            _p("Source", st["bold"]),
        ]
    ]
    for f in flags:
        rows.append(
            [
                Paragraph(
                    f"<b>Check-up: {escape(f['name'])}</b>"  # a review trigger, not a red flag
                    if f.get("kind") == "check_up"
                    else f"<b>⚠ {escape(f['name'])}</b>",
                    st["base"],
                ),
                _p(f.get("clinician_note") or f.get("advice") or "", st["base"]),
                _p(", ".join(f.get("source_labels") or f.get("sources") or []) or "–", st["small"]),
            ]
        )
    t = _table(rows, [WIDTH * 0.32, WIDTH * 0.5, WIDTH * 0.18])
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#b00020"))]))
    out.append(t)
    return out + _negatives(s, st)


def _negatives(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    """Pertinent negatives: the warning-sign questions asked and answered so no rule fires."""
    negs = s.get("pertinent_negatives") or []
    if not s.get("assessment"):
        return []
    if not negs:
        return [_p("Pertinent negatives: no warning-sign question was answered.", st["grey"])]
    items = "; ".join(f"{escape(n['clinical'])}: {escape(str(n['answer']))}" for n in negs)
    return [
        Spacer(1, 1.5 * mm),
        Paragraph(
            f"<b>Pertinent negatives (red flags asked, not present):</b> {items}", st["small"]
        ),
    ]


def _differential(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    diff = s.get("differential") or []
    if not diff:
        return []
    rows: list[list[Any]] = [
        [
            _p("Likely cause", st["bold"]),
            _p("Probability", st["bold"]),
            _p("Answers for (+) and against (−) (weight; evidence: source)", st["bold"]),
        ]
    ]
    for c in diff:
        name = escape(c["clinical_name"])
        if c["clinical_name"] != c["name"]:
            name += f"<br/><font size=7 color='#666666'>{escape(c['name'])}</font>"
        if c.get("check_first"):
            name = "<b>" + name + "</b> <font size=7>(rule out first: red flags)</font>"
        elif c.get("serious"):
            name = "<b>" + name + "</b> <font size=7>(serious)</font>"
        reasons = []
        for sign, group in (("+", c.get("reasons", [])), ("−", c.get("against", []))):
            for r in group:
                src = r.get("evidence") or r.get("citation") or r.get("source") or "estimate"
                what = r.get("clinical") or r.get("question") or ""
                w = f"×{float(r['weight']):.2g}; " if r.get("weight") is not None else ""
                reasons.append(
                    f"{sign} {escape(str(what))}: <b>{escape(str(r.get('answer')))}</b>"
                    f" <font color='#666666'>({escape(w + src)})</font>"
                )
        prob = Table(
            [[_p(percent_text(c["probability"]), st["bold"])], [_Bar(c["probability"])]],
            colWidths=[26 * mm],
        )
        prob.setStyle(
            TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)])
        )
        rows.append(
            [
                Paragraph(name, st["base"]),
                prob,
                Paragraph("<br/>".join(reasons) or "–", st["small"]),
            ]
        )
    return [
        _p("Differential (ranked, top 5)", st["h2"]),
        *(
            [
                _p(
                    "Conditions behind an urgent or emergency call from the red flags are listed "
                    "first, whatever their probability.",
                    st["small"],
                )
            ]
            if any(c.get("check_first") for c in diff)
            else []
        ),
        _table(rows, [WIDTH * 0.3, 29 * mm, WIDTH * 0.7 - 29 * mm]),
    ]


def _questionnaires(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    qs = s.get("questionnaires") or []
    if not qs:
        return [_p("Questionnaires", st["h2"]), _p("None taken yet.", st["grey"])]
    rows: list[list[Any]] = [
        [_p(h, st["bold"]) for h in ("Scale", "Latest", "Result", "Change since first (vs MCID)")]
    ]
    for q in qs:
        change_lines = []
        for c in q.get("changes", []):
            arrow = {"better": "↓ better", "worse": "↑ worse", "no_change": "no change"}[
                c["direction"]
            ]
            verdict = "reaches MCID" if c["reaches_mcid"] else "below MCID"
            est = " (MCID estimated)" if c["mcid_is_estimate"] else ""
            change_lines.append(
                f"{escape(c['name'])}: {c['before']:.3g} → {c['after']:.3g} ({arrow}; "
                f"MCID {c['mcid']:g}: <b>{verdict}</b>{est})"
            )
        if not change_lines and len(q.get("history", [])) > 1:
            change_lines.append(
                " → ".join(escape(h["headline"].split(" (")[0]) for h in q["history"][-4:])
            )
        rows.append(
            [
                _p(q["short_name"], st["bold"]),
                _p(f"{_date(q['taken_at'])} ({len(q.get('history', []))}×)", st["small"]),
                _p(q["headline"], st["base"]),
                Paragraph(
                    "<br/>".join(
                        change_lines or ["First score", *(escape(t) for t in q.get("mcids") or [])]
                    ),
                    st["small"],
                ),
            ]
        )
    return [
        _p("Questionnaires", st["h2"]),
        _table(rows, [WIDTH * 0.13, WIDTH * 0.17, WIDTH * 0.32, WIDTH * 0.38]),
    ]


def _chart_png(s: Mapping[str, Any], folder: Path) -> Path | None:
    """The diary engineer's walking-tolerance chart (report/charts.py), tolerance panel only."""
    tol = (s.get("walking") or {}).get("tolerance") or []
    points = [t for t in tol if t.get("minutes") is not None]
    if len(points) < 2:
        return None
    from backstride.diary.progress import Progress
    from backstride.report.charts import render

    diary = [
        {
            "day": date.fromisoformat(t["day"]),
            "walk_minutes": t["minutes"],
            "onset_minutes": t["minutes"],
            "walk_distance_m": t.get("metres"),
            "symptom_reach": "none" if t.get("symptom_free") else "symptoms",
        }
        for t in points
    ]
    made = None
    if s.get("generated_at"):
        from backstride.timezones import local

        made = local(datetime.fromisoformat(str(s["generated_at"])), _zone(s)).date()
    progress = Progress(diary=diary, walks=[], steps={}, weeks=[])
    return render(progress, folder / "tolerance.png", made=made)


def _walking(s: Mapping[str, Any], st: dict[str, ParagraphStyle], folder: Path) -> list[Any]:
    w = s.get("walking") or {}
    out: list[Any] = [_p("Walking tolerance", st["h2"])]
    facts = []
    labels = {
        "minutes_to_onset": ("Minutes before symptoms", "{:.0f}"),
        "metres_to_onset": ("Metres before symptoms", "{:.0f}"),
        "pain": ("Pain (0-10)", "{:.1f}"),
    }
    for key, (label, fmt) in labels.items():
        t = (w.get("trends") or {}).get(key)
        if t and t.get("direction") == "too_little_data":
            facts.append(f"{label}: {fmt.format(t['last'])} (one diary entry)")
        elif t:
            facts.append(
                f"{label}: {fmt.format(t['first'])} → {fmt.format(t['last'])} "
                f"(<b>{t['direction']}</b>)"
            )
    steps = w.get("steps") or []
    if steps:
        recent = steps[-7:]
        avg = sum(d["steps"] for d in recent) / len(recent)
        facts.append(f"Steps: {avg:,.0f} a day (last {len(recent)} days with a count)")
    if w.get("walks"):
        facts.append(f"{len(w['walks'])} walks recorded by devices")
    if facts:
        out.append(Paragraph(" &nbsp;·&nbsp; ".join(facts), st["base"]))
    png = _chart_png(s, folder)
    if png is not None:
        img = Image(str(png))
        scale = min((WIDTH * 0.92) / img.imageWidth, CHART_MAX_HEIGHT / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        out += [Spacer(1, 1.5 * mm), img]
    elif not facts:
        out.append(_p("No walks logged yet.", st["grey"]))
    return [KeepTogether(out), *_programme(s, st)]


def _programme(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    """The walking programme week by week: what was logged and what the rules did."""
    course = s.get("programme")
    if not course or not course.get("weeks"):
        return []
    out: list[Any] = [
        _p(
            f"Walking programme ({course.get('cause')}), started {course.get('started_on')}",
            st["h2"],
        )
    ]
    rows = [["Week", "From", "Walk days", "Minutes", "Worst pain", "Onset (min)", "Next week"]]
    for w in course["weeks"][-12:]:
        onset = w.get("onset_minutes")
        rows.append(
            [
                str(w["week"]),
                str(w["from"]),
                str(w["walk_days"]),
                f"{w['minutes']:g}",
                f"{w['worst_pain']}/10" + (" flare" if w["flare"] else ""),
                "–" if onset is None else f"{onset:g}",
                w["decision"],
            ]
        )
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (2, 1), (5, -1), "RIGHT"),
            ]
        )
    )
    out += [table, _p(f"Now: {course['current']}", st["base"])]
    return [KeepTogether(out)]


def _plan(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    lines = s.get("plan_lines") or []
    out: list[Any] = [_p("Plan given to the patient (in the words they saw)", st["h2"])]
    if not lines:
        return [*out, _p("No plan stored yet.", st["grey"])]
    out += [_p(f"• {line}", st["base"]) for line in lines]
    pictures = _exercise_pictures(s, st)
    return [KeepTogether(out), *pictures]


def _exercise_pictures(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    """The plan's exercises as small drawings with their names, three to a row."""
    from backstride.report.pictures import drawing

    plan = s.get("plan") or {}
    cells = []
    for ex in (plan.get("exercises") or [])[:6]:
        if not isinstance(ex, Mapping) or not ex.get("id"):
            continue
        d = drawing(str(ex["id"]), 50 * mm)
        if d is not None:
            cells.append([d, _p(str(ex.get("name") or ex["id"]), st["grey"])])
    if not cells:
        return []
    rows: list[list[Any]] = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    table = Table(
        rows,
        colWidths=[58 * mm] * 3,
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)],
    )
    return [Spacer(1, 2 * mm), table]


def _footer_notes(s: Mapping[str, Any], st: dict[str, ParagraphStyle]) -> list[Any]:
    out: list[Any] = [Spacer(1, 3 * mm), _p(s.get("disclaimer") or "", st["italic"])]
    cites = s.get("citations") or {}
    if cites:
        heading = ParagraphStyle("sources", parent=st["bold"], spaceBefore=4)
        entries = [_p(f"[{cid}] {text}", st["grey"]) for cid, text in cites.items()]
        # never a lone heading at the foot of a page
        out.append(KeepTogether([_p("Sources", heading), *entries[:2]]))
        out += entries[2:]
    # the knowledge base's version is in every page's footer (``_numbered_canvas``): a line of
    # its own at the end could spill onto a page with nothing else on it
    return out


# ------------------------------------------------------------------ document


def _numbered_canvas(counter: list[int], kb_version: str = "") -> type[Canvas]:
    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            counter.append(len(self._pages))
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(_FONT, 7)
                self.setFillColor(GREY)
                foot = "Backstride · not a diagnosis · for the treating clinician"
                if kb_version:
                    foot += f" · knowledge base {kb_version}"
                self.drawString(MARGIN, 8 * mm, foot)
                self.drawRightString(
                    A4[0] - MARGIN, 8 * mm, f"Page {self._pageNumber} of {len(self._pages)}"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def build_story(s: Mapping[str, Any], folder: Path) -> list[Any]:
    st = _styles()
    return [
        *_who(s, st),
        *_urgency(s, st),
        *_differential(s, st),
        *_questionnaires(s, st),
        *_walking(s, st, folder),
        *_plan(s, st),
        *_footer_notes(s, st),
    ]


def write_pdf(summary: Mapping[str, Any], path: str | Path) -> int:
    """Write the PDF; returns the number of pages."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    counter: list[int] = []
    with tempfile.TemporaryDirectory(prefix="backstride-pdf-") as folder:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=12 * mm,
            bottomMargin=14 * mm,
            title="Backstride summary for the clinician",
            author="Backstride",
            subject="Walking-related low back pain: urgency, likely causes, scores, plan",
            invariant=True,
        )
        doc.build(
            build_story(summary, Path(folder)),
            canvasmaker=_numbered_canvas(counter, str(summary.get("kb_version") or "")),
        )
    tmp.replace(path)
    return counter[-1] if counter else 0


def pdf_bytes(summary: Mapping[str, Any]) -> bytes:
    """The PDF in memory (for a web download)."""
    with tempfile.TemporaryDirectory(prefix="backstride-pdf-") as folder:
        path = Path(folder) / "summary.pdf"
        write_pdf(summary, path)
        return path.read_bytes()
