"""What the meter offers for the flag in hand: a leader-related flag (no vision, a drought, a
pillar without a leader post, no leader voice) offers "Plan a leader post from a template" on
the day its suggestion names."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QListView, QMenu, QPushButton, QWidget

if TYPE_CHECKING:
    from lmplanner.core.balance import Flag


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


class LeaderTemplateButton(QPushButton):
    """Shown while the current flag is one a leader post answers; `requested` carries its day
    and the pillar the flag is about, so the new post starts where it is missing."""

    requested = Signal(object, object)  # dt.date | None, pillar name | None

    def __init__(self, view: QListView, flag_role: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("Plan a &leader post from a template…"), parent)
        self.setObjectName("leaderTemplateButton")
        self.setAccessibleName(tr("Plan a leader post from a template"))
        self.setVisible(False)
        self._view = view
        self._role = flag_role
        self._day: dt.date | None = None
        self._pillar: str | None = None
        self.clicked.connect(self._request)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        # A new flag list (a reset) drops the current flag without a currentChanged: follow
        # whatever is current afterwards, so the button never answers a flag that is gone.
        model = view.model()
        model.modelReset.connect(self._follow_current)
        model.rowsRemoved.connect(self._follow_current)
        model.layoutChanged.connect(self._follow_current)

    def _follow_current(self) -> None:
        self.follow(self._view.currentIndex())

    def _request(self) -> None:
        self.requested.emit(self._day, self._pillar)

    def follow(self, index: QModelIndex) -> None:
        """The flag list's current flag changed."""
        # Named here: the balance report (and the templates, which name its flag codes) load
        # with the first meter worked out, not for the window's first paint.
        from lmplanner.core.balance import Flag
        from lmplanner.core.templates import leader_post_day
        from lmplanner.ui.dates import day_text

        flag = index.data(self._role) if index.isValid() else None
        day = leader_post_day(flag) if isinstance(flag, Flag) else None
        offered = isinstance(flag, Flag) and (day is not None or _leader_flag(flag))
        self._day = day
        self._pillar = flag.pillar if offered and isinstance(flag, Flag) else None
        self.setVisible(offered)
        if offered:
            shown = day_text(day) if day else tr("the selected day")
            self.setToolTip(
                tr("A new leader post on {day}, started from a template").format(day=shown)
            )

    def _menu(self, pos: QPoint) -> None:
        index = self._view.indexAt(pos)
        self.follow(index)
        if not self.isVisible():
            return
        menu = QMenu(self._view)
        action = menu.addAction(tr("Plan a leader post from a template…"))
        action.triggered.connect(self._request)
        menu.popup(self._view.viewport().mapToGlobal(pos))


def _leader_flag(flag: Flag) -> bool:
    from lmplanner.core.templates import LEADER_FLAGS

    return flag.code in LEADER_FLAGS
