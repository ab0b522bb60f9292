"""The balance meter: the leader share of the visible period, its verdict, score and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QListView,
    QSizePolicy,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import percent, percent_band
from lmplanner.core.domain import Role
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.meter.flag_actions import LeaderTemplateButton
from lmplanner.ui.meter.flags import (
    SEVERITY_COLORS,
    FlagDelegate,
    FlagListModel,
    FlagListView,
    FlagRole,
    pick_color,
    severity_color,
)
from lmplanner.ui.meter.results_tab import ResultsTab
from lmplanner.ui.meter.strategy import StrategyPanel
from lmplanner.ui.meter.summary import score_tip, summary_text, verdict_line

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport, Flag
    from lmplanner.ui.meter.results_view import ResultsSource, ResultsView

_VERDICT_COLORS = {  # (light palette, dark palette), as the severities
    "balanced": ("#2e7d32", "#81c784"),
    "all-activity-no-vision": SEVERITY_COLORS["high"],
    "vision-without-execution": SEVERITY_COLORS["medium"],
}


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


def _week_label(week: Any) -> str:
    """The days of a week row in a few characters: "2–8", or "30" for a one-day stub."""
    if week.start is None or week.end is None:
        return str(week.label)
    if week.start == week.end:
        return str(week.start.day)
    return f"{week.start.day}–{week.end.day}"


class BalanceMeter(QWidget):
    """The painted gauge: share on 0–100 % with the target band, verdict, counts, weekly bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balanceMeter")
        self.setAccessibleName(tr("Balance meter"))
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._report: BalanceReport | None = None
        self._show_weeks = True
        self._week_rects: list[tuple[QRectF, str]] = []
        self._score_rect = QRectF()
        self._update_description()

    def report(self) -> BalanceReport | None:
        return self._report

    def set_report(self, report: BalanceReport | None, *, show_weeks: bool = True) -> None:
        if report == self._report and show_weeks == self._show_weeks:
            return
        height = self.heightForWidth(self.width())
        self._report = report
        self._show_weeks = show_weeks
        self._update_description()
        if self.heightForWidth(self.width()) != height:
            self.updateGeometry()  # a relayout of the dock only when the meter grows or shrinks
        self.update()

    def shows_weeks(self) -> bool:
        report = self._report
        return (
            self._show_weeks and report is not None and report.total > 0 and len(report.by_week) > 1
        )

    def _update_description(self) -> None:
        text = summary_text(self._report) if self._report else tr("No plan is open.")
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # ------------------------------------------------------------------ geometry
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 2.3)
        big.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        return base, big, small

    def _heights(self, width: int | None = None) -> dict[str, int]:
        base, big, small = self._fonts()
        inner = (self.width() if width is None else width) - 20
        fm, big_fm, small_fm = QFontMetrics(base), QFontMetrics(big), QFontMetrics(small)
        return {
            "pad": 10,
            "header": fm.height(),
            "big": big_fm.height(),
            "bar": 16,
            "marker": 7,
            "scale": small_fm.height() + 5,
            "counts": self._count_rows(inner) * (fm.height() + 2) + 2,
            "weeks": 44 + small_fm.height() + 14 if self.shows_weeks() else 0,
        }

    @override
    def sizeHint(self) -> QSize:
        return QSize(300, self.heightForWidth(max(self.width(), 220)))

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.heightForWidth(max(self.width(), 220)))

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return sum(self._heights(width).values()) + 30

    # ------------------------------------------------------------------ painting
    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = theme.mix(text, palette.color(QPalette.ColorRole.Window), 0.4)
        base, big, small = self._fonts()
        h = self._heights()
        pad = h["pad"]
        width = self.width() - 2 * pad
        report = self._report
        self._week_rects = []
        self._score_rect = QRectF()  # no report, no score to explain
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.translate(pad, pad)
            y = 0.0
            # Header: period and score.
            p.setFont(base)
            period = report.period.label() if report else tr("No plan open")
            metrics = QFontMetrics(base)
            score_w = 0
            if report is not None:
                p.setPen(self.verdict_color(report))  # the score tells the verdict's story
                score = tr("Balance score {score}").format(score=report.score_text())
                p.drawText(QRectF(0, y, width, h["header"]), Qt.AlignmentFlag.AlignRight, score)
                score_w = metrics.horizontalAdvance(score) + 12
                self._score_rect = QRectF(width - score_w + 12, y, score_w - 12, h["header"])
                self._score_rect.translate(pad, pad)
            # A narrow dock shortens the period (the toolbar names it in full), never the score.
            period = metrics.elidedText(period, Qt.TextElideMode.ElideRight, int(width - score_w))
            p.setPen(muted)
            p.drawText(QRectF(0, y, width, h["header"]), Qt.AlignmentFlag.AlignLeft, period)
            y += h["header"] + 4
            # The share in big figures, the verdict beside it.
            share = report.leader_share if report else None
            p.setFont(big)
            p.setPen(text)
            share_text = percent(share) if share is not None else "—"
            big_rect = QRectF(0, y, width, h["big"])
            p.drawText(
                big_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, share_text
            )
            share_width = QFontMetrics(big).horizontalAdvance(share_text) + 12
            if report is not None:
                self._paint_verdict(
                    p, QRectF(share_width, y, width - share_width, h["big"]), report
                )
            y += h["big"] + 6
            y = self._paint_gauge(p, y, width, share, report, muted, small)
            y += 8
            if report is not None:
                y = self._paint_counts(p, y, width, report, base, text)
                if self.shows_weeks():
                    self._paint_weeks(p, y + 10, width, report, small, muted)

    def verdict_color(self, report: BalanceReport) -> QColor:
        """The verdict's colour, muted while there is too little to judge."""
        palette = self.palette()
        pair = _VERDICT_COLORS.get(report.verdict.value)
        if pair and report.enough_data:
            return pick_color(pair, palette)
        return theme.mix(
            palette.color(QPalette.ColorRole.WindowText),
            palette.color(QPalette.ColorRole.Window),
            0.3,
        )

    def _paint_verdict(self, p: QPainter, rect: QRectF, report: BalanceReport) -> None:
        line = verdict_line(report)
        color = self.verdict_color(report)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        p.setFont(font)
        p.setPen(color)
        flags = (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        )
        p.drawText(rect, flags, line)

    def _paint_gauge(
        self,
        p: QPainter,
        y: float,
        width: float,
        share: float | None,
        report: BalanceReport | None,
        muted: QColor,
        small: QFont,
    ) -> float:
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        h = self._heights()
        m = h["marker"]
        bar = QRectF(0, y + m, width, h["bar"])
        track = theme.mix(
            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.10
        )
        clip = QPainterPath()
        clip.addRoundedRect(bar, 4, 4)
        p.save()
        p.setClipPath(clip)
        p.fillRect(bar, track)
        if share is not None:
            leader_w = bar.width() * share
            p.fillRect(
                QRectF(bar.left(), bar.top(), leader_w, bar.height()),
                theme.role_color(Role.LEADER, palette),
            )
            p.fillRect(
                QRectF(bar.left() + leader_w, bar.top(), bar.width() - leader_w, bar.height()),
                theme.role_color(Role.MANAGER, palette),
            )
        p.restore()
        sy = bar.bottom() + 3
        sh = h["scale"]
        if report is not None:
            # The target band: a bracket under the bar from its low to its high edge.
            low, high = report.settings.band_low, report.settings.band_high
            x0, x1 = bar.left() + bar.width() * low, bar.left() + bar.width() * high
            pen = QPen(ink, 1.5)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            bracket = QPolygonF(
                [
                    QPointF(x0, bar.top() + 2),
                    QPointF(x0, sy + 3),
                    QPointF(x1, sy + 3),
                    QPointF(x1, bar.top() + 2),
                ]
            )
            p.drawPolyline(bracket)
            sy += 5
        if share is not None:
            x = bar.left() + bar.width() * share
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(ink)
            p.drawPolygon(QPolygonF([QPointF(x - m, y), QPointF(x + m, y), QPointF(x, y + m)]))
            p.setPen(QPen(palette.color(QPalette.ColorRole.Base), 4))
            p.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()))
            p.setPen(QPen(ink, 2))
            p.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()))
        # Scale: 0 and 100 % at the ends, the band's label under its bracket.
        p.setFont(small)
        p.setPen(muted)
        p.drawText(QRectF(0, sy, 40, sh), Qt.AlignmentFlag.AlignLeft, "0")
        p.drawText(QRectF(width - 60, sy, 60, sh), Qt.AlignmentFlag.AlignRight, "100 %")
        if report is not None:
            low, high = report.settings.band_low, report.settings.band_high
            label = tr("target {band}").format(band=percent_band(low, high))
            centre = bar.width() * (low + high) / 2
            label_w = QFontMetrics(small).horizontalAdvance(label) + 8
            left = min(max(centre - label_w / 2, 24), width - 48 - label_w)
            p.setPen(ink)
            p.drawText(QRectF(left, sy, label_w, sh), Qt.AlignmentFlag.AlignCenter, label)
        return sy + sh

    def _count_items(self) -> list[tuple[Role | None, str]]:
        report = self._report
        if report is None:
            return []
        return [
            (Role.LEADER, tr("{n} leader").format(n=report.leader)),
            (Role.MANAGER, tr("{n} manager").format(n=report.manager)),
            (None, tr("{n} in backlog").format(n=report.backlog)),
        ]

    def _count_layout(self, width: float) -> list[tuple[Role | None, str, float, int]]:
        """(role, label, x, row) of each count; an item that does not fit starts a new row."""
        fm = QFontMetrics(self.font())
        placed: list[tuple[Role | None, str, float, int]] = []
        x, row = 0.0, 0
        for role, label in self._count_items():
            item_w = 19 + fm.horizontalAdvance(label)
            if x > 0 and x + item_w > width:
                x, row = 0.0, row + 1
            placed.append((role, label, x, row))
            x += item_w + 14
        return placed

    def _count_rows(self, width: float) -> int:
        return max((row for *_, row in self._count_layout(width)), default=0) + 1

    def _paint_counts(
        self, p: QPainter, y: float, width: float, report: BalanceReport, font: QFont, text: QColor
    ) -> float:
        palette = self.palette()
        fm = QFontMetrics(font)
        line_h = fm.height()
        p.setFont(font)
        rows = 0
        for role, label, x, row in self._count_layout(width):
            rows = max(rows, row + 1)
            top = y + row * (line_h + 2)
            badge = QRectF(x, top + (line_h - 14) / 2, 14, 14)
            if role is not None:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(theme.role_color(role, palette))
                p.drawRoundedRect(badge, 3, 3)
                bold = QFont(font)
                bold.setBold(True)
                bold.setPixelSize(10)
                p.setFont(bold)
                p.setPen(theme.role_on_color(role, palette))
                p.drawText(badge, Qt.AlignmentFlag.AlignCenter, theme.role_letter(role))
                p.setFont(font)
            else:
                p.setPen(QPen(text, 1.2, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(badge.adjusted(1, 1, -1, -1), 3, 3)
            p.setPen(text)
            label_w = fm.horizontalAdvance(label)
            p.drawText(
                QRectF(x + 19, top, label_w + 2, line_h), Qt.AlignmentFlag.AlignVCenter, label
            )
        return y + rows * (line_h + 2) + 2

    def _paint_weeks(
        self,
        p: QPainter,
        y: float,
        width: float,
        report: BalanceReport,
        small: QFont,
        muted: QColor,
    ) -> None:
        palette = self.palette()
        weeks = report.by_week
        most = max((w.total for w in weeks), default=0) or 1
        slot = width / len(weeks)
        bar_w = min(26.0, slot * 0.6)
        area_h = 44.0
        for i, week in enumerate(weeks):
            cx = slot * i + slot / 2
            x = cx - bar_w / 2
            total_h = area_h * week.total / most
            manager_h = total_h * (week.manager / week.total) if week.total else 0.0
            leader_h = total_h - manager_h
            bottom = y + area_h
            baseline = theme.grid_color(palette)
            p.fillRect(QRectF(x - 2, bottom, bar_w + 4, 1.5), baseline)
            if leader_h:
                p.fillRect(
                    QRectF(x, bottom - leader_h, bar_w, leader_h),
                    theme.role_color(Role.LEADER, palette),
                )
            if manager_h:
                p.fillRect(
                    QRectF(x, bottom - total_h, bar_w, manager_h),
                    theme.role_color(Role.MANAGER, palette),
                )
            label = _week_label(week)
            drought = week.total > 0 and week.leader == 0
            p.setPen(severity_color("medium", palette) if drought else muted)
            font = QFont(small)
            font.setBold(drought)
            p.setFont(font)
            p.drawText(QRectF(slot * i, bottom + 3, slot, 14), Qt.AlignmentFlag.AlignHCenter, label)
            tip = tr("{label}: {leader} leader, {manager} manager").format(
                label=week.label, leader=week.leader, manager=week.manager
            )
            if drought:  # why the label is orange
                tip += " — " + tr("no leader post this week")
            self._week_rects.append(
                (QRectF(slot * i, y, slot, area_h + 18).translated(10, 10), tip)
            )

    def score_rect(self) -> QRectF:
        """Where the balance score was last painted (its tooltip says what it measures)."""
        return QRectF(self._score_rect)

    def week_tips(self) -> list[str]:
        """The tooltips of the week bars as last painted."""
        return [tip for _rect, tip in self._week_rects]

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for rect, tip in self._week_rects:
                if rect.contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), tip, self)
                    return True
            if self._score_rect.contains(QPointF(event.pos())):
                QToolTip.showText(event.globalPos(), score_tip(), self)
                return True
        return super().event(event)


