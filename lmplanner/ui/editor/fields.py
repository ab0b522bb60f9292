"""What the editor's fields share: the line edit of a combo box, the warning colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit

from lmplanner.ui import theme


def line_edit(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None, "only editable combo boxes have a line edit"
    return edit


def warning_color(palette: QPalette) -> QColor:
    return QColor("#ff8a80") if theme.is_dark(palette) else QColor("#b71c1c")
