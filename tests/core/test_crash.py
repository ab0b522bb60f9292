"""Crash safety: a process killed in the middle of a multi-post change leaves all or none of it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lmplanner.core.services.rows import WRITING_MARK_ENV
from tests.reliability_helpers import integrity_and_count, lmplanner, wait_until

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

BULK_SCRIPT = """
import sys
from lmplanner.core.store import open_plan
from lmplanner.core.services import PlanService, PostDraft
plan = open_plan(sys.argv[1])
service = PlanService(plan)
drafts = [PostDraft(title=f"Bulk post {i}", role="manager" if i % 3 else "leader",
                    channel=("LinkedIn", "X", "Blog")[i % 3]) for i in range(int(sys.argv[2]))]
print("start", flush=True)
service.add_posts(drafts, label="bulk")
print("done", flush=True)
"""


def write_csv(path: Path, records: int) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "time", "channel", "role", "title"])
        for i in range(records):
            day = f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}"
            writer.writerow(
                [
                    day,
                    "09:30",
                    ("LinkedIn", "X", "Blog")[i % 3],
                    "leader" if i % 3 == 0 else "manager",
                    f"Imported post {i}",
                ]
            )
    return path


@pytest.mark.slow
def test_fault_injected_kill_mid_20000_record_import(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    assert (
        lmplanner(
            "--db", str(plan), "add", "--title", "Keep", "--role", "L", "--channel", "X"
        ).returncode
        == 0
    )
    source = write_csv(tmp_path / "big.csv", 20_000)
    killed = lmplanner(
        "--db", str(plan), "import", str(source), env={"LMPLANNER_FAULT_KILL_AFTER_ROWS": "12000"}
    )
    assert killed.returncode == -signal.SIGKILL
    assert integrity_and_count(plan) == ("ok", 1)
    done = lmplanner("--db", str(plan), "import", str(source))
    assert done.returncode == 0, done.stderr
    assert integrity_and_count(plan) == ("ok", 20_001)


@pytest.mark.slow
def test_real_timed_sigkill_of_an_import(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    assert lmplanner("--db", str(plan), "list").returncode == 0
    source = write_csv(tmp_path / "big.csv", 20_000)
    writing = tmp_path / "writing"
    process = subprocess.Popen(
        [sys.executable, "-m", "lmplanner", "--db", str(plan), "import", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, WRITING_MARK_ENV: str(writing)},
    )
    # Kill once the rows are being written (the fault hook marks the first one), not after a
    # guess at how long start-up and parsing take.
    wait_until(lambda: writing.exists() or process.poll() is not None, 120, "import writing")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    check, count = integrity_and_count(plan)
    assert check == "ok"
    assert count in (0, 20_000)


def test_fault_injected_kill_mid_multi_post_change(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    assert (
        lmplanner(
            "--db", str(plan), "add", "--title", "Keep", "--role", "L", "--channel", "X"
        ).returncode
        == 0
    )
    killed = lmplanner(
        "--db",
        str(plan),
        "demo",
        "--month",
        "2026-11",
        env={"LMPLANNER_FAULT_KILL_AFTER_ROWS": "12"},
    )
    assert killed.returncode == -signal.SIGKILL
    check, count = integrity_and_count(plan)
    assert check == "ok"
    assert count == 1  # none of the sample month, the earlier post intact
    again = lmplanner("--db", str(plan), "demo", "--month", "2026-11")
    assert again.returncode == 0, again.stderr
    assert integrity_and_count(plan)[1] > 20


@pytest.mark.slow
def test_fault_injected_kill_mid_20000_post_change(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    assert lmplanner("--db", str(plan), "list").returncode == 0
    result = subprocess.run(
        [sys.executable, "-c", BULK_SCRIPT, str(plan), "20000"],
        env={**os.environ, "LMPLANNER_FAULT_KILL_AFTER_ROWS": "15000"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == -signal.SIGKILL
    assert integrity_and_count(plan) == ("ok", 0)


@pytest.mark.slow
def test_real_timed_sigkill_leaves_all_or_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    assert lmplanner("--db", str(plan), "list").returncode == 0
    rng = random.Random(7)
    outcomes = []
    for attempt in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", BULK_SCRIPT, str(plan), "20000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "start"
        # real time: the test is a kill at a random moment of the change, so it waits on the clock.
        time.sleep(rng.uniform(0.05, 0.6) * (attempt + 1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        check, count = integrity_and_count(plan)
        assert check == "ok"
        assert count % 20000 == 0, f"partial change: {count} posts"
        outcomes.append(count)
    assert outcomes == sorted(outcomes)
