"""`python -m benchmarks --quick` runs and prints every figure: a check that the benchmarks work,
never of how fast anything is (ratios are not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GUI_FIGURES = (
    "start-up (a): first paint of the main window",
    "start-up (b): populated month",
    "interactive: PgDn handled and painted",
    "quit with the",
    "memory, ",
    "month switch (PgDn until repainted)",
    "GUI meter recompute after one edit",
    "agenda open, whole plan",
    "agenda sort by title, whole plan",
    "agenda search text, whole plan",
)
CORE_FIGURES = (
    "meter recompute after one edit",
    "CSV import of",
    "CSV import, whole process, marginal",
    "JSON restore of",
    "bulk role change of",
    "Daily series over",
    "ICS import of",
)
REPORT_FIGURES = ("report: a year of",)
FIGURES = GUI_FIGURES + CORE_FIGURES + REPORT_FIGURES


def run_benchmarks(*args: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list]:
    out = tmp_path / "figures.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LMPLANNER_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", *args, "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    figures = json.loads(out.read_text()) if out.exists() else []
    return result, figures


@pytest.mark.slow
def test_the_quick_benchmark_command_prints_every_figure(tmp_path: Path) -> None:
    result, figures = run_benchmarks(tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    for name in FIGURES:
        assert any(line.startswith(name) for line in lines), (name, result.stdout)
    assert len(figures) == len(FIGURES)
    for figure in figures:
        assert figure["median_s"] > 0 and figure["baseline_s"] > 0, figure
        assert figure["target"] is not None and figure["ratio"] is not None, figure
