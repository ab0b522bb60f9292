"""The main window's posts: which are selected (view or backlog), which actions apply, the
editor, the day dialog and the context menu."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget, QWidget

from lmplanner.core.errors import PlannerError

if TYPE_CHECKING:
    from lmplanner.ui.dialogs.day_dialog import DayDialog
    from lmplanner.ui.dialogs.prompter import Prompter
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.editor.editor import PostEditor
    from lmplanner.ui.editor.launcher import EditorLauncher
    from lmplanner.ui.operations.posts import PostOperations
    from lmplanner.ui.views.backlog import BacklogDock, BacklogPanel
    from lmplanner.ui.window.actions import WindowActions
    from lmplanner.ui.window.views import PlanView


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PostsMixin(QMainWindow):
    """MainWindow's selection, post actions and editor."""

    if TYPE_CHECKING:
        # Provided by MainWindow.
        document: PlanDocument | None
        commands: WindowActions
        prompter: Prompter
        post_ops: PostOperations
        editing: EditorLauncher
        backlog: BacklogPanel
        backlog_dock: BacklogDock
        view_stack: QStackedWidget
        post_filter: Any
        _backlog_focused: bool
        _day_dialog: DayDialog | None

        def current_view(self) -> PlanView: ...

    def selection_source(self) -> Any:
        """Where Edit's actions apply: the backlog when it has focus, else the view."""
        if self._backlog_focused and not self.backlog_dock.isHidden():
            return self.backlog
        return self.current_view()

    def selected_ids(self) -> list[int]:
        return list(self.selection_source().selected_post_ids())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        if new is self.backlog or self.backlog.isAncestorOf(new):
            self._backlog_focused = True
        elif new is self.view_stack or self.view_stack.isAncestorOf(new):
            self._backlog_focused = False
        else:
            return
        self._update_actions()

    def _backlog_shown(self, visible: bool) -> None:
        if visible and self.document is not None:
            self.backlog.set_source(self.document.service, self.post_filter)
        elif not visible:
            self._backlog_focused = False

    def _writable(self) -> bool:
        return self.document is not None and not self.document.readonly

    def _update_actions(self, *_args: object) -> None:
        has_plan = self.document is not None
        for action in self.commands.plan_actions():
            action.setEnabled(has_plan)
        writable = self._writable()
        source = self.selection_source()
        selected = has_plan and (
            source.has_selection()
            if hasattr(source, "has_selection")
            else bool(source.selected_post_ids())
        )
        a = self.commands
        a.new_post.setEnabled(writable)
        a.edit_post.setEnabled(has_plan and selected)
        for action in a.selection_actions():
            action.setEnabled(writable and selected)
        for action in a.day_moves():  # backlog ideas have no day to move from
            action.setEnabled(writable and selected and source is not self.backlog)
        a.to_backlog.setEnabled(writable and selected and source is not self.backlog)
        for menu in a.change_menus():
            menu.setEnabled(writable and selected)

    def editor(self) -> PostEditor | None:
        """The open post editor, if any."""
        return self.editing.editor

    def new_post(self, day: dt.date | None = None) -> PostEditor | None:
        if not self._writable():
            return None
        return self.editing.open(None, day if isinstance(day, dt.date) else None)

    def edit_post(self, post_id: int) -> PostEditor | None:
        if self.document is None:
            return None
        try:
            post = self.document.service.post(post_id)
        except PlannerError as error:
            self.prompter.error(self, tr("Cannot open the post"), str(error))
            return None
        return self.editing.open(post, None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_post(ids[0])

    def move_posts(self, ids: list[int], day: dt.date | None, time: Any) -> None:
        """A drop on the calendar: one service call, one undo step; KEEP keeps each time."""
        self.post_ops.move(ids, day, time)

    def show_day_list(self, day: dt.date) -> DayDialog:
        """ "+N more": the day's posts as chips, with the same actions as the calendar."""
        from lmplanner.ui.dialogs.day_dialog import DayDialog

        if self._day_dialog is not None:
            self._day_dialog.close()
        dialog = DayDialog(self, day)  # type: ignore[arg-type]  # self is the MainWindow
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "_day_dialog", None))
        self._day_dialog = dialog
        dialog.show()
        return dialog

    def show_context_menu(self, source: QWidget, pos: QPoint) -> QMenu | None:
        """Right-click on posts: the Edit menu's post actions, for what is selected there."""
        if self.document is None:
            return None
        self._backlog_focused = source is self.backlog.table
        self._update_actions()
        a = self.commands
        menu = QMenu(self)
        menu.setObjectName("postContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if a.edit_post.isEnabled():
            menu.addActions([a.edit_post, a.duplicate, a.delete])
            menu.addSeparator()
            menu.addMenu(a.move_menu)
            for sub in a.change_menus():
                menu.addMenu(sub)
        else:
            menu.addAction(a.new_post)
        widget = source.viewport() if hasattr(source, "viewport") else source
        menu.popup(widget.mapToGlobal(pos))
        return menu
