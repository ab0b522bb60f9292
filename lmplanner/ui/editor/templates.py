"""Templates in the editor: the picker ("New post from template"), filling a new post from the
chosen template, and the editor's Templates button (fill from one, save as one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import Role, TemplateRecord
from lmplanner.ui.theme import role_name

if TYPE_CHECKING:
    from lmplanner.ui.editor.editor import PostEditor


def tr(text: str) -> str:
    return QCoreApplication.translate("TemplatePicker", text)


class TemplatePicker(QDialog):
    """A list of templates with a preview of the chosen one's title and text."""

    def __init__(
        self, parent: QWidget | None, templates: Sequence[TemplateRecord], *, heading: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName("templatePicker")
        self.setWindowTitle(heading)
        self.templates = list(templates)
        label = QLabel(tr("&Templates:"), self)
        self.list = QListWidget(self)
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(tr("Templates"))
        label.setBuddy(self.list)
        for template in self.templates:
            origin = tr("built in") if template.builtin else tr("this plan")
            item = QListWidgetItem(f"{template.name} — {role_name(template.role)}, {origin}")
            item.setData(Qt.ItemDataRole.UserRole, template.name)
            self.list.addItem(item)
        self.preview = QLabel(self)
        self.preview.setObjectName("templatePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(90)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Use template"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        for widget in (label, self.list, self.preview, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 440)
        if self.templates:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def _show(self, row: int) -> None:
        template = self.chosen() if row >= 0 else None
        self.preview.setText(f"{template.title}\n\n{template.body}" if template else "")

    def chosen(self) -> TemplateRecord | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None


def fill_editor(editor: PostEditor, values: dict[str, object]) -> None:
    """Put a template's values (`PlanService.template_values`) into a new post's editor."""
    editor.title_edit.setText(str(values.get("title") or ""))
    role = values.get("role")
    button = editor.leader_button if role == Role.LEADER else editor.manager_button
    if role is not None and not button.isChecked():
        button.click()  # as a person would: the kinds follow the role
    kind = values.get("kind")
    if kind is not None:
        index = editor.kind_combo.findData(str(getattr(kind, "value", kind)))
        editor.kind_combo.setCurrentIndex(max(0, index))
    if values.get("channel"):
        editor.channel_combo.setCurrentText(str(values["channel"]))
    if values.get("author"):
        editor.author_combo.setCurrentText(str(values["author"]))
    editor.body_edit.setPlainText(str(values.get("body") or ""))
    pillar = values.get("pillar")
    if pillar:  # shown, so the person sees (and can change) the pillar the post will have
        editor.strategy.set_pillar(str(pillar))
        editor.strategy.pillar_combo.setEnabled(True)
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()  # the template's title is a prompt to rewrite


def add_template_button(
    editor: PostEditor,
    *,
    fill: Callable[[], object] | None,
    save: Callable[[], object],
) -> QPushButton:
    """The editor's Templates button: fill a new post from a template, or save this as one."""
    button = QPushButton(tr("Templates"), editor)  # T is the title's; Tab reaches it
    button.setObjectName("templatesButton")
    button.setAccessibleName(tr("Templates"))
    menu = QMenu(button)
    if fill is not None:
        action = menu.addAction(tr("Fill from template…"))
        action.setObjectName("fillFromTemplate")
        action.triggered.connect(fill)
    action = menu.addAction(tr("Save as template…"))
    action.setObjectName("saveAsTemplate")
    action.triggered.connect(save)
    button.setMenu(menu)
    editor.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    return button


def ask_template_name(
    parent: QWidget, suggested: str, chosen: Callable[[str], object]
) -> QInputDialog:
    """Ask for the new template's name (window-modal); `chosen` hears a non-empty answer."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("templateNameDialog")
    dialog.setWindowTitle(tr("Save as template"))
    dialog.setLabelText(tr("Template &name:"))
    dialog.setTextValue(suggested)
    dialog.textValueSelected.connect(lambda text: chosen(text) if text.strip() else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
