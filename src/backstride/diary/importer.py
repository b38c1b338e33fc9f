"""Choose the reader for a walk file and store what it holds, one transaction per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backstride.diary.records import DailyActivity, Walk
from backstride.errors import ImportFileError

if TYPE_CHECKING:
    from backstride.storage import ImportCounts, Store
    from backstride.storage.store import PersonRef

FORMATS = ("gpx", "fit", "apple_health")


@dataclass(frozen=True)
class FileResult:
    path: Path
    kind: str
    counts: ImportCounts


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
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
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


def read_walk_file(path: Path) -> tuple[str, list[Walk], list[DailyActivity]]:
    """Parse a file completely (before any database write) and return what it holds."""
    kind = detect_kind(path)
    if kind == "gpx":
        from backstride.diary.gpx import parse_gpx

        return kind, parse_gpx(path), []
    if kind == "fit":
        from backstride.diary.fit import parse_fit

        return (kind, *parse_fit(path))
    from backstride.diary.apple_health import parse_apple_health

    return (kind, *parse_apple_health(path))


def import_walk_file(store: Store, path: Path, person: PersonRef = None) -> FileResult:
    kind, walks, days = read_walk_file(path)
    return FileResult(path, kind, store.add_walks(person, walks, days))
