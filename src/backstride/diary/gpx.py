"""GPX tracks → walks (gpxpy). Each track with times becomes one walk; its minutes and metres
are the moving ones (sitting or standing still between walks is not walking time)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backstride.diary.records import Walk, walk_key
from backstride.diary.xmlguard import XmlEncodingRefused, XmlRefused, check_xml, decode_xml
from backstride.errors import ImportFileError
from backstride.limits import MAX_GPX_POINTS

MAX_GPX_BYTES = 100_000_000  # gpxpy holds the whole tree: a year of walks is ~20 MB


# A track's <type> (GPX 1.1; Garmin and others write words, Strava its activity numbers) ->
# the activity stored. Tracks of other types (cycling, swimming ...) are not walks: skipped.
# A track without a type is a walk (the person chose to import it as one).
TRACK_TYPES = {
    "walking": "walk",
    "walk": "walk",
    "10": "walk",
    "hiking": "hike",
    "hike": "hike",
    "4": "hike",
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "9": "run",
}


# Moving time: a stretch between two points counts as walking when the person moved at least
# MOVING_MPS across it and also across a WINDOW_S-second window before or after it (0.3 m/s is
# about 1 km/h, a third of the slow 3 km/h pace used for the programme). The window keeps the
# few metres a phone's position wanders while the person sits on a bench from counting as
# walking; looking both ways keeps the last seconds of a walk before a rest. A long gap (a
# watch's auto-pause, or sparse recording) is judged by how far the person got across it.
MOVING_MPS = 0.3
WINDOW_S = 30.0


def _speed(a: Any, b: Any) -> float:
    span = (b.time - a.time).total_seconds()
    return (a.distance_2d(b) or 0.0) / span if span > 0 else 0.0


def moving(points: list[Any]) -> tuple[float, float]:
    """(seconds, metres) spent walking in one segment's points, rests on the spot left out."""
    timed = [p for p in points if p.time is not None]
    seconds = metres = 0.0
    last = len(timed) - 1
    ahead = behind = 0
    for i in range(last):
        a, b = timed[i], timed[i + 1]
        step = (b.time - a.time).total_seconds()
        if step <= 0 or _speed(a, b) < MOVING_MPS:
            continue
        ahead = max(ahead, i + 1)  # first point WINDOW_S or more after a (or the last point)
        while ahead < last and (timed[ahead].time - a.time).total_seconds() < WINDOW_S:
            ahead += 1
        while behind < i and (b.time - timed[behind + 1].time).total_seconds() >= WINDOW_S:
            behind += 1  # last point WINDOW_S or more before b (or the first point)
        if max(_speed(a, timed[ahead]), _speed(timed[behind], b)) >= MOVING_MPS:
            seconds += step
            metres += a.distance_2d(b) or 0.0
    return seconds, metres


def track_activity(kind: str | None) -> str | None:
    """The activity of one track, or None for a track that is neither walk, hike nor run."""
    if kind and kind.strip():
        return TRACK_TYPES.get(kind.strip().lower().replace(" ", "_"))
    return "walk"


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_gpx(path: Path) -> list[Walk]:
    import gpxpy
    import gpxpy.gpx

    try:
        if path.stat().st_size > MAX_GPX_BYTES:
            raise ImportFileError(
                f"{path}: the GPX file is {path.stat().st_size / 1e6:,.0f} MB; the limit is "
                f"{MAX_GPX_BYTES / 1e6:.0f} MB. Split it into smaller files."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    try:  # UTF-8, UTF-16 or a declared ISO-8859-1 / windows-1252: as UTF-8 text from here on
        text = decode_xml(data)
    except XmlEncodingRefused as exc:
        raise ImportFileError(f"{path}: not a GPX file Backstride can read: {exc}.") from None
    del data
    if "<gpx" not in text[:4096]:
        raise ImportFileError(f"{path}: not a GPX file (no <gpx> element at the start).")
    try:
        check_xml(text.encode("utf-8"), max_points=MAX_GPX_POINTS)
    except XmlRefused as exc:
        raise ImportFileError(f"{path}: damaged or unsafe GPX file: {exc}.") from None
    try:
        gpx = gpxpy.parse(text)
        return _walks(path, gpx)
    except gpxpy.gpx.GPXException as exc:
        raise ImportFileError(f"{path}: damaged GPX file ({exc}).") from None
    except (ValueError, OverflowError) as exc:  # a coordinate or time that cannot be used
        raise ImportFileError(f"{path}: damaged GPX file (unusable value: {exc}).") from None


def _walks(path: Path, gpx: object) -> list[Walk]:
    import gpxpy.gpx

    assert isinstance(gpx, gpxpy.gpx.GPX)

    walks = []
    other = 0
    for track in gpx.tracks:
        bounds = track.get_time_bounds()
        if bounds.start_time is None or bounds.end_time is None:
            continue
        elapsed = float(track.get_duration() or 0.0)
        start = _as_utc(bounds.start_time)
        walked = [moving(segment.points) for segment in track.segments]
        duration = sum(sec for sec, _ in walked)
        distance = sum(m for _, m in walked)
        activity = track_activity(track.type)
        if activity is None:
            other += 1
            continue
        walks.append(
            Walk(
                source="gpx",
                started_at=start.replace(tzinfo=None),
                day=start.astimezone().date(),
                duration_s=duration,
                distance_m=float(distance) if distance else None,
                source_file=path.name,
                activity=activity,
                # keyed by the whole recording, as before rests were left out, so a file
                # imported before is still recognised as already stored
                dedupe_key=walk_key("gpx", start.replace(tzinfo=None), elapsed),
            )
        )
    if not walks:
        skipped = f", {other} of another activity such as cycling" if other else ""
        raise ImportFileError(
            f"{path}: no walk found: the GPX file has no walking, hiking or running track with "
            f"times ({len(gpx.tracks)} track(s){skipped}, {len(gpx.waypoints)} waypoint(s))."
        )
    return walks
