"""The knowledge base: conditions, findings, evidence, red-flag rules and factors as data."""

from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.loader import load_kb

__all__ = ["KnowledgeBase", "load_kb"]
