"""Engine speed against its floors, and the same posteriors from pgmpy, all in one run.

Run: .venv/bin/python benchmarks/bench_engine.py [--cases benchmarks/vignettes] [--json]
     [--no-api] [--api-seconds 10] [--interview-only]
Needs the bench extra for the pgmpy part (pip install -e ".[bench]") and the web extra plus
``wrk`` (or httpx) for the API part.

Measured (medians of repeated calls, after a warm-up):

* one-answer update: `Belief.add` + its posterior, beside the floor (adding one answer's
  22-value log-weight row with numpy, and normalising) and the from-scratch posterior;
* next question in the adaptive phase: today's table, and a synthetic table 8x larger
  (8x the findings and 8x the conditions, built from today's by permuting columns);
* one full assessment, and one interview step (what POST /api/v1/assessment computes);
* the simulated interview of every case (evaluation.simulate_interview: one `Belief.add` per
  answer, one `Context` per step) beside the same loop recomputed from scratch, and the wall
  time of ``backstride evaluate CASES --json``;
* pgmpy on the same factors: its variable elimination query, and its plain factor product
  (prior x one reduced CPD per answer, normalised), beside numpy doing that product and
  Backstride's own posterior (``damping=1``: the plain naive-Bayes product);
* cold start of ``backstride assess --answers FILE --json`` (compiled cache warm, and with
  the cache off) and of ``backstride --help``;
* the API: requests/s, p50 and p99 of POST /api/v1/assessment with 2 workers and 8
  connections (benchmarks/bench_api.py), and the server CPU per request.
"""

from __future__ import annotations

import os

# one BLAS thread, as each server worker runs (bench_api.py): on two shared cores a threaded
# BLAS only waits for the other thread
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from backstride.engine import next_question, parse_answers, posterior
from backstride.engine.inference import Belief
from backstride.engine.questions import screen_pending
from backstride.engine.result import assess
from backstride.evaluation import case_answers, load_cases
from backstride.knowledge import KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, repeat: int, batch: int = 1) -> float:
    """Median CPU seconds per call over `repeat` batches of `batch` calls, after a warm-up.

    CPU time of this process (``time.process_time``), not wall time: on a shared machine the
    wall clock also counts the time spent waiting for a core, which says nothing about the
    engine. Batches make sub-microsecond work measurable."""
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(batch):
            fn()
        samples.append((time.process_time() - t0) / batch)
    return statistics.median(samples)


# --- a larger table ----------------------------------------------------------------------


def scaled_kb(kb: KnowledgeBase, factor: int, seed: int = 16) -> KnowledgeBase:
    """A synthetic knowledge base ``factor`` times larger in both findings and conditions.

    Copy k of every ordinary question (not the screen, demographics or clusters) and copy m of
    every condition get, as P(state | condition), today's column of a condition chosen by a
    fixed random permutation: every column stays a distribution, and the copies are as
    informative as today's questions. Only the tables the question chooser reads are built.
    """
    rng = np.random.default_rng(seed)
    copyable = [
        f
        for f in kb.findings.values()
        if f.id not in ("age", "sex")
        and not f.screen
        and f.topic != "red_flag"
        and f.cluster is None
        and f.checklist is None
    ]
    findings = dict(kb.findings)
    condition_ids = list(kb.condition_ids)
    conditions = dict(kb.conditions)
    for m in range(1, factor):
        for cid in kb.condition_ids:
            new = f"{cid}_x{m}"
            condition_ids.append(new)
            conditions[new] = kb.conditions[cid]
    n = kb.n_conditions
    blocks: list[np.ndarray] = [
        np.concatenate([kb.likelihood[:, rng.permutation(n)] for _ in range(factor)], axis=1)
    ]
    rows_of = dict(kb.rows_of)
    row = dict(kb.row)
    row_finding = list(kb.row_finding)
    group_of = dict(kb.group_of)
    next_row = len(row_finding)
    for k in range(1, factor):
        for f in copyable:
            fid = f"{f.id}_x{k}"
            findings[fid] = f.model_copy(update={"id": fid, "ask_if": None, "plan_if": None})
            group_of[fid] = f"{kb.group_of[f.id]}_x{k}"
            rows_of[fid] = []
            for s in f.states:
                row[(fid, s)] = next_row
                rows_of[fid].append(next_row)
                row_finding.append(fid)
                next_row += 1
            src = kb.likelihood[kb.rows_of[f.id]]
            blocks.append(np.concatenate([src[:, rng.permutation(n)] for _ in range(factor)], 1))
    likelihood = np.concatenate(blocks, axis=0)
    prior = np.array([conditions[c].prior.value for c in condition_ids])
    prior = prior / prior.sum()
    base = likelihood @ prior
    rest = (base[:, None] - likelihood * prior[None, :]) / (1 - prior[None, :])
    return replace(
        kb,
        findings=findings,
        conditions=conditions,
        condition_ids=condition_ids,
        row=row,
        rows_of=rows_of,
        row_finding=row_finding,
        likelihood=likelihood,
        base=base,
        log_weight=np.log(likelihood) - np.log(base)[:, None],
        weight_vs_rest=likelihood / np.clip(rest, 1e-12, None),
        base_prior=prior,
        group_of=group_of,
        evidence={},
        fidelity=[],
        _prior_cache={},
        derived={},
        variant_cols=[],  # the synthetic table has no sub-types
        variant_log_weight=np.zeros((len(row_finding), 0)),
        _share_cache={},
    )


