"""Role suggestion on the held-out set: accuracy, confusion matrix, time per post, the misses.

Run `python -m benchmarks.bench_suggest [EVAL_FILE]` (default tests/data/roles_eval.jsonl, posts
written separately from the training data and never used to tune it). Times are per post and
include cleaning, cues, model and explanation; wall-clock time on a shared machine includes other
processes' turns on the CPU, so the thread's CPU time is printed next to it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lmplanner.core.domain import Role
from lmplanner.core.suggest import RoleSuggestion, load_model, suggest_role

ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = ROOT / "tests" / "data" / "roles_eval.jsonl"
BUDGET_MS = 5.0
REPEATS = 5  # each post is timed this many times; its median counts


@dataclass(frozen=True, slots=True)
class Outcome:
    title: str
    truth: Role
    guess: RoleSuggestion
    wall_ms: float
    cpu_ms: float


def load_posts(path: Path) -> list[tuple[str, str, Role]]:
    posts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                posts.append((row["title"], row.get("body") or "", Role.parse(row["role"])))
    return posts


def evaluate(posts: list[tuple[str, str, Role]]) -> list[Outcome]:
    load_model()  # read the model once, outside the timings
    outcomes = []
    for title, body, truth in posts:
        walls, cpus = [], []
        guess = suggest_role(title, body)
        for _ in range(REPEATS):
            w0, c0 = time.perf_counter(), time.thread_time()
            suggest_role(title, body)
            cpus.append((time.thread_time() - c0) * 1000)
            walls.append((time.perf_counter() - w0) * 1000)
        outcomes.append(
            Outcome(title, truth, guess, statistics.median(walls), statistics.median(cpus))
        )
    return outcomes


def hostile_texts() -> list[tuple[str, str]]:
    """Markup, emoji and 10,000-character texts: a runaway regex would show here (this figure
    was a timed assertion in tests/core/test_suggest.py)."""
    body = (
        "<p>I <b>remember</b> my first job &amp; what it <i>taught me</i> 🙏</p>\n"
        "> a quoted line\n**Bold** _text_ with a [link](https://example.com) #leadership\n"
    ) * 200
    huge = ("word " * 2_000) + ("1,2.3:4% " * 500) + ("a" * 5_000) + ("I me my " * 1_000)
    texts = [("<h1>Lessons</h1>", body)]
    for text in (huge, "x" * 10_000, "🔥" * 10_000, "<" * 10_000, "aaaa " * 2_000):
        texts.append((text[:300], text))
    return texts


def hostile_ms() -> float:
    """Median wall-clock milliseconds of one hostile text (median of REPEATS runs each)."""
    medians = []
    for title, body in hostile_texts():
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            suggest_role(title, body)
            runs.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(runs))
    return statistics.median(medians)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(outcomes: list[Outcome]) -> None:
    n = len(outcomes)
    right = sum(o.guess.role is o.truth for o in outcomes)
    print(f"posts: {n}  accuracy: {right}/{n} = {right / n:.1%}")

    print("\nconfusion matrix (rows: truth, columns: suggested)")
    print(f"{'':>10} {'leader':>8} {'manager':>8}")
    for truth in Role:
        cells = [sum(o.truth is truth and o.guess.role is g for o in outcomes) for g in Role]
        print(f"{truth.value:>10} {cells[0]:>8} {cells[1]:>8}")

    walls = [o.wall_ms for o in outcomes]
    cpus = [o.cpu_ms for o in outcomes]
    print(f"\ntime per post (median of {REPEATS} runs each), budget {BUDGET_MS:g} ms")
    print(
        f"  wall clock: median {statistics.median(walls):.3f} ms, p95 {p95(walls):.3f} ms, "
        f"max {max(walls):.3f} ms"
    )
    print(
        f"  CPU time:   median {statistics.median(cpus):.3f} ms, p95 {p95(cpus):.3f} ms, "
        f"max {max(cpus):.3f} ms"
    )

    hostile = hostile_ms()
    typical = statistics.median(walls)
    print(
        f"  hostile texts (markup, 10,000 characters): median {hostile:.3f} ms, "
        f"{hostile / typical:.1f}× a typical post, {hostile / BUDGET_MS:.2f}× the budget"
    )

    right_conf = [o.guess.confidence for o in outcomes if o.guess.role is o.truth]
    wrong_conf = [o.guess.confidence for o in outcomes if o.guess.role is not o.truth]

    def mean(values: list[float]) -> str:
        return f"{statistics.mean(values):.2f}" if values else "-"

    print(f"\nmean confidence: right {mean(right_conf)}, wrong {mean(wrong_conf)}")

    misses = [o for o in outcomes if o.guess.role is not o.truth]
    print(f"\nmisclassified: {len(misses)}")
    for o in misses:
        cues = "; ".join(o.guess.cues)
        print(
            f"  [{o.truth.value} -> {o.guess.role.value} {o.guess.confidence:.2f}] "
            f"{o.title[:80]!r}\n      cues: {cues}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_suggest", description=__doc__)
    parser.add_argument("eval_file", nargs="?", type=Path, default=EVAL_FILE)
    args = parser.parse_args(argv)
    if not args.eval_file.is_file():
        print(f"no evaluation file at {args.eval_file}", file=sys.stderr)
        return 2
    report(evaluate(load_posts(args.eval_file)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
