"""Self-test results in the database: one row per test done (``selftest_results``, revision 0001).

The CLI (``backstride selftest``) and the web's self-test pages both save through
:func:`record_selftest`, and both show the results over time with :func:`selftest_history`.
A row keeps the test id, a one-line ``outcome`` (the answers in words) and ``details``:
the measures as given and the findings they turned into for the assessment.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstride.storage import Store
    from backstride.storage.store import PersonRef

MAX_OUTCOME_CHARS = 100  # the column's length


def measure_text(measure: Any, value: Any) -> str:
    if measure.type == "choice":
        return next((o.label for o in measure.options if o.id == value), str(value))
    return f"{float(value):g} {measure.unit}".strip()


def outcome_text(test: Any, measures: dict[str, Any]) -> str:
    """The answers in words, e.g. 'Tight', or with the measure's name where a test has
    several: 'upright minutes: 6 minutes; relief: I had to sit down or bend forward'."""
    several = len(test.measures) > 1
    parts = [
        (f"{m.id.replace('_', ' ')}: " if several else "") + measure_text(m, measures[m.id])
        for m in test.measures
        if measures.get(m.id) is not None
    ]
    text = "; ".join(parts) or "No result given"
    return text if len(text) <= MAX_OUTCOME_CHARS else text[: MAX_OUTCOME_CHARS - 3] + "..."


def record_selftest(
    store: Store,
    person: PersonRef,
    test: Any,
    measures: dict[str, Any],
    findings: dict[str, Any],
    taken_at: datetime | None = None,
) -> int:
    """Save one self-test done (measures as given: option ids, option numbers or numbers,
    checked again here); returns the new row's id."""
    from backstride.knowledge.selftests import parse_measure_value

    clean = {
        m.id: v
        for m in test.measures
        if (v := parse_measure_value(m, measures.get(m.id))) is not None
    }
    details = {"measures": clean, "findings": dict(findings)}
    return store.save_selftest(
        person, test.id, outcome_text(test, clean), details, taken_at=taken_at
    )


def selftest_history(store: Store, person: PersonRef) -> list[dict[str, Any]]:
    """Every stored self-test, grouped by test (in the guide's order), oldest first within
    each: ``[{"id", "name", "results": [{"taken_at", "outcome", "measures"}]}]``."""
    from backstride.knowledge.selftests import load_selftests

    rows = store.list_selftests(person)
    names = {t.id: t.name for t in load_selftests()}
    order = list(names)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        details = row.get("details") or {}
        grouped.setdefault(row["test_id"], []).append(
            {
                "taken_at": row["taken_at"],
                "outcome": row["outcome"],
                "measures": details.get("measures", {}),
            }
        )
    ids = sorted(grouped, key=lambda t: (order.index(t) if t in order else len(order), t))
    return [{"id": t, "name": names.get(t, t), "results": grouped[t]} for t in ids]