def adaptive_answers(kb: KnowledgeBase, start: Any) -> Any:
    """``start`` with the red-flag screen answered "don't know": the adaptive phase."""
    answers = start
    while pending := screen_pending(kb, answers):
        answers = answers.with_answer(pending[0], "unknown")
    assert next_question(kb, answers).reason != "screen"
    return answers


# --- pgmpy -------------------------------------------------------------------------------


def pgmpy_reference(kb: KnowledgeBase, answers_list: list[Any]) -> dict[str, float]:
    """The plain naive-Bayes posterior three ways on the engine's own tables: pgmpy's variable
    elimination and pgmpy's factor product, numpy's product, and Backstride's (damping 1)."""
    from pgmpy.factors.discrete import DiscreteFactor, TabularCPD
    from pgmpy.inference import VariableElimination
    from pgmpy.models import DiscreteBayesianNetwork

    diffs: list[float] = []
    t_ve: list[float] = []
    t_prod: list[float] = []
    t_np: list[float] = []
    t_ours: list[float] = []
    # the condition node's states: each condition, with a condition that has variants
    # (docs/METHOD.md, "Variants") replaced by one state per sub-type; summed back at the end
    parents = {j for j, _ in kb.variant_cols}
    plain = [j for j in range(kb.n_conditions) if j not in parents]
    labels = [kb.condition_ids[j] for j in plain] + [
        f"{kb.condition_ids[j]}:{v}" for j, v in kb.variant_cols
    ]
    owner = np.array(plain + [j for j, _ in kb.variant_cols])
    var_lik = np.exp(kb.variant_log_weight) * kb.base[:, None]
    lik = np.hstack([kb.likelihood[:, plain], var_lik])
    n = len(labels)
    names = {"condition": labels}
    for answers in answers_list:
        known = {k: v for k, v in answers.known().items() if k not in ("age", "sex")}
        if not known:
            continue
        cond_prior = kb.prior(answers.age, answers.sex)
        prior = np.concatenate(
            [
                cond_prior[plain],
                cond_prior[owner[len(plain) :]] * kb.variant_shares(answers.age, answers.sex),
            ]
        )
        model = DiscreteBayesianNetwork([("condition", f) for f in known])
        model.add_node("condition")
        model.add_cpds(TabularCPD("condition", n, prior.reshape(n, 1), state_names=names))
        evidence, rows = {}, []
        for fid, value in known.items():
            states = kb.findings[fid].states
            table = lik[kb.rows_of[fid]]
            table = table / table.sum(axis=0, keepdims=True)
            model.add_cpds(
                TabularCPD(
                    fid,
                    len(states),
                    table,
                    evidence=["condition"],
                    evidence_card=[n],
                    state_names={fid: states, "condition": labels},
                )
            )
            evidence[fid] = kb.state_of(fid, value)
            rows.append(kb.row[(fid, evidence[fid])])
        infer = VariableElimination(model)
        t0 = time.perf_counter()
        q = infer.query(["condition"], evidence=evidence, show_progress=False)
        t_ve.append(time.perf_counter() - t0)
        ref = _by_condition(kb, owner, np.array([q.get_value(condition=c) for c in labels]))
        # the same product as plain factors: P(c) x prod_f P(answer_f | c), normalised
        factors = [DiscreteFactor(["condition"], [n], prior, state_names=names)]
        for r in rows:
            factors.append(DiscreteFactor(["condition"], [n], lik[r], state_names=names))
        t0 = time.perf_counter()
        prod = factors[0]
        for f in factors[1:]:
            prod = prod.product(f, inplace=False)
        prod.normalize()
        t_prod.append(time.perf_counter() - t0)
        idx = np.array(rows)
        t0 = time.perf_counter()
        p = prior * lik[idx].prod(axis=0)
        p = p / p.sum()
        t_np.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ours = posterior(kb, answers, damping=1.0)
        t_ours.append(time.perf_counter() - t0)
        by_product = _by_condition(kb, owner, prod.values)
        diffs.append(float(max(np.abs(ref - ours).max(), np.abs(by_product - ours).max())))
    med = statistics.median
    return {
        "pgmpy_max_abs_diff": max(diffs),
        "pgmpy_variable_elimination_us": med(t_ve) * 1e6,
        "pgmpy_factor_product_us": med(t_prod) * 1e6,
        "numpy_product_us": med(t_np) * 1e6,
        "ours_posterior_damping1_us": med(t_ours) * 1e6,
    }


