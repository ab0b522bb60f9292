"""Small painted icons for lists and menus: the role's L/M badge and a channel's colour dot,
the same cues the calendar chips paint."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap

from lmplanner.core.domain import Role
from lmplanner.ui import theme

_BADGES: dict[tuple[Role, bool, float], QIcon] = {}


def role_badge(role: Role, palette: QPalette, ratio: float = 1.0) -> QIcon:
    """The L/M badge of the calendar chips as a small icon: the role's colour and letter."""
    key = (Role(role), theme.is_dark(palette), ratio)
    icon = _BADGES.get(key)
    if icon is None:
        size = 16
        pixmap = QPixmap(round(size * ratio), round(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        with QPainter(pixmap) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.role_color(role, palette))
            p.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 3, 3)
            font = QFont()
            font.setPixelSize(11)
            font.setBold(True)
            p.setFont(font)
            p.setPen(theme.role_on_color(role, palette))
            p.drawText(
                QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, theme.role_letter(role)
            )
        icon = QIcon(pixmap)
        _BADGES[key] = icon
    return icon


def dot_icon(color: QColor, ratio: float = 1.0) -> QIcon:
    size = 12
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    with QPainter(pixmap) as p:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    return QIcon(pixmap)


def swatch(color: str) -> QIcon:
    """A small rounded patch of `color` (pillars and channels in menus, lists and tables)."""
    pixmap = QPixmap(28, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    with QPainter(pixmap) as p:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor(color).darker(130))
        p.setBrush(QColor(color))
        p.drawRoundedRect(1, 1, 26, 14, 3, 3)
    return QIcon(pixmap)
