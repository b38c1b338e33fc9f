"""Pages about the knowledge base: condition cards with their evidence, and the sources."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response

from backstride.knowledge.kb import KnowledgeBase
from backstride.web import service
from backstride.web.deps import get_kb
from backstride.web.pages import render

router = APIRouter(include_in_schema=False)
KB = Annotated[KnowledgeBase, Depends(get_kb)]


@router.get("/conditions", response_class=HTMLResponse)
def conditions(request: Request, kb: KB) -> Response:
    items = [service.condition_summary(kb, cid) for cid in kb.conditions]
    items.sort(key=lambda c: c["name"].lower())
    return render(request, "conditions.html", {"conditions": items})


@router.get("/conditions/{condition_id}", response_class=HTMLResponse)
def condition(
    request: Request, kb: KB, condition_id: Annotated[str, Path(max_length=100)]
) -> Response:
    return render(request, "condition.html", {"c": service.get_condition(kb, condition_id)})


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, kb: KB) -> Response:
    items = [service.citation_view(kb, cid) for cid in kb.citations]
    items.sort(key=lambda c: (c["authors"].lower(), c["year"] or 0))
    return render(request, "sources.html", {"sources": items})


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """The API described from its own OpenAPI schema, rendered here (no CDN: works offline)."""
    spec = request.app.openapi()
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            schema = next(iter(body.values()), {}).get("schema", {}) if body else {}
            ref = schema.get("$ref", "").rsplit("/", 1)[-1] or (
                next(iter(body), "") if body else ""
            )
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(
                {
                    "method": method,
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": op.get("parameters", []),
                    "body": ref,
                }
            )
    return render(request, "api_docs.html", {"spec": spec, "groups": list(groups.items())})
