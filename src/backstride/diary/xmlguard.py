"""A streaming check of an XML document before a DOM parser (gpxpy) sees it.

gpxpy builds the whole tree and walks it recursively, so a file nested 200,000 levels deep
crashes the process (SIGSEGV). Expat reads the document here in C, without building anything,
and stops at the first element deeper than ``limits.MAX_XML_DEPTH`` and at any entity
declaration (billion laughs, and XXE: external entities are never fetched anyway).
"""

from __future__ import annotations

import codecs
import pyexpat
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from backstride.limits import MAX_XML_DEPTH

#: the elements ``max_points`` counts (GPX track, route and way points; any namespace prefix)
POINT_ELEMENTS = frozenset({"trkpt", "rtept", "wpt"})


class XmlRefused(ValueError):
    """The document is refused; the message says why, in words a person can act on."""


class XmlRefusedHere(XmlRefused):
    """Raised by a ``parse_guarded`` callback: refused, at the line being read."""


class XmlEncodingRefused(XmlRefused):
    """The document's text cannot be decoded: an encoding Backstride does not read, or bytes
    that are not in the encoding the document names."""


#: the encodings ``decode_xml`` reads (names as XML declares them, lower case, '_' as '-')
#: -> Python's codec, and the name shown to people
XML_ENCODINGS = {
    "utf-8": ("utf-8", "UTF-8"),
    "utf8": ("utf-8", "UTF-8"),
    "us-ascii": ("ascii", "US-ASCII"),
    "ascii": ("ascii", "US-ASCII"),
    "iso-8859-1": ("latin-1", "ISO-8859-1"),
    "iso8859-1": ("latin-1", "ISO-8859-1"),
    "latin-1": ("latin-1", "ISO-8859-1"),
    "latin1": ("latin-1", "ISO-8859-1"),
    "windows-1252": ("cp1252", "windows-1252"),
    "cp1252": ("cp1252", "windows-1252"),
}
UTF16 = frozenset({"utf-16", "utf16", "utf-16le", "utf-16be", "utf-16-le", "utf-16-be"})
READ = "UTF-8, UTF-16, ISO-8859-1 (Latin-1) and windows-1252"

