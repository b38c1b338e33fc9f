"""`backstride kb ...`: check, list and show the knowledge base."""

from __future__ import annotations

from pathlib import Path

import typer

from backstride.words import count

kb_app = typer.Typer(
    help="Check and browse the knowledge base (conditions, findings, evidence).",
    no_args_is_help=True,
)


@kb_app.command("check")
def check(
    data: Path | None = typer.Option(
        None, help="Check another data directory instead of the packaged one."
    ),
) -> None:
    """Validate every data file and cross-reference; exit 1 on any problem."""
    from rich.console import Console

    from backstride.errors import KnowledgeBaseError
    from backstride.knowledge.loader import load_kb

    console = Console()
    try:
        kb = load_kb(data)
    except KnowledgeBaseError as err:
        console.print(f"[bold red]Knowledge base: {count(len(err.problems), 'problem')}[/]")
        for p in err.problems:
            console.print(f"  - {p}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    from backstride.knowledge.selftests import load_selftests
    from backstride.pictures import problems as picture_problems
    from backstride.plan.data import load_plan_data

    ids = [e.id for e in load_plan_data().exercises] + [t.id for t in load_selftests()]
    bad = picture_problems(ids)
    if bad:
        console.print(f"[bold red]Pictures: {count(len(bad), 'problem')}[/]")
        for p in bad:
            console.print(f"  - {p}", markup=False, highlight=False)
        raise typer.Exit(1)
    from collections import Counter

    kinds = Counter(e.kind for e in kb.evidence.values())
    unfilled = sum(1 for e in kb.evidence.values() if getattr(e, "why", "").startswith("unfilled:"))
    console.print(
        f"[green]OK[/] knowledge base {kb.version}: {len(kb.conditions)} conditions, "
        f"{len(kb.findings)} findings, {len(kb.evidence)} evidence cells "
        f"({kinds['study']} study, {kinds['description']} description, {kinds['estimate']} "
        f"estimate, of which {unfilled} unfilled), {len(kb.red_flags)} red-flag "
        f"rules, {len(kb.factors)} contributing factors, {len(kb.citations)} citations. "
        f"Fidelity: {sum(fi.ok for fi in kb.fidelity)} of {len(kb.fidelity)} study cells with a "
        f"published LR apply it within x1.5 in the study's contrast. "
        f"Pictures: {len(ids)} exercises and self-tests, each with one."
    )


def kb_stats(kb) -> dict:
    """Counts of cells by kind, per condition, and the fidelity check (issue 13)."""
    from collections import Counter

    def unfilled(e) -> bool:
        return getattr(e, "why", "").startswith("unfilled:")

    cells = list(kb.evidence.items())
    kinds = Counter(e.kind for _, e in cells)
    per = {}
    for cid in kb.conditions:
        mine = [e for (f, c), e in cells if c == cid]
        per[cid] = {
            "cells": len(mine),
            "filled": sum(not unfilled(e) for e in mine),
            "study": sum(e.kind == "study" for e in mine),
            "description": sum(e.kind == "description" for e in mine),
            "estimate": sum(e.kind == "estimate" for e in mine),
            "unfilled": sum(unfilled(e) for e in mine),
        }
    return {
        "kb_version": kb.version,
        "cells": len(cells),
        "cells_filled": sum(not unfilled(e) for _, e in cells),
        "by_kind": {k: kinds.get(k, 0) for k in ("study", "description", "estimate")},
        "unfilled": sum(unfilled(e) for _, e in cells),
        "distinct_studies": len(
            {
                src
                for _, e in cells
                for part in getattr(e, "variants", {"": e}).values()
                if part.kind == "study" and (src := part.source)
            }
        ),
        "split_cells": {
            f"{c}/{f}": {v: part.kind for v, part in e.variants.items()}
            for (f, c), e in cells
            if getattr(e, "variants", None)
        },
        # a split cell counts above as its weakest part; its parts by kind, counted apart
        "split_parts_by_kind": {
            k: sum(
                part.kind == k
                for _, e in cells
                for part in (getattr(e, "variants", None) or {}).values()
            )
            for k in ("study", "description", "estimate")
        },
        "per_condition": per,
        "fidelity": {
            "checked": len(kb.fidelity),
            "within_1_5": sum(fi.ok for fi in kb.fidelity),
            "cells": [
                {
                    "finding": fi.finding,
                    "condition": fi.condition,
                    "study": fi.study,
                    "vs": list(fi.vs),
                    "kind": kb.evidence[(fi.finding, fi.condition)].kind,
                    "population": getattr(
                        kb.evidence[(fi.finding, fi.condition)], "population", None
                    ),
                    "published_lr_pos": fi.published_pos,
                    "applied_lr_pos": round(fi.applied_pos, 3),
                    "published_lr_neg": fi.published_neg,
                    "applied_lr_neg": round(fi.applied_neg, 3),
                    "ok": fi.ok,
                }
                for fi in kb.fidelity
            ],
        },
    }


@kb_app.command("stats")
def stats(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """How complete and how well sourced the evidence table is."""
    from backstride.cli.common import print_json
    from backstride.knowledge import load_kb
    from backstride.knowledge.uses import all_uses

    kb = load_kb()
    data = kb_stats(kb)
    uses = all_uses(kb, sourced_data())
    data["citations"] = {
        "total": len(uses),
        "as_source": sum(any(not u.in_text for u in us) for us in uses.values()),
        "only_in_text": sorted(c for c, us in uses.items() if us and all(u.in_text for u in us)),
        "named_by_no_data_file": sorted(c for c, us in uses.items() if not us),
    }
    if json_out:
        print_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"{data['cells']} cells, {data['cells_filled']} filled ({data['unfilled']} unfilled); "
        f"by kind: {data['by_kind']}; {data['distinct_studies']} distinct studies; fidelity: "
        f"{data['fidelity']['within_1_5']} of {data['fidelity']['checked']} within x1.5. "
        f"Split cells ({len(data['split_cells'])}, each counted as its weakest part) hold "
        f"parts by kind: {data['split_parts_by_kind']}. Citations: "
        f"{data['citations']['total']}, {data['citations']['as_source']} named as a source, "
        f"{len(data['citations']['only_in_text'])} only in a note, "
        f"{len(data['citations']['named_by_no_data_file'])} by no data file "
        "(`kb show CITATION` lists where one is used)."
    )
    t = Table("condition", "cells", "filled", "study", "description", "estimate", "unfilled")
    for cid, d in data["per_condition"].items():
        t.add_row(
            cid,
            *(
                str(d[k])
                for k in ("cells", "filled", "study", "description", "estimate", "unfilled")
            ),
        )
    console.print(t)


@kb_app.command("list")
def list_(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List conditions and findings with their ids, questions and answer types."""
    from backstride.cli.common import print_json
    from backstride.knowledge import load_kb

    kb = load_kb()
    data = {
        "kb_version": kb.version,
        "conditions": [
            {
                "id": c.id,
                "name": c.name,
                "clinical_name": c.clinical_name,
                "category": c.category,
                "urgency": c.urgency,
                "serious": c.serious,
            }
            for c in kb.conditions.values()
        ],
        "findings": [
            {
                "id": f.id,
                "question": f.question,
                "type": f.type,
                "topic": f.topic,
                "asked": f.ask,
                "screen": f.screen,
                "answers": (
                    ["yes", "no", "unknown"]
                    if f.type == "boolean"
                    else [o.id for o in f.options] + ["unknown"]
                    if f.type == "choice"
                    else {"unit": f.number.unit, "min": f.number.min, "max": f.number.max}
                    if f.number
                    else None
                ),
            }
            for f in kb.findings.values()
        ],
    }
    if json_out:
        print_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table("id", "condition", "category", "urgency", title="Conditions")
    for c in data["conditions"]:
        t.add_row(c["id"], c["name"], c["category"], c["urgency"])
    console.print(t)
    t = Table("id", "type", "question", title="Findings")
    for f in data["findings"]:
        t.add_row(f["id"], f["type"], f["question"])
    console.print(t)


@kb_app.command("show")
def show(
    item_id: str = typer.Argument(..., metavar="ID", help="A condition, finding or citation id."),
) -> None:
    """Show a condition card with its evidence table and sources, a finding, or a citation
    with every place that uses it."""
    from rich.console import Console

    from backstride.cli.render import render_citation, render_condition_card, render_finding
    from backstride.errors import UnknownIdError
    from backstride.knowledge import load_kb
    from backstride.knowledge.uses import citation_uses

    kb = load_kb()
    console = Console()
    if item_id in kb.conditions:
        render_condition_card(console, kb, item_id)
    elif item_id in kb.findings:
        render_finding(console, kb, item_id)
    elif item_id in kb.citations:
        render_citation(console, kb, item_id, citation_uses(kb, item_id, sourced_data()))
    else:
        raise UnknownIdError(
            "knowledge-base id", item_id, [*kb.conditions, *kb.findings, *kb.citations]
        )


def sourced_data() -> list:
    """Plan items and self-tests, as (place, id, model), for finding where citations are used."""
    from backstride.knowledge.selftests import load_selftests
    from backstride.plan.data import load_plan_data

    d = load_plan_data()
    plan = [("plan", i.id, i) for i in [*d.exercises, *d.advice, *d.education]]
    return plan + [("self-test", t.id, t) for t in load_selftests()]


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
