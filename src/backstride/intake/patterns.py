"""Turn the phrase syntax of phrases.yaml into spaCy Matcher token patterns.

Syntax: words separated by spaces, matched on their lower-case form; ``a|b`` alternatives for
one word; ``(a b|c)`` alternatives of several words; ``word*`` any word that starts so; a
trailing ``?`` makes a word or group optional; ``...`` stands for up to three other words.
Each word is split with the same tokenizer as the text ("can't" -> "ca", "n't"). A contraction
also matches its spelling without the apostrophe, the way people type on a phone: "cant",
"dont", "im", "ive", "thats" (the tokenizer splits these into "ca" + "nt" and so on) and "its"
for "it's" (one word to the tokenizer). A full verb matches its contraction too ("is" and
"has" -> "'s", "are" -> "'re", "have" -> "'ve", "am" -> "'m"). A ``...`` gap never stands for
a "no", "not", "never" or "without" (``NEGATION_WORDS``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

Token = dict[str, object]
Tokenize = Callable[[str], list[str]]

MAX_PATTERNS = 256
#: the words a ``...`` gap never stands for: "coughing ... makes it worse" must not read
#: "coughing never makes it worse" as a "yes" (a "no" inside a phrase's own words is the phrase's)
NEGATION_WORDS = ["no", "not", "n't", "nt", "never", "without", "nor", "neither", "none"]
GAP: Token = {"LOWER": {"NOT_IN": NEGATION_WORDS}, "OP": "{0,3}"}
#: words matched as the word the phrases are written with, in the text and in the phrases alike:
#: a clinician's shorthand ("hx", "sx", "bilat", "L" and "R", "nil", "-ve"), a phone's ("bk",
#: "n", "probs") and the words of a
#: note written about someone ("his", "her", "their" match a phrase's "my"; "him", "them" and
#: "me" are merged with it, so "it wakes her up" matches "it wakes me up")
NORMS = {
    "hx": "history", "sx": "symptoms", "bilat": "bilateral",
    "wt": "weight", "abdo": "abdominal", "l": "left", "lt": "left", "r": "right", "rt": "right",
    "nil": "no", "-ve": "negative", "&": "and", "his": "my", "her": "my", "their": "my",
    "me": "my", "him": "my", "them": "my", "himself": "myself", "herself": "myself",
    "themselves": "myself",
    # a phone's shorthand: "bk pain", "the 1st time", "numb n tingly", "probs w/ my bladder"
    "bk": "back", "1st": "first", "n": "and", "b4": "before", "probs": "problems",
    "prob": "problem", "w/": "with",
}  # fmt: skip


@functools.cache
def norm(word: str) -> str:
    """The form a word is matched on (see ``NORMS``)."""
    low = word.lower()
    return NORMS.get(low, low)


def to_norm(pattern: list[Token]) -> list[Token]:
    """A token pattern on LOWER -> the same pattern on NORM (words mapped through ``norm``)."""
    out: list[Token] = []
    for t in pattern:
        low = t.get("LOWER")
        if low is None:
            out.append(t)
            continue
        if isinstance(low, str):
            value: object = norm(low)
        else:
            assert isinstance(low, dict)
            value = {
                k: sorted({norm(w) for w in v}) if k in ("IN", "NOT_IN") else v
                for k, v in low.items()
            }
        out.append({**{k: v for k, v in t.items() if k != "LOWER"}, "NORM": value})
    return out


#: a contraction's tail -> the same tail typed without the apostrophe, as the tokenizer splits it
NO_APOSTROPHE = {"n't": "nt", "'m": "m", "'ve": "ve", "'re": "re", "'s": "s", "'d": "d"}
#: "it 's" typed "its" stays one word
MERGED = {("it", "'s"): "its"}
#: a phrase's full verb also matches its contraction: "my bum is numb" -> "my bum's numb", "it has
#: gone" -> "it's gone", "they are asleep" -> "they're asleep"
CONTRACTED = {"is": "'s", "has": "'s", "are": "'re", "have": "'ve", "am": "'m"}


#: the words ``_typed_forms`` spells another way; a sequence without any is its only form
_RESPELT = frozenset(NO_APOSTROPHE) | frozenset(CONTRACTED) | frozenset(a for a, _ in MERGED)


def _typed_forms(words: list[str]) -> list[list[str]]:
    """A word sequence and its spellings without apostrophes ("ca n't" -> "ca nt")."""
    if _RESPELT.isdisjoint(words):
        return [words]
    out: list[list[str]] = [[]]
    i = 0
    while i < len(words):
        pair = (words[i], words[i + 1]) if i + 1 < len(words) else None
        if pair in MERGED:
            tail = NO_APOSTROPHE[pair[1]]
            out = [o + x for o in out for x in ([*pair], [pair[0], tail], [MERGED[pair]])]
            i += 2
            continue
        alt = NO_APOSTROPHE.get(words[i]) or CONTRACTED.get(words[i])
        out = [[*o, x] for o in out for x in ([words[i], alt] if alt else [words[i]])]
        i += 1
    return out


def _typed_tokens(pattern: list[Token]) -> list[list[Token]]:
    """A token pattern that also matches its contractions typed without apostrophes."""
    widened: list[Token] = []
    other = {**NO_APOSTROPHE, **CONTRACTED}
    for t in pattern:
        low = t.get("LOWER")
        if isinstance(low, str) and low in other:
            t = {**t, "LOWER": {"IN": [low, other[low]]}}
        elif isinstance(low, dict) and "IN" in low:
            extra = [other[w] for w in low["IN"] if w in other]
            if extra:
                t = {**t, "LOWER": {"IN": sorted(set(low["IN"]) | set(extra))}}
        widened.append(t)
    out = [widened]
    for i in range(len(pattern) - 1):
        a, b = pattern[i].get("LOWER"), pattern[i + 1].get("LOWER")
        if isinstance(a, str) and isinstance(b, str) and (a, b) in MERGED:
            out.append([*widened[:i], {"LOWER": MERGED[(a, b)]}, *widened[i + 2 :]])
    return out


class PhraseSyntaxError(ValueError):
    pass


def slots(phrase: str) -> list[str]:
    """Split a phrase into slots, keeping (...) groups whole."""
    out, buf, depth = [], "", 0
    for ch in phrase.strip():
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise PhraseSyntaxError(f"unbalanced ')' in {phrase!r}")
        if ch.isspace() and depth == 0:
            if buf:
                out.append(buf)
            buf = ""
        else:
            buf += ch
    if depth:
        raise PhraseSyntaxError(f"unclosed '(' in {phrase!r}")
    if buf:
        out.append(buf)
    return out


def _alternatives(slot: str, tokenize: Tokenize) -> list[list[Token]]:
    optional = slot.endswith("?") and len(slot) > 1
    if optional:
        slot = slot[:-1]
    if slot == "...":
        return [[GAP]]
    group = slot.startswith("(") and slot.endswith(")")
    alts = [a.strip() for a in (slot[1:-1] if group else slot).split("|")]
    if any(not a for a in alts):
        raise PhraseSyntaxError(f"empty alternative in {slot!r}")
    single: list[str] = []
    prefixes: list[str] = []
    seqs: list[list[Token]] = []
    for a in alts:
        if a.endswith("*") and " " not in a and len(a) > 1:
            prefixes.append(a[:-1].lower())
            continue
        toks = [t.lower() for t in tokenize(a)]
        if len(toks) == 1:
            single.append(toks[0])
        else:
            seqs.append([{"LOWER": t} for t in toks])
    if single:
        seqs.insert(0, [{"LOWER": {"IN": sorted(set(single))}}])
    if prefixes:
        rx = "^(?:" + "|".join(re.escape(p) for p in prefixes) + ")"
        seqs.append([{"LOWER": {"REGEX": rx}}])
    if optional:
        seqs.append([])
    return seqs


MAX_LITERALS = 5000


def literal_forms(phrase: str, tokenize: Tokenize) -> list[list[str]] | None:
    """Every word sequence a phrase stands for, when it has no ``...`` and no ``word*`` (those
    need the slower token Matcher); None otherwise, or when there would be too many."""
    if "..." in phrase or "*" in phrase:
        return None
    parts: list[list[list[str]]] = []
    for slot in slots(phrase):
        optional = slot.endswith("?") and len(slot) > 1
        body = slot[:-1] if optional else slot
        group = body.startswith("(") and body.endswith(")")
        alts = [a.strip() for a in (body[1:-1] if group else body).split("|")]
        if any(not a for a in alts):
            raise PhraseSyntaxError(f"empty alternative in {slot!r}")
        forms = [[t.lower() for t in tokenize(a)] for a in alts]
        parts.append([*forms, []] if optional else forms)
    out: list[list[str]] = []
    for combo in itertools.product(*parts):
        words = [w for seq in combo for w in seq]
        if words:
            out += _typed_forms(words)
        if len(out) > MAX_LITERALS:
            return None
    return out


def compile_phrase(phrase: str, tokenize: Tokenize) -> list[list[Token]]:
    """All token patterns a phrase stands for (raises PhraseSyntaxError when malformed)."""
    parts = [_alternatives(s, tokenize) for s in slots(phrase)]
    n = 1
    for p in parts:
        n *= len(p)
    if n > MAX_PATTERNS:
        raise PhraseSyntaxError(f"{phrase!r} stands for {n} patterns (at most {MAX_PATTERNS})")
    out = []
    for combo in itertools.product(*parts):
        pattern = [t for seq in combo for t in seq]
        while pattern and pattern[0] is GAP:
            pattern.pop(0)
        while pattern and pattern[-1] is GAP:
            pattern.pop()
        if pattern:
            out += _typed_tokens(pattern)
    if not out:
        raise PhraseSyntaxError(f"{phrase!r} matches nothing")
    return out
