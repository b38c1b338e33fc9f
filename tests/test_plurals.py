"""Counts shown to people say "1 walk" and "2 walks", never "walk(s)"."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from backstride.diary.importer import added_text
from backstride.words import count, is_are, plural, was_were


@pytest.mark.parametrize(
    ("n", "word", "many", "shown"),
    [
        (1, "walk", None, "1 walk"),
        (2, "walk", None, "2 walks"),
        (0, "walk", None, "0 walks"),
        (1, "person", "people", "1 person"),
        (2, "person", "people", "2 people"),
        (1.0, "minute", None, "1 minute"),
        (2.5, "minute", None, "2.5 minutes"),
    ],
)
def test_count(n, word, many, shown):
    assert count(n, word, many) == shown


def test_plural_and_verb():
    assert (plural(1, "day"), plural(2, "day")) == ("day", "days")
    assert (was_were(1), was_were(2)) == ("was", "were")
    assert (is_are(1), is_are(2)) == ("is", "are")


@pytest.mark.parametrize(
    ("added", "runs", "recordings", "shown"),
    [
        (1, 0, 1, "1 walk added"),
        (2, 0, 2, "2 walks added"),
        (1, 1, 1, "1 run added"),
        (2, 2, 2, "2 runs added"),
        (1, 1, 2, "1 walk or run added"),
        (2, 1, 2, "2 walks and runs added"),
    ],
)
def test_import_counts(added, runs, recordings, shown):
    assert added_text(added, runs, recordings) == shown


@pytest.mark.parametrize(
    ("minutes", "shown"), [(1, "Wait 1 minute and"), (2, "Wait 2 minutes and")]
)
def test_sign_in_wait(minutes, shown):
    from backstride.web.login_limits import LoginLimiter

    limiter = LoginLimiter.__new__(LoginLimiter)
    limiter.window = timedelta(minutes=minutes)
    now = datetime(2026, 1, 1, 12, 0, 0)
    err = limiter._refuse(now - timedelta(seconds=1), now)
    assert shown in str(err) and "(s)" not in str(err)


def _texts(path):
    """The string literals of a Python file (f-string parts too); other files as they are."""
    import io
    import re
    import tokenize

    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":  # the words of a page or a data file, not its template code
        yield from re.sub(r"{%.*?%}|{{.*?}}", " ", text).splitlines()
        return
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in kinds:  # an f-string's {expressions} are code, not words
            yield re.sub(r"{[^{}]*}", " ", tok.string)


def test_no_text_in_the_package_writes_s_in_brackets():
    """No text in the package writes 'walk(s)': each says '1 walk' or '2 walks'."""
    import re
    from pathlib import Path

    import backstride

    root = Path(backstride.__file__).parent
    found = [
        f"{p.relative_to(root)}: {t.strip()[:80]}"
        for p in [*root.rglob("*.py"), *root.rglob("*.html"), *root.rglob("*.yaml")]
        for t in _texts(p)
        # "P(s | c)" in a docstring is a formula, not a count
        if re.search(r"[a-z]\(s\)(?! \|)", t) and not t.lstrip().startswith("#")
    ]
    assert not found, "\n".join(found)
