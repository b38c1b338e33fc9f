"""Engine speed, and the same posteriors from pgmpy as an independent reference.

Run: .venv/bin/python benchmarks/bench_engine.py [--cases benchmarks/vignettes] [--json]
Needs the bench extra for the pgmpy part: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from backstride.engine import next_question, parse_answers, posterior
from backstride.engine.questions import screen_pending
from backstride.engine.result import assess
from backstride.evaluation import load_cases, simulate_interview
from backstride.knowledge import load_kb


def timed(fn, repeat: int) -> float:
    """Median seconds per call over `repeat` calls (after a warm-up)."""
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def pgmpy_reference(kb, answers_list):
    """Naive-Bayes network with the engine's own CPDs, solved by pgmpy's variable elimination."""
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination
    from pgmpy.models import DiscreteBayesianNetwork

    diffs, t_pgmpy, t_ours = [], [], []
    for answers in answers_list:
        known = {k: v for k, v in answers.known().items() if k not in ("age", "sex")}
        model = DiscreteBayesianNetwork([("condition", f) for f in known])
        model.add_node("condition")
        prior = kb.prior(answers.age, answers.sex)
        n = kb.n_conditions
        model.add_cpds(
            TabularCPD(
                "condition", n, prior.reshape(n, 1), state_names={"condition": kb.condition_ids}
            )
        )
        evidence = {}
        for fid, value in known.items():
            states = kb.findings[fid].states
            table = kb.likelihood[kb.rows_of[fid]]
            table = table / table.sum(axis=0, keepdims=True)
            model.add_cpds(
                TabularCPD(
                    fid,
                    len(states),
                    table,
                    evidence=["condition"],
                    evidence_card=[n],
                    state_names={fid: states, "condition": kb.condition_ids},
                )
            )
            evidence[fid] = kb.state_of(fid, value)
        if not evidence:
            continue
        infer = VariableElimination(model)
        t0 = time.perf_counter()
        q = infer.query(["condition"], evidence=evidence, show_progress=False)
        t_pgmpy.append(time.perf_counter() - t0)
        ref = np.array([q.get_value(condition=c) for c in kb.condition_ids])
        t0 = time.perf_counter()
        ours = posterior(kb, answers, damping=1.0)
        t_ours.append(time.perf_counter() - t0)
        diffs.append(float(np.abs(ref - ours).max()))
    return max(diffs), statistics.median(t_pgmpy), statistics.median(t_ours)


def help_time() -> float:
    exe = str(Path(sys.executable).parent / "backstride")
    samples = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=Path, default=Path("benchmarks/vignettes"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kb = load_kb()
    cases = load_cases(args.cases)
    full = [
        parse_answers(kb, {"age": c.get("age"), "sex": c.get("sex"), "answers": c["answers"]})
        for c in cases
    ]
    # one answer's update: posterior after adding one answer to a realistic answer set
    mid = full[len(full) // 2]
    fid, value = next(iter(mid.known().items()))
    base = mid.without(fid)
    # the next-question choice is timed in the adaptive phase: the red-flag screen is done
    adaptive = base
    while pending := screen_pending(kb, adaptive):
        adaptive = adaptive.with_answer(pending[0], "unknown")
    assert next_question(kb, adaptive).reason != "screen"
    res = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}",
        "conditions": kb.n_conditions,
        "findings": len(kb.findings),
        "update_ms": timed(lambda: posterior(kb, base.with_answer(fid, value)), 2000) * 1e3,
        "next_question_ms": timed(lambda: next_question(kb, adaptive), 2000) * 1e3,
        "full_assessment_ms": timed(lambda: assess(kb, mid), 300) * 1e3,
        "interview_ms": statistics.median(
            timed(lambda c=c: simulate_interview(kb, c), 5) for c in cases[:20]
        )
        * 1e3,
        "help_s": help_time(),
    }
    try:
        diff, t_pg, t_ours = pgmpy_reference(kb, full)
        res.update(
            pgmpy_max_abs_diff=diff,
            pgmpy_query_ms=t_pg * 1e3,
            ours_same_query_ms=t_ours * 1e3,
            speed_ratio=t_pg / t_ours,
        )
    except ImportError:
        res["pgmpy"] = "not installed: pip install -e '.[bench]'"
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print("| measure | value |\n|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v:.4g} |" if isinstance(v, float) else f"| {k} | {v} |")


if __name__ == "__main__":
    main()
