"""Shared pieces of the benchmarks: seeded plans built through the services, timing, reporting."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ("LinkedIn", "X", "Facebook", "Instagram", "Blog", "Newsletter")
AUTHORS = ("Maya Chen", "Jonas Berg", "Ada Obi", "Lena Park")
LEADER_TITLES = (
    "Why {topic} will look different in five years",
    "What we learned from {topic} the hard way",
    "A story about {topic} and the customer who changed our mind",
    "The uncomfortable truth about {topic}",
    "What if {topic} is the wrong goal?",
)
MANAGER_TITLES = (
    "How to set up {topic} in ten minutes",
    "Five tips for better {topic}",
    "{topic}: this month's numbers",
    "Join our live session on {topic}",
    "20 % off {topic} this week",
    "New: {topic} is now available",
)
TOPICS = (
    "content calendars",
    "remote teams",
    "pricing",
    "onboarding",
    "analytics",
    "hiring",
    "product launches",
    "community",
    "customer support",
    "brand voice",
)


@dataclass
class Figure:
    """One line of the benchmark report."""

    name: str
    median_s: float
    spread_s: float  # interquartile range of the measured runs
    baseline_name: str = ""
    baseline_s: float = 0.0
    target: float | None = None  # the ratio must be at most this
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline_s:
            return None
        return self.median_s / self.baseline_s

    @property
    def met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def measure(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and interquartile range in seconds of `repeat` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return summarize(times)


def summarize(times: list[float]) -> tuple[float, float]:
    if len(times) >= 4:
        q = statistics.quantiles(times, n=4)
        return statistics.median(times), q[2] - q[0]
    return statistics.median(times), (max(times) - min(times)) if times else 0.0


def sample_drafts(count: int, *, start: dt.date, days: int, seed: int) -> list[Any]:
    """`count` realistic posts spread over `days` days from `start` (10 % backlog ideas)."""
    from lmplanner.core.domain import LEADER_KINDS, MANAGER_KINDS, Role
    from lmplanner.core.services import PostDraft

    rng = random.Random(seed)
    drafts = []
    for i in range(count):
        leader = rng.random() < 0.38
        role = Role.LEADER if leader else Role.MANAGER
        template = rng.choice(LEADER_TITLES if leader else MANAGER_TITLES)
        title = template.format(topic=rng.choice(TOPICS)).capitalize() + f" #{i}"
        undated = rng.random() < 0.1
        day = None if undated else start + dt.timedelta(days=rng.randrange(days))
        drafts.append(
            PostDraft(
                title=title,
                role=role,
                channel=rng.choice(CHANNELS),
                date=day,
                time=None
                if day is None or rng.random() < 0.2
                else dt.time(rng.randrange(7, 20), rng.choice((0, 15, 30, 45))),
                body=" ".join(rng.choice(TOPICS) for _ in range(rng.randrange(5, 40))),
                kind=rng.choice(LEADER_KINDS if leader else MANAGER_KINDS),
                author=rng.choice(AUTHORS),
            )
        )
    return drafts


def build_plan(path: Path, count: int, *, seed: int = 1) -> Path:
    """A plan of `count` posts: small plans fill this month; large ones span ten years around it."""
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    if path.exists():
        return path
    today = dt.date.today()
    if count <= 500:
        start, days = today.replace(day=1), 28
    else:
        start, days = today.replace(day=1) - dt.timedelta(days=365 * 5), 3650
    with open_plan(path) as plan:
        service = PlanService(plan)
        drafts = sample_drafts(count, start=start, days=days, seed=seed)
        for first in range(0, len(drafts), 10_000):
            service.add_posts(drafts[first : first + 10_000], label="benchmark")
        for name, target in PILLARS:
            service.add_pillar(name, target=target)
    _tie_posts(path)
    return path


# A plan's strategy as the meter meets it: pillars on most posts, follow-ups on some.
PILLARS = (("Craft", 30), ("People", 25), ("Customers", 25), ("Industry", None))


def _tie_posts(path: Path) -> None:
    """Give three in four posts a pillar and one manager post in three the leader post before
    it. Straight SQL: a benchmark's fixture, not a change a person makes. The connection is closed
    here, not left to the garbage collector: while it lives the plan keeps a write-ahead log that
    every app measured afterwards would open and read through (+22 MiB and seconds to attach)."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE post SET pillar_id = id % 4 WHERE id % 4 != 0")
        conn.execute(
            "UPDATE post SET follows_id = (SELECT max(l.id) FROM post AS l "
            "WHERE l.role = 'leader' AND l.id < post.id) WHERE role = 'manager' AND id % 3 = 0"
        )


def run_process(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of a child process; it must exit 0."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(
        args, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}): {err.strip()}")
    return elapsed, int(usage.ru_maxrss)


PYTHON = sys.executable


def fair_plan(large: Path, work: Path) -> tuple[Path, int]:
    """The large plan cut down to the posts of the months the figures show (this month, the
    next, their weeks around and the meter's lead-in): the same chips, none of the plan's size."""
    import contextlib
    import datetime as dt
    import shutil
    import sqlite3

    path = work / f"{large.stem}-fair.lmplan"
    if not path.exists():
        shutil.copyfile(large, path)
        first = dt.date.today().replace(day=1) - dt.timedelta(days=60)
        last = dt.date.today().replace(day=1) + dt.timedelta(days=31 + 31 + 20)
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            kept = "date IS NOT NULL AND date BETWEEN ? AND ?"
            window = (first.isoformat(), last.isoformat())
            conn.execute(
                f"UPDATE post SET follows_id = NULL WHERE follows_id IN "
                f"(SELECT id FROM post WHERE NOT ({kept}))",
                window,
            )
            conn.execute(f"DELETE FROM post WHERE NOT ({kept})", window)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("VACUUM")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        count = conn.execute("SELECT count(*) FROM post").fetchone()[0]
    return path, int(count)
