"""A streaming check of an XML document before a DOM parser (gpxpy) sees it.

gpxpy builds the whole tree and walks it recursively, so a file nested 200,000 levels deep
crashes the process (SIGSEGV). Expat reads the document here in C, without building anything,
and stops at the first element deeper than ``limits.MAX_XML_DEPTH`` and at any entity
declaration (billion laughs, and XXE: external entities are never fetched anyway).
"""

from __future__ import annotations

import pyexpat

from backstride.limits import MAX_XML_DEPTH

#: the elements ``max_points`` counts (GPX track, route and way points; any namespace prefix)
POINT_ELEMENTS = frozenset({"trkpt", "rtept", "wpt"})


class XmlRefused(ValueError):
    """The document is refused; the message says why, in words a person can act on."""


def check_xml(
    data: bytes, *, max_depth: int = MAX_XML_DEPTH, max_points: int | None = None
) -> None:
    """Refuse deep nesting, entity declarations, damaged XML and (with ``max_points``) more
    than that many GPX points, before anything builds a tree of the whole document."""
    parser = pyexpat.ParserCreate()
    depth = 0
    points = 0

    def start(name: str, _attrs: object) -> None:
        nonlocal depth, points
        depth += 1
        if depth > max_depth:
            raise XmlRefused(
                f"elements are nested more than {max_depth} levels deep (line "
                f"{parser.CurrentLineNumber}); a real file is never this deep"
            )
        if max_points is not None and name.rpartition(":")[2] in POINT_ELEMENTS:
            points += 1
            if points > max_points:
                raise XmlRefused(
                    f"the file holds more than {max_points:,} points (the limit is reached at "
                    f"line {parser.CurrentLineNumber}); split it into smaller files, one walk "
                    "or one month per file"
                )

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(name: str, *_args: object) -> None:
        raise XmlRefused(
            f"the file declares its own XML entity {name!r}, which Backstride does not read "
            "(it is how 'billion laughs' and XXE attacks work)"
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except pyexpat.ExpatError as exc:
        raise XmlRefused(
            f"damaged XML at line {exc.lineno}, column {exc.offset + 1} "
            f"({pyexpat.ErrorString(exc.code)})"
        ) from None
