"""Bounded sign-in load on a real `backstride serve --multi-user` process (issue 17, item 5).

Two bursts, each N parallel requests (default 40):
1. wrong passwords for one account from one address: how many were checked (422) and how
   many refused by the limit before any hashing (429);
2. correct passwords for N different accounts: how many signed in (200) and how many were
   told the server is busy (503), and the server's peak memory (VmHWM) during the bursts.

    .venv/bin/python benchmarks/bench_login.py [--n 40] [--db URL]

Prints one JSON object. It never asserts anything: the tests do that.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

PASSWORD = "correct horse battery"
BIN = str(Path(sys.executable).parent / "backstride")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _burst(url: str, path: str, bodies: list[dict]) -> Counter[int]:
    def one(body: dict) -> int:
        with httpx.Client(base_url=url, timeout=120) as c:
            return c.post(path, json=body).status_code

    with ThreadPoolExecutor(len(bodies)) as pool:
        return Counter(pool.map(one, bodies))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-login-"))
    db = args.db or f"sqlite:///{tmp / 'clinic.db'}"
    port = _port()
    env = {**os.environ, "BACKSTRIDE_DB": db}
    cmd = [BIN, "serve", "--multi-user", "--port", str(port)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        start_rss = _rss_kib(server.pid, "VmRSS")
        names = [f"bench{i}-{os.getpid()}" for i in range(args.n)]
        with httpx.Client(base_url=url, timeout=120) as c:
            for name in names:  # one at a time: registering is not what is measured
                c.post("/api/v1/accounts", json={"username": name, "password": PASSWORD})
        wrong = _burst(
            url, "/api/v1/session", [{"username": names[0], "password": "wrong password"}] * args.n
        )
        t0 = time.perf_counter()
        right = _burst(
            url, "/api/v1/session", [{"username": n, "password": PASSWORD} for n in names]
        )
        seconds = time.perf_counter() - t0
        peak = _rss_kib(server.pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "parallel": args.n,
                "db": db.split("://")[0],
                "wrong_password_burst": {str(k): v for k, v in sorted(wrong.items())},
                "right_password_burst": {str(k): v for k, v in sorted(right.items())},
                "right_burst_seconds": round(seconds, 2),
                "server_rss_at_start_mib": round(start_rss / 1024),
                "server_peak_rss_mib": round(peak / 1024),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
