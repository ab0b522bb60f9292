"""The report's print preview: every page on a sheet turned as that page is, as the print job
turns the paper (a portrait title page, then landscape calendar pages).

Qt's own preview (QPrintPreviewDialog) shows every sheet with the single page layout the printer
has once painting ends, so a portrait title page came out shrunk in the middle of a landscape
sheet; this dialog shows the PDF's pages themselves, rendered by PDFium at screen resolution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from lmplanner.ui.dialogs.report_print import PdfPages

PREVIEW_DPI = 110  # enough for the screen
ZOOMS = (0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5)
_START_ZOOM = 2  # 0.6: a landscape A4 page fits a laptop screen's width


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportPreview", text)


class ReportPreview(QDialog):
    """The report's pages, each as its own sheet; Print… accepts (the caller then asks for the
    printer), Close rejects."""

    def __init__(self, parent: QWidget | None, pdf: PdfPages) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setWindowTitle(tr("Print preview"))
        self.images: list[QImage] = [pdf.image(i, PREVIEW_DPI) for i in range(pdf.count)]
        self.zoom_index = _START_ZOOM
        self.sheets: list[QLabel] = []
        pages = QWidget(self)
        column = QVBoxLayout(pages)
        column.setSpacing(16)
        for number, _image in enumerate(self.images, start=1):
            sheet = QLabel(pages)
            sheet.setObjectName(f"previewPage{number}")
            sheet.setAccessibleName(
                tr("Page {number} of {total}").format(number=number, total=pdf.count)
            )
            sheet.setFrameShape(QFrame.Shape.Box)
            column.addWidget(sheet, 0, Qt.AlignmentFlag.AlignHCenter)
            self.sheets.append(sheet)
        self.pages_area = QScrollArea(self)
        self.pages_area.setObjectName("previewPages")
        self.pages_area.setAccessibleName(tr("Report pages"))
        self.pages_area.setWidget(pages)
        self.pages_area.setWidgetResizable(True)
        self.pages_area.setBackgroundRole(QPalette.ColorRole.Dark)
        buttons = QDialogButtonBox(self)
        self.zoom_out = self._button(
            buttons, "previewZoomOut", tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_in = self._button(
            buttons, "previewZoomIn", tr("Zoom &in"), QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom_index - 1))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom_index + 1))
        self.print_button = buttons.addButton(tr("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("previewPrint")
        self.print_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages_area, 1)
        layout.addWidget(buttons)
        self.set_zoom(self.zoom_index)
        self.resize(980, 760)
        self.pages_area.setFocus()

    def _button(
        self, buttons: QDialogButtonBox, name: str, text: str, keys: QKeySequence.StandardKey
    ) -> QPushButton:
        button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setShortcut(QKeySequence(keys))
        return button

    def set_zoom(self, index: int) -> None:
        """Show the sheets at ZOOMS[index] of their size at PREVIEW_DPI, each its own shape."""
        self.zoom_index = max(0, min(index, len(ZOOMS) - 1))
        zoom = ZOOMS[self.zoom_index]
        for sheet, image in zip(self.sheets, self.images, strict=True):
            width = max(1, round(image.width() * zoom))
            scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            sheet.setPixmap(QPixmap.fromImage(scaled))
            sheet.setFixedSize(scaled.size())
        self.zoom_out.setEnabled(self.zoom_index > 0)
        self.zoom_in.setEnabled(self.zoom_index < len(ZOOMS) - 1)
