"""Hostile values in the JSON API (/api/v1): huge integers, NaN and Infinity, dates that do
not exist, numbers for booleans, deep nesting, huge arrays, empty or non-JSON bodies.

Each one gets a 422 problem+json whose ``field`` names the bad field and whose ``detail``
names the valid range or choices, and nothing is stored: the test reads the stored data back
after every refused request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

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
