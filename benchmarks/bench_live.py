"""How soon another member sees a change: the figures the live-update tests no longer time.

Run `python -m benchmarks.bench_live [--repeat N]`. For a plan file, and for a team plan when a
throw-away PostgreSQL server can be started here (tests/pg/pg_cluster.py), one connection adds a
post and another waits for the change (`Plan.wait_for_change`, what the GUI's timer relies on).
The figure is the time from the start of the add to the watcher seeing it; the baseline is the
add itself (so the ratio is at least about 1).
The GUI promises a change shows within 2 s; the ratio is printed next to that budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Figure, summarize

BUDGET_S = 2.0


def seen_after(
    open_watcher: Callable[[], Any], open_editor: Callable[[], Any], n: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median and spread of the add itself and of add → seen by the watcher, over `n` changes."""
    from lmplanner.core.services import PlanService, PostDraft

    adds: list[float] = []
    seen: list[float] = []
    with open_watcher() as watcher, open_editor() as editor:
        service = PlanService(editor)

        def add(index: int, started: list[float]) -> None:
            started.append(time.perf_counter())
            service.add_post(PostDraft(title=f"Live {index}", role="leader", channel="X"))
            adds.append(time.perf_counter() - started[0])

        for i in range(n):
            token = watcher.changes_token()
            started: list[float] = []
            writer = threading.Thread(target=add, args=(i, started))
            writer.start()
            if not watcher.wait_for_change(30.0, since=token):
                raise RuntimeError("no change seen within 30 s")
            noticed = time.perf_counter()
            writer.join()
            seen.append(noticed - started[0])
    return summarize(adds), summarize(seen)


def figure(kind: str, adds: tuple[float, float], seen: tuple[float, float]) -> Figure:
    return Figure(
        name=f"live: change seen by another member ({kind})",
        median_s=seen[0],
        spread_s=seen[1],
        baseline_name="the add itself",
        baseline_s=adds[0],
        note=f"budget {BUDGET_S:g} s: {seen[0] / BUDGET_S:.2f}× of it",
    )


def plan_file_figure(folder: Path, n: int) -> Figure:
    from lmplanner.core.store import open_plan

    path = folder / "live.lmplan"
    open_plan(path).close()
    adds, seen = seen_after(lambda: open_plan(path), lambda: open_plan(path), n)
    return figure("plan file", adds, seen)


def team_plan_figure(n: int) -> Figure | None:
    sys.path.insert(0, str(ROOT / "tests" / "pg"))
    from pg_cluster import ClusterUnavailable, start_cluster  # type: ignore[import-not-found]

    from lmplanner.core.store import open_plan

    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        print(f"team plan skipped: {exc}", file=sys.stderr)
        return None
    try:
        database = cluster.create_database()
        url = cluster.url(database)
        open_plan(url).close()
        adds, seen = seen_after(lambda: open_plan(url), lambda: open_plan(url), n)
        return figure("team plan", adds, seen)
    finally:
        cluster.stop()


def main(argv: list[str] | None = None) -> int:
    from benchmarks.__main__ import print_table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_live", description=__doc__)
    parser.add_argument("--repeat", type=int, default=10, help="changes timed per plan kind")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lmbench-live-") as folder:
        # Backups and logs go to the temporary folder, not the user's data folder.
        os.environ.setdefault("LMPLANNER_DATA_DIR", str(Path(folder) / "data"))
        figures = [plan_file_figure(Path(folder), args.repeat)]
        team = team_plan_figure(args.repeat)
    if team is not None:
        figures.append(team)
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
