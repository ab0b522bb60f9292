"""Start-up as a process, as people start it: the exit-after-paint modes the smoke tests and
benchmarks use, what the first paint imports and makes, and no display said in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lmplanner.ui.startup import EXIT_AFTER_PAINT_ENV


def run_app(plan: Path, data_dir: Path, mode: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, EXIT_AFTER_PAINT_ENV: mode, "LMPLANNER_DATA_DIR": str(data_dir)}
    code = "import sys; from lmplanner.ui.app import run; sys.exit(run(sys.argv[1]))"
    return subprocess.run(
        [sys.executable, *flags, "-c", code, str(plan)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def noise(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if line.strip()
        and "does not support propagateSizeHints" not in line
        and not line.startswith("import time:")
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11/Wayland check")
def test_no_display_says_so_instead_of_a_qt_abort(data_dir: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["LMPLANNER_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "lmplanner", "--db", str(tmp_path / "p.lmplan"), "gui"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.splitlines() == [
        "lmplanner: no display found (DISPLAY is not set); the command line works without one: "
        "lmplanner --help"
    ]
    assert not (tmp_path / "p.lmplan").exists()


def test_exit_after_paint_modes(demo_plan: Path, data_dir: Path) -> None:
    # "1": quits after the month painted from the snapshot, before SQLAlchemy was even imported.
    result = run_app(demo_plan, data_dir, "1", "-X", "importtime")
    assert result.returncode == 0 and noise(result) == [], result.stderr[-2000:]
    assert "sqlalchemy" not in result.stderr and "lmplanner.core.store.snapshot" in result.stderr
    assert "lmplanner.ui.meter.results_view" not in result.stderr  # made once the plan attaches
    # "window": the bare main window, before any plan is read.
    result = run_app(demo_plan, data_dir, "window", "-X", "importtime")
    assert result.returncode == 0 and noise(result) == []
    assert "lmplanner.core.store.snapshot" not in result.stderr
    # Made when first used, not for the first paint: the meter's Results tab, the review panels.
    for later in ("lmplanner.ui.meter.results_view", "lmplanner.ui.review.comment_panel"):
        assert later not in result.stderr
    # Nor the balance analysis (its report, rules and clash checks): no meter is worked out yet.
    assert "lmplanner.core.balance.words" in result.stderr
    for later in ("lmplanner.core.balance.report", "lmplanner.core.balance.engine"):
        assert later not in result.stderr
    # "loaded": once the data layer has attached.
    result = run_app(demo_plan, data_dir, "loaded", "-X", "importtime")
    assert result.returncode == 0 and noise(result) == []
    assert "sqlalchemy" in result.stderr
    # "interactive": PgDn pressed at the first paint, quit once the next month is painted.
    result = run_app(demo_plan, data_dir, "interactive")
    assert result.returncode == 0 and noise(result) == [], result.stderr[-2000:]


def test_the_entry_module_imports_no_qt_before_run_pauses_the_collector() -> None:
    """run() pauses the collector before PySide6 and the window's modules are imported; that only
    helps while importing lmplanner.ui.app itself brings no Qt in."""
    code = (
        "import sys, lmplanner.ui.app; "
        "print(','.join(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


# Which PySide6 types the process made (PySide6 makes a type, and every enum of it, the first
# time it is named: its module's namespace holds it from then on), written as the app ends.
MADE_TYPES_HOOK = """\
import os, sys
_end = os._exit
def _said(code):
    from PySide6 import QtWidgets
    made = [name for name in vars(QtWidgets) if name.startswith("Q")]
    sys.stderr.write("MADE-TYPES " + " ".join(made) + "\\n")
    _end(code)
os._exit = _said
"""


def test_the_first_window_paint_makes_no_item_view_style_types(
    demo_plan: Path, data_dir: Path
) -> None:
    # The flags' and the tables' delegates name the style option types (and QStyle's paint
    # enums) only when they paint a row: the empty window's first paint draws none.
    env = {**os.environ, EXIT_AFTER_PAINT_ENV: "window", "LMPLANNER_DATA_DIR": str(data_dir)}
    code = MADE_TYPES_HOOK + "from lmplanner.ui.app import run; sys.exit(run(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(demo_plan)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("MADE-TYPES "))
    made = set(line.split()[1:])
    assert {"QMainWindow", "QStyledItemDelegate"} <= made  # the hook sees what was made
    assert not made & {
        "QStyle",
        "QStyleOption",
        "QStyleOptionViewItem",
        "QMessageBox",
        "QFileDialog",
    }
