"""A clinician's pages read what they show, not every patient's rows (SQLite and PostgreSQL).

Opening one patient used to read and check every assessment every patient had shared, then
each of that patient's assessments again one query at a time, and every person stored. These
tests count the SQL statements a page sends (an SQLAlchemy event): they must not grow with the
number of shares, and the page must show the same thing as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from tests.web.test_clinic import Person, people  # noqa: F401  (fixture)


def statements(app: FastAPI, fn: Callable[[], Any]) -> int:
    engine = app.state.store.engine
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        sent.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def share(p: Person, n: int, clinician: str = "carol") -> list[int]:
    ids = []
    for i in range(n):
        body = {"age": 40 + i, "answers": {"rf": "no" if i % 2 else "yes"}}
        aid = p.post("/api/v1/assessments", json=body).json()["id"]
        r = p.post(f"/api/v1/assessments/{aid}/shares", json={"clinician": clinician})
        assert r.status_code == 204, r.text
        ids.append(aid)
    return ids


def test_a_patients_page_sends_as_many_queries_with_many_shares_as_with_few(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    share(alice, 2)
    share(bob, 1)

    def visit(url: str) -> Callable[[], None]:
        return lambda: carol.get(url).raise_for_status()

    pages = ("/clinic/patients/alice", "/clinic/patients/alice/fhir.json", "/clinic")
    few = {url: statements(clinic_app, visit(url)) for url in pages}
    share(alice, 6)  # more of her own shares
    share(bob, 8)  # and far more of another patient's
    many = {url: statements(clinic_app, visit(url)) for url in pages}
    assert many == few, (few, many)
    html = carol.get("/clinic/patients/alice").text
    assert "8 assessments shared" in html  # all of hers, none of bob's


def test_one_patients_record_is_that_patients_entry_in_the_list(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    alice, bob = people["alice"], people["bob"]
    share(alice, 3)
    share(bob, 2)
    bob.post("/api/v1/diary/shares", json={"clinician": "carol"})
    accounts = clinic_app.state.accounts
    carol = accounts.user_for(people["carol"].client.cookies.get("backstride_session"))
    assert carol is not None and carol.role == "clinician"
    listed = {p["username"]: p for p in accounts.patients(carol)}
    assert set(listed) == {"alice", "bob"}
    for name in ("alice", "bob"):
        rec = accounts.patient_record(carol, name)
        assert {k: v for k, v in rec.items() if k != "person_id"} == listed[name]
    assert accounts.patients(carol, only="alice") == [listed["alice"]]
    assert accounts.patients(carol, only="nobody") == []


def test_assessments_and_a_person_read_in_one_go_are_the_same_rows(
    clinic_app: FastAPI,
    people: dict[str, Person],  # noqa: F811
) -> None:
    store = clinic_app.state.store
    ids = share(people["alice"], 3) + share(people["bob"], 2)
    wanted = [ids[4], ids[0], 999_999, ids[2]]  # any order; an id with no row is left out
    one_by_one = [store.get_assessment(i) for i in wanted]
    assert store.get_assessments(wanted) == [a for a in one_by_one if a is not None]
    assert store.get_assessments([]) == []
    for p in store.list_people():
        assert store.get_person(p["id"]) == p
    assert store.get_person(999_999) is None
