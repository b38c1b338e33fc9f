"""FHIR R4 export: one Bundle (type ``collection``) a records system can read.

    build_bundle(summary) -> dict                 from a clinician summary (report.summary)
    write_fhir_bundle(store_or_summary, path, person=None) -> dict   writes the JSON file

The Bundle holds a minimal Patient; a QuestionnaireResponse for every questionnaire taken
(linkId = our item id, answers as codings of our own answer code systems, ``questionnaire``
pointing at our own canonical URL, since the official wording is not ours to ship);
Observations for age, questionnaire scores, pain (0-10), walking tolerance, daily steps and
device walks, with LOINC codes where one exists (see ``codes.py`` for what was checked) and
local codes otherwise; a RiskAssessment with the ranked causes; and a CarePlan for the plan.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backstride.fhir.bundle import build_bundle

if TYPE_CHECKING:
    from backstride.storage import Store
    from backstride.storage.store import PersonRef


def write_fhir_bundle(
    store_or_summary: Store | Mapping[str, Any],
    path: str | Path,
    person: PersonRef = None,
) -> dict[str, Any]:
    """Write one person's Bundle to ``path`` ('-' is not special here) and return it.

    ``store_or_summary`` is an open :class:`~backstride.storage.Store` (the person's data is
    gathered with :func:`backstride.report.summary.collect_summary`) or a summary dict.
    """
    if isinstance(store_or_summary, Mapping):
        summary = store_or_summary
    else:
        from backstride.report.summary import collect_summary

        summary = collect_summary(store_or_summary, person)
    bundle = build_bundle(summary)
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)  # never leave a half-written file behind
    return bundle


__all__ = ["build_bundle", "write_fhir_bundle"]
