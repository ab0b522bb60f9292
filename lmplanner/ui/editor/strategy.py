"""The editor's strategy part: the post's pillar, the leader post a manager post follows up, and a
leader post's follow-ups with "Plan a follow-up". Says so when a link stops counting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import PostRecord, Role, name_key
from lmplanner.ui import theme
from lmplanner.ui.badges import swatch
from lmplanner.ui.editor.follow_picker import FollowPicker, PostIdRole, post_line

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from lmplanner.ui.editor.links import LinkSource


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


class StrategyBox(QGroupBox):
    """Pillar, "Follows up" (manager posts) or follow-ups (leader posts); hidden without a plan.

    `openPost(id)` asks to open a linked post, `planFollowUp(post)` a new follow-up of `post`.
    """

    openPost = Signal(int)
    planFollowUp = Signal(object)  # the leader PostRecord

    def __init__(
        self,
        parent: QWidget,
        source: LinkSource | None,
        post: PostRecord | None,
        *,
        role: Callable[[], Role | None],
        role_buttons: tuple[QAbstractButton, ...],
        date: Callable[[], dt.date | None],
    ) -> None:
        super().__init__(tr("Strategy"), parent)
        self.setObjectName("strategyBox")
        self.source, self.post = source, post
        self._role, self._date = role, date
        self.follows: int | None = post.follows if post else None
        self._build()
        self._load_pillars(post.pillar if post else None)
        for button in role_buttons:
            button.toggled.connect(self.sync)
        self.setVisible(source is not None)
        self.sync()

    def _build(self) -> None:
        self.pillar_combo = QComboBox(self)
        self.pillar_combo.setObjectName("pillarCombo")
        self.pillar_combo.setAccessibleName(tr("Pillar"))
        self.follows_label = QLabel(self)
        self.follows_label.setObjectName("followsLabel")
        self.follows_label.setWordWrap(True)
        self.follows_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = self._button("followsChoose", tr("&Find a leader post…"), self.choose)
        self.choose_button.setToolTip(tr("Choose the leader post this manager post follows up"))
        self.open_button = self._button("followsOpen", tr("Op&en"), self.open_linked)
        self.open_button.setToolTip(tr("Open the linked post (saves this one first if changed)"))
        self.clear_button = self._button("followsClear", tr("Remo&ve"), self.clear_link)
        self.clear_button.setAccessibleName(tr("Remove the follow-up link"))
        self.notice = QLabel(self)
        self.notice.setObjectName("linkNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # it quotes post titles
        self.notice.setWordWrap(True)
        self.followups = QListWidget(self)
        self.followups.setObjectName("followUpsList")
        self.followups.setAccessibleName(tr("Follow-ups"))
        self.followups.setMaximumHeight(84)
        self.followups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.followups.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.followups_label = QLabel(self)
        self.followups_label.setBuddy(self.followups)
        self.followups.itemActivated.connect(
            lambda item: self.openPost.emit(int(item.data(PostIdRole)))
        )
        self.plan_button = self._button("planFollowUp", tr("Plan a follo&w-up"), self._plan)
        self.plan_button.setToolTip(
            tr("A new manager post in this pillar that follows this one up")
        )
        self.follows_row = QWidget(self)
        column = QVBoxLayout(self.follows_row)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.follows_label)
        row = QHBoxLayout()
        for button in (self.choose_button, self.open_button, self.clear_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.followups_box = QWidget(self)
        column = QVBoxLayout(self.followups_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.followups_label)
        column.addWidget(self.followups)
        column.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        pillar_label = QLabel(tr("Pilla&r"), self)
        pillar_label.setBuddy(self.pillar_combo)
        form.addRow(pillar_label, self.pillar_combo)
        form.addRow(self.follows_row)
        form.addRow(self.followups_box)
        form.addRow(self.notice)

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _load_pillars(self, current: str | None) -> None:
        self.pillar_combo.addItem(tr("No pillar"), None)
        pillars = self.source.pillars() if self.source else []
        for pillar in pillars:
            self.pillar_combo.addItem(swatch(pillar.color), pillar.name, pillar.name)
            if pillar.description:
                index = self.pillar_combo.count() - 1
                self.pillar_combo.setItemData(
                    index, pillar.description, Qt.ItemDataRole.ToolTipRole
                )
        self.set_pillar(current)
        self.pillar_combo.setEnabled(bool(pillars) or current is not None)
        if not pillars:
            self.pillar_combo.setToolTip(tr("Name your pillars in Plan settings > Strategy"))

    # ------------------------------------------------------------------ values
    def pillar(self) -> str | None:
        data = self.pillar_combo.currentData()
        return str(data) if data else None

    def set_pillar(self, name: str | None) -> None:
        if name and self.pillar_combo.findData(name) < 0:
            matches = [
                i
                for i in range(1, self.pillar_combo.count())
                if name_key(str(self.pillar_combo.itemData(i))) == name_key(name)
            ]
            if not matches:
                self.pillar_combo.addItem(name, name)
        index = 0
        for i in range(1, self.pillar_combo.count()):
            if name and name_key(str(self.pillar_combo.itemData(i))) == name_key(name):
                index = i
        self.pillar_combo.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        """pillar and follows as the services take them. A post that is not a manager post keeps
        the link it has (which then does not count) and gets none new."""
        if self._role() is Role.MANAGER:
            follows = self.follows
        else:
            follows = self.post.follows if self.post else None
        return {"pillar": self.pillar(), "follows": follows}

    def field_widget(self, field: str) -> QWidget | None:
        return {"pillar": self.pillar_combo, "follows": self.choose_button}.get(field)

    # ------------------------------------------------------------------ follows up
    def choose(self) -> FollowPicker | None:
        """Open the picker (window-modal); a chosen leader post becomes the link."""
        if self.source is None:
            return None
        picker = FollowPicker(
            self.source,
            self,
            pillar=self.pillar(),
            near=self._date(),
            exclude=self.post.id if self.post else None,
        )
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self.set_follows(picker.chosen()))
        picker.open()
        return picker

    def set_follows(self, post_id: int | None) -> None:
        """Link to this leader post; a post with no pillar takes the leader post's, as the
        services do."""
        self.follows = post_id
        linked = self.source.post(post_id) if self.source and post_id else None
        if linked is not None and linked.pillar and self.pillar() is None:
            self.set_pillar(linked.pillar)
        self.sync()
        self.choose_button.setFocus()

    def clear_link(self) -> None:
        self.follows = None
        self.sync()
        self.choose_button.setFocus()

    def open_linked(self) -> None:
        if self.follows is not None:
            self.openPost.emit(self.follows)

    def _plan(self) -> None:
        if self.post is not None:
            self.planFollowUp.emit(self.post)

    # ------------------------------------------------------------------ showing
    def sync(self, *_args: object) -> None:
        """Show the part that fits the role and say whether the links count."""
        if self.source is None:
            return
        role = self._role()
        manager, leader = role is Role.MANAGER, role is Role.LEADER
        self.follows_row.setVisible(manager)
        self.followups_box.setVisible(leader and self.post is not None)
        linked = self.source.post(self.follows) if self.source and self.follows else None
        if self.follows is None:
            self.follows_label.setText(tr("Follows up no leader post"))
        elif linked is None:
            self.follows_label.setText(tr("Follows up a post that no longer exists"))
        else:
            self.follows_label.setText(tr("Follows up: {post}").format(post=post_line(linked)))
        self.open_button.setEnabled(linked is not None)
        self.clear_button.setEnabled(self.follows is not None)
        if leader and self.post is not None:
            self._fill_followups()
        self._show_notice(self._notice_text(role, linked))

    def _fill_followups(self) -> None:
        assert self.post is not None and self.source is not None
        self.followups.clear()
        for follow_up in self.source.follow_ups(self.post.id):
            item = QListWidgetItem(post_line(follow_up), self.followups)
            item.setData(PostIdRole, follow_up.id)
        count = self.followups.count()
        self.followups_label.setText(
            tr("Follow-ups ({count}):").format(count=count) if count else tr("Follow-ups:")
        )
        if not count:
            item = QListWidgetItem(tr("No follow-ups yet"), self.followups)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _notice_text(self, role: Role | None, linked: PostRecord | None) -> str:
        if self.follows is None or self.source is None:
            return ""
        if role is Role.LEADER:
            return tr(
                "A leader post follows nothing up: its link stays but does not count while "
                "this is a leader post."
            )
        if linked is None:
            return tr("The linked post is gone: this link does not count.")
        if linked.deleted_at is not None:
            return tr(
                "“{title}” is in the trash: this link does not count until it is restored."
            ).format(title=linked.title)
        if linked.role is not Role.LEADER:
            return tr(
                "“{title}” is now a manager post: this link does not count until it is a "
                "leader post again."
            ).format(title=linked.title)
        return ""

    def _show_notice(self, text: str) -> None:
        self.notice.setText(f"⚠ {text}" if text else "")
        self.notice.setVisible(bool(text))
        palette = self.notice.palette()
        color = theme.quiet_text_color(self.palette())
        if text:
            from lmplanner.ui.meter.flags import severity_color

            color = severity_color("medium", self.palette())
        palette.setColor(self.notice.foregroundRole(), color)
        self.notice.setPalette(palette)

    def start_follow_up(self, leader: PostRecord) -> None:
        """A new follow-up of `leader`: its pillar and the link."""
        self.set_pillar(leader.pillar)
        self.set_follows(leader.id)

    def notice_text(self) -> str:
        return "" if self.notice.isHidden() else self.notice.text().removeprefix("⚠ ")
