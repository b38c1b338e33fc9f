"""Deterministic rules: gating of questions, red flags, contributing factors, urgency."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backstride.engine.answers import UNKNOWN, Answers
from backstride.engine.inference import DAMPING, Evidence, damped_sum, evidence_rows, posterior
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import Clause, Match, RedFlagRule, Urgency

URGENCY_TEXT = {
    Urgency.emergency: (
        "Emergency: get help now",
        "Call an ambulance (999, 911 or 112) or go to the emergency department now. "
        "Do not wait to see if it gets better.",
    ),
    Urgency.urgent: (
        "Urgent: see a doctor today or within a few days",
        "Contact your doctor today and say what you told us. If you cannot be seen within a "
        "few days, or it gets worse, use an urgent care service.",
    ),
    Urgency.doctor: (
        "Book an appointment with a doctor or physiotherapist",
        "This is not an emergency, but a doctor or physio should check it. Book an appointment "
        "in the next week or two. Meanwhile, keep gently active.",
    ),
    Urgency.self_care: (
        "Self-care: you can start looking after this yourself",
        "Most back pain like this gets better with gentle activity and time. Use the plan, and "
        "see a doctor if anything in the safety net below happens.",
    ),
}

#: what each urgency asks for, in words (for the reasons behind the urgency box)
CARE_WORDS = {
    Urgency.doctor: "a check by a doctor or physio",
    Urgency.urgent: "a doctor within days",
    Urgency.emergency: "emergency care",
}

#: the same for a clinician: what each urgency means, and what each one asks for
CLINICAL_LEVEL = {
    Urgency.self_care: "Self-management (screen indicates no review)",
    Urgency.doctor: "Routine review by a doctor or physiotherapist",
    Urgency.urgent: "Urgent medical review (within days)",
    Urgency.emergency: "Emergency (same-day emergency assessment)",
}
CLINICAL_CARE = {
    Urgency.doctor: "routine review",
    Urgency.urgent: "urgent medical review",
    Urgency.emergency: "emergency assessment",
}

#: the signs that call for emergency help whatever else is going on (part of every safety net
#: short of an emergency result, which already says to get help now)
EMERGENCY_WATCH = (
    "Get emergency help at once if the skin between your legs or around your bottom goes "
    "numb. The same goes for new trouble peeing or holding in pee or poo, and for legs that "
    "get weaker."
)
SAFETY_NET = (
    f"{EMERGENCY_WATCH} See a doctor soon if you get a fever or lose weight without trying. "
    "See one too if pain keeps you awake every night, or you are not better after 4 to 6 weeks."
)

#: at most this many warning signs are named in the safety net; the rest are listed above it
SAFETY_NET_NAMES = 3


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def safety_net_text(fired: list[RedFlagRule]) -> str:
    """The safety net for this result, in plain words.

    When an emergency or urgent warning sign fired, it names those signs (each rule's own
    plain name), so a possible aneurysm is not answered with the words for squeezed nerves at
    the bottom of the spine. An urgent result then adds the signs that would make it an
    emergency (EMERGENCY_WATCH); an emergency result already says to get help now. With no
    such sign it is the general list of signs to watch for.
    """
    serious = [r for r in fired if r.urgency in ("emergency", "urgent") and r.kind != "check_up"]
    if not serious:
        return SAFETY_NET
    names = list(dict.fromkeys(_lower_first(r.name.rstrip(".")) for r in serious))
    shown = names[:SAFETY_NET_NAMES]
    more = len(names) - len(shown)
    if len(names) == 1:
        signs = f"Your answers show a warning sign: {shown[0]}."
    else:
        signs = f"Your answers show {len(names)} warning signs: " + "; ".join(shown)
        signs += f"; and {more} more, listed above." if more else "."
    if any(r.urgency == "emergency" for r in serious):
        act = (
            "Get emergency help now: call an ambulance (999, 911 or 112) or go to the "
            "emergency department. Do not wait to see if it gets better."
        )
        return f"{signs} {act} Follow the advice shown above."
    act = (
        "See a doctor today or within a few days. If it gets worse before you are seen, "
        "or you feel very unwell, get emergency help."
    )
    return f"{signs} {act} Follow the advice shown above. {EMERGENCY_WATCH}"


def clause_true(kb: KnowledgeBase, clause: Clause, answers: Answers) -> bool:
    value = answers.values.get(clause.finding)
    if value is None or value == UNKNOWN:
        return False
    if clause.gte is not None or clause.lt is not None:
        x = float(value)
        return (clause.gte is None or x >= clause.gte) and (clause.lt is None or x < clause.lt)
    state = kb.state_of(clause.finding, value)
    return state == clause.is_ if clause.is_ is not None else state in (clause.in_ or [])


def matches(kb: KnowledgeBase, m: Match, answers: Answers) -> bool:
    """Every clause of ``all`` holds, none of ``none`` does and, if there is an ``any``, at
    least one of those."""
    for c in m.all:  # plain loops: this runs hundreds of times per request
        if not clause_true(kb, c, answers):
            return False
    for c in m.none:
        if clause_true(kb, c, answers):
            return False
    if not m.any:
        return True
    for c in m.any:  # noqa: SIM110 (a generator costs more, and this is hot)
        if clause_true(kb, c, answers):
            return True
    return False


def fired_red_flags(kb: KnowledgeBase, answers: Answers) -> list[RedFlagRule]:
    fired = [r for r in kb.red_flags if matches(kb, r.when, answers)]
    return sorted(fired, key=lambda r: -Urgency[r.urgency])


def one_answer_away(
    kb: KnowledgeBase,
    answers: Answers,
    askable: frozenset[str],
    at_least: Urgency,
    fired: list[RedFlagRule] | None = None,
) -> list[str]:
    """Questions whose "yes" (or the answer a clause names) alone would make a warning-sign
    rule of ``at_least`` or more fire, given the answers so far; the most urgent rule first.

    A rule counts when every clause but one holds (its ``any`` list counting as one clause,
    held when one of its items is) and the missing one can still be asked. A rule two or more
    answers away, or one with a clause already answered otherwise, does not. The interview asks
    these before it ends, so a person whose answers point at a warning sign is asked the
    question that decides it (guideline scenarios: cancer with new walking trouble).
    ``fired``: the rules that fire on these answers, when the caller has them."""
    if fired is None:
        fired = fired_red_flags(kb, answers)
    now = max((Urgency[r.urgency] for r in fired), default=Urgency.self_care)
    floor = max(now + 1, at_least)
    out: list[str] = []
    for rule, level in _rules_by_urgency(kb):
        if level < floor:
            break  # most urgent first: the rest are lower still
        if any(clause_true(kb, c, answers) for c in rule.when.none):
            continue  # set aside by an answer: no answer can make it fire
        missing: Clause | None = None
        for c in rule.when.all:  # plain loops: this runs at every interview step
            if not clause_true(kb, c, answers):
                if missing is not None or c.finding not in askable:
                    break  # two answers away, or a clause already answered otherwise
                missing = c
        else:
            held = not rule.when.any
            for c in rule.when.any:
                if clause_true(kb, c, answers):
                    held = True
                    break
            if missing is not None and held:
                wanted = [missing.finding]
            elif missing is None and not held:
                wanted = [c.finding for c in rule.when.any if c.finding in askable]
            else:
                continue
            out += [f for f in wanted if f not in out]
    return out


def _rules_by_urgency(kb: KnowledgeBase) -> list[tuple[RedFlagRule, Urgency]]:
    cached = kb.derived.get("rules_by_urgency")
    if cached is None:
        ranked = [(r, Urgency[r.urgency]) for r in kb.red_flags]
        cached = kb.derived["rules_by_urgency"] = sorted(ranked, key=lambda x: -x[1])
    return cached  # type: ignore[return-value]


@dataclass(frozen=True)
class Triage:
    level: Urgency
    reasons: list[str]
    advice: str
    fired: list[RedFlagRule]
    #: the same reasons in precise wording for a clinician, one for one
    clinical: list[str] = field(default_factory=list)
    #: the causes behind an urgent or emergency call, to be ruled out first (`check_first`)
    check_first: list[str] = field(default_factory=list)


def screen_not_clear(kb: KnowledgeBase, answers: Answers) -> list[str]:
    """Red-flag screen questions not answered 'no' (unanswered, don't know, or yes).

    Self-care advice needs a clear screen: a warning sign that was not ruled out is never
    taken as reassurance.
    """
    return [
        f.id
        for f in kb.findings.values()
        if f.screen and f.topic == "red_flag" and answers.values.get(f.id) != "no"
    ]


def red_flag_answers(kb: KnowledgeBase) -> frozenset[tuple[str, str]]:
    """(finding, state) pairs that some red-flag rule looks for (demographics excluded)."""
    cached = kb.derived.get("red_flag_answers")
    if cached is None:
        cached = kb.derived["red_flag_answers"] = frozenset(_red_flag_answers(kb))
    return cached  # type: ignore[return-value]


def _red_flag_answers(kb: KnowledgeBase) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for rule in kb.red_flags:
        out |= _rule_answers(kb, rule)
    return out


def _rule_answers(kb: KnowledgeBase, rule: RedFlagRule) -> set[tuple[str, str]]:
    """(finding, state) pairs that one rule looks for (demographics excluded)."""
    out: set[tuple[str, str]] = set()
    for c in [*rule.when.all, *rule.when.any]:
        out |= clause_answers(kb, c)
    return out


def clause_answers(kb: KnowledgeBase, c: Clause) -> set[tuple[str, str]]:
    """(finding, state) pairs that one clause looks for (none for age and sex; every state of
    a number, whatever the range)."""
    if c.finding in ("age", "sex"):
        return set()
    if c.is_ is not None:
        return {(c.finding, c.is_)}
    if c.in_ is not None:
        return {(c.finding, s) for s in c.in_}
    return {(c.finding, s) for s in kb.findings[c.finding].states}


def held_warning_answers(
    kb: KnowledgeBase, answers: Answers, fired: list[RedFlagRule] | None = None
) -> frozenset[tuple[str, str]]:
    """(finding, state) pairs of these answers that make up a warning sign this person has:
    the clauses that hold in each warning-sign rule that fires (demographics excluded).

    An answer that a rule needs only together with another one (a fall with thin bones, groin
    pain after a fall, a burning pee in pregnancy) is a warning-sign answer of every cause when
    the rule fires; otherwise only of the causes the rule names (`purpose_answers`). A rule that fires on one answer alone
    makes that answer a warning-sign answer whenever it is given. Check-up rules (kind
    ``check_up``, e.g. pain for 4 weeks or more) are not warning signs.
    """
    fired = fired_red_flags(kb, answers) if fired is None else fired
    out: set[tuple[str, str]] = set()
    for rule in fired:
        if rule.kind != "warning_sign":
            continue
        for c in [*rule.when.all, *rule.when.any]:
            if c.finding in ("age", "sex") or not clause_true(kb, c, answers):
                continue
            out.add((c.finding, kb.state_of(c.finding, answers.values[c.finding])))
    return frozenset(out)


def without_red_flag_answers(
    kb: KnowledgeBase, answers: Answers, flagged: frozenset[tuple[str, str]] | None = None
) -> Answers:
    """These answers without the red-flag answers ``flagged`` (every answer some rule looks
    for, `red_flag_answers`, when not given)."""
    flagged = red_flag_answers(kb) if flagged is None else flagged
    keep = {
        k: v
        for k, v in answers.values.items()
        if v == UNKNOWN or k not in kb.findings or (k, kb.state_of(k, v)) not in flagged
    }
    return Answers(keep)


def red_flag_answers_by_condition(
    kb: KnowledgeBase, answers: Answers, fired: list[RedFlagRule] | None = None
) -> tuple[frozenset[tuple[str, str]], ...]:
    """For each condition (``kb.condition_ids`` order), the answers given that count as
    red-flag answers for its suspicion (`suspicion`):

    - the answers of every warning sign this person has (`held_warning_answers`), for every
      condition;
    - the answers that the warning-sign rules naming the condition as a suspect look for,
      even when their rule does not fire (`purpose_answers`): groin pain counts for a broken
      hip, which a rule looks for after a fall, with or without the fall;
    - any duration (`numeric_answers`), for every condition.

    Any other answer is an ordinary one for that condition, weighed both ways. Before session
    23 every answer some rule looks for was a red-flag answer for every condition, so an answer
    that matters only together with another (groin pain without a fall, a burning pee without a
    pregnancy or colicky loin pain) lifted causes far from its rule's purpose: pyelonephritis, prostatitis,
    gallstones and a psoas abscess with a fever were sent to the emergency department because
    the urinary, tummy or groin answer no longer counted against a spinal infection.
    """
    fired = fired_red_flags(kb, answers) if fired is None else fired
    held = held_warning_answers(kb, answers, fired)
    present = {
        (k, kb.state_of(k, v))
        for k, v in answers.values.items()
        if v != UNKNOWN and k in kb.findings and k not in ("age", "sex")
    }
    wider = numeric_answers(kb) & present
    return tuple(frozenset(held | wider | (pairs & present)) for pairs in purpose_answers(kb))


def suspicion(
    kb: KnowledgeBase,
    answers: Answers,
    damping: float = DAMPING,
    *,
    post: np.ndarray | None = None,
    ev: Evidence | None = None,
    fired: list[RedFlagRule] | None = None,
) -> np.ndarray:
    """How strongly each condition is suspected, for urgency: never lowered by a warning sign.

    For each condition, start from the posterior without its red-flag answers
    (`red_flag_answers_by_condition`), then raise its odds by the red-flag answers that point
    towards it: each answer's likelihood ratio for the condition against all the others,
    P(answer | c) / P(answer | not c) with "not c" weighted by that same posterior (above 1
    only, damped within a dependency group as in the inference). For a single red-flag answer
    this is the exact posterior of c. Red-flag answers that point away from a condition, or
    towards another one, are left out, so a warning sign the person has, or an answer a rule
    naming the condition looks for, can only keep or raise that condition's suspicion.

    An answer that a rule needs only with another one, when the rule does not fire, is an
    ordinary answer for the causes the rule does not name (session 23), so it can lower them
    as any answer can; the rule itself still fires on the full combination.

    ``post`` and ``ev``, when given, are the posterior and the evidence rows of these same
    answers (damping ``DAMPING``), already computed by the caller, and ``fired`` the rules that
    fire on them.
    """
    ev = evidence_rows(kb, answers) if ev is None else ev
    out = np.zeros(kb.n_conditions)
    by_set: dict[frozenset[tuple[str, str]], list[int]] = {}
    for j, flagged in enumerate(red_flag_answers_by_condition(kb, answers, fired)):
        by_set.setdefault(flagged, []).append(j)
    for flagged, cols in by_set.items():
        out[cols] = _suspicion_given(kb, answers, flagged, damping, post, ev)[cols]
    return out


def purpose_answers(kb: KnowledgeBase) -> tuple[frozenset[tuple[str, str]], ...]:
    """For each condition (``kb.condition_ids`` order), the red-flag answers of the warning-sign
    rules that name it as a suspect (`red_flag_answers`, rule by rule): for that condition
    they count as red-flag answers even when their rule does not fire (cached)."""
    cached = kb.derived.get("purpose_answers")
    if cached is None:
        sets: dict[str, set[tuple[str, str]]] = {cid: set() for cid in kb.condition_ids}
        for rule in kb.red_flags:
            if rule.kind != "warning_sign":
                continue
            pairs = _rule_answers(kb, rule)
            for cid in rule.suspect:
                sets[cid] |= pairs
        cached = kb.derived["purpose_answers"] = tuple(
            frozenset(sets[cid]) for cid in kb.condition_ids
        )
    return cached  # type: ignore[return-value]


def numeric_answers(kb: KnowledgeBase) -> frozenset[tuple[str, str]]:
    """Every range of a number that some rule compares (the pain's duration): red-flag answers
    for every condition, as before session 23. Only some ranges are a warning sign's part, but
    leaving the others to the ranking lowered held-out cases that need urgent care (a spinal
    abscess after 3 weeks of fever, an aneurysm after 5 years of pain), so they stay."""
    cached = kb.derived.get("numeric_answers")
    if cached is None:
        cached = kb.derived["numeric_answers"] = frozenset(
            pair for pair in red_flag_answers(kb) if kb.findings[pair[0]].type == "number"
        )
    return cached  # type: ignore[return-value]


def _suspicion_given(
    kb: KnowledgeBase,
    answers: Answers,
    held: frozenset[tuple[str, str]],
    damping: float,
    post: np.ndarray | None,
    ev: Evidence,
) -> np.ndarray:
    """`suspicion` with ``held`` as the red-flag answers, for every condition."""
    clean = without_red_flag_answers(kb, answers, held)
    if post is not None and damping == DAMPING and len(clean.values) == len(answers.values):
        base = post  # no red-flag answer to leave out: the posterior itself
    else:
        base = posterior(kb, clean)
    flagged = {kb.row[pair] for pair in held}
    by_group: dict[str, list[int]] = {}
    for r, g in zip(ev.rows.tolist(), ev.groups, strict=True):
        if r in flagged:
            by_group.setdefault(g, []).append(r)
    base = np.clip(base, 1e-12, 1 - 1e-12)
    log_bf = np.zeros(kb.n_conditions)
    for rows in by_group.values():
        lik = kb.likelihood[rows]  # (k, n)
        # P(answer | not this condition) under the beliefs before any red-flag answer
        rest = ((lik @ base)[:, None] - lik * base[None, :]) / (1 - base)[None, :]
        log_lr = np.log(lik) - np.log(np.clip(rest, 1e-300, None))
        log_bf += damped_sum(np.clip(log_lr, 0, None), damping)
    odds = base / (1 - base) * np.exp(log_bf)
    return odds / (1 + odds)


#: A cause that calls for care at least this urgent, through a warning-sign rule that names it
#: or through its own suspected chance, is listed first: it must be ruled out before the likelier
#: ones (docs/METHOD.md, "The order of the causes").
CHECK_FIRST_FROM = Urgency.urgent


def triage(
    kb: KnowledgeBase,
    answers: Answers,
    post: np.ndarray,
    suspected: np.ndarray | None = None,
    fired: list[RedFlagRule] | None = None,
) -> Triage:
    """The highest urgency called for by the red-flag rules and the suspected conditions.

    A red flag can only raise urgency. Rules are monotone (an added answer can only make more
    clauses true). The condition part uses ``suspected`` (see `suspicion`), which a red-flag
    answer can only raise; without it, the plain posterior is used.
    """
    level = Urgency.self_care
    reasons: list[str] = []
    clinical: list[str] = []
    first: list[str] = []
    fired = fired_red_flags(kb, answers) if fired is None else fired
    for rule in fired:
        level = max(level, Urgency[rule.urgency])
        if rule.kind == "warning_sign" and Urgency[rule.urgency] >= CHECK_FIRST_FROM:
            first += [s for s in rule.suspect if s not in first]
        reasons.append(f"{rule.label}: {rule.name}")
        kind = "red flag" if rule.kind == "warning_sign" else "check-up rule"
        clinical.append(f"{rule.clinician_note.rstrip('.')} ({kind} {rule.id})")
    concern = post if suspected is None else suspected
    for i, cid in enumerate(kb.condition_ids):
        c = kb.conditions[cid]
        u = Urgency[c.urgency]
        if concern[i] >= c.act_at and u > Urgency.self_care:
            care = CARE_WORDS[u]
            if post[i] >= c.act_at:  # the chance the ranked list shows: one number per fact
                reasons.append(f"{c.name} is possible ({post[i]:.0%}), which needs {care}")
                clinical.append(
                    f"{c.clinical_name}: posterior {post[i]:.0%}, at or above its action "
                    f"threshold of {c.act_at:.0%} for {CLINICAL_CARE[u]}"
                )
            else:  # raised by warning-sign answers only: a reason for concern, not a chance
                reasons.append(
                    f"Reason for concern: your warning-sign answers point to {c.name}, "
                    f"which needs {care}"
                )
                clinical.append(
                    f"{c.clinical_name} suspected from the red-flag answers alone (posterior "
                    f"{post[i]:.0%}; action threshold {c.act_at:.0%} for {CLINICAL_CARE[u]})"
                )
            level = max(level, u)
            if u >= CHECK_FIRST_FROM and cid not in first:
                first.append(cid)
    unclear = screen_not_clear(kb, answers)
    if unclear and level < Urgency.doctor:
        level = Urgency.doctor
        reasons.append(
            "Some warning signs were not ruled out ("
            + "; ".join(
                (kb.findings[f].short or kb.findings[f].question).lower() for f in unclear[:3]
            )
            + ("; and more" if len(unclear) > 3 else "")
            + "), so a doctor or physio should check before you rely on self-care"
        )
        clinical.append(
            "Red-flag screen incomplete (not answered 'no': "
            + "; ".join(kb.findings[f].clinical for f in unclear)
            + "): review before self-management"
        )
    advice = next((r.advice for r in fired if Urgency[r.urgency] == level), "")
    _label, generic = URGENCY_TEXT[level]
    return Triage(
        level=level,
        reasons=reasons,
        advice=advice or generic,
        fired=fired,
        clinical=clinical,
        check_first=first,
    )
