"""The exercise and self-test drawings (backstride.pictures) as ReportLab drawings for the PDF.

ReportLab does not read SVG, so this turns the small SVG subset our drawings use (polyline,
circle, ellipse, rect, and paths of M, L and Q commands, with an arrowhead marker) into
ReportLab shapes. Anything else in a file is skipped, never guessed.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Group, Path, Polygon, PolyLine, Rect
from reportlab.lib.colors import HexColor, white

from backstride.pictures import SVG_NS, picture

_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _colour(value: str | None):
    if not value or value == "none":
        return None
    if value == "#fff":
        return white
    return HexColor(value)


def _stroke(shape, el: ET.Element) -> None:
    shape.strokeColor = _colour(el.get("stroke"))
    shape.strokeWidth = float(el.get("stroke-width", "1"))
    shape.strokeLineCap = 1  # round
    shape.strokeLineJoin = 1
    if not isinstance(shape, PolyLine):  # a polyline has no fill in ReportLab
        shape.fillColor = _colour(el.get("fill"))


def _arrowhead(tip: tuple[float, float], frm: tuple[float, float], colour, size: float) -> Polygon:
    angle = math.atan2(tip[1] - frm[1], tip[0] - frm[0])
    left = (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45))
    right = (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45))
    return Polygon([*tip, *left, *right], fillColor=colour, strokeColor=None)


def _path(el: ET.Element, group: Group) -> None:
    tokens = re.findall(r"[MLQ]|-?\d+(?:\.\d+)?", el.get("d", ""))
    path = Path()
    _stroke(path, el)
    path.fillColor = None
    cur = (0.0, 0.0)
    before = cur  # the point the last segment came from (for the arrowhead's direction)
    i = 0
    while i < len(tokens):
        cmd = tokens[i]
        nums = [float(t) for t in tokens[i + 1 : i + (5 if cmd == "Q" else 3)]]
        i += 5 if cmd == "Q" else 3
        if cmd == "M":
            cur = before = (nums[0], nums[1])
            path.moveTo(*cur)
        elif cmd == "L":
            before, cur = cur, (nums[0], nums[1])
            path.lineTo(*cur)
        elif cmd == "Q":  # quadratic to cubic
            q, end = (nums[0], nums[1]), (nums[2], nums[3])
            c1 = (cur[0] + 2 / 3 * (q[0] - cur[0]), cur[1] + 2 / 3 * (q[1] - cur[1]))
            c2 = (end[0] + 2 / 3 * (q[0] - end[0]), end[1] + 2 / 3 * (q[1] - end[1]))
            path.curveTo(*c1, *c2, *end)
            before, cur = q, end
    group.add(path)
    if el.get("marker-end"):
        group.add(_arrowhead(cur, before, path.strokeColor, 6))


def drawing(item_id: str, width: float) -> Drawing | None:
    """The drawing for an exercise or self-test id, ``width`` points wide, or None."""
    svg = picture(item_id)
    if svg is None:
        return None
    root = ET.fromstring(svg)
    vx, vy, vw, vh = (float(v) for v in root.get("viewBox", "0 0 200 120").split())
    scale = width / vw
    group = Group()
    for el in root:
        tag = el.tag.removeprefix(SVG_NS)
        if tag == "polyline":
            pts = [float(v) for v in _NUM.findall(el.get("points", ""))]
            shape = PolyLine(pts)
            _stroke(shape, el)
            group.add(shape)
        elif tag == "circle":
            shape = Circle(float(el.get("cx", 0)), float(el.get("cy", 0)), float(el.get("r", 0)))
            _stroke(shape, el)
            group.add(shape)
        elif tag == "ellipse":
            shape = Ellipse(
                float(el.get("cx", 0)),
                float(el.get("cy", 0)),
                float(el.get("rx", 0)),
                float(el.get("ry", 0)),
            )
            _stroke(shape, el)
            group.add(shape)
        elif tag == "rect":
            shape = Rect(
                float(el.get("x", 0)),
                float(el.get("y", 0)),
                float(el.get("width", 0)),
                float(el.get("height", 0)),
            )
            _stroke(shape, el)
            group.add(shape)
        elif tag == "path":
            _path(el, group)
    # SVG's y runs down, PDF's up: flip and scale the whole group at once
    group.transform = (scale, 0, 0, -scale, -vx * scale, (vy + vh) * scale)
    d = Drawing(width, vh * scale)
    d.add(group)
    return d
