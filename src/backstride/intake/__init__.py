"""Free-text intake: what a person writes in their own words, turned into proposed answers.

The parser (``parse``) needs the optional part ``nlp`` (spaCy); ``confirm`` holds the rules the
front ends share for showing, confirming and applying what was understood.

The parser module is imported on first use of a name below, not with the package: reading an
answers file needs only ``intake.typed`` (units), and should not pay for the parser's rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstride.intake.parser import MAX_CHARS, Mention, ParseResult, parse

__all__ = ["MAX_CHARS", "Mention", "ParseResult", "parse"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from backstride.intake import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
