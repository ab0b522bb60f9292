"""View > Who leads: each author of the period with posts, leader share, profile and pillars; one
click (or Enter on a row) shows only that author's posts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import percent
from lmplanner.core.balance.report import author_profile
from lmplanner.core.domain import name_key

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport, Period
    from lmplanner.core.services import PlanService, PostFilter

AUTHOR, POSTS, SHARE, PROFILE, PILLARS, SHOW = range(6)


def tr(text: str) -> str:
    return QCoreApplication.translate("WhoLeads", text)


def profile_text(profile: str) -> str:
    return {
        "leader-voice": tr("Leader voice"),
        "manager-voice": tr("Manager voice"),
        "too-few": tr("Too few posts to tell"),
        "no-author": tr("No author"),
    }[profile]


def pillars_by_author(
    service: PlanService, period: Period, flt: PostFilter | None
) -> dict[str, str]:
    """Author → their pillars in the period, most used first ("Craft 3, Community 1")."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for post in service.posts(start=period.start, end=period.end, flt=flt):
        if post.author:
            counts[name_key(post.author)][post.pillar or tr("no pillar")] += 1
    return {
        key: ", ".join(f"{name} {n}" for name, n in counter.most_common())
        for key, counter in counts.items()
    }


class WhoLeadsDialog(QDialog):
    """The period's authors; `show_author(name)` is what a click on "Show only" does."""

    def __init__(
        self,
        report: BalanceReport,
        pillars: dict[str, str],
        show_author: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("whoLeadsDialog")
        self.setWindowTitle(tr("Who leads — {period}").format(period=report.period.label()))
        self.show_author = show_author
        band = report.settings.band_low
        intro = QLabel(
            tr(
                "A leader voice writes at least {band} leader posts. A company needs people "
                "who lead, not only a brand that manages."
            ).format(band=percent(band)),
            self,
        )
        intro.setWordWrap(True)
        rows = report.authored()  # posts without an author are nobody's voice
        self.table = QTableWidget(len(rows), 6, self)
        self.table.setObjectName("whoLeadsTable")
        self.table.setAccessibleName(tr("Authors"))
        self.table.setHorizontalHeaderLabels(
            [tr("Author"), tr("Posts"), tr("Leader share"), tr("Profile"), tr("Pillars"), ""]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PILLARS, QHeaderView.ResizeMode.Stretch)
        for index, row in enumerate(rows):
            share = percent(row.leader_share) if row.leader_share is not None else "—"
            cells = {
                AUTHOR: row.label,
                POSTS: str(row.total),
                SHARE: share,
                PROFILE: profile_text(author_profile(row, band)),
                PILLARS: pillars.get(name_key(row.key), ""),
            }
            for column, text in cells.items():
                self.table.setItem(index, column, QTableWidgetItem(text))
            button = QPushButton(tr("Show only their posts"), self.table)
            button.setObjectName("showAuthor")
            button.setAccessibleName(tr("Show only {name}'s posts").format(name=row.label))
            button.clicked.connect(lambda _checked=False, name=row.label: self._show(name))
            self.table.setCellWidget(index, SHOW, button)
        self.table.activated.connect(lambda index: self._show(self.author(index.row())))
        self.table.setCurrentCell(0 if rows else -1, AUTHOR)
        self.empty = QLabel(tr("Nobody has an author's name on a post in this period."), self)
        self.empty.setVisible(not rows)
        self.unauthored = QLabel(report.unauthored_text(), self)
        self.unauthored.setObjectName("whoLeadsUnauthored")
        self.unauthored.setVisible(bool(report.unauthored_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.unauthored)
        layout.addWidget(buttons)
        self.resize(760, 340)

    def author(self, row: int) -> str:
        item = self.table.item(row, AUTHOR)
        return item.text() if item else ""

    def _show(self, name: str) -> None:
        if name:
            self.show_author(name)
            self.accept()
