"""Render a :class:`~backstride.plan.build.Plan` as Markdown (the terminal shows it with Rich)."""

from __future__ import annotations

from backstride.plan.build import TOPIC_TITLES, Evidence, Plan, PlanAdvice

URGENCY_HEADINGS = {
    "emergency": "EMERGENCY: get help now",
    "urgent": "See a doctor today or within a few days",
    "doctor": "Book a check-up with a doctor or physio",
    "self_care": "You can start looking after this yourself",
}


def _evidence_line(e: Evidence | None, sources: dict[str, str]) -> str:
    if e is None:
        return ""
    refs = ", ".join(_short(sources.get(s, s)) for s in e.sources)
    return f"*How sure are we?* {e.label}. {e.summary}" + (f" ({refs})" if refs else "")


def _short(label: str) -> str:
    """'Hayden et al. (2021) Title...' -> 'Hayden et al. 2021'."""
    if ") " not in label:
        return label
    return label.split(") ", 1)[0].replace(" (", " ")


def _advice_md(a: PlanAdvice, sources: dict[str, str]) -> list[str]:
    out = [f"**{a.title}**", "", a.text]
    out += [f"- {t}" for t in a.tips]
    ev = _evidence_line(a.evidence, sources)
    if ev:
        out += ["", ev]
    out.append("")
    return out


def summary_heading(n: int) -> str:
    """The summary's heading, true to how many things it holds."""
    if n == 1:
        return "The most important thing"
    return f"Your {'two' if n == 2 else 'three'} most important things"


def _summary_md(plan: Plan) -> list[str]:
    md = [f"## {summary_heading(len(plan.summary))}", ""]
    for i, k in enumerate(plan.summary, 1):
        md += [f"{i}. **{k.title}.** {k.text}"]
        ev = _evidence_line(k.evidence, plan.sources)
        if ev:
            md += [f"   {ev}"]
    md.append("")
    return md


def summary_markdown(plan: Plan) -> str:
    """The one-screen plan: what matters most, the safety net in one line, and how to see more."""
    level = plan.urgency.get("level", "self_care")
    md: list[str] = ["# Your back plan", ""]
    md += [f"**{URGENCY_HEADINGS.get(level, '')}**", ""]
    md += _summary_md(plan)
    if plan.emergency:
        md += [
            "Self-care is for later, once you have been checked.",
            "",
            f"*{plan.disclaimer}*",
            "",
        ]
        return "\n".join(md)
    urgent = [a for a in plan.safety_net if a.urgency == "emergency"]
    if urgent:
        tip = urgent[0].tips[0].rstrip(".")
        md += [
            f"**Get help at once if** {tip[:1].lower()}{tip[1:]}. "
            "The full plan lists all the warning signs.",
            "",
        ]
    parts = [f"{len(plan.exercises)} exercises"]
    if plan.walking:
        parts.append("your walking programme")
    parts.append("everyday habits")
    md += [
        f"The full plan has {', '.join(parts)} and what to expect. "
        "See it with `backstride plan --full`.",
        "",
        f"*{plan.disclaimer}*",
        "",
    ]
    return "\n".join(md)


def to_markdown(plan: Plan, *, with_sources: bool = True) -> str:
    level = plan.urgency.get("level", "self_care")
    md: list[str] = ["# Your back plan", ""]
    if plan.summary:
        md += _summary_md(plan)
    md += [f"## 1. What to do now: {URGENCY_HEADINGS.get(level, '')}", ""]
    md += [*plan.now, ""]
    advice = plan.urgency.get("advice", "")
    for r in plan.red_flags:
        extra = "" if not r["advice"] or r["advice"] in advice else f": {r['advice']}"
        md += [f"- **Why:** {r['name']}{extra}"]
    if plan.red_flags:
        md.append("")
    if plan.emergency:
        md += [f"*{plan.disclaimer}*", ""]
        return "\n".join(md)

    if plan.safety_net:
        md += ["### Safety net: when to get help, and how fast", ""]
        for a in plan.safety_net:
            md += _advice_md(a, plan.sources)

    if plan.likely:
        md += ["### What your plan is built around", ""]
        for c in plan.likely:
            p = c.get("probability")
            pct = f" (about {round(float(p) * 100)} in 100)" if p is not None else ""
            md.append(f"- {c['name']}{pct}")
        md.append("")

    md += ["## 2. Exercises", ""]
    if plan.exercise_note:
        md += [plan.exercise_note, ""]
    for i, e in enumerate(plan.exercises, 1):
        md += [f"### 2.{i} {e.name}", "", e.why, ""]
        md += [f"{n}. {s}" for n, s in enumerate(e.steps, 1)]
        md += [
            "",
            f"- **How much:** {e.dose}",
            f"- **How it should feel:** {e.should_feel}",
            f"- **Avoid:** {e.avoid}",
            f"- **Next step:** {e.progression}",
            f"- **Why it is in your plan:** {'; '.join(e.chosen_because)}.",
            "",
            _evidence_line(e.evidence, plan.sources),
            "",
        ]

    md += ["## 3. Walking and everyday habits", ""]
    if plan.walking:
        w = plan.walking
        md += [
            "### Your walking programme",
            "",
            w["reason"],
            "",
            f"**{w['summary']}**",
            "",
            w["rest"],
            "",
            w.get("when_pain") or "",
            "",
        ]
        target = (
            f"The goal is about {w['target_session_minutes']:g} minutes a session, "
            f"{w['target_sessions_per_week']} times a week."
        )
        md += [
            target,
            "Each week, log your walks. If the week went well (pain stayed within the limit and "
            "settled within a day), the next week is a little longer. If it was borderline, "
            "repeat the week. After a flare-up, step back a little.",
            "",
        ]
    topic = None
    for a in plan.habits:
        if a.topic != topic:
            topic = a.topic
            md += [f"### {TOPIC_TITLES[topic]}", ""]
        md += _advice_md(a, plan.sources)

    md += ["## 4. Good to know", ""]
    for c in plan.education:
        md += [f"### {c.title}", "", c.text, ""]
        ev = _evidence_line(c.evidence, plan.sources)
        if ev:
            md += [ev, ""]

    if plan.options:
        md += [
            f"## 5. {TOPIC_TITLES['professional']}",
            "",
            "These are things to talk over with a doctor, physio or pharmacist. Backstride does not recommend doses.",
            "",
        ]
        for a in plan.options:
            md += _advice_md(a, plan.sources)

    if with_sources and plan.sources:
        md += ["## Sources", ""]
        md += [f"- `{cid}`: {label}" for cid, label in plan.sources.items()]
        md.append("")
    md += [f"*{plan.disclaimer}*", ""]
    return "\n".join(md)
