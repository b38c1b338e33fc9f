"""Property-based fuzzing of the whole API from its own OpenAPI schema: never a 500.

Schemathesis generates valid and invalid requests for every operation (in single-person
mode, with a fresh SQLite file for the storage-backed ones) and checks each response.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from tests.web.conftest import make_app

_TMP = Path(tempfile.mkdtemp(prefix="bs-schema-"))
APP = make_app(_TMP, allowed_hosts=("testserver",))  # the name schemathesis sends
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# valid requests and deliberately invalid ones (wrong types, missing fields, bad values)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    database="none",
)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    store = getattr(APP.state, "store", None)
    if store is not None:
        store.close()
    shutil.rmtree(_TMP, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_with_a_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:500]}"
    case.validate_response(response, checks=[not_a_server_error, content_type_conformance])
