"""One-off conversion of the knowledge base to the v2 evidence format (issue 13, phase 1).

Reads the old data (evidence rows + findings' base_rates) from OLD and writes one file per
condition, OLD/evidence/<condition_id>.yaml, with a cell for every finding but age and sex,
then removes the old evidence files and the base rates from findings.yaml.

    python scripts/convert_kb_v2.py src/backstride/knowledge/data

Not part of the package; kept for the record of how today's rows became cells.
"""

from __future__ import annotations

import glob
import json
import math
import re
import sys
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """yes/no stay strings (as in the package's loader)."""


_Loader.yaml_implicit_resolvers = {
    k: [(t, rx) for t, rx in v if t != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text):
    return yaml.load(text, Loader=_Loader)


UNFILLED = "unfilled: set to the average back-pain consulter"
DEMOGRAPHIC = {"age", "sex"}
FIDELITY = 1.5

HEADER = """\
# Evidence for {cid}: one cell per finding (every finding except age and sex), giving
# P(answer | {cid}). Format (docs/METHOD.md, "Evidence cells"); one line per cell:
#   finding: {{study: CITATION, sens: 0.8, spec: 0.9, population: "who", vs: [all_other]}}
#       P(positive | condition) = sens; or give lr_pos/lr_neg plus p (P(positive | condition)).
#       vs = the study's comparison group (condition ids, or all_other); kb check requires the
#       LR the engine applies in that contrast within x1.5 of the published one.
#   finding: {{description: CITATION, freq: usually}}   (words: almost always 0.95, usually 0.8,
#       often 0.5, sometimes 0.25, occasionally 0.1, rarely 0.03, almost never 0.01)
#   finding: {{estimate: 0.2, why: "one-line reason"}}
#   Positive states: `when: [state, ...]` (default [yes]). Findings with more than two states
#   take one value per state: p: {{a: 0.2, b: 0.8}}, freq: {{a: often, b: rarely}} (normalised),
#   estimate: {{a: 0.2, b: 0.8}}. Cells not yet filled say "unfilled" (grep the colon form).
condition: {cid}
cells:
"""


def states(f):
    if f["type"] == "boolean":
        return ["yes", "no"]
    if f["type"] == "choice":
        return [o["id"] for o in f["options"]]
    return [b["id"] for b in f["number"]["bins"]]


def old_probs(row, f, base):
    """P(state | condition) as the old engine computed it."""
    st = states(f)
    when = row.get("when", ["yes"])
    pos = sum(base[s] for s in when)
    if row.get("sens") is not None:
        p = row["sens"]
    elif row.get("lr_pos") is not None:
        p = row["lr_pos"] * pos
    else:
        p = 1 - row["lr_neg"] * (1 - pos)
    p = min(max(p, 1e-3), 1 - 1e-3)
    return {s: (p * base[s] / pos if s in when else (1 - p) * base[s] / (1 - pos)) for s in st}


def q(text):
    return json.dumps(text, ensure_ascii=False)


def num(x):
    return f"{round(x, 4):g}"


def value_of(probs, f, when):
    """A number for two-state findings (P of the positive state), else one per state."""
    st = states(f)
    if len(st) == 2:
        return probs[when[0]] if when else probs[st[0]]
    return probs


def fmt_value(v):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {num(x)}" for k, x in v.items()) + "}"
    return num(v)


