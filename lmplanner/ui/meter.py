"""The balance meter: the leader share of the visible period, its verdict, score and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
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
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import Role
from lmplanner.ui import theme
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport, Flag

_Index = QModelIndex | QPersistentModelIndex

# (light palette, dark palette) colours; every use also carries a shape or a word.
_SEVERITY_COLORS = {
    "high": ("#c62828", "#ef9a9a"),
    "medium": ("#a05a00", "#ffcc80"),
    "low": ("#1565c0", "#90caf9"),
}
_VERDICT_COLORS = {
    "balanced": ("#2e7d32", "#81c784"),
    "all-activity-no-vision": _SEVERITY_COLORS["high"],
    "vision-without-execution": _SEVERITY_COLORS["medium"],
}


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


def _pick(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if theme.is_dark(palette) else pair[0])


def severity_color(severity: str, palette: QPalette) -> QColor:
    return _pick(_SEVERITY_COLORS.get(str(severity), _SEVERITY_COLORS["low"]), palette)


def severity_name(severity: str) -> str:
    return {"high": tr("Important"), "medium": tr("Worth a look"), "low": tr("Minor")}.get(
        str(severity), str(severity)
    )


def percent(fraction: float) -> str:
    return tr("{number} %").format(number=round(fraction * 100))


def verdict_line(report: BalanceReport) -> str:
    """The verdict in words, honest about periods too small to judge."""
    if report.total and not report.enough_data:
        return tr("Too early to tell")
    return report.verdict_text()


def summary_text(report: BalanceReport) -> str:
    """One paragraph for screen readers and the tooltip: everything the gauge shows."""
    s = report.settings
    share = percent(report.leader_share) if report.leader_share is not None else tr("no posts")
    parts = [
        tr("{period}: leader share {share}, target {low}–{high} %. {verdict}.").format(
            period=report.period.label(),
            share=share,
            low=round(s.band_low * 100),
            high=round(s.band_high * 100),
            verdict=verdict_line(report),
        ),
        tr("{leader} leader, {manager} manager, {backlog} in the backlog. Score {score}.").format(
            leader=report.leader,
            manager=report.manager,
            backlog=report.backlog,
            score=report.score,
        ),
    ]
    if report.total and not report.enough_data:
        parts.append(tr("A verdict needs at least {n} posts.").format(n=s.min_posts))
    return " ".join(parts)


def _week_label(week: Any) -> str:
    """The days of a week row in a few characters: "2–8", or "30" for a one-day stub."""
    if week.start is None or week.end is None:
        return str(week.label)
    if week.start == week.end:
        return str(week.start.day)
    return f"{week.start.day}–{week.end.day}"


def paint_severity_badge(p: QPainter, rect: QRectF, severity: str, palette: QPalette) -> None:
    """A badge whose shape differs by severity (square, triangle, circle), not only its colour."""
    color = severity_color(severity, palette)
    on = QColor(palette.color(QPalette.ColorRole.Base))
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    glyph = "!"
    text_rect = QRectF(rect)
    if severity == "high":
        p.drawRoundedRect(rect, 3, 3)
    elif severity == "medium":
        triangle = QPolygonF(
            [
                QPointF(rect.center().x(), rect.top()),
                QPointF(rect.right(), rect.bottom()),
                QPointF(rect.left(), rect.bottom()),
            ]
        )
        p.drawPolygon(triangle)
        text_rect.adjust(0, rect.height() * 0.2, 0, 0)
    else:
        p.drawEllipse(rect)
        glyph = "i"
    font = QFont(p.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.height() * 0.62)))
    p.setFont(font)
    p.setPen(on)
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, glyph)
    p.restore()


class BalanceMeter(QWidget):
    """The painted gauge: share on 0–100 % with the target band, verdict, counts, weekly bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balanceMeter")
        self.setAccessibleName(tr("Balance meter"))
        self.setSizePolicy(self.sizePolicy().horizontalPolicy(), self.sizePolicy().Policy.Fixed)
        self._report: BalanceReport | None = None
        self._show_weeks = True
        self._week_rects: list[tuple[QRectF, str]] = []
        self._update_description()

    def report(self) -> BalanceReport | None:
        return self._report

    def set_report(self, report: BalanceReport | None, *, show_weeks: bool = True) -> None:
        self._report = report
        self._show_weeks = show_weeks
        self._update_description()
        self.updateGeometry()
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

    def _heights(self) -> dict[str, int]:
        base, big, small = self._fonts()
        fm, big_fm, small_fm = QFontMetrics(base), QFontMetrics(big), QFontMetrics(small)
        return {
            "pad": 10,
            "header": fm.height(),
            "big": big_fm.height(),
            "bar": 16,
            "marker": 7,
            "scale": small_fm.height() + 5,
            "counts": fm.height() + 4,
            "weeks": 44 + small_fm.height() + 14 if self.shows_weeks() else 0,
        }

    @override
    def sizeHint(self) -> QSize:
        return QSize(300, sum(self._heights().values()) + 10 + 10 + 10)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.sizeHint().height())

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
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.translate(pad, pad)
            y = 0
            # Header: period and score.
            p.setFont(base)
            p.setPen(muted)
            period = report.period.label() if report else tr("No plan open")
            p.drawText(QRectF(0, y, width, h["header"]), Qt.AlignmentFlag.AlignLeft, period)
            if report is not None:
                p.drawText(
                    QRectF(0, y, width, h["header"]),
                    Qt.AlignmentFlag.AlignRight,
                    tr("Score {score}").format(score=report.score),
                )
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

    def _paint_verdict(self, p: QPainter, rect: QRectF, report: BalanceReport) -> None:
        palette = self.palette()
        line = verdict_line(report)
        pair = _VERDICT_COLORS.get(report.verdict.value)
        color = (
            _pick(pair, palette)
            if pair and report.enough_data
            else theme.mix(
                palette.color(QPalette.ColorRole.WindowText),
                palette.color(QPalette.ColorRole.Window),
                0.3,
            )
        )
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
            label = tr("target {low}–{high} %").format(low=round(low * 100), high=round(high * 100))
            centre = bar.width() * (low + high) / 2
            label_w = QFontMetrics(small).horizontalAdvance(label) + 8
            left = min(max(centre - label_w / 2, 24), width - 48 - label_w)
            p.setPen(ink)
            p.drawText(QRectF(left, sy, label_w, sh), Qt.AlignmentFlag.AlignCenter, label)
        return sy + sh

    def _paint_counts(
        self, p: QPainter, y: float, width: float, report: BalanceReport, font: QFont, text: QColor
    ) -> float:
        palette = self.palette()
        fm = QFontMetrics(font)
        line_h = fm.height()
        x = 0.0
        items: list[tuple[Role | None, str]] = [
            (Role.LEADER, tr("{n} leader").format(n=report.leader)),
            (Role.MANAGER, tr("{n} manager").format(n=report.manager)),
            (None, tr("{n} in backlog").format(n=report.backlog)),
        ]
        p.setFont(font)
        for role, label in items:
            badge = QRectF(x, y + (line_h - 14) / 2, 14, 14)
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
            p.drawText(QRectF(x + 19, y, label_w + 2, line_h), Qt.AlignmentFlag.AlignVCenter, label)
            x += 19 + label_w + 14
        return y + line_h + 4

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
            self._week_rects.append(
                (QRectF(slot * i, y, slot, area_h + 18).translated(10, 10), tip)
            )

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for rect, tip in self._week_rects:
                if rect.contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), tip, self)
                    return True
        return super().event(event)


