"""GPX tracks → walks, read as a stream (expat, guarded by ``xmlguard``). Each track with
times becomes one walk; its minutes and metres are the moving ones (sitting or standing still
between walks is not walking time). gpxpy gives the distance formula and the time format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gpxpy.geo import distance
from gpxpy.gpxfield import parse_time

from backstride import limits
from backstride.diary.records import Walk, walk_key
from backstride.diary.xmlguard import (
    XmlEncodingRefused,
    XmlRefused,
    XmlRefusedHere,
    parse_guarded,
    utf8_chunks,
)
from backstride.errors import ImportFileError
from backstride.limits import MAX_GPX_POINTS
from backstride.words import count

# Read piece by piece, so memory does not grow with the file; the point limit bounds the
# time a file takes (300,000 points: about 6 s). A year of walks is about 20 MB.
MAX_GPX_BYTES = 100_000_000


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


def track_activity(kind: str | None) -> str | None:
    """The activity of one track, or None for a track that is neither walk, hike nor run."""
    if kind and kind.strip():
        return TRACK_TYPES.get(kind.strip().lower().replace(" ", "_"))
    return "walk"


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


#: bytes read at a time; the reader holds one piece, the track being read and the summaries
CHUNK_BYTES = 1 << 20

#: a step between two consecutive points faster than this (36 km/h) is the GPS jumping, not
#: the person moving: left out of the distance (its time still counts). Steps recorded within
#: the same second count as one second (most files keep whole seconds).
JUMP_SPEED_MPS = limits.WALK_AVERAGE_SPEED_MPS.hi


# Moving time: a step between two timed points counts as walking when the person moved at
# least MOVING_MPS across it and also across a WINDOW_S-second window before or after it (0.3
# m/s is about 1 km/h, a third of the slow 3 km/h pace used for the programme). The window
# keeps the few metres a phone's position wanders while the person sits on a bench from
# counting as walking; looking both ways keeps the last seconds of a walk before a rest. A
# long gap (a watch's auto-pause, or sparse recording) is judged by how far the person got
# across it. A GPS jump (see JUMP_SPEED_MPS) counts no metres; whether its seconds were
# walking is judged by the window alone (a jump in the middle of a walk keeps its time).
MOVING_MPS = 0.3
WINDOW_S = 30.0


@dataclass
class Moving:
    """The moving seconds and metres of one segment, worked out as its points stream in.

    A step is decided once a point WINDOW_S after its start has been read (or the segment has
    ended), so only the points of about one window are held, never the whole segment."""

    seconds: float = 0.0
    metres: float = 0.0
    _points: list[tuple[float, float, float]] = field(default_factory=list)  # lat, lon, time
    _step_m: list[float] = field(default_factory=list)  # metres of the step ending at a point
    _base: int = 0  # index of _points[0] among the segment's timed points
    _next: int = 0  # the next step to decide (from point _next to _next + 1)
    _ahead: int = 0
    _behind: int = 0

    def add(self, lat: float, lon: float, time: datetime) -> None:
        t = _as_utc(time).timestamp()
        if self._points:
            plat, plon, pt = self._points[-1]
            d = distance(plat, plon, None, lat, lon, None) or 0.0
            if d / max(t - pt, 1.0) > JUMP_SPEED_MPS:
                d = -1.0  # a GPS jump: no metres; its time is judged by the window alone
            self._step_m.append(d)
        else:
            self._step_m.append(0.0)
        self._points.append((lat, lon, t))
        self._decide(final=False)

    def finish(self) -> tuple[float, float]:
        self._decide(final=True)
        return self.seconds, self.metres

    def _p(self, j: int) -> tuple[float, float, float]:
        return self._points[j - self._base]

    def _speed(self, j: int, k: int) -> float:
        (alat, alon, at), (blat, blon, bt) = self._p(j), self._p(k)
        span = bt - at
        return (distance(alat, alon, None, blat, blon, None) or 0.0) / span if span > 0 else 0.0

    def _decide(self, final: bool) -> None:
        last = self._base + len(self._points) - 1
        while self._next < last:
            i = self._next
            at, bt = self._p(i)[2], self._p(i + 1)[2]
            step, metres = bt - at, self._step_m[i + 1 - self._base]
            jump = metres < 0
            metres = max(metres, 0.0)
            if step <= 0 or (not jump and metres / step < MOVING_MPS):
                self._next += 1
                continue
            ahead = max(self._ahead, i + 1)  # the first point WINDOW_S after a, or the last
            while ahead < last and self._p(ahead)[2] - at < WINDOW_S:
                ahead += 1
            if not final and self._p(ahead)[2] - at < WINDOW_S:
                break  # later points may still come within the window: wait for them
            self._ahead = ahead
            while self._behind < i and bt - self._p(self._behind + 1)[2] >= WINDOW_S:
                self._behind += 1  # the last point WINDOW_S before b, or the first point
            if max(self._speed(i, ahead), self._speed(self._behind, i + 1)) >= MOVING_MPS:
                self.seconds += step
                self.metres += metres
            self._next += 1
        drop = min(self._behind, self._next) - self._base
        if drop > 256:  # trim now and then, not at every point
            del self._points[:drop], self._step_m[:drop]
            self._base += drop


@dataclass
class Segment:
    """What is kept of one <trkseg> while it is read: never its points."""

    points: int = 0
    length: float = 0.0
    jumps: int = 0
    jumped_m: float = 0.0  # the distance the left-out jumps would have added
    first: datetime | None = None  # the first and second points' times (gpxpy's rule)
    second: datetime | None = None
    before_last: datetime | None = None
    last: datetime | None = None
    start: datetime | None = None  # the first and last times of any point
    end: datetime | None = None
    moving: Moving = field(default_factory=Moving)  # its timed points' walking time
    _prev: tuple[float, float, datetime | None] | None = None

    def add(self, lat: float, lon: float, time: datetime | None) -> None:
        if self._prev is not None:
            d = distance(lat, lon, None, self._prev[0], self._prev[1], None)  # gpxpy's order
            then = self._prev[2]
            if d and then is not None and time is not None:
                seconds = max((_as_utc(time) - _as_utc(then)).total_seconds(), 1.0)
                if d / seconds > JUMP_SPEED_MPS:
                    self.jumps += 1
                    self.jumped_m += d
                    d = 0.0
            if d:
                self.length += d
        self._prev = (lat, lon, time)
        self.points += 1
        if self.points == 1:
            self.first = time
        elif self.points == 2:
            self.second = time
        if self.points > 1:
            self.before_last = self.last
        self.last = time
        if time is not None:
            self.start = self.start or time
            self.end = time
            self.moving.add(lat, lon, time)

    def duration(self) -> float | None:
        """As gpxpy's ``GPXTrackSegment.get_duration``: 0 under two points, None when the
        ends have no time or the last comes before the first."""
        if self.points < 2:
            return 0.0
        first = self.first if self.first is not None else self.second
        last = self.last if self.last is not None else self.before_last
        if first is None or last is None or last < first:
            return None
        return (last - first).total_seconds()


@dataclass
class Track:
    """One <trk> as read: its type and the summaries of its segments."""

    kind: str | None = None
    segments: list[Segment] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(s.points for s in self.segments)

    @property
    def length_2d(self) -> float:
        """Metres, GPS jumps left out (gpxpy's ``length_2d`` with them: add ``jumped_m``)."""
        total = 0.0
        for seg in self.segments:
            if seg.length:
                total += seg.length
        return total

    @property
    def jumps(self) -> int:
        return sum(s.jumps for s in self.segments)

    @property
    def jumped_m(self) -> float:
        return sum(s.jumped_m for s in self.segments)

    def duration(self) -> float | None:
        """As gpxpy's ``GPXTrack.get_duration``: None as soon as one segment's is None."""
        total = 0.0
        for seg in self.segments:
            d = seg.duration()
            if d is None:
                return None
            total += d
        return total

    def moving(self) -> tuple[float, float]:
        """(seconds, metres) walked: rests on the spot and GPS jumps left out."""
        walked = [s.moving.finish() for s in self.segments]
        return sum(sec for sec, _ in walked), sum(m for _, m in walked)

    def time_bounds(self) -> tuple[datetime | None, datetime | None]:
        start = next((s.start for s in self.segments if s.start is not None), None)
        end = next((s.end for s in reversed(self.segments) if s.end is not None), None)
        return start, end


@dataclass
class GpxSummary:
    tracks: list[Track]
    waypoints: int
    #: track points whose <time> could not be read (counted as no time), and the first of them
    unread_times: int = 0
    first_unread_time: str = ""


def read_gpx(path: Path) -> GpxSummary:
    """A GPX file's tracks, read piece by piece (memory does not grow with the number of
    points). The file is refused, naming it, when it is too big, not GPX, in an encoding
    Backstride does not read, damaged, unsafe (``xmlguard.parse_guarded``: entities, depth,
    ``MAX_GPX_POINTS``) or holds a track point without a usable position.

    What is read follows gpxpy 1.6 (the reader Backstride used before), so every file gives
    the same walks as before: tracks, segments and points are the direct children of the
    root, of <trk> and of <trkseg>, without a namespace prefix; a point's time is its first
    <time>; a track's <type> is read in GPX 1.1 files only; a point's time that cannot be
    read counts as none."""
    try:
        size = path.stat().st_size
        if size > MAX_GPX_BYTES:
            raise ImportFileError(
                f"{path}: the GPX file is {size / 1e6:,.0f} MB; the limit is "
                f"{MAX_GPX_BYTES / 1e6:.0f} MB. Split it into smaller files."
            )
        with path.open("rb") as handle:
            head = handle.read(max(CHUNK_BYTES, 16384))
            reader = _Reader()

            def pieces() -> Iterator[bytes]:
                yield head
                while piece := handle.read(CHUNK_BYTES):
                    yield piece

            try:
                # the first 4,096 letters, decoded as the whole file is (a letter cut at the
                # end of these bytes waits for the next piece: no refusal for it here)
                if "<gpx" not in next(utf8_chunks([head[:16384]]), b"").decode()[:4096]:
                    raise ImportFileError(
                        f"{path}: not a GPX file (no <gpx> element at the start)."
                    )
                parse_guarded(
                    utf8_chunks(pieces()),
                    start=reader.start,
                    end=reader.end,
                    text=reader.text,
                    max_points=MAX_GPX_POINTS,
                )
            except XmlEncodingRefused as exc:
                raise ImportFileError(
                    f"{path}: not a GPX file Backstride can read: {exc}."
                ) from None
            except XmlRefused as exc:
                raise ImportFileError(f"{path}: damaged or unsafe GPX file: {exc}.") from None
            except (ValueError, OverflowError, TypeError) as exc:  # a position or time unusable
                # (TypeError: times with and without a time zone in one track)
                raise ImportFileError(
                    f"{path}: damaged GPX file (unusable value: {exc})."
                ) from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror}).") from None
    return GpxSummary(
        reader.tracks, reader.waypoints, reader.unread_times, reader.first_unread_time
    )


