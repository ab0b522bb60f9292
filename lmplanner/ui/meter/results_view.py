"""The meter's Results view: the finding, medians per post for leader and manager posts with
their ratio, and reach against relationship per pillar. Read when shown, not on every refresh."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    Qt,
)
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import METRICS
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.editor.results import metric_label
from lmplanner.ui.views.rows_model import RowsTableModel

if TYPE_CHECKING:
    from lmplanner.core.results import GroupResults, ResultsReport

log = logging.getLogger(__name__)
ResultsSource = Callable[[], "ResultsReport"]


NOTE_FADE = 0.35  # the footnote's text this far towards the window: quiet, 4.5:1 and more


def tr(text: str) -> str:
    return QCoreApplication.translate("ResultsView", text)


def number(value: float | None) -> str:
    """A median as the locale writes it: whole numbers bare, others with one decimal."""
    if value is None:
        return "–"
    locale = QLocale()
    return locale.toString(int(value)) if value == int(value) else locale.toString(value, "f", 1)


def ratio_text(value: float | None) -> str:
    return "–" if value is None else QLocale().toString(value, "f", 1) + "×"


def role_rows(report: ResultsReport) -> list[list[str]]:
    """A row per metric (narrow enough for a dock): leader median, manager median, ratio."""
    ratios = report.ratios
    rows = [[tr("Posts with results"), str(report.leader.posts), str(report.manager.posts), ""]]
    for name in METRICS:
        leader, manager = report.leader.median(name), report.manager.median(name)
        rows.append([metric_label(name), number(leader), number(manager), ratio_text(ratios[name])])
    for name, label in (("reach", tr("Reach")), ("relationship", tr("Relationship"))):
        leader_stats: GroupResults = report.leader
        manager_stats: GroupResults = report.manager
        rows.append(
            [
                label,
                number(getattr(leader_stats, name).median),
                number(getattr(manager_stats, name).median),
                ratio_text(ratios[name]),
            ]
        )
    return rows


def pillar_rows(report: ResultsReport) -> list[list[str]]:
    return [
        [
            group.name or tr("No pillar"),
            str(group.posts),
            number(group.reach.median),
            number(group.relationship.median),
        ]
        for group in report.by_pillar
    ]


def numbers_table(headers: list[str], parent: QWidget) -> RowsTableModel[list[str]]:
    """A table of a label and numbers: every column after the first right-aligned."""
    return RowsTableModel(headers, parent, numeric=range(1, len(headers)))


class ResultsView(QWidget):
    """The finding over two small tables; `set_source` gives the function that reads them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsView")
        self._source: ResultsSource | None = None
        self._stale = True
        self.report: ResultsReport | None = None
        self.finding = QLabel(self)
        self.finding.setObjectName("resultsFinding")
        self.finding.setWordWrap(True)
        self.finding.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.finding.font()
        font.setBold(True)
        self.finding.setFont(font)
        self.roles = numbers_table(
            [tr("Median per post"), tr("Leader"), tr("Manager"), tr("L ÷ M")], self
        )
        self.role_table = self._table(self.roles, "resultsRoleTable", tr("Results per role"))
        self.pillars = numbers_table(
            [tr("Pillar"), tr("Posts"), tr("Reach"), tr("Relationship")], self
        )
        self.pillar_table = self._table(
            self.pillars, "resultsPillarTable", tr("Results per pillar")
        )
        self.note = QLabel(
            tr(
                "Medians of the posts with results. Reach: impressions and clicks. "
                "Relationship: comments, shares and new followers."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.note.setObjectName("resultsNote")
        self._quiet_note()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.finding)
        layout.addWidget(self.role_table)
        layout.addWidget(self.pillar_table, 1)
        layout.addWidget(self.note)

    def _quiet_note(self) -> None:
        """The footnote quieter than the tables yet readable: a disabled label's grey was
        too faint (and told screen readers it did not apply)."""
        palette = self.note.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, theme.mix(text, window, NOTE_FADE))
        self.note.setPalette(palette)

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # light/dark switch
            self.note.setPalette(self.palette())
            self._quiet_note()

    def _table(self, model: RowsTableModel[list[str]], name: str, accessible: str) -> QTableView:
        table = QTableView(self)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def set_source(self, source: ResultsSource | None) -> None:
        """What to read; read now if the view is showing, else when it is next shown."""
        self._source = source
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        try:
            report = self._source() if self._source is not None else None
        except Exception as error:  # a damaged or unreachable plan: say so in the view
            log.exception("Reading the results failed")
            self.show_report(None)
            self.finding.setText(tr("Cannot read the results: {error}").format(error=error))
            return
        self.show_report(report)

    def show_report(self, report: ResultsReport | None) -> None:
        self.report = report
        if report is None:
            self.finding.setText(tr("Open a plan to see what its posts achieved."))
            self.roles.set_rows([])
            self.pillars.set_rows([])
            return
        if not report.posts:
            self.finding.setText(
                tr(
                    "No post of {period} has results yet: record them in a post's editor, or "
                    "read a file of them with Import results… in the File menu."
                ).format(period=report.label)
            )
        else:
            self.finding.setText(report.finding)
        self.roles.set_rows(role_rows(report))
        self.pillars.set_rows(pillar_rows(report))
        _fit_height(self.role_table)
        self.pillar_table.resizeRowsToContents()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()


def _fit_height(table: QTableView) -> None:
    """Exactly as tall as its rows (a fixed few): the pillars' table takes the rest."""
    table.resizeRowsToContents()
    header = table.horizontalHeader()
    rows = table.model().rowCount()
    height = header.sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(rows))
    table.setFixedHeight(height)
