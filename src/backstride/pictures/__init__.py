"""Stick-figure pictures for the exercises and self-tests (SVG package data, drawn for
Backstride by scripts/draw_pictures.py): one file per exercise or self-test id."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from importlib import resources

SVG_NS = "{http://www.w3.org/2000/svg}"


@cache
def picture(item_id: str) -> str | None:
    """The SVG text for an exercise or self-test id, or None when there is no picture."""
    if not item_id.replace("_", "").isalnum():
        return None
    f = resources.files(__package__) / f"{item_id}.svg"
    return f.read_text(encoding="utf-8") if f.is_file() else None


def problems(ids: Iterable[str]) -> list[str]:
    """What is wrong with the pictures of these ids (a missing file, bad SVG, no title)."""
    out = []
    for item_id in ids:
        svg = picture(item_id)
        if svg is None:
            out.append(
                f"pictures: {item_id!r} has no picture (src/backstride/pictures/{item_id}.svg)"
            )
            continue
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as err:
            out.append(f"pictures: {item_id}.svg is not valid XML: {err}")
            continue
        if root.tag != f"{SVG_NS}svg" or not root.get("viewBox"):
            out.append(f"pictures: {item_id}.svg is not an SVG with a viewBox")
        title = root.find(f"{SVG_NS}title")
        if title is None or not (title.text or "").strip():
            out.append(f"pictures: {item_id}.svg has no <title> (its text alternative)")
    return out