# ---------------------------------------------------------------------------------------- flags
FlagRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2
SuggestionRole = Qt.ItemDataRole.UserRole + 3


class FlagListModel(QAbstractListModel):
    """The report's flags, most severe first (the engine's own order, kept stable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flags: list[Flag] = []

    def set_flags(self, flags: list[Flag]) -> None:
        self.beginResetModel()
        self._flags = sorted(flags, key=lambda f: f.sort_key())
        self.endResetModel()

    def all_flags(self) -> list[Flag]:
        return list(self._flags)

    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._flags)

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._flags):
            return None
        flag = self._flags[index.row()]
        severity = str(flag.severity)
        if role == Qt.ItemDataRole.DisplayRole:
            return flag.message
        if role == SuggestionRole:
            return flag.suggestion
        if role == SeverityRole:
            return severity
        if role == FlagRole:
            return flag
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return tr("{severity}: {message} {suggestion}").format(
                severity=severity_name(severity), message=flag.message, suggestion=flag.suggestion
            )
        return None


class FlagDelegate(QStyledItemDelegate):
    """A flag as a small card: severity badge, the message, and the suggestion below it."""

    PAD = 8
    BADGE = 16

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        return max(80, width - self.PAD * 3 - self.BADGE)

    def _suggestion_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setItalic(True)
        return font

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._text_width(option)
        flags = int(Qt.TextFlag.TextWordWrap)
        message = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 10_000), flags, str(index.data())
        )
        suggestion = QFontMetrics(self._suggestion_font(option)).boundingRect(
            QRect(0, 0, width, 10_000), flags, str(index.data(SuggestionRole) or "")
        )
        height = self.PAD + message.height() + 3 + suggestion.height() + self.PAD
        return QSize(width + self.PAD * 3 + self.BADGE, max(height, self.BADGE + 2 * self.PAD))

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget
            )
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(text_role)
        back = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        muted = theme.mix(text, back, 0.3)
        rect = option.rect
        painter.save()
        badge = QRectF(rect.left() + self.PAD, rect.top() + self.PAD + 1, self.BADGE, self.BADGE)
        paint_severity_badge(painter, badge, str(index.data(SeverityRole)), palette)
        left = rect.left() + self.PAD * 2 + self.BADGE
        width = self._text_width(option)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setFont(option.font)
        painter.setPen(text)
        message = str(index.data())
        msg_rect = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 10_000), flags, message
        )
        top = rect.top() + self.PAD
        painter.drawText(QRect(left, top, width, msg_rect.height()), flags, message)
        painter.setFont(self._suggestion_font(option))
        painter.setPen(muted)
        suggestion = str(index.data(SuggestionRole) or "")
        top += msg_rect.height() + 3
        painter.drawText(QRect(left, top, width, rect.bottom() - top), flags, suggestion)
        painter.restore()


class FlagListView(QListView):
    """The flags list; shows a calm line instead of an empty box when nothing needs attention."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = tr("Nothing to fix in this period.")

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            with QPainter(self.viewport()) as p:
                color = theme.quiet_text_color(self.palette())
                p.setPen(color)
                p.drawText(
                    self.viewport().rect().adjusted(8, 8, -8, -8),
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap,
                    self.placeholder,
                )

    @override
    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # word-wrapped rows change height with the width


class MeterPanel(QWidget):
    """The gauge above the list of flags; clicking a flag asks the calendar to show its days."""

    flagActivated = Signal(object)  # Flag

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = BalanceMeter(self)
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
        self.flag_view.clicked.connect(self._activate)
        self.flag_view.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.meter)
        layout.addSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.flag_view, 1)

    def report(self) -> BalanceReport | None:
        return self.meter.report()

    def set_report(self, report: BalanceReport | None, *, show_weeks: bool = True) -> None:
        self.meter.set_report(report, show_weeks=show_weeks)
        self.flag_model.set_flags(list(report.flags) if report else [])

    def flags(self) -> list[Flag]:
        return self.flag_model.all_flags()

    def activate_flag(self, row: int) -> None:
        index = self.flag_model.index(row, 0)
        self.flag_view.setCurrentIndex(index)
        self._activate(index)

    def _activate(self, index: QModelIndex) -> None:
        flag = index.data(FlagRole)
        if flag is not None:
            self.flagActivated.emit(flag)


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
