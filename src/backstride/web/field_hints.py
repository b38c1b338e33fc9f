"""What a field accepts, in words, from the operation's OpenAPI schema: pydantic's own
messages ("Input should be a valid integer") name the fault, not the valid range or choices,
so a 422 adds "Valid: a whole number from 0 to 10." from the same schema the docs show."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

_TAG = re.compile(r"^(constrained-\w+|function-\w+\[.*\]|str|float|int|bool|none|json-.*\[.*\])$")
_SKIP = ("body", "query", "path", "header", "cookie")


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec.get("components", {}).get("schemas", {}).get(name, {})
    return schema


def _options(spec: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schema's alternatives, without null: ``int | None`` is the int."""
    schema = _resolve(spec, schema)
    alts = schema.get("anyOf") or schema.get("oneOf")
    if not alts:
        return [schema]
    found = [_resolve(spec, a) for a in alts if a.get("type") != "null"]
    return [{**a, "description": a.get("description") or schema.get("description")} for a in found]


def _step(spec: dict[str, Any], schema: dict[str, Any], part: Any) -> dict[str, Any] | None:
    for alt in _options(spec, schema):
        props = alt.get("properties", {})
        if isinstance(part, str) and part in props:
            return dict(props[part])
        if isinstance(part, int) and isinstance(alt.get("items"), dict):
            return dict(alt["items"])
        if isinstance(part, str) and isinstance(alt.get("additionalProperties"), dict):
            return dict(alt["additionalProperties"])
    return None


def field_schema(request: Request, loc: tuple[Any, ...]) -> dict[str, Any] | None:
    """The schema of the field at ``loc`` in this request's operation, if the docs have one."""
    route = request.scope.get("route")
    path = getattr(route, "path_format", None)
    if not loc or not path or loc[0] not in _SKIP:
        return None
    spec = request.app.openapi()
    op = spec.get("paths", {}).get(path, {}).get(request.method.lower(), {})
    parts = [p for p in loc[1:] if not (isinstance(p, str) and _TAG.match(p))]
    if loc[0] != "body":
        found = [p for p in op.get("parameters", []) if parts and p.get("name") == parts[0]]
        return dict(found[0].get("schema", {})) if found else None
    content = op.get("requestBody", {}).get("content", {})
    schema: dict[str, Any] | None = next(iter(content.values()), {}).get("schema")
    for part in parts:
        if schema is None:
            return None
        schema = _step(spec, schema, part)
    return schema


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", "") if float(x).is_integer() else repr(x)


def _number(alt: dict[str, Any]) -> str:
    kind = "a whole number" if alt.get("type") == "integer" else "a number"
    lo, hi = alt.get("minimum", alt.get("exclusiveMinimum")), alt.get("maximum")
    if lo is not None and hi is not None:
        return f"{kind} from {_n(lo)} to {_n(hi)}"
    if lo is not None:
        return f"{kind} of at least {_n(lo)}"
    return f"{kind} up to {_n(hi)}" if hi is not None else kind


def _one(alt: dict[str, Any]) -> str:
    if "enum" in alt or "const" in alt:
        return "one of " + ", ".join(repr(v) for v in alt.get("enum", [alt.get("const")]))
    kind = alt.get("type")
    if kind in ("integer", "number"):
        return _number(alt)
    if kind == "boolean":
        return "true or false"
    if kind == "string" and alt.get("format") == "date":
        return "a date written YYYY-MM-DD"
    if kind == "string":
        n = alt.get("maxLength")
        return f"text of at most {n:,} characters" if n else "text"
    if kind == "array":
        n = alt.get("maxItems")
        return f"a list of at most {n:,} items" if n else "a list"
    return "an object" if kind == "object" else ""


def describe(request: Request, loc: tuple[Any, ...]) -> tuple[str, list[str]]:
    """("Valid: ...", the choices) for the field at ``loc``; ("", []) when unknown."""
    schema = field_schema(request, loc)
    if not schema:
        return "", []
    spec = request.app.openapi()
    alts = _options(spec, schema)
    words = " or ".join(dict.fromkeys(w for w in (_one(a) for a in alts) if w))
    choices = [str(v) for a in alts for v in a.get("enum", [])]
    note = next((a["description"] for a in alts if a.get("description")), "")
    text = "; ".join(x for x in (words, note) if x)
    return (f"Valid: {text}." if text else ""), choices


def known_fields(request: Request, loc: tuple[Any, ...]) -> list[str]:
    """The field names the object at ``loc`` documents (for an unknown extra field)."""
    schema = field_schema(request, loc)
    if not schema:
        return []
    spec = request.app.openapi()
    return [name for alt in _options(spec, schema) for name in alt.get("properties", {})]
