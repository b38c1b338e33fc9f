"""Cross-file checks: every reference resolves, every number is cited, ranges are sane."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from backstride.knowledge.cells import SUM_TOLERANCE, cell_probabilities, variant_probabilities
from backstride.knowledge.schema import (
    ALL_OTHER,
    Citation,
    Clause,
    Condition,
    Finding,
    KnowledgeBaseFiles,
    Match,
    PhraseSet,
    Sourced,
    StudyCell,
    VariantsCell,
)

DEMOGRAPHIC = {"age", "sex"}

if TYPE_CHECKING:
    from backstride.knowledge.kb import KnowledgeBase


def _dupes(ids: list[str], kind: str) -> list[str]:
    return [f"duplicate {kind} id {i!r}" for i, n in Counter(ids).items() if n > 1]


def _same_source(citations: list[Citation]) -> list[str]:
    """Two citation ids for one source (the same DOI, PubMed id, or title and year): a later
    change would cite one and miss what the other's note says, so keep one id."""
    seen: dict[tuple[str, str], str] = {}
    out: list[str] = []
    for c in citations:
        keys = [("DOI", (c.doi or "").strip().lower()), ("PubMed id", (c.pmid or "").strip())]
        if c.year is not None:
            title = re.sub(r"[^a-z0-9]+", " ", c.title.lower()).strip()
            keys.append(("title and year", f"{title} {c.year}"))
        for kind, key in keys:
            if not key.strip():
                continue
            other = seen.setdefault((kind, key), c.id)
            if other != c.id:
                out.append(f"citations {other!r} and {c.id!r} have the same {kind}: keep one id")
    return out


def _check_clause(c: Clause, findings: dict[str, Finding], where: str) -> list[str]:
    f = findings.get(c.finding)
    if f is None:
        return [f"{where}: unknown finding {c.finding!r}"]
    if c.gte is not None or c.lt is not None:
        return [] if f.type == "number" else [f"{where}: gte/lt used on non-number {f.id!r}"]
    states = [c.is_] if c.is_ is not None else list(c.in_ or [])
    bad = [s for s in states if s not in f.states]
    return [f"{where}: {f.id!r} has no state {s!r} (valid: {f.states})" for s in bad]


def _check_match(m: Match, findings: dict[str, Finding], where: str) -> list[str]:
    out: list[str] = []
    for c in [*m.all, *m.any, *m.none]:
        out += _check_clause(c, findings, where)
    return out


def _check_source(s: Sourced, citations: set[str], where: str) -> list[str]:
    if s.source and s.source not in citations:
        return [f"{where}: unknown citation {s.source!r}"]
    return []


def cross_check(kb: KnowledgeBaseFiles) -> list[str]:
    problems: list[str] = []
    problems += _dupes([c.id for c in kb.citations], "citation")
    problems += _same_source(kb.citations)
    problems += _dupes([c.id for c in kb.conditions], "condition")
    problems += _dupes([f.id for f in kb.findings], "finding")
    problems += _dupes([r.id for r in kb.red_flags], "red-flag rule")
    problems += _dupes([f.id for f in kb.factors], "factor")
    cites = {c.id for c in kb.citations}
    findings = {f.id: f for f in kb.findings}
    conditions = {c.id: c for c in kb.conditions}

    for f in kb.findings:
        if f.cluster is not None:
            problems += check_cluster(f, findings, cites)
        if f.ask_if:
            problems += _check_match(f.ask_if, findings, f"finding {f.id} ask_if")
        if f.plan_if:
            problems += _check_match(f.plan_if, findings, f"finding {f.id} plan_if")
        if f.number:
            bins = f.number.bins
            if bins[0].lo is not None or bins[-1].hi is not None:
                problems.append(f"finding {f.id}: first bin must have no lo, last bin no hi")
            for a, b in itertools.pairwise(bins):
                if a.hi is None or a.hi != b.lo:
                    problems.append(f"finding {f.id}: bins {a.id!r} and {b.id!r} do not meet")

    for c in kb.conditions:
        problems += _check_source(c.prior, cites, f"condition {c.id} prior")
        if not 0 < c.prior.value < 1:
            problems.append(f"condition {c.id}: prior {c.prior.value} must be in (0, 1)")
        for m in c.prior_modifiers:
            problems += _check_source(m, cites, f"condition {c.id} prior modifier")
        problems += check_variants(c, cites)

    problems += check_cells(kb, findings, set(conditions), cites)
    variants = {c.id: [v.id for v in c.variants] for c in kb.conditions}
    problems += check_split_cells(kb, findings, variants, cites)

    for r in kb.red_flags:
        problems += _check_match(r.when, findings, f"red flag {r.id}")
        problems += [
            f"red flag {r.id}: unknown condition {s!r}" for s in r.suspect if s not in conditions
        ]
        problems += [
            f"red flag {r.id}: unknown citation {s!r}" for s in r.sources if s not in cites
        ]
    for fac in kb.factors:
        problems += _check_match(fac.indicators, findings, f"factor {fac.id}")
        problems += [
            f"factor {fac.id}: unknown citation {s!r}" for s in fac.sources if s not in cites
        ]
    problems += check_phrases(kb, findings)
    return problems


