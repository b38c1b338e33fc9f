"""The same data charted again gives the same file without drawing it again; other data (or
another option) is drawn anew."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure

from backstride.diary.progress import Progress
from backstride.report import charts


def _progress(minutes: int = 20) -> Progress:
    start = date(2026, 10, 1)
    diary = [
        {
            "day": start + timedelta(days=i),
            "walk_minutes": minutes + i,
            "onset_minutes": 5 + i,
            "pain_now": 6 - i % 3,
            "symptom_reach": "below_knee",
        }
        for i in range(6)
    ]
    return Progress(diary=diary, walks=[], steps={}, weeks=[])


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files matplotlib really writes (each ``savefig``), with an empty store of charts."""
    monkeypatch.setattr(charts, "_DRAWN", type(charts._DRAWN)())
    calls: list[str] = []
    save = Figure.savefig

    def counted(self: Figure, fname: object, *a: object, **kw: object) -> object:
        calls.append(str(fname))
        return save(self, fname, *a, **kw)

    monkeypatch.setattr(Figure, "savefig", counted)
    return calls


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_same_chart_again_is_the_same_file_not_drawn_again(
    tmp_path: Path, drawn: list[str], suffix: str
) -> None:
    p = _progress()
    first = charts.render(p, tmp_path / f"a{suffix}", made=date(2026, 10, 9))
    again = charts.render(_progress(), tmp_path / "sub" / f"b{suffix}", made=date(2026, 10, 9))
    assert len(drawn) == 1
    assert again.read_bytes() == first.read_bytes() and again.parent.name == "sub"
    charts._DRAWN.clear()  # drawn from scratch: still the same bytes
    fresh = charts.render(p, tmp_path / f"c{suffix}", made=date(2026, 10, 9))
    assert len(drawn) == 2 and fresh.read_bytes() == first.read_bytes()


def test_other_data_or_options_are_drawn_anew(tmp_path: Path, drawn: list[str]) -> None:
    p = _progress()
    base = charts.render(p, tmp_path / "a.svg", made=date(2026, 10, 9)).read_bytes()
    changed = replace(p, diary=[dict(p.diary[0], onset_minutes=15), *p.diary[1:]])
    variants = [
        charts.render(changed, tmp_path / "b.svg", made=date(2026, 10, 9)),
        charts.render(p, tmp_path / "c.svg", made=date(2026, 10, 10)),
        charts.render(p, tmp_path / "d.svg", made=date(2026, 10, 9), narrow=True),
        charts.render(p, tmp_path / "e.svg", made=date(2026, 10, 9), person="Alice"),
        charts.render(p, tmp_path / "f.png", made=date(2026, 10, 9)),
    ]
    assert len(drawn) == 6
    assert all(v.read_bytes() != base for v in variants)


def test_only_the_last_few_charts_are_kept(tmp_path: Path, drawn: list[str]) -> None:
    for i in range(charts.DRAWN_KEPT + 3):
        charts.render(_progress(20 + i), tmp_path / f"{i}.svg", made=date(2026, 10, 9))
    assert len(charts._DRAWN) == charts.DRAWN_KEPT
    charts.render(_progress(20), tmp_path / "first-again.svg", made=date(2026, 10, 9))
    assert len(drawn) == charts.DRAWN_KEPT + 4  # the oldest was let go: drawn again
