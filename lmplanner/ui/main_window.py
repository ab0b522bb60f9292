"""The main window: calendar views, balance meter, menus, and the loop edit → service → refresh."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from lmplanner.core.balance import Flag, Period
from lmplanner.core.changes import ChangeSet
from lmplanner.core.errors import ConflictError, PlanFileError, PlannerError, ValidationError
from lmplanner.ui import state, theme
from lmplanner.ui.actions import WindowActions
from lmplanner.ui.calendar.month_view import MonthView
from lmplanner.ui.calendar.week_view import WeekView
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs import LeaderHelpDialog, Prompter, ShortcutsDialog, show_about
from lmplanner.ui.meter import MeterDock
from lmplanner.ui.plan_banner import PlanBanner
from lmplanner.ui.plan_files import PlanFiles
from lmplanner.ui.welcome import WelcomePanel

if TYPE_CHECKING:
    from lmplanner.core.services import PostFilter
    from lmplanner.core.snapshot import PlanSnapshot
    from lmplanner.ui.calendar.base import CalendarView
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.editor import PostEditor

log = logging.getLogger(__name__)

MONTH, WEEK = "month", "week"
FOCUS_SELECT_MAX = 12


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """One window on one plan. Widgets only show and ask; PlanDocument does every write."""

    documentChanged = Signal(object)  # the new PlanDocument (or None)
    refreshed = Signal()  # views and meter show the plan as it is now

    def __init__(
        self,
        *,
        prompter: Prompter | None = None,
        settings: QSettings | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.prompter = prompter or Prompter()
        self.settings = settings or state.ui_settings()
        self.document: PlanDocument | None = None
        self.post_filter: PostFilter | None = None  # the filters of the next issue plug in here
        self._today = today or dt.date.today()
        self._editor: PostEditor | None = None
        self._help: LeaderHelpDialog | None = None
        self._last_channel: str | None = None
        self._last_author: str | None = None
        self._plan_name = ""

        self.undo_group = QUndoGroup(self)
        self.commands = WindowActions(self, self.undo_group)
        self.plan_files = PlanFiles(self)

        self.views: dict[str, CalendarView] = {MONTH: MonthView(self), WEEK: WeekView(self)}
        self.view_stack = QStackedWidget(self)
        self.view_stack.setObjectName("viewStack")
        for view in self.views.values():
            view.set_today(self._today)
            view.set_period(self._today)
            view.set_selected_date(self._today)
            self.view_stack.addWidget(view)
            view.selectedDateChanged.connect(self._on_selected_date_changed)
            view.selectionChanged.connect(self._update_actions)
            view.postActivated.connect(self.edit_post)
            view.createRequested.connect(self.new_post)
            view.moreRequested.connect(self.show_day_list)
            view.postsDropped.connect(self.move_posts)
        self.welcome = WelcomePanel(self)
        self.welcome.sampleRequested.connect(self.start_with_sample)
        self.welcome.emptyRequested.connect(self.start_empty)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view_stack)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)

        self.meter_dock = MeterDock(self)
        self.meter = self.meter_dock.panel
        self.meter.flagActivated.connect(self.show_flag)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.meter_dock)
        toggle = self.meter_dock.toggleViewAction()
        toggle.setText(tr("Balance &meter"))
        toggle.setObjectName("toggleMeter")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.addAction(toggle)

        self.period_label = QLabel(self)
        self.period_label.setObjectName("periodLabel")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.period_label.setFont(font)
        self.period_label.setContentsMargins(12, 0, 12, 0)
        self.period_label.setMinimumWidth(220)
        self.commands.build_menus(self, toggle)
        self.toolbar = self.commands.build_toolbar(self, self.period_label)
        self._connect_actions()
        self.statusBar()
        self._restore_window_state()
        self._update_title()
        self._update_actions()
        self._show_period_label()
        self.plan_banner = PlanBanner.install(self)  # read-only or not live: says why

    # ------------------------------------------------------------------ set-up
    def _connect_actions(self) -> None:
        a = self.commands
        a.new_plan.triggered.connect(self.plan_files.new_plan)
        a.open_plan.triggered.connect(self.plan_files.open_plan)
        a.save_copy.triggered.connect(self.plan_files.save_copy)
        a.quit.triggered.connect(self.close)
        a.recent_menu.aboutToShow.connect(self.plan_files.fill_recent_menu)
        a.new_post.triggered.connect(lambda: self.new_post(self.current_view().selected_date()))
        a.edit_post.triggered.connect(self.edit_selected)
        a.duplicate.triggered.connect(self.duplicate_selected)
        a.delete.triggered.connect(self.delete_selected)
        a.month_view.triggered.connect(lambda: self.set_view_mode(MONTH))
        a.week_view.triggered.connect(lambda: self.set_view_mode(WEEK))
        a.today.triggered.connect(self.go_today)
        a.previous.triggered.connect(lambda: self.step_period(-1))
        a.next.triggered.connect(lambda: self.step_period(1))
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.leader_help.triggered.connect(self.show_leader_help)
        a.about.triggered.connect(lambda: show_about(self))

    def _restore_window_state(self) -> None:
        geometry = self.settings.value(state.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1320, int(screen.width() * 0.92)), min(840, int(screen.height() * 0.9)))
        window_state = self.settings.value(state.WINDOW_STATE)
        if window_state is not None:
            self.restoreState(window_state)
        mode = self.settings.value(state.VIEW, MONTH)
        self.set_view_mode(mode if mode in self.views else MONTH, refresh=False)

    def save_window_state(self) -> None:
        self.settings.setValue(state.GEOMETRY, self.saveGeometry())
        self.settings.setValue(state.WINDOW_STATE, self.saveState())
        self.settings.setValue(state.VIEW, self.view_mode())
        self.settings.sync()

    # ------------------------------------------------------------------ plans
    @property
    def service(self) -> Any:
        return self.document.service if self.document else None

    def open_plan_at(self, location: str | os.PathLike[str], *, create: bool = False) -> bool:
        """Open a plan file; a foreign, damaged or newer file gets a dialog and stays untouched."""
        from lmplanner.core.errors import ReadOnlyPlanError
        from lmplanner.core.store import open_plan
        from lmplanner.ui.document import PlanDocument

        text = os.fspath(location)
        try:
            try:
                plan = open_plan(text, create=create)
            except ReadOnlyPlanError:
                plan = open_plan(text, create=False, readonly=True)
        except PlanFileError as error:
            self.prompter.error(self, tr("Cannot open this plan"), str(error))
            return False
        except Exception as error:  # a disk or database failure: a dialog, never a traceback
            log.exception("Opening %s failed", text)
            self.prompter.error(self, tr("Cannot open this plan"), f"{text}: {error}")
            return False
        self.set_document(PlanDocument(plan, self))
        if plan.path is not None:
            state.remember_plan(self.settings, str(plan.path))
        if plan.readonly:
            self.statusBar().showMessage(plan.readonly_reason)
        return True

    def set_document(self, document: PlanDocument | None) -> None:
        old = self.document
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self.document = document
        if document is not None:
            self.undo_group.addStack(document.undo_stack)
            self.undo_group.setActiveStack(document.undo_stack)
            document.changed.connect(self._on_changed)
            document.failed.connect(lambda title, text: self.prompter.error(self, title, text))
            self._load_plan_settings()
            self._maybe_welcome()
        self.refresh()
        self._update_actions()
        self.documentChanged.emit(document)

    def _load_plan_settings(self) -> None:
        assert self.document is not None
        service = self.document.service
        settings = service.settings()
        self._plan_name = settings.name
        colors = {channel.name: channel.color for channel in service.channels()}
        for view in self.views.values():
            view.set_first_weekday(settings.balance.first_weekday)
            view.set_channel_colors(colors)
        self._update_title()

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle("LM Planner")
            return
        suffix = tr(" (read-only)") if self.document.readonly else ""
        self.setWindowTitle(f"{self._plan_name}{suffix} — LM Planner")

    def _welcome_done(self) -> list[str]:
        return state.string_list(self.settings, state.WELCOME_DONE)

    def _maybe_welcome(self) -> None:
        assert self.document is not None
        empty = (
            self.document.service.count_posts() == 0 and self.document.service.backlog_count() == 0
        )
        show = (
            empty
            and not self.document.readonly
            and self.document.plan.uuid not in self._welcome_done()
        )
        self.pages.setCurrentWidget(self.welcome if show else self.view_stack)
        if show:
            self.welcome.focus_default()

    def welcome_visible(self) -> bool:
        return self.pages.currentWidget() is self.welcome

    def _close_welcome(self) -> None:
        if self.document is not None:
            done = [u for u in self._welcome_done() if u != self.document.plan.uuid]
            self.settings.setValue(state.WELCOME_DONE, [self.document.plan.uuid, *done][:50])
        self.pages.setCurrentWidget(self.view_stack)
        self.current_view().setFocus()

    def start_with_sample(self) -> None:
        """The sample month on the current month, as one undo step."""
        if self.document is None:
            return
        from lmplanner.core.demo import create_demo

        service = self.document.service
        today = self._today
        self._close_welcome()
        self.go_today()
        self.document.perform(
            tr("Add the sample month"), lambda: create_demo(service, today.year, today.month)
        )

    def start_empty(self) -> None:
        self._close_welcome()

    # ------------------------------------------------------------------ views and periods
    def view_mode(self) -> str:
        for mode, view in self.views.items():
            if self.view_stack.currentWidget() is view:
                return mode
        return MONTH

    def current_view(self) -> CalendarView:
        return self.views[self.view_mode()]

    def set_view_mode(self, mode: str, *, refresh: bool = True) -> None:
        previous = self.current_view()
        view = self.views[mode]
        day = previous.selected_date()
        view.set_period(day)
        view.set_selected_date(day)
        self.view_stack.setCurrentWidget(view)
        {MONTH: self.commands.month_view, WEEK: self.commands.week_view}[mode].setChecked(True)
        if self.welcome_visible() and refresh:
            self._close_welcome()
        if refresh:
            self.refresh()
            view.setFocus()

    def current_period(self) -> Period:
        return Period(*self.current_view().period_range())

    def go_to(self, day: dt.date) -> None:
        view = self.current_view()
        view.set_period(day)
        view.set_selected_date(day)
        self.refresh()

    def go_today(self) -> None:
        self.go_to(self._today)

    def step_period(self, steps: int) -> None:
        day = self.current_view().selected_date()
        if self.view_mode() == WEEK:
            self.go_to(day + dt.timedelta(days=7 * steps))
        else:
            self.go_to(_add_months(day, steps))

    def _on_selected_date_changed(self, day: dt.date) -> None:
        view = self.current_view()
        if self.sender() is not view:
            return
        start, end = view.period_range()
        if not start <= day <= end:
            view.set_period(day)
            self.refresh()

    def _show_period_label(self) -> None:
        self.period_label.setText(self.current_period().label())
        self.period_label.setAccessibleName(
            tr("Showing {period}").format(period=self.period_label.text())
        )

    def refresh(self) -> None:
        """Show the plan as it is: the visible range's posts, and the period's balance."""
        self._show_period_label()
        view = self.current_view()
        if self.document is None:
            view.set_posts([])
            self.meter.set_report(None)
            return
        service = self.document.service
        start, end = view.visible_range()
        try:
            view.set_posts(service.posts(start=start, end=end, flt=self.post_filter))
            report = service.balance(self.current_period(), self.post_filter)
        except Exception as error:
            log.exception("Reading the plan failed")
            self.prompter.error(self, tr("Cannot read the plan"), str(error))
            return
        self.meter.set_report(report, show_weeks=self.view_mode() == MONTH)
        self._update_actions()
        self.refreshed.emit()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.welcome_visible() and changes.post_ids:
            self._close_welcome()  # a post made from the toolbar or menu answers the welcome
        if "plan" in changes.tables() or "channel" in changes.tables():
            self._load_plan_settings()
        self._follow(changes)
        self.refresh()
        if 0 < len(changes.focus) <= FOCUS_SELECT_MAX:
            # Select what a small change was about; a whole sample month selected is just noise.
            self.current_view().select_posts(list(changes.focus))
        step = self.document.last_step if self.document is not None else ""
        message = {"undo": tr("Undone: {label}"), "redo": tr("Redone: {label}")}.get(
            step, "{label}"
        )
        self.statusBar().showMessage(message.format(label=changes.label), 5000)

    def _follow(self, changes: ChangeSet) -> None:
        """When what changed is outside the period shown (an undone move, say), go there."""
        days: list[dt.date] = []
        for change in changes.changes:
            row = change.after
            if change.table == "post" and row and row.get("deleted_at") is None and row.get("date"):
                days.append(row["date"])
        if not days:
            return
        start, end = self.current_view().period_range()
        if not any(start <= day <= end for day in days):
            self.go_to(min(days))

    def show_flag(self, flag: Flag) -> None:
        """A flag from the meter: show its days, and select its posts."""
        view = self.current_view()
        if flag.post_ids:
            view.select_posts(list(flag.post_ids))
        view.select_dates(list(flag.dates))

    # ------------------------------------------------------------------ posts
    def selected_ids(self) -> list[int]:
        return self.current_view().selected_post_ids()

    def _writable(self) -> bool:
        return self.document is not None and not self.document.readonly

    def _update_actions(self, *_args: object) -> None:
        has_plan = self.document is not None
        for action in self.commands.plan_actions():
            action.setEnabled(has_plan)
        writable = self._writable()
        selected = bool(self.selected_ids()) if has_plan else False
        self.commands.new_post.setEnabled(writable)
        self.commands.edit_post.setEnabled(has_plan and selected)
        self.commands.duplicate.setEnabled(writable and selected)
        self.commands.delete.setEnabled(writable and selected)

    def editor(self) -> PostEditor | None:
        """The open post editor, if any."""
        return self._editor

    def new_post(self, day: dt.date | None = None) -> PostEditor | None:
        if not self._writable():
            return None
        return self._open_editor(None, day if isinstance(day, dt.date) else None)

    def edit_post(self, post_id: int) -> PostEditor | None:
        if self.document is None:
            return None
        try:
            post = self.document.service.post(post_id)
        except PlannerError as error:
            self.prompter.error(self, tr("Cannot open the post"), str(error))
            return None
        return self._open_editor(post, None)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit_post(ids[0])

    def _open_editor(self, post: Any, day: dt.date | None) -> PostEditor | None:
        from lmplanner.ui.editor import PostEditor

        assert self.document is not None
        if self._editor is not None:
            self._editor.raise_()
            self._editor.activateWindow()
            return self._editor
        service = self.document.service
        editor = PostEditor(
            self,
            post=post,
            date=day,
            channels=[c.name for c in service.channels()],
            authors=[p.name for p in service.people()],
            campaigns=[c.name for c in service.campaigns()],
            default_channel=self._last_channel,
            default_author=self._last_author,
        )
        if self.document.readonly:
            editor.save_button.setEnabled(False)
            editor.show_error(self.document.plan.readonly_reason or tr("This plan is read-only."))
        editor.submitted.connect(self._save_editor)
        editor.helpRequested.connect(self.show_leader_help)
        editor.finished.connect(self._editor_closed)
        self._editor = editor
        editor.open()
        return editor

    def _editor_closed(self) -> None:
        editor, self._editor = self._editor, None
        if editor is not None:
            editor.deleteLater()
        self.current_view().setFocus()

    def _save_editor(self, values: dict[str, Any]) -> None:
        from lmplanner.core.services import PostDraft

        editor = self._editor
        if editor is None or self.document is None:
            return
        service = self.document.service

        def on_error(error: PlannerError) -> bool:
            if isinstance(error, ValidationError):
                editor.show_error(str(error), error.field, focus=True)
                return True
            if isinstance(error, ConflictError):
                self.prompter.error(
                    editor,
                    tr("Changed elsewhere"),
                    tr(
                        "{error}\n\nYour edits are still in the editor: copy what you need, "
                        "then cancel and open the post again."
                    ).format(error=error),
                )
                return True
            return False

        if editor.post_id is None:
            applied = self.document.perform(
                tr("Add post"), lambda: service.add_post(PostDraft(**values)), on_error=on_error
            )
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
            applied = self.document.perform(
                tr("Edit post"),
                lambda: service.update_post(post_id, patch, expected_version=version),
                on_error=on_error,
            )
        if applied is not None:
            self._last_channel = values.get("channel") or self._last_channel
            self._last_author = values.get("author") or self._last_author
            editor.accept()

    def move_posts(self, ids: list[int], day: dt.date | None, time: Any) -> None:
        """A drop on the calendar: one service call, one undo step; KEEP keeps each time."""
        if ids and self._writable():
            assert self.document is not None
            service = self.document.service
            self.document.perform(
                tr("Move"), lambda: service.move_posts(ids, to_date=day, time=time)
            )

    def show_day_list(self, day: dt.date) -> QMenu:
        """ "+N more": the day's posts in a list; choosing one opens it in the editor."""
        view = self.current_view()
        menu = QMenu(self)
        menu.setObjectName("dayList")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        heading = menu.addAction(self.locale().toString(day, "dddd d MMMM"))
        heading.setEnabled(False)
        for post in view.posts_on(day):
            when = post.time.strftime("%H:%M") if post.time else "     "
            action = menu.addAction(f"{when}  {theme.role_letter(post.role)} · {post.title}")
            action.setToolTip(f"{post.channel} · {post.role.value}")
            action.triggered.connect(lambda _=False, pid=post.id: self.edit_post(pid))
        if self._writable():
            menu.addSeparator()
            menu.addAction(tr("New post on this day…"), lambda: self.new_post(day))
        rect = view.more_rect(day)
        anchor = rect.bottomLeft().toPoint() if rect is not None else view.rect().center()
        menu.popup(view.mapToGlobal(anchor))
        return menu

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.document is not None:
            service = self.document.service
            self.document.perform(tr("Duplicate"), lambda: service.duplicate_posts(ids))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.document is not None:
            service = self.document.service
            if self.document.perform(tr("Delete"), lambda: service.delete_posts(ids)):
                undo = self.commands.undo.shortcut().toString(
                    QKeySequence.SequenceFormat.NativeText
                )
                message = tr("Moved {n} post(s) to the trash — {undo} brings them back.")
                self.statusBar().showMessage(message.format(n=len(ids), undo=undo), 8000)

    # ------------------------------------------------------------------ help
    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.commands.shortcut_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_leader_help(self) -> LeaderHelpDialog:
        if self._help is None:
            low, high = 0.30, 0.60
            if self.document is not None:
                balance = self.document.service.settings().balance
                low, high = balance.band_low, balance.band_high
            parent: QWidget = self._editor or self
            self._help = LeaderHelpDialog(parent, band_low=low, band_high=high)
            self._help.finished.connect(self._help_closed)
        self._help.show()
        self._help.raise_()
        return self._help

    def _help_closed(self) -> None:
        help_dialog, self._help = self._help, None
        if help_dialog is not None:
            help_dialog.deleteLater()

    # ------------------------------------------------------------------ closing
    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        if self._editor is not None:
            self._editor.reject()
        self.set_document(None)
        super().closeEvent(event)

    # ------------------------------------------------------------------ start-up snapshot
    def show_snapshot(self, snapshot: PlanSnapshot, readonly_reason: str = "") -> bool:
        """Show the plan from a start-up snapshot (core.snapshot) while the data layer loads:
        the same month, meter, title and actions the document will show, so nothing moves when
        it attaches (app.py holds input until then). False when the snapshot cannot stand in:
        a plan that may be empty (the welcome panel), a filter, a range it does not cover."""
        from lmplanner.core.balance import analyze

        if self.document is not None or self.post_filter is not None:
            return False
        if not snapshot.posts and not snapshot.backlog:
            return False
        settings = snapshot.settings
        for view in self.views.values():
            view.set_first_weekday(settings.balance.first_weekday)
            view.set_channel_colors(snapshot.channel_colors)
        view = self.current_view()
        start, end = view.visible_range()
        if start < snapshot.start or end > snapshot.end:
            return False
        period = self.current_period()
        view.set_posts([p for p in snapshot.posts if p.date and start <= p.date <= end])
        shown = [p for p in snapshot.posts if p.date and period.start <= p.date <= period.end]
        report = analyze(shown, period, settings.balance, backlog=snapshot.backlog)
        self.meter.set_report(report, show_weeks=self.view_mode() == MONTH)
        self._plan_name = settings.name
        suffix = tr(" (read-only)") if readonly_reason else ""
        self.setWindowTitle(f"{settings.name}{suffix} — LM Planner")
        self.plan_banner.set_text(readonly_reason)
        self._show_period_label()
        for action in self.commands.plan_actions():
            action.setEnabled(True)
        self.commands.new_post.setEnabled(not readonly_reason)
        return True


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
