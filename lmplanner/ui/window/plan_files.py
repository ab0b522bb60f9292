"""File > New plan, Open plan, Open recent, Save a copy, Import, Export, the report, Restore from
backup, View > Trash, and what to offer when a plan file will not open."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMenu, QWidget

from lmplanner.core import paths
from lmplanner.core.balance import Period
from lmplanner.core.errors import PlannerError
from lmplanner.ui import state
from lmplanner.ui.dialogs.common import with_suffix

if TYPE_CHECKING:
    from lmplanner.ui.session import PlanSession

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PlanFiles(QObject):
    """The window's plan-file commands; opening itself is `PlanSession.open_plan_at`."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        *,
        recent_menu: QMenu,
        current_period: Callable[[], Period],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.recent_menu = recent_menu
        self.current_period = current_period  # the period the window shows, for export's choice

    def open_plan(self) -> None:
        folder = (
            str(self.session.document.plan.path.parent)
            if self.session.document and self.session.document.plan.path
            else str(paths.data_dir())
        )
        path = self.session.prompter.open_plan_path(self.parent_widget, folder)
        if path:
            self.session.open_plan_at(path)

    def new_plan(self) -> None:
        path = self.session.prompter.save_plan_path(
            self.parent_widget, tr("New plan"), str(paths.data_dir())
        )
        if not path:
            return
        target = with_suffix(path, paths.PLAN_SUFFIX)
        if target.exists():
            self.session.prompter.error(
                self.parent_widget,
                tr("Cannot create the plan"),
                tr(
                    "There is already a file at {path}. Choose a new name: LM Planner never "
                    "replaces a file with a new plan."
                ).format(path=target),
            )
            return
        name = self.session.prompter.plan_name(self.parent_widget, target.stem)
        if name is None:
            return
        from lmplanner.core.store import create_plan

        try:
            create_plan(target, name=name)
        except (PlannerError, OSError) as error:
            self.session.prompter.error(
                self.parent_widget, tr("Cannot create the plan"), str(error)
            )
            return
        self.session.open_plan_at(target)

    def save_copy(self) -> None:
        """Copy the open plan with SQLite's online backup: consistent, and this plan stays open."""
        if self.session.document is None or self.session.document.plan.path is None:
            return
        source = self.session.document.plan.path
        suggested = str(source.with_name(f"{source.stem} copy{paths.PLAN_SUFFIX}"))
        path = self.session.prompter.save_plan_path(
            self.parent_widget, tr("Save a copy as"), suggested
        )
        if not path:
            return
        target = with_suffix(path, paths.PLAN_SUFFIX)
        if target.resolve() == source.resolve():
            self.session.prompter.error(
                self.parent_widget,
                tr("Cannot save the copy"),
                tr("Choose another file than the plan itself."),
            )
            return
        from lmplanner.core.store import sqlite_file

        try:
            sqlite_file.backup_to(source, target)
        except Exception as error:
            log.exception("Copying %s to %s failed", source, target)
            self.session.prompter.error(
                self.parent_widget, tr("Cannot save the copy"), f"{target}: {error}"
            )
            return
        self.session.message.emit(tr("Saved a copy to {path}").format(path=target), 8000)

    # ---------------------------------------------------------- import, export, report, trash
    def import_posts(self) -> None:
        from lmplanner.ui.dialogs.import_dialog import open_import_dialog

        if self.session.document is not None:
            open_import_dialog(self.parent_widget, self.session.document)

    def import_results(self) -> None:
        from lmplanner.ui.dialogs.results_import import open_results_import

        if self.session.document is not None:
            open_results_import(self.parent_widget, self.session.document)

    def export_posts(self) -> None:
        from lmplanner.ui.dialogs.export_dialog import (
            open_export_dialog,
        )

        if self.session.document is not None:
            open_export_dialog(
                self.parent_widget, self.session.document, visible_period=self.current_period()
            )

    def export_report(self, *, printing: bool = False) -> None:
        from lmplanner.ui.dialogs.report_dialog import open_print_report_dialog, open_report_dialog

        if self.session.document is None:
            return
        show = open_print_report_dialog if printing else open_report_dialog
        show(
            self.parent_widget,
            self.session.document,
            visible_period=self.current_period(),
            post_filter=self.session.post_filter,
        )

    def restore_backup(self) -> None:
        from lmplanner.ui.dialogs.backup_dialog import open_restore_dialog

        if self.session.document is not None:
            open_restore_dialog(
                self.parent_widget, self.session.document, self.session.open_plan_at
            )

    def show_trash(self) -> None:
        from lmplanner.ui.dialogs.trash_dialog import open_trash_dialog

        if self.session.document is not None:
            open_trash_dialog(self.parent_widget, self.session.document)

    def show_history(self, post_id: int | None = None) -> None:
        """One post's history (with `post_id`), else the plan's."""
        from lmplanner.core.errors import NotFoundError
        from lmplanner.ui.dialogs.history_dialog import open_history_dialog

        document = self.session.document
        if document is None:
            return
        title = ""
        if post_id is not None:
            try:
                title = document.service.post(post_id, include_deleted=True).title
            except NotFoundError:
                return
        open_history_dialog(self.parent_widget, document, post_id=post_id, post_title=title)

    def show_signoffs(self) -> None:
        from lmplanner.ui.dialogs.signoff_dialog import open_signoff_dialog

        if self.session.document is not None:
            period = self.current_period()
            month = Period.month(period.start.year, period.start.month)
            open_signoff_dialog(self.parent_widget, self.session.document, month)

    def fill_recent_menu(self) -> None:
        session, parent = self.session, self.parent_widget
        menu = self.recent_menu
        menu.clear()
        from lmplanner.core.paths import is_database_url
        from lmplanner.core.store.postgres.url import url_without_password
        from lmplanner.ui.team import describe_location, reopen_team_plan

        current = ""
        if self.session.document is not None:
            plan = self.session.document.plan
            current = str(plan.path) if plan.path else url_without_password(plan.location)
        recent = [
            p
            for p in state.recent_plans(self.session.settings)
            if is_database_url(p) or Path(p).exists()
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
                    lambda _=False, loc=location: reopen_team_plan(parent, loc, session.adopt_plan)
                )
            else:
                action.triggered.connect(lambda _=False, loc=location: session.open_plan_at(loc))
        if not recent:
            menu.addAction(tr("No recent plans")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(tr("Clear the list"), lambda: state.forget_recent(self.session.settings))
