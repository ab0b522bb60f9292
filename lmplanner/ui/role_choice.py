"""The leader/manager choice: two large cards, each with what the role does and an example."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from lmplanner.core.domain import Role
from lmplanner.ui import theme
from lmplanner.ui.compat import override


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


ROLE_TEXT = {
    Role.LEADER: (
        "Leader",
        "Earns the audience: a vision, a perspective, a story.",
        "“Why we stopped chasing every feature request”",
    ),
    Role.MANAGER: (
        "Manager",
        "Puts attention to work: how-tos, tips, news, offers.",
        "“How to plan a month of posts in 30 minutes”",
    ),
}


class RoleButton(QAbstractButton):
    """One half of the role choice: a large card with the role's meaning and an example."""

    PAD = 12
    BADGE = 22

    def __init__(self, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        name, explanation, example = ROLE_TEXT[role]
        self.title, self.explanation, self.example = tr(name), tr(explanation), tr(example)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName(f"{role.value}Button")
        self.setText(self.title)
        self.setAccessibleName(tr("{role} post").format(role=self.title))
        self.setAccessibleDescription(f"{self.explanation} {tr('Example:')} {self.example}")
        self.setToolTip(f"{self.explanation}\n{tr('Example:')} {self.example}")

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        title = QFont(self.font())
        title.setBold(True)
        title.setPointSizeF(title.pointSizeF() * 1.2)
        body = QFont(self.font())
        example = QFont(self.font())
        example.setItalic(True)
        return title, body, example

    def _text_height(self, width: int) -> int:
        title, body, example = self._fonts()
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = QRectF(0, 0, width, 1000).toRect()
        return (
            QFontMetrics(title).height()
            + 4
            + QFontMetrics(body).boundingRect(rect, flags, self.explanation).height()
            + 2
            + QFontMetrics(example).boundingRect(rect, flags, self.example).height()
        )

    def _text_width(self) -> int:
        return max(120, self.width() - 3 * self.PAD - self.BADGE)

    @override
    def sizeHint(self) -> QSize:
        return QSize(300, self._text_height(300 - 3 * self.PAD - self.BADGE) + 2 * self.PAD)

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(220, self._text_height(self._text_width()) + 2 * self.PAD)

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return self._text_height(max(120, width - 3 * self.PAD - self.BADGE)) + 2 * self.PAD

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        color = theme.role_color(self.role, palette)
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        checked = self.isChecked()
        title_font, body_font, example_font = self._fonts()
        with QPainter(self) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            frame = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
            fill = theme.role_fill(self.role, palette) if checked else base
            if self.underMouse() and not checked:
                fill = theme.mix(base, color, 0.06)
            border = color if checked else theme.grid_color(palette)
            p.setPen(QPen(border, 3 if checked else 1.2))
            p.setBrush(fill)
            p.drawRoundedRect(frame, 8, 8)
            if self.hasFocus():
                focus = QPen(palette.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
                p.setPen(focus)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(frame.adjusted(4, 4, -4, -4), 6, 6)
            badge = QRectF(self.PAD, self.PAD, self.BADGE, self.BADGE)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color if checked else theme.mix(base, color, 0.55))
            p.drawRoundedRect(badge, 5, 5)
            letter_font = QFont(title_font)
            letter_font.setPixelSize(13)
            p.setFont(letter_font)
            p.setPen(theme.role_on_color(self.role, palette))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, theme.role_letter(self.role))
            left = 2 * self.PAD + self.BADGE
            width = self._text_width()
            y = float(self.PAD)
            flags = int(Qt.TextFlag.TextWordWrap)
            p.setFont(title_font)
            p.setPen(color if checked else text)
            mark = "  ✓" if checked else ""
            height = QFontMetrics(title_font).height()
            p.drawText(QRectF(left, y, width, height), self.title + mark)
            y += height + 4
            p.setFont(body_font)
            p.setPen(text)
            rect = QFontMetrics(body_font).boundingRect(
                QRectF(0, 0, width, 1000).toRect(), flags, self.explanation
            )
            p.drawText(QRectF(left, y, width, rect.height()), flags, self.explanation)
            y += rect.height() + 2
            p.setFont(example_font)
            p.setPen(theme.mix(text, fill, 0.35))
            p.drawText(QRectF(left, y, width, self.height() - y), flags, self.example)
