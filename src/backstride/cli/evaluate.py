"""`backstride evaluate DIR`: accuracy and triage safety on published cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def evaluate(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder of case files (e.g. benchmarks/vignettes)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
) -> None:
    """Score Backstride on clinical cases: top-1/top-3, urgency safety, calibration, interview length."""
    from rich.console import Console
    from rich.table import Table

    from backstride.cli.common import print_json
    from backstride.evaluation import evaluate as run
    from backstride.knowledge import load_kb

    report: dict[str, Any] = run(load_kb(), directory)
    if json_out:
        print_json(report)
        return
    console = Console()
    sets = [(n, s) for n, s in report["splits"].items() if n != "all"] + [("all", report)]
    t = Table(title=f"Backstride on {report['cases']} published cases (kb {report['kb_version']})")
    t.add_column("measure")
    for name, _ in sets:
        t.add_column(name, justify="right")
    measures = [
        ("cases", lambda s: str(s["cases"])),
        ("top-1", lambda s: _pct(s["top1"])),
        ("top-3", lambda s: _pct(s["top3"])),
        ("cases with 8+ answers", lambda s: str(s["rich_cases"]["cases"])),
        ("  their top-3", lambda s: _pct(s["rich_cases"]["top3"])),
        ("mean rank", lambda s: f"{s['mean_rank']:.2f}"),
        ("top-1 by chance alone", lambda s: _pct(s["by_chance"]["top1"])),
        ("top-3 by chance alone", lambda s: _pct(s["by_chance"]["top3"])),
        ("Brier score", lambda s: f"{s['brier']:.3f}"),
        ("urgency exact", lambda s: _pct(s["urgency_exact"])),
        ("under-triage", lambda s: _pct(s["under_triage"])),
        ("emergencies missed", lambda s: str(s["emergency_missed"])),
        ("self-care over-triaged", lambda s: _pct(s["selfcare_over_triage"])),
        ("  with unstated warnings 'no'", lambda s: _pct(s["selfcare_over_triage_screened"])),
        ("median questions", lambda s: str(s["interview"]["median_questions"])),
        ("top-1 after interview", lambda s: _pct(s["interview"]["top1"])),
        ("top-3 after interview", lambda s: _pct(s["interview"]["top3"])),
    ]
    for label, cell in measures:
        t.add_row(label, *(cell(s) for _, s in sets))
    console.print(t)
    if report["under_triaged_cases"]:
        console.print("[bold red]Under-triaged cases[/]")
        for c in report["under_triaged_cases"]:
            console.print(f"  {c['id']}: expected {c['expected']}, got {c['got']}")
    pc = Table("condition", "cases", "top-1", "top-3", "mean P(true)", title="Per condition")
    for cid, s in report["per_condition"].items():
        pc.add_row(
            cid, str(s["cases"]), _pct(s["top1"]), _pct(s["top3"]), f"{s['mean_probability']:.2f}"
        )
    console.print(pc)
    lb = report["lower_bound"]
    console.print(
        f"Information bound: prior entropy {lb['prior_entropy_bits']} bits -> at least "
        f"{lb['adaptive_questions_lower_bound']} adaptive questions on average, plus "
        f"{lb['mandatory_screen_questions']} mandatory screen questions."
    )


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
