"""Rich rendering of results and knowledge-base entries for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backstride.engine.cards import condition_card
from backstride.knowledge.cells import basis_text, positive_states, published_text
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import StudyCell
from backstride.words import count

URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold black on dark_orange",
    "doctor": "bold black on yellow",
    "self_care": "bold black on green",
}


def bar(p: float, width: int = 20) -> str:
    filled = round(p * width)
    return "█" * filled + "░" * (width - filled)


def cite(kb: KnowledgeBase, source: str | None, estimate: bool, kind: str | None = None) -> str:
    if estimate or not source:
        return "estimate (no study)"
    c = kb.citations.get(source)
    if c is None:
        return source
    return c.short_label + (" (description)" if kind == "description" else "")


def reason_source(kb: KnowledgeBase, reason: dict[str, Any]) -> str:
    """Who says so and of what kind, in plain words (the figures are in ``kb show``)."""
    kind = reason.get("kind") or ("estimate" if reason["estimate"] else "study")
    parts = reason.get("sources") or []
    if parts:  # split by sub-type: each part's source, the rest estimates
        labels = dict.fromkeys(cite(kb, s, False) for s in parts)  # one author's two pages: once
        text = "differs by type of cause: " + ", ".join(labels)
        return text + (" and our estimate" if kind == "estimate" else "")
    if kind == "estimate" or not reason["source"]:
        return "our estimate"
    text = cite(kb, reason["source"], False)
    return text + (" (study)" if kind == "study" else " (medical description)")


def weight_text(weight: float) -> str:
    """How much an answer shifts a cause, in words a patient can read."""
    if weight >= 1:
        return f"{weight:.1f}× more likely"
    return f"{1 / weight:.1f}× less likely"


#: how a cause listed first for a warning sign is marked, and the line above such a list
CHECK_FIRST_NOTE = "check first: your warning signs point to it"
CHECK_FIRST_LINE = (
    "Listed first: the causes your warning signs point to. They may not be the most likely, "
    "but a doctor needs to rule them out first. The others follow in order of their chance."
)


def serious_note(c: dict[str, Any]) -> str:
    """A serious cause is flagged for a doctor only once its chance reaches its act_at; a
    cause listed first for a warning sign says so whatever its chance."""
    if c.get("check_first"):
        return f" ({CHECK_FIRST_NOTE})"
    if not c.get("serious"):
        return ""
    act_at = c.get("act_at")
    if act_at is None:  # a result saved before act_at was stored: say no more than we know
        return " (serious)"
    if c["probability"] >= act_at:
        return " (serious: needs a doctor to rule out)"
    return " (serious, but unlikely for you)"


def urgency_panel(u: dict[str, Any], body: Any = None) -> Panel:
    """The urgency box: its label as the title, the plain advice (or ``body``) inside."""
    style = URGENCY_STYLE[u["level"]]
    return Panel(
        Text(u["advice"]) if body is None else body,
        title=Text(f" {u['label']} ", style=style),
        border_style=style.split()[-1],
    )


def render_result(
    console: Console, kb: KnowledgeBase, r: dict[str, Any], *, detail: int = 3
) -> None:
    """The result in the order a patient needs it: how urgently to get care and what to do
    next (each piece of advice once), the warning signs, the likely causes, then the reasons
    with their weights and sources, the safety net and the not-a-diagnosis line."""
    console.print(urgency_panel(r["urgency"], next_steps_text(r)))
    for flag in r["red_flags"]:
        if flag.get("kind", "warning_sign") == "warning_sign":
            console.print(f"[bold red]Warning sign:[/] {flag['name']}")
        else:
            console.print(f"[bold]Worth a check-up:[/] {flag['name']}")
    console.print()

    if any(c.get("check_first") for c in r["conditions"]):
        console.print(Text(CHECK_FIRST_LINE))
    t = Table(title="Likely causes", title_justify="left", show_edge=False)
    t.add_column("Cause")
    t.add_column("Chance", justify="right")
    t.add_column("")
    for c in r["conditions"][:6]:
        name = c["name"] + serious_note(c)
        t.add_row(name, f"{c['probability']:.0%}", bar(c["probability"]))
    console.print(t)
    console.print()

    for c in r["conditions"][:detail]:
        reasons = [*c["reasons_for"][:4], *c["reasons_against"][:3]]
        if not reasons:
            continue
        t = Table(title=f"Why: {c['name']}", title_justify="left", show_edge=False, expand=True)
        t.add_column("", width=2)
        t.add_column("Question", ratio=3)
        t.add_column("You said", ratio=1)
        t.add_column("Makes it", justify="right", no_wrap=True)
        for reason in reasons:
            up = reason["weight"] > 1
            # the source goes under its question, where it has room: in a column of its own
            # an 80-column terminal gave it a word a line and cut 'medical description' short
            question = Text(reason["question"])
            question.append(f"\nSource: {reason_source(kb, reason)}", style="dim")
            t.add_row(
                Text("+" if up else "-", style="green" if up else "red"),
                question,
                reason["answer"],
                weight_text(reason["weight"]),
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
    console.print(Text(r["disclaimer"], style="italic"))


def next_steps_text(r: dict[str, Any]) -> Group:
    """'What to do next': the two or three steps (never a dead end), for inside the urgency box.

    The box's title already names the level, so a first step that only restates it ('Book a
    check-up.', 'Get help now.') before the advice gives the advice alone: said once.
    """
    from backstride.plan.next_steps import next_steps

    steps = Table.grid(padding=(0, 1))
    steps.add_column(justify="right", no_wrap=True)
    steps.add_column()  # a long step wraps under its own words, not under its number
    advice = (r.get("urgency") or {}).get("advice") or ""
    for i, step in enumerate(next_steps(r, r), 1):
        words = step.text
        if advice and words.endswith(advice):
            words = advice  # the title above says 'Book an appointment ...' already
        line = Text(words)
        if step.command:
            line.append(f"  Run: {step.command}", style="bold")
        steps.add_row(f"{i}.", line)
    return Group(Text("What to do next", style="bold"), steps)


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
    card = condition_card(kb, cid)
    for title, items in (
        ("Nearly always", card["nearly_always"]),
        ("Nearly never", card["nearly_never"]),
    ):
        body.append(Text(f"{title} (from the evidence table): ", style="bold"))
        if not items:
            body.append(Text("  none yet that sets it apart from the other causes"))
        for a in items:
            src = (
                f"{a['kind']}: {a['published']} ({cite(kb, a['source'], False, a['kind'])})"
                if a["source"]
                else "estimate (reason in the evidence table below)"
            )
            body.append(
                Text(f'  "{a["question"]}" - {a["answer"]}  ')
                + Text(
                    f"{a['probability']:.0%} with this cause, x{a['weight']:.2g} against the "
                    f"others; {a['clinical']}; {src}",
                    style="dim",
                )
            )
    if c.helps:
        body.append(Text("What helps: ", style="bold") + Text("; ".join(c.helps)))
    r = card["rarity"]
    prior = cite(kb, c.prior.source, c.prior.is_estimate)
    bands = "; ".join(
        f"{b['age']}: men {b['male']:.2%}, women {b['female']:.2%}" for b in r["by_age_sex"]
    )
    body.append(
        Text("How rare: ", style="bold") + Text(f"{r['words']} ({r['share']:.2%}, {prior})")
    )
    body.append(Text(f"  by age and sex: {bands}", style="dim"))
    body.append(Text("How urgent: ", style="bold") + Text(card["urgency"]["words"]))
    console.print(Panel(Group(*body), title=c.name))

    t = Table(
        "Finding",
        "Answer",
        "Weight",
        "Kind",
        "Published",
        "Applied (study contrast)",
        "Source / reason",
        title="Evidence (weight = P(answer | this cause) / P(answer | all other causes))",
    )
    j = kb.condition_ids.index(cid)
    fid_of = {(fi.finding, fi.condition): fi for fi in kb.fidelity}
    for (fid, cond), ev in kb.evidence.items():
        if cond != cid:
            continue
        state = positive_states(ev, kb.findings[fid]) or kb.findings[fid].states[:1]
        rows = [kb.row[(fid, st)] for st in state]
        p_t = float(kb.likelihood[rows, j].sum())
        rest = float((kb.base[rows].sum() - kb.base_prior[j] * p_t) / (1 - kb.base_prior[j]))
        fi = fid_of.get((fid, cid))
        applied = ""
        if fi is not None:
            applied = ", ".join(
                f"{k} {a:.2f}"
                for k, pub, a in (
                    ("LR+", fi.published_pos, fi.applied_pos),
                    ("LR-", fi.published_neg, fi.applied_neg),
                )
                if pub is not None
            ) + (" ok" if fi.ok else " OUTSIDE x1.5")
        pub = published_text(ev) or ""
        if isinstance(ev, StudyCell):
            lp, ln = ev.published_lrs()
            extra = ", ".join(
                f"{k} {v:.2f}" for k, v in (("LR+", lp), ("LR-", ln)) if v is not None
            )
            pub = f"{pub} ({extra})" if extra and ev.lr_pos is None else pub
        t.add_row(
            fid,
            "/".join(state),
            f"x{p_t / rest:.2f}",
            ev.kind,
            pub,
            applied,
            cite(kb, ev.source, ev.is_estimate, ev.kind) if ev.source else basis_text(ev),
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
            Text(
                f"  [{s}] {ref.authors} ({ref.year_label}). {ref.title}. {ref.journal or ''} {loc}"
            )
        )


def render_finding(console: Console, kb: KnowledgeBase, fid: str) -> None:
    f = kb.findings[fid]
    t = Table("Condition", "Answer", "P(answer | cause)", "Weight", "Kind", "Source / reason")
    for (ef, cid), ev in kb.evidence.items():
        if ef == fid:
            j = kb.condition_ids.index(cid)
            state = positive_states(ev, f) or f.states[:1]
            rows = [kb.row[(fid, s)] for s in state]
            t.add_row(
                cid,
                "/".join(state),
                f"{kb.likelihood[rows, j].sum():.3f}",
                f"x{kb.weight_vs_rest[rows[0], j]:.2f}" if len(rows) == 1 else "",
                ev.kind,
                cite(kb, ev.source, ev.is_estimate, ev.kind) if ev.source else basis_text(ev),
            )
    derived = ", ".join(f"{s} {kb.base[kb.row[(fid, s)]]:.3f}" for s in f.states)
    console.print(
        Panel(
            Group(
                Text(f.question),
                Text(f"{f.clinical} · {f.type} · states: {', '.join(f.states)}"),
                Text(f"Reference P(answer), derived from the priors and the cells: {derived}")
                if f.cluster is None
                else Text(
                    f"A published cluster ({f.cluster.source}), worked out from "
                    f"{len(f.cluster.items)} items and never asked; applied only for the "
                    "conditions with a cell below, in place of multiplying its items."
                ),
            ),
            title=fid,
        )
    )
    console.print(t)


def render_citation(console: Console, kb: KnowledgeBase, cid: str, uses: list[Any]) -> None:
    """A citation and every place in the data that names it (found, not taken from its note)."""
    c = kb.citations[cid]
    where = (c.doi and f"doi:{c.doi}") or c.url or (c.pmid and f"PubMed {c.pmid}") or ""
    lines = [
        Text(f"{c.authors} ({c.year or f'read {c.accessed}'})"),
        Text(c.title),
        Text(" · ".join(x for x in (c.journal, c.kind, where) if x)),
    ]
    if c.note:
        lines.append(Text(f"Note: {c.note}", style="dim"))
    console.print(Panel(Group(*lines), title=f"{cid} · {c.short_label}"))
    if not uses:
        console.print(
            "No data file names this citation as a source or in a note. It may still be cited "
            "by name in a sentence, or in code (the questionnaire scoring)."
        )
        return
    t = Table("Where", "Item", "How", title=f"Named in {count(len(uses), 'place')}")
    for u in uses:
        t.add_row(u.place, u.label, "mentioned in a note or reason" if u.in_text else "source")
    console.print(t)
