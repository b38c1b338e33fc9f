"""The short 'who and when' shown next to each reason: the first author's family name, 'et al.'
when there are more, the year or 'n.d.'. Notes kept in a citation's authors field ('(author)',
'(chief editor)', why a name is missing) never spill into it, in the terminal, the web pages,
the plan or the PDF."""

from __future__ import annotations

import re

import pytest

from backstride.cli.render import reason_source
from backstride.knowledge.loader import load_kb
from backstride.knowledge.schema import short_author


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Suri P, Rainville J, Kalichman L, Katz JN", "Suri et al."),
        ("de Schepper EIT, Koes BW", "de Schepper et al."),
        ("van der Windt DAWM, Simons E", "van der Windt et al."),
        ("da C Menezes Costa L, Maher CG", "da Menezes Costa et al."),
        ("Harris CE 3rd, Vincent HK", "Harris et al."),
        ("Yıldırım MŞ, Tuna F", "Yıldırım et al."),
        ("Moses S", "Moses"),
        ("Youdas JW, et al.", "Youdas et al."),
        ("Knutsson B and colleagues (author list not shown in the stored copy)", "Knutsson et al."),
        ("Rundell SD and others", "Rundell et al."),
        ("Varacallo M (ed.) et al.", "Varacallo et al."),
        ("Froese BB (author); Kishner S (chief editor)", "Froese et al."),
        (
            "Froese BB (author); Kishner S (chief editor) (names from the answers page of the "
            "same Medscape article 310235; the history excerpt itself showed no author line)",
            "Froese et al.",
        ),
        ("Song, Shin, Na, Han (surnames only shown in the stored copy)", "Song et al."),
        ("MSD Manual Professional Version (Merck & Co.)", "MSD Manual Professional Version"),
        (
            "National Institute for Health and Care Excellence",
            "National Institute for Health and Care Excellence",
        ),
        (
            "NHS Bristol, North Somerset and South Gloucestershire ICB (Remedy)",
            "NHS Bristol, North Somerset and South Gloucestershire ICB",
        ),
        ("TheNNT (editorial team); figures from Suri P, Rainville J", "TheNNT"),
        ("Authors not shown in the stored copy", "Pubic arch stress fractures…"),
        ("(not shown in the copy read)", "Pubic arch stress fractures…"),
        ("Conference abstract, authors not shown in the copy read", "Pubic arch stress fractures…"),
    ],
)
def test_short_author(authors: str, expected: str) -> None:
    title = "(not shown in the copy read) Pubic arch stress fractures in 39 military recruits"
    assert short_author(authors, title) == expected


def test_every_citation_in_the_knowledge_base_has_a_short_clean_label() -> None:
    kb = load_kb()
    for cid, c in kb.citations.items():
        label = c.short_label
        assert not re.search(r"[();]", label), (cid, label)
        assert len(label) <= 100, (cid, label)
        assert re.search(r" (\d{4}|n\.d\.)$", label), (cid, label)


def test_a_reason_split_by_type_names_each_source_once() -> None:
    kb = load_kb()
    reason = {
        "kind": "description",
        "estimate": False,
        "source": None,
        "sources": ["medscape_froese_spondy", "medscape_froese_spondy_history"],
    }
    text = reason_source(kb, reason)
    assert "(" not in text and "chief editor" not in text
    assert text.count("Froese") == 1, text