#: byte-order marks, longest first (UTF-32's begins as UTF-16 LE's does)
BOMS = (
    (b"\x00\x00\xfe\xff", None, "UTF-32"),
    (b"\xff\xfe\x00\x00", None, "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
#: '<?' in UTF-16 without a byte-order mark (XML 1.0, appendix F)
NO_BOM_UTF16 = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_DECLARED = re.compile(rb"""<\?xml\s[^>]*?\sencoding\s*=\s*["']([^"']{0,40})["']""")
_DECLARATION = re.compile(r"""\A<\?xml\s[^>]*?\?>""")
_ENCODING_ATTR = re.compile(r"""(\sencoding\s*=\s*)(["'])[^"']*\2""")


def declared_encoding(data: bytes) -> str | None:
    """The encoding an ASCII-compatible document's XML declaration names, as written."""
    found = _DECLARED.match(data[:512])
    return found.group(1).decode("ascii", "replace").strip() if found else None


@dataclass(frozen=True)
class XmlCodec:
    """How a document's bytes are read: Python's codec, the name shown to people, the
    encoding its declaration names (as written; None when a byte-order mark or UTF-16's
    '<?' decided) and the length of its byte-order mark."""

    codec: str
    shown: str
    named: str | None
    skipped: int


def xml_codec(head: bytes) -> XmlCodec:
    """The encoding of a document from its first bytes (512 are enough): its byte-order mark,
    else its XML declaration (``XML_ENCODINGS``), else UTF-8. A byte-order mark wins over a
    declaration that names another encoding (PowerShell turns a UTF-8 file into UTF-16 and
    keeps its declaration). An encoding Backstride does not read raises
    ``XmlEncodingRefused``."""
    codec, shown, named, skipped = "utf-8", "UTF-8", None, 0
    for bom, bom_codec, bom_name in BOMS:
        if head.startswith(bom):
            if bom_codec is None:
                raise XmlEncodingRefused(
                    f"its text is in {bom_name}, which Backstride does not read (it reads "
                    f"{READ}); export it again as UTF-8"
                )
            codec, shown, skipped = bom_codec, bom_name, len(bom)
            break
    else:
        for start, utf16 in NO_BOM_UTF16:
            if head.startswith(start):
                codec, shown = utf16, "UTF-16"
                break
        else:
            named = declared_encoding(head)
    if named is not None:
        key = named.lower().replace("_", "-")
        if key in UTF16:
            raise XmlEncodingRefused(
                f"it says its text is {named}, but it is not: UTF-16 has two bytes for each "
                "letter, and this file has one; export it again as UTF-8"
            )
        if key not in XML_ENCODINGS:
            raise XmlEncodingRefused(
                f"its text is in {named!r}, which Backstride does not read (it reads {READ}); "
                "export it again as UTF-8"
            )
        codec, shown = XML_ENCODINGS[key]
    return XmlCodec(codec, shown, named, skipped)


def _undecodable(found: XmlCodec, at: int, byte: int | None) -> XmlEncodingRefused:
    """The refusal for the byte at offset ``at`` of the file (None: the file ended inside a
    letter), in the words ``decode_xml`` has always used."""
    where = f"byte {at:,} (0x{byte:02X})" if byte is not None else "the end of the file"
    if found.named is not None:
        said = f"it says its text is {found.named}, but {where} is not {found.shown}"
    elif found.skipped:
        said = f"it starts as {found.shown} text, but {where} is not {found.shown}"
    else:
        said = f"its text is not UTF-8 ({where} is not), and it names no other encoding"
    return XmlEncodingRefused(f"{said}; export it again as UTF-8")


def _as_utf8_declared(text: str) -> str:
    """The document's start with its BOM dropped and its declaration saying UTF-8."""
    text = text.removeprefix("\ufeff")
    head = _DECLARATION.match(text[:512])
    if head is not None:
        declaration = _ENCODING_ATTR.sub(r"\1\2UTF-8\2", head.group(0), count=1)
        text = declaration + text[head.end() :]
    return text


def decode_xml(data: bytes) -> str:
    """An XML document's text, decoded by ``xml_codec``; the declaration then says UTF-8 (the
    text is handed on as UTF-8: ``check_xml`` and the parser after it must read it as such).
    Bytes that the named encoding does not have raise ``XmlEncodingRefused``."""
    found = xml_codec(data[:512])
    skipped = found.skipped
    try:
        text = (data[skipped:] if skipped else data).decode(found.codec)
    except UnicodeDecodeError as exc:
        at = exc.start + skipped
        raise _undecodable(found, at, data[at] if at < len(data) else None) from None
    return _as_utf8_declared(text)


def utf8_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A document read in pieces (``chunks``: its bytes in order, the first at least 512
    long unless it is the whole file), re-encoded as UTF-8 piece by piece, with the same
    encoding rules, declaration rewrite and refusals as ``decode_xml``: only one piece is
    held at a time."""
    decoder: codecs.IncrementalDecoder | None = None
    found = XmlCodec("utf-8", "UTF-8", None, 0)
    offset = 0  # bytes of the file before the current piece
    tail = b""  # the last bytes of the piece before (a letter may begin there)

    def refusal(exc: UnicodeDecodeError, held: int, window: bytes) -> XmlEncodingRefused:
        at = offset - held + exc.start  # the decoder saw the held bytes, then the piece
        index = at - (offset - len(tail))
        return _undecodable(found, at, window[index] if 0 <= index < len(window) else None)

    for chunk in chunks:
        first = decoder is None
        if decoder is None:
            found = xml_codec(chunk[:512])
            decoder = codecs.getincrementaldecoder(found.codec)()
            chunk = chunk[found.skipped :]
            offset = found.skipped
        held = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise refusal(exc, held, tail + chunk) from None
        offset += len(chunk)
        tail = (tail + chunk)[-8:]
        yield (_as_utf8_declared(text) if first else text).encode("utf-8")
    if decoder is not None:
        held = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise refusal(exc, held, tail) from None


def check_xml(
    data: bytes, *, max_depth: int = MAX_XML_DEPTH, max_points: int | None = None
) -> None:
    """Refuse deep nesting, entity declarations, damaged XML and (with ``max_points``) more
    than that many GPX points, before anything builds a tree of the whole document."""
    parse_guarded([data], max_depth=max_depth, max_points=max_points)


def parse_guarded(
    chunks: Iterable[bytes],
    *,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
    max_depth: int = MAX_XML_DEPTH,
    max_points: int | None = None,
) -> None:
    """Read a UTF-8 document piece by piece with expat, building nothing: ``start``, ``end``
    and ``text`` (element names as written, prefix included; attributes; character data)
    see each part as it comes. Refused as in ``check_xml``, at the first element too deep,
    the first entity declaration, the first damaged byte or the point after ``max_points``;
    a callback's ``XmlRefused`` stops the reading too (an ``XmlRefusedHere`` gets the line
    it was raised at added to its message)."""
    parser = pyexpat.ParserCreate()
    parser.buffer_text = True
    parser.ordered_attributes = False
    depth = 0
    points = 0

    def on_start(name: str, attrs: dict[str, str]) -> None:
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
        if start is not None:
            start(name, attrs)

    def on_end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if end is not None:
            end(name)

    def entity(name: str, *_args: object) -> None:
        raise XmlRefused(
            f"the file declares its own XML entity {name!r}, which Backstride does not read "
            "(it is how 'billion laughs' and XXE attacks work)"
        )

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.EntityDeclHandler = entity
    if text is not None:
        parser.CharacterDataHandler = text
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except pyexpat.ExpatError as exc:
        raise XmlRefused(
            f"damaged XML at line {exc.lineno}, column {exc.offset + 1} "
            f"({pyexpat.ErrorString(exc.code)})"
        ) from None
    except XmlRefusedHere as exc:
        raise XmlRefused(f"{exc} (line {parser.CurrentLineNumber})") from None
