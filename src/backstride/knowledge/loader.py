"""Read the packaged data files into a validated :class:`KnowledgeBase` (once, cached)."""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from backstride.errors import KnowledgeBaseError
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import KnowledgeBaseFiles

#: file or folder (relative to the data directory) -> field of KnowledgeBaseFiles
SOURCES = {
    "citations": "citations",
    "conditions": "conditions",
    "evidence": "evidence",
    "findings.yaml": "findings",
    "red_flags.yaml": "red_flags",
    "factors.yaml": "factors",
    "phrases.yaml": "phrases",
}


#: libyaml's parser where PyYAML was built with it (about 6x faster on the knowledge base);
#: the resolvers and constructors below are the same Python code either way
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DataLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML 1.2 booleans: only true/false are booleans, so yes/no stay answer states."""


_DataLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _no_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k, deep=True) for k, _v in node.value]
    dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dupes:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate key(s) {', '.join(dupes)}", node.start_mark
        )
    return loader.construct_mapping(node, deep=True)


_DataLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_DataLoader)


def data_dir() -> Path:
    """The packaged data, or the directory named by BACKSTRIDE_KB_DIR."""
    override = os.environ.get("BACKSTRIDE_KB_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("backstride.knowledge") / "data"))


def _read_yaml(path: Path, problems: list[str]) -> list[Any]:
    try:
        content = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}")
        return []
    if content is None:
        return []
    if isinstance(content, dict) and path.parent.name == "evidence":
        if path.stem != content.get("condition"):
            problems.append(
                f"{path.name}: holds condition {content.get('condition')!r}; "
                f"name the file after it ({content.get('condition')}.yaml)"
            )
        return [content]
    if not isinstance(content, list):
        problems.append(f"{path.name}: must be a list of entries, got {type(content).__name__}")
        return []
    return content


def read_files(root: Path | None = None) -> tuple[dict[str, list[Any]], str, list[str]]:
    """Raw entries per field, a content hash, and file-level problems."""
    root = root or data_dir()
    raw: dict[str, list[Any]] = {field: [] for field in SOURCES.values()}
    digest = hashlib.sha256()
    problems: list[str] = []
    for name, field in SOURCES.items():
        path = root / name
        paths = sorted(path.glob("*.yaml")) if path.is_dir() else [path] if path.exists() else []
        if not paths and field in {"citations", "conditions", "evidence", "findings"}:
            problems.append(f"missing data: {name}")
        for p in paths:
            digest.update(p.name.encode())
            digest.update(p.read_bytes())
            for entry in _read_yaml(p, problems):
                if isinstance(entry, dict):
                    entry = {**entry, "__file__": f"{p.parent.name}/{p.name}"}
                raw[field].append(entry)
    return raw, digest.hexdigest()[:12], problems


def _format_error(field: str, entry: Any, err: ValidationError) -> list[str]:
    where = entry.get("__file__", field) if isinstance(entry, dict) else field
    ident = entry.get("id") if isinstance(entry, dict) else None
    if ident is None and isinstance(entry, dict) and "condition" in entry:
        ident = entry.get("condition")
    out = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"])
        out.append(
            f"{where}: {field[:-1] if field.endswith('s') else field} {ident!r}: {loc}: {e['msg']}"
        )
    return out


def load_files(root: Path | None = None) -> KnowledgeBaseFiles:
    """Parse every file strictly; raise KnowledgeBaseError listing all problems."""
    from backstride.knowledge import schema

    raw, digest, problems = read_files(root)
    model_for = {
        "citations": schema.Citation,
        "conditions": schema.Condition,
        "evidence": schema.ConditionEvidence,
        "findings": schema.Finding,
        "red_flags": schema.RedFlagRule,
        "factors": schema.ContributingFactor,
        "phrases": schema.PhraseEntry,
    }
    parsed: dict[str, list[Any]] = {}
    for field, entries in raw.items():
        items = []
        for entry in entries:
            clean = (
                {k: v for k, v in entry.items() if k != "__file__"}
                if isinstance(entry, dict)
                else entry
            )
            try:
                items.append(model_for[field].model_validate(clean))
            except ValidationError as err:
                problems.extend(_format_error(field, entry, err))
        parsed[field] = items
    if problems:
        raise KnowledgeBaseError(problems)
    from backstride import __version__

    return KnowledgeBaseFiles(version=f"{__version__}+kb.{digest}", **parsed)


def load_kb(root: Path | None = None) -> KnowledgeBase:
    """Load, validate and compile the knowledge base (cached). Raises KnowledgeBaseError."""
    return _load_kb(root or data_dir())


@lru_cache(maxsize=4)
def _load_kb(root: Path) -> KnowledgeBase:
    from backstride.knowledge.validate import cross_check, fidelity_problems

    files = load_files(root)
    problems = cross_check(files)
    if problems:
        raise KnowledgeBaseError(problems)
    kb = KnowledgeBase.build(files)
    problems = fidelity_problems(kb)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb
