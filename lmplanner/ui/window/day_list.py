"""The window's "+N more" list: one day's posts as chips in a dialog, one at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from lmplanner.ui.dialogs.day_dialog import DayDialog
    from lmplanner.ui.session import PlanSession


class DayList:
    """Opens the day dialog (with the same actions as the calendar); a second day replaces the
    first."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        edit_post: Callable[[int], Any],
        new_post: Callable[[dt.date | None], Any],
    ) -> None:
        self.parent = parent
        self.session = session
        self.edit_post = edit_post
        self.new_post = new_post
        self.dialog: DayDialog | None = None

    def show(self, day: dt.date) -> DayDialog:
        from lmplanner.ui.dialogs.day_dialog import DayDialog

        if self.dialog is not None:
            self.dialog.close()
        dialog = DayDialog(
            self.parent, self.session, day, edit_post=self.edit_post, new_post=self.new_post
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _object=None, shown=dialog: self._forget(shown))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _forget(self, dialog: DayDialog) -> None:
        # Only the dialog still shown: one replaced by the next day closes (and is deleted)
        # after that day's has taken its place.
        if self.dialog is dialog:
            self.dialog = None
