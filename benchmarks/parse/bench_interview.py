"""How many questions the interview asks with the warning signs left on one screen, as it
does after the person's own words (backstride.engine.screen), against one at a time.

    .venv/bin/python benchmarks/parse/bench_interview.py

For each published case (benchmarks/vignettes) the interview is simulated as in
``backstride evaluate``: each question is answered from the case, or "don't know". On the
one-screen list the case marks every warning sign it does not answer "no" (a "yes" or a
"don't know"), and those are then asked one by one, so the answers, and so the urgency and
the causes, are the same as one at a time. Prints markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from backstride.engine import assess, next_question, parse_answers
from backstride.engine.answers import UNKNOWN
from backstride.engine.screen import apply_list, warning_list
from backstride.evaluation import case_answers, load_cases
from backstride.knowledge import load_kb

ROOT = Path(__file__).resolve().parents[1]


def simulate(kb, case, together: bool) -> tuple[object, int]:
    known = case_answers(case)
    source = {**known["answers"], "age": known["age"], "sex": known["sex"]}
    answers = parse_answers(kb, {})
    asked, listed = 0, False
    while (nq := next_question(kb, answers)).finding is not None:
        items = (
            warning_list(kb, answers) if together and not listed and nq.reason == "screen" else ()
        )
        if items:
            marked = [f for f in items if source.get(f) != "no"]
            answers = apply_list(kb, answers, items, marked)
            listed = True
        else:
            for fid in nq.items:
                value = source.get(fid)
                answers = answers.with_answer(fid, UNKNOWN if value is None else value)
        asked += 1
    return answers, asked


def main() -> None:
    kb = load_kb()
    cases = load_cases(ROOT / "vignettes")
    rows = {False: [], True: []}
    same = 0
    for case in cases:
        results = {}
        for together in (False, True):
            answers, n = simulate(kb, case, together)
            rows[together].append(n)
            r = assess(kb, answers).to_dict()
            results[together] = (r["urgency"]["level"], [c["id"] for c in r["conditions"]])
        same += results[False] == results[True]
    print("| warning signs | cases | median questions | max questions |")
    print("|---|---|---|---|")
    for together, label in ((False, "one at a time"), (True, "left ones on one screen")):
        qs = rows[together]
        print(f"| {label} | {len(qs)} | {statistics.median(qs)} | {max(qs)} |")
    print(f"\nSame urgency and same ranked causes both ways: {same} of {len(cases)} cases.")


if __name__ == "__main__":
    main()