def main(root: Path) -> None:
    findings = load((root / "findings.yaml").read_text())
    base = {}
    for f in findings:
        raw = {str(k): v for k, v in f["base_rates"].items()}
        tot = sum(raw.values())
        base[f["id"]] = {s: raw[s] / tot for s in states(f)}
    conds = []
    for p in sorted((root / "conditions").glob("*.yaml")):
        conds += load(p.read_text())
    cids = [c["id"] for c in conds]
    prior = {c["id"]: c["prior"]["value"] for c in conds}
    tot = sum(prior.values())
    prior = {k: v / tot for k, v in prior.items()}
    rows = []
    old_files = sorted(glob.glob(str(root / "evidence" / "*.yaml")))
    for p in old_files:
        for r in load(Path(p).read_text()):
            r["when"] = [str(s) for s in r.get("when", ["yes"])]
            rows.append(r)
    by = {(r["finding"], r["condition"]): r for r in rows}

    # cells: (fid, cid) -> dict(kind=..., probs=..., fields...)
    cells = {}
    for cid in cids:
        for f in findings:
            fid = f["id"]
            if fid in DEMOGRAPHIC:
                continue
            r = by.get((fid, cid))
            if r is None:
                cells[(fid, cid)] = {"kind": "estimate", "probs": dict(base[fid]), "why": UNFILLED}
                continue
            probs = old_probs(r, f, base[fid])
            if r.get("source") == "henschke2009" and fid == "fever":
                cells[(fid, cid)] = {
                    "kind": "estimate",
                    "probs": probs,
                    "why": "fever 2.3% attributed to henschke2009 but not found in that source "
                    "(evidence audit 2026-12); kept as an estimate",
                }
            elif r.get("source"):
                cells[(fid, cid)] = {"kind": "study", "probs": probs, "row": r}
            else:
                cells[(fid, cid)] = {
                    "kind": "estimate",
                    "probs": probs,
                    "why": r["estimate"],
                    "note": r.get("note"),
                }

    # --- fixes named in issue 13 ---------------------------------------------------------
    # Past cancer: Deyo 1992 measured it in primary-care back pain, our own population, with
    # specificity 0.98, so P(past cancer | any other condition) = 0.02 where it was unfilled.
    for cid in cids:
        c = cells.get(("cancer_history", cid))
        if c and c["kind"] == "estimate" and c["why"] == UNFILLED:
            c["probs"] = {"yes": 0.02, "no": 0.98}
            c["why"] = (
                "1 - specificity 0.98 of a past cancer in primary-care back pain without cancer "
                "(deyo1992)"
            )

    def mix(fid, cid, when):
        others = [k for k in cids if k != cid]
        w = sum(prior[k] for k in others)
        return sum(prior[k] * sum(cells[(fid, k)]["probs"][s] for s in when) for k in others) / w

    def fit(fid, cid, lr_pos, lr_neg):
        """P(positive) nearest (minimax, log scale) to both published LRs vs all others."""
        m = mix(fid, cid, ["yes"])
        best = min(
            (max(abs(math.log(p / m / lr_pos)), abs(math.log((1 - p) / (1 - m) / lr_neg))), p)
            for p in [i / 1000 for i in range(1, 1000)]
        )[1]
        return best, m

    misapplied = [
        (
            "st_slr_leg_pain",
            "disc_radiculopathy",
            "van_der_windt2010",
            0.92 / 0.72,
            0.08 / 0.28,
            "sens 0.92 / spec 0.28 (LR+ 1.28, LR- 0.29), measured in surgical patients",
        ),
        (
            "st_slr_leg_pain",
            "piriformis_syndrome",
            "martin2014",
            3.2,
            0.85 / 0.95,
            "sens 0.15 / spec 0.95 (LR+ 3.2, LR- 0.89)",
        ),
    ]
    for _ in range(3):  # the two SLR cells sit in each other's comparison mix
        for fid, cid, study, lp, ln, figs in misapplied:
            if (fid, cid) not in cells:
                continue
            p, _m = fit(fid, cid, lp, ln)
            cells[(fid, cid)] = {
                "kind": "estimate",
                "probs": {"yes": p, "no": 1 - p},
                "why": f"published figure {figs} from {study} could not be applied in its contrast "
                "yet; set nearest to both LRs against all other conditions",
                "note": (by.get((fid, cid)) or {}).get("note"),
            }

    # --- study cells that cannot be applied in their contrast yet -> estimates -------------
    failed = []
    for (fid, cid), c in cells.items():
        if c["kind"] != "study":
            continue
        r = c["row"]
        sens, spec, lp, ln = r.get("sens"), r.get("spec"), r.get("lr_pos"), r.get("lr_neg")
        if sens is not None and spec is not None:
            lp = lp if lp is not None else sens / (1 - spec)
            ln = ln if ln is not None else (1 - sens) / spec
        if lp is None and ln is None:
            continue
        when = r["when"]
        pt = sum(c["probs"][s] for s in when)
        m = mix(fid, cid, when)
        ok = (lp is None or 1 / FIDELITY <= pt / m / lp <= FIDELITY) and (
            ln is None or 1 / FIDELITY <= (1 - pt) / (1 - m) / ln <= FIDELITY
        )
        if ok:
            continue
        figs = ", ".join(
            f"{k} {v:g}"
            for k, v in (
                ("sens", sens),
                ("spec", spec),
                ("LR+", r.get("lr_pos")),
                ("LR-", r.get("lr_neg")),
            )
            if v is not None
        )
        failed.append((cid, fid, r["source"], figs, lp, pt / m, ln, (1 - pt) / (1 - m)))
        cells[(fid, cid)] = {
            "kind": "estimate",
            "probs": c["probs"],
            "why": f"published figure {figs} from {r['source']} could not be applied in its "
            "contrast yet",
            "note": r.get("note"),
        }

    # --- write -----------------------------------------------------------------------------
    out_dir = root / "evidence"
    for p in old_files:
        Path(p).unlink()
    topic = None
    for cid in cids:
        lines = [HEADER.format(cid=cid)]
        topic = None
        for f in findings:
            fid = f["id"]
            if fid in DEMOGRAPHIC:
                continue
            if f["topic"] != topic:
                topic = f["topic"]
                lines.append(f"  # --- {topic}\n")
            c = cells[(fid, cid)]
            parts = []
            two = len(states(f)) == 2
            if c["kind"] == "study":
                r = c["row"]
                when = r["when"]
                parts.append(f"study: {r['source']}")
                if when != ["yes"]:
                    parts.append("when: [" + ", ".join(when) + "]")
                for k in ("sens", "spec", "lr_pos", "lr_neg"):
                    if r.get(k) is not None:
                        parts.append(f"{k}: {r[k]:g}")
                if r.get("sens") is None or not two:
                    parts.append("p: " + fmt_value(value_of(c["probs"], f, when)))
                parts.append(f"population: {q(r['population'])}")
                has_lr = r.get("lr_pos") or r.get("lr_neg") or r.get("spec") is not None
                parts.append("vs: [all_other]" if has_lr else "vs: []")
                if r.get("note"):
                    parts.append(f"note: {q(r['note'])}")
            else:
                st = states(f)
                when = ["yes"] if f["type"] == "boolean" else [st[0]]
                parts.append("estimate: " + fmt_value(value_of(c["probs"], f, when)))
                if two and f["type"] != "boolean":
                    parts.insert(0, f"when: [{st[0]}]")
                parts.append(f"why: {q(c['why'])}")
                if c.get("note"):
                    parts.append(f"note: {q(c['note'])}")
            lines.append(f"  {fid}: {{{', '.join(parts)}}}\n")
        (out_dir / f"{cid}.yaml").write_text("".join(lines), encoding="utf-8")

    text = (root / "findings.yaml").read_text()
    text = re.sub(r"(?m)^  base_rates: .*\n", "", text)
    text = re.sub(r"(?m)^  base_source: .*\n", "", text)
    text = re.sub(r",?\s*base_rates: \{[^}]*\}", "", text)
    text = re.sub(r",?\s*base_source: \{[^}]*\}", "", text)
    (root / "findings.yaml").write_text(text, encoding="utf-8")

    print("study cells converted to estimates (could not be applied in their contrast):")
    for row in failed:
        print("  ", row)
    for cid in cids:
        n = sum(1 for (f, c), v in cells.items() if c == cid and v.get("why") == UNFILLED)
        print(f"unfilled {cid}: {n}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
