"""Where each citation is used: found from the data itself, never from a citation's own note.

A citation's ``note`` ("Used for ...") is written once and drifts when a later change reuses the
citation elsewhere. `citation_uses` walks the loaded knowledge base (and any other sourced data
given to it, such as plan advice and self-tests) and lists every place that names the citation,
so `backstride kb show CITATION` can show the real list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from backstride.knowledge.kb import KnowledgeBase

_WORD = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class Use:
    place: str  # e.g. "evidence cell", "condition", "red-flag rule"
    label: str  # e.g. "lumbar_stenosis x diabetes (study)"
    in_text: bool = False  # named only inside a note or reason, not as the number's source


def _mentions(value: object, ids: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """(citation id, only in text) for each citation named inside a model, depth first.

    A field whose whole value is a citation id is a source; an id written inside a sentence (a
    note saying "not applied: ...", a reason) is a mention in text."""
    if isinstance(value, str):
        if value in ids:
            yield value, False
        else:
            for word in _WORD.findall(value):
                if word in ids:
                    yield word, True
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _mentions(getattr(value, name), ids)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _mentions(v, ids)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _mentions(v, ids)


def all_uses(
    kb: KnowledgeBase, extra: Iterable[tuple[str, str, BaseModel]] = ()
) -> dict[str, list[Use]]:
    """Every citation id -> the places that name it (an empty list for an unused citation).

    ``extra`` adds other sourced data as (place, label, model), e.g. plan advice."""
    ids = frozenset(kb.citations)
    uses: dict[str, list[Use]] = {cid: [] for cid in kb.citations}

    def add(place: str, label: str, model: object) -> None:
        found: dict[str, bool] = {}
        for cid, in_text in _mentions(model, ids):
            found[cid] = found.get(cid, True) and in_text
        for cid, in_text in found.items():
            uses[cid].append(Use(place, label, in_text))

    for c in kb.conditions.values():
        add("condition", c.id, c)
    for (fid, cid), cell in kb.evidence.items():
        add("evidence cell", f"{cid} x {fid} ({cell.kind})", cell)
    for f in kb.findings.values():
        add("finding", f.id, f)
    for r in kb.red_flags:
        add("red-flag rule", r.id, r)
    for fa in kb.factors:
        add("contributing factor", fa.id, fa)
    for place, label, model in extra:
        add(place, label, model)
    return uses


def citation_uses(
    kb: KnowledgeBase, citation_id: str, extra: Iterable[tuple[str, str, BaseModel]] = ()
) -> list[Use]:
    return all_uses(kb, extra)[citation_id]
