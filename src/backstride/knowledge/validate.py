"""Cross-file checks: every reference resolves, every number is cited, ranges are sane."""

from __future__ import annotations

import itertools
from collections import Counter

from backstride.knowledge.schema import (
    Clause,
    Evidence,
    Finding,
    KnowledgeBaseFiles,
    Match,
    PhraseSet,
    Sourced,
)

DEMOGRAPHIC = {"age", "sex"}


def positive_probability(ev: Evidence, finding: Finding) -> float:
    """P(positive states | condition) implied by an evidence row (see docs/METHOD.md)."""
    base_pos = sum(finding.base_rates[s] for s in ev.when)
    if ev.sens is not None:
        return ev.sens
    if ev.lr_pos is not None:
        return ev.lr_pos * base_pos
    assert ev.lr_neg is not None
    return 1.0 - ev.lr_neg * (1.0 - base_pos)


def _dupes(ids: list[str], kind: str) -> list[str]:
    return [f"duplicate {kind} id {i!r}" for i, n in Counter(ids).items() if n > 1]


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
    for c in [*m.all, *m.any]:
        out += _check_clause(c, findings, where)
    return out


def _check_source(s: Sourced, citations: set[str], where: str) -> list[str]:
    if s.source and s.source not in citations:
        return [f"{where}: unknown citation {s.source!r}"]
    return []


def cross_check(kb: KnowledgeBaseFiles) -> list[str]:
    problems: list[str] = []
    problems += _dupes([c.id for c in kb.citations], "citation")
    problems += _dupes([c.id for c in kb.conditions], "condition")
    problems += _dupes([f.id for f in kb.findings], "finding")
    problems += _dupes([r.id for r in kb.red_flags], "red-flag rule")
    problems += _dupes([f.id for f in kb.factors], "factor")
    cites = {c.id for c in kb.citations}
    findings = {f.id: f for f in kb.findings}
    conditions = {c.id: c for c in kb.conditions}

    for f in kb.findings:
        problems += _check_source(f.base_source, cites, f"finding {f.id}")
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

    pairs: Counter[tuple[str, str]] = Counter()
    covered: set[str] = set()
    for ev in kb.evidence:
        where = f"evidence {ev.finding}->{ev.condition}"
        pairs[(ev.finding, ev.condition)] += 1
        problems += _check_source(ev, cites, where)
        if ev.condition not in conditions:
            problems.append(f"{where}: unknown condition {ev.condition!r}")
        f = findings.get(ev.finding)
        if f is None:
            problems.append(f"{where}: unknown finding {ev.finding!r}")
            continue
        if f.id in DEMOGRAPHIC:
            problems.append(f"{where}: age and sex act through prior_modifiers, not evidence")
        bad = [s for s in ev.when if s not in f.states]
        if bad:
            problems.append(f"{where}: states {bad} not in {f.states}")
            continue
        if set(ev.when) == set(f.states) or not ev.when:
            problems.append(f"{where}: 'when' must be a proper subset of the states")
            continue
        p = positive_probability(ev, f)
        if not 0.001 <= p <= 0.999:
            problems.append(
                f"{where}: implied P(positive | condition) = {p:.3f} is outside [0.001, 0.999]; "
                f"give 'sens' or adjust the finding's base rate"
            )
        covered.add(ev.condition)
    problems += [
        f"evidence {a}->{b}: {n} rows for one pair (keep one)"
        for (a, b), n in pairs.items()
        if n > 1
    ]
    problems += [f"condition {c}: has no evidence rows" for c in conditions if c not in covered]

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
