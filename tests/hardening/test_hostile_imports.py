"""Hostile walk files made on the fly (tmp_path): odd file names, impossible walks, huge
tracks and odd Apple Health records. Each is refused clearly, or stored as it should be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backstride.diary.importer import import_walk_file, read_walk_file
from backstride.diary.xmlguard import XmlRefused, check_xml
from backstride.errors import ImportFileError
from backstride.storage import Store


def gpx(points: list[tuple[float | str, float | str, str]], kind: str = "") -> str:
    """A one-track GPX file from (lat, lon, time) points."""
    typ = f"<type>{kind}</type>" if kind else ""
    body = "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><time>{t}</time></trkpt>' for lat, lon, t in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk>{typ}<trkseg>{body}</trkseg></trk></gpx>'
    )


WALK = gpx(
    [
        (52.0, 4.0, "2024-03-01T08:00:00Z"),
        (52.006, 4.0, "2024-03-01T08:10:00Z"),  # 667 m in 10 minutes: a slow walk
        (52.012, 4.0, "2024-03-01T08:20:00Z"),
    ]
)


CLI = "from backstride.cli import main; main()"


def _walks(db: str) -> list[dict]:
    with Store.open(db) as store:
        return list(store.list_walks())


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8: Linux")
def test_a_file_name_that_is_not_utf8_is_stored_readably(tmp_path: Path) -> None:
    name = os.fsdecode(b"walk-\xff\xfe.gpx")  # '\udcff\udcfe' in Python
    path = tmp_path / name
    path.write_text(WALK)
    db = str(tmp_path / "d.db")
    r = subprocess.run(  # the command echoes the name's raw bytes: read bytes
        [sys.executable, "-c", CLI, "walks", "import", str(path)],
        capture_output=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in r.stderr
    (walk,) = _walks(db)
    assert walk["source_file"] == "walk-\ufffd\ufffd.gpx"
    with Store.open(db) as store:  # the same file again adds nothing
        assert import_walk_file(store, path).counts.walks_already_stored == 1


@pytest.mark.skipif(sys.platform != "linux", reason="control characters in file names: Linux")
def test_a_file_name_with_control_or_direction_characters_is_stored_cleaned(
    tmp_path: Path,
) -> None:
    """Session 24: `walks import` stored the name as the disk has it, escape sequence and
    right-to-left override included (web uploads were already cleaned by ``sent_name``); it
    came back in later messages ("already stored from ..."). Now the command line stores
    names by the same rule as an upload."""
    path = tmp_path / "evil\x1b[2J\u202expg.gpx"
    path.write_text(WALK)
    db = str(tmp_path / "d.db")
    r = subprocess.run(
        [sys.executable, "-c", CLI, "walks", "import", str(path)],
        capture_output=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    (walk,) = _walks(db)
    assert walk["source_file"] == "evil[2Jxpg.gpx"
    with Store.open(db) as store:  # the same file again adds nothing
        assert import_walk_file(store, path).counts.walks_already_stored == 1


# --- impossible walks: faster than anyone on foot ------------------------------------------

# A GPX track's steps faster than 10 m/s are GPS jumps, left out of its distance
# (tests/storage/test_walk_rules.py); a file that only gives a total is refused for its speed.
TELEPORTS = {
    "export.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><HealthData locale="en_US"><Workout '
        'workoutActivityType="HKWorkoutActivityTypeWalking" duration="2" durationUnit="min" '
        'totalDistance="400" totalDistanceUnit="km" startDate="2024-03-01 08:00:00 +0100"/>'
        "</HealthData>"
    ),
}


@pytest.mark.parametrize("name", TELEPORTS)
def test_a_walk_faster_than_anyone_on_foot_is_refused(tmp_path: Path, name: str) -> None:
    db = str(tmp_path / "d.db")
    good = tmp_path / "walk.gpx"
    good.write_text(WALK)
    bad = tmp_path / name
    bad.write_text(TELEPORTS[name])
    r = subprocess.run(
        [sys.executable, "-c", CLI, "walks", "import", str(good), str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKSTRIDE_DB": db},
        timeout=120,
    )
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert f"Not imported: {bad}" in " ".join(r.stderr.split())
    assert "m/s" in r.stderr and "limit is 10 m/s" in " ".join(r.stderr.split())
    assert len(_walks(db)) == 1  # the good walk stays; nothing from the bad file


# --- a GPX file with too many points: refused before gpxpy holds them all -----------------


def test_a_gpx_file_with_too_many_points_is_refused_before_it_fills_memory(
    tmp_path: Path,
) -> None:
    from backstride.limits import MAX_GPX_POINTS

    point = '<trkpt lat="52.0" lon="4.0"/>'
    path = tmp_path / "huge.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{point * (MAX_GPX_POINTS + 1)}</trkseg></trk></gpx>"
    )
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert f"more than {MAX_GPX_POINTS:,} points" in err.value.message
    assert "split it" in err.value.message


def test_check_xml_counts_points_under_any_namespace_prefix() -> None:
    doc = b'<g:gpx xmlns:g="x">' + b"<g:wpt/>" * 3 + b"<g:rtept/></g:gpx>"
    check_xml(doc, max_points=4)
    with pytest.raises(XmlRefused, match="more than 3 points"):
        check_xml(doc, max_points=3)


# --- Apple Health: a unit Backstride does not know is named, never guessed ----------------


def _workout(**attrs: str) -> str:
    shown = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><HealthData locale="en_US"><Workout '
        'workoutActivityType="HKWorkoutActivityTypeWalking" startDate="2024-03-01 08:00:00 '
        f'+0100" {shown}/></HealthData>'
    )


@pytest.mark.parametrize(
    ("attrs", "named"),
    [
        (
            {"duration": "30", "durationUnit": "fortnight"},
            "'fortnight', which Backstride does not know (it reads min, s, sec, hr, h)",
        ),
        (
            {"duration": "30", "totalDistance": "2", "totalDistanceUnit": "parsec"},
            "'parsec', which Backstride does not know (it reads km, m, mi",
        ),
    ],
)
def test_an_apple_health_unit_that_is_not_known_is_named(
    tmp_path: Path, attrs: dict[str, str], named: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(_workout(**attrs))
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert named in err.value.message
    assert "Nothing from this file was imported" in err.value.message


def test_apple_health_units_it_knows_still_convert(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        _workout(duration="0.5", durationUnit="hr", totalDistance="1.5", totalDistanceUnit="mi")
    )
    _kind, (walk,), _days = read_walk_file(path)
    assert walk.duration_s == 1800 and walk.distance_m == pytest.approx(2414.016)


# --- a picture or an archive under a walk file's name --------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "what"),
    [
        ("walk.gpx", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
        ("walk.fit", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
        ("walk.gpx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
        ("export.xml", b"%PDF-1.7\n" + b"\x00" * 40, "a PDF document"),
    ],
)
def test_a_file_that_is_not_a_walk_file_says_what_it_is(
    tmp_path: Path, name: str, head: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert f"this is {what}, not a walk file" in err.value.message
    assert ("Unzip it first" in err.value.message) == (what == "a ZIP archive")


# --- GPX text in UTF-16 or a declared single-byte encoding: read, every guard kept ---------

NAMED = "Café Straße, “Runde” am Müggelsee"  # windows-1252 has the quotes, Latin-1 not
DECL = '<?xml version="1.0" encoding="{}"?>'


def _encoded(declared: str | None, codec: str, bom: bytes = b"", text: str = WALK) -> bytes:
    """WALK (with a named track) declaring ``declared``, in ``codec``, after ``bom``."""
    body = text.split("?>", 1)[1]
    name = NAMED if codec != "latin-1" else NAMED.replace("“", '"').replace("”", '"')
    body = body.replace("<trk>", f"<trk><name>{name}</name>")
    head = DECL.format(declared) if declared else '<?xml version="1.0"?>'
    return bom + (head + body).encode(codec)


READABLE = {
    "utf16-le-bom.gpx": _encoded("UTF-16", "utf-16-le", b"\xff\xfe"),
    "utf16-be-bom.gpx": _encoded("UTF-16", "utf-16-be", b"\xfe\xff"),
    "utf16-no-bom.gpx": _encoded("UTF-16", "utf-16-le"),
    # PowerShell's `Get-Content walk.gpx > copy.gpx`: UTF-16 that still says UTF-8
    "powershell.gpx": _encoded("UTF-8", "utf-16-le", b"\xff\xfe"),
    "latin1.gpx": _encoded("ISO-8859-1", "latin-1"),
    "latin1-single-quotes.gpx": _encoded("latin1", "latin-1").replace(b'"latin1"', b"'latin1'"),
    "cp1252.gpx": _encoded("windows-1252", "cp1252"),
    "utf8-bom.gpx": _encoded("utf-8", "utf-8", b"\xef\xbb\xbf"),
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_a_gpx_file_in_utf16_or_a_declared_latin_encoding_is_read(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(READABLE[name])
    kind, walks, _days = read_walk_file(path)
    assert kind == "gpx" and len(walks) == 1
    assert walks[0].duration_s == 1200 and walks[0].source_file == name
    (expected,) = read_walk_file(_utf8(tmp_path))[1]  # the same walk as its UTF-8 file
    assert walks[0].dedupe_key == expected.dedupe_key


def _utf8(tmp_path: Path) -> Path:
    path = tmp_path / "plain.gpx"
    path.write_text(WALK, encoding="utf-8")
    return path


def test_the_cli_imports_a_utf16_gpx_file_once(tmp_path: Path) -> None:
    path = tmp_path / "from-windows.gpx"
    path.write_bytes(READABLE["utf16-le-bom.gpx"])
    db = str(tmp_path / "d.db")
    env = {**os.environ, "BACKSTRIDE_DB": db}
    for _ in range(2):
        r = subprocess.run(
            [sys.executable, "-c", CLI, "walks", "import", str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
    assert [w["source_file"] for w in _walks(db)] == ["from-windows.gpx"]


REFUSED = {  # name -> the file, and words the message must have
    "shift-jis.gpx": (
        DECL.format("Shift_JIS").encode() + WALK.split("?>", 1)[1].encode(),
        ["'Shift_JIS'", "does not read", "windows-1252", "UTF-8"],
    ),
    "utf32.gpx": (b"\xff\xfe\x00\x00" + WALK.encode("utf-32-le"), ["UTF-32", "does not read"]),
    # says UTF-8, is Latin-1: the byte that is not UTF-8 is named
    "lying-utf8.gpx": (_encoded("UTF-8", "latin-1"), ["says its text is UTF-8", "0xE9"]),
    # no declaration at all and not UTF-8
    "undeclared.gpx": (_encoded(None, "latin-1"), ["not UTF-8", "names no other encoding"]),
    # says UTF-16, has one byte a letter
    "lying-utf16.gpx": (_encoded("UTF-16", "utf-8"), ["says its text is UTF-16", "one"]),
    # windows-1252 has no character for 0x81
    "lying-cp1252.gpx": (
        _encoded("windows-1252", "cp1252").replace(b"Caf\xe9", b"Caf\x81"),
        ["says its text is windows-1252", "0x81"],
    ),
    "odd-utf16.gpx": (_encoded("UTF-16", "utf-16-le", b"\xff\xfe") + b"\x00", ["UTF-16"]),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_encoding_that_is_unknown_or_lies_is_named(tmp_path: Path, name: str) -> None:
    data, words = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    message = err.value.message
    assert name in message and "export it again as UTF-8" in message
    for word in words:
        assert word in message, message
    assert "Traceback" not in message


GUARDED = {  # a hostile body, and what the guard says about it
    "entities": (
        '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<gpx version="1.1" creator="t"><trk><name>&b;</name></trk></gpx>',
        "declares its own XML entity",
    ),
    "deep": ('<gpx version="1.1">' + "<e>" * 200 + "</e>" * 200 + "</gpx>", "nested more than"),
    "points": (
        '<gpx version="1.1"><trk><trkseg>'
        + '<trkpt lat="52" lon="4"/>' * 11
        + "</trkseg></trk></gpx>",
        "more than 10 points",
    ),
}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "windows-1252"])
@pytest.mark.parametrize("attack", sorted(GUARDED))
def test_every_xml_guard_holds_on_decoded_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str, attack: str
) -> None:
    import backstride.diary.gpx as gpx_module

    monkeypatch.setattr(gpx_module, "MAX_GPX_POINTS", 10)
    body, said = GUARDED[attack]
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    declared = "UTF-16" if bom else codec
    path = tmp_path / f"{attack}.gpx"
    path.write_bytes(bom + (DECL.format(declared) + body).encode(codec.replace("windows-", "cp")))
    with pytest.raises(ImportFileError) as err:
        read_walk_file(path)
    assert said in err.value.message


def test_a_utf16_gpx_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backstride.diary.gpx as gpx_module

    path = tmp_path / "big.gpx"
    path.write_bytes(READABLE["utf16-le-bom.gpx"])
    monkeypatch.setattr(gpx_module, "MAX_GPX_BYTES", len(READABLE["utf16-le-bom.gpx"]) - 1)
    with pytest.raises(ImportFileError, match="the limit is"):
        read_walk_file(path)
