"""How far could a better evidence table go on the published cases, with today's priors?

For each case, the true condition's cell for every answer the case states is set to 0.95
("almost always" in docs/METHOD.md's frequency table, the highest a description can give), and
every other condition keeps today's cells. The engine then ranks as usual (same priors, same
damping of correlated answers). This is a per-case oracle, kinder than any single table could
be (one table serves every case, and "no" answers are often not almost always "no"), so its
top-1 and top-3 are an upper bound on what evidence alone could reach without changing priors.

    python benchmarks/ceiling.py [benchmarks/vignettes]
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import numpy as np

from backstride.engine import parse_answers
from backstride.engine.inference import posterior
from backstride.knowledge.loader import load_kb

BEST = 0.95


def _rank(p: np.ndarray, i: int) -> int:
    return int((p > p[i]).sum()) + 1


def main(folder: Path) -> None:
    kb = load_kb()
    ids = list(kb.condition_ids)
    reference = kb.likelihood / np.exp(kb.log_weight)  # P(state), the same for every condition
    by_split: dict[str, list[tuple[int, int]]] = {}
    for path in sorted(folder.rglob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        doc = {"age": case.get("age"), "sex": case.get("sex"), "answers": case["answers"]}
        answers = parse_answers(kb, doc)
        di = ids.index(case["diagnosis"])
        now = posterior(kb, answers)
        oracle = copy.copy(kb)
        weights = kb.log_weight.copy()
        parts = kb.variant_log_weight.copy()  # a condition with variants: each sub-type too
        mine = [k for k, (j, _) in enumerate(kb.variant_cols) if j == di]
        for fid, value in answers.values.items():
            if fid in ("age", "sex") or (fid, kb.state_of(fid, value)) not in kb.row:
                continue
            r = kb.row[(fid, kb.state_of(fid, value))]
            best = np.log(BEST) - np.log(reference[r, di])
            weights[r, di] = max(weights[r, di], best)
            for k in mine:
                parts[r, k] = max(parts[r, k], best)
        object.__setattr__(oracle, "log_weight", weights)
        object.__setattr__(oracle, "variant_log_weight", parts)
        object.__setattr__(oracle, "derived", {})  # not the original's cached tables
        best = posterior(oracle, answers)
        ranks = (_rank(now, di), _rank(best, di))
        by_split.setdefault(path.relative_to(folder).parts[0], []).append(ranks)
    print("split     cases  top-1 now  top-3 now  top-1 ceiling  top-3 ceiling")
    for split, rows in sorted(by_split.items()):
        n = len(rows)
        t1, t3 = (sum(r[0] <= k for r in rows) / n for k in (1, 3))
        c1, c3 = (sum(r[1] <= k for r in rows) / n for k in (1, 3))
        print(f"{split:9} {n:5}  {t1:9.3f}  {t3:9.3f}  {c1:13.3f}  {c3:13.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/vignettes"))
