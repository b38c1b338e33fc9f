"""Issue 17, item 2: the server answers only its own names, and believes proxy headers only
from configured proxies.

Before the fix single-person mode answered any Host header, so a web page the person visited
could point its own domain at 127.0.0.1 (DNS rebinding) and read the whole diary and the
form's CSRF token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.errors import InputError
from backstride.web import Settings
from tests.security.conftest import PASSWORD
from tests.web.conftest import make_app

BIN = str(Path(sys.executable).parent / "backstride")


@pytest.mark.parametrize("url", ["/", "/diary", "/api/v1/diary", "/openapi.json"])
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_single_person_mode_refuses_other_host_names(tmp_path: Path, url: str, host: str) -> None:
    with TestClient(make_app(tmp_path), base_url="http://127.0.0.1") as c:
        c.post("/api/v1/diary", json={"pain_now": 3, "notes": "private note"})
        r = c.get(url, headers={"host": host})
    assert r.status_code == 400
    assert "private note" not in r.text and "csrf" not in r.text


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8765", "[::1]:8000", "[::1]", "LOCALHOST"]
)
def test_loopback_names_are_answered_on_any_port(tmp_path: Path, host: str) -> None:
    with TestClient(make_app(tmp_path), base_url="http://127.0.0.1") as c:
        assert c.get("/", headers={"host": host}).status_code == 200


def test_a_clinic_adds_its_own_names(tmp_path: Path) -> None:
    app = make_app(tmp_path, allowed_hosts=("clinic.example.org", "*.physio.example"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for host in ("clinic.example.org", "a.physio.example:443", "localhost"):
            assert c.get("/", headers={"host": host}).status_code == 200, host
        for host in ("example.org", "clinic.example.org.evil", "physio.example.evil"):
            assert c.get("/", headers={"host": host}).status_code == 400, host


@pytest.mark.parametrize(
    ("field", "value"),
    [("allowed_hosts", ("a.*.example",)), ("allowed_hosts", ("*example",)),
     ("trusted_proxies", ("proxy.local",)), ("trusted_proxies", ("10.0.0.0/33",))],
)  # fmt: skip
def test_bad_host_and_proxy_settings_are_refused_clearly(field: str, value: tuple) -> None:
    with pytest.raises(InputError, match=r"not valid|not an IP address"):
        Settings(**{field: value})


def test_serve_refuses_a_bad_trusted_proxy_without_a_traceback() -> None:
    r = subprocess.run(
        [BIN, "serve", "--trusted-proxy", "my-proxy"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert r.returncode == 2 and "my-proxy" in r.stderr and "Traceback" not in r.stderr


def _login(app, client_addr: str, headers: dict[str, str]):
    c = TestClient(app, base_url="http://127.0.0.1", client=(client_addr, 40000))
    account = {"username": f"u{client_addr}", "password": PASSWORD}
    c.post("/api/v1/accounts", json=account)
    return c.post("/api/v1/session", json=account, headers=headers)


def test_forwarded_proto_is_believed_only_from_a_trusted_proxy(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True, trusted_proxies=("10.0.0.1",))
    try:
        https = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7"}
        from_proxy = _login(app, "10.0.0.1", https)
        assert (
            from_proxy.status_code == 200 and "secure" in from_proxy.headers["set-cookie"].lower()
        )
        from_anyone = _login(app, "10.0.0.9", https)
        assert from_anyone.status_code == 200
        assert "secure" not in from_anyone.headers["set-cookie"].lower()
    finally:
        app.state.store.close()


def test_secure_cookies_can_be_forced(tmp_path: Path) -> None:
    app = make_app(tmp_path, multi_user=True, secure_cookies=True)  # on 127.0.0.1
    try:
        r = _login(app, "127.0.0.1", {})
        assert "secure" in r.headers["set-cookie"].lower()
    finally:
        app.state.store.close()


def test_serve_answers_the_names_it_is_given(tmp_path: Path) -> None:
    """The real command: the allowed names (here from the environment) reach the server."""
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BACKSTRIDE_ALLOWED_HOSTS": "a.clinic.test,b.clinic.test"}
    cmd = [BIN, "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/health"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                time.sleep(0.2)
        for name in ("a.clinic.test", "b.clinic.test:8000"):
            assert httpx.get(url, headers={"host": name}).status_code == 200
        assert httpx.get(url, headers={"host": "evil.test"}).status_code == 400
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "a.clinic.test" in out
