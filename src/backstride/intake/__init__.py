"""Free-text intake: what a person writes in their own words, turned into proposed answers.

The parser (``parse``) needs the optional part ``nlp`` (spaCy); ``confirm`` holds the rules the
front ends share for showing, confirming and applying what was understood.
"""

from backstride.intake.parser import MAX_CHARS, Mention, ParseResult, parse

__all__ = ["MAX_CHARS", "Mention", "ParseResult", "parse"]
