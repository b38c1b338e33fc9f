"""What a person waits for: each interview step (terminal and web), the result, the plan, a
chart, the PDF summary, the FHIR export, a GPX walk import, and the clinic's list.

Run: .venv/bin/python benchmarks/bench_waits.py [--repeat 5] [--json] [--only NAME,...]
     [--db postgresql+psycopg://...]   (default: a fresh SQLite file)

Each figure is the median over ``--repeat`` runs of wall time (what the person waits for) and,
beside it, the CPU time of this process (less affected by other jobs on a shared machine). The
web figures go through FastAPI's TestClient in this process (routing, templates, the engine
and the database; not the network). Interview steps: one case from the held-out vignettes is
answered as the interview asks (its answer, or "don't know"); a step is the time from sending
an answer to having the next question on the screen (the web: the POST, its redirect and the
question page; the terminal: from the answer typed to the next prompt, rendering included).
The clinic list: one clinician, 50 patients who each shared 10 saved assessments (500). The
GPX file: a 2-hour walk recorded every second (7,200 points with elevation), imported by
``backstride walks import`` in a new process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from math import cos, radians, sin
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASE = "lss_katz_jama_2022"  # a classic story (neurogenic claudication) with many answers


def cpu_now() -> float:
    """CPU seconds of this process and of its finished children (a command run)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def both(fn: Callable[[], Any]) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), cpu_now()
    fn()
    return time.perf_counter() - w0, cpu_now() - c0


