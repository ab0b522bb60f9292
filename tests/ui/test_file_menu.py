"""The File and View entries that open the import, export, report, backup and trash dialogs, and
the ways out offered when File > Open hits a plan that will not open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_support import ScriptedPrompter, close_message_boxes, message_boxes
from planning_support import add_posts, close_window, draft, open_window
from PySide6.QtWidgets import QApplication, QDialog, QMenu
from pytestqt.qtbot import QtBot

from lmplanner.core import paths
from lmplanner.core.errors import PlanFileError
from lmplanner.core.store import open_plan, sqlite_file
from lmplanner.ui.dialogs.backup_dialog import RestoreBackupDialog
from lmplanner.ui.dialogs.export_dialog import (
    ExportDialog,
)
from lmplanner.ui.dialogs.import_dialog import ImportDialog
from lmplanner.ui.dialogs.report_dialog import PRINT, ReportDialog
from lmplanner.ui.dialogs.trash_dialog import TrashDialog
from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, prompter)
    yield window
    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()
    close_window(window)


def shown(win: MainWindow, kind: type[QDialog]) -> Any:
    found = [d for d in win.findChildren(kind) if d.isVisible()]
    assert len(found) == 1, (kind, found)
    return found[0]


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_file_and_view_menus_open_the_dialogs(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_posts(win, draft("In the plan"))
    a = win.commands
    assert {"Import…", "Export…", "Export report…", "Print report…", "Restore from backup…"} <= set(
        menu_texts(a.file_menu)
    )
    assert "Trash" in menu_texts(a.view_menu) and "Plan settings…" in menu_texts(a.file_menu)

    a.export_posts.trigger()
    export = shown(win, ExportDialog)
    export.reject()
    a.export_report.trigger()
    report = shown(win, ReportDialog)
    assert report.mode != PRINT
    report.reject()
    a.print_report.trigger()
    assert shown(win, ReportDialog).mode == PRINT
    shown(win, ReportDialog).reject()
    a.restore_backup.trigger()
    shown(win, RestoreBackupDialog).reject()
    a.trash.trigger()
    trash = shown(win, TrashDialog)
    trash.close()

    csv = tmp_path / "posts.csv"
    csv.write_text("title,role,channel,date\nFrom a file,leader,LinkedIn,2026-03-12\n")
    asked: list[str] = []

    def choose(*args: Any) -> str | None:
        asked.append(str(args[1]))
        return str(csv) if len(asked) > 1 else None

    monkeypatch.setattr("lmplanner.ui.dialogs.import_dialog.ask_open_path", choose)
    a.import_posts.trigger()  # cancelled in the file question: nothing opens
    assert not [d for d in win.findChildren(ImportDialog) if d.isVisible()]
    a.import_posts.trigger()
    shown(win, ImportDialog).reject()
    assert len(asked) == 2
    QApplication.processEvents()


def damaged_plan_with_backup(path: Path) -> None:
    with open_plan(path) as plan:
        uuid = plan.uuid
    sqlite_file.backup_to(path, paths.backups_dir(uuid) / "daily-2026-03-10.lmplan")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def test_a_damaged_plan_offers_its_backup_on_open(
    qtbot: QtBot, win: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.lmplan"
    damaged_plan_with_backup(damaged)
    before = damaged.read_bytes()
    current = win.document

    prompter.open_paths.append(str(damaged))
    win.commands.open_plan.trigger()  # cancel: nothing happens, the file is untouched
    assert [p for p, _ in prompter.recoveries] == [damaged]
    assert win.document is current and damaged.read_bytes() == before
    assert not message_boxes()

    prompter.open_paths.append(str(damaged))
    prompter.recovery_choices.append("restore")
    win.commands.open_plan.trigger()
    dialog = shown(win, RestoreBackupDialog)
    assert dialog.backups and damaged.read_bytes() == before
    dialog.reject()


def test_a_plan_that_only_opens_read_only_can_be_opened_read_only(
    qtbot: QtBot,
    win: MainWindow,
    prompter: ScriptedPrompter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "other.lmplan"
    with open_plan(other) as plan:
        from lmplanner.core.services import PlanService, PostDraft

        PlanService(plan).add_post(PostDraft("Readable", "leader", "Blog", dt.date(2026, 3, 2)))
    from lmplanner.core import store

    real = store.open_plan

    def refuse_writing(location: Any, **options: Any) -> Any:
        if not options.get("readonly"):
            raise PlanFileError("pretend the plan cannot be opened for writing")
        return real(location, **options)

    monkeypatch.setattr(store, "open_plan", refuse_writing)
    prompter.open_paths.append(str(other))
    prompter.recovery_choices.append("read-only")
    win.commands.open_plan.trigger()
    assert prompter.recoveries[-1][1] == "pretend the plan cannot be opened for writing"
    assert win.document is not None and win.document.readonly
    assert [p.title for p in win.service.posts()] == ["Readable"]
    assert not win.commands.new_post.isEnabled()
    close_message_boxes()


def test_every_menu_has_unique_alt_letters(win: MainWindow) -> None:
    import re

    def letter(text: str) -> str | None:
        found = re.search(r"&([^&\s])", text)
        return found.group(1).lower() if found else None

    def check(menu: QMenu) -> None:
        letters = [letter(a.text()) for a in menu.actions() if not a.isSeparator()]
        letters = [x for x in letters if x]
        assert len(letters) == len(set(letters)), (menu.title(), sorted(letters))
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                check(sub)

    bar = win.menuBar()
    for action in bar.actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        check(menu)
    # The menu bar's letters and the filter bar's buttons share the window.
    window_letters = [letter(a.text()) for a in bar.actions()]
    window_letters += [letter(b.text()) for b in win.filter_bar.buttons.values()]
    window_letters.append(letter(win.agenda.whole_plan.text()))
    assert len(window_letters) == len(set(window_letters)), sorted(map(str, window_letters))


def test_connect_to_team_plan_and_recent_team_plans(qtbot: QtBot, win: MainWindow) -> None:
    from lmplanner.ui import state
    from lmplanner.ui.team.dialog import TeamPlanDialog

    assert "Connect to team plan…" in menu_texts(win.commands.file_menu)
    url = "postgresql+psycopg://ana@db.example.org:5432/team_plan"
    state.remember_plan(win.settings, url)
    win.plan_files.fill_recent_menu()
    labels = menu_texts(win.commands.recent_menu)
    assert any("team_plan on db.example.org:5432" in label for label in labels), labels
    win.commands.connect_team.trigger()
    dialog = shown(win, TeamPlanDialog)
    # The fields start from the team plan used last; no password anywhere.
    assert dialog.host_edit.text() == "db.example.org"
    assert dialog.database_edit.text() == "team_plan"
    assert dialog.user_edit.text() == "ana"
    assert dialog.password_edit.text() == ""
    dialog.reject()
