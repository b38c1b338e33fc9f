"""The compiled knowledge-base cache (knowledge/loader.py): used when valid, rebuilt when the
data changes, and never in the way when it cannot be written or read."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from backstride.errors import KnowledgeBaseError
from backstride.knowledge import loader
from tests.conftest import SMALL_KB


@pytest.fixture
def cache(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("BACKSTRIDE_CACHE_DIR", str(where))
    monkeypatch.delenv("BACKSTRIDE_KB_CACHE", raising=False)
    loader._load_kb.cache_clear()
    yield where
    loader._load_kb.cache_clear()


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    return root


def _fresh(root):
    loader._load_kb.cache_clear()  # a new process: only the disk cache is left
    return loader.load_kb(root)


def _same_tables(a, b):
    assert a.version == b.version
    assert a.condition_ids == b.condition_ids and a.row == b.row
    for name in ("likelihood", "log_weight", "weight_vs_rest", "base", "base_prior"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.findings == b.findings and a.red_flags == b.red_flags


def test_second_load_reads_the_compiled_copy(cache, data, monkeypatch):
    first = _fresh(data)
    files = list(cache.glob("kb-*.pickle"))
    assert len(files) == 1

    def no_build(root):
        raise AssertionError("built again although the cache is valid")

    monkeypatch.setattr(loader, "build_kb", no_build)
    _same_tables(_fresh(data), first)


def test_changed_data_is_rebuilt(cache, data):
    before = _fresh(data)
    path = data / "findings.yaml"
    path.write_text(path.read_text() + "\n# a comment changes the bytes, hence the key\n")
    after = _fresh(data)
    assert after.version != before.version  # the data's hash is in the version
    assert len(list(cache.glob("kb-*.pickle"))) == 2


def test_changed_numbers_change_the_tables(cache, data):
    before = _fresh(data)
    ev = data / "evidence" / "cond_a.yaml"
    text = ev.read_text()
    changed = text.replace("f3: {estimate: 0.8,", "f3: {estimate: 0.6,", 1)
    assert changed != text
    ev.write_text(changed)
    after = _fresh(data)
    assert not np.array_equal(before.likelihood, after.likelihood)


def test_unwritable_cache_still_loads(tmp_path, data, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("BACKSTRIDE_CACHE_DIR", str(blocker / "cache"))
    kb = _fresh(data)
    assert kb.n_conditions == 3
    loader._load_kb.cache_clear()


def test_corrupt_cache_file_is_rebuilt(cache, data):
    good = _fresh(data)
    (path,) = cache.glob("kb-*.pickle")
    path.write_bytes(b"not a pickle")
    again = _fresh(data)
    _same_tables(again, good)
    assert path.read_bytes() != b"not a pickle"  # rewritten


def test_cache_can_be_turned_off(cache, data, monkeypatch):
    monkeypatch.setenv("BACKSTRIDE_KB_CACHE", "0")
    _fresh(data)
    assert not cache.exists() or not list(cache.glob("kb-*.pickle"))


def test_a_broken_knowledge_base_is_never_cached(cache, data):
    (data / "findings.yaml").write_text("- {id: broken, question: 1}\n")
    with pytest.raises(KnowledgeBaseError):
        _fresh(data)
    assert not list(cache.glob("kb-*.pickle")) if cache.exists() else True


def test_packaged_kb_from_cache_gives_the_same_assessment(cache):
    from backstride.engine import assess

    doc = {"age": 70, "sex": "male", "answers": {"fever": "no", "onset_lifting": "yes"}}
    loader._load_kb.cache_clear()
    built = assess(loader.build_kb(loader.data_dir()), doc).to_dict()
    cached_kb = _fresh(loader.data_dir())  # writes the cache
    cached = assess(_fresh(loader.data_dir()), doc).to_dict()  # reads it
    assert cached_kb.version == _fresh(loader.data_dir()).version
    assert cached == built
