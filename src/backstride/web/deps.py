"""Shared request dependencies."""

from __future__ import annotations

from fastapi import Request

from backstride.knowledge.kb import KnowledgeBase
from backstride.web.settings import Settings


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]
