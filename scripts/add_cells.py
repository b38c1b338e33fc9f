"""Add a cell for a new finding to every condition's evidence file that lacks one.

    python scripts/add_cells.py FINDING_ID 0.02 [--why "reason"] [--data DIR]
    python scripts/add_cells.py FINDING_ID '{"a": 0.2, "b": 0.8}'

A new question needs one cell per condition (`backstride kb check` fails otherwise). This writes
an estimate cell, one line, after the cell of the finding that precedes it in findings.yaml;
the default reason is the "unfilled:" marker, so the cells show up for the people filling the
table. Replace them with study or description cells where a source exists.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

UNFILLED = "unfilled: set to the average back-pain consulter"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("finding")
    ap.add_argument("value", help="P(yes) for a yes/no finding, or a JSON object per state")
    ap.add_argument("--why", default=UNFILLED)
    ap.add_argument("--data", default="src/backstride/knowledge/data")
    args = ap.parse_args()
    root = Path(args.data)
    value = json.loads(args.value)
    if isinstance(value, dict):
        shown = "{" + ", ".join(f"{k}: {v:g}" for k, v in value.items()) + "}"
    else:
        shown = f"{float(value):g}"
    order = re.findall(r"(?m)^- (?:\{)?id: ([a-z][a-z0-9_]*)", (root / "findings.yaml").read_text())
    if args.finding not in order:
        raise SystemExit(f"{args.finding!r} is not a finding in findings.yaml")
    before = order[: order.index(args.finding)]
    line = f"  {args.finding}: {{estimate: {shown}, why: {json.dumps(args.why)}}}\n"
    for path in sorted((root / "evidence").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if any(x.startswith(f"  {args.finding}:") for x in lines):
            continue
        at = len(lines)
        for fid in reversed(before):
            hits = [i for i, x in enumerate(lines) if x.startswith(f"  {fid}:")]
            if hits:
                at = hits[0] + 1
                break
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.insert(at, line)
        path.write_text("".join(lines), encoding="utf-8")
        print(f"added {args.finding} to {path.name}")


if __name__ == "__main__":
    main()
