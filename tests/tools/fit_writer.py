"""A small FIT encoder for tests: writes activity files (and broken ones) byte by byte.

Backstride only reads FIT files (with fitdecode); this writer exists so that the tests can make
FIT files a watch never would. It follows the public FIT protocol:

- a 14-byte header: header size, protocol version, profile version, the size of the records,
  ``.FIT`` and a CRC of the first 12 bytes (a 12-byte header, without that CRC, is allowed too);
- records, each one byte of header and then either a *definition* message (which global message a
  local message number stands for, and the number, size and base type of each field) or a *data*
  message (the fields' values in that order), or a data message with a *compressed timestamp*
  header (a local message number 0-3 and a 5-bit time offset in the header byte itself);
- the file's CRC over everything before it, little endian.

Positions are semicircles (2**31 semicircles = 180 degrees); times are seconds since
1989-12-31 00:00 UTC; distances are centimetres, durations milliseconds (the profile's scales).

Nothing here is checked: a test can ask for a field of 255 bytes, a wrong CRC or a size that
lies, which is the point.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# base types: number -> (struct format of one value, the value that means "invalid")
ENUM, SINT8, UINT8, SINT16, UINT16 = 0x00, 0x01, 0x02, 0x83, 0x84
SINT32, UINT32, STRING, FLOAT32, FLOAT64 = 0x85, 0x86, 0x07, 0x88, 0x89
UINT8Z, UINT16Z, UINT32Z, BYTE = 0x0A, 0x8B, 0x8C, 0x0D
SINT64, UINT64, UINT64Z = 0x8E, 0x8F, 0x90

BASE: dict[int, tuple[str, int | float | None]] = {
    ENUM: ("B", 0xFF),
    SINT8: ("b", 0x7F),
    UINT8: ("B", 0xFF),
    SINT16: ("h", 0x7FFF),
    UINT16: ("H", 0xFFFF),
    SINT32: ("i", 0x7FFFFFFF),
    UINT32: ("I", 0xFFFFFFFF),
    STRING: ("s", None),
    FLOAT32: ("f", None),
    FLOAT64: ("d", None),
    UINT8Z: ("B", 0),
    UINT16Z: ("H", 0),
    UINT32Z: ("I", 0),
    BYTE: ("B", 0xFF),
    SINT64: ("q", 0x7FFFFFFFFFFFFFFF),
    UINT64: ("Q", 0xFFFFFFFFFFFFFFFF),
    UINT64Z: ("Q", 0),
}

# global message numbers and field numbers of the FIT profile used here
FILE_ID, LAP, RECORD, SESSION, ACTIVITY = 0, 19, 20, 18, 34
EVENT, DEVICE_INFO = 21, 23
DEVELOPER_DATA_ID, FIELD_DESCRIPTION = 207, 206
TIMESTAMP = 253  # the same field number in every message
SPORT = {"running": 1, "walking": 11, "hiking": 17, "cycling": 2, "generic": 0}
FILE_TYPE_ACTIVITY = 4


def fit_time(moment: datetime) -> int:
    """Seconds since the FIT epoch (1989-12-31 00:00 UTC)."""
    return round((moment - FIT_EPOCH).total_seconds())


def semicircles(degrees: float) -> int:
    return round(degrees * 2**31 / 180)


_CRC_TABLE = (
    0x0000,
    0xCC01,
    0xD801,
    0x1400,
    0xF001,
    0x3C00,
    0x2800,
    0xE401,
    0xA001,
    0x6C00,
    0x7800,
    0xB401,
    0x5000,
    0x9C01,
    0x8801,
    0x4400,
)


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16, four bits at a time, as the protocol describes it."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


@dataclass(frozen=True)
class Def:
    """One field of a definition message: its number, base type and size in bytes (None: one
    value of the base type; a string's size must be given)."""

    number: int
    base: int
    size: int | None = None

    @property
    def nbytes(self) -> int:
        if self.size is not None:
            return self.size
        fmt = BASE.get(self.base, ("s", None))[0]
        if fmt == "s":
            raise ValueError("a string field needs its size")
        return struct.calcsize(fmt)


@dataclass(frozen=True)
class DevDef:
    """One developer field of a definition message: number, size, developer data index."""

    number: int
    size: int
    index: int = 0


@dataclass
class _Local:
    fields: list[Def]
    dev: list[DevDef]
    endian: str


@dataclass
class FitWriter:
    """Records in the order they are added; ``bytes()`` gives the whole file."""

    protocol: int = 0x20
    profile: int = 2132
    records: bytearray = field(default_factory=bytearray)
    _locals: dict[int, _Local] = field(default_factory=dict)

    def define(
        self,
        local: int,
        global_number: int,
        fields: Sequence[Def],
        dev: Sequence[DevDef] = (),
        *,
        big_endian: bool = False,
    ) -> FitWriter:
        header = 0x40 | (0x20 if dev else 0) | (local & 0x0F)
        out = bytearray([header, 0, 1 if big_endian else 0])
        out += struct.pack(">H" if big_endian else "<H", global_number)
        out.append(len(fields))
        for f in fields:
            out += bytes([f.number, f.nbytes & 0xFF, f.base])
        if dev:
            out.append(len(dev))
            for d in dev:
                out += bytes([d.number, d.size, d.index])
        self.records += out
        self._locals[local] = _Local(list(fields), list(dev), ">" if big_endian else "<")
        return self

    def data(
        self,
        local: int,
        values: Sequence[object],
        dev_values: Sequence[bytes] = (),
        *,
        time_offset: int | None = None,
    ) -> FitWriter:
        """A data message for ``local``'s definition, one value per field (None: the base
        type's invalid value; a list for an array; bytes or str for a string). ``time_offset``:
        a compressed timestamp header (local 0-3, offset 0-31 seconds) instead of a normal one."""
        spec = self._locals[local]
        if time_offset is None:
            out = bytearray([local & 0x0F])
        else:
            out = bytearray([0x80 | ((local & 0x03) << 5) | (time_offset & 0x1F)])
        for f, value in zip(spec.fields, values, strict=True):
            out += _pack(f, value, spec.endian)
        for d, raw in zip(spec.dev, dev_values, strict=True):
            out += raw[: d.size].ljust(d.size, b"\0")
        self.records += out
        return self

    def raw(self, data: bytes) -> FitWriter:
        """Bytes added as they are (a broken record)."""
        self.records += data
        return self

    def to_bytes(
        self,
        *,
        header_size: int = 14,
        data_size: int | None = None,
        header_crc: int | None = None,
        file_crc: int | None = None,
    ) -> bytes:
        """The file. ``data_size``, ``header_crc`` and ``file_crc``: values to write instead of
        the right ones (a header that lies about the size, a wrong CRC)."""
        size = len(self.records) if data_size is None else data_size
        head = struct.pack("<BBHI4s", header_size, self.protocol, self.profile, size, b".FIT")
        if header_size == 14:
            head += struct.pack("<H", crc16(head) if header_crc is None else header_crc)
        body = head + bytes(self.records)
        return body + struct.pack("<H", crc16(body) if file_crc is None else file_crc)

    __bytes__ = to_bytes


def _pack(f: Def, value: object, endian: str) -> bytes:
    if isinstance(value, bytes):  # raw bytes, whatever the base type says
        return value[: f.nbytes].ljust(f.nbytes, b"\0")
    fmt, invalid = BASE[f.base]
    if fmt == "s":
        raw = value.encode() if isinstance(value, str) else bytes(value or b"")  # type: ignore[arg-type]
        return raw[: f.nbytes].ljust(f.nbytes, b"\0")
    one = struct.calcsize(fmt)
    count = max(f.nbytes // one, 1) if f.nbytes else 0
    items: list[object] = list(value) if isinstance(value, list | tuple) else [value] * count
    if invalid is None:
        fill: object = math.nan
    else:
        fill = invalid
    items = [fill if v is None else v for v in items][:count]
    items += [fill] * (count - len(items))
    out = struct.pack(endian + fmt * count, *items)
    pad = f.nbytes - len(out)  # a size that is no multiple of the base type's: filled with 0xFF
    return out + b"\xff" * pad if pad > 0 else out[: f.nbytes]


# --- the messages of an activity file -----------------------------------------------------

FILE_ID_FIELDS = (
    Def(0, ENUM),  # type
    Def(1, UINT16),  # manufacturer
    Def(2, UINT16),  # product
    Def(3, UINT32Z),  # serial_number
    Def(4, UINT32),  # time_created
)
RECORD_FIELDS = (
    Def(TIMESTAMP, UINT32),
    Def(0, SINT32),  # position_lat, semicircles
    Def(1, SINT32),  # position_long, semicircles
    Def(5, UINT32),  # distance, 1/100 m
)
LAP_FIELDS = (
    Def(TIMESTAMP, UINT32),
    Def(2, UINT32),  # start_time
    Def(7, UINT32),  # total_elapsed_time, ms
    Def(8, UINT32),  # total_timer_time, ms
    Def(9, UINT32),  # total_distance, 1/100 m
)
SESSION_FIELDS = (
    Def(TIMESTAMP, UINT32),
    Def(2, UINT32),  # start_time
    Def(7, UINT32),  # total_elapsed_time, ms
    Def(8, UINT32),  # total_timer_time, ms
    Def(9, UINT32),  # total_distance, 1/100 m
    Def(5, ENUM),  # sport
    Def(10, UINT32),  # total_cycles (total_strides when walking or running)
)
ACTIVITY_FIELDS = (
    Def(TIMESTAMP, UINT32),
    Def(0, UINT32),  # total_timer_time, ms
    Def(1, UINT16),  # num_sessions
    Def(2, ENUM),  # type (0 manual)
)


@dataclass(frozen=True)
class Point:
    """One record: seconds after the start, position in degrees (None: no position), metres
    from the start (None: no distance)."""

    seconds: float
    lat: float | None = None
    lon: float | None = None
    distance_m: float | None = None


def straight_walk(minutes: float, metres: float, every_s: int = 10) -> list[Point]:
    """Points of a walk northwards from near Ljubljana, evenly spaced."""
    n = max(int(minutes * 60 // every_s), 1)
    points = []
    for i in range(n + 1):
        done = metres * i / n
        points.append(
            Point(i * every_s * (minutes * 60 / (n * every_s)), 46.0 + done / 111_195, 14.5, done)
        )
    return points


def activity(
    start: datetime,
    duration_s: float,
    distance_m: float | None,
    points: Iterable[Point] = (),
    *,
    sport: str = "walking",
    strides: int | None = None,
    session_start: datetime | None = None,
    sessions: int = 1,
) -> FitWriter:
    """A FIT activity file as a watch writes one: file_id, one record per point, a lap, the
    session(s) and the activity. The session's numbers are given as they are (nothing is worked
    out from the points), so a test can make them disagree."""
    w = FitWriter()
    t0 = fit_time(start)
    w.define(0, FILE_ID, FILE_ID_FIELDS).data(0, [FILE_TYPE_ACTIVITY, 1, 2697, 1234567, t0])
    w.define(1, RECORD, RECORD_FIELDS)
    last = t0
    for p in points:
        last = t0 + round(p.seconds)
        w.data(
            1,
            [
                last,
                None if p.lat is None else semicircles(p.lat),
                None if p.lon is None else semicircles(p.lon),
                None if p.distance_m is None else round(p.distance_m * 100),
            ],
        )
    end = max(last, t0 + round(duration_s))
    ms = round(duration_s * 1000)
    cm = None if distance_m is None else round(distance_m * 100)
    w.define(2, LAP, LAP_FIELDS).data(2, [end, t0, ms, ms, cm])
    s0 = fit_time(session_start) if session_start else t0
    w.define(3, SESSION, SESSION_FIELDS)
    for _ in range(sessions):
        w.data(3, [end, s0, ms, ms, cm, SPORT[sport], strides])
    w.define(4, ACTIVITY, ACTIVITY_FIELDS).data(4, [end, ms, sessions, 0])
    return w
