"""Everyday typing slips, matched as the word the phrases use: "neeldes" -> "needles" (two
letters swapped), "bladdder" -> "bladder" (a letter typed three times), "numbnes" -> "numbness"
(a double letter typed once), "painfull" -> "painful" (a single letter typed twice), "gettin"
-> "getting" (the last "g" of "-ing" left off).

Only these slips are corrected, and only in a word that no phrase uses, long enough, with exactly
one phrase word one slip away. A general "one letter wrong or missing" would turn real words
into others ("learned" into "leaned", "medical" into "medial", "deceased" into "decreased"):
checked against a full English word list, the slips kept here change about 30 of 65,000 real
words, all rare or harmless ("center" -> "centre", "traveling" -> "travelling"). The text and
what is quoted back stay as typed: only the form a word is matched on changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: shorter words are left alone: "quiet" and "quite", "form" and "from" are both real words
MIN_LENGTH = 6
#: a double letter typed once: the phrase word is at least this long ("numbnes", "blader")
MIN_DOUBLE = 6
_WORD = re.compile(r"[a-z]+")
#: words remembered between texts: a server reads text from anyone, and every new word would
#: otherwise stay in memory for good
MAX_REMEMBERED = 50_000


def vocabulary(phrases: Iterable[str]) -> frozenset[str]:
    """The whole words the phrases are written with ("walk*" stands for many: left out)."""
    out: set[str] = set()
    for ph in phrases:
        for m in _WORD.finditer(ph.lower()):
            if ph[m.end() : m.end() + 1] != "*":
                out.add(m[0])
    return frozenset(out)


class Typos:
    """Finds the one phrase word a slip stands for."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        single: dict[str, set[str]] = {}  # "numbnes" -> {"numbness"}
        for w in self.words:
            if len(w) >= MIN_DOUBLE:
                for i in range(1, len(w)):
                    if w[i] == w[i - 1]:
                        single.setdefault(w[:i] + w[i + 1 :], set()).add(w)
        self.single = single
        self.cache: dict[str, str | None] = {}

    def fix(self, word: str) -> str | None:
        """The phrase word ``word`` is a slip of, or None (a phrase word already, too short, or
        no single answer)."""
        low = word.lower()
        if low not in self.cache:
            if len(self.cache) >= MAX_REMEMBERED:
                self.cache.clear()
            known = low in self.words or not low.isalpha() or len(low) < MIN_LENGTH - 1
            self.cache[low] = None if known else self._find(low)
        return self.cache[low]

    def _find(self, w: str) -> str | None:
        found: set[str] = set(self.single.get(w, ()))
        if len(w) >= MIN_LENGTH:
            for i in range(len(w) - 1):
                if w[i] != w[i + 1]:  # two letters swapped: "neeldes"
                    swapped = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
                    if swapped in self.words:
                        found.add(swapped)
            for i in range(1, len(w)):
                if w[i] == w[i - 1]:  # a letter typed once too often: "bladdder", "painfull"
                    shorter = w[:i] + w[i + 1 :]
                    if shorter in self.words:
                        found.add(shorter)
        if w.endswith("in") and w + "g" in self.words:
            found.add(w + "g")  # the "g" a phone's typing drops: "gettin", "trippin", "walkin"
        return found.pop() if len(found) == 1 else None