def check_phrases(kb: KnowledgeBaseFiles, findings: dict[str, Finding]) -> list[str]:
    """phrases.yaml: every finding and answer exists; number findings take no answer."""
    problems: list[str] = []
    seen: Counter[str] = Counter()
    for p in kb.phrases:
        if not isinstance(p, PhraseSet):
            continue
        where = f"phrases {p.finding}={p.answer}"
        seen.update(f"{p.finding}: {x!r}" for x in set(p.phrases))
        f = findings.get(p.finding)
        if f is None:
            problems.append(f"{where}: unknown finding {p.finding!r}")
        elif f.type == "number":
            if p.answer is not None:
                problems.append(f"{where}: a number finding takes no 'answer'")
        elif p.answer not in f.states:
            problems.append(f"{where}: {f.id!r} has no state {p.answer!r} (valid: {f.states})")
    problems += [f"phrases {k}: listed twice" for k, n in seen.items() if n > 1]
    return problems


#: how a cell's reason or note names a source: an id with an underscore or a year in it
#: (pengel2003, physiopedia_nslbp); ids of findings, conditions and states are not sources
_NAMED = re.compile(r"(?<![\w./-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+\d{4}[a-z0-9_]*)(?![\w/-])")


def named_sources(cell: object, not_sources: set[str]) -> list[str]:
    """The source ids a cell's words name (its why, note and population), in order."""
    text = " ".join(str(getattr(cell, a, None) or "") for a in ("why", "note", "population"))
    return [m for m in dict.fromkeys(_NAMED.findall(text)) if m not in not_sources]


def _not_ids(findings: dict[str, Finding], conditions: Iterable[str]) -> set[str]:
    """Words that look like source ids but are ids of findings, conditions or states."""
    return {ALL_OTHER, *findings, *conditions, *(s for f in findings.values() for s in f.states)}


def _uncited_names(at: str, cell: object, not_ids: set[str], cites: set[str]) -> list[str]:
    return [
        f"{at}: its text names {name!r}, which is not a citation id (add it to "
        "citations/, or name the source in words)"
        for name in named_sources(cell, not_ids)
        if name not in cites
    ]


def check_cells(
    kb: KnowledgeBaseFiles, findings: dict[str, Finding], conditions: set[str], cites: set[str]
) -> list[str]:
    """One file per condition, one well-formed cell for every finding but age and sex."""
    problems: list[str] = []
    seen: Counter[str] = Counter(ce.condition for ce in kb.evidence)
    problems += [
        f"evidence: {n} files for condition {c!r} (keep one)" for c, n in seen.items() if n > 1
    ]
    # a cluster needs a cell only where a study gives its figures; elsewhere its items act
    needed = [f for f, spec in findings.items() if f not in DEMOGRAPHIC and spec.cluster is None]
    names = _not_ids(findings, conditions)
    for ce in kb.evidence:
        where = f"evidence/{ce.condition}.yaml"
        if ce.condition not in conditions:
            problems.append(f"{where}: unknown condition {ce.condition!r}")
            continue
        for fid, cell in ce.cells.items():
            at = f"{where}: cell {fid}"
            f = findings.get(fid)
            if f is None:
                problems.append(f"{at}: unknown finding {fid!r}")
                continue
            if fid in DEMOGRAPHIC:
                problems.append(f"{at}: age and sex act through prior_modifiers, not evidence")
                continue
            if isinstance(cell, VariantsCell):
                continue  # checked part by part in check_split_cells
            if cell.source and cell.source not in cites:
                problems.append(f"{at}: unknown citation {cell.source!r}")
            problems += _uncited_names(at, cell, names, cites)
            try:
                probs = cell_probabilities(cell, f)
            except ValueError as exc:
                problems.append(f"{at}: {exc}")
                continue
            if cell.when is not None and (not cell.when or set(cell.when) == set(f.states)):
                problems.append(f"{at}: 'when' must be a proper subset of the states {f.states}")
            if any(p <= 0 or p >= 1 for p in probs.values()) and len(probs) == 2:
                problems.append(f"{at}: probabilities must be strictly between 0 and 1")
            vs = getattr(cell, "vs", [])
            for g in vs:
                if g != ALL_OTHER and g not in conditions:
                    problems.append(f"{at}: unknown condition {g!r} in 'vs'")
                if g == ce.condition:
                    problems.append(f"{at}: 'vs' must not include the cell's own condition")
            if ALL_OTHER in vs and len(vs) > 1:
                problems.append(f"{at}: 'vs' is either {ALL_OTHER} or a list of condition ids")
        missing = [fid for fid in needed if fid not in ce.cells]
        problems += [f"{where}: missing cell for finding {fid!r}" for fid in missing]
    problems += [
        f"evidence: no file for condition {c!r} (evidence/{c}.yaml)"
        for c in sorted(conditions - set(seen))
    ]
    return problems


