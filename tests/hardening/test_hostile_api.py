"""Hostile values in the JSON API (/api/v1): huge integers, NaN and Infinity, dates that do
not exist, numbers for booleans, deep nesting, huge arrays, empty or non-JSON bodies.

Each one gets a 422 problem+json whose ``field`` names the bad field and whose ``detail``
names the valid range or choices, and nothing is stored: the test reads the stored data back
after every refused request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.security.conftest import Browser

JSON = {"content-type": "application/json"}
PROBLEM = "application/problem+json"
HUGE = "1" + "0" * 400  # 10**400 as a JSON literal
NOT_NUMBERS = [HUGE, "-" + HUGE, "NaN", "Infinity", "-Infinity", "1e400", "[]", "{}", "true"]


def refused(r: object, field: str, *words: str) -> dict:
    """A 422 problem naming ``field``, whose detail contains every one of ``words``."""
    assert r.status_code == 422, r.text  # type: ignore[attr-defined]
    assert r.headers["content-type"] == PROBLEM  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["field"] == field, body
    for w in words:
        assert w in body["detail"], body
    return body


def raw(template: str, value: str) -> bytes:
    """``template`` with ``@`` replaced by ``value`` as it is, unquoted (NaN, 1e400, ...)."""
    return template.replace("@", value).encode()


# --- clinic mode: answering a clinician's share invitation ------------------------------------


@pytest.fixture
def invited(clinic_app: FastAPI) -> Iterator[tuple[Browser, Browser, str]]:
    carol = Browser(clinic_app).register("carol", "clinician")
    alice = Browser(clinic_app).register("alice")
    r = carol.post("/api/v1/clinic/invitations", json={"label": "A"})
    assert r.status_code == 201, r.text
    yield carol, alice, r.json()["code"]
    carol.client.close()
    alice.client.close()


def _nothing_answered(carol: Browser) -> None:
    assert [i["state"] for i in carol.get("/api/v1/clinic/invitations").json()] == ["pending"]
    assert carol.get("/api/v1/patients").json() == []


@pytest.mark.parametrize(
    "value", [HUGE, "9223372036854775808", "2147483648", "0", "-1", '"1"', "1.5", "true", "NaN"]
)
def test_share_answer_refuses_ids_out_of_range(
    invited: tuple[Browser, Browser, str], value: str
) -> None:
    # 10**400, 2**63 and 2**31 were a 500 (integer overflow in SQLite and PostgreSQL)
    carol, alice, code = invited
    body = raw('{"code": "' + code + '", "accept": true, "assessments": [@]}', value)
    r = alice.client.post(
        "/api/v1/share-invitations/answer",
        content=body,
        headers={**JSON, "X-CSRF-Token": alice.csrf},
    )
    refused(r, "assessments.0", "2147483647")
    _nothing_answered(carol)


@pytest.mark.parametrize(
    ("field", "value"),
    [("accept", "0"), ("accept", "1"), ("accept", '"no"'), ("accept", "null"), ("diary", "1")],
)
def test_share_answer_refuses_numbers_and_text_for_booleans(
    invited: tuple[Browser, Browser, str], field: str, value: str
) -> None:
    # "accept": 0 was read as false: the invitation was declined, and used up
    carol, alice, code = invited
    fields = {"accept": "true", "diary": "true", field: value}
    body = f'{{"code": "{code}", "accept": {fields["accept"]}, "diary": {fields["diary"]}}}'
    r = alice.client.post(
        "/api/v1/share-invitations/answer",
        content=body.encode(),
        headers={**JSON, "X-CSRF-Token": alice.csrf},
    )
    refused(r, field, "true or false")
    _nothing_answered(carol)


# --- single-person mode: the diary, saved assessments, the stateless assessment ---------------


def stored(c: TestClient) -> list[object]:
    """Everything a refused request must leave as it was."""
    paths = ["/api/v1/diary", "/api/v1/assessments", "/api/v1/questionnaires/scores"]
    return [c.get(p).json() for p in paths] + [c.get("/api/v1/my/timezone").json()]


@pytest.fixture
def seeded(client: TestClient) -> tuple[TestClient, int, list[object]]:
    r = client.post("/api/v1/diary", json={"day": "2026-01-05", "pain_now": 3, "walk_minutes": 20})
    assert r.status_code == 201, r.text
    assert client.post("/api/v1/assessments", json={"age": 60}).status_code == 201
    return client, int(r.json()["id"]), stored(client)


def send(c: TestClient, method: str, path: str, body: bytes, **headers: str) -> object:
    return c.request(method, path, content=body, headers={**JSON, **headers})


RANGES = {
    "pain_now": "from 0 to 10",
    "walk_minutes": "from 0 to 1440",
    "walk_distance_m": "from 0 to 200000",
    "onset_minutes": "from 0 to 1440",
}


@pytest.mark.parametrize("field", sorted(RANGES))
@pytest.mark.parametrize("value", [*NOT_NUMBERS, "-1", "1.5e308"])
def test_diary_numbers_out_of_range_name_the_range(
    seeded: tuple[TestClient, int, list[object]], field: str, value: str
) -> None:
    c, entry, before = seeded
    if field == "pain_now" and value == "true":
        value = "2.5"  # true is refused as well; a fraction shows the whole-number rule
    for method, path in (("POST", "/api/v1/diary"), ("PATCH", f"/api/v1/diary/{entry}")):
        template = '{"pain_now": @}' if field == "pain_now" else '{"pain_now": 2, "F": @}'
        body = raw(template.replace("F", field), value)
        refused(send(c, method, path, body), field, RANGES[field])
    assert stored(c) == before


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"0001-01-01"', "from 2000-01-01"),
        ('"9999-12-31"', "at the latest"),
        ('"2026-02-30"', "YYYY-MM-DD"),
        ('"2026-13-01"', "YYYY-MM-DD"),
        ('"2026-01-01T00:00:00+23:59"', "YYYY-MM-DD"),  # was stored as 2026-01-01
        ('"2026-01-01T00:00:00+99:00"', "YYYY-MM-DD"),
        ("0", "YYYY-MM-DD"),  # was read as 1970-01-01, a Unix time
        ("20260101", "YYYY-MM-DD"),
        ("NaN", "YYYY-MM-DD"),
        (HUGE, "YYYY-MM-DD"),
    ],
)
def test_diary_days_that_are_not_days(
    seeded: tuple[TestClient, int, list[object]], value: str, says: str
) -> None:
    c, entry, before = seeded
    for method, path in (("POST", "/api/v1/diary"), ("PATCH", f"/api/v1/diary/{entry}")):
        refused(send(c, method, path, raw('{"pain_now": 2, "day": @}', value)), "day", says)
    assert stored(c) == before


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"0001-01-01"', "2000-01-01 to 2099-12-31"),  # was read as today
        ('"9999-12-31"', "2000-01-01 to 2099-12-31"),
        ('"2026-02-30"', "YYYY-MM-DD"),
        ('"2026-01-01T00:00:00-23:59"', "YYYY-MM-DD"),
        ("20260101", "YYYY-MM-DD"),
    ],
)
def test_parse_today_must_be_a_plausible_today(client: TestClient, value: str, says: str) -> None:
    r = send(client, "POST", "/api/v1/parse", raw('{"text": "sore back", "today": @}', value))
    refused(r, "today", says)


@pytest.mark.parametrize("path", ["/api/v1/assessment", "/api/v1/plan", "/api/v1/assessments"])
@pytest.mark.parametrize("template", ['{"age": @}', '{"answers": {"age": @}}'])
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "NaN", "Infinity", "-Infinity", "0", "-5"])
def test_ages_out_of_range_name_the_range(
    seeded: tuple[TestClient, int, list[object]], path: str, template: str, value: str
) -> None:
    # 10**400 was "Input should be a valid number" (no range), or "a valid string" in answers
    c, _, before = seeded
    refused(send(c, "POST", path, raw(template, value)), "age", "from 16 to 110")
    assert stored(c) == before


@pytest.mark.parametrize(
    ("query", "says"),
    [
        (HUGE, "from 1 to 1000"),
        ("NaN", "from 1 to 1000"),
        ("0", "from 1 to 1000"),
        ("-1", "from 1 to 1000"),
        ("Infinity", "from 1 to 1000"),
    ],
)
def test_progress_weeks_names_the_range(client: TestClient, query: str, says: str) -> None:
    for path in ("/api/v1/progress", "/api/v1/progress/chart.svg"):
        refused(client.get(path, params={"weeks": query}), "weeks", says)


WRITES = [
    ("POST", "/api/v1/diary"),
    ("POST", "/api/v1/assessments"),
    ("POST", "/api/v1/questionnaires/start_back"),
    ("PUT", "/api/v1/my/timezone"),
    ("POST", "/api/v1/assessment"),
    ("POST", "/api/v1/parse"),
    ("POST", "/api/v1/selftests/hamstring_9090/findings"),
]
SHAPES = [
    (b"[" * 10_000 + b"]" * 10_000, "nested"),
    (b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "nested"),
    (b"[" + b",".join([b"1"] * 100_000) + b"]", "JSON object"),
    (b"[[[[[[[[[[]]]]]]]]]]", "JSON object"),
    (b"", "empty"),
    (b'"just text"', "JSON object"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize(("body", "says"), SHAPES)
def test_bodies_of_the_wrong_shape(
    seeded: tuple[TestClient, int, list[object]], method: str, path: str, body: bytes, says: str
) -> None:
    c, _, before = seeded
    refused(send(c, method, path, body), "body", says)
    assert stored(c) == before


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_sent_as_json(
    seeded: tuple[TestClient, int, list[object]], method: str, path: str, kind: str
) -> None:
    c, _, before = seeded
    r = send(c, method, path, b'{"pain_now": 3}', **{"content-type": kind})
    refused(r, "body", "Content-Type: application/json", kind)
    assert stored(c) == before


@pytest.mark.parametrize(
    ("method", "path", "body", "valid"),
    [
        ("POST", "/api/v1/diary", {"pain_now": 3, "pain": 3}, "pain_now"),
        ("POST", "/api/v1/assessments", {"age": 60, "answer": {}}, "answers"),
        ("POST", "/api/v1/assessment", {"age": 60, "gender": "male"}, "sex"),
        ("POST", "/api/v1/selftests/hamstring_9090/findings", {"result": "tight"}, "results"),
    ],
)
def test_unknown_fields_name_the_fields_there_are(
    seeded: tuple[TestClient, int, list[object]], method: str, path: str, body: dict, valid: str
) -> None:
    c, _, before = seeded
    extra = next(k for k in body if k not in ("pain_now", "age"))
    p = refused(c.request(method, path, json=body), extra, "Valid fields:", valid)
    assert valid in p["choices"]
    assert stored(c) == before


def test_a_100000_item_answers_object_is_refused(
    seeded: tuple[TestClient, int, list[object]],
) -> None:
    c, _, before = seeded
    body = b'{"answers": {' + b",".join(b'"k%d": 1' % i for i in range(100_000)) + b"}}"
    refused(send(c, "POST", "/api/v1/assessments", body), "finding", "Valid findings")
    assert stored(c) == before
