"""Table cells whose text keeps the row's baseline, whatever fonts its characters come from.

Qt centres a cell's text by the height of its whole line, and a character drawn from a fallback
font with a tall line (an emoji from Symbola, Urdu from Amiri) makes that line taller than the
row: the text is pushed up and its top cut off. Here such text is drawn on the baseline of the
table's own font, so every cell of a row lines up and the glyphs show whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

AnyIndex = QModelIndex | QPersistentModelIndex
# Below this every character is Latin: the table's own font draws it, Qt's painting is right.
_PLAIN_LIMIT = 0x250


def needs_baseline(text: str) -> bool:
    """Whether `text` may hold a character from a fallback font (and so needs drawing here)."""
    return not text.isascii() and any(ord(ch) >= _PLAIN_LIMIT for ch in text)


class BaselineTextDelegate(QStyledItemDelegate):
    """Draws a cell as Qt does, then its text (elided, aligned) on the table font's baseline."""

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # Imported here: PySide6 makes the style option types and their enums when first named,
        # and the window's first paint draws no table cell.
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        if not needs_baseline(text):
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = text_rect.adjusted(margin, 0, -margin, 0)
        metrics = QFontMetricsF(opt.font)
        shown = metrics.elidedText(text, opt.textElideMode, rect.width())
        width = metrics.horizontalAdvance(shown)
        x = float(rect.left())
        if opt.displayAlignment & Qt.AlignmentFlag.AlignRight:
            x = rect.right() + 1 - width
        elif opt.displayAlignment & Qt.AlignmentFlag.AlignHCenter:
            x = rect.left() + (rect.width() - width) / 2
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) / 2
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        try:
            painter.setClipRect(opt.rect)
            painter.setFont(opt.font)
            painter.setPen(opt.palette.color(group, role))
            painter.drawText(QPointF(x, baseline), shown)
        finally:
            painter.restore()
