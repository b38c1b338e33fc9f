"""Choose the reader for a walk file and store what it holds, one transaction per file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backstride import limits
from backstride.diary.records import DailyActivity, Walk
from backstride.errors import ImportFileError, InputError
from backstride.limits import check_day
from backstride.timezones import local_day, machine_zone, shown
from backstride.words import count

if TYPE_CHECKING:
    from backstride.storage import Store
    from backstride.storage.store import PersonRef
    from backstride.storage.upsert import ImportReport

FORMATS = ("gpx", "fit", "apple_health")


#: the first bytes of files people pick by mistake, and what to call them
NOT_WALK_FILES = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
)


@dataclass(frozen=True)
class FileResult:
    path: Path
    kind: str
    counts: ImportReport
    too_short: int = 0  # walks under limits.MIN_WALK_SECONDS, skipped
    gps_jumps: int = 0  # steps left out of the stored walks' distances (GPX: gpx.JUMP_SPEED_MPS)
    zone_name: str | None = None  # the person's zone the walks were dated in
    runs: int = 0  # of the file's recordings, how many are runs (kept apart from walks)
    recordings: int = 0  # the file's recordings (walks, hikes and runs) read

    @property
    def added_text(self) -> str:
        """What was added, naming runs as runs: a file of runs does not say "walks added"."""
        return added_text(self.counts.walks_added, self.runs, self.recordings)


def added_text(added: int, runs: int, recordings: int) -> str:
    """``added`` recordings stored from a file of ``recordings``, ``runs`` of them runs."""
    if runs and runs == recordings:
        return f"{count(added, 'run')} added"
    if runs:
        return f"{added} {'walk or run' if added == 1 else 'walks and runs'} added"
    return f"{count(added, 'walk')} added"


def detect_kind(path: Path) -> str:
    """By content first (a renamed file still works), then by extension."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a file.") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    if not head:
        raise ImportFileError(
            f"{path}: the file is empty (0 bytes): it was not copied or saved completely. "
            "Nothing from this file was imported."
        )
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    for magic, what in NOT_WALK_FILES:
        if head.startswith(magic):
            raise ImportFileError(
                f"{path}: this is {what}, not a walk file (whatever its name says). "
                + (
                    "Unzip it first and import the GPX, FIT or export.xml inside. "
                    if what.startswith("a ZIP") or what.startswith("a gzip")
                    else ""
                )
                + "Backstride reads GPX tracks (.gpx), FIT files from a watch (.fit) and Apple "
                "Health's export.xml. Nothing from this file was imported."
            )
    text = _head_text(head)
    if "<HealthData" in text or "<!DOCTYPE HealthData" in text:
        return "apple_health"
    if "<gpx" in text:
        return "gpx"
    suffix = path.suffix.lower()
    if suffix == ".fit":
        return "fit"
    if suffix == ".gpx":
        return "gpx"
    if suffix == ".xml":
        return "apple_health"
    raise ImportFileError(
        f"{path}: not a walk file Backstride can read. Use a GPX track (.gpx), a FIT file from "
        "a watch (.fit) or Apple Health's export.xml."
    )


def _head_text(head: bytes) -> str:
    """The first bytes as text for a look at them: UTF-16 by its byte-order mark (or its
    '<?'), else as UTF-8 (the single-byte encodings a GPX file may declare agree on ASCII)."""
    from backstride.diary.xmlguard import NO_BOM_UTF16

    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    else:
        codec = next((c for start, c in NO_BOM_UTF16 if head.startswith(start)), "utf-8")
    return head.decode(codec, errors="replace").lstrip("\ufeff")


def read_walk_file(path: Path) -> tuple[str, list[Walk], list[DailyActivity]]:
    """Parse a file completely (before any database write) and return what it holds, every
    value checked against ``backstride.limits``: one impossible value refuses the whole file.
    Walks shorter than ``limits.MIN_WALK_SECONDS`` are left out (see ``read_walks``)."""
    kind, walks, days, _short = read_walks(path)
    return kind, walks, days