class MeterPanel(QWidget):
    """The gauge above the list of flags; clicking a flag asks the calendar to show its days."""

    flagActivated = Signal(object)  # Flag
    # The day and pillar (each may be None) for a leader post from a template.
    leaderPostRequested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = BalanceMeter(self)
        # Which filters the share honours (channel, author, campaign) and which it does not.
        self.filter_note = QLabel(self)
        self.filter_note.setObjectName("meterFilterNote")
        self.filter_note.setWordWrap(True)
        self.filter_note.setVisible(False)
        self.filter_note.setContentsMargins(10, 0, 10, 0)  # under the gauge's own text
        self.strategy = StrategyPanel(self)  # pillar mix, untied share, who leads
        self.heading = QLabel(tr("What to look at"), self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.flag_model = FlagListModel(self)
        self.flag_view = FlagListView(self)
        self.flag_view.setObjectName("flagList")
        self.flag_view.setAccessibleName(tr("Balance flags"))
        self.flag_view.setModel(self.flag_model)
        self.flag_view.setItemDelegate(FlagDelegate(self.flag_view))
        self.flag_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.flag_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.flag_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.flag_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.flag_view.setSpacing(1)
        self.heading.setBuddy(self.flag_view)
        self._showing_flag = False
        self.flag_view.clicked.connect(self._activate)
        self.flag_view.activated.connect(self._activate)
        self.leader_button = LeaderTemplateButton(self.flag_view, FlagRole, self)
        self.leader_button.requested.connect(self.leaderPostRequested)
        self.flag_view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.leader_button.follow(current)
        )
        balance_page = QWidget(self)
        layout = QVBoxLayout(balance_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meter)
        layout.addWidget(self.filter_note)
        layout.addWidget(self.strategy)
        layout.addSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.flag_view, 1)
        layout.addWidget(self.leader_button)
        # What the posts achieved beside how they are balanced: made and read when looked at.
        self.results_tab = ResultsTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("meterTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(balance_page, tr("Balance"))
        self.tabs.addTab(self.results_tab, tr("Results"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.tabs)

    def report(self) -> BalanceReport | None:
        return self.meter.report()

    def set_report(self, report: BalanceReport | None, *, show_weeks: bool = True) -> None:
        self.meter.set_report(report, show_weeks=show_weeks)
        self.strategy.set_report(report)
        self.flag_model.set_flags(list(report.flags) if report else [])

    @property
    def results_view(self) -> ResultsView:
        return self.results_tab.view

    def set_results_source(self, source: ResultsSource | None) -> None:
        self.results_tab.set_source(source)

    def set_filter_note(self, text: str) -> None:
        self.filter_note.setText(text)
        self.filter_note.setVisible(bool(text))

    def flags(self) -> list[Flag]:
        return self.flag_model.all_flags()

    def activate_flag(self, row: int) -> None:
        index = self.flag_model.index(row, 0)
        self.flag_view.setCurrentIndex(index)
        self._activate(index)

    def _activate(self, index: QModelIndex) -> None:
        flag = index.data(FlagRole)
        if flag is not None:
            self._showing_flag = True
            try:
                self.flagActivated.emit(flag)
            finally:
                self._showing_flag = False

    def selection_changed_elsewhere(self) -> None:
        """The posts selected in a view changed: a flag stays marked only while it is what the
        calendar shows, not after the person has moved on."""
        if not self._showing_flag:
            self.flag_view.clearSelection()
            self.flag_view.setCurrentIndex(QModelIndex())


class MeterDock(QDockWidget):
    """The balance meter as a dock, so it can sit beside any view, float, or hide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Balance"), parent)
        self.setObjectName("balanceDock")  # the name saveState() keys the dock by
        self.panel = MeterPanel(self)
        self.setWidget(self.panel)
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )

    def report(self) -> BalanceReport | None:
        return self.panel.report()
