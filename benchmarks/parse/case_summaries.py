"""Published cases told as free text: each case's summary (benchmarks/vignettes, written in
our own words from the published case, in a clinician's third-person register) is read by the
parser, and the answers it sets are compared with the answers the case was encoded with.

    .venv/bin/python benchmarks/parse/case_summaries.py [--split tuning|heldout] [--show]

- agree / disagree: answers the text sets that match, or differ from, the case's encoding
  (numbers: the same answer bin); a finding the encoding leaves out is not counted either way,
  since a summary may say more than the encoding took;
- missed: encoded answers the text does not set (asked in the interview instead);
- top-3: the case's diagnosis among the first three causes on the parsed answers alone.

A summary is shorter than its case report and was not written for the parser, so this measures
how much of a clinician's note the parser reads, not the cases' accuracy (that is `backstride
evaluate`). Tune on the tuning split only; report the held-out split as a number.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from backstride.engine import parse_answers, posterior
from backstride.intake import parse
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase

CASES = Path(__file__).parents[1] / "vignettes"


def state(kb: KnowledgeBase, fid: str, v: Any) -> Any:
    return kb.state_of(fid, v) if kb.findings[fid].type == "number" else v


def score(kb: KnowledgeBase, case: dict[str, Any]) -> dict[str, Any]:
    got = {f: state(kb, f, v) for f, v in parse(kb, case["summary"]).answers().items()}
    encoded = {f: state(kb, f, v) for f, v in case["answers"].items()}
    for f in ("age", "sex"):
        if case.get(f) is not None:
            encoded[f] = state(kb, f, case[f])
    agree = [f for f, v in got.items() if encoded.get(f) == v]
    disagree = [f for f, v in got.items() if f in encoded and encoded[f] != v]
    missed = [f for f in encoded if f not in got]
    # age and sex come from the case, as the interview asks them first
    answers = {f: v for f, v in parse(kb, case["summary"]).answers().items()}
    answers.pop("age", None), answers.pop("sex", None)
    a = parse_answers(kb, {"age": case.get("age"), "sex": case.get("sex"), "answers": answers})
    post = posterior(kb, a)
    order = [kb.condition_ids[int(j)] for j in np.argsort(-post)]
    return {
        "id": case["id"],
        "agree": agree,
        "disagree": {f: (got[f], encoded[f]) for f in disagree},
        "missed": missed,
        "top3": case["diagnosis"] in order[:3],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["tuning", "heldout"], action="append")
    ap.add_argument("--show", action="store_true", help="each case's disagreements and misses")
    args = ap.parse_args()
    kb = load_kb()
    for split in args.split or ["tuning", "heldout"]:
        rows = [
            score(kb, json.loads(p.read_text(encoding="utf-8")))
            for p in sorted((CASES / split).glob("*.json"))
        ]
        n_agree = sum(len(r["agree"]) for r in rows)
        n_dis = sum(len(r["disagree"]) for r in rows)
        n_miss = sum(len(r["missed"]) for r in rows)
        encoded = n_agree + n_dis + n_miss
        print(
            f"{split:8s} cases {len(rows):3d}  encoded answers {encoded:4d}  read {n_agree:4d}"
            f" ({n_agree / encoded:.0%})  wrong {n_dis:3d}  missed {n_miss:4d}"
            f"  | top-3 from the text {sum(r['top3'] for r in rows) / len(rows):.3f}"
        )
        if args.show and split == "tuning":  # never show held-out cases: tune on tuning only
            for r in rows:
                if r["disagree"] or r["missed"]:
                    print(f"  {r['id']}: wrong {r['disagree']} missed {r['missed']}")


if __name__ == "__main__":
    main()
