"""File > New plan, Open plan, Open recent, Save a copy, Import, Export, the report, Restore from
backup, View > Trash, and what to offer when a plan file will not open."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from lmplanner.core import paths
from lmplanner.core.errors import PlanFileError, PlannerError
from lmplanner.ui import state
from lmplanner.ui.dialogs.common import with_suffix

if TYPE_CHECKING:
    from lmplanner.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PlanFiles(QObject):
    """The window's plan-file commands; opening itself is `MainWindow.open_plan_at`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def open_plan(self) -> None:
        w = self.window
        folder = (
            str(w.document.plan.path.parent)
            if w.document and w.document.plan.path
            else str(paths.data_dir())
        )
        path = w.prompter.open_plan_path(w, folder)
        if path:
            w.open_plan_at(path)

    def new_plan(self) -> None:
        w = self.window
        path = w.prompter.save_plan_path(w, tr("New plan"), str(paths.data_dir()))
        if not path:
            return
        target = with_suffix(path, paths.PLAN_SUFFIX)
        if target.exists():
            w.prompter.error(
                w,
                tr("Cannot create the plan"),
                tr(
                    "There is already a file at {path}. Choose a new name: LM Planner never "
                    "replaces a file with a new plan."
                ).format(path=target),
            )
            return
        from lmplanner.core.store import create_plan

        try:
            create_plan(target, name=target.stem)
        except (PlannerError, OSError) as error:
            w.prompter.error(w, tr("Cannot create the plan"), str(error))
            return
        w.open_plan_at(target)

    def save_copy(self) -> None:
        """Copy the open plan with SQLite's online backup: consistent, and this plan stays open."""
        w = self.window
        if w.document is None or w.document.plan.path is None:
            return
        source = w.document.plan.path
        suggested = str(source.with_name(f"{source.stem} copy{paths.PLAN_SUFFIX}"))
        path = w.prompter.save_plan_path(w, tr("Save a copy as"), suggested)
        if not path:
            return
        target = with_suffix(path, paths.PLAN_SUFFIX)
        if target.resolve() == source.resolve():
            w.prompter.error(
                w, tr("Cannot save the copy"), tr("Choose another file than the plan itself.")
            )
            return
        from lmplanner.core.store import sqlite_file

        try:
            sqlite_file.backup_to(source, target)
        except Exception as error:
            log.exception("Copying %s to %s failed", source, target)
            w.prompter.error(w, tr("Cannot save the copy"), f"{target}: {error}")
            return
        w.statusBar().showMessage(tr("Saved a copy to {path}").format(path=target), 8000)

    def cannot_open(self, location: str, error: PlanFileError) -> bool:
        """A plan that will not open: the reason, and the ways out that work (open read-only,
        restore from a backup); a file that is not a plan gets the reason alone."""
        from lmplanner.ui.dialogs.backup_dialog import (
            READ_ONLY,
            RESTORE,
            open_restore_dialog_for_file,
            recovery_options,
        )

        w = self.window
        path = Path(location)
        options = None if paths.is_database_url(location) else recovery_options(path, error)
        if options is None or not (options.can_read or options.backups):
            w.prompter.error(w, tr("Cannot open this plan"), str(error))
            return False
        choice = w.prompter.offer_recovery(w, path, error)
        if choice == READ_ONLY:
            return w.open_plan_at(location, readonly=True)
        if choice == RESTORE:
            open_restore_dialog_for_file(w, path, w.open_plan_at)
        return False

    # ---------------------------------------------------------- import, export, report, trash
    def import_posts(self) -> None:
        from lmplanner.ui.dialogs.import_dialog import open_import_dialog

        if self.window.document is not None:
            open_import_dialog(self.window, self.window.document)

    def export_posts(self) -> None:
        from lmplanner.ui.dialogs.export_dialog import (
            open_export_dialog,
        )

        w = self.window
        if w.document is not None:
            open_export_dialog(w, w.document, visible_period=w.current_period())

    def export_report(self, *, printing: bool = False) -> None:
        from lmplanner.ui.dialogs.report_dialog import open_print_report_dialog, open_report_dialog

        w = self.window
        if w.document is None:
            return
        show = open_print_report_dialog if printing else open_report_dialog
        show(w, w.document, visible_period=w.current_period(), post_filter=w.post_filter)

    def restore_backup(self) -> None:
        from lmplanner.ui.dialogs.backup_dialog import open_restore_dialog

        w = self.window
        if w.document is not None:
            open_restore_dialog(w, w.document, w.open_plan_at)

    def show_trash(self) -> None:
        from lmplanner.ui.dialogs.trash_view import open_trash_view

        if self.window.document is not None:
            open_trash_view(self.window, self.window.document)

    def fill_recent_menu(self) -> None:
        w = self.window
        menu = w.commands.recent_menu
        menu.clear()
        from lmplanner.core.paths import is_database_url
        from lmplanner.core.store.postgres.url import url_without_password
        from lmplanner.ui.team import describe_location, reopen_team_plan

        current = ""
        if w.document is not None:
            plan = w.document.plan
            current = str(plan.path) if plan.path else url_without_password(plan.location)
        recent = [
            p for p in state.recent_plans(w.settings) if is_database_url(p) or Path(p).exists()
        ]
        for number, location in enumerate(recent, start=1):
            team = is_database_url(location)
            name = describe_location(location) if team else Path(location).name
            label = f"&{number} {name}" if number < 10 else name
            action = menu.addAction(label)
            action.setToolTip(location)
            action.setStatusTip(location)
            action.setEnabled(location != current)
            if team:
                action.triggered.connect(
                    lambda _=False, loc=location: reopen_team_plan(w, loc, w.adopt_plan)
                )
            else:
                action.triggered.connect(lambda _=False, loc=location: w.open_plan_at(loc))
        if not recent:
            menu.addAction(tr("No recent plans")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(tr("Clear the list"), lambda: state.forget_recent(w.settings))
