"""The first-run panel of an empty plan: leader vs manager in two sentences, an invitation to write
the vision and name the pillars (optional), and a way to start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import VISION_MAX, Role
from lmplanner.ui import theme
from lmplanner.ui.compat import override


def tr(text: str) -> str:
    return QCoreApplication.translate("WelcomePanel", text)


class WelcomePanel(QWidget):
    """Shown instead of the calendar while a new plan is empty."""

    sampleRequested = Signal()
    emptyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The explanation is filled when the panel is first shown: the first rich text Qt lays
        # out costs ~6 ms (its HTML parser's set-up), and the window is built with this panel
        # hidden behind the calendar unless the plan is new and empty.
        self._explained = False
        self.setObjectName("welcomePanel")
        self.setAccessibleName(tr("Welcome"))
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAutoFillBackground(True)
        card.setBackgroundRole(QPalette.ColorRole.Base)
        card.setMaximumWidth(640)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        heading = QLabel(tr("Plan posts that earn attention — and use it"), card)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)

        self.explanation = QLabel(card)
        self.explanation.setObjectName("welcomeText")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)

        # A new plan is named here (prefilled from its file), not left as "plan".
        self.name_edit = QLineEdit(card)
        self.name_edit.setObjectName("planNameEdit")
        self.name_edit.setAccessibleName(tr("Plan name"))
        self.name_edit.setToolTip(tr("You can change it later in Plan settings"))
        name_label = QLabel(tr("Plan &name:"), card)
        name_label.setBuddy(self.name_edit)
        name_row = QFormLayout()
        name_row.addRow(name_label, self.name_edit)
        self._build_strategy(card, name_row)

        self.sample_button = QPushButton(tr("Start with a &sample month"), card)
        self.sample_button.setObjectName("sampleButton")
        self.sample_button.setDefault(True)
        self.sample_button.setAutoDefault(True)
        self.sample_button.setToolTip(
            tr(
                "Add about 25 example posts, a vision and three pillars to this month; "
                "one Undo removes them all"
            )
        )
        self.empty_button = QPushButton(tr("Start empt&y"), card)
        self.empty_button.setObjectName("emptyButton")
        self.empty_button.setAutoDefault(True)
        for button in (self.sample_button, self.empty_button):
            button.setMinimumHeight(34)
            button.setMinimumWidth(190)
        self.sample_button.clicked.connect(self.sampleRequested)
        self.empty_button.clicked.connect(self.emptyRequested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.sample_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)

        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(32, 28, 32, 28)
        card_layout.setSpacing(14)
        card_layout.addWidget(heading)
        card_layout.addWidget(self.explanation)
        card_layout.addLayout(name_row)
        card_layout.addSpacing(6)
        card_layout.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _build_strategy(self, card: QWidget, form: QFormLayout) -> None:
        """The vision and pillars, both optional: the plan works without them."""
        self.vision_edit = QLineEdit(card)
        self.vision_edit.setObjectName("welcomeVision")
        self.vision_edit.setAccessibleName(tr("Vision (optional)"))
        self.vision_edit.setMaxLength(VISION_MAX)
        self.vision_edit.setPlaceholderText(
            tr("Optional: what your company stands for, in a sentence")
        )
        self.pillars_edit = QLineEdit(card)
        self.pillars_edit.setObjectName("welcomePillars")
        self.pillars_edit.setAccessibleName(tr("Pillars (optional)"))
        self.pillars_edit.setPlaceholderText(tr("Optional: 2–5 themes, e.g. Craft, Community"))
        self.pillars_edit.setToolTip(
            tr("Comma-separated; change them any time in Plan settings > Strategy")
        )
        for text, edit in (
            (tr("Visi&on:"), self.vision_edit),
            (tr("P&illars:"), self.pillars_edit),
        ):
            label = QLabel(text, card)
            label.setBuddy(edit)
            form.addRow(label, edit)

    def strategy_values(self) -> tuple[str, list[str]]:
        """The vision and the pillar names typed here (each name once)."""
        names: list[str] = []
        for part in self.pillars_edit.text().split(","):
            name = " ".join(part.split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        return " ".join(self.vision_edit.text().split()), names

    def clear_strategy(self) -> None:
        self.vision_edit.clear()
        self.pillars_edit.clear()

    def set_plan_name(self, name: str) -> None:
        self.name_edit.setText(name)

    def plan_name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def _fill_explanation(self) -> None:
        self._explained = True
        leader = theme.role_color(Role.LEADER, self.palette()).name()
        manager = theme.role_color(Role.MANAGER, self.palette()).name()
        self.explanation.setText(
            tr(
                "<p><b style='color:{leader}'>Leader</b> posts earn your audience with a vision, "
                "a perspective or a story; <b style='color:{manager}'>manager</b> posts put that "
                "attention to work with how-tos, tips, news and offers.</p>"
                "<p>A good plan needs both: LM Planner shows the balance of every month and week "
                "as you plan, and warns when a plan is all activity and no vision.</p>"
            ).format(leader=leader, manager=manager)
        )

    @override
    def changeEvent(self, event: QEvent) -> None:
        palette_changed = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if self._explained and event.type() in palette_changed:
            self._fill_explanation()  # the role colours differ between light and dark
        super().changeEvent(event)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if not self._explained:
            self._fill_explanation()
        super().showEvent(event)

    def focus_default(self) -> None:
        self.sample_button.setFocus()
