"""Experiment (not applied): risk-factor answers read against the person's own age group.

The diabetes and vascular-risk cells give each condition's rate at its usual age, and the
priors count age again. This script moves each condition's rate, on the log-odds scale, by the
change in a background rate between the condition's usual age and the person's age, and runs
the case benchmark with the moved table. BENCHMARKS.md ("eighth pass") has the figures.

    python benchmarks/age_risk_experiment.py [diabetes,vascular_risk] [scale]

The background curves and usual ages below are rough (survey shapes and each cell's source
population), which is one reason the experiment stays an experiment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import backstride.engine.inference as inference
from backstride.evaluation import evaluate
from backstride.knowledge.loader import load_kb

USUAL_AGE = {
    "aortic_aneurysm": 72,
    "axial_spondyloarthritis": 35,
    "cauda_equina": 45,
    "chronic_nonspecific": 50,
    "disc_radiculopathy": 42,
    "discogenic": 40,
    "facet_joint": 55,
    "hip_osteoarthritis": 65,
    "lumbar_stenosis": 66,
    "nonspecific_mechanical": 43,
    "pelvic_stress_fracture": 50,
    "peripheral_neuropathy": 64,
    "piriformis_syndrome": 40,
    "pregnancy_pelvic_girdle": 30,
    "ql_myofascial": 40,
    "si_joint": 45,
    "spinal_infection": 60,
    "spinal_malignancy": 62,
    "spondylolisthesis": 55,
    "vascular_claudication": 75,
    "vertebral_fracture": 70,
    "visceral_renal": 45,
}
VARIANT_AGE = {"fatigue": 22, "insufficiency": 72}
AGES = [25, 35, 45, 55, 65, 75, 85]
BACKGROUND = {
    "diabetes": [0.02, 0.04, 0.08, 0.14, 0.20, 0.22, 0.22],
    "vascular_risk": [0.20, 0.30, 0.45, 0.60, 0.75, 0.85, 0.88],
}


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.log(p / (1 - p))


def main() -> None:
    which = sys.argv[1].split(",") if len(sys.argv) > 1 else list(BACKGROUND)
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    kb = load_kb()
    usual = np.array(
        [USUAL_AGE[c] for c in kb.condition_ids]
        + [VARIANT_AGE.get(v, USUAL_AGE[kb.condition_ids[j]]) for j, v in kb.variant_cols],
        dtype=float,
    )
    plain = kb.all_log_weight
    tables: dict[float, np.ndarray] = {}

    def table_for(age: float | None) -> np.ndarray:
        if age is None:
            return plain
        if age not in tables:
            t = plain.copy()
            for f in which:
                shift = logit(np.interp(age, AGES, BACKGROUND[f])) - logit(
                    np.interp(usual, AGES, BACKGROUND[f])
                )
                yes, no = kb.row[(f, "yes")], kb.row[(f, "no")]
                p = np.exp(plain[yes]) * kb.base[yes]
                q = 1 / (1 + np.exp(-(logit(p) + scale * shift)))
                t[yes] = np.log(q / kb.base[yes])
                t[no] = np.log((1 - q) / kb.base[no])
            tables[age] = t
        return tables[age]

    original = inference._grouped_sum

    def moved(kb_, ev, damping, leave_out=()):  # type: ignore[no-untyped-def]
        kept = kb_.derived["all_log_weight"]
        kb_.derived["all_log_weight"] = table_for(ev.demo.get("age"))  # type: ignore[arg-type]
        try:
            return original(kb_, ev, damping, leave_out)
        finally:
            kb_.derived["all_log_weight"] = kept

    inference._grouped_sum = moved  # type: ignore[assignment]
    result = evaluate(kb, Path(__file__).parent / "vignettes")
    for name, s in result["splits"].items():
        print(
            f"{name:8s} top-1 {s['top1']:.3f} top-3 {s['top3']:.3f} mean rank {s['mean_rank']} "
            f"Brier {s['brier']} under-triage {s['under_triage']:.3f} "
            f"missed {s['emergency_missed']}"
        )


if __name__ == "__main__":
    main()
