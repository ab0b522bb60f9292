"""The plan session: the open plan (its document), opening and switching plans, the prompter and
the post filter. Views, docks and dialogs take the session (or just what they need from it), never
the main window."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QWidget

from lmplanner.core.errors import PlanFileError
from lmplanner.core.paths import is_database_url
from lmplanner.ui import state

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService, PostFilter
    from lmplanner.core.store import Plan
    from lmplanner.ui.dialogs.prompter import Prompter
    from lmplanner.ui.document import PlanDocument

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PlanSession(QObject):
    """One open plan at a time, and the look at it every view shares (the post filter)."""

    documentChanged = Signal(object)  # the new PlanDocument (or None)
    refreshed = Signal()  # views and meter show the plan as it is now
    message = Signal(str, int)  # a status-bar line and how long it stays (ms, 0: until replaced)
    actorChanged = Signal()  # the name chosen in Preferences changed

    def __init__(
        self, parent: QWidget, *, prompter: Prompter, settings: QSettings, undo_group: QUndoGroup
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent  # what dialogs about the plan are window-modal to
        self.prompter = prompter
        self.settings = settings
        self.undo_group = undo_group
        self.document: PlanDocument | None = None
        self.post_filter: PostFilter | None = None  # the filter bar's, for every view
        # While a start-up snapshot stands in for the document: why the plan is read-only ("" when
        # it is not), so actions look as they will; None otherwise.
        self.snapshot_reason: str | None = None

    @property
    def service(self) -> PlanService | None:
        return self.document.service if self.document else None

    @property
    def readonly(self) -> bool:
        """No plan, or one that cannot be changed."""
        return self.document is None or self.document.readonly

    @property
    def shown(self) -> bool:
        """A plan is on screen: its document, or a start-up snapshot standing in for it."""
        return self.document is not None or self.snapshot_reason is not None

    @property
    def will_write(self) -> bool:
        """What is shown can be changed (a snapshot's plan once its document attaches)."""
        if self.document is None:
            return self.snapshot_reason == ""
        return not self.document.readonly

    def open_plan_at(
        self, location: str | os.PathLike[str], *, create: bool = False, readonly: bool = False
    ) -> bool:
        """Open a plan file; a foreign, damaged or newer file gets a dialog and stays untouched
        (with the ways out that work: open read-only, restore from a backup)."""
        from lmplanner.core.errors import ReadOnlyPlanError
        from lmplanner.core.store import open_plan

        text = os.fspath(location)
        team = is_database_url(text)
        parent = self.parent_widget
        try:
            if team:
                # A read-only member opens read-only by itself; no retry (it would ask twice).
                from lmplanner.ui.team import password_prompt

                ask = password_prompt(parent)
                plan = open_plan(text, create=create, password_callback=ask)
                ask.opened()
            else:
                try:
                    plan = open_plan(text, create=create and not readonly, readonly=readonly)
                except ReadOnlyPlanError:
                    plan = open_plan(text, create=False, readonly=True)
        except PlanFileError as error:
            return self.cannot_open(text, error)
        except Exception as error:  # a disk or database failure: a dialog, never a traceback
            log.exception("Opening %s failed", text)
            self.prompter.error(parent, tr("Cannot open this plan"), f"{text}: {error}")
            return False
        if team:
            from lmplanner.core.store.postgres import url_without_password  # team plans only

            remembered = url_without_password(text)
        else:
            remembered = str(plan.path or text)
        self.adopt_plan(plan, remembered)
        return True

    def cannot_open(self, location: str, error: PlanFileError) -> bool:
        """A plan that will not open: the reason, and the ways out that work (open read-only,
        restore from a backup); a file that is not a plan gets the reason alone."""
        from lmplanner.ui.dialogs.backup_dialog import (
            READ_ONLY,
            RESTORE,
            open_restore_dialog_for_file,
            recovery_options,
        )

        path = Path(location)
        options = None if is_database_url(location) else recovery_options(path, error)
        if options is None or not (options.can_read or options.backups):
            self.prompter.error(self.parent_widget, tr("Cannot open this plan"), str(error))
            return False
        choice = self.prompter.offer_recovery(self.parent_widget, path, error)
        if choice == READ_ONLY:
            return self.open_plan_at(location, readonly=True)
        if choice == RESTORE:
            open_restore_dialog_for_file(self.parent_widget, path, self.open_plan_at)
        return False

    def adopt_plan(self, plan: Plan, location: str) -> None:
        """Make an open plan the session's; `location` is what recent plans keep (no password)."""
        from lmplanner.ui.document import PlanDocument
        from lmplanner.ui.review.identity import chosen_name

        self.set_document(PlanDocument(plan, self.parent_widget, actor=chosen_name(self.settings)))
        state.remember_plan(self.settings, location)
        if plan.readonly:
            self.message.emit(plan.readonly_reason, 0)

    def connect_to_team_plan(self) -> None:
        """File > Connect to team plan…: a dialog that connects on a worker thread."""
        from lmplanner.ui.team import connect_to_team_plan

        recent = state.recent_plans(self.settings)
        connect_to_team_plan(self.parent_widget, self.adopt_plan, recent=recent)

    def set_document(self, document: PlanDocument | None) -> None:
        """Close the open plan (if any) and show `document`; documentChanged tells every part."""
        old = self.document
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self.document = document
        if document is not None:
            self.undo_group.addStack(document.undo_stack)
            self.undo_group.setActiveStack(document.undo_stack)
            document.failed.connect(
                lambda title, text: self.prompter.error(self.parent_widget, title, text)
            )
        self.documentChanged.emit(document)
