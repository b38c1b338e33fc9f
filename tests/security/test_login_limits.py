"""Issue 17, item 5: the sign-in limit holds under parallel requests, per address and per
account, behind a proxy, and password hashing cannot eat the server's memory.

Before the fix 40 parallel wrong passwords got 33 checked (limit 5), there was no limit per
address, behind a reverse proxy everyone was 127.0.0.1 (so anyone could lock any account), and
a 40-login burst took the server to 1.7 GB (argon2id's 64 MiB per attempt, unbounded).
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live import free_port, live_server
from tests.security.conftest import PASSWORD, Browser
from tests.web.conftest import make_app


def _parallel(url: str, bodies: list[dict], path: str = "/api/v1/session") -> list[httpx.Response]:
    def one(body: dict) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=60) as c:
            return c.post(path, json=body)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(one, bodies))


def test_forty_parallel_wrong_passwords_get_at_most_the_limit_checked(
    db_url: str, tmp_path: Path
) -> None:
    port = free_port()
    app = make_app(tmp_path, db_url=db_url, multi_user=True, port=port)
    try:
        Browser(app).register("alice")
        with live_server(app, port) as url:
            wrong = {"username": "alice", "password": "not the password"}
            statuses = Counter(r.status_code for r in _parallel(url, [wrong] * 40))
            assert statuses == {422: 5, 429: 35}
            right = _parallel(url, [{"username": "alice", "password": PASSWORD}])[0]
            assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    finally:
        app.state.store.close()


def _client(app: FastAPI, address: str, **kw: object) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", client=(address, 50000), **kw)  # type: ignore[arg-type]


def _login(c: TestClient, username: str, password: str, forwarded: str | None = None) -> int:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    body = {"username": username, "password": password}
    return c.post("/api/v1/session", json=body, headers=headers).status_code


def test_one_address_cannot_guess_across_many_accounts(clinic_small: FastAPI) -> None:
    c = _client(clinic_small, "198.51.100.9")
    tried = [_login(c, f"user{i}", "guess guess guess") for i in range(8)]
    assert tried == [422] * 6 + [429] * 2  # per address: 6 in the test settings
    other = _client(clinic_small, "198.51.100.10")
    assert _login(other, "user7", "guess guess guess") == 422  # another address is not blocked


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True, trusted_proxies=("10.0.0.1",), **SMALL_LIMITS)
    try:
        Browser(app).register("alice")
        proxy = _client(app, "10.0.0.1")
        for _ in range(2):
            assert _login(proxy, "alice", "wrong wrong wrong", "203.0.113.7") == 422
        assert _login(proxy, "alice", "wrong wrong wrong", "203.0.113.7") == 429
        # the attacker behind the same proxy did not lock alice out from her own address
        assert _login(proxy, "alice", PASSWORD, "198.51.100.2") == 200
        # a client talking to the server directly cannot pick its address with the header
        direct = _client(app, "192.0.2.50")
        for forged in ("1.1.1.1", "2.2.2.2"):
            assert _login(direct, "alice", "wrong wrong wrong", forged) == 422
        assert _login(direct, "alice", "wrong wrong wrong", "3.3.3.3") == 429
    finally:
        app.state.store.close()


def test_without_a_trusted_proxy_forwarded_for_is_ignored(clinic_small: FastAPI) -> None:
    c = _client(clinic_small, "192.0.2.60")
    statuses = [_login(c, "alice", "wrong wrong wrong", f"10.1.1.{i}") for i in range(3)]
    assert statuses == [422, 422, 429]


def test_many_addresses_cannot_lock_the_owner_out_of_her_usual_address(
    clinic_small: FastAPI,
) -> None:
    home = _client(clinic_small, "198.51.100.1")
    assert _login(home, "alice", PASSWORD) == 200  # she has signed in from home before
    for i in range(2):  # per account and address: 2; per account: 4
        attacker = _client(clinic_small, f"203.0.113.{i + 10}")
        assert [_login(attacker, "alice", "wrong wrong wrong") for _ in range(2)] == [422, 422]
    # the account has had its 4 failures: new addresses wait out the window ...
    assert _login(_client(clinic_small, "203.0.113.99"), "alice", PASSWORD) == 429
    # ... but her usual address still signs in
    assert _login(home, "alice", PASSWORD) == 200


def test_password_hashing_is_bounded_under_a_burst(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    app = make_app(
        tmp_path,
        db_url=db_url,
        multi_user=True,
        port=port,
        hash_slots=2,
        hash_queue=3,
        login_max_failures_per_address=1000,
    )
    try:
        with live_server(app, port) as url:
            bodies = [{"username": f"burst{i}", "password": PASSWORD} for i in range(24)]
            made = _parallel(url, bodies, path="/api/v1/accounts")
            statuses = Counter(r.status_code for r in made)
            assert set(statuses) <= {201, 503} and statuses[503] > 0 and statuses[201] >= 5
            busy = next(r for r in made if r.status_code == 503)
            assert busy.headers["retry-after"] and "busy" in busy.json()["detail"]
            assert app.state.accounts.gate.peak == 2  # never more than 2 argon2 hashes at once
            ok = [b for b, r in zip(bodies, made, strict=True) if r.status_code == 201]
            logins = Counter(r.status_code for r in _parallel(url, ok))
            assert set(logins) <= {200, 503} and app.state.accounts.gate.peak == 2
    finally:
        app.state.store.close()


SMALL_LIMITS = {
    "login_max_failures": 2,
    "login_max_failures_per_account": 4,
    "login_max_failures_per_address": 6,
}


def test_others_failures_from_a_shared_address_do_not_block_a_known_user(
    clinic_small: FastAPI,
) -> None:
    """A clinic's patients may share one address (one NAT): a guesser there uses up the
    address's limit, but people who signed in from it before still can."""
    shared = _client(clinic_small, "198.51.100.77")
    assert _login(shared, "alice", PASSWORD) == 200
    assert [_login(shared, f"nobody{i}", "guess guess guess") for i in range(7)][-1] == 429
    assert _login(shared, "alice", PASSWORD) == 200
    assert _login(shared, "stranger", PASSWORD) == 429  # unknown here: the address limit holds
