"""`kb show CITATION` lists where a citation is used, found from the data (not its note)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from backstride.cli import app
from backstride.knowledge import load_kb
from backstride.knowledge.uses import all_uses

from .test_cli import run


@pytest.fixture(scope="module")
def uses():
    return all_uses(load_kb())


def test_every_cell_source_lists_the_cell(uses) -> None:
    kb = load_kb()
    checked = 0
    for (fid, cid), cell in kb.evidence.items():
        parts = getattr(cell, "variants", None) or {"": cell}
        for part in parts.values():
            src = getattr(part, "study", None) or getattr(part, "description", None)
            if src:
                labels = {u.label for u in uses[src] if not u.in_text}
                assert f"{cid} x {fid} ({cell.kind})" in labels, (src, fid, cid)
                checked += 1
    assert checked >= 250  # the study and description cells, split parts included


def test_red_flag_sources_are_listed(uses) -> None:
    kb = load_kb()
    for rule in kb.red_flags:
        for src in rule.sources:
            assert ("red-flag rule", rule.id, False) in {
                (u.place, u.label, u.in_text) for u in uses[src]
            }


def test_a_citation_named_only_in_a_note_is_a_mention(uses) -> None:
    # the aneurysm pulse cell names lederle1999_rce in its note, as a figure not applied
    mention = [u for u in uses["lederle1999_rce"] if u.label.startswith("aortic_aneurysm x")]
    assert mention and all(u.in_text for u in mention)


def test_kb_show_citation_lists_its_cells() -> None:
    r = CliRunner().invoke(app, ["kb", "show", "fishman2002_ps"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "piriformis_syndrome x symptom_sides (study)" in r.output
    assert "Named in 1 place" in r.output


def test_kb_show_unknown_id_suggests_citations() -> None:
    r = run("kb", "show", "fishman2003", kb_dir=None)  # the real console script
    assert r.returncode == 2
    assert "'fishman2003'" in r.stderr and "fishman2002_ps" in r.stderr


def test_kb_stats_counts_citations() -> None:
    import json

    r = CliRunner().invoke(app, ["kb", "stats", "--json"])
    c = json.loads(r.output)["citations"]
    assert c["total"] == len(load_kb().citations)
    assert c["as_source"] + len(c["only_in_text"]) + len(c["named_by_no_data_file"]) == c["total"]
    assert "fishman2002_ps" not in c["named_by_no_data_file"]
