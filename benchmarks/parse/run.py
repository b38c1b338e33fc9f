"""Parser benchmark: precision and recall per finding, for negation, red flags missed, speed.

    .venv/bin/python benchmarks/parse/run.py [--split tuning|heldout|all] [--show]
    .venv/bin/python benchmarks/parse/run.py --red-flags
    .venv/bin/python benchmarks/parse/run.py --file pass6.yaml [--today 2026-12-07] [--show]

A predicted answer counts when the parser would set it (``applies``); it is right when the
finding matches and the answer is the same state (numbers: the same answer bin). "Negation"
scores only the answers a sentence gives as "no". The split is fixed by the id's SHA-256:
held out when its first byte is odd (decided before any scoring; never tune on held-out).
``--red-flags`` and ``--file`` score a whole other set (no split): ``--file`` takes a file name
in this folder or a path. A set whose dates count back from the day it was written records
that day in the file (``today: 2026-12-07`` above ``sentences:``, see pass6.yaml) and is read
from it; ``--today`` overrides it. Without either a date ("since March") is not read, as in
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
    """The sentences of a set: a list of cases, or ``{today: ..., sentences: [...]}``."""
    return read_set(name)[0]


def read_set(name: str) -> tuple[list[dict], date | None]:
    """A set's sentences and the day its dates count back from (None when it records none).
    Raises ValueError naming the file when it is neither a list of cases nor a mapping with
    ``sentences`` and, optionally, ``today`` (a YYYY-MM-DD day)."""
    path = HERE / name if (HERE / name).is_file() else Path(name)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict) or not isinstance(data.get("sentences"), list):
        raise ValueError(f"{path}: expected a list of sentences or a mapping with 'sentences'")
    unknown = set(data) - {"today", "sentences"}
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}; valid: today, sentences")
    today = data.get("today")
    if isinstance(today, str):
        try:
            today = date.fromisoformat(today)
        except ValueError:
            raise ValueError(f"{path}: today {today!r} is not a YYYY-MM-DD day") from None
    if today is not None and not isinstance(today, date):
        raise ValueError(f"{path}: today {today!r} is not a YYYY-MM-DD day")
    return data["sentences"], today


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
        help="Read dates ('since Christmas') as the front ends do, counted back from this day"
        " (default: the day the set file records, if any)",
    )
    args = ap.parse_args(argv)
    if args.file and args.red_flags:
        ap.error("give --red-flags or --file, not both")
    kb = load_kb()
    startup, median = timing(kb)  # first, so that start-up includes importing spaCy
    name = args.file or ("red_flags.yaml" if args.red_flags else "sentences.yaml")
    try:
        cases, recorded = read_set(name)
    except (OSError, ValueError) as e:
        ap.error(str(e))
    today = args.today or recorded
    if args.file:
        splits = [Path(args.file).stem]
    elif args.red_flags:
        splits = ["red_flags"]
    else:
        splits = ["tuning", "heldout"] if args.split == "all" else [args.split]
    dated = f"; dates read from {today.isoformat()}" if today else "; dates not read"
    print(f"{len(cases)} sentences; kb {kb.version}{dated}")
    for sp in splits:
        whole = args.file or args.red_flags
        chosen = [c for c in cases if whole or split_of(c["id"]) == sp]
        if args.show:
            print(f"[{sp}] disagreements:")
        s = score(kb, chosen, show=args.show, today=today)
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
