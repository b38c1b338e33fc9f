"""The interview's answers carried in the page itself, so the server keeps no state.

The answers travel as an ordered list of ``[finding id, value]`` pairs, JSON then base64url,
in the ``s`` query parameter or form field. Order matters: going back drops the last pair.
Every request re-validates them against the knowledge base, so an edited link can only ever
change the person's own answers, and a damaged one gives a clear 422.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from backstride.engine import Answers, parse_answers
from backstride.errors import InputError
from backstride.knowledge.kb import KnowledgeBase
from backstride.limits import load_json

MAX_STATE_CHARS = 16_000
Pairs = list[tuple[str, Any]]


def encode(pairs: Pairs) -> str:
    if not pairs:
        return ""
    raw = json.dumps([[k, v] for k, v in pairs], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str | None) -> Pairs:
    if not token:
        return []
    bad = InputError(
        "The answers in this link are damaged. Start again from the first question.",
        field="s",
    )
    if len(token) > MAX_STATE_CHARS:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = load_json(raw, "answers in this link", field="s")  # depth and digit limits
    except (binascii.Error, ValueError, InputError):
        raise bad from None
    if not isinstance(data, list):
        raise bad
    pairs: Pairs = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise bad
        if not (item[1] is None or isinstance(item[1], str | int | float)):
            raise bad
        if "\x00" in item[0] or (isinstance(item[1], str) and "\x00" in item[1]):
            raise bad
        pairs.append((item[0], item[1]))
    return pairs


def to_document(pairs: Pairs) -> dict[str, Any]:
    """Pairs -> the answers document ``{"age", "sex", "answers"}`` the engine reads."""
    doc: dict[str, Any] = {"age": None, "sex": None, "answers": {}}
    for fid, value in pairs:
        if fid in ("age", "sex"):
            doc[fid] = value
        else:
            doc["answers"][fid] = value
    return doc


def load(kb: KnowledgeBase, token: str | None) -> tuple[Pairs, Answers]:
    """Decode and validate; the last answer to a finding wins, keeping its first position."""
    pairs = decode(token)
    seen: dict[str, Any] = {}
    for fid, value in pairs:
        seen[fid] = value
    pairs = list(seen.items())
    return pairs, parse_answers(kb, to_document(pairs))


def canonical(answers: Answers, pairs: Pairs) -> Pairs:
    """Pairs with validated values (numbers as numbers), in the original order."""
    return [(fid, _plain(answers.values[fid])) for fid, _ in pairs if fid in answers.values]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
