"""What the pages and the API share: one interview step, and plain views of KB entries."""

from __future__ import annotations

from typing import Any

from backstride.engine import Answers, assess, next_question, parse_answers
from backstride.engine.cards import condition_card
from backstride.engine.context import Context
from backstride.engine.questions import questions_left, screen_pages
from backstride.errors import NotFoundError
from backstride.knowledge.cells import basis_text, positive_states, published_text
from backstride.knowledge.kb import KnowledgeBase

STOP_TEXT = {
    "clear": "One cause now stands out clearly enough.",
    "no_gain": "More questions would not change the picture much.",
    "cap": "That is as many questions as we ask in one go.",
}


def question_view(kb: KnowledgeBase, fid: str) -> dict[str, Any]:
    f = kb.findings[fid]
    out: dict[str, Any] = {
        "id": f.id,
        "text": f.question,
        "help": f.help,
        "type": f.type,
        "topic": f.topic,
        "screen": bool(f.screen or f.topic == "red_flag"),
        "options": [],
        "unit": None,
        "min": None,
        "max": None,
    }
    if f.type == "boolean":
        out["options"] = [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]
    elif f.type == "choice":
        out["options"] = [{"id": o.id, "label": o.label} for o in f.options]
    else:
        assert f.number is not None
        out.update(unit=f.number.unit, min=f.number.min, max=f.number.max)
    return out


def progress(kb: KnowledgeBase, answers: Answers, ctx: Context | None = None) -> dict[str, int]:
    answered = len(answers.values)
    ctx = Context(kb, answers) if ctx is None else ctx
    return {
        "answered": answered,
        # the questions asked so far plus the most still to come (engine.questions_left)
        "max_questions": answered + questions_left(kb, answers, ctx),
        # the warning-sign questions still to ask, and the pages the web shows them on (one
        # page per checklist)
        "screen_left": len(ctx.screen_pending),
        "screen_pages_left": screen_pages(kb, ctx.screen_pending),
    }


def question_step(kb: KnowledgeBase, ctx: Context) -> dict[str, Any]:
    """What to ask next (or why to stop) and the progress: the part of `interview_step` the
    question page needs, without the assessment."""
    nq = next_question(kb, ctx.answers, ctx=ctx)
    return {
        "question": question_view(kb, nq.finding) if nq.finding else None,
        "should_stop": nq.finding is None,
        "stop_reason": None if nq.finding else nq.reason,
        "stop_text": None if nq.finding else STOP_TEXT.get(nq.reason, ""),
        "phase": {"screen": "screen", "warning": "warning"}.get(nq.reason, "narrowing"),
        "progress": progress(kb, ctx.answers, ctx),
    }


def interview_step(kb: KnowledgeBase, data: Any) -> dict[str, Any]:
    """Assess everything answered so far and say what to ask next (or to stop).

    One engine pass (engine/context.py): the posterior, the red-flag rules and the question
    gains are computed once and shared by the assessment and the next question."""
    ctx = Context(kb, parse_answers(kb, data))
    result = assess(kb, ctx.answers, ctx=ctx).to_dict()
    result.update(question_step(kb, ctx))
    return result


def citation_view(kb: KnowledgeBase, cid: str) -> dict[str, Any]:
    c = kb.citations[cid]
    link = c.url or (f"https://doi.org/{c.doi}" if c.doi else None)
    if link is None and c.pmid:
        link = f"https://pubmed.ncbi.nlm.nih.gov/{c.pmid}/"
    return {
        "id": c.id,
        "authors": c.authors,
        "year": c.year,
        "year_label": c.year_label,
        "accessed": c.accessed.isoformat() if c.accessed else None,
        "title": c.title,
        "journal": c.journal,
        "doi": c.doi,
        "pmid": c.pmid,
        "url": link,
        "kind": c.kind,
    }


