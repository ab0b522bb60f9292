"""The balance flags list: what the meter thinks needs attention, most severe first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPolygonF
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QWidget

from lmplanner.ui import theme
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from lmplanner.core.balance import Flag

_Index = QModelIndex | QPersistentModelIndex

# (light palette, dark palette) colours; every use also carries a shape or a word.
SEVERITY_COLORS = {
    "high": ("#c62828", "#ef9a9a"),
    "medium": ("#a05a00", "#ffcc80"),
    "low": ("#1565c0", "#90caf9"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("BalanceMeter", text)


def pick_color(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if theme.is_dark(palette) else pair[0])


def severity_color(severity: str, palette: QPalette) -> QColor:
    return pick_color(SEVERITY_COLORS.get(str(severity), SEVERITY_COLORS["low"]), palette)


def severity_name(severity: str) -> str:
    return {"high": tr("Important"), "medium": tr("Worth a look"), "low": tr("Minor")}.get(
        str(severity), str(severity)
    )


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


FlagRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2
SuggestionRole = Qt.ItemDataRole.UserRole + 3


class FlagListModel(QAbstractListModel):
    """The report's flags, most severe first (the engine's own order, kept stable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flags: list[Flag] = []

    def set_flags(self, flags: list[Flag]) -> None:
        ordered = sorted(flags, key=lambda f: f.sort_key())
        if ordered == self._flags:
            return  # most edits leave the flags as they were: no relayout, the selection stays
        self.beginResetModel()
        self._flags = ordered
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
    # Word-wrapped text measured once per text, width and font: the list asks for every row's
    # size many times per layout, and each measurement lays the text out.
    _SIZES_KEPT = 256

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[str, str, int, str], QSize] = {}
        # Per font: the metrics of the message and of the (italic) suggestion, and the height of
        # each suggestion at a width: making metrics is half of a measurement, and many flags
        # share their suggestion.
        self._metrics: dict[str, tuple[QFontMetrics, QFontMetrics]] = {}
        self._hint_heights: dict[tuple[str, int, str], int] = {}

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        if isinstance(view, QListView):
            width = view.viewport().width() - self._bar_to_come(view)
        else:
            width = option.rect.width()
        return max(80, width - self.PAD * 3 - self.BADGE)

    def _bar_to_come(self, view: QListView) -> int:
        """The scroll bar's width while it is hidden but certain to appear (more rows than fit
        even at their smallest): the list then lays out again, narrower, and every row measured
        at today's width would be measured twice (a month's flags: ~5 ms of its first paint)."""
        bar, model = view.verticalScrollBar(), view.model()
        if bar.isVisible() or model is None:
            return 0
        if view.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAsNeeded:
            return 0
        # Imported here, as in paint: PySide6 makes QStyle's types and their enums (8 ms) when
        # first named, and the window's first paint, with no flags yet, needs none of them.
        from PySide6.QtWidgets import QStyle

        style = view.style()
        if style.styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, bar):
            return 0  # drawn over the rows: the width does not change
        smallest = self.BADGE + 2 * self.PAD + 2 * view.spacing()
        if model.rowCount() * smallest <= view.viewport().height():
            return 0
        return style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, bar)

    def _suggestion_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setItalic(True)
        return font

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._text_width(option)
        text, hint = str(index.data()), str(index.data(SuggestionRole) or "")
        key = (text, hint, width, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self._SIZES_KEPT:
                self._sizes.clear()
            size = self._sizes[key] = self._measure(option, width, text, hint)
        return QSize(size)

    def _measure(self, option: QStyleOptionViewItem, width: int, text: str, hint: str) -> QSize:
        key = option.font.key()
        if key not in self._metrics:
            if len(self._metrics) > 4:  # fonts come and go with zoom and theme changes
                self._metrics.clear()
                self._hint_heights.clear()
            suggestion_font = self._suggestion_font(option)
            self._metrics[key] = (QFontMetrics(option.font), QFontMetrics(suggestion_font))
        plain, italic = self._metrics[key]
        flags = int(Qt.TextFlag.TextWordWrap)
        message = plain.boundingRect(QRect(0, 0, width, 10_000), flags, text).height()
        suggestion = self._hint_heights.get((key, width, hint))
        if suggestion is None:
            if len(self._hint_heights) >= self._SIZES_KEPT:
                self._hint_heights.clear()
            box = italic.boundingRect(QRect(0, 0, width, 10_000), flags, hint)
            suggestion = self._hint_heights[key, width, hint] = box.height()
        height = self.PAD + message + 3 + suggestion + self.PAD
        return QSize(width + self.PAD * 3 + self.BADGE, max(height, self.BADGE + 2 * self.PAD))

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

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
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(group, text_role)
        # On the selection colour a greyed suggestion is unreadable: it keeps the full text
        # colour there (italic tells it apart); on the base it is muted.
        muted = text if selected else theme.mix(text, palette.color(QPalette.ColorRole.Base), 0.3)
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
        # The placeholder is painted on the viewport in the window's first paint. viewport()
        # would hand Python that Qt-made widget through PySide6's type discovery, which the first
        # time loads the binding of every QWidget subclass (65 enum types, 15-35 ms); found by
        # its name it comes through the QObject path at no cost, and viewport() returns this
        # wrapper from then on (kept here: a dropped wrapper would be discovered again).
        self._viewport = self.findChild(QWidget, "qt_scrollarea_viewport")

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
