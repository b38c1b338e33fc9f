"""Generate the tables of docs/SAFETY.md from the knowledge base and docs/safety_features.yaml.

Run: .venv/bin/python benchmarks/safety_case.py --write   (rewrites the generated blocks)
     .venv/bin/python benchmarks/safety_case.py           (prints them)
tests/test_safety_case.py fails when the document is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from backstride.engine import assess
from backstride.knowledge import load_kb
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Clause, Finding, Match, Urgency

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "docs" / "safety_features.yaml"
DOC = ROOT / "docs" / "SAFETY.md"
BLOCK = re.compile(r"(<!-- generated:(\w+) -->\n)(.*?)(<!-- /generated -->)", re.S)
#: the person behind each feature's urgency column: pain that began with lifting, every yes/no
#: warning-sign question answered "no" except the feature's own answers, duration not given
BACKGROUND = {"onset_lifting": "yes"}
CHECKLISTS = {"history_flags": "history checklist", "ces_detail": "bladder and bowel checklist"}


def clause_text(c: Clause) -> str:
    if c.gte is not None and c.lt is not None:
        return f"{c.finding} {c.gte:g}-{c.lt:g}"
    if c.gte is not None:
        return f"{c.finding} ≥ {c.gte:g}"
    if c.lt is not None:
        return f"{c.finding} < {c.lt:g}"
    if c.is_ is not None:
        return f"{c.finding} = {c.is_}"
    return f"{c.finding} in {', '.join(c.in_ or [])}"


def match_text(m: Match) -> str:
    parts = [clause_text(c) for c in m.all]
    if m.any:
        alts = [clause_text(c) for c in m.any]
        parts.append(alts[0] if len(alts) == 1 else "(" + " or ".join(alts) + ")")
    return " and ".join(parts)


def always_asked(f: Finding) -> bool:
    """Asked in the screen phase whenever its gate (if any) is open."""
    return f.ask and (f.screen or f.topic == "red_flag")


def who(f: Finding) -> str:
    gate = f" if {match_text(f.ask_if)}" if f.ask_if else ""
    if not f.ask:
        return "set by a self-test only"
    if always_asked(f):
        where = f" ({CHECKLISTS.get(f.checklist, f.checklist)})" if f.checklist else ""
        return f"everyone{gate}{where}" if gate else f"everyone{where}"
    return f"when the interview picks it{gate}"


def clear_screen(kb: KnowledgeBase) -> dict[str, Any]:
    return {f.id: "no" for f in kb.findings.values() if f.screen and f.type == "boolean"}


def engine_level(kb: KnowledgeBase, feature: dict[str, Any]) -> tuple[str, list[str]]:
    age = feature.get("age_min", 40)
    sex = feature.get("sex", "male")
    answers = {**clear_screen(kb), **BACKGROUND, **feature["answers"]}
    r = assess(kb, {"age": age, "sex": sex, "answers": answers}).to_dict()
    return r["urgency"]["level"], [x["id"] for x in r["red_flags"]]


def feature_tables(kb: KnowledgeBase) -> dict[str, str]:
    out: dict[str, str] = {}
    for section in yaml.safe_load(FEATURES.read_text()):
        rows = [
            "| feature | question ids (answer) | who is asked | guideline urgency | "
            "engine urgency | rules that fire | guideline |",
            "|---|---|---|---|---|---|---|",
        ]
        for feat in section["features"]:
            qs = "; ".join(f"`{k}` ({v})" for k, v in feat["answers"].items())
            asked = "; ".join(f"`{k}`: {who(kb.findings[k])}" for k in feat["answers"])
            limits = []
            if "age_min" in feat or "age_max" in feat:
                limits.append(f"ages {feat.get('age_min', 16)}-{feat.get('age_max', 110)}")
            if "sex" in feat:
                limits.append(f"{feat['sex']} only")
            applies = f" ({', '.join(limits)})" if limits else ""
            level, fired = engine_level(kb, feat)
            gap = {
                "adaptive": " **(gap: asked adaptively)**",
                "follow_up": " (the rest asked as a follow-up to the first)",
            }.get(feat.get("asked", "always"), "")
            rows.append(
                f"| {feat['feature']}{applies}{gap} | {qs} | {asked} | {feat['urgency']} | "
                f"{level} | {', '.join(f'`{x}`' for x in fired)} | "
                f"{', '.join(feat['guideline'])} |"
            )
        out[section["condition"]] = "\n".join(rows) + "\n"
    return out


def follow_up_reach(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Adaptive questions the interview can reach as follow-ups (rules.one_answer_away), with
    the rules that reach each: a chain, since a follow-up's "yes" can make the next rule one
    answer away. Starts from the always-asked questions; a rule of urgent or more reaches its
    one clause left when the rest is reachable (its ``any`` list counting as one clause, held
    when one of its items can be), and every ``any`` item once its ``all`` clauses are. Each
    path holds only when those earlier answers are given, so it is a way in, not a guarantee."""
    known = {"age", "sex"} | {fid for fid, f in kb.findings.items() if always_asked(f)}
    reach: dict[str, list[str]] = {}
    changed = True
    while changed:
        changed = False
        for r in kb.red_flags:
            if Urgency[r.urgency] < Urgency.urgent:
                continue
            ok = known | set(reach)
            left = [c.finding for c in r.when.all if c.finding not in ok]
            any_can_hold = not r.when.any or any(c.finding in ok for c in r.when.any)
            if len(left) == 1 and any_can_hold:
                new = left
            elif not left:  # none of the `any` items holds yet: each is asked in turn
                new = [c.finding for c in r.when.any if c.finding not in known]
            else:
                new = []
            for fid in new:
                if kb.findings[fid].ask and r.id not in reach.setdefault(fid, []):
                    reach[fid].append(r.id)
                    changed = True
    return reach


