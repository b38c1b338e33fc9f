"""Load the plan data files (exercises, advice, education) once, strictly."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import ValidationError

from backstride.errors import KnowledgeBaseError
from backstride.plan.schema import Advice, EducationCard, Exercise, PlanData

FILES = {"exercises": Exercise, "advice": Advice, "education": EducationCard}


def _read(name: str) -> list[Any]:
    from backstride.knowledge.loader import load_yaml

    path = resources.files("backstride.knowledge") / "data" / "plan" / f"{name}.yaml"
    return load_yaml(path.read_text(encoding="utf-8")) or []


@lru_cache(maxsize=1)
def load_plan_data() -> PlanData:
    """Parse and validate data/plan/*.yaml (cached). Raises KnowledgeBaseError listing problems."""
    problems: list[str] = []
    parsed: dict[str, list[Any]] = {}
    for name, model in FILES.items():
        items = []
        for entry in _read(name):
            try:
                items.append(model.model_validate(entry))
            except ValidationError as err:
                ident = entry.get("id") if isinstance(entry, dict) else None
                problems += [
                    f"plan/{name}.yaml: {ident!r}: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                    for e in err.errors()
                ]
        ids = [i.id for i in items]
        problems += [
            f"plan/{name}.yaml: duplicate id {i!r}" for i in sorted(set(ids)) if ids.count(i) > 1
        ]
        parsed[name] = items
    if problems:
        raise KnowledgeBaseError(problems)
    return PlanData(**parsed)


def check_against_kb(kb: Any, data: PlanData | None = None) -> list[str]:
    """Citation, condition, finding and factor ids used by the plan data exist in the KB."""
    data = data or load_plan_data()
    problems: list[str] = []
    factor_ids = {f.id for f in kb.factors}
    cats = {c.category for c in kb.conditions.values()}
    for item in [*data.exercises, *data.advice, *data.education]:
        where = f"plan item {item.id}"
        if item.evidence:
            problems += [
                f"{where}: unknown citation {c!r}"
                for c in item.evidence.sources
                if c not in kb.citations
            ]
        whens = [item.for_, getattr(item, "unless", None)]
        whens += [t.for_ for t in getattr(item, "tips", []) if not isinstance(t, str)]
        for w in whens:
            if w is None:
                continue
            problems += [
                f"{where}: unknown condition {c!r}" for c in w.conditions if c not in kb.conditions
            ]
            problems += [
                f"{where}: no condition has category {c!r}" for c in w.categories if c not in cats
            ]
            problems += [f"{where}: unknown factor {f!r}" for f in w.factors if f not in factor_ids]
            for fid, states in w.answers.items():
                f = kb.findings.get(fid)
                if f is None:
                    problems.append(f"{where}: unknown finding {fid!r}")
                    continue
                problems += [
                    f"{where}: {fid!r} has no state {s!r}" for s in states if s not in f.states
                ]
    return problems
