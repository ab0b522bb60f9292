"""The bar above the calendar that says why the plan cannot be changed, or why a team member's
changes are not shown live; hidden while there is nothing to say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from lmplanner.ui import theme

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.session import PlanSession


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanBanner", text)


class PlanBanner(QFrame):
    """One line of explanation with an icon, tinted so it reads as a notice, not as content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planBanner")
        self.setAccessibleName(tr("Plan notice"))
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Its picture is given when there is first something to say (see _give_icon).
        self.icon = icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setObjectName("planBannerText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # notices quote paths and names
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self._document: PlanDocument | None = None
        self._tint()
        self.hide()

    def _tint(self) -> None:
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        palette.setColor(QPalette.ColorRole.Window, theme.mix(window, accent, 0.16))
        self.setPalette(palette)

    def text(self) -> str:
        """The notice shown ("" while hidden), whether or not the window itself is shown."""
        return self.label.text() if not self.isHidden() else ""

    def _give_icon(self) -> None:
        """The style's information icon, named only when the banner first shows: naming QStyle
        makes PySide6 build its types and a dozen enums (~5 ms), which the window's first paint
        does not need while the banner is hidden, as it is for most plans."""
        from PySide6.QtWidgets import QStyle

        style = self.style()
        size = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        standard = QStyle.StandardPixmap.SP_MessageBoxInformation
        self.icon.setPixmap(style.standardIcon(standard).pixmap(size, size))

    def set_text(self, text: str) -> None:
        if text and self.icon.pixmap().isNull():
            self._give_icon()
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def follow(self, document: PlanDocument | None) -> None:
        """Show `document`'s notice now and whenever it changes (None: nothing to say)."""
        if self._document is not None:
            self._document.noticeChanged.disconnect(self.set_text)
        self._document = document
        if document is None:
            self.set_text("")
            return
        document.noticeChanged.connect(self.set_text)
        self.set_text(document.notice())

    @classmethod
    def install(cls, window: QMainWindow, session: PlanSession) -> PlanBanner:
        """Put a banner above `window`'s central widget (which stays what it is, one level down)
        and keep it in step with the session's document (`documentChanged`)."""
        central = window.takeCentralWidget()
        frame = QWidget(window)
        frame.setObjectName("centralFrame")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        banner = cls(frame)
        layout.addWidget(banner)
        if central is not None:
            layout.addWidget(central, 1)
        window.setCentralWidget(frame)
        session.documentChanged.connect(banner.follow)
        return banner