def median_of(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Median wall and CPU ms of ``fn`` after a warm-up; ``fn.before``, if set, runs untimed
    before each call."""
    before = getattr(fn, "before", lambda: None)
    before()
    fn()  # warm-up: imports, compiled templates, caches
    runs = []
    for _ in range(repeat):
        before()
        runs.append(both(fn))
    return {
        "wall_ms": round(statistics.median(r[0] for r in runs) * 1000, 2),
        "cpu_ms": round(statistics.median(r[1] for r in runs) * 1000, 2),
    }


def the_case() -> dict[str, Any]:
    from backstride.evaluation import load_cases

    cases = load_cases(ROOT / "benchmarks" / "vignettes" / "heldout")
    by_id = {c["id"]: c for c in cases}
    return by_id.get(CASE) or max(cases, key=lambda c: len(c.get("answers", {})))


# --- the terminal --------------------------------------------------------------------------


def terminal_steps(kb: Any, case: dict[str, Any]) -> dict[str, Any]:
    """One interview in the terminal: the gap between each answer and the next prompt."""
    from rich.console import Console

    import backstride.cli.assess as cli

    source = {**case["answers"], "age": case["age"], "sex": case["sex"]}
    current: list[Any] = [None]
    gaps: list[float] = []
    cpu: list[float] = []
    last: list[tuple[float, float] | None] = [None]

    class Typist(Console):
        def input(self, prompt: Any = "", **kw: Any) -> str:  # type: ignore[override]
            if last[0] is not None:
                gaps.append(time.perf_counter() - last[0][0])
                cpu.append(time.process_time() - last[0][1])
            what = current[0]
            if isinstance(what, tuple):  # a checklist
                yes = [str(i) for i, f in enumerate(what, 1) if source.get(f) == "yes"]
                raw = " ".join(yes) or ("0" if all(f in source for f in what) else "?")
            elif what is None:
                raw = "c"  # carry on after an alert
            else:
                f = kb.findings[what]
                v = source.get(what)
                if v is None:
                    raw = "?"
                elif f.type == "boolean":
                    raw = "y" if v == "yes" else "n"
                elif f.type == "choice":
                    raw = str([o.id for o in f.options].index(v) + 1)
                else:
                    raw = str(v)
            current[0] = None
            last[0] = (time.perf_counter(), time.process_time())
            return raw

    ask, ask_list = cli._ask, cli._ask_checklist

    def _ask(console: Any, kb_: Any, fid: str, *a: Any) -> Any:
        current[0] = fid
        return ask(console, kb_, fid, *a)

    def _ask_checklist(console: Any, kb_: Any, items: tuple[str, ...], *a: Any) -> Any:
        current[0] = items
        return ask_list(console, kb_, items, *a)

    cli._ask, cli._ask_checklist = _ask, _ask_checklist
    try:
        console = Typist(file=io.StringIO(), width=100, force_terminal=True)
        start = {"age": case["age"], "sex": case["sex"]}
        answers = cli.run_interview(console, kb, start)
    finally:
        cli._ask, cli._ask_checklist = ask, ask_list
    return {"answers": answers, "gaps": gaps, "cpu": cpu}


def terminal_result(kb: Any, answers: Any) -> None:
    from rich.console import Console

    from backstride.cli.render import render_result
    from backstride.engine import assess

    render_result(Console(file=io.StringIO(), width=100), kb, assess(kb, answers).to_dict())


# --- the web ---------------------------------------------------------------------------------

FORM_S = re.compile(r'name="s" value="([^"]*)"')
FORM_Q = re.compile(r'name="q" value="([^"]*)"')
ITEM = re.compile(r'name="item" value="([^"]*)"')


def web_interview(client: Any, kb: Any, case: dict[str, Any]) -> tuple[str, list[float], list]:
    """Answer one case on the question pages; returns the final state and each step's time."""
    source = {**case["answers"], "age": case["age"], "sex": case["sex"]}
    page = client.get("/interview")
    walls: list[float] = []
    cpus: list[float] = []
    s = ""
    for _ in range(80):
        if "/result" in str(page.url):
            return s, walls, cpus
        html = page.text
        s = FORM_S.search(html).group(1)
        items = ITEM.findall(html)
        if items:
            form: Any = {"s": s, "item": items}
            form |= {f"a-{f}": str(source.get(f, "unknown")) for f in items}
            url = "/interview/checklist"
        else:
            q = FORM_Q.search(html).group(1)
            v = source.get(q)
            form = {"s": s, "q": q} | ({"v": str(v)} if v is not None else {"dont_know": "1"})
            url = "/interview"
        w0, c0 = time.perf_counter(), time.process_time()
        page = client.post(url, data=form)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
        assert page.status_code == 200, (page.status_code, page.text[:300])
    raise AssertionError("the interview did not end")


def gpx_walk(path: Path, minutes: int = 120) -> int:
    """A 2-hour walk as a phone or watch records it: a point a second, with elevation."""
    t0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    lat, lon = 51.5007, -0.1246
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="bench_waits" xmlns="http://www.topografix.com/GPX/1/1">',
        "<trk><name>Morning walk</name><type>walking</type><trkseg>",
    ]
    n = minutes * 60
    for i in range(n):
        heading = radians((i / 40) % 360)  # a slow loop around the park
        lat += 1.25 / 111_320 * cos(heading)  # about 1.25 m a second
        lon += 1.25 / (111_320 * cos(radians(lat))) * sin(heading)
        ele = 20 + 8 * sin(i / 600)
        when = (t0 + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>{when}</time></trkpt>'
        )
    lines.append("</trkseg></trk></gpx>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def clinic_app(url: str) -> tuple[Any, Any]:
    """Clinic mode: a clinician and 50 patients who each shared 10 saved assessments."""
    from fastapi.testclient import TestClient

    from backstride.engine import assess, parse_answers
    from backstride.evaluation import case_answers, load_cases
    from backstride.web import Settings, create_app

    app = create_app(Settings(db_url=url, multi_user=True))
    kb = app.state.kb
    accounts, store = app.state.accounts, app.state.store
    clinician = TestClient(app, base_url="http://127.0.0.1")
    code = accounts.invite("bench", role="clinician")
    r = clinician.post(
        "/api/v1/accounts",
        json={
            "username": "dr-lee",
            "password": "correct horse battery",
            "role": "clinician",
            "invitation": code,
        },
    )
    assert r.status_code == 201, r.text
    cases = load_cases(ROOT / "benchmarks" / "vignettes" / "heldout")
    docs = []
    for c in cases[:10]:
        answers = parse_answers(kb, case_answers(c))
        docs.append((answers.to_json(), assess(kb, answers).to_dict()))
    for p in range(50):
        user = accounts.register(f"patient{p:02d}", "correct horse battery", trusted=True)
        for doc, result in docs:
            aid = store.save_assessment(user.person_id, doc, result)
            accounts.share(user, aid, "dr-lee")
    return app, clinician


def count_statements(engine: Any, fn: Callable[[], Any]) -> int:
    from sqlalchemy import event

    n = [0]

    def before(*_: Any) -> None:
        n[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return n[0]


def run_cli(args: list[str], env: dict[str, str]) -> Callable[[], None]:
    exe = str(Path(sys.executable).with_name("backstride"))

    def go() -> None:
        subprocess.run([exe, *args], check=True, capture_output=True, env=env, cwd=ROOT)

    return go


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated names of parts to run")
    ap.add_argument("--db", default="", help="database URL (default: a fresh SQLite file)")
    ap.add_argument(
        "--guidelines",
        type=Path,
        default=ROOT / "benchmarks" / "guidelines" / "run.py",
        help="the guideline-scenario script to time (another tree's, to compare)",
    )
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))

    def want(name: str) -> bool:
        return not only or name in only

    from fastapi.testclient import TestClient

    from backstride.knowledge import load_kb
    from backstride.web import Settings, create_app

    tmp = Path(tempfile.mkdtemp(prefix="bench-waits-"))
    url = args.db or f"sqlite:///{tmp / 'web.db'}"
    out: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    kb = load_kb()
    case = the_case()
    rep = args.repeat

    if want("terminal"):
        steps: list[float] = []
        cpus: list[float] = []
        for _ in range(rep):
            t = terminal_steps(kb, case)
            steps += t["gaps"]
            cpus += t["cpu"]
        out["terminal step"] = {
            "wall_ms": round(statistics.median(steps) * 1000, 2),
            "cpu_ms": round(statistics.median(cpus) * 1000, 2),
            "max_wall_ms": round(max(steps) * 1000, 2),
            "steps": len(t["gaps"]),
        }
        answers = t["answers"]
        out["terminal result"] = median_of(lambda: terminal_result(kb, answers), rep)

    app = create_app(Settings(db_url=url))
    client = TestClient(app, base_url="http://127.0.0.1")
    s, _, _ = web_interview(client, kb, case)  # warm-up
    if want("web"):
        walls: list[float] = []
        cpus = []
        for _ in range(rep):
            s, w, c = web_interview(client, kb, case)
            walls += w
            cpus += c
        out["web step"] = {
            "wall_ms": round(statistics.median(walls) * 1000, 2),
            "cpu_ms": round(statistics.median(cpus) * 1000, 2),
            "max_wall_ms": round(max(walls) * 1000, 2),
            "steps": len(w),
        }
        out["web result page"] = median_of(
            lambda: client.get(f"/result?s={s}").raise_for_status(), rep
        )
        out["web plan page"] = median_of(lambda: client.get(f"/plan?s={s}").raise_for_status(), rep)
        out["web PDF summary"] = median_of(
            lambda: client.get(f"/report.pdf?s={s}").raise_for_status(), rep
        )

    if want("saved"):
        from backstride.diary.records import DiaryEntry
        from backstride.engine import assess, parse_answers
        from backstride.storage import Store

        store = app.state.store = getattr(app.state, "store", None) or Store.open(url)
        answers = parse_answers(
            kb, {"age": case["age"], "sex": case["sex"], "answers": case["answers"]}
        )
        aid = store.save_assessment(None, answers.to_json(), assess(kb, answers).to_dict())
        today = date.today()
        for d in range(84):  # 12 weeks of diary
            store.add_diary_entry(
                None,
                DiaryEntry(
                    day=today - timedelta(days=d),
                    pain_now=3 + d % 4,
                    walk_minutes=20 + d % 15,
                    walk_distance_m=1200 + 30 * (d % 20),
                    onset_minutes=8 + d % 6,
                ),
            )
        out["web FHIR export"] = median_of(
            lambda: client.get(f"/my/assessments/{aid}/fhir.json").raise_for_status(), rep
        )
        logged = [0]

        def log_then(url: str) -> Callable[[], None]:
            """A walk logged (the chart's data changes), then the page: a first view. The
            entry is added before the clock starts."""

            def timed() -> None:
                client.get(url).raise_for_status()

            def step() -> None:
                logged[0] += 1
                store.add_diary_entry(
                    None,
                    DiaryEntry(
                        day=today, pain_now=4, walk_minutes=30, onset_minutes=logged[0] % 30
                    ),
                )

            timed.before = step  # type: ignore[attr-defined]
            return timed

        for name, url in (
            ("web saved PDF", f"/my/assessments/{aid}/report.pdf"),
            ("web progress chart", "/progress/chart.svg"),
        ):
            out[f"{name}, after a new diary entry"] = median_of(log_then(url), rep)
            out[f"{name}, again (same data)"] = median_of(
                lambda url=url: client.get(url).raise_for_status(), rep
            )
        out["web progress page"] = median_of(
            lambda: client.get("/progress").raise_for_status(), rep
        )
    client.close()
    if getattr(app.state, "store", None) is not None:
        app.state.store.close()

    env = {**os.environ, "BACKSTRIDE_DB": url if args.db else str(tmp / "cli.db")}
    if want("gpx"):
        gpx = tmp / "walk.gpx"
        points = gpx_walk(gpx)
        # a copy of an empty database each time (its schema made already, as after the first
        # use), so every run imports the walk (not "nothing new")
        import shutil

        from backstride.storage import Store

        empty = tmp / "empty.db"
        Store.open(f"sqlite:///{empty}").close()

        def imp() -> None:
            db = tmp / f"gpx-{time.monotonic_ns()}.db"
            shutil.copy(empty, db)
            e = {**env, "BACKSTRIDE_DB": str(db)}
            subprocess.run(
                [str(Path(sys.executable).with_name("backstride")), "walks", "import", str(gpx)],
                check=True,
                capture_output=True,
                env=e,
                cwd=ROOT,
            )

        out["GPX import, 2 h walk (new process)"] = median_of(imp, rep) | {
            "points": points,
            "MB": round(gpx.stat().st_size / 1e6, 2),
        }

    if want("clinic"):
        capp, clinician = clinic_app(args.db or f"sqlite:///{tmp / 'clinic.db'}")
        out["clinic list, 500 shared"] = median_of(
            lambda: clinician.get("/clinic").raise_for_status(), rep
        ) | {
            "sql_statements": count_statements(
                capp.state.store.engine, lambda: clinician.get("/clinic").raise_for_status()
            )
        }
        page = "/clinic/patients/patient07"
        out["clinic patient page, 10 shared"] = median_of(
            lambda: clinician.get(page).raise_for_status(), rep
        ) | {
            "sql_statements": count_statements(
                capp.state.store.engine, lambda: clinician.get(page).raise_for_status()
            )
        }
        clinician.close()
        capp.state.store.close()

    if want("cli"):
        env_cli = {
            **env,
            "BACKSTRIDE_CACHE_DIR": os.environ.get("BACKSTRIDE_CACHE_DIR", str(tmp / "cache")),
        }
        out["backstride evaluate heldout --json"] = median_of(
            run_cli(["evaluate", "benchmarks/vignettes/heldout", "--json"], env_cli), rep
        )
        guide = [sys.executable, str(args.guidelines)]
        out["benchmarks/guidelines/run.py"] = median_of(
            lambda: subprocess.run(guide, check=True, capture_output=True, env=env_cli, cwd=ROOT),
            rep,
        )
    out["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for k, v in out.items():
        print(f"{k:45s} {v}")


if __name__ == "__main__":
    main()