def read_walks(
    path: Path, name: str | None = None, zone_name: str | None = None
) -> tuple[str, list[Walk], list[DailyActivity], int]:
    """As ``read_walk_file``, plus how many walks were too short to keep. ``name``: the file's
    name as the person knows it, stored with each walk instead of ``path``'s (an upload is
    read from a temporary file); the caller makes it safe (``upsert.sent_name``).
    ``zone_name``: the person's time zone: each walk's ``day`` is its start's date there, and
    messages name times there (None: the machine's zone, as the readers do)."""
    kind = detect_kind(path)
    if kind == "gpx":
        from backstride.diary.gpx import parse_gpx

        walks, days = parse_gpx(path), []
    elif kind == "fit":
        from backstride.diary.fit import parse_fit

        walks, days = parse_fit(path)
    else:
        from backstride.diary.apple_health import parse_apple_health

        walks, days = parse_apple_health(path)
    if name:
        walks = [replace(w, source_file=name) for w in walks]  # dedupe_key is kept as it was
    if zone_name:
        walks = [replace(w, day=local_day(w.started_at, zone_name)) for w in walks]
    check_imported(path, walks, days, zone_name)
    kept = [w for w in walks if w.duration_s >= limits.MIN_WALK_SECONDS]
    if walks and not kept and not days:
        raise ImportFileError(
            f"{path}: no walk found: the {len(walks)} recorded activit"
            f"{'y lasts' if len(walks) == 1 else 'ies last'} less than "
            f"{limits.MIN_WALK_SECONDS:.0f} seconds, the shortest Backstride counts as a walk. "
            "Nothing from this file was imported."
        )
    return kind, kept, days, len(walks) - len(kept)


def check_imported(
    path: Path, walks: list[Walk], days: list[DailyActivity], zone_name: str | None = None
) -> None:
    """Impossible dates, durations, distances, step counts and speeds name the file, the day
    and the value, and nothing from the file is stored."""
    if len(walks) > limits.MAX_WALKS_PER_FILE:
        raise ImportFileError(
            f"{path}: the file holds {len(walks):,} walks; the limit is "
            f"{limits.MAX_WALKS_PER_FILE:,} per file. Nothing from this file was imported."
        )
    try:
        for w in walks:
            check_day(w.day, "walk date")
            limits.WALK_SECONDS.check(w.duration_s, "duration")
            limits.IMPORTED_DISTANCE_M.check(w.distance_m, "distance")
            limits.DAILY_STEPS.check(w.steps, "steps")
            check_speed(w, zone_name)
            check_moves(w, zone_name)
        for d in days:
            check_day(d.day, "day")
            limits.DAILY_STEPS.check(d.steps, "steps")
            limits.WALKING_SPEED_MPS.check(d.walking_speed_mps, "walking speed")
    except InputError as exc:
        raise ImportFileError(
            f"{path}: {exc.message} Nothing from this file was imported.", field=exc.field
        ) from None


def check_speed(w: Walk, zone_name: str | None = None) -> None:
    """A walk of at least ``limits.MIN_WALK_SECONDS`` covers its distance at a speed a person
    on foot can keep (shorter ones are skipped anyway: their GPS noise does not matter)."""
    if not w.distance_m or w.duration_s < limits.MIN_WALK_SECONDS:
        return
    speed = w.distance_m / w.duration_s
    top = limits.WALK_AVERAGE_SPEED_MPS
    if speed > top.hi:
        raise InputError(
            f"the {w.activity} that starts {_at(w.started_at, zone_name)} covers "
            f"{w.distance_m / 1000:,.1f} km in {_duration(w.duration_s)}, an average speed of "
            f"{speed:,.1f} m/s ({speed * 3.6:,.0f} km/h): impossible on foot (the limit is "
            f"{top.hi:g} m/s, {top.hi * 3.6:g} km/h). It was recorded in a vehicle, or the GPS "
            "jumped; remove that activity from the file, or import the other files.",
            field="distance",
        )


