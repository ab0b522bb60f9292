"""The application as a process and its bindings: it starts on a plan and quits after painting,
imports nothing slow before the window shows, and never wears out None or True."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app_process import demo_plan_file, run_app
from app_support import write_foreign_files
from pytestqt.qtbot import QtBot

RUN = "import sys; from lmplanner.ui.app import run; sys.exit(run(sys.argv[1]))"


def test_the_app_starts_on_a_demo_plan_and_quits_after_painting(
    tmp_path: Path, data_dir: Path
) -> None:
    from lmplanner.ui import state

    plan = demo_plan_file(tmp_path / "demo.lmplan")
    result = run_app(RUN, plan, data_dir, exit_after="1")
    assert result.returncode == 0, result.stderr
    noise = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and "does not support propagateSizeHints" not in line
    ]
    assert noise == []  # no Qt warnings, no tracebacks
    assert state.ui_settings().value(state.LAST_PLAN) == str(plan)
    # A foreign file given on the command line: exit code 1 and the file untouched.
    foreign = write_foreign_files(tmp_path / "foreign")["noise"]
    before = foreign.read_bytes()
    result = run_app(RUN, foreign, data_dir, exit_after="1")
    assert result.returncode == 1 and "could not open" in result.stderr
    assert foreign.read_bytes() == before


def test_nothing_slow_is_imported_before_the_window_shows() -> None:
    code = (
        "import sys, lmplanner.ui.app, lmplanner.ui.window.main_window; "
        "print(','.join(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'lmplanner.core.store',"
        " 'reportlab', 'pypdfium2', 'PySide6.QtPrintSupport', 'lmplanner.core.services')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


def test_void_calls_and_signals_do_not_wear_out_none_or_true(qtbot: QtBot) -> None:
    """Guards against a binding that loses references to None/True (PySide6 6.12.0 does, and on
    Python 3.11 that aborts the interpreter with "deallocating None"; see ui/compat.py)."""
    from lmplanner.ui.meter.meter import MeterPanel

    panel = MeterPanel()
    qtbot.addWidget(panel)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2_000):
        panel.update()
    for _ in range(200):
        panel.flagActivated.emit(None)
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100
