"""The post editor's widgets and where they sit: title, roles, fields, text, results, the
scrolling area and the buttons. PostEditor (editor.py) gives them their behaviour."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import (
    DATE_MAX,
    DATE_MIN,
    Kind,
    PostRecord,
    Role,
    Status,
)
from lmplanner.ui.dialogs.common import error_label
from lmplanner.ui.editor.fields import line_edit
from lmplanner.ui.editor.results import ResultsSection
from lmplanner.ui.editor.role_choice import (
    SUGGEST_KEY,
    RoleButton,
    SuggestionButton,
)
from lmplanner.ui.editor.strategy import StrategyBox
from lmplanner.ui.editor.time_field import TimeField, qdate

if TYPE_CHECKING:
    from lmplanner.ui.editor.links import LinkSource


SUGGEST_DELAY_MS = 250  # typing pauses this long before the text is read again


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


def kind_label(kind: Kind) -> str:
    return kind.value[:1].upper() + kind.value[1:]


def status_label(status: Status) -> str:
    return {
        Status.IDEA: tr("Idea"),
        Status.DRAFT: tr("Draft"),
        Status.IN_REVIEW: tr("In review"),
        Status.CHANGES_REQUESTED: tr("Changes requested"),
        Status.APPROVED: tr("Approved"),
        Status.SCHEDULED: tr("Scheduled"),
        Status.PUBLISHED: tr("Published"),
    }[status]


class EditorLayout(QDialog):
    """Builds the editor's widgets; the handlers they are wired to are PostEditor's."""

    helpRequested = Signal()
    _links: LinkSource | None
    post: PostRecord | None

    # ------------------------------------------------------------------ building
    def _build(self, channels: list[str], authors: list[str], campaigns: list[str]) -> None:
        # Widgets are made in tab order: the parts below are called top to bottom.
        title_label = self._build_title()
        role_head, roles = self._build_roles()
        form_box = self._build_form(channels, authors, campaigns)
        text_col = self._build_text()
        self.results_section = ResultsSection(self)  # what the post achieved, once published
        columns = self._columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(form_box, 0)
        columns.addLayout(text_col, 1)
        self._build_error_label()
        self._build_buttons()

        # The post's fields scroll: with strategy, repeat and results they outgrow a laptop's
        # screen, while the error line and the buttons stay in view.
        body = QWidget(self)
        body.setObjectName("editorBody")
        layout = self._body = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title_label)
        layout.addWidget(self.title_edit)
        layout.addSpacing(4)
        layout.addLayout(role_head)
        layout.addLayout(roles)
        layout.addWidget(self.suggestion_button)
        layout.addSpacing(4)
        layout.addLayout(columns, 1)
        layout.addWidget(self.results_section)
        self.fields_area = QScrollArea(self)
        self.fields_area.setObjectName("editorScroll")
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fields_area.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setSpacing(8)
        outer.addWidget(self.fields_area, 1)
        outer.addWidget(self.error_label)
        outer.addWidget(self.buttons)

        self.setTabOrder(self.title_edit, self.leader_button)
        self.setTabOrder(self.leader_button, self.manager_button)
        self.setTabOrder(self.manager_button, self.kind_combo)
        self._connect_edits()

    def _build_title(self) -> QLabel:
        """The title field, a size up from the rest; returns its label."""
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setPlaceholderText(tr("What is this post about?"))
        self.title_edit.setAccessibleName(tr("Title"))
        title_font = self.title_edit.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.title_edit.setFont(title_font)
        title_label = QLabel(tr("&Title"), self)
        title_label.setBuddy(self.title_edit)
        return title_label

    def _build_roles(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The leader and manager buttons, the suggestion and its timer; returns the two rows."""
        self.leader_button = RoleButton(Role.LEADER, self)
        self.manager_button = RoleButton(Role.MANAGER, self)
        # QShortcut rather than setShortcut(): a button's own shortcut animates for 100 ms first.
        for keys, button in (("Alt+L", self.leader_button), ("Alt+M", self.manager_button)):
            QShortcut(QKeySequence(keys), self, button.click)
        self.role_group = QButtonGroup(self)
        self.role_group.setExclusive(True)
        self.role_group.addButton(self.leader_button)
        self.role_group.addButton(self.manager_button)
        self.role_group.buttonClicked.connect(self._on_role_clicked)
        role_label = QLabel(tr("Role — which job does this post do?"), self)
        role_font = role_label.font()
        role_font.setBold(True)
        role_label.setFont(role_font)
        # The suggestion never sets the role by itself; a click or Alt+S takes it.
        self.suggestion_button = SuggestionButton(self)
        self.suggestion_button.clicked.connect(self.accept_suggestion)
        QShortcut(QKeySequence(SUGGEST_KEY), self, self.accept_suggestion)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self.update_suggestion)
        help_link = QLabel(f"<a href='#help'>{tr('What makes a leader post?')}</a>", self)
        help_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        help_link.linkActivated.connect(lambda _link: self.helpRequested.emit())
        role_head = QHBoxLayout()
        role_head.addWidget(role_label)
        role_head.addStretch(1)
        role_head.addWidget(help_link)
        roles = QHBoxLayout()
        roles.setSpacing(10)
        roles.addWidget(self.leader_button)
        roles.addWidget(self.manager_button)
        return role_head, roles

    def _build_form(self, channels: list[str], authors: list[str], campaigns: list[str]) -> QWidget:
        """The left column: kind, names, date and time, status and link."""
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        self.channel_combo = self._name_combo("channelCombo", channels, tr("Channel"))
        self.author_combo = self._name_combo("authorCombo", ["", *authors], tr("Author"))
        line_edit(self.author_combo).setPlaceholderText(tr("Nobody yet"))
        self.campaign_combo = self._name_combo("campaignCombo", ["", *campaigns], tr("Campaign"))
        line_edit(self.campaign_combo).setPlaceholderText(tr("None"))
        date_row, time_row = self._build_when()

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.setAccessibleName(tr("Status"))
        for status in Status:
            self.status_combo.addItem(status_label(status), status.value)
        self.status_combo.activated.connect(self._on_status_chosen)

        self.link_edit = QLineEdit(self)
        self.link_edit.setObjectName("linkEdit")
        self.link_edit.setPlaceholderText("https://…")
        self.link_edit.setAccessibleName(tr("Link"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("&Kind"), self.kind_combo)
        form.addRow(tr("C&hannel"), self.channel_combo)
        form.addRow(tr("&Author"), self.author_combo)
        form.addRow(tr("&Campaign"), self.campaign_combo)
        date_label = QLabel(tr("&Date"), self)
        date_label.setBuddy(self.date_edit)
        form.addRow(date_label, date_row)
        form.addRow(tr("Time"), time_row)
        form.addRow(tr("Stat&us"), self.status_combo)
        form.addRow(tr("Li&nk"), self.link_edit)
        form_box = QWidget(self)
        column = QVBoxLayout(form_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        buttons = (self.leader_button, self.manager_button)
        self.strategy = StrategyBox(
            self, self._links, self.post, role=self.role, role_buttons=buttons, date=self.date
        )
        column.addWidget(self.strategy)
        column.addStretch(1)
        form_box.setMinimumWidth(330)
        return form_box

    def _build_when(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The date with its Backlog box, and the optional time; returns the two rows."""
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        # Qt's own range (1752 … 9999) is wider than what a plan may hold.
        self.date_edit.setDateRange(qdate(DATE_MIN), qdate(DATE_MAX))
        self.date_edit.setAccessibleName(tr("Date"))
        self.backlog_check = QCheckBox(tr("Backlo&g (no date yet)"), self)
        self.backlog_check.setObjectName("backlogCheck")
        self.backlog_check.toggled.connect(self._on_backlog_toggled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit, 1)
        date_row.addWidget(self.backlog_check)

        self.time_check = QCheckBox(tr("At a t&ime"), self)
        self.time_check.setObjectName("timeCheck")
        self.time_edit = TimeField(self)
        self.time_edit.setObjectName("timeEdit")
        self.time_edit.setAccessibleName(tr("Time"))
        self.time_check.toggled.connect(self._sync_enabled)
        time_row = QHBoxLayout()
        time_row.addWidget(self.time_check)
        time_row.addWidget(self.time_edit, 1)
        return date_row, time_row

    def _build_text(self) -> QVBoxLayout:
        """The right column: body with its counter, and the private notes."""
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("bodyEdit")
        self.body_edit.setAccessibleName(tr("Body"))
        self.body_edit.setPlaceholderText(tr("The text of the post"))
        self.body_edit.setTabChangesFocus(True)
        self.counter = QLabel(self)
        self.counter.setObjectName("bodyCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setAccessibleName(tr("Notes"))
        self.notes_edit.setPlaceholderText(tr("Private notes: sources, ideas, who to tag"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(90)
        body_label = QLabel(tr("&Body"), self)
        body_label.setBuddy(self.body_edit)
        notes_label = QLabel(tr("N&otes"), self)
        notes_label.setBuddy(self.notes_edit)
        text_col = QVBoxLayout()
        text_col.addWidget(body_label)
        text_col.addWidget(self.body_edit, 1)
        text_col.addWidget(self.counter)
        text_col.addWidget(notes_label)
        text_col.addWidget(self.notes_edit)
        return text_col

    def _build_error_label(self) -> None:
        self.error_label = error_label(self)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(tr("Save (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.try_submit)
        self.buttons.rejected.connect(self.cancel)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.try_submit)

    def _name_combo(self, name: str, items: list[str], accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(items)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        return combo

    # ------------------------------------------------------------------ behaviour (editor.py)
    def _connect_edits(self) -> None:
        raise NotImplementedError

    def role(self) -> Role | None:
        raise NotImplementedError

    def date(self) -> dt.date | None:
        raise NotImplementedError

    def _on_role_clicked(self, _button: QAbstractButton) -> None:
        raise NotImplementedError

    def accept_suggestion(self) -> bool:
        raise NotImplementedError

    def update_suggestion(self) -> None:
        raise NotImplementedError

    def _on_status_chosen(self, _index: int) -> None:
        raise NotImplementedError

    def _on_backlog_toggled(self, backlog: bool) -> None:
        raise NotImplementedError

    def _sync_enabled(self) -> None:
        raise NotImplementedError

    def try_submit(self) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError
