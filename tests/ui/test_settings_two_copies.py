"""Two copies of the app open at once: what the later one saves is what the next start finds,
even where it saves a value the other copy changed after it read its settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app_support import ScriptedPrompter
from planning_support import close_window, open_window
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from lmplanner.ui import state


def other_copy_saves(path: Path, script: str) -> None:
    """Another process of the app writes the same settings file (in this process QSettings
    would share one in-memory copy of it, which hides the stale read)."""
    prelude = (
        "from PySide6.QtCore import QSettings\n"
        "from lmplanner.ui import state\n"
        f"s = QSettings({str(path)!r}, QSettings.Format.IniFormat)\n"
    )
    subprocess.run([sys.executable, "-c", prelude + script + "\ns.sync()\n"], check=True)


def on_disk(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_a_view_saved_after_the_other_copy_quit_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "lmplanner-ui.ini"
    mine = QSettings(str(path), QSettings.Format.IniFormat)
    state.put(mine, state.VIEW, "month")
    mine.sync()
    other_copy_saves(path, "s.setValue('window/view', 'week')")
    # This copy quits last, still in the month view: one fresh read, then the keys it saves.
    state.fresh(mine)
    state.put(mine, state.VIEW, "month")
    mine.sync()
    assert on_disk(path).value(state.VIEW) == "month"


def test_the_window_closed_last_saves_its_view(
    qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter
) -> None:
    win = open_window(qtbot, plan_path, prompter)
    path = Path(win.settings.fileName())
    view = win.view_mode()
    win.save_window_state()  # what this copy knows of the file: its own view
    other = "week" if view != "week" else "month"
    other_copy_saves(path, f"s.setValue({state.VIEW!r}, {other!r})")
    close_window(win)
    win.close()  # this copy quits last, in the view it was in
    assert on_disk(path).value(state.VIEW) == view


def test_the_plan_opened_last_is_the_one_opened_next_time(tmp_path: Path) -> None:
    path = tmp_path / "lmplanner-ui.ini"
    mine = QSettings(str(path), QSettings.Format.IniFormat)
    state.remember_plan(mine, "/p/one.lmplan")
    mine.sync()
    other_copy_saves(path, "state.remember_plan(s, '/p/two.lmplan')")
    state.remember_plan(mine, "/p/one.lmplan")
    mine.sync()
    saved = on_disk(path)
    assert saved.value(state.LAST_PLAN) == "/p/one.lmplan"
    assert state.recent_plans(saved) == ["/p/one.lmplan", "/p/two.lmplan"]


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lmplanner-ui.ini"
    mine = QSettings(str(path), QSettings.Format.IniFormat)
    state.remember_plan(mine, "/p/one.lmplan")
    state.put(mine, state.VIEW, "week")
    mine.sync()
    written = path.stat().st_ino, path.stat().st_mtime_ns  # a save replaces the file
    state.fresh(mine)
    state.remember_plan(mine, "/p/one.lmplan")
    state.put(mine, state.VIEW, "week")
    mine.sync()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == written
