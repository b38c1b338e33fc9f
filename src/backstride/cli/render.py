"""Rich rendering of results and knowledge-base entries for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backstride.knowledge.kb import KnowledgeBase

URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold black on dark_orange",
    "doctor": "bold black on yellow",
    "self_care": "bold black on green",
}


def bar(p: float, width: int = 20) -> str:
    filled = round(p * width)
    return "█" * filled + "░" * (width - filled)


def cite(kb: KnowledgeBase, source: str | None, estimate: bool) -> str:
    if estimate or not source:
        return "estimate (no study)"
    c = kb.citations.get(source)
    if c is None:
        return source
    first = c.authors.split(",")[0].split()[0]
    return f"{first} {c.year}"


def urgency_panel(u: dict[str, Any]) -> Panel:
    """The urgency box: its label as the title, the plain advice inside."""
    style = URGENCY_STYLE[u["level"]]
    return Panel(
        Text(u["advice"]),
        title=Text(f" {u['label']} ", style=style),
        border_style=style.split()[-1],
    )


def render_result(
    console: Console, kb: KnowledgeBase, r: dict[str, Any], *, detail: int = 3
) -> None:
    console.print(urgency_panel(r["urgency"]))
    for flag in r["red_flags"]:
        console.print(f"[bold red]Warning sign:[/] {flag['name']}")
    console.print(Text(r["disclaimer"], style="italic"))
    console.print()

    t = Table(title="Likely causes", title_justify="left", show_edge=False)
    t.add_column("Cause")
    t.add_column("Chance", justify="right")
    t.add_column("")
    for c in r["conditions"][:6]:
        name = c["name"] + (" (serious)" if c["serious"] else "")
        t.add_row(name, f"{c['probability']:.0%}", bar(c["probability"]))
    console.print(t)

    for c in r["conditions"][:detail]:
        reasons = [*c["reasons_for"][:4], *c["reasons_against"][:3]]
        if not reasons:
            continue
        t = Table(title=f"Why: {c['name']}", title_justify="left", show_edge=False, expand=True)
        t.add_column("", width=2)
        t.add_column("Question", ratio=3)
        t.add_column("You said", ratio=1)
        t.add_column("Weight", justify="right")
        t.add_column("Source", ratio=1)
        for reason in reasons:
            up = reason["weight"] > 1
            t.add_row(
                Text("+" if up else "-", style="green" if up else "red"),
                reason["question"],
                reason["answer"],
                f"x{reason['weight']:g}",
                cite(kb, reason["source"], reason["estimate"]),
            )
        console.print(t)
    console.print()
    if r.get("would_change"):
        console.print(Text("What would change the picture", style="bold"))
        for s in r["would_change"]:
            console.print(Text(f"  • {s}"))
    if r["factors"]:
        console.print(Text("Things that may add to your pain", style="bold"))
        for f in r["factors"]:
            console.print(Text(f"  • {f['name']}: {f['summary']}"))
    if r["self_tests"]:
        console.print(Text("Self-tests that would sharpen this picture", style="bold"))
        for s in r["self_tests"]:
            console.print(Text(f"  • {s['name']} (backstride selftest {s['id']}): {s['why']}"))
    console.print(
        Panel(Text(r["safety_net"]), title="Safety net: when to get help", border_style="red")
    )
    render_next_steps(console, r)


def render_next_steps(console: Console, r: dict[str, Any]) -> None:
    """The two or three things to do next (never a dead end)."""
    from backstride.plan.next_steps import next_steps

    console.print(Text("What to do next", style="bold"))
    for i, step in enumerate(next_steps(r, r), 1):
        line = Text(f"  {i}. {step.text}")
        if step.command:
            line.append(f"  Run: {step.command}", style="bold")
        console.print(line)


def render_condition_card(console: Console, kb: KnowledgeBase, cid: str) -> None:
    c = kb.conditions[cid]
    body = [
        Text(
            f"{c.clinical_name} · category: {c.category} · if suspected: {c.urgency.replace('_', ' ')}"
        ),
        Text(""),
        Text(c.summary),
        Text(""),
        Text("Typical story: ", style="bold") + Text(c.card.typical_story),
    ]
    if c.card.nearly_always:
        body.append(Text("Nearly always: ", style="bold") + Text("; ".join(c.card.nearly_always)))
    if c.card.nearly_never:
        body.append(Text("Nearly never: ", style="bold") + Text("; ".join(c.card.nearly_never)))
    if c.helps:
        body.append(Text("What helps: ", style="bold") + Text("; ".join(c.helps)))
    prior = cite(kb, c.prior.source, c.prior.is_estimate)
    body.append(
        Text(f"Starting chance: {c.prior.value:.1%} of people with low back pain ({prior})")
    )
    console.print(Panel(Group(*body), title=c.name))

    t = Table("Finding", "Answer", "Weight", "Published", "Population", "Source", title="Evidence")
    j = kb.condition_ids.index(cid)
    for (fid, cond), ev in kb.evidence.items():
        if cond != cid:
            continue
        state = ev.when[0]
        w = float(kb.likelihood[kb.row[(fid, state)], j] / kb.base[kb.row[(fid, state)]])
        pub = ", ".join(
            f"{k} {v:g}"
            for k, v in (
                ("sens", ev.sens),
                ("spec", ev.spec),
                ("LR+", ev.lr_pos),
                ("LR-", ev.lr_neg),
            )
            if v is not None
        )
        t.add_row(
            fid,
            "/".join(ev.when),
            f"x{w:.2f}",
            pub,
            ev.population,
            cite(kb, ev.source, ev.is_estimate),
        )
    console.print(t)
    from backstride.engine.questions import LEADING_PROBABILITY, key_question_scores, key_questions

    keys = key_questions(kb)[cid]
    if keys:
        scores = key_question_scores(kb)[cid]
        console.print(
            Text(
                f"Key questions (asked before the interview stops while this cause is "
                f"{LEADING_PROBABILITY:.0%} or more; expected |log LR| against the other causes)",
                style="bold",
            )
        )
        for fid in keys:
            console.print(Text(f"  {fid} ({scores[fid]:.2f}): {kb.findings[fid].question}"))
    used = sorted(
        {ev.source for (f, cond), ev in kb.evidence.items() if cond == cid and ev.source}
        | ({c.prior.source} if c.prior.source else set())
    )
    console.print(Text("Sources", style="bold"))
    for s in used:
        ref = kb.citations[s]
        loc = f"doi:{ref.doi}" if ref.doi else ref.url or f"PMID {ref.pmid}"
        console.print(
            Text(f"  [{s}] {ref.authors} ({ref.year}). {ref.title}. {ref.journal or ''} {loc}")
        )


def render_finding(console: Console, kb: KnowledgeBase, fid: str) -> None:
    f = kb.findings[fid]
    t = Table("Condition", "Answer", "Weight", "Source")
    for (ef, cid), ev in kb.evidence.items():
        if ef == fid:
            j = kb.condition_ids.index(cid)
            r = kb.row[(fid, ev.when[0])]
            t.add_row(
                cid,
                "/".join(ev.when),
                f"x{kb.likelihood[r, j] / kb.base[r]:.2f}",
                cite(kb, ev.source, ev.is_estimate),
            )
    console.print(
        Panel(
            Group(
                Text(f.question), Text(f"{f.clinical} · {f.type} · states: {', '.join(f.states)}")
            ),
            title=fid,
        )
    )
    console.print(t)
