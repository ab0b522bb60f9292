"""The questions recurring series ask: which posts a change reaches (this post, this and the
following ones, the whole series), as calendar apps ask, and "Use again" (every N days, K times)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.series import Scope
from lmplanner.ui.dates import day_text


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("SeriesDialogs", text, disambiguation, n)


class ScopeDialog(QDialog):
    """ "This post / This and following / Whole series" for an edit, a move or a delete of one
    post of a series; `scope` is the answer (None when cancelled)."""

    def __init__(
        self, parent: QWidget | None, action: str, title: str, *, rule_changed: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("seriesScopeDialog")
        self.setWindowTitle(tr("Repeating post"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.scope: Scope | None = None
        question = QLabel(
            tr("“{title}” repeats. {action} which posts of its series?").format(
                title=title, action=action
            ),
            self,
        )
        question.setWordWrap(True)
        question.setObjectName("seriesScopeQuestion")
        buttons = QDialogButtonBox(self)
        self.buttons: dict[Scope, QPushButton] = {}
        for scope, text, name in (
            (Scope.THIS, tr("&This post"), "scopeThis"),
            (Scope.FOLLOWING, tr("This and &following"), "scopeFollowing"),
            (Scope.ALL, tr("&Whole series"), "scopeAll"),
        ):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.setObjectName(name)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _=False, s=scope: self._choose(s))
            self.buttons[scope] = button
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("scopeCancel")
        cancel.clicked.connect(self.reject)
        if rule_changed:  # a rule is a series' own: one post alone cannot take it
            self.buttons[Scope.THIS].setEnabled(False)
            self.buttons[Scope.FOLLOWING].setDefault(True)
        else:
            self.buttons[Scope.THIS].setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(buttons)

    def _choose(self, scope: Scope) -> None:
        self.scope = scope
        self.accept()


def ask_scope(
    parent: QWidget | None, action: str, title: str, *, rule_changed: bool = False
) -> Scope | None:
    """Ask which posts of a series a change reaches; None when the person cancels. A changed
    rule reaches this and the following posts or the whole series, never one post alone."""
    dialog = ScopeDialog(parent, action, title, rule_changed=rule_changed)
    try:
        dialog.exec()
        return dialog.scope
    finally:
        dialog.deleteLater()


class UseAgainDialog(QDialog):
    """Evergreen re-use: copies of a post every N days, K times, from its date on."""

    def __init__(self, parent: QWidget | None, title: str, day: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("useAgainDialog")
        self.setWindowTitle(tr("Use again"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._day = day
        self.every = QSpinBox(self)
        self.every.setObjectName("useAgainEvery")
        self.every.setRange(1, 999)
        self.every.setValue(90)
        self.every.setAccessibleName(tr("Days between copies"))
        self.times = QSpinBox(self)
        self.times.setObjectName("useAgainTimes")
        self.times.setRange(1, 100)
        self.times.setValue(2)
        self.times.setAccessibleName(tr("Number of copies"))
        self.summary = QLabel(self)
        self.summary.setObjectName("useAgainSummary")
        self.summary.setWordWrap(True)
        form = QFormLayout()
        intro = QLabel(tr("Schedule copies of “{title}”:").format(title=title), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the title as typed, markup and all
        form.addRow(tr("&Every (days):"), self.every)
        form.addRow(tr("&Times:"), self.times)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Schedule copies"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("useAgainOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.every.valueChanged.connect(self._update_summary)
        self.times.valueChanged.connect(self._update_summary)
        self._update_summary()

    def _update_summary(self) -> None:
        every, times = self.every.value(), self.times.value()
        try:
            first = self._day + dt.timedelta(days=every)
            last = self._day + dt.timedelta(days=every * times)
        except OverflowError:
            self.summary.setText(tr("The copies would fall past the calendar's end."))
            return
        copies = tr("%n copies", "use again", times)
        self.summary.setText(
            tr("{copies}, every {days}: the first on {first}, the last on {last}.").format(
                copies=copies,
                days=tr("%n days", "use again", every),
                first=day_text(first),
                last=day_text(last),
            )
        )
