"""Opening the post editor from the window and saving what it submits, conflicts included.

One editor at a time. A save goes through the document (one undo step); a post saved elsewhere
since it was opened gets `conflict.handle_conflict`'s choice: keep mine (an edit on top of their
version), take theirs (the editor closes on their version), or cancel (back to the editor, nothing
lost).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from lmplanner.core.domain import Role
from lmplanner.core.errors import ConflictError, NotFoundError, PlannerError, ValidationError
from lmplanner.ui.dates import day_text

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.editor.editor import PostEditor
    from lmplanner.ui.editor.repeat import RepeatSection
    from lmplanner.ui.session import PlanSession


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class EditorLauncher(QObject):
    """The one open editor on the session's plan; `parent` is what it is window-modal to."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        *,
        show_help: Callable[[], object],
        closed: Callable[[], object],
        refresh: Callable[[], object],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self._show_help = show_help
        self._closed = closed  # where the focus goes back
        self._refresh = refresh  # "take theirs": show their version
        self.editor: PostEditor | None = None
        self.repeat: RepeatSection | None = None
        self.last_channel: str | None = None
        self.last_author: str | None = None
        self._next: Callable[[], object] | None = None  # what opens once this editor closes
        self._followed: PlanDocument | None = None  # whose changes the editor's series follows

    def open(self, post: Any, day: dt.date | None) -> PostEditor | None:
        from lmplanner.ui.editor.editor import PostEditor
        from lmplanner.ui.editor.links import LinkSource

        document = self.session.document
        assert document is not None
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        service = document.service
        editor = PostEditor(
            self.parent_widget,
            post=post,
            date=day,
            channels=[c.name for c in service.channels()],
            authors=[p.name for p in service.people()],
            campaigns=[c.name for c in service.campaigns()],
            default_channel=self.last_channel,
            default_author=self.last_author,
            links=LinkSource(service),
        )
        editor.strategy.openPost.connect(self.open_linked)
        editor.strategy.planFollowUp.connect(self.plan_follow_up)
        self.repeat = self._repeat_section(editor, post)
        if document.readonly:
            editor.save_button.setEnabled(False)
            editor.strategy.plan_button.setEnabled(False)
            editor.show_error(document.plan.readonly_reason or tr("This plan is read-only."))
        from lmplanner.ui.review import CommentPanel

        editor.add_side_panel(CommentPanel(document, editor.post_id, editor))
        editor.submitted.connect(self.save)
        editor.helpRequested.connect(self._show_help)
        editor.finished.connect(self.closed)
        self._add_template_parts(editor)
        self.editor = editor
        editor.open()
        return editor

    def _repeat_section(self, editor: PostEditor, post: Any) -> RepeatSection:
        """The editor's Repeat section: a new series for a new post, its series' rule for one."""
        from lmplanner.ui.editor.repeat import RepeatSection

        section = RepeatSection(editor)
        document = self.session.document
        if post is not None and post.series is not None and document is not None:
            with contextlib.suppress(NotFoundError):  # its series was deleted meanwhile
                section.show_series(document.service.series(post.series))
            section.restore_button.setEnabled(not document.readonly)
            series_id = post.series
            section.restoreRequested.connect(lambda day: self._restore_day(series_id, day))
            # A restore undone, or the series changed elsewhere, shows in the open editor.
            document.changed.connect(self._series_changed)
            self._followed = document
        elif post is not None:
            section.hide()  # Use again (the post's menu) repeats a post that exists
        return section

    def _restore_day(self, series_id: int, day: dt.date) -> None:
        """A skipped day of the edited post's series gets its post back; the section then lists
        one day fewer (`_series_changed`) and keeps any rule edits not saved yet."""
        from lmplanner.ui.operations.series import restore_skipped_day

        document = self.session.document
        applied = restore_skipped_day(document, series_id, day)
        if applied is None or document is None:
            return
        self._follow_series()
        if applied.created():
            text = tr("Restored {day}: the series has its post again.")
        elif self._made_until(document, series_id) < day:
            text = tr("Restored {day}: its post comes when the series reaches that day.")
        else:  # a post of the series, live or in the trash, already holds the day
            text = tr("Restored {day}: the series already has a post on that day.")
        self.session.message.emit(text.format(day=day_text(day)), 5000)

    @staticmethod
    def _made_until(document: PlanDocument, series_id: int) -> dt.date:
        """The last day the series has made its posts for (the horizon)."""
        with contextlib.suppress(NotFoundError):
            made = document.service.series(series_id).generated_until
            if made is not None:
                return made
        return dt.date.min

    def _series_changed(self, change: Any) -> None:
        if "series" in change.tables():
            self._follow_series()

    def _follow_series(self) -> None:
        """The open editor's Repeat section takes its series as it is now."""
        section, document = self.repeat, self.session.document
        if section is None or section.series is None or document is None:
            return
        with contextlib.suppress(NotFoundError):  # deleted meanwhile: the section stays
            section.follow_series(document.service.series(section.series.id))

    def plan_leader_post(self, day: dt.date | None, pillar: str | None) -> Any:
        """A flag's "Plan a leader post from a template…": leader templates, the flag's day
        and pillar."""
        return self.open_from_template(day, leader_only=True, pillar=pillar)

    def open_from_template(
        self, day: dt.date | None, *, leader_only: bool = False, pillar: str | None = None
    ) -> Any:
        """Pick a template, then open a new post filled from it on `day` (in `pillar`, which
        wins over the template's: the flag asked for a post there); returns the picker."""
        from lmplanner.ui.editor.templates import TemplatePicker

        document = self.session.document
        if document is None or document.readonly or self.editor is not None:
            return self.editor
        templates = document.service.templates()
        if leader_only:
            templates = [t for t in templates if t.role is Role.LEADER]
        heading = tr("Plan a leader post from a template") if leader_only else None
        picker = TemplatePicker(
            self.parent_widget, templates, heading=heading or tr("New post from template")
        )
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(name: str) -> None:
            if self.open(None, day) is not None:
                self._fill(name, pillar)

        # The editor opens once the picker has closed, so it is the active window.
        picker.accepted.connect(
            lambda: (
                QTimer.singleShot(0, partial(chosen, t.name)) if (t := picker.chosen()) else None
            )
        )
        picker.open()
        return picker

    def _fill(self, name: str, pillar: str | None = None) -> None:
        from lmplanner.ui.editor.templates import fill_editor

        document = self.session.document
        if self.editor is None or document is None:
            return
        try:
            values = document.service.template_values(name, {})
        except PlannerError as error:
            self.session.prompter.error(self.editor, tr("Cannot use the template"), str(error))
            return
        if pillar:
            values = {**values, "pillar": pillar}
        fill_editor(self.editor, values)

    def _add_template_parts(self, editor: PostEditor) -> None:
        """The editor's Templates button and its clash warning."""
        from lmplanner.ui.editor.clash_note import ClashNote
        from lmplanner.ui.editor.templates import add_template_button
        from lmplanner.ui.operations.templates import clash_messages, record_from_values

        document = self.session.document
        assert document is not None

        def pick() -> None:
            from lmplanner.ui.editor.templates import TemplatePicker

            picker = TemplatePicker(
                editor, document.service.templates(), heading=tr("Fill from template")
            )
            picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            picker.accepted.connect(lambda: self._fill(t.name) if (t := picker.chosen()) else None)
            picker.open()

        def check(values: dict[str, Any]) -> list[str]:
            record = record_from_values(values, editor.post_id or 0)
            return clash_messages(document.service, record) if record is not None else []

        fill = pick if editor.post_id is None else None
        add_template_button(editor, fill=fill, save=lambda: self.save_as_template(editor))
        ClashNote(editor, check)

    def save_as_template(self, editor: PostEditor) -> Any:
        """Ask for a name and save what the editor shows as a template (one undo step)."""
        from lmplanner.ui.editor.templates import ask_template_name
        from lmplanner.ui.operations.templates import save_as_template, template_from_values

        document = self.session.document
        if document is None or document.readonly:
            return None
        if editor.role() is None:
            message = tr("Choose leader or manager first: a template keeps the post's role.")
            editor.show_error(message, "role", focus=True)
            return None
        source = template_from_values(editor.values(), editor.strategy.pillar())

        def on_error(error: PlannerError) -> bool:
            self.session.prompter.error(editor, tr("Cannot save the template"), str(error))
            return True

        def save(name: str) -> None:
            if save_as_template(document, name, source, on_error) is not None:
                self.session.message.emit(tr("Saved the template “{name}”").format(name=name), 5000)

        return ask_template_name(editor, source.title[:80], save)

    def closed(self) -> None:
        self.repeat = None
        followed, self._followed = self._followed, None
        if followed is not None:
            followed.changed.disconnect(self._series_changed)
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.deleteLater()
        self._closed()
        follow, self._next = self._next, None
        if follow is not None:
            follow()

    # ------------------------------------------------------------------ linked posts
    def open_linked(self, post_id: int) -> None:
        """Open a post the editor links to, in place of this editor."""
        document = self.session.document
        if document is None:
            return
        try:
            post = document.service.post(post_id, include_deleted=True)
        except PlannerError as error:
            if self.editor is not None:
                self.editor.show_error(str(error))
            return
        self._then(lambda: self.open(post, post.date))

    def plan_follow_up(self, leader: Any) -> None:
        """A new manager post that follows `leader` up, in its pillar, two days after it."""
        if not self.session.readonly:
            self._then(lambda: self.open_follow_up(leader))

    def open_follow_up(self, leader: Any) -> PostEditor | None:
        day = leader.date + dt.timedelta(days=2) if leader.date else None
        editor = self.open(None, day)
        if editor is not None:
            editor.manager_button.click()
            editor.channel_combo.setCurrentText(leader.channel)
            editor.strategy.start_follow_up(leader)
            editor.title_edit.setFocus()
        return editor

    def _then(self, follow: Callable[[], object]) -> None:
        """Close this editor (saving what changed), then run `follow`; a refused save keeps the
        editor open and drops `follow`."""
        editor, document = self.editor, self.session.document
        if editor is None or document is None:
            follow()
            return
        self._next = follow
        if editor.is_changed() and not document.readonly:
            editor.try_submit()
            if self.editor is editor:  # refused, or the conflict was left open
                self._next = None
        else:
            editor.reject()

    def save(self, values: dict[str, Any]) -> None:
        from lmplanner.core.services import PostDraft

        editor = self.editor
        document = self.session.document
        if editor is None or document is None:
            return
        service = document.service
        conflicts: list[ConflictError] = []

        def on_error(error: PlannerError) -> bool:
            if isinstance(error, ValidationError):
                editor.show_error(str(error), error.field, focus=True)
                return True
            if isinstance(error, ConflictError) and editor.post_id is not None:
                conflicts.append(error)
                return True
            return False

        if editor.post_id is None:
            try:
                rule = self.repeat.rule() if self.repeat is not None else None
            except ValidationError as error:
                on_error(error)
                return
            draft = PostDraft(**values)
            if rule is not None:
                applied = document.perform(
                    tr("Add series"), lambda: service.add_series(draft, rule), on_error=on_error
                )
            else:
                applied = document.perform(
                    tr("Add post"), lambda: service.add_post(draft), on_error=on_error
                )
        elif editor.post is not None and editor.post.series is not None:
            applied = self._save_occurrence(editor, on_error)
            if applied is None:
                return
        else:
            post_id, version = editor.post_id, editor.opened_version
            try:
                patch = editor.changed_fields()
            except ValidationError as error:
                on_error(error)
                return
            if not patch:
                editor.accept()
                return
            applied = document.perform(
                tr("Edit post"),
                lambda: service.update_post(post_id, patch, expected_version=version),
                on_error=on_error,
            )
            if conflicts:
                applied = self._resolve(editor, post_id, patch, conflicts[0])
                if applied is None:
                    return
        if applied is not None:
            self.last_channel = values.get("channel") or self.last_channel
            self.last_author = values.get("author") or self.last_author
            editor.accept()

    def _save_occurrence(self, editor: PostEditor, on_error: Callable[..., bool]) -> Any:
        """A post of a series: ask which of its posts the change reaches, then save it so.
        None to stay in the editor (cancelled or refused); True when nothing changed."""
        from lmplanner.core.series import Scope
        from lmplanner.core.services import PATTERN_FIELDS
        from lmplanner.ui.dialogs.series_dialogs import ask_scope

        document = self.session.document
        assert document is not None and editor.post is not None
        try:
            patch = editor.changed_fields()
            rule = self.repeat.rule() if self.repeat is not None else None
        except ValidationError as error:
            on_error(error)
            return None
        if not patch and rule is None:
            return True
        if rule is not None and "date" in patch:
            on_error(
                ValidationError(tr("Move the post or change its rule, not both at once."), "date")
            )
            return None
        post, service = editor.post, document.service
        # What is the post's own (results, a follow-up link) never asks which posts it reaches.
        own = {k: v for k, v in patch.items() if k not in PATTERN_FIELDS and k != "date"}
        patch = {k: v for k, v in patch.items() if k not in own}
        if own and not patch and rule is None:
            return document.perform(
                tr("Edit post"), lambda: service.update_post(post.id, own), on_error=on_error
            )
        scope = ask_scope(
            editor, tr("Save the change to"), post.title, rule_changed=rule is not None
        )
        if scope is None:
            return None
        if rule is None:
            steps = [lambda s: s.edit_occurrence(post.id, patch, scope)]
            if own:
                steps.append(lambda s: s.update_post(post.id, own))
            return document.perform(
                tr("Edit post"), lambda: service.together(tr("Edit post"), steps), on_error=on_error
            )
        assert post.series is not None and post.date is not None
        series_id, start = post.series, post.date if scope is Scope.FOLLOWING else None
        if self.repeat is not None:  # "after N posts" is N posts, whatever days it skips
            rule = self.repeat.stored_rule(rule, start)
        pattern = {k: v for k, v in patch.items() if k in PATTERN_FIELDS}
        return document.perform(
            tr("Edit series"),
            lambda: service.edit_series(series_id, pattern, rule=rule, from_date=start),
            on_error=on_error,
        )

    def _resolve(
        self, editor: PostEditor, post_id: int, patch: dict[str, Any], error: ConflictError
    ) -> Any:
        """Keep mine, take theirs or cancel; returns what was applied, True for "theirs"
        (nothing to write, the editor closes), None to stay in the editor."""
        from lmplanner.ui.dialogs.conflict import CANCEL, THEIRS, handle_conflict

        document = self.session.document
        assert document is not None
        prompter = self.session.prompter
        choice, applied = handle_conflict(
            editor,
            document,
            error,
            patch,
            post_id=post_id,
            ask=prompter.resolve_conflict,
            report=prompter.error,
        )
        if choice == CANCEL:
            return None
        if choice == THEIRS:
            self._refresh()
            return True
        return applied