def check_moves(w: Walk, zone_name: str | None = None) -> None:
    """A GPS track longer than ``limits.STILL_TRACK_SECONDS`` covers at least
    ``limits.STILL_TRACK_M`` (GPS jumps left out): one that does not never moved."""
    recorded = w.elapsed_s if w.elapsed_s is not None else w.duration_s
    if w.source != "gpx" or recorded <= limits.STILL_TRACK_SECONDS:
        return
    moved = w.distance_m or 0.0
    if moved < limits.STILL_TRACK_M:
        raise InputError(
            f"this does not look like a walk: the track that starts "
            f"{_at(w.started_at, zone_name)} moves only {moved:,.0f} m in "
            f"{_duration(recorded)} (a walk covers at least {limits.STILL_TRACK_M:.0f} m in "
            f"{limits.STILL_TRACK_SECONDS / 60:.0f} minutes). The phone or watch probably lay "
            "still while it recorded; remove that track from the file, or import the other "
            "files.",
            field="distance",
        )


def overlap_text(o: Any, zone_name: str | None = None) -> str:
    """One overlap (``upsert.Overlap``) in words: both walks by their date and time in the
    person's zone (``zone_name``; None: the machine's)."""
    if o.same_file:
        return (
            f"the walk of {_local(o.started_at, zone_name)} was not stored: it is the same time "
            f"as the walk of {_local(o.stored_started_at, zone_name)} earlier in this file "
            "(recorded twice there)"
        )
    return (
        f"the walk of {_local(o.started_at, zone_name)} was not stored: it is the same time as "
        f"the walk already stored for {_local(o.stored_started_at, zone_name)}"
        + (f" (from {o.stored_file})" if o.stored_file else "")
    )


def overlap_counts(same_file: Iterable[bool]) -> list[str]:
    """The summary's words for walks left out as repeats, from each one's ``same_file``:
    those already stored from another recording, and those recorded twice within this file."""
    flags = list(same_file)
    twice = sum(flags)
    other = len(flags) - twice
    parts = []
    if other:
        parts.append(f"{other} already stored from another recording")
    if twice:
        parts.append(f"{twice} recorded twice in this file")
    return parts


def _local(moment: Any, zone_name: str | None = None) -> str:
    """A stored naive-UTC time as the person's date and time."""
    if zone_name:
        return shown(moment, zone_name)
    from datetime import UTC

    return f"{moment.replace(tzinfo=UTC).astimezone():%Y-%m-%d at %H:%M}"


def _at(moment: Any, zone_name: str | None) -> str:
    """A start time in a refusal: in the person's zone, with the zone named; else UTC."""
    if zone_name:
        return f"{shown(moment, zone_name, '%Y-%m-%d %H:%M')} ({zone_name} time)"
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{int(seconds // 3600)} h {seconds % 3600 / 60:02.0f} min"


def import_walk_file(
    store: Store,
    path: Path,
    person: PersonRef = None,
    name: str | None = None,
    zone_name: str | None = None,
) -> FileResult:
    """Read and store one file; ``name`` as in ``read_walks``. ``zone_name``: the person's
    time zone; None: the one they saved, else the machine's (the CLI)."""
    from backstride.storage.upsert import store_walks

    zone_name = zone_name or store.get_time_zone(person) or machine_zone()
    kind, walks, days, short = read_walks(path, name, zone_name)
    counts = store_walks(store, person, walks, days)
    runs = sum(1 for w in walks if w.activity == "run")
    return FileResult(
        path,
        kind,
        counts,
        short,
        sum(w.gps_jumps for w in walks),
        zone_name,
        runs=runs,
        recordings=len(walks),
    )