def _by_condition(kb: KnowledgeBase, owner: np.ndarray, p: np.ndarray) -> np.ndarray:
    """A posterior over the node's states, summed into the conditions (variants into their
    condition), in ``kb.condition_ids`` order."""
    out = np.zeros(kb.n_conditions)
    np.add.at(out, owner, p)
    return out


# --- cold start --------------------------------------------------------------------------


def cold_start(
    args: list[str], runs: int = 9, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system) of a fresh process."""
    import resource

    exe = str(Path(sys.executable).parent / "backstride")
    wall, cpu = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([exe, *args], capture_output=True, check=True, env=env)
        wall.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(wall), statistics.median(cpu)


# --- API ---------------------------------------------------------------------------------


def api_figures(seconds: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_api

    body = bench_api.realistic_body(12)
    db = f"sqlite:///{tempfile.mkdtemp(prefix='bs-bench-')}/bench.db"
    port = bench_api.free_port()
    proc = bench_api.start_server(db, port, workers=2)
    url = f"http://127.0.0.1:{port}/api/v1/assessment"
    ns = argparse.Namespace(
        seconds=seconds, connections=8, threads=1, requests=seconds * 300, httpx=False
    )
    try:
        bench_api.load(url, body, argparse.Namespace(**{**vars(ns), "seconds": 2, "requests": 300}))
        cpu0 = bench_api.tree_cpu_seconds(proc.pid)
        r = bench_api.load(url, body, ns)
        cpu = bench_api.tree_cpu_seconds(proc.pid) - cpu0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {
        "api_rps": r["rps"],
        "api_p50_ms": r["p50_ms"],
        "api_p99_ms": r["p99_ms"],
        "api_requests": r["requests"],
        "api_errors": r["errors"],
        "api_server_cpu_ms_per_request": cpu / r["requests"] * 1e3,
    }


# --- whole interviews --------------------------------------------------------------------


def interview_from_scratch(kb: KnowledgeBase, case: dict[str, Any]) -> tuple[Any, int]:
    """`evaluation.simulate_interview` as it ran before `Belief`: each step recomputed from
    the answers alone (the reference for the incremental loop)."""
    from backstride.engine import UNKNOWN

    known = case_answers(case)
    source = {**known["answers"], "age": known["age"], "sex": known["sex"]}
    answers = parse_answers(kb, {})
    asked = 0
    while (nq := next_question(kb, answers)).finding is not None:
        for fid in nq.items:
            value = source.get(fid)
            answers = answers.with_answer(fid, UNKNOWN if value is None else value)
        asked += 1
    return answers, asked


def interview_figures(kb: KnowledgeBase, cases: list[dict[str, Any]], cases_dir: Path) -> dict:
    """The simulated interview of every case (incremental, and from scratch), CPU time, and
    the wall time of ``backstride evaluate CASES --json`` in a fresh process."""
    from backstride.evaluation import simulate_interview

    steps = sum(simulate_interview(kb, c)[1] + 1 for c in cases)  # + the step that stops
    inc = timed(lambda: [simulate_interview(kb, c) for c in cases], 15)
    ref = timed(lambda: [interview_from_scratch(kb, c) for c in cases], 15)
    wall, cpu = cold_start(["evaluate", str(cases_dir), "--json"], runs=5)
    return {
        "interview_cases": len(cases),
        "interview_steps": steps,
        "interviews_all_cases_ms": inc * 1e3,
        "interviews_all_cases_from_scratch_ms": ref * 1e3,
        "interview_step_incremental_us": inc / steps * 1e6,
        "interview_step_from_scratch_us": ref / steps * 1e6,
        "evaluate_cases_json_s": wall,
        "evaluate_cases_json_cpu_s": cpu,
    }


# --- main --------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=Path, default=Path("benchmarks/vignettes"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-api", action="store_true", help="skip the API load test")
    ap.add_argument("--api-seconds", type=int, default=10)
    ap.add_argument(
        "--interview-only", action="store_true", help="only the whole-interview figures (JSON)"
    )
    args = ap.parse_args()
    kb = load_kb()
    cases = load_cases(args.cases)
    if args.interview_only:
        print(json.dumps(interview_figures(kb, cases, args.cases), indent=2))
        return
    full = [parse_answers(kb, case_answers(c)) for c in cases]
    res: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}",
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "conditions": kb.n_conditions,
        "findings": len(kb.findings),
    }

    # one answer added to a realistic answer set: in a dependency group with no answer yet
    # (one vector add), and in a group that already holds one (its damped sum redone)
    mid = full[len(full) // 2]
    known = [f for f in mid.known() if f not in ("age", "sex")]
    count = {g: sum(kb.group_of[f] == g for f in known) for g in {kb.group_of[f] for f in known}}
    alone = next(f for f in known if count[kb.group_of[f]] == 1)
    grouped = next((f for f in known if count[kb.group_of[f]] > 1), None)
    before = mid.without(alone)
    value = mid.values[alone]
    belief = Belief.start(kb, before)
    row = kb.row[(alone, kb.state_of(alone, value))]
    total = belief.total[: kb.n_conditions].copy()  # the conditions' own columns
    log_prior = belief.log_prior

    def floor_add() -> np.ndarray:
        return total + kb.log_weight[row]

    def floor_posterior() -> np.ndarray:
        x = log_prior + (total + kb.log_weight[row])
        p = np.exp(x - x.max())
        return p / p.sum()

    res["update_floor_vector_add_us"] = timed(floor_add, 200, 100) * 1e6
    res["update_floor_add_and_normalise_us"] = timed(floor_posterior, 200, 100) * 1e6
    res["update_belief_add_us"] = timed(lambda: belief.add(alone, value), 200, 20) * 1e6
    res["update_belief_add_posterior_us"] = (
        timed(lambda: belief.add(alone, value).posterior(), 200, 20) * 1e6
    )
    if grouped is not None:
        b2 = Belief.start(kb, mid.without(grouped))
        v2 = mid.values[grouped]
        res["update_belief_add_in_answered_group_us"] = (
            timed(lambda: b2.add(grouped, v2), 200, 20) * 1e6
        )
    res["update_from_scratch_posterior_us"] = (
        timed(lambda: posterior(kb, before.with_answer(alone, value)), 300, 5) * 1e6
    )

    # next question, adaptive phase, today's table and 8x
    adaptive = adaptive_answers(kb, before)
    res["next_question_us"] = timed(lambda: next_question(kb, adaptive), 300, 5) * 1e6
    big = scaled_kb(kb, 8)
    big_adaptive = adaptive_answers(big, parse_answers(big, case_answers(cases[len(cases) // 2])))
    res["x8_conditions"] = big.n_conditions
    res["x8_findings"] = len(big.findings)
    res["x8_next_question_us"] = timed(lambda: next_question(big, big_adaptive), 100, 2) * 1e6

    # a whole assessment, and what one API request computes
    from backstride.web import service

    body = {"age": mid.age, "sex": mid.sex, "answers": mid.to_json()["answers"]}
    res["full_assessment_us"] = timed(lambda: assess(kb, mid), 200, 3) * 1e6
    res["interview_step_us"] = timed(lambda: service.interview_step(kb, body), 200, 3) * 1e6
    res.update(interview_figures(kb, cases, args.cases))

    try:
        res.update(pgmpy_reference(kb, full))
    except ImportError:
        res["pgmpy"] = "not installed: pip install -e '.[bench]'"

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(case_answers(cases[len(cases) // 2]), fh)
    assess_args = ["assess", "--answers", fh.name, "--json"]
    cold_start(assess_args, runs=1)  # fills the compiled cache
    wall, cpu = cold_start(assess_args)
    res["cold_assess_answers_json_s"], res["cold_assess_answers_json_cpu_s"] = wall, cpu
    wall, cpu = cold_start(assess_args, runs=5, env={**os.environ, "BACKSTRIDE_KB_CACHE": "0"})
    res["cold_assess_no_cache_s"], res["cold_assess_no_cache_cpu_s"] = wall, cpu
    wall, cpu = cold_start(["--help"])
    res["cold_help_s"], res["cold_help_cpu_s"] = wall, cpu
    os.unlink(fh.name)

    if not args.no_api:
        try:
            res.update(api_figures(args.api_seconds))
        except Exception as exc:  # no web extra, no load generator: say so, keep the rest
            res["api"] = f"not measured: {exc}"

    if args.json:
        print(json.dumps(res, indent=2))
        return
    print("| measure | value |\n|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v:.4g} |" if isinstance(v, float) else f"| {k} | {v} |")


if __name__ == "__main__":
    main()
