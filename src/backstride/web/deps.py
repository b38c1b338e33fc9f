"""Shared request dependencies."""

from __future__ import annotations

from fastapi import Request

from backstride.knowledge.kb import KnowledgeBase
from backstride.web.settings import Settings


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb  # type: ignore[no-any-return]


async def kb_on_loop(request: Request) -> KnowledgeBase:
    """The knowledge base as an async dependency: FastAPI resolves it on the event loop, not
    in the thread pool as it does a plain `def` one (`get_kb`). For the `async def` pages
    that only compute (no database), which then make no hop to the thread pool at all."""
    return request.app.state.kb  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]
