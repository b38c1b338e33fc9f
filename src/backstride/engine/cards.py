"""Condition cards derived from the evidence table: what nearly always and nearly never goes
with a condition, how rare it is and how urgent (docs/METHOD.md, "Condition cards").

Nothing here is written by hand: the lists come from the cells, the rarity from the priors,
the urgency from the condition's entry. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from backstride.engine.rules import URGENCY_TEXT
from backstride.knowledge.cells import basis_text, published_text
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Urgency

#: an answer "nearly always" goes with a condition at P(answer | condition) >= this ...
NEARLY_ALWAYS = 0.80
#: ... and "nearly never" at P(answer | condition) <= this (the words "usually" and "rarely")
NEARLY_NEVER = 0.05
#: ... and only where it sets the condition apart: at least this many times likelier (or
#: less likely) than with the other conditions. An answer nearly everyone gives ("no fever")
#: tells nothing about one condition and is left out.
DISTINCT = 1.5

#: the ages the table's bands stand for (docs/METHOD.md, "Priors")
AGE_BANDS = (("under 40", 30), ("40-59", 50), ("60-69", 65), ("70 or over", 75))


@dataclass(frozen=True)
class CardAnswer:
    finding: str
    state: str
    question: str  # the question as the person is asked it
    answer: str  # the answer, in the person's words
    clinical: str  # the finding's clinical label
    probability: float  # P(answer | condition)
    weight: float  # P(answer | condition) / P(answer | all other conditions)
    kind: str  # study, description or estimate
    source: str | None
    published: str | None  # the source's own figures, where there are any
    basis: str  # one line: where the number comes from


def rarity_words(share: float) -> str:
    """Plain words for a share of people with back pain, e.g. 0.003 -> 'rare: about 3 in 1,000'."""
    if share >= 0.10:
        word = "common"
    elif share >= 0.02:
        word = "fairly common"
    elif share >= 0.005:
        word = "uncommon"
    elif share >= 0.0005:
        word = "rare"
    else:
        word = "very rare"
    if share >= 0.01:
        n = f"about {round(share * 100):d} in 100"
    elif share >= 0.001:
        n = f"about {round(share * 1000):d} in 1,000"
    elif share >= 0.0001:
        n = f"about {round(share * 10000):d} in 10,000"
    else:
        n = "fewer than 1 in 10,000"
    return f"{word}: {n} people with low back pain"


def _answer_label(kb: KnowledgeBase, fid: str, state: str) -> str:
    f = kb.findings[fid]
    if f.type == "choice":
        return next(o.label for o in f.options if o.id == state)
    if f.type == "number":
        assert f.number is not None
        return next(b.label for b in f.number.bins if b.id == state)
    return state


def card_answers(kb: KnowledgeBase, cid: str) -> tuple[list[CardAnswer], list[CardAnswer]]:
    """(nearly always, nearly never) for one condition, strongest first."""
    j = kb.condition_ids.index(cid)
    always, never = [], []
    for fid, rows in kb.rows_of.items():
        cell = kb.evidence.get((fid, cid))
        if cell is None or kb.findings[fid].cluster is not None:
            continue  # age and sex act through the priors; a cluster through its items
        f = kb.findings[fid]
        for state, r in zip(f.states, rows, strict=True):
            p = float(kb.likelihood[r, j])
            w = float(kb.weight_vs_rest[r, j])
            if p >= NEARLY_ALWAYS and w >= DISTINCT:
                bucket = always
            elif p <= NEARLY_NEVER and w <= 1 / DISTINCT:
                bucket = never
            else:
                continue
            bucket.append(
                CardAnswer(
                    finding=fid,
                    state=state,
                    question=f.question,
                    answer=_answer_label(kb, fid, state),
                    clinical=f.clinical,
                    probability=round(p, 3),
                    weight=round(w, 3),
                    kind=cell.kind,
                    source=cell.source,
                    published=published_text(cell),
                    basis=basis_text(cell),
                )
            )
    always.sort(key=lambda a: (-a.probability, -a.weight))
    never.sort(key=lambda a: (a.probability, a.weight))
    return always, never


def condition_card(kb: KnowledgeBase, cid: str) -> dict[str, Any]:
    """The derived card of one condition, as plain data (used by the CLI, web page and API)."""
    c = kb.conditions[cid]
    j = kb.condition_ids.index(cid)
    share = float(kb.base_prior[j])
    always, never = card_answers(kb, cid)
    level = Urgency[c.urgency]
    label, _advice = URGENCY_TEXT[level]
    by_age = []
    for band, age in AGE_BANDS:
        by_age.append(
            {
                "age": band,
                "male": round(float(kb.prior(age, "male")[j]), 6),
                "female": round(float(kb.prior(age, "female")[j]), 6),
            }
        )
    return {
        "rarity": {
            "share": round(share, 6),
            "words": rarity_words(share),
            "by_age_sex": by_age,
            "source": c.prior.source,
            "estimate": c.prior.estimate,
        },
        "urgency": {
            "level": c.urgency,
            "label": label,
            "act_at": c.act_at,
            "words": (
                f"If this is suspected: {label[0].lower()}{label[1:]}. Backstride says so once "
                f"its chance reaches {c.act_at:.0%}, or at once when a warning-sign rule fires."
            ),
        },
        "nearly_always": [asdict(a) for a in always],
        "nearly_never": [asdict(a) for a in never],
        "thresholds": {
            "nearly_always": NEARLY_ALWAYS,
            "nearly_never": NEARLY_NEVER,
            "distinct": DISTINCT,
        },
    }
