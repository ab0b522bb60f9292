"""The post editor: every field of a post, with the leader/manager choice front and centre."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QWidget,
)

from lmplanner.core.domain import (
    CHANNEL_TEXT_LIMITS,
    Kind,
    PostRecord,
    Role,
    Status,
    kinds_for,
    name_key,
)
from lmplanner.core.errors import ValidationError
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.editor.discard import ask_discard
from lmplanner.ui.editor.fields import warning_color
from lmplanner.ui.editor.layout import EditorLayout, kind_label, tr
from lmplanner.ui.editor.role_choice import (
    ACCEPT,
    describe,
)
from lmplanner.ui.editor.time_field import pydate, pytime, qdate

if TYPE_CHECKING:
    from lmplanner.core.suggest import RoleSuggestion
    from lmplanner.ui.editor.links import LinkSource


class PostEditor(EditorLayout):
    """Edits one post (or a new one) and hands back its fields; the window calls the services.

    `submitted` carries the fields once they pass `validate_post`; the window saves them and
    closes the editor with `accept()`, or reports a problem with `show_error()`.
    """

    submitted = Signal(dict)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        post: PostRecord | None = None,
        date: dt.date | None = None,
        time: dt.time | None = None,
        channels: Iterable[str] = (),
        authors: Iterable[str] = (),
        campaigns: Iterable[str] = (),
        default_channel: str | None = None,
        default_author: str | None = None,
        links: LinkSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("postEditor")
        self._links = links  # the plan's pillars and leader posts (None: no strategy part)
        self.post = post
        self.post_id = post.id if post else None
        self.opened_version = post.version if post else None
        self._role_suggested = post.role_suggested if post else False
        self._suggestion: RoleSuggestion | None = None
        self._status_touched = post is not None
        self._validated_once = False
        # Each role's kind as last chosen here (the other role's from the post's kept kind), so
        # clicking the other role and back brings the kind back, as the services do.
        self._kinds: dict[Role, Kind | None] = {}
        self._kinds_role: Role | None = None
        if post is not None:
            other = Role.MANAGER if post.role is Role.LEADER else Role.LEADER
            self._kinds = {post.role: post.kind, other: post.other_kind}
        self.setWindowTitle(tr("Edit post") if post else tr("New post"))
        self._build(list(channels), list(authors), list(campaigns))
        self._load(post, date, time, default_channel, default_author)
        self._loaded = self.values()
        self.resize(860, self._fitting_height())

    def _fitting_height(self) -> int:
        """Tall enough to show every field without scrolling, where the screen has the room."""
        body = self.fields_area.widget()
        fields = body.sizeHint().height() if body is not None else 560
        wanted = fields + self.buttons.sizeHint().height() + 48
        screen = self.screen()
        room = screen.availableGeometry().height() - 80 if screen is not None else wanted
        # At least 640 for a roomy look, never more than the screen has: the fields scroll.
        return min(room, max(640, wanted))

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.keep_on_screen()

    def keep_on_screen(self) -> None:
        """Inside the screen's available geometry, frame included: centred on a main window
        near the top, a tall editor started above the screen with its title out of reach."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        border_w, border_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), room.width() - border_w)
        height = min(self.height(), room.height() - border_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            frame = self.frameGeometry()
        x = min(max(frame.left(), room.left()), room.right() + 1 - frame.width())
        y = min(max(frame.top(), room.top()), room.bottom() + 1 - frame.height())
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def add_section(self, section: QWidget) -> None:
        """A section under the post's fields, in the scrolling part (the Repeat section)."""
        self._body.addWidget(section)
        self.resize(self.width(), self._fitting_height())

    def add_side_panel(self, panel: QWidget) -> None:
        """A panel beside the text (the review's comment thread), after the post's own fields."""
        self._columns.addWidget(panel, 0)
        self.resize(self.width() + panel.sizeHint().width(), self.height())

    def _connect_edits(self) -> None:
        """Typing revalidates (once a save was tried), counts and, after a pause, suggests."""
        for widget in (self.title_edit, self.link_edit):
            widget.textChanged.connect(self._revalidate)
        self.body_edit.textChanged.connect(self._update_counter)
        self.body_edit.textChanged.connect(self._revalidate)
        self.channel_combo.currentTextChanged.connect(self._update_counter)
        self.channel_combo.currentTextChanged.connect(self._revalidate)
        self.title_edit.textChanged.connect(self._suggest_timer.start)
        self.body_edit.textChanged.connect(self._suggest_timer.start)
        self.kind_combo.currentIndexChanged.connect(self._show_suggestion)
        self.results_section.changed.connect(self._revalidate)

    # ------------------------------------------------------------------ loading
    def _load(
        self,
        post: PostRecord | None,
        date: dt.date | None,
        time: dt.time | None,
        default_channel: str | None,
        default_author: str | None,
    ) -> None:
        if post is not None:
            self.title_edit.setText(post.title)
            self._set_role(post.role)
            self._set_kind(post.kind)
            self.channel_combo.setCurrentText(post.channel)
            self.author_combo.setCurrentText(post.author or "")
            self.campaign_combo.setCurrentText(post.campaign or "")
            date, time = post.date, post.time
            self.body_edit.setPlainText(post.body)
            self.link_edit.setText(post.link)
            self.notes_edit.setPlainText(post.notes)
            status = post.status
        else:
            self._set_role(None)
            if default_channel:
                self.channel_combo.setCurrentText(default_channel)
            self.author_combo.setCurrentText(default_author or "")
            status = Status.IDEA if date is None else Status.DRAFT
        self.date_edit.setDate(qdate(date or dt.date.today()))
        self.backlog_check.setChecked(date is None)
        self.time_check.setChecked(time is not None)
        self.time_edit.setTime(QTime(time.hour, time.minute) if time else QTime(9, 0))
        self._set_status(status)
        self.results_section.load(post)
        self.update_suggestion()
        self._sync_enabled()
        self._update_counter()
        self.title_edit.setFocus()

    def _set_role(self, role: Role | None) -> None:
        self.leader_button.setChecked(role is Role.LEADER)
        self.manager_button.setChecked(role is Role.MANAGER)
        self._fill_kinds(role)

    def _fill_kinds(self, role: Role | None) -> None:
        current = self.kind()
        if self._kinds_role is not None:
            self._kinds[self._kinds_role] = current
        self._kinds_role = role
        self.kind_combo.clear()
        if role is None:
            self.kind_combo.addItem(tr("Choose a role first"), None)
            self.kind_combo.setEnabled(False)
            return
        self.kind_combo.setEnabled(True)
        self.kind_combo.addItem(tr("No kind"), None)
        for kind in kinds_for(role):
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self._set_kind(current if current in kinds_for(role) else self._kinds.get(role))

    def _set_kind(self, kind: Kind | None) -> None:
        # Item data holds the plain value: Qt turns a StrEnum into a str on the way in.
        index = self.kind_combo.findData(kind.value) if kind is not None else 0
        self.kind_combo.setCurrentIndex(max(0, index))

    def _set_status(self, status: Status) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status.value)))

    # ------------------------------------------------------------------ reactions
    def _on_role_clicked(self, _button: QAbstractButton) -> None:
        self._role_suggested = False
        self._fill_kinds(self.role())
        self._show_suggestion()
        self._revalidate()

    # ------------------------------------------------------------------ role suggestion
    def suggestion(self) -> RoleSuggestion | None:
        """What the text reads like, as of the last pause in typing (None before any text)."""
        return self._suggestion

    def update_suggestion(self) -> None:
        """Read the title and body again (suggest_role takes well under a millisecond)."""
        from lmplanner.core.suggest import suggest_role

        self._suggest_timer.stop()
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        self._suggestion = suggest_role(title, body) if (title.strip() or body.strip()) else None
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        line = describe(self._suggestion, self.role(), self.kind(), imported=self._role_suggested)
        self.suggestion_button.set_line(line)

    def accept_suggestion(self) -> bool:
        """Take what the suggestion line offers: the suggested role (and its kind when none is
        chosen), or confirm a role suggested on import. False when it offers nothing."""
        if self._suggest_timer.isActive():
            self.update_suggestion()  # Alt+S right after typing: judge the text as it is now
        action, suggestion = self.suggestion_button.line().action, self._suggestion
        if action is None:
            return False
        self._role_suggested = False  # accepted or confirmed: the person's own choice now
        if action == ACCEPT and suggestion is not None:
            if self.role() is not suggestion.role:
                self._set_role(suggestion.role)
            if suggestion.kind is not None and self.kind() is None:
                self._set_kind(suggestion.kind)
        self._show_suggestion()
        self._revalidate()
        return True

    def _on_status_chosen(self, _index: int) -> None:
        self._status_touched = True
        self._revalidate()

    def _on_backlog_toggled(self, backlog: bool) -> None:
        if backlog:
            self.time_check.setChecked(False)
        if not self._status_touched:
            self._set_status(Status.IDEA if backlog else Status.DRAFT)
        self._sync_enabled()
        self._revalidate()

    def _sync_enabled(self) -> None:
        dated = not self.backlog_check.isChecked()
        self.date_edit.setEnabled(dated)
        self.time_check.setEnabled(dated)
        self.time_edit.setEnabled(dated and self.time_check.isChecked())

    def _update_counter(self) -> None:
        count = len(self.body_edit.toPlainText())
        channel = " ".join(self.channel_combo.currentText().split())
        limit = CHANNEL_TEXT_LIMITS.get(name_key(channel))
        palette = self.palette()
        if limit is None:
            text = tr("{count} characters").format(count=f"{count:,}")
            over = False
        else:
            over = count > limit
            if over:
                text = tr("{count} / {limit} — {excess} over {channel}’s usual limit").format(
                    count=f"{count:,}",
                    limit=f"{limit:,}",
                    excess=f"{count - limit:,}",
                    channel=channel,
                )
            else:
                text = tr("{count} / {limit} characters for {channel}").format(
                    count=f"{count:,}", limit=f"{limit:,}", channel=channel
                )
        self.counter.setText(text)
        self.counter.setProperty("over", over)
        color = warning_color(palette) if over else theme.quiet_text_color(palette)
        font = self.counter.font()
        font.setBold(over)
        self.counter.setFont(font)
        counter_palette = self.counter.palette()
        counter_palette.setColor(QPalette.ColorRole.WindowText, color)
        self.counter.setPalette(counter_palette)

    def is_over_limit(self) -> bool:
        return bool(self.counter.property("over"))

    # ------------------------------------------------------------------ closing
    def is_changed(self) -> bool:
        return self.values() != self._loaded

    def cancel(self) -> None:
        """Esc, Cancel or the window's close button: an unchanged editor closes at once, a
        changed one asks first. (`reject()` itself stays unconditional for the window.)"""
        if self.is_changed():
            ask_discard(self, self.try_submit, self.reject)
        else:
            self.reject()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.cancel()
            return
        super().keyPressEvent(event)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and self.is_changed():
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ values
    def role(self) -> Role | None:
        if self.leader_button.isChecked():
            return Role.LEADER
        if self.manager_button.isChecked():
            return Role.MANAGER
        return None

    def kind(self) -> Kind | None:
        data = self.kind_combo.currentData() if self.kind_combo.count() else None
        return Kind(data) if data else None

    def status(self) -> Status:
        return Status(self.status_combo.currentData())

    def date(self) -> dt.date | None:
        return None if self.backlog_check.isChecked() else pydate(self.date_edit.date())

    def values(self) -> dict[str, Any]:
        """The post's fields as typed; `validate_post` decides whether they make a post."""
        dated = not self.backlog_check.isChecked()
        date = self.date()
        time: Any = None
        if dated and self.time_check.isChecked():
            typed = self.time_edit.time()
            # Text that is no time goes to validation as it is, which says so at the field.
            time = pytime(typed) if typed.isValid() else self.time_edit.text()
        return {
            "title": self.title_edit.text(),
            "role": self.role(),
            "kind": self.kind(),
            "channel": self.channel_combo.currentText(),
            "author": self.author_combo.currentText() or None,
            "campaign": self.campaign_combo.currentText() or None,
            "date": date,
            "time": time,
            "status": self.status(),
            "body": self.body_edit.toPlainText(),
            "link": self.link_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "role_suggested": self._role_suggested,
            **self.results_section.values(),
            **(self.strategy.values() if self._links is not None else {}),
        }

    def changed_fields(self) -> dict[str, Any]:
        """For an existing post: only what the person changed (normalised like the services)."""
        from lmplanner.core.services import validate_post

        typed = self.values()
        values = validate_post(typed)
        if self.post is None:
            return values
        # Only the fields the editor shows: others (the kind kept for the other role) stay.
        return {k: v for k, v in values.items() if k in typed and getattr(self.post, k) != v}

    # ------------------------------------------------------------------ validation
    def validate(self) -> ValidationError | None:
        from lmplanner.core.services import validate_post

        try:
            validate_post(self.values())
        except ValidationError as error:
            return error
        return None

    def try_submit(self) -> bool:
        self._validated_once = True
        error = self.validate()
        if error is not None:
            self.show_error(str(error), error.field, focus=True)
            return False
        self.show_error("")
        self.submitted.emit(self.values())
        return True

    def _revalidate(self) -> None:
        # Once a save was refused, keep the message current as the person fixes things.
        if self._validated_once:
            error = self.validate()
            self.show_error(str(error) if error else "", error.field if error else None)

    def show_error(self, message: str, field: str | None = None, *, focus: bool = False) -> None:
        self.error_label.setText(f"⚠ {message}" if message else "")
        self.error_label.setVisible(bool(message))
        palette = self.error_label.palette()
        warning = warning_color(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, warning)
        palette.setColor(
            QPalette.ColorRole.Window,
            theme.mix(self.palette().color(QPalette.ColorRole.Window), warning, 0.12),
        )
        self.error_label.setPalette(palette)
        widget = self._field_widget(field)
        if focus and widget is not None:
            widget.setFocus()

    def error_text(self) -> str:
        return self.error_label.text().removeprefix("⚠ ") if self.error_label.isVisible() else ""

    def _field_widget(self, field: str | None) -> QWidget | None:
        return (
            {
                "title": self.title_edit,
                "role": self.leader_button,
                "kind": self.kind_combo,
                "channel": self.channel_combo,
                "author": self.author_combo,
                "campaign": self.campaign_combo,
                "date": self.date_edit,
                "time": self.time_edit,
                "status": self.status_combo,
                "body": self.body_edit,
                "link": self.link_edit,
                "notes": self.notes_edit,
            }.get(field or "")
            or self.results_section.widget(field)
            or self.strategy.field_widget(field or "")
        )
