"""Load-test the REST API on loopback: requests/s, p50 and p99 latency.

Starts the app with uvicorn in a subprocess (single-person mode, the given database), then runs
a bounded load generator against it: ``wrk`` when installed (apt-get install wrk), else an
httpx AsyncClient with a fixed number of concurrent connections. Measures

* ``POST /api/v1/assessment`` (stateless: the database is never touched), and
* ``POST /api/v1/diary`` (one INSERT per request) when ``--writes`` is given, after a short
  warm-up of its own (each worker opens the database on its first diary request); the diary
  rows are counted before and after, so the "lost" column is 2xx answers without a stored row,

once per ``--db`` URL. Example (SQLite file, then PostgreSQL)::

    .venv/bin/python benchmarks/bench_api.py --writes \\
        --db sqlite:////tmp/bench.db \\
        --db postgresql+psycopg://backstride:backstride@127.0.0.1:5432/backstride_test
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# A person part-way through the interview: the screen done, some history and walking answers.
ASSESSMENT_BODY: dict[str, Any] = {
    "age": 68,
    "sex": "male",
    "answers": {},
}
DIARY_BODY = {"pain_now": 4, "walk_minutes": 20, "onset_minutes": 12, "symptom_reach": "thigh"}


def realistic_body(n_answers: int = 12) -> dict[str, Any]:
    """Answer the first ``n_answers`` questions the engine asks, as a client would."""
    from backstride.engine import next_question, parse_answers
    from backstride.knowledge import load_kb

    kb = load_kb()
    body: dict[str, Any] = json.loads(json.dumps(ASSESSMENT_BODY))
    for _ in range(n_answers):
        nq = next_question(kb, parse_answers(kb, body))
        if nq.finding is None:
            break
        f = kb.findings[nq.finding]
        if f.type == "number":
            assert f.number is not None
            value: Any = round((f.number.min + f.number.max) / 4)
        elif f.type == "boolean":
            value = "no"
        else:
            value = f.options[0].id
        body["answers"][f.id] = value
    return body


# --- server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BACKSTRIDE_WEB_SETTINGS": json.dumps({"db_url": db}),
        "OPENBLAS_NUM_THREADS": "1",  # one BLAS thread per worker: no oversubscription
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "backstride.web.app:app_from_env",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start in 60 s")


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its live children (Linux
    /proc; 0 elsewhere): the server's own cost, whatever else runs on the machine."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    except OSError:
        return 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        if p in stats:
            total += stats[p][1] / tick
        todo += [c for c, (ppid, _) in stats.items() if ppid == p]
    return total


# --- load generators ---------------------------------------------------------------------


def run_wrk(
    url: str, body: dict[str, Any], seconds: int, conns: int, threads: int
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(json.dumps(body))}\n"
        )
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{conns}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                lua.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(lua.name)

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {
        "rps": rps,
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "requests": total,
        "errors": int(bad.group(1)) if bad else 0,
    }


async def _httpx_load(url: str, body: dict[str, Any], total: int, conns: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                queue.get_nowait()
                t0 = time.perf_counter()
                r = await client.post(url, json=body)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += r.status_code >= 300

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conns)))
        elapsed = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100)
    return {
        "rps": total / elapsed,
        "p50_ms": q[49],
        "p99_ms": q[98],
        "requests": total,
        "errors": errors,
    }


def load(url: str, body: dict[str, Any], args: argparse.Namespace) -> dict[str, float]:
    if shutil.which("wrk") and not args.httpx:
        return run_wrk(url, body, args.seconds, args.connections, args.threads)
    return asyncio.run(_httpx_load(url, body, args.requests, args.connections))


def diary_rows(db: str) -> int:
    """Diary entries stored for the local person (the single-person server writes there)."""
    from backstride.storage import Store
    from backstride.storage.models import DiaryEntryRow

    with Store.open(db) as store:
        return store.count(DiaryEntryRow)


# --- main --------------------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", action="append", help="database URL (repeat for several)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    p.add_argument("--connections", type=int, default=32, help="concurrent connections")
    p.add_argument("--threads", type=int, default=1, help="wrk threads")
    p.add_argument("--seconds", type=int, default=10, help="wrk: duration of each run")
    p.add_argument("--requests", type=int, default=3000, help="httpx: requests per run")
    p.add_argument("--answers", type=int, default=12, help="answers in the assessment body")
    p.add_argument("--writes", action="store_true", help="also load POST /api/v1/diary")
    p.add_argument("--httpx", action="store_true", help="use httpx even if wrk is installed")
    args = p.parse_args()
    dbs = args.db or [f"sqlite:///{tempfile.mkdtemp(prefix='bs-bench-')}/bench.db"]
    body = realistic_body(args.answers)
    tool = "httpx" if args.httpx or not shutil.which("wrk") else "wrk"
    print(
        f"load generator: {tool}, {args.connections} connections, workers={args.workers}, "
        f"{len(body['answers'])} answers + age/sex in each assessment body"
    )
    print(
        f"{'endpoint':<24} {'database':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'requests':>9} {'non-2xx':>8}" + (f" {'lost':>6}" if args.writes else "")
    )
    for db in dbs:
        port = free_port()
        proc = start_server(db, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            load(
                f"{base}/assessment",
                body,
                argparse.Namespace(**{**vars(args), "seconds": 2, "requests": 300}),
            )  # warm-up
            runs = [("POST /assessment", f"{base}/assessment", body)]
            if args.writes:
                runs.append(("POST /diary", f"{base}/diary", DIARY_BODY))
            kind = db.split(":", 1)[0].split("+")[0]
            for name, url, b in runs:
                lost = ""
                if url.endswith("/diary"):
                    warm = argparse.Namespace(**{**vars(args), "seconds": 2, "requests": 200})
                    load(url, b, warm)
                    before = diary_rows(db)
                r = load(url, b, args)
                if url.endswith("/diary"):
                    ok = r["requests"] - r["errors"]
                    lost = f" {max(0, ok - (diary_rows(db) - before)):>6.0f}"
                print(
                    f"{name:<24} {kind:<12} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} "
                    f"{r['p99_ms']:>8.1f} {r['requests']:>9.0f} {r['errors']:>8.0f}{lost}",
                    flush=True,
                )
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