def _through(r: Any, adaptive: list[str], reach: dict[str, list[str]]) -> str:
    """How a rule that needs adaptive questions is still reached: each of them is a follow-up
    of an urgent rule, other rules' follow-ups among them, so the chain can ask them in turn."""
    needed_all = [c.finding for c in r.when.all if c.finding in adaptive]
    any_ids = [c.finding for c in r.when.any]
    if any(f not in reach for f in needed_all):
        return ""
    if any_ids and not any(f in reach or f not in adaptive for f in any_ids):
        return ""
    shown = [f for f in adaptive if f in reach]
    if all(reach[f] == [r.id] for f in shown):
        return ""
    parts = [
        f"`{f}` via " + ", ".join("this rule" if x == r.id else f"`{x}`" for x in reach[f])
        for f in shown
    ]
    return "asked only as follow-ups of earlier answers: " + "; ".join(parts)


def adaptive_dependencies(kb: KnowledgeBase) -> str:
    """Red-flag rules with a clause on a question the interview may never ask."""
    rows = [
        "| rule | urgency | questions it needs that are asked only adaptively |",
        "|---|---|---|",
    ]
    reach = follow_up_reach(kb)
    for r in kb.red_flags:
        clauses = [*r.when.all, *r.when.any]
        adaptive = sorted(
            {
                c.finding
                for c in clauses
                if c.finding not in ("age", "sex") and not always_asked(kb.findings[c.finding])
            }
        )
        if not adaptive:
            continue
        # an `any` branch is covered when another branch of it is always asked
        needed_all = {c.finding for c in r.when.all} & set(adaptive)
        any_ok = any(
            c.finding in ("age", "sex") or always_asked(kb.findings[c.finding]) for c in r.when.any
        )
        # the interview asks a warning sign one answer away (rules.one_answer_away): in a rule
        # of urgent or more whose `all` clauses are always asked, the `any` branches are asked
        # as follow-ups once those hold; a single adaptive `all` clause is asked once the rest
        # (an always-asked `any` branch, if there is an `any` list) holds
        followed = Urgency[r.urgency] >= Urgency.urgent and len(needed_all) <= 1
        if followed and (not needed_all or not r.when.any):
            kind = "asked as a follow-up once the rest holds"
        elif followed and any_ok:
            kind = "asked as a follow-up when an always-asked branch holds"
        elif chained := _through(r, adaptive, reach):
            kind = chained
        elif needed_all or not any_ok:
            kind = "every path"
        else:
            kind = "some branches; another is always asked"
        rows.append(
            f"| `{r.id}` | {r.urgency} | {', '.join(f'`{a}`' for a in adaptive)} ({kind}) |"
        )
    return "\n".join(rows) + "\n"


def blocks(kb: KnowledgeBase) -> dict[str, str]:
    return {**feature_tables(kb), "adaptive_dependencies": adaptive_dependencies(kb)}


def render(text: str, generated: dict[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(2)
        if name not in generated:
            raise SystemExit(f"docs/SAFETY.md has an unknown generated block {name!r}")
        return m.group(1) + generated[name] + m.group(4)

    return BLOCK.sub(sub, text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="rewrite the blocks in docs/SAFETY.md")
    args = ap.parse_args()
    generated = blocks(load_kb())
    if args.write:
        DOC.write_text(render(DOC.read_text(), generated))
    else:
        for name, table in generated.items():
            print(f"<!-- generated:{name} -->\n{table}<!-- /generated -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
