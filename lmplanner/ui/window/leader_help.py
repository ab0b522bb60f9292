"""Help › What makes a leader post?: one window at a time, over the editor when one is open, with
the plan's target band (a new plan's when none is open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from lmplanner.core.domain import BalanceSettings
from lmplanner.ui.dialogs.prompter import LeaderHelpDialog

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument


class LeaderHelp:
    def __init__(
        self,
        window: QWidget,
        document: Callable[[], PlanDocument | None],
        editor: Callable[[], QWidget | None],
    ) -> None:
        self.window, self.document, self.editor = window, document, editor
        self.dialog: LeaderHelpDialog | None = None

    def show(self) -> LeaderHelpDialog:
        if self.dialog is None:
            balance = BalanceSettings()
            document = self.document()
            if document is not None:
                balance = document.service.settings().balance
            parent = self.editor() or self.window
            self.dialog = LeaderHelpDialog(
                parent, band_low=balance.band_low, band_high=balance.band_high
            )
            self.dialog.finished.connect(self._closed)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _closed(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
