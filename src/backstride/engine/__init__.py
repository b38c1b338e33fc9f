"""The assessment engine: pure, deterministic, no I/O."""

from backstride.engine.answers import UNKNOWN, Answers, parse_answers
from backstride.engine.inference import posterior
from backstride.engine.questions import NextQuestion, next_question
from backstride.engine.result import Assessment, assess

__all__ = [
    "UNKNOWN",
    "Answers",
    "Assessment",
    "NextQuestion",
    "assess",
    "next_question",
    "parse_answers",
    "posterior",
]
