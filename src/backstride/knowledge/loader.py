"""Read the packaged data files into a validated :class:`KnowledgeBase` (once, cached)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backstride.errors import KnowledgeBaseError
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import KnowledgeBaseFiles
from backstride.words import plural

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


@lru_cache(maxsize=1)
def _data_loader() -> type[Any]:
    """The YAML loader for the data files, built on first use (PyYAML is imported only when
    a file is parsed: a knowledge base read from the compiled cache never needs it).

    libyaml's parser where PyYAML was built with it (about 6x faster on the knowledge base);
    the resolvers and constructors below are the same Python code either way.
    """
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _DataLoader(base):  # type: ignore[valid-type,misc]
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
                None,
                None,
                f"duplicate {plural(len(dupes), 'key')} {', '.join(dupes)}",
                node.start_mark,
            )
        return loader.construct_mapping(node, deep=True)

    _DataLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)
    return _DataLoader


def load_yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_data_loader())


def data_dir() -> Path:
    """The packaged data, or the directory named by BACKSTRIDE_KB_DIR."""
    override = os.environ.get("BACKSTRIDE_KB_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("backstride.knowledge") / "data"))


def _read_yaml(path: Path, problems: list[str]) -> list[Any]:
    import yaml

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
    if ident is None and isinstance(entry, dict):
        # entries without an id say what they are about: an evidence file its condition, a
        # phrase set its finding and answer, a context trigger its kind
        if "condition" in entry:
            ident = entry.get("condition")
        elif "finding" in entry:
            ident = f"{entry['finding']}={entry.get('answer')}"
        elif "context" in entry:
            ident = f"context {entry['context']}"
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


#: bump when the pickled form of KnowledgeBase changes in a way the code hash would not show
CACHE_FORMAT = 1
#: compiled copies kept per cache directory (tests build many small knowledge bases)
CACHE_KEEP = 8
#: the modules whose code decides what a compiled knowledge base holds: a change to any of
#: them invalidates the cache, as a change to the data does
_BUILD_MODULES = ("kb.py", "schema.py", "cells.py", "validate.py", "loader.py", "selftests.py")


def _data_paths(root: Path) -> list[Path]:
    """The data files `read_files` reads, in the same order."""
    out: list[Path] = []
    for name in SOURCES:
        path = root / name
        out += sorted(path.glob("*.yaml")) if path.is_dir() else [path] if path.exists() else []
    return out


def cache_key(root: Path) -> str:
    """Hash of everything a compiled knowledge base depends on: the data files (names and
    bytes), the code that compiles them, and the versions of Python, numpy and pydantic."""
    import numpy
    import pydantic

    from backstride import __version__

    digest = hashlib.sha256()
    meta = (CACHE_FORMAT, __version__, sys.version, numpy.__version__, pydantic.VERSION)
    digest.update(repr(meta).encode())
    here = Path(__file__).parent
    for name in _BUILD_MODULES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    digest.update(str(root.resolve()).encode())
    for p in [*_data_paths(root), _packaged_selftests()]:
        digest.update(p.name.encode())
        digest.update(p.read_bytes() if p.exists() else b"")
    return digest.hexdigest()[:32]


def _packaged_selftests() -> Path:
    return Path(str(resources.files("backstride.knowledge") / "data" / "selftests.yaml"))


def selftest_index() -> tuple[tuple[str, str, str, tuple[str, ...]], ...] | None:
    """(id, name, purpose, findings it sets) of each packaged self-test, for the engine's
    suggestions; None where the self-tests cannot be loaded (the engine then loads them
    itself and reports the problem where it always did)."""
    try:
        from backstride.knowledge.selftests import load_selftests

        return tuple((t.id, t.name, t.purpose, tuple(t.sets)) for t in load_selftests())
    except (ImportError, KnowledgeBaseError):
        return None


def cache_dir() -> Path | None:
    """Where compiled knowledge bases are kept: $BACKSTRIDE_CACHE_DIR, else the user cache
    directory (platformdirs). ``BACKSTRIDE_KB_CACHE=0`` turns the cache off (None)."""
    if os.environ.get("BACKSTRIDE_KB_CACHE", "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    override = os.environ.get("BACKSTRIDE_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("backstride", appauthor=False))


def _cache_read(path: Path) -> KnowledgeBase | None:
    """A compiled knowledge base from the cache, or None if absent, unreadable or not one."""
    try:
        with path.open("rb") as fh:
            kb = pickle.load(fh)
    except Exception:  # absent, truncated, or written by other code: rebuild
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _cache_write(path: Path, kb: KnowledgeBase) -> None:
    """Write atomically (a temporary file renamed into place); never fail the caller."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        old = sorted(path.parent.glob("kb-*.pickle"), key=_mtime, reverse=True)[CACHE_KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError:  # read-only home, full disk: run without the cache
        pass


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def load_kb(root: Path | None = None) -> KnowledgeBase:
    """Load, validate and compile the knowledge base (cached). Raises KnowledgeBaseError.

    A compiled copy is kept on disk (`cache_dir`), keyed by `cache_key`: when neither the
    data nor the compiling code changed, the next process reads it instead of parsing and
    validating the YAML again. Only a knowledge base that passed every check is stored.
    """
    return _load_kb(root or data_dir())


@lru_cache(maxsize=4)
def _load_kb(root: Path) -> KnowledgeBase:
    where = cache_dir()
    path = None
    if where is not None:
        try:
            path = where / f"kb-{cache_key(root)}.pickle"
        except OSError:
            path = None  # a data file vanished while hashing: build, which reports it
    if path is not None:
        cached = _cache_read(path)
        if cached is not None:
            return cached
    kb = build_kb(root)
    index = selftest_index()
    if index is not None:  # kept with the tables, so a cached start never parses selftests
        kb.derived["selftest_index"] = index
    if path is not None:
        _cache_write(path, kb)
    return kb


def build_kb(root: Path) -> KnowledgeBase:
    """Parse, validate and compile the data files (no cache). Raises KnowledgeBaseError."""
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
