"""The stop rule's key questions (issue 12): the published cases with and without them.

Run: .venv/bin/python benchmarks/bench_stop_rule.py

"Without" turns the key questions off (every condition gets none), which is the stop rule as it
was before issue 12; "with" is the interview as shipped. Prints markdown for BENCHMARKS.md.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import backstride.engine.questions as q
from backstride.evaluation import LEVELS, evaluate
from backstride.knowledge import load_kb

ROOT = Path(__file__).resolve().parent


def pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def main() -> None:
    kb = load_kb()
    runs = {}
    with mock.patch.object(q, "key_questions", lambda kb: {c: () for c in kb.condition_ids}):
        runs["without key questions"] = evaluate(kb, ROOT / "vignettes")
    runs["with key questions"] = evaluate(kb, ROOT / "vignettes")
    print(
        f"knowledge base {kb.version}; MAX_ADAPTIVE {q.MAX_ADAPTIVE}, "
        f"{q.KEY_PER_CONDITION} key questions per condition, leading cause >= "
        f"{q.LEADING_PROBABILITY:.0%}\n"
    )
    print(
        "| stop rule | set | median questions | max questions | top-1 after interview | "
        "top-3 after interview | urgency exact after interview | emergencies missed after "
        "interview | self-care over-triaged after interview |"
    )
    print("|" + "---|" * 9)
    for name, rep in runs.items():
        for split in ("heldout", "tuning"):
            i = rep["splits"][split]["interview"]
            print(
                f"| {name} | {split} | {i['median_questions']} | {i['max_questions']} | "
                f"{pct(i['top1'])} | {pct(i['top3'])} | {pct(i['urgency_exact'])} | "
                f"{i['emergency_missed']} | {pct(i['selfcare_over_triage'])} |"
            )
    print()
    print("**Urgency after the interview, by expected level (exact / under / over)**\n")
    print("| stop rule | set | " + " | ".join(LEVELS) + " |")
    print("|" + "---|" * (2 + len(LEVELS)))
    for name, rep in runs.items():
        for split in ("heldout", "tuning"):
            by = rep["splits"][split]["interview"]["by_urgency"]
            cells = [
                f"{by[lvl]['cases']} cases: {pct(by[lvl]['exact'])} / {pct(by[lvl]['under'])} / "
                f"{pct(by[lvl]['over'])}"
                for lvl in LEVELS
            ]
            print(f"| {name} | {split} | " + " | ".join(cells) + " |")
    asked = {}
    for name, rep in runs.items():
        asked[name] = {c["id"]: c["questions"] for c in rep["cases_detail"]}
    longer = [
        c
        for c in asked["with key questions"]
        if asked["with key questions"][c] > asked["without key questions"][c]
    ]
    print(
        f"\nCases whose interview got longer: {len(longer)} of {len(asked['with key questions'])}"
    )


if __name__ == "__main__":
    main()
