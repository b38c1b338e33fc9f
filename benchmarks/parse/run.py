"""Parser benchmark: precision and recall per finding, for negation, red flags missed, speed.

    .venv/bin/python benchmarks/parse/run.py [--split tuning|heldout|all] [--show]
    .venv/bin/python benchmarks/parse/run.py --red-flags
    .venv/bin/python benchmarks/parse/run.py --file pass4.yaml --today 2026-12-07 [--show]

A predicted answer counts when the parser would set it (``applies``); it is right when the
finding matches and the answer is the same state (numbers: the same answer bin). "Negation"
scores only the answers a sentence gives as "no". The split is fixed by the id's SHA-256:
held out when its first byte is odd (decided before any scoring; never tune on held-out).
``--red-flags`` and ``--file`` score a whole other set (no split): ``--file`` takes a file name
in this folder or a path. Without ``--today`` a date ("since March") is not read, as in
``parse(kb, text)``; the front ends pass the person's day.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from backstride.intake import parse
from backstride.knowledge import load_kb

HERE = Path(__file__).parent
PARAGRAPH = (
    "I'm 68 and my legs go heavy after about 200 metres so I have to sit down. Bending over "
    "the trolley at the supermarket helps a lot and I can cycle for ages. No trouble with my "
    "bladder or bowels, no fever, and I have never had cancer. It has been coming on slowly "
    "for about two years and I have diabetes."
)


def split_of(sid: str) -> str:
    return "heldout" if hashlib.sha256(sid.encode()).digest()[0] % 2 else "tuning"


def load(name: str = "sentences.yaml") -> list[dict]:
    path = HERE / name if (HERE / name).is_file() else Path(name)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def state(kb, fid: str, value: object) -> str:
    return kb.state_of(fid, value) if kb.findings[fid].type == "number" else str(value)


def score(kb, cases: list[dict], show: bool = False, today: date | None = None) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    neg = Counter()
    missed_red: list[str] = []
    extra_red: list[str] = []
    for case in cases:
        want = {f: state(kb, f, v) for f, v in (case.get("expect") or {}).items()}
        got = {f: state(kb, f, v) for f, v in parse(kb, case["text"], today).answers().items()}
        for f in set(want) | set(got):
            w, g = want.get(f), got.get(f)
            if w is not None and w == g:
                tp[f] += 1
                neg["tp"] += w == "no"
            else:
                if g is not None:
                    fp[f] += 1
                    neg["fp"] += g == "no"
                    if g == "yes" and kb.findings[f].topic == "red_flag":
                        extra_red.append(f"{case['id']}: {f}")
                if w is not None:
                    fn[f] += 1
                    neg["fn"] += w == "no"
                    if w == "yes" and kb.findings[f].topic == "red_flag":
                        missed_red.append(f"{case['id']}: {f}")
                if show:
                    print(f"  {case['id']}: {f} wanted {w}, got {g}")
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "neg": neg,
        "missed_red": missed_red,
        "extra_red": extra_red,
        "n": len(cases),
    }


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def timing(kb, n: int = 200) -> tuple[float, float]:
    """Start-up (import spaCy, build the pipeline and matchers, first parse), then the median
    of ``n`` parses of one paragraph."""
    t0 = time.perf_counter()
    from backstride.intake.parser import Parser

    parser = Parser(kb)
    parser.parse(PARAGRAPH)
    startup = time.perf_counter() - t0
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        parser.parse(PARAGRAPH)
        runs.append(time.perf_counter() - t)
    return startup, statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["tuning", "heldout", "all"], default="all")
    ap.add_argument("--show", action="store_true", help="List every disagreement")
    ap.add_argument("--per-finding", action="store_true")
    ap.add_argument(
        "--red-flags", action="store_true", help="Score the separate warning-sign set instead"
    )
    ap.add_argument(
        "--file",
        metavar="YAML",
        help="Score another set in the same format, whole (e.g. pass4.yaml)",
    )
    ap.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="Read dates ('since Christmas') as the front ends do, counted back from this day",
    )
    args = ap.parse_args(argv)
    if args.file and args.red_flags:
        ap.error("give --red-flags or --file, not both")
    kb = load_kb()
    startup, median = timing(kb)  # first, so that start-up includes importing spaCy
    if args.file:
        cases = load(args.file)
        splits = [Path(args.file).stem]
    elif args.red_flags:
        cases = load("red_flags.yaml")
        splits = ["red_flags"]
    else:
        cases = load("sentences.yaml")
        splits = ["tuning", "heldout"] if args.split == "all" else [args.split]
    print(f"{len(cases)} sentences; kb {kb.version}")
    for sp in splits:
        whole = args.file or args.red_flags
        chosen = [c for c in cases if whole or split_of(c["id"]) == sp]
        if args.show:
            print(f"[{sp}] disagreements:")
        s = score(kb, chosen, show=args.show, today=args.today)
        tp, fp, fn = (sum(s[k].values()) for k in ("tp", "fp", "fn"))
        p, r = pr(tp, fp, fn)
        np_, nr = pr(s["neg"]["tp"], s["neg"]["fp"], s["neg"]["fn"])
        print(
            f"{sp:9} sentences {s['n']:3}  answers {tp + fn:3}  precision {p:.2f}  recall {r:.2f}"
            f"  | negation: precision {np_:.2f} recall {nr:.2f} (n={s['neg']['tp'] + s['neg']['fn']})"
            f"  | red flags missed: {len(s['missed_red'])} {s['missed_red'] or ''}"
        )
        print(
            f"{'':9} right {tp}, wrong or extra {fp}, missed {fn}; warning sign 'yes' the reader"
            f" did not take: {len(s['extra_red'])} {s['extra_red'] or ''}"
        )
        if args.per_finding:
            for f in sorted(set(s["tp"]) | set(s["fp"]) | set(s["fn"])):
                fp_, fr = pr(s["tp"][f], s["fp"][f], s["fn"][f])
                print(
                    f"    {f:30} tp {s['tp'][f]:2} fp {s['fp'][f]:2} fn {s['fn'][f]:2}"
                    f"  P {fp_:.2f} R {fr:.2f}"
                )
    print(
        f"speed: start-up {startup * 1000:.0f} ms; one paragraph ({len(PARAGRAPH)} characters) "
        f"median {median * 1000:.1f} ms over 200 runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
