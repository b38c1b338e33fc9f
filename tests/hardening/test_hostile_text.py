"""Hostile free text (session 19): invisible characters, look-alike letters, odd spaces, huge
numbers, impossible years, texts of lists, and the one length limit on every front end."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from backstride import limits
from backstride.intake import parse
from backstride.intake.clean import cleaned
from backstride.knowledge.kb import KnowledgeBase
from backstride.web import Settings, create_app

TODAY = date(2026, 12, 7)
CLI = "from backstride.cli import main; main()"
SENTENCE = "I have lost control of my bladder and I am numb between my legs."


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("hostile-text") / "web.db"
    with TestClient(
        create_app(Settings(db_url=f"sqlite:///{db}")), base_url="http://127.0.0.1"
    ) as c:
        yield c


def _red_flags(kb: KnowledgeBase, text: str) -> set[str]:
    result = parse(kb, text, TODAY)
    for m in result.mentions:  # every mention quotes the words as they were typed
        assert text[m.start : m.end] == m.text
    return {m.finding for m in result.mentions if m.red_flag and m.applies}


DISGUISED = {
    "zero-width space": "bla\u200bdder",
    "zero-width joiner": "bla\u200ddder",
    "zero-width non-joiner": "bla\u200cdder",
    "soft hyphen": "blad\u00adder",
    "word joiner": "blad\u2060der",
    "byte-order mark": "blad\ufeffder",
    "right-to-left override": "\u202ebladder\u202c",
    "Hangul filler": "blad\u3164der",
    "variation selector": "bla\ufe0fdder",
    "NUL": "bla\x00dder",
    "escape": "bla\x1bdder",
    "Cyrillic a": "bl\u0430dder",
    "Cyrillic e": "bladd\u0435r",
    "full-width letters": "ｂｌａｄｄｅｒ",
    "mathematical bold": "𝐛𝐥𝐚𝐝𝐝𝐞𝐫",
    "combining accent": "bla\u0301dder",
    "enclosing mark": "bla\u0489dder",
    "Zalgo marks": "b\u0335l\u0336a\u0337d\u0338d\u0334e\u0335r",
}


@pytest.mark.parametrize("word", DISGUISED.values(), ids=DISGUISED.keys())
def test_a_warning_sign_is_read_through_disguised_letters(kb: KnowledgeBase, word: str) -> None:
    assert "incontinence" in _red_flags(kb, SENTENCE.replace("bladder", word))


SPACES = {
    "two spaces": "  ",
    "tab": "\t",
    "non-breaking space": "\u00a0",
    "ideographic space": "\u3000",
    "braille blank": "\u2800",
}


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_any_space_between_words_is_a_space(kb: KnowledgeBase, space: str) -> None:
    # a tab or a non-breaking space used to hide every phrase of the text
    assert {"incontinence", "saddle_numbness"} <= _red_flags(kb, SENTENCE.replace(" ", space))


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc", "\u2032", "\uff07"])
def test_typographic_apostrophes(kb: KnowledgeBase, apostrophe: str) -> None:
    assert "incontinence" in _red_flags(kb, f"I can{apostrophe}t control my bladder")


def test_cleaning_maps_back_to_what_was_typed() -> None:
    typed = "my\u00a0\u00a0bla\u200bdder\r\nleaks"
    read = cleaned(typed)
    assert read.text == "my bladder\nleaks"
    start = read.text.index("bladder")
    s, e = read.span(start, start + len("bladder"))
    assert typed[s:e] == "bla\u200bdder"
    assert cleaned("Привет, мир").text == "Привет, мир"  # a word wholly in Cyrillic stays


@pytest.mark.parametrize(
    "text",
    [
        "I can walk " + "9" * 1900 + " metres",  # used to be an OverflowError (a traceback)
        "pain for " + "9" * 1500 + " years",
        "I can walk 1e400 metres",
    ],
)
def test_numbers_of_many_digits_are_not_read(kb: KnowledgeBase, text: str) -> None:
    result = parse(kb, text, TODAY)
    assert not [m for m in result.mentions if m.applies]


@pytest.mark.parametrize(
    "text", ["I can walk 1,000,000,000 km", "I can walk 10,,000 metres", "I can walk -5 minutes"]
)
def test_no_number_is_read_from_the_tail_of_another(kb: KnowledgeBase, text: str) -> None:
    # "1,000,000,000 km" and "10,,000 metres" were read as 0 metres, "-5 minutes" as 5
    answers = parse(kb, text, TODAY).answers()
    assert "walk_metres" not in answers and "walk_minutes" not in answers


def test_thousands_separators_still_read(kb: KnowledgeBase) -> None:
    assert parse(kb, "I can walk about 1,500 metres", TODAY).answers()["walk_metres"] == 1500


@pytest.mark.parametrize(
    "text", ["it started on the 3rd of May 10000", "it started on the 1st of March 99999"]
)
def test_a_date_with_an_impossible_year_is_not_read(kb: KnowledgeBase, text: str) -> None:
    # the year was ignored and the date read as this year's
    assert "duration_weeks" not in parse(kb, text, TODAY).answers()


def test_a_text_of_lists_is_read_in_bounded_work(kb: KnowledgeBase) -> None:
    unit = "walking and standing abc abc abc abc "
    text = (unit * 60)[: limits.MAX_FREE_TEXT_CHARS]
    assert parse(kb, text, TODAY).status in ("nothing_found", "not_understood")
    # a list is still read with what is said of it, also far into a long text
    lists = "Standing, walking and going downhill make it worse."
    for text in (lists, "No fever. " + "x " * 300 + lists):
        answers = parse(kb, text, TODAY).answers()
        assert answers["standing_brings_on"] == "yes"
        assert answers["legs_give_way_walking"] == "yes"


TOO_LONG = {"2,001": "a" * 2001, "100 kB": "my back hurts " * 7143, "1 MB": "x" * 1_000_000}


@pytest.mark.parametrize("text", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_one_length_limit_on_the_api_and_the_page(client: TestClient, text: str) -> None:
    said = f"we read at most {limits.MAX_FREE_TEXT_CHARS:,}"
    r = client.post("/api/v1/parse", json={"text": text})
    assert r.status_code == 422 and said in r.json()["detail"]
    assert r.json()["field"] == "text"
    page = client.post("/start", data={"text": text})
    assert page.status_code == 422 and said in page.text
    assert text[:500] in page.text  # the text is shown again: nothing typed is lost


@pytest.mark.parametrize("text", ["a" * 2001, "my \udcff bladder"], ids=["too long", "bad byte"])
def test_the_same_refusals_on_the_command_line(text: str) -> None:
    # a byte that is not UTF-8 on the command line reaches Python as a lone surrogate
    r = subprocess.run(
        [sys.executable, "-c", CLI, "parse", "-"],
        input=text.encode("utf-8", "surrogateescape"),
        capture_output=True,
        timeout=120,
    )
    err = " ".join(r.stderr.decode("utf-8", "replace").split())
    assert r.returncode == 2 and "Traceback" not in err
    assert f"we read at most {limits.MAX_FREE_TEXT_CHARS:,}" in err or "lone surrogate" in err


@pytest.mark.parametrize("raw", [b'{"text": "my bladder \\ud800 leaks"}', b'{"text": "\\udc00"}'])
def test_a_lone_surrogate_is_refused_not_a_500(client: TestClient, raw: bytes) -> None:
    r = client.post("/api/v1/parse", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "lone surrogate" in r.json()["detail"]


@pytest.mark.parametrize("text", ["   \n\t ", "\u200b\u200b", "?!.,;:" * 300, "😀" * 2000])
def test_empty_punctuation_or_emoji_only(client: TestClient, text: str) -> None:
    r = client.post("/api/v1/parse", json={"text": text})
    assert r.status_code in (200, 422)
    if r.status_code == 200:
        assert r.json()["answers"] == {}


def test_the_typo_memory_is_bounded() -> None:
    from backstride.intake.typos import MAX_REMEMBERED, Typos

    typos = Typos({"needles", "bladder"})
    for i in range(MAX_REMEMBERED + 10):
        typos.fix(f"qx{i:07d}".replace("0", "z"))  # a new word each time
    assert len(typos.cache) <= MAX_REMEMBERED
    assert typos.fix("neeldes") == "needles"


def test_the_confirm_step_refuses_an_over_long_text(client: TestClient) -> None:
    r = client.post("/start/confirm", data={"text": "a" * (limits.MAX_FREE_TEXT_CHARS + 1)})
    assert r.status_code == 422
    assert f"we read at most {limits.MAX_FREE_TEXT_CHARS:,}" in r.text