class _Reader:
    """The expat callbacks: keeps the element path, the track and point being read."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.version: str | None = None
        self.tracks: list[Track] = []
        self.waypoints = 0
        self.track: Track | None = None
        self.segment: Segment | None = None
        self.point: tuple[float, float] | None = None
        self.time: str | None = None  # the point's first <time>, as written
        self.type_text: str | None = None
        self.capture: list[str] | None = None
        self.unread_times = 0
        self.first_unread_time = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        path = self.path
        depth = len(path)
        path.append(name)
        if depth == 0:
            self.version = attrs.get("version")
        elif depth == 1:
            if name == "trk":
                self.track = Track()
                self.type_text = None
            elif name == "wpt":
                self.waypoints += 1
        elif depth == 2 and path[1] == "trk":
            if name == "trkseg":
                self.segment = Segment()
            elif name == "type" and self.type_text is None and self.version == "1.1":
                self.capture = []
        elif depth == 3 and name == "trkpt" and path[1:3] == ["trk", "trkseg"]:
            self.point = (_coordinate(attrs, "lat"), _coordinate(attrs, "lon"))
            self.time = None
        elif depth == 4 and name == "time" and self.point is not None and self.time is None:
            self.capture = []

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    def end(self, name: str) -> None:
        path = self.path
        path.pop()
        depth = len(path)
        if self.capture is not None and depth in (2, 4):
            text = "".join(self.capture)
            self.capture = None
            if depth == 2:
                self.type_text = text
            else:
                self.time = text
        elif depth == 3 and self.point is not None:
            lat, lon = self.point
            self.point = None
            assert self.segment is not None
            moment = _time(self.time)
            if moment is None and self.time and self.time.strip():
                self.unread_times += 1
                self.first_unread_time = self.first_unread_time or self.time.strip()
            self.segment.add(lat, lon, moment)
        elif depth == 2 and name == "trkseg" and self.segment is not None:
            assert self.track is not None
            self.track.segments.append(self.segment)
            self.segment = None
        elif depth == 1 and name == "trk" and self.track is not None:
            self.track.kind = self.type_text
            self.tracks.append(self.track)
            self.track = None


def _coordinate(attrs: dict[str, str], name: str) -> float:
    value = attrs.get(name)
    word = "latitude" if name == "lat" else "longitude"
    if value is None:
        raise XmlRefusedHere(f"a track point has no {word} ({name})")
    text = value.strip()
    try:
        # a decimal number as GPX writes it (xsd:decimal; an exponent too, as gpxpy reads
        # it), or NaN/Infinity to refuse below as off the Earth; not Python's other forms:
        # "4_6.0" would be read as 46, a full-width "４６" as 46
        if not _DECIMAL.fullmatch(text) and text.lower().lstrip("+-") not in _NOT_FINITE:
            raise ValueError(text)
        number = float(text)
    except ValueError:
        raise XmlRefusedHere(
            f"a track point's {word} {value[:40]!r} is not a number (write it with the digits "
            "0 to 9 and a point, such as 46.0512)"
        ) from None
    limit = COORDINATE_LIMITS[name]
    if not -limit <= number <= limit:  # NaN and infinities too
        raise XmlRefusedHere(
            f"a track point's {word} {value.strip()[:40]} is not on Earth: a {word} lies from "
            f"-{limit} to {limit} degrees"
        )
    return number


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = {"nan", "inf", "infinity"}

#: the range of each coordinate (GPX 1.1's latitudeType and longitudeType; 180 and -180 are
#: the same meridian, and both are taken)
COORDINATE_LIMITS = {"lat": 90, "lon": 180}


#: the widest time-zone offsets in use (UTC-12:00 to UTC+14:00)
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)


def _time(text: str | None) -> datetime | None:
    """gpxpy's reading of a <time>: unreadable counts as none. A time-zone offset no place
    uses (``+25:00``) is refused with the time named: gpxpy reads it, and Python then fails
    on it later with a message about timedelta."""
    if not text:
        return None
    try:
        moment = parse_time(text)
    except Exception:  # gpxpy's TimeConverter: any failure (30 February, year 0) is no time
        return None
    if moment is None:
        return None
    try:
        offset = moment.utcoffset()
    except (ValueError, OverflowError):
        offset = LATEST_OFFSET + timedelta(hours=1)
    if offset is not None and not EARLIEST_OFFSET <= offset <= LATEST_OFFSET:
        raise XmlRefusedHere(
            f"the time {text.strip()[:40]!r} has a time-zone offset no place uses (they run "
            "from -12:00 to +14:00)"
        )
    return moment


def parse_gpx(path: Path) -> list[Walk]:
    """Each track with times becomes one walk (runs and hikes as such; other activities
    are skipped); a file with none is refused."""
    summary = read_gpx(path)
    try:
        return _walks(path, summary)
    except (ValueError, OverflowError, TypeError) as exc:  # a coordinate or time unusable
        # (TypeError: times with and without a time zone in one track cannot be compared)
        raise ImportFileError(f"{path}: damaged GPX file (unusable value: {exc}).") from None


def _walks(path: Path, gpx: GpxSummary) -> list[Walk]:
    walks = []
    other = backwards = 0
    for track in gpx.tracks:
        start_time, end_time = track.time_bounds()
        if start_time is None or end_time is None:
            continue
        if _as_utc(end_time) < _as_utc(start_time):  # a damaged or hand-edited recording
            backwards += 1
            continue
        elapsed = float(track.duration() or 0.0)
        start = _as_utc(start_time)
        duration, distance_m = track.moving()
        activity = track_activity(track.kind)
        if activity is None:
            other += 1
            continue
        walks.append(
            Walk(
                source="gpx",
                started_at=start.replace(tzinfo=None),
                day=start.astimezone().date(),
                duration_s=duration,
                distance_m=float(distance_m) if distance_m else None,
                source_file=path.name,
                activity=activity,
                gps_jumps=track.jumps,
                elapsed_s=elapsed,
                # keyed by the whole recording, as before rests were left out, so a file
                # imported before is still recognised as already stored
                dedupe_key=walk_key("gpx", start.replace(tzinfo=None), elapsed),
            )
        )
    if not walks and backwards:
        raise ImportFileError(
            f"{path}: no walk found: the times in {count(backwards, 'track')} run backwards "
            "(the last point is earlier than the first), so the file looks damaged. Nothing from "
            "this file was imported. Export the walk again from the app or watch that recorded it."
        )
    if not walks:
        skipped = f", {other} of another activity such as cycling" if other else ""
        unread = ""
        if gpx.unread_times:
            shown = gpx.first_unread_time
            shown = repr(shown if len(shown) <= 40 else shown[:40] + "...")
            unread = (
                f" {count(gpx.unread_times, 'track point')} "
                f"{'has a time' if gpx.unread_times == 1 else 'have times'} that cannot be read, "
                f"the first {shown}: a time is a real date and time written like "
                "2026-11-20T10:00:00Z (or with an offset such as +01:00)."
            )
        raise ImportFileError(
            f"{path}: no walk found: the GPX file has no walking, hiking or running track with "
            f"times ({count(len(gpx.tracks), 'track')}{skipped}, "
            f"{count(gpx.waypoints, 'waypoint')}).{unread}"
        )
    return walks
