"""Literal phrases matched on each word's norm, as spaCy's PhraseMatcher(attr="NORM") would.

The phrases of phrases.yaml stand for about 170,000 word sequences once their alternatives,
optional words and apostrophe-less spellings are spelt out (``patterns.literal_forms``). Giving
each to the PhraseMatcher means building a spaCy ``Doc`` per sequence, which took most of the
10-30 seconds the parser needed to start. Here a sequence is a tuple of norms in a dict, built
in well under a second, and matching a text looks up the sequences that can start at each word.

The answer is the PhraseMatcher's: every (key, start, end) whose words' norms equal a sequence
of that key, overlapping matches included, ordered by start, then end. Keys that share a span
come in the order they were added (phrases.yaml's order), where the PhraseMatcher's order
followed its hash table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backstride.intake.patterns import norm


class Literals:
    """Word sequences, each under one or more keys (spaCy string ids, as a Matcher returns)."""

    def __init__(self, strings: Any):
        self.strings = strings
        self._keys: dict[tuple[str, ...], list[int]] = {}
        #: the lengths of the sequences that begin with a norm, longest last
        self._lengths: dict[str, list[int]] = {}

    def add(self, key: str, forms: Iterable[list[str]]) -> None:
        kid = self.strings.add(key)
        for words in forms:
            seq = tuple(norm(w) for w in words)
            if not seq:
                continue
            keys = self._keys.setdefault(seq, [])
            if kid not in keys:
                keys.append(kid)
            lengths = self._lengths.setdefault(seq[0], [])
            if len(seq) not in lengths:
                lengths.append(len(seq))
                lengths.sort()

    def __len__(self) -> int:
        return len(self._keys)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        norms = [t.norm_ for t in doc]
        out: list[tuple[int, int, int]] = []
        n = len(norms)
        for i, first in enumerate(norms):
            for size in self._lengths.get(first, ()):
                if i + size > n:
                    break
                keys = self._keys.get(tuple(norms[i : i + size]))
                if keys:
                    out += [(k, i, i + size) for k in keys]
        return out
