"""One definition of "walking is limited", for the engine (the self-test order) and the plan
(the walking programme and the next steps). Pure: no I/O; imports nothing from the project.

Walking counts as limited when the legs make the person stop on walking, or when symptoms start
within 30 minutes (or within 1 km). 30 minutes is the walking programme's target session
(docs/WALKING_PROGRAMME.md); someone who can already walk that long before symptoms start has
little to gain from a programme that builds up to it, or from a long timed walk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

#: Walking under these limits before symptoms start counts as limited.
LIMITED_WALK_MINUTES = 30.0
LIMITED_WALK_METRES = 1000.0


def _number(value: Any) -> float | None:
    """A number from an answer value (a float, an int or a numeric string); None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    try:
        n = float(value)
    except (TypeError, ValueError):
        return None
    return n if math.isfinite(n) else None


def walking_limited(values: Mapping[str, Any] | None) -> bool:
    """The legs make the person stop on walking, or symptoms start within 30 min (or 1 km).

    ``values`` maps finding ids to answers: the engine's parsed values, or a stored answers
    dict (``{"answers": {...}}`` or the inner dict itself).
    """
    if not isinstance(values, Mapping):
        return False
    inner = values.get("answers", values)
    if not isinstance(inner, Mapping):
        return False
    give_way = inner.get("legs_give_way_walking")
    if give_way is True or str(give_way).strip().lower() == "yes":
        return True
    for key, limit in (
        ("walk_minutes", LIMITED_WALK_MINUTES),
        ("walk_metres", LIMITED_WALK_METRES),
    ):
        n = _number(inner.get(key))
        if n is not None and n < limit:
            return True
    return False
