"""The warning-sign questions left, shown on one screen after the person's own words.

Someone who has just described their back pain in a sentence should not then answer every
warning-sign question on its own page. Once age and sex are known (some warning signs are
only asked from a given age), the front ends can list every warning-sign question still to
be asked and let the person confirm "none of these apply" in one step.

Safety (docs/METHOD.md):
- confirming "none of these" answers each listed question "no" explicitly; nothing is
  cleared that was not on the list the person saw;
- a question the person marks (it applies, or they are not sure) is left unanswered, so the
  interview asks it on its own, with "don't know" as a choice;
- questions that only follow from a "yes" (the bladder and bowel details, for example) are not
  listed: the interview asks them one by one after that "yes";
- a yes/no question of the screen that is not itself a warning sign (pregnancy, for women
  under 55: three warning rules need it) joins the list, so it does not take a page of its
  own after it; the heading then asks "Do any of these apply to you?".
Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from backstride.engine.answers import Answers
from backstride.engine.questions import screen_pending
from backstride.knowledge.kb import KnowledgeBase

#: what must be answered before the list is complete (ask_if rules read age)
NEEDS = ("age", "sex")
#: a list of one is just a question: ask it as usual
MIN_ITEMS = 2
HEADING = "Do any of these warning signs apply to you?"
#: when the list holds a screen question that is not a warning sign (pregnancy)
HEADING_MIXED = "Do any of these apply to you?"


def listable(kb: KnowledgeBase, fid: str) -> bool:
    """A screen question that can go on the one-page list: yes/no, and a warning sign or a
    screen question (``screen: true``) of a checklist page."""
    f = kb.findings[fid]
    return f.type == "boolean" and (f.topic == "red_flag" or (f.screen and f.checklist is not None))


def heading(kb: KnowledgeBase, items: Iterable[str]) -> str:
    """The list's question: "warning signs" only when every item is one."""
    if all(kb.findings[fid].topic == "red_flag" for fid in items):
        return HEADING
    return HEADING_MIXED


def warning_list(kb: KnowledgeBase, answers: Answers) -> tuple[str, ...]:
    """Warning-sign questions still to ask, in the interview's order, including those that
    would come up once the others are answered "no". Empty until age and sex are answered,
    or when fewer than ``MIN_ITEMS`` are left."""
    if any(fid not in answers.values for fid in NEEDS):
        return ()
    out, _ = all_warnings_no(kb, answers)
    return out if len(out) >= MIN_ITEMS else ()


def all_warnings_no(kb: KnowledgeBase, answers: Answers) -> tuple[tuple[str, ...], Answers]:
    """Every warning-sign question still to ask, in the interview's order, including those
    that come up once the others are answered "no"; and the answers with all of them "no"."""
    out: list[str] = []
    trial = answers
    while True:
        new = [fid for fid in screen_pending(kb, trial) if listable(kb, fid) and fid not in out]
        if not new:
            break
        out += new
        for fid in new:
            trial = trial.with_answer(fid, "no")
    return tuple(out), trial


def apply_list(
    kb: KnowledgeBase, answers: Answers, items: Iterable[str], marked: Iterable[str]
) -> Answers:
    """The person saw ``items`` and marked some (they apply, or they are not sure): every
    item not marked is answered "no"; marked ones stay unanswered for the interview to ask."""
    shown = tuple(items)
    keep = set(marked)
    unknown = keep - set(shown)
    if unknown:
        raise ValueError(f"marked items that were not shown: {sorted(unknown)}")
    for fid in shown:
        if fid not in keep and listable(kb, fid):
            answers = answers.with_answer(fid, "no")
    return answers
