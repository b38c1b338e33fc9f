"""The form of a description the parser reads: what a word looks like, not how it was typed.

Text pasted from a phone, a word processor or a web page, or written to slip past a reader,
can hold characters that show as nothing or as an ordinary letter: "bla\u200bdder" (a zero-width
space), "bl\u0430dder" (a Cyrillic "а"), "ｂｌａｄｄｅｒ" (full-width letters), "my\u00a0bladder" (a
non-breaking space). Read as typed, each hides the word, and a warning sign said in it would be
missed without a word. So the parser reads a cleaned copy:

- compatibility forms folded to the plain letter or digit (Unicode NFKD: full-width, bold and
  italic mathematical letters, ligatures, superscripts), and accents and every other combining
  or enclosing mark dropped ("lasègue" reads as "lasegue"; the phrases are English);
- invisible characters removed: format characters (zero-width spaces and joiners, soft hyphens,
  the byte-order mark, text-direction marks), control characters and every other Unicode
  "default ignorable" code point (variation selectors, Hangul fillers);
- every run of spaces (two spaces, a tab, a non-breaking, ideographic or braille blank) read as
  one plain space, and line breaks of every kind (CR LF, CR, U+2028) as a new line (the
  tokenizer makes a word of any other space, and a phrase does not match across it);
- typographic apostrophes and primes read as "'"; fraction characters as a number and a slash
  ("½ a mile" reads as "1/2 a mile", "1½ miles" as "1 1/2 miles");
- in a word that mixes Latin letters with Cyrillic or Greek ones, the Cyrillic and Greek letters
  that look like Latin ones read as those (Unicode's confusables, UTS #39); a word wholly in
  another script is left as it is.

The person's own text is never changed: ``Cleaned.origin`` maps each character read back to
the character typed, so every mention quotes the words as they were written. Nothing here does
I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: apostrophes and primes people type, or phones and word processors put in their place
APOSTROPHES = frozenset("\u2019\u2018\u201b\u02bc\u02b9\u02bb\u2032\u00b4\u0060\uff07")
#: the slash of a fraction character's folded form ("½" folds to "1\u20442"), read as "/"
FRACTION_SLASH = "\u2044"
#: line breaks other than the new line itself
LINE_BREAKS = frozenset("\r\x0b\x0c\x85\u2028\u2029")
#: blanks that are not Unicode spaces but show as one
BLANKS = frozenset("\u2800")
#: Unicode's default ignorable code points outside the format characters (category Cf), which
#: are removed anyway: combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
#: Mongolian free variation selectors, variation selectors (DerivedCoreProperties.txt)
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
#: Cyrillic and Greek letters that look like a Latin one: the single-letter entries of
#: Unicode's confusables.txt (UTS #39, "MA") for these scripts, except that the letters shaped
#: like a capital I, which the table maps to "l", read as "I"
LOOKALIKES = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "i", "ү": "y",
    "ѵ": "v", "ѡ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ь": "b", "Ӏ": "I", "Ү": "Y", "Ѵ": "V", "Ԝ": "W",
    # Greek
    "α": "a", "γ": "y", "ι": "i", "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip


@dataclass(frozen=True)
class Cleaned:
    """The text the parser reads, and for each of its characters the index of the character
    typed that it comes from (one more entry at the end: the length of the text typed)."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the cleaned text -> the same words in the text typed."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _ignorable(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _IGNORABLE_RANGES)


def _read_as(ch: str) -> str:
    """What one typed character reads as ('' for nothing)."""
    if ch == "\n":
        return ch
    if ch in LINE_BREAKS:
        return "\n"
    if ch.isspace() or ch in BLANKS:
        return " "
    if ch in APOSTROPHES:
        return "'"
    if ch == FRACTION_SLASH:
        return "/"
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs") or _ignorable(ch):
        return ""
    if ch.isascii():
        return ch
    folded = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in folded if not unicodedata.category(c).startswith("M"))
    if out != folded or out != ch:  # a compatibility form may fold to a space or a quote
        return "".join(_read_as(c) if c != ch else c for c in out)
    return out


def cleaned(text: str) -> Cleaned:
    """``text`` as the parser reads it (see the module's notes)."""
    if text.isascii() and text.isprintable() and "  " not in text:  # the usual case
        return Cleaned(text, tuple(range(len(text) + 1)))
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and text[i + 1 : i + 2] == "\n":  # CR LF: one new line
            i += 1
            continue
        got = _read_as(ch)
        if len(got) > 1 and "/" in got and out and out[-1].isdigit():
            got = " " + got  # a fraction character after a digit: "1½" is "1 1/2", not "11/2"
        if got == " " and out and out[-1] == " ":
            i += 1
            continue  # a run of spaces of any kind reads as one
        out.extend(got)
        origin.extend([i] * len(got))
        i += 1
    origin.append(len(text))
    return Cleaned(_plain_lookalikes("".join(out)), tuple(origin))


def _plain_lookalikes(text: str) -> str:
    """In words that mix Latin letters with Cyrillic or Greek ones, those that look like a
    Latin letter read as it (one character for one: the offsets stay)."""
    if text.isascii():
        return text
    chars = list(text)
    i = 0
    while i < len(chars):
        if not chars[i].isalpha():
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j].isalpha():
            j += 1
        word = chars[i:j]
        if any(c.isascii() for c in word) and any(c in LOOKALIKES for c in word):
            chars[i:j] = [LOOKALIKES.get(c, c) for c in word]
        i = j
    return "".join(chars)


def capped_words(read: Cleaned, most: int) -> Cleaned:
    """``read`` with a space put after every ``most`` characters of a run without one (no
    English word is that long; spaCy's tokenizer takes seconds over 2,000 characters of
    punctuation or emoji with no space). Each space maps to the character after it, so the
    words are still quoted as typed."""
    text = read.text
    if len(text) <= most or not any(len(run) > most for run in text.split()):
        return read
    out: list[str] = []
    origin: list[int] = []
    run = 0
    for ch, at in zip(text, read.origin, strict=False):
        run = 0 if ch.isspace() else run + 1
        if run > most:
            out.append(" ")
            origin.append(at)
            run = 1
        out.append(ch)
        origin.append(at)
    origin.append(read.origin[-1])
    return Cleaned("".join(out), tuple(origin))
