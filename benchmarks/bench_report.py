"""Times the PDF report for a month of 300 posts and a year of 3 000 (target: year ≤ 10 × month).

Run alone with `python -m benchmarks.bench_report [--quick]`; `run` feeds `python -m benchmarks`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, summarize

TARGET_RATIO = 10.0

_CHANNELS = ("LinkedIn", "X", "Instagram", "Facebook", "Blog", "Newsletter", "YouTube")
_AUTHORS = ("Maya Chen", "Jonas Berg", "Aisha Okafor", "Luis Ortega", "Zofia Nowak", None)
_CAMPAIGNS = ("Autumn launch", "Customer stories", "Hiring", None, None)
_LEADER_TITLES = (
    "Why {topic} will look different in five years",
    "What we learned from {count} customers about {topic}",
    "The mistake we made with {topic}, and what it taught us",
    "A story from the team: {topic} on a Friday afternoon",
    "Our view on {topic}: fewer features, better defaults",
    "What would you change about {topic}?",
)
_MANAGER_TITLES = (
    "How to set up {topic} in {count} minutes",
    "{count} tips for {topic}",
    "Join our live Q&A on {topic} this Thursday",
    "New: {topic} is now available for every plan",
    "Last chance: {count} % off {topic}",
    "Poll: how do you handle {topic}?",
    "{topic} in numbers: this month's dashboard",
)
_TOPICS = (
    "content calendars",
    "quarterly planning",
    "analytics",
    "team workflows",
    "campaign briefs",
    "editorial voice",
    "customer onboarding",
    "release notes",
)


def _drafts(start: dt.date, days: int, count: int, rng: random.Random) -> list[Any]:
    from lmplanner.core.domain import LEADER_KINDS, MANAGER_KINDS, Role, Status
    from lmplanner.core.services import PostDraft

    drafts = []
    for _ in range(count):
        leader = rng.random() < 0.38
        role = Role.LEADER if leader else Role.MANAGER
        template = rng.choice(_LEADER_TITLES if leader else _MANAGER_TITLES)
        title = template.format(topic=rng.choice(_TOPICS), count=rng.randint(3, 40))
        date = start + dt.timedelta(days=rng.randrange(days))
        drafts.append(
            PostDraft(
                title=title[0].upper() + title[1:],
                role=role,
                channel=rng.choice(_CHANNELS),
                date=date,
                time=dt.time(rng.choice((8, 9, 10, 12, 13, 15, 17, 18)), rng.choice((0, 15, 30))),
                body=" ".join([title] * rng.randint(1, 6)),
                kind=rng.choice(LEADER_KINDS if leader else MANAGER_KINDS),
                status=rng.choice((Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED)),
                author=rng.choice(_AUTHORS),
                campaign=rng.choice(_CAMPAIGNS),
            )
        )
    return drafts


def _time_report(service: Any, period: Any, out: Path) -> tuple[float, int]:
    from lmplanner.core.report import ReportOptions, build_report
    from lmplanner.core.report.options import Paper

    started = time.perf_counter()
    result = build_report(service, period, out=out, options=ReportOptions(paper=Paper.A4))
    return time.perf_counter() - started, result.pages


def run(quick: bool, work: Path) -> list[Figure]:
    """The figure for `python -m benchmarks`: a year of 3 000 posts against a month of 300."""
    results = measure_reports(quick)
    month, year = results["month"], results["year"]
    return [
        Figure(
            f"report: a year of {year['posts']:,} posts ({year['pages']} pages)",
            year["seconds"],
            year["spread"],
            f"a month of {month['posts']} posts ({month['pages']} pages)",
            month["seconds"],
            target=TARGET_RATIO,
            note="linear or better; interleaved",
        )
    ]


def measure_reports(quick: bool = False) -> dict[str, Any]:
    """Build both plans and time their reports; returns seconds, pages and the ratio."""
    from lmplanner.core.balance import Period
    from lmplanner.core.report.fonts import report_fonts
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    repeats = 1 if quick else 3
    rng = random.Random(20261101)
    report_fonts()  # font discovery is a one-off cost, not part of a report
    results: dict[str, Any] = {"repeats": repeats, "target_ratio": TARGET_RATIO}
    with tempfile.TemporaryDirectory(prefix="lmplanner-bench-") as folder:
        base = Path(folder)
        cases = (
            ("month", Period.month(2026, 11), 300),
            ("year", Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), 3_000),
        )
        plans = {}
        try:
            for name, period, count in cases:
                plan = plans[name] = open_plan(base / f"{name}.lmplan")
                PlanService(plan).add_posts(_drafts(period.start, period.days(), count, rng))
            # Month and year in turn, so load on a shared machine falls on both alike.
            timings: dict[str, list[float]] = {name: [] for name, _, _ in cases}
            for _ in range(repeats):
                for name, period, count in cases:
                    out = base / f"{name}.pdf"
                    seconds, pages = _time_report(PlanService(plans[name]), period, out)
                    timings[name].append(seconds)
                    results[name] = {"posts": count, "pages": pages}
        finally:
            for plan in plans.values():
                plan.close()
    for name, spent in timings.items():
        median, spread = summarize(spent)
        results[name].update(seconds=round(median, 3), spread=round(spread, 3))
    results["ratio"] = round(results["year"]["seconds"] / results["month"]["seconds"], 2)
    results["within_target"] = results["ratio"] <= TARGET_RATIO
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_report")
    parser.add_argument("--quick", action="store_true", help="one run per case instead of three")
    args = parser.parse_args(argv)
    r = measure_reports(quick=args.quick)
    for name in ("month", "year"):
        case = r[name]
        print(
            f"report, {name:<5} {case['posts']:>5} posts: {case['seconds']:7.2f} s  "
            f"({case['pages']} pages, median of {r['repeats']})"
        )
    verdict = "ok" if r["within_target"] else "OVER TARGET"
    print(f"ratio year/month: {r['ratio']:.1f}× (target ≤ {TARGET_RATIO:.0f}×) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
