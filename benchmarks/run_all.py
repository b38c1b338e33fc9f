"""Print the accuracy, triage and speed tables for BENCHMARKS.md.

Run: .venv/bin/python benchmarks/run_all.py > /tmp/bench.md
"""

from __future__ import annotations

import datetime
import json
import platform
import subprocess
import sys
from pathlib import Path

from backstride.evaluation import evaluate
from backstride.knowledge import load_kb

ROOT = Path(__file__).resolve().parent


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def accuracy_tables(report: dict) -> str:
    rows = [
        "| set | cases | top-1 | top-3 | mean rank | Brier | urgency exact | under-triage | "
        "emergencies missed | self-care over-triaged | median questions | max questions | "
        "top-1 after interview | top-3 after interview |",
        "|" + "---|" * 14,
    ]
    for name in ("heldout", "tuning"):
        s = report["splits"].get(name)
        if not s:
            continue
        i = s["interview"]
        rows.append(
            f"| {name} | {s['cases']} | {pct(s['top1'])} | {pct(s['top3'])} | {s['mean_rank']} | "
            f"{s['brier']} | {pct(s['urgency_exact'])} | {pct(s['under_triage'])} | "
            f"{s['emergency_missed']} | {pct(s['selfcare_over_triage'])} | {i['median_questions']} | "
            f"{i['max_questions']} | {pct(i['top1'])} | {pct(i['top3'])} |"
        )
    out = ["\n".join(rows), ""]
    for name in ("heldout", "tuning"):
        s = report["splits"].get(name)
        if not s:
            continue
        out.append(f"**Urgency by level ({name})**\n")
        out.append("| expected level | cases | exact | under | over |\n|---|---|---|---|---|")
        for lvl, v in s["by_urgency"].items():
            out.append(
                f"| {lvl} | {v['cases']} | {pct(v['exact'])} | {pct(v['under'])} | {pct(v['over'])} |"
            )
        out.append("")
        out.append(
            f"Under-triaged ({name}): "
            + (
                ", ".join(
                    f"{c['id']} (expected {c['expected']}, got {c['got']})"
                    for c in s["under_triaged_cases"]
                )
                or "none"
            )
        )
        out.append("")
    out.append("**Per condition (all cases, all answers given)**\n")
    out.append("| condition | cases | top-1 | top-3 | mean P(true) |\n|---|---|---|---|---|")
    for cid, v in report["per_condition"].items():
        out.append(
            f"| {cid} | {v['cases']} | {pct(v['top1'])} | {pct(v['top3'])} | {v['mean_probability']:.2f} |"
        )
    out.append("")
    out.append("**Every case**\n")
    out.append(
        "| case | split | diagnosis | rank (all answers) | rank (interview) | top | urgency (expected) | questions |"
    )
    out.append("|---|---|---|---|---|---|---|---|")
    split_of = {c["id"]: name for name, s in report["splits"].items() for c in s["cases_detail"]}
    for c in report["cases_detail"]:
        out.append(
            f"| {c['id']} | {split_of[c['id']]} | {c['diagnosis']} | {c['rank']} | {c['interview_rank']} | "
            f"{c['top']} | {c['urgency']} ({c['expected_urgency']}) | {c['questions']} |"
        )
    lb = report["lower_bound"]
    out.append("")
    out.append(
        f"Information bound: the prior over conditions has {lb['prior_entropy_bits']} bits of "
        f"entropy; with at most {lb['max_answers_per_question']} answers per question, at least "
        f"{lb['adaptive_questions_lower_bound']} adaptive questions are needed on average to "
        f"identify the cause with certainty, on top of {lb['mandatory_screen_questions']} "
        f"mandatory screen questions."
    )
    return "\n".join(out)


def main() -> None:
    kb = load_kb()
    report = evaluate(kb, ROOT / "vignettes")
    print(
        f"Generated {datetime.date.today()} on {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, kb {report['kb_version']}\n"
    )
    print(accuracy_tables(report))
    print("\n**Engine speed**\n")
    sys.stdout.flush()
    speed = subprocess.run(
        [sys.executable, str(ROOT / "bench_engine.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    res = json.loads(speed.stdout)
    print("| measure | value |\n|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v:.4g} |" if isinstance(v, float) else f"| {k} | {v} |")


if __name__ == "__main__":
    main()
