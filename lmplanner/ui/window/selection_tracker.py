"""The main window's selection: which posts Edit acts on (the backlog's when it has focus, else
the view's), which actions apply to them, and the context menu over them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QStackedWidget, QWidget

if TYPE_CHECKING:
    from lmplanner.ui.session import PlanSession
    from lmplanner.ui.views.backlog import BacklogDock
    from lmplanner.ui.window.actions import WindowActions
    from lmplanner.ui.window.view_switcher import PlanView


class SelectionTracker(QObject):
    """Follows the focus between the backlog and the views, and enables the window's post
    actions for what is selected where."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        commands: WindowActions,
        *,
        backlog_dock: BacklogDock,
        view_stack: QStackedWidget,
        current_view: Callable[[], PlanView],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.commands = commands
        self.backlog_dock = backlog_dock  # its panel is made when first shown
        self.view_stack = view_stack
        self.current_view = current_view
        self.backlog_focused = False  # the selection Edit acts on: the backlog's or the view's

    def selection_source(self) -> Any:
        """Where Edit's actions apply: the backlog when it has focus, else the view."""
        if self.backlog_focused and not self.backlog_dock.isHidden():
            return self.backlog_dock.panel
        return self.current_view()

    def selected_ids(self) -> list[int]:
        return list(self.selection_source().selected_post_ids())

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        backlog = self.backlog_dock.made
        if backlog is not None and (new is backlog or backlog.isAncestorOf(new)):
            self.backlog_focused = True
        elif new is self.view_stack or self.view_stack.isAncestorOf(new):
            self.backlog_focused = False
        else:
            return
        self.update_actions()

    def backlog_shown(self, visible: bool) -> None:
        service = self.session.service
        if visible and service is not None:
            self.backlog_dock.set_source(service, self.session.post_filter)
        elif not visible:
            self.backlog_focused = False

    def update_actions(self, *_args: object) -> None:
        has_plan = self.session.shown
        for action in self.commands.plan_actions():
            action.setEnabled(has_plan)
        writable = self.session.will_write
        source = self.selection_source()
        selected = has_plan and (
            source.has_selection()
            if hasattr(source, "has_selection")
            else bool(source.selected_post_ids())
        )
        a = self.commands
        a.new_post.setEnabled(writable)
        a.new_from_template.setEnabled(writable)
        a.edit_post.setEnabled(has_plan and selected)
        a.post_history.setEnabled(has_plan and len(self.selected_ids()) == 1)
        for action in a.selection_actions():
            action.setEnabled(writable and selected)
        dated = source is not self.backlog_dock.made  # backlog ideas have no day to move from
        for action in a.day_moves():
            action.setEnabled(writable and selected and dated)
        a.to_backlog.setEnabled(writable and selected and dated)
        for menu in a.change_menus():
            menu.setEnabled(writable and selected)

    def show_context_menu(self, source: QWidget, pos: QPoint) -> QMenu | None:
        """Right-click on posts: the Edit menu's post actions, for what is selected there."""
        if self.session.document is None:
            return None
        backlog = self.backlog_dock.made
        self.backlog_focused = backlog is not None and source is backlog.table
        self.update_actions()
        a = self.commands
        menu = QMenu(self.parent_widget)
        menu.setObjectName("postContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if a.edit_post.isEnabled():
            menu.addActions([a.edit_post, a.duplicate, a.delete, a.use_again])
            if a.post_history.isEnabled():
                menu.addAction(a.post_history)
            menu.addSeparator()
            menu.addMenu(a.move_menu)
            for sub in a.change_menus():
                menu.addMenu(sub)
        else:
            menu.addAction(a.new_post)
        widget = source.viewport() if hasattr(source, "viewport") else source
        menu.popup(widget.mapToGlobal(pos))
        return menu