def check_variants(c: Condition, cites: set[str]) -> list[str]:
    """A condition's variants: two or more, distinct, shares summing to 1, each sourced."""
    if not c.variants:
        return []
    where = f"condition {c.id} variants"
    out = _dupes([v.id for v in c.variants], f"variant of {c.id}")
    if len(c.variants) < 2:
        out.append(f"{where}: give two or more variants, or none")
    total = sum(v.share for v in c.variants)
    if abs(total - 1) > SUM_TOLERANCE:
        out.append(f"{where}: shares sum to {total:.3f}, not 1")
    for v in c.variants:
        out += _check_source(v, cites, f"{where} {v.id}")
        for m in v.modifiers:
            out += _check_source(m, cites, f"{where} {v.id} modifier")
    return out


def check_split_cells(
    kb: KnowledgeBaseFiles,
    findings: dict[str, Finding],
    variants: dict[str, list[str]],
    cites: set[str],
) -> list[str]:
    """Cells split by variant: only in a condition with variants, one well-formed part per
    variant, each part cited; a part's study is a case series of that sub-type (vs: [])."""
    out: list[str] = []
    names = _not_ids(findings, variants)
    for ce in kb.evidence:
        for fid, cell in ce.cells.items():
            at = f"evidence/{ce.condition}.yaml: cell {fid}"
            f = findings.get(fid)
            if f is None or ce.condition not in variants:
                continue
            if f.cluster is not None and variants[ce.condition]:
                out.append(f"{at}: a cluster cannot be applied to a condition with variants")
            if not isinstance(cell, VariantsCell):
                continue
            if not variants[ce.condition]:
                out.append(f"{at}: split by variants, but {ce.condition!r} has no variants")
                continue
            try:
                variant_probabilities(cell, f, variants[ce.condition])
            except ValueError as exc:
                out.append(f"{at}: {exc}")
                continue
            for vid, part in cell.variants.items():
                if part.source and part.source not in cites:
                    out.append(f"{at} ({vid}): unknown citation {part.source!r}")
                out += _uncited_names(
                    f"{at} ({vid})", part, names | set(variants[ce.condition]), cites
                )
                if isinstance(part, StudyCell) and (
                    part.vs or part.spec is not None or part.lr_pos or part.lr_neg
                ):
                    out.append(
                        f"{at} ({vid}): a variant's study is a case series (vs: [], sens "
                        "only); published LRs belong to a whole condition"
                    )
    return out


def check_cluster(f: Finding, findings: dict[str, Finding], cites: set[str]) -> list[str]:
    """A cluster's items test other, asked answers: states by is/in, age or sex by value."""
    assert f.cluster is not None
    where = f"finding {f.id} cluster"
    out: list[str] = []
    if f.cluster.source not in cites:
        out.append(f"{where}: unknown citation {f.cluster.source!r}")
    for m in f.cluster.items:
        out += _check_match(m, findings, where)
        if m.none:
            out.append(f"{where}: a cluster item cannot use 'none'")
        for c in [*m.all, *m.any]:
            g = findings.get(c.finding)
            if g is None:
                continue
            if g.cluster is not None:
                out.append(f"{where}: an item cannot test another cluster ({c.finding!r})")
            if (c.gte is not None or c.lt is not None) and c.finding not in DEMOGRAPHIC:
                out.append(
                    f"{where}: gte/lt only on age; test {c.finding!r} by its states (is / in)"
                )
    assert f.number is not None
    n = len(f.cluster.items)
    if f.number.min != 0 or f.number.max != n:
        out.append(f"{where}: its number runs from 0 to the {n} items")
    return out


def fidelity_problems(kb: KnowledgeBase) -> list[str]:
    """Study cells whose applied LR is not within x1.5 of the published one (docs/METHOD.md)."""
    out = []
    for fi in kb.fidelity:
        if fi.ok:
            continue
        pub = ", ".join(
            f"{k} published {p:.2f} applied {a:.2f}"
            for k, p, a in (
                ("LR+", fi.published_pos, fi.applied_pos),
                ("LR-", fi.published_neg, fi.applied_neg),
            )
            if p is not None
        )
        out.append(
            f"evidence/{fi.condition}.yaml: cell {fi.finding} ({fi.study}, vs "
            f"{', '.join(fi.vs)}): {pub}; not within x1.5 in the study's contrast"
        )
    return out
