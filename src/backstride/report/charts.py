"""Progress charts (matplotlib, Agg): walking tolerance, pain, steps and questionnaire scores.

Readable in black and white: series differ by marker and line style, not by colour alone; every
axis has a label with its unit, and dates are on a shared time axis.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from backstride.diary.progress import Progress

INK = "#111111"
GREY = "#777777"
LIGHT = "#bbbbbb"


def _onset_series(
    progress: Progress, value: str, scale: float
) -> tuple[list[tuple[date, float]], list[tuple[date, float]]]:
    """(walks where symptoms started, walks with no symptoms at all) as (day, value) pairs."""
    from backstride.diary.trend import tolerance

    started, free = [], []
    for entry in progress.diary:
        number = getattr(tolerance(entry), value)  # None for a run
        if number is None:
            continue
        target = free if entry.get("symptom_reach") == "none" else started
        target.append((entry["day"], number / scale))
    return started, free


def _run_series(progress: Progress, value: str, scale: float) -> list[tuple[date, float]]:
    """Runs logged in the diary, as (day, value): drawn apart, never joined to the walks."""
    from backstride.diary.records import is_walking
    from backstride.diary.trend import onset_point

    out = []
    for entry in progress.diary:
        number = None if is_walking(entry) else getattr(onset_point(entry), value)
        if number is not None:
            out.append((entry["day"], number / scale))
    return out


def _plot_onset(ax: Axes, progress: Progress, value: str, scale: float, marker: str) -> None:
    started, free = _onset_series(progress, value, scale)
    both = sorted(started + free)
    if both:  # the line joins walks only
        ax.plot(*zip(*both, strict=True), color=INK, linewidth=1.0, zorder=2)
    runs = _run_series(progress, value, scale)
    if runs:
        ax.plot(
            *zip(*runs, strict=True),
            "*",
            markersize=9,
            color=GREY,
            label="run (not part of the walking line)",
            zorder=3,
        )
    if started:
        ax.plot(*zip(*started, strict=True), marker, color=INK, label="symptoms started", zorder=3)
    if free:
        ax.plot(
            *zip(*free, strict=True),
            "^",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=INK,
            label="no symptoms (the whole walk counts)",
            zorder=3,
        )
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize=8, frameon=False)


def _minutes_panel(ax: Axes, progress: Progress) -> None:
    _plot_onset(ax, progress, "minutes_to_onset", 1.0, "o")
    ax.set_ylabel("Minutes walked\nbefore symptoms")
    ax.set_title("How long you can walk before symptoms start", loc="left", fontsize=10)


def _distance_panel(ax: Axes, progress: Progress) -> None:
    _plot_onset(ax, progress, "metres_to_onset", 1000.0, "s")
    ax.set_ylabel("Kilometres walked\nbefore symptoms")
    ax.set_title("How far you can walk before symptoms start", loc="left", fontsize=10)


def _device_walks_panel(ax: Axes, progress: Progress) -> None:
    from backstride.diary.records import is_walking

    walks = [w for w in progress.walks if w.get("distance_m")]
    on_foot = [(w["day"], w["distance_m"] / 1000) for w in walks if is_walking(w)]
    runs = [(w["day"], w["distance_m"] / 1000) for w in walks if not is_walking(w)]
    if on_foot:
        ax.plot(*zip(*on_foot, strict=True), "x", color=INK, markersize=6, label="one walk")
    if runs:  # a run is shown as a run, never counted as a walk
        ax.plot(
            *zip(*runs, strict=True),
            "o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=INK,
            label="one run",
        )
    ax.set_xmargin(0.05)
    ax.set_ylabel("Kilometres\nper activity")
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.set_title("Walks and runs recorded by your phone or watch", loc="left", fontsize=10)


def _pain_panel(ax: Axes, progress: Progress) -> None:
    pain = [(e["day"], e["pain_now"]) for e in progress.diary if e.get("pain_now") is not None]
    ax.plot(*zip(*pain, strict=True), marker="D", markersize=4, color=INK, linestyle=":")
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks([0, 2, 4, 6, 8, 10])
    ax.set_ylabel("Pain now\n(0 none – 10 worst)")
    ax.set_title("Pain", loc="left", fontsize=10)


def _steps_panel(ax: Axes, progress: Progress) -> None:
    days = sorted(progress.steps)
    counts = [progress.steps[d] for d in days]
    ax.bar(days, counts, width=0.8, color=LIGHT, edgecolor=GREY, linewidth=0.3, label="steps")
    if len(days) >= 7:
        avg = [
            sum(progress.steps.get(d - timedelta(days=i), 0) for i in range(7)) / 7
            for d in days[6:]
        ]
        ax.plot(days[6:], avg, color=INK, linewidth=1.5, label="7-day average")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_ylabel("Steps per day")
    ax.set_ylim(bottom=0)
    ax.set_title("Daily steps", loc="left", fontsize=10)


def _scores_panel(ax: Axes, progress: Progress) -> None:
    markers = ["o", "s", "^", "D"]
    styles = ["-", "--", ":", "-."]
    for i, series in enumerate(progress.scores):
        when, values = zip(*series.points, strict=True)
        ax.plot(
            [w.date() if isinstance(w, datetime) else w for w in when],
            values,
            marker=markers[i % 4],
            linestyle=styles[i % 4],
            color=INK,
            label=f"{series.name} ({series.unit})",
        )
        if series.mcid is not None:
            target = values[0] - series.mcid
            ax.axhline(target, color=GREY, linestyle=(0, (2, 2)), linewidth=0.8)
            ax.annotate(
                f"{series.name}: a fall of {series.mcid:g} from the first score matters",
                xy=(0.99, target),
                xycoords=("axes fraction", "data"),
                ha="right",
                va="bottom",
                fontsize=7,
                color=GREY,
            )
    ax.set_ylabel("Score\n(lower is better)")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_title("Questionnaires", loc="left", fontsize=10)


MIN_SPAN_DAYS = 14  # the date axis spans at least two weeks


def _all_days(progress: Progress) -> list[date]:
    days = [e["day"] for e in progress.diary]
    days += [w["day"] for w in progress.walks]
    days += list(progress.steps)
    days += [
        d.date() if isinstance(d, datetime) else d for s in progress.scores for d, _ in s.points
    ]
    return [d for d in days if isinstance(d, date)]


def axis_limits(progress: Progress) -> tuple[date, date]:
    """The date axis: the person's own period (``progress.period``: from their first entry, or
    the last ``--weeks`` weeks), never every old device file; at least a fortnight."""
    days = _all_days(progress)
    if progress.period is not None:
        lo, hi = progress.period
    else:
        lo, hi = (min(days), max(days)) if days else (date.today(), date.today())
    if (hi - lo).days < MIN_SPAN_DAYS:  # a few entries: show a fortnight around them
        middle = lo + (hi - lo) / 2
        half = timedelta(days=MIN_SPAN_DAYS / 2)
        lo, hi = middle - half, middle + half
    pad = timedelta(days=max(1, (hi - lo).days // 40))
    return lo - pad, hi + pad


#: figure width in inches: a page or screen wide enough for it, and a phone (about 390 px)
WIDE_INCHES, NARROW_INCHES = 9.0, 4.2


def render(
    progress: Progress,
    path: Path,
    *,
    person: str | None = None,
    narrow: bool = False,
    made: date | None = None,
) -> Path:
    """Write the charts to ``path`` (.png or .svg, chosen by the suffix).

    ``narrow`` draws them for a phone: a figure under half as wide, so that shown across a
    390-pixel screen its words are the same size as the page's small print, with fewer dates
    on the time axis. ``made`` is the day printed in the title (default: the machine's today;
    the web passes the viewer's).

    Drawing takes a few hundred milliseconds of matplotlib; the same data drawn again (the
    progress page reloaded, the same summary downloaded twice) is the same file, so the last
    few files drawn in this process are kept and written again (see ``_drawn``)."""
    key = _chart_key(progress, path.suffix.lower(), person, narrow, made)
    with _DRAWN_LOCK:
        data = _DRAWN.get(key)
        if data is not None:
            _DRAWN.move_to_end(key)
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path
    _draw(progress, path, person=person, narrow=narrow, made=made)
    with _DRAWN_LOCK:
        _DRAWN[key] = path.read_bytes()
        while len(_DRAWN) > DRAWN_KEPT:
            _DRAWN.popitem(last=False)
    return path


#: how many drawn chart files a process keeps (each some tens to hundreds of kB)
DRAWN_KEPT = 16
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
_DRAWN_LOCK = threading.Lock()


def _chart_key(
    progress: Progress, suffix: str, person: str | None, narrow: bool, made: date | None
) -> str:
    """Everything a chart file is drawn from: the progress data (its full repr: every entry,
    walk, day of steps and score), the file type, the options, and the days printed."""
    parts = (repr(progress), suffix, person, narrow, made, date.today())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _draw(
    progress: Progress,
    path: Path,
    *,
    person: str | None = None,
    narrow: bool = False,
    made: date | None = None,
) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    from backstride.diary.trend import onset_point

    panels: list[Any] = []
    points = [onset_point(e) for e in progress.diary]  # walks, and runs drawn apart
    if any(p.minutes_to_onset is not None for p in points):
        panels.append(_minutes_panel)
    if any(p.metres_to_onset is not None for p in points):
        panels.append(_distance_panel)
    if any(w.get("distance_m") for w in progress.walks):
        panels.append(_device_walks_panel)
    if any(e.get("pain_now") is not None for e in progress.diary):
        panels.append(_pain_panel)
    if progress.steps:
        panels.append(_steps_panel)
    if progress.scores:
        panels.append(_scores_panel)
    if not panels:
        from backstride.errors import InputError

        raise InputError("Nothing to chart yet: log a walk with `backstride log` first.")

    width, height = (NARROW_INCHES, 2.4) if narrow else (WIDE_INCHES, 2.6)
    fig = Figure(figsize=(width, height * len(panels) + 0.8), layout="constrained")
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels, strict=True):
        panel(ax, progress)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top"]].set_visible(False)
    axes[-1].set_xlim(*axis_limits(progress))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=5 if narrow else 10)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(
            locator, offset_formats=["", "%Y", "%Y", "%d %b %Y", "%d %b %Y", "%d %b %Y %H:%M"]
        )
    )
    axes[-1].set_xlabel("Date")
    fig.suptitle(heading(person, made, narrow), fontsize=12, x=0.01, ha="left")
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "backstride"}):  # same data, same SVG
        fig.savefig(path, dpi=120, metadata=_metadata(path))
    return path


def heading(person: str | None, made: date | None, narrow: bool = False) -> str:
    """The chart's title line: whose progress, and the day it was made (the viewer's day)."""
    title = "Walking progress" + (f" — {person}" if person else "")
    stamp = f"made {made or date.today():%d %b %Y}"
    return f"{title}\n({stamp})" if narrow else f"{title} ({stamp})"


def _metadata(path: Path) -> dict[str, Any]:
    # No creation date in SVG metadata: the same data gives the same file.
    return {"Date": None} if path.suffix.lower() == ".svg" else {}
