"""The app as a process of its own, as people start it: a demo plan file to open, and one run
of the app on it that quits at a chosen point (LMPLANNER_EXIT_AFTER_PAINT)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path


def demo_plan_file(path: Path) -> Path:
    """A plan file at `path` holding the demo plan of the current month."""
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    with open_plan(path) as opened:
        today = dt.date.today()
        create_demo(PlanService(opened), today.year, today.month)
    return path


def run_app(
    code: str, plan: Path, data_dir: Path, *, exit_after: str
) -> subprocess.CompletedProcess[str]:
    """Run `code` (which starts the app on sys.argv[1]) offscreen on `plan`, quitting at
    `exit_after` ("1": the first populated paint, "loaded": the plan attached)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LMPLANNER_EXIT_AFTER_PAINT": exit_after,
        "LMPLANNER_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-c", code, str(plan)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