def condition_summary(kb: KnowledgeBase, cid: str) -> dict[str, Any]:
    c = kb.conditions[cid]
    return {
        "id": c.id,
        "name": c.name,
        "clinical_name": c.clinical_name,
        "category": c.category,
        "serious": c.serious,
        "summary": c.summary,
        "urgency": c.urgency,
    }


def get_condition(kb: KnowledgeBase, cid: str) -> dict[str, Any]:
    if cid not in kb.conditions:
        raise NotFoundError(
            f"There is no condition with id {cid!r}.",
            field="condition_id",
            choices=list(kb.conditions),
        )
    c = kb.conditions[cid]
    evidence = []
    sources: set[str] = set()
    j = kb.condition_ids.index(cid)
    fidelity = {fi.finding: fi for fi in kb.fidelity if fi.condition == cid}
    for (fid, cond), ev in kb.evidence.items():
        if cond != cid:
            continue
        f = kb.findings[fid]
        labels = {o.id: o.label for o in f.options}
        if f.number is not None:
            labels = {b.id: b.label for b in f.number.bins}
        when = positive_states(ev, f) or f.states[:1]
        rows = [kb.row[(fid, s)] for s in when]
        p_t = float(kb.likelihood[rows, j].sum())
        rest = float((kb.base[rows].sum() - kb.base_prior[j] * p_t) / (1 - kb.base_prior[j]))
        fi = fidelity.get(fid)
        evidence.append(
            {
                "finding": fid,
                "question": f.question,
                "clinical": f.clinical,
                "when": [labels.get(s, s) for s in when],
                "kind": ev.kind,
                "probability": round(p_t, 4),
                "weight": round(p_t / rest, 3),
                "sens": getattr(ev, "sens", None),
                "spec": getattr(ev, "spec", None),
                "lr_pos": getattr(ev, "lr_pos", None),
                "lr_neg": getattr(ev, "lr_neg", None),
                "population": getattr(ev, "population", None),
                "vs": list(getattr(ev, "vs", [])),
                "applied_lr_pos": None if fi is None else round(fi.applied_pos, 3),
                "applied_lr_neg": None if fi is None else round(fi.applied_neg, 3),
                "published": published_text(ev),
                "source": ev.source,
                "estimate": getattr(ev, "why", None),
                "basis": basis_text(ev),
                "note": ev.note,
            }
        )
        if ev.source:
            sources.add(ev.source)
        sources.update(getattr(ev, "sources", ()))
    if c.prior.source:
        sources.add(c.prior.source)
    for m in c.prior_modifiers:
        if m.source:
            sources.add(m.source)
    for v in c.variants:
        sources.update(x.source for x in (v, *v.modifiers) if x.source)
    return {
        **condition_summary(kb, cid),
        # the card is derived from the table (engine/cards.py), never written by hand
        "card": {"typical_story": c.card.typical_story, **condition_card(kb, cid)},
        "helps": list(c.helps),
        "prior": {"value": c.prior.value, "source": c.prior.source, "estimate": c.prior.estimate},
        # sub-types whose answers differ (docs/METHOD.md, "Variants"), with their shares
        "variants": [
            {
                "id": v.id,
                "name": v.name,
                "share": v.share,
                "source": v.source,
                "estimate": v.estimate,
                "by_age_or_sex": bool(v.modifiers),
            }
            for v in c.variants
        ],
        "evidence": evidence,
        "sources": [citation_view(kb, s) for s in sorted(sources) if s in kb.citations],
    }


def finding_view(kb: KnowledgeBase, fid: str) -> dict[str, Any]:
    f = kb.findings[fid]
    q = question_view(kb, fid)
    q["clinical"] = f.clinical
    q["asked"] = f.ask
    return q


def get_finding(kb: KnowledgeBase, fid: str) -> dict[str, Any]:
    if fid not in kb.findings:
        raise NotFoundError(
            f"There is no finding with id {fid!r}.", field="finding_id", choices=list(kb.findings)
        )
    return finding_view(kb, fid)
